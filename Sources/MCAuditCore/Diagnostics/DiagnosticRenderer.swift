/// Renders diagnostics and findings the way compilers do: `file:line:col: severity: message`,
/// then the source line and a caret under the column. Control characters are shown as visible
/// symbols (``TerminalText``): rendered text goes to terminals.
public enum DiagnosticRenderer {
  /// The full text of a diagnostic, with snippet when the source is at hand.
  public static func render(_ d: Diagnostic, source: SourceText?) -> String {
    var lines = source.map(SourceText.Lines.init)
    return render(d, lines: &lines)
  }

  /// The full text of a diagnostic, its snippet taken from `lines`: a reporter renders a file's
  /// diagnostics in order of position through one ``SourceText/Lines``.
  public static func render(_ d: Diagnostic, lines: inout SourceText.Lines?) -> String {
    var out = TerminalText.visible(d.description)
    if lines != nil, let snippet = snippet(line: d.location.line, column: d.location.column, lines: &lines!) {
      out += "\n" + snippet
    }
    for note in d.notes { out += "\n  note: " + TerminalText.visible(note) }
    return out
  }

  /// The source line and a caret line, or nil when the line does not exist.
  public static func snippet(line: Int, column: Int, in source: SourceText) -> String? {
    var lines = SourceText.Lines(source)
    return snippet(line: line, column: column, lines: &lines)
  }

  static func snippet(line: Int, column: Int, lines: inout SourceText.Lines) -> String? {
    guard line > 0, let text = lines.line(line) else { return nil }
    let shown = TerminalText.visible(text.count > 160 ? String(text.prefix(160)) + "…" : text)
    // Tabs are kept so the caret lines up under them in a terminal.
    var caret = ""
    for (i, ch) in shown.unicodeScalars.enumerated() where i < column - 1 {
      caret.unicodeScalars.append(ch == "\t" ? "\t" : " ")
    }
    return shown + "\n" + caret + "^"
  }
}
