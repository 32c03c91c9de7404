import Testing
@testable import MCAuditCore

@Suite struct CourseReaderTests {
  let reader = Fixtures.builtIn.reader

  /// A course with every kind of value, mistakes included: unknown fields with subtrees, wrong
  /// types for objects and lists, nulls, shorthand outcomes, a bad enum value.
  let text = """
    format: mcaudit/course@1
    id: c1
    title: Reading
    provider: {name: Uni, country: IT, extra: {deep: [1, 2]}}
    workload: [3]
    languages: en
    learning_outcomes:
      - Design a tender
      - {text: Evaluate bids, esco: [not a uri]}
      - ~
      - [nested]
    themes: [sustainability, nope]
    level: ~
    """

  @Test func eventsAndTreeGiveTheSameCourse() throws {
    let bytes = Array(text.utf8)
    let streamed = try #require(try reader.read(bytes, file: "c.yaml").first?.course)
    let tree = try #require(try YAMLParser.parse(bytes).first)
    let replayed = reader.read(tree, file: "c.yaml")
    #expect(streamed.data == replayed.data)
    #expect(streamed.schemaFindings == replayed.schemaFindings)
    #expect(!streamed.schemaFindings.isEmpty)
    for path in ["provider.country", "workload.ects", "learning_outcomes[1].text", "learning_outcomes[3]", "level.eqf", "nope"] {
      let p = FieldPath(path.split(separator: ".").flatMap(Self.components))
      #expect(streamed.location(of: p) == replayed.location(of: p), "\(path)")
    }
  }

