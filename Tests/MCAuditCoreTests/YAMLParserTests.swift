import Testing
@testable import MCAuditCore

@Suite struct YAMLParserTests {
  func parse(_ text: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> YAMLNode {
    try YAMLParser.parse(Array(text.utf8), limits: limits)[0]
  }

  func error(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLError? {
    do { _ = try YAMLParser.parse(Array(text.utf8), limits: limits) } catch { return error }
    return nil
  }

  @Test func nodesKnowTheirOneBasedPositions() throws {
    let root = try parse("a: 1\nb:\n  c: [x, y]\n")
    #expect(root.mark == YAMLMark(line: 1, column: 1))
    #expect(root["a"]?.mark == YAMLMark(line: 1, column: 4))
    let c = try #require(root["b"]?["c"])
    #expect(c.mark == YAMLMark(line: 3, column: 6))
    #expect(c.sequence?[1].mark == YAMLMark(line: 3, column: 10))
    #expect(root.mapping?[1].keyMark == YAMLMark(line: 2, column: 1))
  }

  @Test(arguments: ["NO", "yes", "no", "on", "off", "Yes", "y"])
  func onlyTrueAndFalseAreBooleans(_ word: String) throws {
    #expect(try parse("v: \(word)")["v"]?.scalar?.resolved == .string(word))
  }

  @Test func coreSchemaScalars() throws {
    let root = try parse("a: true\nb: False\nc: 12\nd: 2.5\ne: ~\nf: '12'\ng: 0x1F\nh: 1e3\ni: 4.7.1\nj: !!str 3")
    #expect(root["a"]?.scalar?.resolved == .bool(true))
    #expect(root["b"]?.scalar?.resolved == .bool(false))
    #expect(root["c"]?.scalar?.resolved == .int(12))
    #expect(root["d"]?.scalar?.resolved == .float(2.5))
    #expect(root["e"]?.scalar?.resolved == .null)
    #expect(root["f"]?.scalar?.resolved == .string("12"))
    #expect(root["g"]?.scalar?.resolved == .int(31))
    #expect(root["h"]?.scalar?.resolved == .float(1000))
    #expect(root["i"]?.scalar?.resolved == .string("4.7.1"))
    #expect(root["j"]?.scalar?.resolved == .string("3"))
  }

  @Test func duplicateKeysAreErrors() {
    let e = error("a: 1\nb: 2\na: 3\n")
    #expect(e?.kind == .duplicateKey("a", first: YAMLMark(line: 1, column: 1)))
    #expect(e?.mark == YAMLMark(line: 3, column: 1))
  }

  @Test func duplicateKeysInLargeMappingsAreFound() {
    let text = (0..<200).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk150: again\n"
    #expect(error(text)?.kind == .duplicateKey("k150", first: YAMLMark(line: 151, column: 1)))
  }

  @Test func duplicateKeysAroundALargeNestedMappingAreFound() throws {
    // The outer mapping's index survives a nested indexed mapping (both are wider than the 64
    // keys checked by a linear scan); equal keys at different levels are not duplicates.
    let inner = (0..<100).map { "  k\($0): \($0)" }.joined(separator: "\n")
    let outer = (0..<80).map { "k\($0): \($0)" }.joined(separator: "\n")
    let valid = outer + "\nnested:\n" + inner + "\nlast: 1\n"
    #expect(try parse(valid)["nested"]?["k99"]?.scalar?.text == "99")
    #expect(error(valid + "k7: again\n")?.kind == .duplicateKey("k7", first: YAMLMark(line: 8, column: 1)))
    #expect(error(outer + "\nnested:\n" + inner + "\n  k21: again\n")?.kind
              == .duplicateKey("k21", first: YAMLMark(line: 103, column: 3)))
  }

  @Test func aliasesAreRefused() {
    let e = error("a: &x [1, 2]\nb: *x\n")
    #expect(e?.kind == .alias("x"))
    #expect(e?.mark == YAMLMark(line: 2, column: 4))
  }

  @Test func anAliasBombStopsAtTheFirstAlias() {
    var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in 1..<9 {
      let prev = String(UnicodeScalar(96 + i)!), cur = String(UnicodeScalar(97 + i)!)
      lines.append("\(cur): &\(cur) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ", ") + "]")
    }
    #expect(error(lines.joined(separator: "\n"))?.kind == .alias("a"))
  }

  @Test func depthIsLimited() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let e = error(deep)
    #expect(e?.kind == .tooDeep(limit: 64))
    #expect(e?.mark == YAMLMark(line: 1, column: 65))
    let mapping = String(repeating: "{a: ", count: 100) + "1" + String(repeating: "}", count: 100)
    #expect(error(mapping, limits: YAMLLimits(maxDepth: 10))?.kind == .tooDeep(limit: 10))
  }

