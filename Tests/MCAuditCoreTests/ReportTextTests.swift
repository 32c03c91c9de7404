import Testing
@testable import MCAuditCore

/// The text of reports: escaping for each format, and the source lines of snippets.
@Suite struct ReportTextTests {
  @Test func xmlEscapesMarkupAndControlCharacters() {
    #expect(XMLText.escape("plain: é, € and 😀") == "plain: é, € and 😀")
    #expect(XMLText.escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;")
    #expect(XMLText.escape("line\r\nnext\tend") == "line&#13;&#10;next&#9;end")
    #expect(XMLText.escape("nul\u{0}bell\u{7}é<") == "nul?bell?é&lt;")
    #expect(XMLText.escape("") == "")
  }

  /// Markdown cells are one line with pipes escaped; HTML text is escaped. Texts without anything
  /// to change come back as they are (the fast path), the others as the Character walk made them.
  @Test func markdownCellsAndHTMLText() {
    #expect(MarkdownReporter.cell("plain text — é") == "plain text — é")
    #expect(MarkdownReporter.cell("a | b\n\nc\n") == "a \\| b c")
    #expect(MarkdownReporter.cell("\nline\r\nnext") == "line\r\nnext")
    #expect(HTMLReporter.e("a < b & \"c\"") == "a &lt; b &amp; &quot;c&quot;")
    #expect(HTMLReporter.e("two\nlines\r\n") == "two<br>lines&#13;<br>")
    #expect("snake_case_name".replacingAll("_", with: " ") == "snake case name")
    #expect("no target".replacingAll("_", with: " ") == "no target")
  }

  @Test func workflowCommandsEscapeTheirSeparators() {
    #expect(GitHubReporter.data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b")
    #expect(GitHubReporter.property("c:/dir,1%\n") == "c%3A/dir%2C1%25%0A")
    #expect(GitHubReporter.property("ÉCOLE—€") == "ÉCOLE—€")
  }

  /// The line look-up of snippets, asked in any order, answers as a scan from the start would.
  @Test func linesAnswerInAnyOrder() {
    func reference(_ bytes: [UInt8], _ n: Int) -> String? {
      guard n >= 1 else { return nil }
      let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      guard lines.count >= n else { return nil }
      let line = lines[n - 1].prefix { $0 != 0x0D }
      return String(decoding: line, as: UTF8.self)
    }
    let texts = ["", "a", "a\n", "a\nb", "a\r\nb\r\n\nd\u{0}e\n", "\n\n", "é\nü\n€"]
    for text in texts {
      let source = SourceText(path: "t", text: text)
      var lines = SourceText.Lines(source)
      for n in [1, 2, 3, 2, 5, 0, 4, 1, 6, 3] {
        #expect(lines.line(n) == reference(Array(text.utf8), n), "\(text.debugDescription) line \(n)")
        #expect(source.line(n) == reference(Array(text.utf8), n))
      }
    }
  }

  /// Snippets as compilers show them: the caret keeps the line's tabs, a long line is cut after
  /// 160 characters (not bytes, not scalars), control characters are shown as pictures.
  @Test func snippetsCutLongLinesAndKeepTabs() {
    func render(_ text: String, _ line: Int, _ column: Int, _ message: String = "m") -> String {
      DiagnosticRenderer.render(Diagnostic(at: SourceLocation(file: "f", line: line, column: column), message),
                                source: SourceText(path: "f", text: text))
    }
    #expect(render("\tab: c\n", 1, 4) == "f:1:4: error: m\n\tab: c\n\t  ^")
    let long = String(repeating: "x", count: 200)
    #expect(render(long, 1, 170) == "f:1:170: error: m\n" + String(repeating: "x", count: 160) + "…\n"
      + String(repeating: " ", count: 161) + "^")
    // 100 characters of two scalars each are not cut; 170 are, after 160 characters.
    let accented = String(repeating: "e\u{301}", count: 100)
    #expect(render(accented, 1, 3) == "f:1:3: error: m\n\(accented)\n  ^")
    let longer = String(repeating: "e\u{301}", count: 170)
    #expect(render(longer, 1, 1) == "f:1:1: error: m\n" + String(repeating: "e\u{301}", count: 160) + "…\n^")
    #expect(render("id: x\u{0}y\n", 1, 5, "bad \u{1B}[31m") == "f:1:5: error: bad \u{241B}[31m\nid: x\u{2400}y\n    ^")
    #expect(render("a\n", 3, 1) == "f:3:1: error: m")
    #expect(DiagnosticRenderer.snippet(line: 1, column: 2, in: SourceText(path: "f", text: "ab\n")) == "ab\n ^")
    #expect(DiagnosticRenderer.snippet(line: 2, column: 2, in: SourceText(path: "f", text: "ab")) == nil)
  }
}
