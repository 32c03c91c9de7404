/// Renders diagnostics and findings the way compilers do: `file:line:col: severity: message`,
/// then the source line and a caret under the column. Control characters are shown as visible
/// symbols (``TerminalText``): rendered text goes to terminals.
///
/// Text is written as bytes into a ``ByteBuffer``: the text report renders every finding of a
/// catalogue here, and building it from interpolated Strings cost ten times the JSON report.
public enum DiagnosticRenderer {
  /// The full text of a diagnostic, with snippet when the source is at hand.
  public static func render(_ d: Diagnostic, source: SourceText?) -> String {
    var lines = source.map(SourceText.Lines.init)
    return render(d, lines: &lines)
  }

  /// The full text of a diagnostic, its snippet taken from `lines`: a reporter renders a file's
  /// diagnostics in order of position through one ``SourceText/Lines``.
  public static func render(_ d: Diagnostic, lines: inout SourceText.Lines?) -> String {
    var out = ByteBuffer(capacity: 256)
    write(d.location, d.severity, d.message, notes: d.notes, lines: &lines, into: &out)
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  /// Writes `file:line:col: severity: message [rule]`, the snippet and the notes (no final line
  /// break).
  static func write(_ location: SourceLocation, _ severity: Severity, _ message: String, rule: String? = nil,
                    notes: [String] = [], lines: inout SourceText.Lines?, into out: inout ByteBuffer) {
    TerminalText.append(location.file, to: &out)
    if location.line > 0 {
      out.append(0x3A); out.append(decimal: location.line)
      out.append(0x3A); out.append(decimal: location.column)
    }
    out.append(0x3A); out.append(0x20)
    out.append(severity.rawValue)
    out.append(0x3A); out.append(0x20)
    TerminalText.append(message, to: &out)
    if let rule {
      out.append(" [")
      out.append(rule)
      out.append(0x5D)
    }
    if lines != nil {
      writeSnippet(line: location.line, column: location.column, lines: &lines!, into: &out)
    }
    for note in notes {
      out.append("\n  note: ")
      TerminalText.append(note, to: &out)
    }
  }

  /// The source line and a caret line, or nil when the line does not exist.
  public static func snippet(line: Int, column: Int, in source: SourceText) -> String? {
    var lines = SourceText.Lines(source)
    var out = ByteBuffer(capacity: 256)
    writeSnippet(line: line, column: column, lines: &lines, into: &out)
    guard out.count > 0 else { return nil }
    return out.withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0.dropFirst()), as: UTF8.self) }
  }

  /// Writes a line break, the source line and a caret line; nothing when the line does not exist.
  /// A line is cut after 160 characters.
  static func writeSnippet(line: Int, column: Int, lines: inout SourceText.Lines, into out: inout ByteBuffer) {
    guard line > 0, var text = lines.line(line) else { return }
    // A byte order mark is not part of the first line as libyaml counts its columns, and some
    // terminals draw it.
    if line == 1, text.withUTF8Bytes({ $0.byteOrderMarkLength }) > 0 { text.unicodeScalars.removeFirst() }
    // More than 160 scalars is the only case where there can be more than 160 characters.
    if text.scalarCount > 160, text.count > 160 { text = String(text.prefix(160)) + "…" }
    out.append(0x0A)
    TerminalText.append(text, to: &out)
    out.append(0x0A)
    // Under each scalar before the column a space; tabs are kept so the caret lines up under them
    // in a terminal (a control picture stands for one scalar, as its control did).
    text.withUTF8Bytes { bytes in
      var scalars = 0
      for b in bytes where b & 0xC0 != 0x80 {
        guard scalars < column - 1 else { break }
        out.append(b == 0x09 ? 0x09 : 0x20)
        scalars += 1
      }
    }
    out.append(0x5E)
  }
}