  @Test func depthOverrideIsCapped() {
    #expect(YAMLLimits(maxDepth: 1_000_000).maxDepth == YAMLLimits.depthCeiling)
  }

  @Test func scalarLengthIsLimited() {
    let text = "a: " + String(repeating: "x", count: 2000)
    #expect(error(text, limits: YAMLLimits(maxScalarLength: 1000))?.kind == .scalarTooLong(length: 2000, limit: 1000))
    #expect(error(text) == nil)
  }

  @Test func nodeCountIsLimited() {
    let text = "[" + Array(repeating: "1", count: 500).joined(separator: ",") + "]"
    #expect(error(text, limits: YAMLLimits(maxNodes: 100))?.kind == .tooManyNodes(limit: 100))
  }

  @Test func unknownTagsAreRefused() {
    let e = error("a: !!python/object:os.system ls\n")
    #expect(e?.kind == .unsupportedTag("!!python/object:os.system"))
    #expect(e?.mark == YAMLMark(line: 1, column: 4))
  }

  @Test func readerErrorsAreLocated() {
    let e = try? YAMLParser.parse(Array("a: 1\nb: x\u{0}y\n".utf8))
    #expect(e == nil)
    do { _ = try YAMLParser.parse(Array("a: 1\nb: x\u{0}y\n".utf8)) } catch {
      #expect(error.kind == .reader)
      #expect(error.mark == YAMLMark(line: 2, column: 5))
    }
    do { _ = try YAMLParser.parse([0x61, 0x3A, 0x20, 0xFF, 0x0A]) } catch {
      #expect(error.kind == .reader)
      #expect(error.mark == YAMLMark(line: 1, column: 4))
    }
  }

  @Test func emptyInput() {
    #expect(error("")?.kind == .empty)
    #expect(error("# only a comment\n")?.kind == .empty)
  }

  @Test func jsonGoesThroughTheSamePath() throws {
    let root = try parse("{\"format\": \"mcaudit/course@1\", \"n\": 3, \"b\": true, \"s\": \"NO\", \"l\": [1, 2]}")
    #expect(root["n"]?.scalar?.resolved == .int(3))
    #expect(root["b"]?.scalar?.resolved == .bool(true))
    #expect(root["s"]?.scalar?.resolved == .string("NO"))
    #expect(root["l"]?.mark == YAMLMark(line: 1, column: 67))
  }

  @Test func multipleDocuments() throws {
    let docs = try YAMLParser.parse(Array("a: 1\n---\na: 2\n".utf8))
    #expect(docs.count == 2)
    #expect(docs[1]["a"]?.mark == YAMLMark(line: 3, column: 4))
  }

