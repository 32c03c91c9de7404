import Testing
@testable import MCAuditCore

@Suite struct ExpressionTests {
  let vocabulary = Fixtures.builtIn.vocabulary

  func compile(_ text: String, params: [String: Value] = [:]) throws(ExpressionError) -> Expression {
    var compiler = ExpressionCompiler(vocabulary: vocabulary, params: params,
                                      tables: ["t": .map(["NFQ-IE": .map(["6": .number(5)])])])
    return try PackCompiler.compileExpression(text, compiler: &compiler)
  }

  func failure(_ text: String) -> ExpressionError? {
    do { _ = try compile(text) } catch { return error }
    return nil
  }

  func eval(_ text: String, course: String) throws -> Value {
    let doc = try YAMLParser.parse(Array(("format: mcaudit/course@1\nid: x\n" + course).utf8))[0]
    let c = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml")
    #expect(c.schemaFindings.isEmpty, "\(c.schemaFindings.map(\.message))")
    var evaluator = Evaluator(course: c, today: CivilDate("2026-01-01")!)
    return evaluator.value(of: try compile(text))
  }

  /// A rule's programs copied into one run of memory (what an audit evaluates, ``RuleChecks``)
  /// give what the programs themselves give: constants, sets, regexes, macros and builtins alike.
  @Test func packedCopiesEvaluateAlike() throws {
    let doc = try YAMLParser.parse(Array("""
      format: mcaudit/course@1
      id: x
      title: Master in Data
      provider: {country: IE}
      workload: {ects: 5, notional_hours: 120}
      learning_outcomes: [Explain the data act, {text: Be able to know and evaluate risks}]
      """.utf8))[0]
    let course = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml")
    let texts = [
      "workload.ects * 25 <= workload.notional_hours && provider.country in ['IE', 'PT']",
      "title.matches('(?i)^master\\b') && !has(certificate.format)",
      "learning_outcomes.filter(o, has(o.text)).map(o, size(words(o.text)))",
      "learning_outcomes.exists(o, verb_phrases(o.text ?? '').exists(p, p in ['know', 'explain']))",
      "tables.t['NFQ-IE']['6'] + size(lower(title))",
    ]
    for text in texts {
      let expression = try compile(text)
      let program = expression.program
      let memory = UnsafeMutableRawPointer.allocate(byteCount: program.packedSize, alignment: 16)
      defer { memory.deallocate() }
      let copy = program.copy(to: memory)
      var evaluator = Evaluator(course: course, today: CivilDate("2026-01-01")!)
      evaluator.reserve(variables: expression.variableCount)
      let own = evaluator.evaluate(program.ref).value
      evaluator.reset(for: course)
      evaluator.reserve(variables: expression.variableCount)
      #expect(evaluator.evaluate(copy).value == own, "\(text)")
      #expect(own != .missing, "\(text)")
    }
  }

  @Test func parseErrorsPointAtTheToken() {
    #expect(failure("workload.ects <")?.message == "the expression ends too early")
    #expect(failure("workload.ects <")?.offset == 15)
    #expect(failure("(a")?.message == "expected ')', found 'end of expression'")
    #expect(failure("a # b")?.offset == 2)
    #expect(failure("'abc")?.message == "unterminated string")
  }

  @Test func unknownFieldsSuggestTheClosestName() {
    let e = failure("workload.ectss > 3")
    #expect(e?.message == "unknown field 'ectss' of 'workload'; did you mean 'ects'?")
    #expect(e?.offset == 9)
    #expect(failure("titel == 'x'")?.message == "unknown field 'titel' of the course; did you mean 'title'?")
  }

