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
      return String(decoding: line.map { $0 == 0 ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
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
}