  @Test func malformedYAMLIsRenderedWithContextAndCaret() {
    let text = "a: 1\nb: [x, y\nc: 2\n"
    guard let e = error(text) else { Issue.record("expected an error"); return }
    let rendered = DiagnosticRenderer.render(Diagnostic(e, file: "f.yaml"), source: SourceText(path: "f.yaml", text: text))
    #expect(rendered == """
      f.yaml:3:2: error: malformed YAML: did not find expected ',' or ']'
      c: 2
       ^
        note: while parsing a flow sequence at 2:4
      """)
  }

  /// A tab where YAML wants indentation gets libyaml's message and the reason, at the tab, also
  /// after characters of several bytes on the line before it.
  @Test func aTabIndentIsExplained() throws {
    let e = try #require(error("title: Économie\nlearning_outcomes:\n\t- x\n"))
    #expect(e.message == "malformed YAML: found character that cannot start any token (a tab: YAML is indented with spaces only)")
    #expect(e.mark == YAMLMark(line: 3, column: 1))
    let other = try #require(error("a: é\nb: `x`\n"))
    #expect(other.message == "malformed YAML: found character that cannot start any token ('@' and '`' cannot start a plain value: put the value in quotes)")
  }

  /// libyaml's messages for the mistakes people make most when writing YAML by hand get a plain
  /// hint: a colon inside a value, a key out of line, a quote never closed.
  @Test func commonMistakesAreExplained() throws {
    let hints = [
      "id: c\ntitle: Procurement: a primer\n",
      "provider:\n  legal_name: X\n country: IT\n",
      "learning_outcomes:\n- text: a\n  - b\n",
      "title: \"Unclosed\nlanguages: [en]\n",
      "title: @home learning\n",
    ].map { error($0).map { "\($0.mark.line):\($0.mark.column) \($0.message)" } }
    #expect(hints == [
      "2:19 malformed YAML: mapping values are not allowed in this context (a ': ' inside a value: put the value in quotes)",
      "3:2 malformed YAML: did not find expected key (is this line indented like the other keys of its mapping?)",
      "3:3 malformed YAML: did not find expected key (is this line indented like the other keys of its mapping?)",
      "3:1 malformed YAML: found unexpected end of stream (a quoted value is not closed)",
      "1:8 malformed YAML: found character that cannot start any token ('@' and '`' cannot start a plain value: put the value in quotes)",
    ])
    // Without a clear cause, libyaml's message stands alone.
    #expect(error("a: [1, 2\n")?.message == "malformed YAML: did not find expected ',' or ']'")
  }

  /// A UTF-8 byte order mark (files saved by Windows editors) takes no column: libyaml skips it,
  /// and so do the positions of reader errors, the tab hint and the snippet's first line.
  @Test func aByteOrderMarkIsNotAColumn() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    #expect(try parse("\u{FEFF}a: 1\n")["a"]?.mark == YAMLMark(line: 1, column: 4))
    var invalid: YAMLError?
    do { _ = try YAMLParser.parse(bom + Array("id: ".utf8) + [0xFF]) } catch { invalid = error }
    #expect(invalid?.mark == YAMLMark(line: 1, column: 5))
    let tab = try #require(error("\u{FEFF}\tid: x\n"))
    #expect(tab.message.hasSuffix("(a tab: YAML is indented with spaces only)"))
    let source = SourceText(path: "f.yaml", bytes: bom + Array("id: Bad Id\n".utf8))
    #expect(DiagnosticRenderer.snippet(line: 1, column: 5, in: source) == "id: Bad Id\n    ^")
  }

  /// Control characters of values and of binary lines reach terminals as visible symbols, never
  /// raw (an escape sequence in a course value must not drive the terminal).
  @Test func controlCharactersAreRenderedVisibly() throws {
    let text = "\"a\\0b\": 1\n\"a\\0b\": 2\n"
    let e = try #require(error(text))
    let rendered = DiagnosticRenderer.render(Diagnostic(e, file: "f.yaml"), source: SourceText(path: "f.yaml", text: text))
    #expect(rendered == """
      f.yaml:2:1: error: duplicate key 'a\u{2400}b' (first at 1:1)
      "a\\0b": 2
      ^
      """)

    let binary: [UInt8] = [0x09, 0x95, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x07, 0x0A]
    var caught: YAMLError?
    do throws(YAMLError) { _ = try YAMLParser.parse(binary) } catch { caught = error }
    let b = try #require(caught)
    let shown = DiagnosticRenderer.render(Diagnostic(b, file: "b.yaml"), source: SourceText(path: "b.yaml", bytes: binary))
    let lines = shown.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 3)
    #expect(lines[1] == "\t\u{FFFD}\u{241B}[31m\u{2407}")
    #expect(lines[2] == "\t^")
    #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
  }
}