  @Test func typeErrorsAreReported() {
    #expect(failure("workload.ects == 'three'")?.message == "cannot compare number with string")
    #expect(failure("title && true")?.message == "'&&' needs bools, found string")
    #expect(failure("size(workload.ects)")?.message == "size() needs a string or a list, found number")
    #expect(failure("workload.ects.value")?.message == "'value': number has no fields")
    #expect(failure("learning_outcomes.text")?.message.hasPrefix("'text': list of object 'learning_outcome' has no fields") == true)
    #expect(failure("params.mn > 1") != nil)
    // Names other languages use find the builtin that no spelling distance reaches.
    #expect(failure("length(title) > 3")?.message == "unknown function 'length'; did you mean 'size'?")
    #expect(failure("title.length() > 3")?.message == "unknown method 'length'; did you mean 'size'?")
    #expect(failure("sise(title) > 3")?.message == "unknown function 'sise'; did you mean 'size'?")
  }

  @Test func enumLiteralsAreChecked() {
    let e = failure("participation.mode == 'blendd'")
    #expect(e?.message == "'blendd' is not a value of field 'mode'; did you mean 'blended'?")
    #expect(e?.offset == 22)
    #expect(failure("'procurment' in themes")?.message == "'procurment' is not a value of field 'themes'; did you mean 'procurement'?")
    #expect(failure("participation.mode in ['online', 'offline']")?.message.hasPrefix("'offline' is not a value of field 'mode'") == true)
  }

  @Test func evaluation() throws {
    let course = """
      workload: {ects: 3, notional_hours: 75}
      learning_outcomes: [Design a tender, {text: Analyse spend}]
      themes: [procurement]
      schedule: {start: 2023-05-08}
      """
    #expect(try eval("workload.notional_hours / workload.ects", course: course) == .number(25))
    #expect(try eval("learning_outcomes.all(lo, size(lo.text) > 5)", course: course) == .bool(true))
    #expect(try eval("learning_outcomes.exists(lo, lo.text.startsWith('Analyse'))", course: course) == .bool(true))
    #expect(try eval("learning_outcomes.count(lo, lo.text.matches('^D'))", course: course) == .number(1))
    #expect(try eval("'procurement' in themes", course: course) == .bool(true))
    // A bound element compared with a constant, or looked up in a set, is read in place.
    #expect(try eval("themes.exists(t, t == 'procurement')", course: course) == .bool(true))
    #expect(try eval("themes.exists(t, t != 'procurement')", course: course) == .bool(false))
    #expect(try eval("themes.count(t, t in ['sustainability', 'procurement'])", course: course) == .number(1))
    #expect(try eval("languages.exists(l, l == 'it')", course: course) == .missing)
    #expect(try eval("schedule.start < date('2024-01-01')", course: course) == .bool(true))
    #expect(try eval("months_between(schedule.start, today)", course: course) == .number(31))
    #expect(try eval("tables.t['NFQ-IE'][6]", course: course) == .number(5))
    #expect(try eval("workload.ects >= 3 ? 'big' : 'small'", course: course) == .string("big"))
  }

  @Test func missingValuesAreExplicit() throws {
    let course = "workload: {ects: 0}\n"
    #expect(try eval("level.eqf > 5", course: course) == .missing)
    #expect(try eval("has(level.eqf)", course: course) == .bool(false))
    #expect(try eval("level.eqf ?? 0", course: course) == .number(0))
    #expect(try eval("false && level.eqf > 5", course: course) == .bool(false))
    #expect(try eval("true || level.eqf > 5", course: course) == .bool(true))
    #expect(try eval("true && level.eqf > 5", course: course) == .missing)
    #expect(try eval("10 / workload.ects", course: course) == .missing)
    #expect(try eval("learning_outcomes.all(x, size(x.text) > 0)", course: course) == .missing)
    #expect(try eval("provider.country == 'IT'", course: course) == .missing)
    #expect(try eval("provider.country in ['IT', 'ES']", course: course) == .missing)
  }

  @Test func nestingIsBounded() {
    let deep = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
    #expect(failure(deep)?.message == "expression nests deeper than 64 levels")
    #expect(failure(String(repeating: "!", count: 100) + "true")?.message == "expression nests deeper than 64 levels")
  }