  /// A course's known fields are checked for repeats by the reader, everything else by the
  /// parser: both give the same error, at the repeat, naming the first.
  @Test func repeatedKeysAreFoundByTheReaderAndTheParser() {
    func error(_ body: String) -> YAMLError? {
      do {
        _ = try reader.read(Array(("format: mcaudit/course@1\nid: c\n" + body).utf8), file: "c.yaml")
        return nil
      } catch {
        return error
      }
    }
    #expect(error("title: a\ntitle: b\n")?.kind == .duplicateKey("title", first: YAMLMark(line: 3, column: 1)))
    #expect(error("provider: {country: IT, legal_name: U, country: ES}\n")?.kind
              == .duplicateKey("country", first: YAMLMark(line: 3, column: 12)))
    #expect(error("learning_outcomes:\n  - {text: a}\n  - {text: b, text: c}\n")?.kind
              == .duplicateKey("text", first: YAMLMark(line: 5, column: 6)))
    #expect(error("extra: {x: 1, x: 2}\n")?.kind == .duplicateKey("x", first: YAMLMark(line: 3, column: 9)))
    #expect(error("extra: 1\nextra: 2\n")?.kind == .duplicateKey("extra", first: YAMLMark(line: 3, column: 1)))
    #expect(error("workload: [{ects: 1, ects: 2}]\n")?.kind == .duplicateKey("ects", first: YAMLMark(line: 3, column: 13)))
    // The same key in different objects, and in an object and its child, is no repeat.
    #expect(error("learning_outcomes:\n  - {text: a}\n  - {text: b}\nprovider: {country: IT, legal_name: U}\n") == nil)
  }

  @Test func locationsFollowTheFile() throws {
    let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
    func at(_ path: String) -> String {
      let l = course.location(of: FieldPath(path.split(separator: ".").flatMap(Self.components)))
      return "\(l.line):\(l.column)"
    }
    #expect(at("provider.country") == "4:32")       // a present value: the value
    #expect(at("provider.homepage") == "4:1")       // missing: the parent's key
    #expect(at("level.eqf") == "13:1")              // a null parent: its key
    #expect(at("learning_outcomes[1].text") == "9:12")
    #expect(at("learning_outcomes[7]") == "7:1")    // out of range: the list's key
    #expect(at("workload.ects") == "5:1")           // a list where a mapping belongs
    #expect(at("") == "1:1")
  }

  @Test func itemsOfLongListsAreFoundByIndex() throws {
    // Items with and without subtrees, a null and a wrongly typed one, so that the search lands
    // inside subtrees and on entries without one.
    var text = "format: mcaudit/course@1\nlearning_outcomes:\n"
    for i in 0..<5_000 {
      switch i % 4 {
      case 0: text += "  - Outcome \(i)\n"
      case 1: text += "  - {text: Outcome \(i), esco: [\"https://e.eu/\(i)\"]}\n"
      case 2: text += "  - ~\n"
      default: text += "  - [wrong, \(i)]\n"
      }
    }
    let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
    for i in [0, 1, 2, 3, 1_234, 4_097, 4_998, 4_999] {
      let l = course.location(of: FieldPath([.key("learning_outcomes"), .index(i)]))
      #expect(l.line == 3 + i && l.column == 5, "item \(i)")
    }
    #expect(course.location(of: FieldPath([.key("learning_outcomes"), .index(5_000)])).line == 2)
    #expect(course.location(of: FieldPath([.key("learning_outcomes"), .index(1), .key("text")])).column == 12)
  }

  @Test func nonCourseDocumentsKeepTheirFormat() throws {
    let docs = try reader.read(Array("format: other/thing@1\nid: x\n---\n[1]\n".utf8), file: "p.yaml")
    #expect(docs.count == 2)
    #expect(docs[0].format?.text == "other/thing@1")
    #expect(docs[0].format?.mark == YAMLMark(line: 1, column: 9))
    #expect(docs[1].format == nil)
    #expect(docs[1].mark == YAMLMark(line: 4, column: 1))
  }

  /// Another mcaudit file (a report, a pack) is read up to its format and no further: what follows,
  /// a syntax error or a limit, is never reached.
  @Test func anotherMcauditFormatIsReadNoFurther() throws {
    let text = "format: mcaudit/report@1\ncourses: [" + String(repeating: "{a: 1}, ", count: 100) + "\n  - broken: [\n"
    let docs = try reader.read(Array(text.utf8), file: "r.json", limits: YAMLLimits(maxNodes: 50))
    #expect(docs.count == 1)
    #expect(docs[0].format?.text == "mcaudit/report@1")
    // A course, or a course format this version does not read, is read whole.
    #expect(throws: YAMLError.self) { try reader.read(Array(text.replacingOccurrences(of: "report@1", with: "course@2").utf8), file: "c.yaml") }
  }

  /// A `.json` file goes through the YAML parser, but its syntax errors and an empty document say
  /// JSON, so that a JSON author does not look for YAML in the file.
  @Test func aJSONFileSaysJSON() throws {
    let text = Array("{\"format\": \"mcaudit/course@1\", \"id\": \"c\"\n \"title\": \"T\"}\n".utf8)
    #expect(throws: YAMLError(.syntax, at: YAMLMark(line: 2, column: 2), "malformed JSON: did not find expected ',' or '}'",
                              context: ("while parsing a flow mapping", YAMLMark(line: 1, column: 1)))) {
      try reader.read(text, file: "catalogue/Course.JSON")
    }
    #expect(throws: YAMLError(.syntax, at: YAMLMark(line: 2, column: 2), "malformed YAML: did not find expected ',' or '}'",
                              context: ("while parsing a flow mapping", YAMLMark(line: 1, column: 1)))) {
      try reader.read(text, file: "course.yaml")
    }
    #expect(throws: YAMLError(.empty, at: .start, "the file has no JSON document (only comments or blanks)")) {
      try reader.read(Array("\n  \n".utf8), file: "c.json")
    }
    // So do the configuration files (a baseline is JSON), all opened one way.
    let baseline = ConfigurationFile.open(SourceText(path: "baseline.json", text: "{\"format\": \"mcaudit/baseline@1\",,}"),
                                          limits: YAMLLimits(), what: "the baseline", format: nil)
    guard case .failure(let e) = baseline else { Issue.record("expected an error"); return }
    #expect(e.diagnostics.map(\.message) == ["malformed JSON: did not find expected node content"])
  }

  /// A YAML 1.2 boolean where a string or an enum value is expected is a type error with the fix
  /// to quote it; quoted, or spelled otherwise (`yes`, `tRue`), it is a string.
  @Test func booleansAreNotStrings() throws {
    func findings(_ title: String, _ mode: String) throws -> [String] {
      let text = "format: mcaudit/course@1\nid: c\ntitle: \(title)\nparticipation: {mode: \(mode)}\n"
      let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
      return course.schemaFindings.map { "\($0.rule) \($0.path) \($0.fix ?? "")" }
    }
    #expect(try findings("true", "FALSE") == [
      "SCHEMA-TYPE title Quote the value: '\"true\"'",
      "SCHEMA-TYPE participation.mode Write 'participation.mode' as one of the values of 'mode' ('mcaudit schema' shows each field's type)",
    ])
    #expect(try findings("True", "online") == ["SCHEMA-TYPE title Quote the value: '\"True\"'"])
    #expect(try findings("\"true\"", "online").isEmpty)
    #expect(try findings("yes", "online").isEmpty)
    #expect(try findings("tRue", "online").isEmpty)
  }

  /// A quoted number where a number is expected is fixed by unquoting it; a quoted word is not.
  @Test func unquotingIsSuggestedOnlyForQuotedNumbers() throws {
    func fix(_ ects: String) throws -> String? {
      let text = "format: mcaudit/course@1\nid: c\nworkload: {ects: \(ects)}\n"
      let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
      return course.schemaFindings.first?.fix
    }
    #expect(try fix("\"3\"") == "Remove the quotes")
    #expect(try fix("'2.5'") == "Remove the quotes")
    #expect(try fix("\"three\"") == "Write 'workload.ects' as a number ('mcaudit schema' shows each field's type)")
    #expect(try fix("\"inf\"") == "Write 'workload.ects' as a number ('mcaudit schema' shows each field's type)")
  }

  /// A number where a string is expected is taken as written, not as the number it reads as
  /// (`12.10` stays `12.10`): SDG targets, competence codes and register ids are often unquoted.
  @Test func numbersInStringFieldsKeepTheirText() throws {
    let text = "format: mcaudit/course@1\nid: 2024\nsustainability: {sdgs: [4.7, 12.10, 0x1F]}\n"
    let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
    #expect(course.schemaFindings.isEmpty)
    #expect(course.id == "2024")
    let vocabulary = reader.vocabulary
    guard case .object(let sustainability) = course.data.fields[try #require(vocabulary.root.slot(of: "sustainability"))] else {
      Issue.record("no sustainability object")
      return
    }
    let slot = try #require(vocabulary.objects[sustainability.type].slot(of: "sdgs"))
    #expect(sustainability.fields[slot] == .list([.string("4.7"), .string("12.10"), .string("0x1F")]))
  }

  /// A boolean field takes every core-schema spelling of true and false, and nothing else.
  @Test func booleanFieldsTakeTheCoreSpellings() throws {
    func isHEI(_ written: String) throws -> (Value, [String]) {
      let text = "format: mcaudit/course@1\nid: c\nprovider: {is_hei: \(written)}\n"
      let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
      let vocabulary = reader.vocabulary
      guard case .object(let provider) = course.data.fields[try #require(vocabulary.root.slot(of: "provider"))] else {
        Issue.record("no provider")
        return (.missing, [])
      }
      let slot = try #require(vocabulary.objects[provider.type].slot(of: "is_hei"))
      return (provider.fields[slot], course.schemaFindings.map(\.rule))
    }
    for t in ["true", "True", "TRUE"] { #expect(try isHEI(t) == (.bool(true), []), "\(t)") }
    for f in ["false", "False", "FALSE"] { #expect(try isHEI(f) == (.bool(false), []), "\(f)") }
    for wrong in ["\"true\"", "yes", "tRue", "1", "!!str true"] {
      #expect(try isHEI(wrong) == (.missing, ["SCHEMA-TYPE"]), "\(wrong)")
    }
    #expect(try isHEI("~") == (.missing, []))
  }

  @Test func keyTablesMatchBytesExactly() {
    let names = ["", "a", "ab", "title", "learning_outcomes", "é", "e\u{301}"] + (0..<100).map { "k\($0)" }
    let table = KeyTable(names)
    for (i, name) in names.enumerated() { #expect(table.index(of: name) == i) }
    #expect(table.index(of: "titl") == nil)
    #expect(table.index(of: "k100") == nil)
    #expect(table.index(of: "learning_outcomes ") == nil)
    // Canonically equivalent spellings are different keys, as YAML has them.
    #expect(table.index(of: "\u{e9}") == 5 && table.index(of: "e\u{301}") == 6)
    #expect(KeyTable([String]()).index(of: "x") == nil)
  }

  private static func components(_ part: Substring) -> [FieldPath.Component] {
    guard let bracket = part.firstIndex(of: "[") else { return part.isEmpty ? [] : [.key(String(part))] }
    let index = Int(part[part.index(after: bracket)..<part.index(before: part.endIndex)])!
    return [.key(String(part[..<bracket])), .index(index)]
  }
}

extension CourseReaderTests {
  /// Schema findings name the field they concern, through objects, lists, shorthand values,
  /// unknown keys and missing required fields.
  @Test func schemaFindingPaths() throws {
    let text = """
      format: mcaudit/course@1
      provider: {name: Uni, country: IT, extra: {deep: [1, 2]}}
      learning_outcomes:
        - Design a tender
        - true
        - {text: Evaluate bids, esco: [https://esco.example/1, not a uri]}
      assessment:
        - {type: exam, summative: yes}
        - {type: quiz, surprise: 1}
      themes: [sustainability, nope]
      """
    let course = try #require(try reader.read(Array(text.utf8), file: "c.yaml").first?.course)
    #expect(course.schemaFindings.map { "\($0.rule) \($0.path)" } == [
      "SCHEMA-UNKNOWN-FIELD provider.name", "SCHEMA-UNKNOWN-FIELD provider.extra", "SCHEMA-TYPE learning_outcomes[1].text",
      "SCHEMA-FORMAT learning_outcomes[2].esco[1]", "SCHEMA-ENUM assessment[0].type",
      "SCHEMA-TYPE assessment[0].summative", "SCHEMA-UNKNOWN-FIELD assessment[1].surprise",
      "SCHEMA-ENUM themes[1]", "SCHEMA-REQUIRED id",
    ])
  }
}

