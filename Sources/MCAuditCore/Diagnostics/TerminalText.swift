/// Text made safe to print on a terminal: control characters become their visible Unicode
/// "control pictures" (NUL `␀`, ESC `␛`, line feed `␊`, DEL `␡`), one character for one, so
/// that a caret under a column still lines up.
///
/// Course values (a double-quoted YAML scalar may hold `\e` or `\0`) and the lines of a binary
/// file reach messages and snippets; printed raw they could drive the terminal (escape sequences)
/// or break the one-line-per-diagnostic layout. Tabs stay, for caret alignment. The JSON, XML and
/// other formats escape such characters in their own syntax instead.
enum TerminalText {
  static func visible(_ s: String) -> String {
    ASCIIEscaping.escape(s) { b in
      switch b {
      case UInt8(ascii: "\t"): nil
      case ..<0x20: pictures[Int(b)]
      case 0x7F: "\u{2421}"
      default: nil
      }
    }
  }

  /// U+2400 ... U+241F, the pictures of the C0 controls.
  private static let pictures: [StaticString] = [
    "\u{2400}", "\u{2401}", "\u{2402}", "\u{2403}", "\u{2404}", "\u{2405}", "\u{2406}", "\u{2407}",
    "\u{2408}", "\u{2409}", "\u{240A}", "\u{240B}", "\u{240C}", "\u{240D}", "\u{240E}", "\u{240F}",
    "\u{2410}", "\u{2411}", "\u{2412}", "\u{2413}", "\u{2414}", "\u{2415}", "\u{2416}", "\u{2417}",
    "\u{2418}", "\u{2419}", "\u{241A}", "\u{241B}", "\u{241C}", "\u{241D}", "\u{241E}", "\u{241F}",
  ]
}