  /// Texts of the same length and the same first and last 16 bytes share a slot of the per-course
  /// cache of words: each still gets its own words, in any order of asking.
  @Test func wordCacheTellsApartTextsWithTheSameEnds() throws {
    let course = """
      learning_outcomes:
        - Design the tender for alpha and a public buyer team
        - Design the tender for omega and a public buyer team
      """
    let first = "words(learning_outcomes[0].text)[4]", second = "words(learning_outcomes[1].text)[4]"
    #expect(try eval("\(first) + \(second) + \(first) + verb_phrases(learning_outcomes[1].text)[1]", course: course)
              == .string("alphaomegaalphadesign the"))
  }
}

@Suite struct LexerTests {
  @Test func numbersWithExponents() throws {
    var lexer = Lexer("1e-9 + 2.5E3 - 3e")
    let kinds = try lexer.tokens().map(\.kind)
    #expect(kinds.prefix(4) == [.number(1e-9), .symbol("+"), .number(2500), .symbol("-")])
    #expect(kinds[4] == .number(3))
    #expect(kinds[5] == .identifier("e"))
  }

  @Test func longestSymbolsAndUnicodeIdentifiers() throws {
    var lexer = Lexer("a<=b&&ção_1>=2??c!=d<e\u{3000}!f")
    #expect(try lexer.tokens().map(\.kind) == [
      .identifier("a"), .symbol("<="), .identifier("b"), .symbol("&&"), .identifier("ção_1"), .symbol(">="),
      .number(2), .symbol("??"), .identifier("c"), .symbol("!="), .identifier("d"), .symbol("<"),
      .identifier("e"), .symbol("!"), .identifier("f"), .end,
    ])
    var bad = Lexer("a # b")
    #expect(throws: ExpressionError.self) { try bad.tokens() }
  }
}

@Suite struct TextFunctionTests {
  let vocabulary = Fixtures.builtIn.vocabulary

  func eval(_ text: String, outcome: String) throws -> Value {
    let doc = try YAMLParser.parse(Array("format: mcaudit/course@1\nid: x\nlearning_outcomes: [\"\(outcome)\"]\n".utf8))[0]
    let c = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml")
    var compiler = ExpressionCompiler(vocabulary: vocabulary, tables: ["verbs": .list([.string("be aware of"), .string("know")])])
    var evaluator = Evaluator(course: c, today: CivilDate(days: 0))
    return evaluator.value(of: try PackCompiler.compileExpression(text, compiler: &compiler))
  }