extension CourseReaderTests {
  /// A value outside an enumeration lists the allowed values up to 20 of them (the 16 elements a
  /// certificate can show); a longer list, as packs can make one, is referred to `mcaudit schema`.
  @Test func anUnknownEnumValueShowsWhatIsAllowed() throws {
    let text = "format: mcaudit/course@1\nid: c\ncertificate: {shows: [quality_assurance]}\ncredential_type: diploma\n"
    let rule = """
        - id: TP-ANY
          title: Any
          severity: info
          source: guide
          section: s. 1
          assert: has(id)
          message: no id
          examples: {pass: [{id: a}], fail: [{title: t}]}
      """
    let extra = "fields:\n  credential_type: {add_values: [\((1...20).map { "type_\($0)" }.joined(separator: ", "))]}"
    let frameworks = Fixtures.frameworks(["tp.yaml": Fixtures.pack(extra: extra, rules: rule)])
    #expect(frameworks.problems.isEmpty, "\(frameworks.problems)")
    let course = try #require(try frameworks.reader.read(Array(text.utf8), file: "c.yaml").first?.course)
    let messages = course.schemaFindings.filter { $0.rule == "SCHEMA-ENUM" }.map(\.message)
    #expect(messages.count == 2)
    #expect(messages.first?.hasPrefix("'quality_assurance' is not a known value of 'certificate.shows[0]'; allowed: learner_identification, ") == true)
    #expect(messages.first?.contains(", qa_type, ") == true)
    #expect(messages.last == "'diploma' is not a known value of 'credential_type'; 'mcaudit schema' lists its 21 values")
  }
}

