/// Text made safe to print on a terminal: control characters become their visible Unicode
/// "control pictures" (NUL `␀`, ESC `␛`, line feed `␊`, DEL `␡`), one character for one, so
/// that a caret under a column still lines up.
///
/// Course values (a double-quoted YAML scalar may hold `\e` or `\0`) and the lines of a binary
/// file reach messages and snippets; printed raw they could drive the terminal (escape sequences)
/// or break the one-line-per-diagnostic layout. Tabs stay, for caret alignment. The JSON, XML and
/// other formats escape such characters in their own syntax instead.
public enum TerminalText {
  /// `s` with its control characters as pictures: for messages the command line composes from
  /// what a user typed (a pack id, a path), which are not diagnostics.
  public static func visible(_ s: String) -> String {
    var out = ByteBuffer(capacity: s.utf8.count)
    append(s, to: &out)
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  /// Appends the bytes of `s`, its control characters as pictures.
  static func append(_ s: String, to out: inout ByteBuffer) {
    s.withUTF8Bytes { bytes in
      guard hasControls(bytes) else { return out.append(bytes) }
      var clean = 0
      for i in bytes.indices where isControl(bytes[i]) {
        out.append(UnsafeBufferPointer(rebasing: bytes[clean..<i]))
        // U+2400 + c (U+2421 for DEL) in UTF-8: E2 90 80+c.
        let picture: UInt8 = bytes[i] == 0x7F ? 0xA1 : 0x80 + bytes[i]
        out.append(0xE2); out.append(0x90); out.append(picture)
        clean = i + 1
      }
      out.append(UnsafeBufferPointer(rebasing: bytes[clean...]))
    }
  }

  @inline(__always)
  private static func isControl(_ b: UInt8) -> Bool { (b < 0x20 && b != 0x09) || b == 0x7F }

  private static func hasControls(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes where isControl(b) { return true }
    return false
  }
}