  @Test func wordsAndVerbPhrases() throws {
    let o = "Learners will be able to Évaluer, compare and Rank suppliers' offers"
    #expect(try eval("words(learning_outcomes[0].text)", outcome: o) == .list(
      ["learners", "will", "be", "able", "to", "évaluer", ",", "compare", "and", "rank", "suppliers'", "offers"].map(Value.string)))
    #expect(try eval("verb_phrases(learning_outcomes[0].text)", outcome: o) == .list(
      ["learners", "learners will", "learners will be", "évaluer"].map(Value.string)))
    #expect(try eval("verb_phrases(learning_outcomes[0].text).exists(p, p in tables.verbs)", outcome: "Be aware of risks") == .bool(true))
  }

  @Test func wordsOfEuropeanAndOtherScripts() throws {
    // Latin letters beyond ASCII are letters; × and ÷ separate; Greek goes through Unicode's tables.
    let o = "Ñandú Łódź Őrség 3×4÷2 Αξιολόγηση"
    #expect(try eval("words(learning_outcomes[0].text)", outcome: o) == .list(
      ["ñandú", "łódź", "őrség", "3", "4", "2", "αξιολόγηση"].map(Value.string)))
    // The verb phrases of a text reuse its words, computed once: both orders give the same lists.
    #expect(try eval("size(words(learning_outcomes[0].text)) * 10 + size(verb_phrases(learning_outcomes[0].text))", outcome: o)
              == .number(73))
    #expect(try eval("size(verb_phrases(learning_outcomes[0].text)) * 10 + size(words(learning_outcomes[0].text))", outcome: o)
              == .number(37))
  }

  @Test func sizeCountsScalarsAndTrimKnowsUnicodeSpace() throws {
    #expect(try eval("size(learning_outcomes[0].text)", outcome: "Łódź 🎓") == .number(6))
    #expect(try eval("trim(learning_outcomes[0].text)", outcome: "\u{A0}\u{3000} x y\t\u{2003}") == .string("x y"))
    #expect(try eval("trim(learning_outcomes[0].text)", outcome: "x") == .string("x"))
    #expect(try eval("size(trim(learning_outcomes[0].text))", outcome: "\u{A0} ") == .number(0))
    // Ends of one ASCII byte decide alone; any other end goes through the scalars.
    #expect(try eval("trim(learning_outcomes[0].text)", outcome: " x\t") == .string("x"))
    #expect(try eval("trim(learning_outcomes[0].text)", outcome: "x y\u{2003}") == .string("x y"))
    #expect(try eval("trim(learning_outcomes[0].text)", outcome: "é y") == .string("é y"))
  }

  @Test func lowerKeepsLowerCaseASCIIAndFoldsTheRest() throws {
    #expect(try eval("lower(learning_outcomes[0].text)", outcome: "plan a tender") == .string("plan a tender"))
    #expect(try eval("lower(learning_outcomes[0].text)", outcome: "Plan A TENDER") == .string("plan a tender"))
    #expect(try eval("lower(learning_outcomes[0].text)", outcome: "évaluer ÉLÈVES") == .string("évaluer élèves"))
  }

  @Test func listFunctionsAndBind() throws {
    let o = "Design, plan and run a tender"
    #expect(try eval("join(take(words(learning_outcomes[0].text), 2), '+')", outcome: o) == .string("design+,"))
    #expect(try eval("size(drop(words(learning_outcomes[0].text), 5))", outcome: o) == .number(2))
    #expect(try eval("index_of(words(learning_outcomes[0].text), 'and')", outcome: o) == .number(3))
    #expect(try eval("index_of(words(learning_outcomes[0].text), 'none')", outcome: o) == .number(-1))
    #expect(try eval("pairs(words(learning_outcomes[0].text)).count(p, p[0] == 'and' || p[0] == ',')", outcome: o) == .number(2))
    #expect(try eval("bind(w, words(learning_outcomes[0].text), size(w) * 2)", outcome: o) == .number(14))
  }

  /// A macro over `pairs(list)` whose body reads only `p[0]` and `p[1]` runs without building the
  /// pairs; every macro gives what it gives over the built pairs, and other bodies keep the pairs.
  @Test func macrosOverPairs() throws {
    func code(_ text: String) throws -> Code {
      var compiler = ExpressionCompiler(vocabulary: vocabulary)
      return try PackCompiler.compileExpression(text, compiler: &compiler).code
    }
    guard case .pairMacro(.exists, _, _, _) = try code("pairs(words(title)).exists(p, p[0] == 'and' && p[1] != 'x')") else {
      Issue.record("expected the pairs to be fused into the loop"); return
    }
    for unfused in ["pairs(words(title)).exists(p, size(p) == 2)", "pairs(words(title)).exists(p, p[2] == 'x')",
                    "pairs(words(title)).map(p, p)"] {
      guard case .macro = try code(unfused) else { Issue.record("\(unfused) must keep its pairs"); continue }
    }
    let o = "Design, plan and run a tender"
    let words = "words(learning_outcomes[0].text)"
    let cases: [(String, Value)] = [
      ("pairs(\(words)).filter(p, p[0] == 'and' || p[0] == ',')",
       .list([.list([.string(","), .string("plan")]), .list([.string("and"), .string("run")])])),
      ("pairs(\(words)).map(p, p[1] + p[0])",
       .list([",design", "plan,", "andplan", "runand", "arun", "tendera"].map(Value.string))),
      ("pairs(\(words)).all(p, p[0] != p[1])", .bool(true)),
      ("pairs(\(words)).exists_one(p, p[1] == 'tender')", .bool(true)),
      ("pairs(\(words)).sum(p, size(p[0]))", .number(6 + 1 + 4 + 3 + 3 + 1)),
      ("pairs(take(\(words), 1)).count(p, p[0] == p[0])", .number(0)),
      ("pairs(\(words)).filter(p, p[0] == 'run') == pairs(\(words)).filter(p, size(p) > 0 && p[0] == 'run')", .bool(true)),
    ]
    for (text, expected) in cases {
      #expect(try eval(text, outcome: o) == expected, "\(text)")
    }
  }

  @Test func membershipInAConstantListIsASetLookUp() throws {
    var compiler = ExpressionCompiler(vocabulary: vocabulary)
    let e = try PackCompiler.compileExpression("title in ['a', 'b']", compiler: &compiler)
    guard case .containsString = e.code else { Issue.record("expected a set look-up, got \(e.code)"); return }
  }
}