extension CourseReaderTests {
  /// A value that a mechanical repair would make valid gets it as a did-you-mean and a fix; one
  /// that no repair makes valid, or that would be mangled (letters beyond ASCII in a slug), none.
  @Test func aMisformattedValueSuggestsTheRepair() throws {
    let text = """
      format: mcaudit/course@1
      id: "Bad Id (2026)"
      languages: [en_GB, xx_yy_zz_1234567890]
      provider: {country: gb}
      partners: [{country: Belgium}]
      further_information: www.example.org/c
      learning_outcomes: [{text: a, esco: [not a uri]}]
      ---
      format: mcaudit/course@1
      id: Gestión pública
      """
    let documents = try reader.read(Array(text.utf8), file: "c.yaml")
    let findings = documents.flatMap { $0.course.schemaFindings.filter { $0.rule == "SCHEMA-FORMAT" } }
    #expect(findings.map { "\($0.path): \($0.message.split(separator: ";").dropFirst().first ?? "-") | \($0.fix ?? "-")" } == [
      "id:  did you mean 'bad-id-2026'? | Write 'bad-id-2026'",
      "languages[0]:  did you mean 'en-GB'? | Write 'en-GB'",
      "languages[1]: - | Write a BCP 47 language tag such as 'en' or 'nl-BE'",
      "provider.country:  did you mean 'GB'? | Write 'GB'",
      "partners[0].country: - | Write an ISO 3166-1 alpha-2 country code such as 'IT'",
      "further_information:  did you mean 'https://www.example.org/c'? | Write 'https://www.example.org/c'",
      "learning_outcomes[0].esco[0]: - | Write an absolute URI such as 'https://…'",
      "id: - | Write a slug of lower-case letters, digits, '-', '_' and '.'",
    ])
  }
}

@Suite struct NumberRangeTests {
  /// Numbers beyond a double (YAML or JSON `1e400`) are told apart from the spelled `.inf` and
  /// `.nan`, and none of them becomes a value.
  @Test func numbersADoubleCannotHoldAreNamed() throws {
    let text = "format: mcaudit/course@1\nworkload: {ects: 1e400, notional_hours: .inf}\nlevel: {eqf: .nan}\n"
    let course = try #require(try Fixtures.builtIn.reader.read(Array(text.utf8), file: "c.yaml").first?.course)
    let messages = course.schemaFindings.filter { $0.rule == "SCHEMA-TYPE" }.map(\.message)
    #expect(messages == [
      "'workload.ects' must be a finite number, found '1e400', which is too large to represent",
      "'workload.notional_hours' must be a number, found infinity",
      "'level.eqf' must be a whole number, found not-a-number (.nan)",
    ])
  }
}
