import Testing
@testable import MCAuditCore

@Suite struct ReportEscapingTests {
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
}