@Suite struct CompilationTests {
  let vocabulary = Fixtures.builtIn.vocabulary

  func compile(_ text: String) throws -> Expression {
    var compiler = ExpressionCompiler(vocabulary: vocabulary, tables: ["terms": .list([.string("ai"), .string("data")])])
    return try PackCompiler.compileExpression(text, compiler: &compiler)
  }

  @Test func loopInvariantWorkIsHoisted() throws {
    let e = try compile("tables.terms.exists(t, lower(title).contains(t))")
    guard case .bind(_, let value, .macro(_, _, _, let body)) = e.code else {
      Issue.record("expected lower(title) bound before the loop: \(e.code)")
      return
    }
    guard case .call(.lower, _) = value else { Issue.record("hoisted \(value)"); return }
    #expect(!"\(body)".contains("lower"))
  }

  /// `exists(p, p in table)` compiles to one set test over the list and answers as `exists`
  /// does: true on a match, false without one, missing when an element is not a string.
  @Test func existsInATableIsOneSetTest() throws {
    let e = try compile("languages.exists(l, l in tables.terms)")
    guard case .existsIn = e.code else { Issue.record("expected existsIn, got \(e.code)"); return }
    func eval(_ expression: String, _ course: String) throws -> Value {
      let doc = try YAMLParser.parse(Array(("format: mcaudit/course@1\nid: x\n" + course).utf8))[0]
      let c = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml")
      var evaluator = Evaluator(course: c, today: CivilDate(days: 0))
      return evaluator.value(of: try compile(expression))
    }
    let expression = "tables.terms.map(t, upper(t)).exists(p, p in ['AI', 'X'])"
    #expect(try eval(expression, "") == .bool(true))
    #expect(try eval("tables.terms.exists(p, p in ['x'])", "") == .bool(false))
    #expect(try eval("[title, 'x'].exists(p, p in ['y'])", "") == .missing)
    #expect(try eval("[title, 'x'].exists(p, p in ['x'])", "") == .bool(true))
    #expect(try eval("[title, 'x'].exists(p, p in ['y'])", "title: T\n") == .bool(false))
  }

  /// Tables and patterns nested inside the operand of another keep their own places in the
  /// compiled program.
  @Test func nestedTablesAndPatternsKeepTheirPlaces() throws {
    func eval(_ expression: String, _ course: String) throws -> Value {
      let doc = try YAMLParser.parse(Array(("format: mcaudit/course@1\nid: x\n" + course).utf8))[0]
      let c = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml")
      var evaluator = Evaluator(course: c, today: CivilDate(days: 0))
      return evaluator.value(of: try compile(expression))
    }
    #expect(try eval("(title in ['A'] ? 'p' : 'q') in ['p']", "title: A\n") == .bool(true))
    #expect(try eval("(title in ['A'] ? 'p' : 'q') in ['p']", "title: B\n") == .bool(false))
    #expect(try eval("tables.terms.filter(t, t in ['ai']).exists(t, t in ['ai'])", "") == .bool(true))
    #expect(try eval("(title.matches('^A') ? 'x' : 'y').matches('^x')", "title: A\n") == .bool(true))
  }

  /// A program's nodes name builtins, macros and operators by position, which evaluation reads
  /// back as the enum's in-memory value (``Program/builtin(_:)``): the two must agree.
  @Test func variantsAreCasePositions() {
    for (i, b) in Code.Builtin.allCases.enumerated() { #expect(Program.builtin(UInt8(i)) == b) }
    for (i, m) in Code.Macro.allCases.enumerated() { #expect(Program.macro(UInt8(i)) == m) }
    for (i, a) in Program.arithmeticOperators.enumerated() { #expect(Program.arithmetic(UInt8(i)) == a) }
  }

  /// What lowering fuses answers as the expression it stands for: chains of `&&` and `||` (with
  /// missing operands), field paths through missing objects, and `x == 'a' || x == 'b'` (one set
  /// look-up, missing for a missing value).
  @Test func fusedNodesAnswerAsWritten() throws {
    func eval(_ expression: String, _ course: String) throws -> Value {
      let doc = try YAMLParser.parse(Array(("format: mcaudit/course@1\nid: x\n" + course).utf8))[0]
      let c = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml", requiredFields: false)
      var evaluator = Evaluator(course: c, today: CivilDate(days: 0))
      return evaluator.value(of: try compile(expression))
    }
    let provider = "provider: {legal_name: U, country: ES}\n"
    #expect(try eval("provider.country == 'ES' || provider.country == 'IT'", provider) == .bool(true))
    #expect(try eval("provider.country == 'DE' || provider.country == 'IT'", provider) == .bool(false))
    #expect(try eval("provider.country == 'DE' || provider.country == 'IT'", "") == .missing)
    #expect(try eval("provider.country == 'DE' || provider.country == 'IT' || true", "") == .bool(true))
    #expect(try eval("provider.country == 'ES' || provider.region == 'VLG'", provider) == .bool(true))
    #expect(try eval("has(provider.country) && provider.country == 'ES' && true", provider) == .bool(true))
    #expect(try eval("has(provider.country) && provider.region == 'VLG' && false", provider) == .bool(false))
    #expect(try eval("true && provider.region == 'VLG' && true", provider) == .missing)
    #expect(try eval("false || provider.region == 'VLG' || false", provider) == .missing)
    #expect(try eval("has(level.nqf.level)", "level: {eqf: 6}\n") == .bool(false))
    #expect(try eval("level.nqf.level", "level: {nqf: {framework: MECES, level: 3}}\n") == .number(3))
    #expect(try eval("level.nqf.level", "") == .missing)
    #expect(try eval("3 < workload.ects", "workload: {ects: 5}\n") == .bool(true))
    #expect(try eval("6 <= workload.ects", "workload: {ects: 5}\n") == .bool(false))
  }

  /// The words and verb phrases of a course's texts are kept per course and found again by the
  /// text: with many outcomes (more than the cache's first table holds, so that it grows) each
  /// outcome still gets its own, on the first evaluation and on a later one.
  @Test func wordsOfManyTextsAreKeptApart() throws {
    var evaluator = try evaluator(outcomes: (0..<300).map { "Explain topic \($0) to peers" })
    let third = try compile("learning_outcomes.map(o, words(o.text)[2])")
    let phrases = try compile("learning_outcomes.map(o, verb_phrases(o.text)[1])")
    let expected = Value.list((0..<300).map { .string(String($0)) })
    #expect(evaluator.value(of: third) == expected)
    #expect(evaluator.value(of: third) == expected)
    #expect(evaluator.value(of: phrases) == .list((0..<300).map { _ in .string("explain topic") }))
  }

  /// `lower`, `upper` and `words` of one text are kept per builtin, for many texts (their entries
  /// share probe sequences): a rule that lower-cases an outcome once per term it looks for gets
  /// the lowered text each time, not the text's words or its upper-cased form.
  @Test func textResultsAreKeptPerBuiltin() throws {
    var evaluator = try evaluator(outcomes: (0..<200).map { "Apply Green AI \($0)" })
    let mixed = try compile(
      "learning_outcomes.map(o, [lower(o.text), upper(o.text), lower(o.text), words(o.text)[3], upper(o.text)])")
    let expected = Value.list((0..<200).map { i -> Value in
      .list([.string("apply green ai \(i)"), .string("APPLY GREEN AI \(i)"), .string("apply green ai \(i)"),
             .string("\(i)"), .string("APPLY GREEN AI \(i)")])
    })
    #expect(evaluator.value(of: mixed) == expected)
    let termsFound = try compile("learning_outcomes.all(o, ['green', 'ai'].all(t, lower(o.text).contains(t)))")
    #expect(evaluator.value(of: termsFound) == .bool(true))
  }

  /// An evaluator over a course whose learning outcomes are these texts.
  private func evaluator(outcomes: [String]) throws -> Evaluator {
    let items = outcomes.map { "  - \($0)\n" }.joined()
    let doc = try YAMLParser.parse(Array(("format: mcaudit/course@1\nid: x\nlearning_outcomes:\n" + items).utf8))[0]
    let course = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml", requiredFields: false)
    return Evaluator(course: course, today: CivilDate(days: 0))
  }

  /// Constant sets compare by their strings, not by the layout of their tables (which follows
  /// the order the strings came in): rules of different packs are shared on this equality.
  @Test func constantSetsCompareByTheirStrings() {
    #expect(StringSet(["a", "b", "c"]) == StringSet(["c", "a", "b", "a"]))
    #expect(StringSet(["a", "b"]) != StringSet(["a", "b", "c"]))
    #expect(StringSet(["c", "a", "b", "a"]).values.contains("b"))
  }

  @Test func regularExpressions() throws {
    let doc = try YAMLParser.parse(Array("format: mcaudit/course@1\nid: x\ntitle: Máster Universitario en Datos\n".utf8))[0]
    let c = CourseReader(vocabulary: vocabulary).read(doc, file: "c.yaml")
    func eval(_ text: String) throws -> Value {
      var evaluator = Evaluator(course: c, today: CivilDate(days: 0))
      return evaluator.value(of: try compile(text))
    }
    #expect(try eval("title.matches('(?i)\\\\bm[aá]ster universitari[oa]\\\\b')") == .bool(true))
    #expect(try eval("title.matches('\\\\bmaster')") == .bool(false))
    #expect(try eval("title.matches('^Máster')") == .bool(true))
    #expect(try eval("title.contains('Universitario') && title.startsWith('Máster') && title.endsWith('Datos')") == .bool(true))
    #expect(throws: ExpressionError.self) { try compile("title.matches('(')") }
  }

  /// An ASCII pattern matches ASCII text byte by byte (a copy compiled under the `C` locale) and
  /// other text as UTF-8: both give the answers the pattern means.
  @Test func asciiPatternsMatchASCIIAndOtherTextAlike() throws {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
      let regex = try CompiledRegex(pattern)
      return Array(text.utf8).withUnsafeBufferPointer { regex.matches($0) }
    }
    #expect(try matches("(?i)\\bai\\b", "Use AI tools"))
    #expect(try matches("(?i)\\bai\\b", "Use AI tools — safely"))
    #expect(try !matches("(?i)\\bai\\b", "MAIN street"))
    #expect(try !matches("(?i)\\bai\\b", "MAIN — street"))
    #expect(try matches("^(1[0-7]|[1-9])[.]([1-9][0-9]?|[a-z])$", "4.a"))
    #expect(try !matches("^(1[0-7]|[1-9])[.]([1-9][0-9]?|[a-z])$", "18"))
    #expect(try matches("(?i)^[a-z]+$", "ABC"))
    #expect(try !matches("(?i)^[a-z]+$", "ÀBC"))
    // One character of two bytes: matched as UTF-8, never byte by byte.
    #expect(try matches("^.$", "é"))
    #expect(try !matches("^..$", "é"))
    #expect(try matches("\\w+é", "café"))
  }
}
