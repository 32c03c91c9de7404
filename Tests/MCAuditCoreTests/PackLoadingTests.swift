import Foundation
import Testing
@testable import MCAuditCore

@Suite struct PackLoadingTests {
  let goodRule = """
      - id: TP-ECTS
        title: ECTS below 15
        severity: error
        source: law
        section: art. 1
        assert: workload.ects < 15
        message: "{{workload.ects}} ECTS is too many"
        examples: {pass: [{workload: {ects: 3}}], fail: [{workload: {ects: 15}}]}
    """

  func problems(_ rules: String, extra: String = "") -> [String] {
    let text = Fixtures.pack(extra: extra, rules: rules)
    let f = Fixtures.frameworks(["tp.yaml": text])
    return f.problems.map { DiagnosticRenderer.render($0, source: SourceText(path: "tp.yaml", text: text)) }
  }

  @Test func aValidPackLoads() {
    let f = Fixtures.frameworks(["tp.yaml": Fixtures.pack(rules: goodRule)])
    #expect(f.problems.isEmpty)
    #expect(f.pack("tp")?.rules.map(\.id) == ["TP-ECTS"])
  }

  @Test func anExpressionMistakeIsRenderedAtItsToken() {
    let p = problems(goodRule.replacingOccurrences(of: "assert: workload.ects < 15", with: "assert: workload.ectz < 15"))
    #expect(p == ["""
      tp.yaml:16:22: error: unknown field 'ectz' of 'workload'; did you mean 'ects'?
          assert: workload.ectz < 15
                           ^
      """])
  }

  /// Mistakes are listed in the order of the file, as a compiler lists them, though they are
  /// found phase by phase (a rule's missing examples, reported at the rule's start, after the
  /// mistakes inside it).
  @Test func mistakesAreListedInFileOrder() {
    let rules = goodRule
      .replacingOccurrences(of: "severity: error", with: "severity: critical")
      .replacingOccurrences(of: "\n    examples: {pass: [{workload: {ects: 3}}], fail: [{workload: {ects: 15}}]}", with: "")
    let f = Fixtures.frameworks(["tp.yaml": Fixtures.pack(rules: rules)])
    let positions = f.problems.map { [$0.location.line, $0.location.column] }
    #expect(positions.count == 2)
    #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
  }

  @Test func aMessageMistakeIsRenderedAtItsToken() {
    // Offsets count scalars: the placeholder after 'Łódź' is found at its token (its leading space
    // counted once), and an unclosed '{{' at its first brace.
    let p = problems(goodRule.replacingOccurrences(of: "{{workload.ects}} ECTS is too many", with: "Łódź {{ workload.ectz}} {{x"))
    #expect(p.count == 1)
    #expect(p.first?.hasPrefix("""
      tp.yaml:17:32: error: unknown field 'ectz' of 'workload'; did you mean 'ects'?
          message: "Łódź {{ workload.ectz}} {{x"
                                     ^
      """) == true)
    let q = problems(goodRule.replacingOccurrences(of: "{{workload.ects}} ECTS is too many", with: "Łódź {{workload.ects}} {{x"))
    #expect(q.first?.hasPrefix("tp.yaml:17:38: error: '{{' without '}}'") == true)
  }

  /// One pass tells every mistake: a broken assertion does not hide the rule's other mistakes, and
  /// a duplicate id is found whether or not the rules compile.
  @Test func everyMistakeOfAPackIsReportedInOnePass() {
    let broken = goodRule
      .replacingOccurrences(of: "assert: workload.ects < 15", with: "assert: workload.ectz < 15")
      .replacingOccurrences(of: "{{workload.ects}} ECTS is too many", with: "{{nope}} ECTS")
    let p = problems(broken + "\n" + broken)
    #expect(p.filter { $0.contains("unknown field 'ectz'") }.count == 2)
    #expect(p.filter { $0.contains("unknown field 'nope'") }.count == 2)
    #expect(p.filter { $0.contains("rule id 'TP-ECTS' is used twice (first at ") }.count == 1)
  }

  /// A mistake in a source entry is told there, once, not again at every rule that cites it.
  @Test func anInvalidSourceIsReportedOnce() {
    let text = Fixtures.pack(rules: goodRule).replacingOccurrences(of: "binding: law,", with: "binding: lawful,")
    let p = Fixtures.frameworks(["tp.yaml": text]).problems.map(\.message)
    #expect(p.count == 1)
    #expect(p.first?.hasPrefix("'binding' of source 'law' must be one of") == true)
  }

  @Test func unknownKeysAreReportedWithSuggestions() {
    let p = problems(goodRule.replacingOccurrences(of: "    severity: error", with: "    severity: error\n    sevrity: warning"))
    #expect(p.count == 1)
    #expect(p.first?.hasPrefix("tp.yaml:14:5: error: unknown key 'sevrity' in a rule; did you mean 'severity'?") == true)
  }

  @Test func severityFollowsBindingness() {
    let p = problems(goodRule.replacingOccurrences(of: "source: law", with: "source: guide"))
    #expect(p.first?.hasPrefix("tp.yaml:13:15: error: rule 'TP-ECTS' is 'error' but cites a 'guideline' source, which allows at most 'warning'") == true)
    let q = problems(goodRule.replacingOccurrences(of: "section: art. 1", with: "section: art. 1\n    confidence: medium"))
    #expect(q.first?.contains("its confidence is 'medium'; medium and low confidence allow at most 'warning'") == true)
  }

  @Test func everyRuleNeedsACitationAndBothKindsOfExample() {
    let noSection = problems(goodRule.replacingOccurrences(of: "    section: art. 1\n", with: ""))
    #expect(noSection.contains { $0.contains("needs 'section'") })
    let noFail = problems(goodRule.replacingOccurrences(of: ", fail: [{workload: {ects: 15}}]", with: ""))
    #expect(noFail.contains { $0.contains("needs at least one 'fail' example") })
  }

  @Test func examplesAreCheckedAgainstTheVocabulary() {
    let p = problems(goodRule.replacingOccurrences(of: "pass: [{workload: {ects: 3}}]", with: "pass: [{workload: {ect: 3}}]"))
    #expect(p.contains { $0.contains("example does not match the vocabulary: unknown field 'ect' in workload; did you mean 'ects'?") })
  }

  @Test func enumTyposInExpressionsAreCaught() {
    let p = problems(goodRule.replacingOccurrences(of: "assert: workload.ects < 15", with: "assert: participation.mode != 'onsit'"))
    #expect(p.first?.hasPrefix("tp.yaml:16:35: error: 'onsit' is not a value of field 'mode'; did you mean 'onsite'?") == true)
  }

  @Test func templatesAreCheckedBeforeTheyAreBound() {
    let extra = """
      templates:
        band:
          assert: workload.notional_hours / workload.ectss >= params.min
          message: outside the band
      """
    let p = problems(goodRule, extra: extra)
    #expect(p.first?.contains("unknown field 'ectss' of 'workload'; did you mean 'ects'?") == true)
  }

  /// A rule `TP-BAND` whose first lines are `head` (its `use:` and `with:`), with the rest of a
  /// rule and examples for a band of hours per credit.
  func bandRule(_ head: String) -> String {
    """
      - id: TP-BAND
        \(head)
        title: Band
        severity: warning
        source: guide
        section: s. 2
        examples: {pass: [{workload: {ects: 2, notional_hours: 50}}], fail: [{workload: {ects: 2, notional_hours: 40}}]}
    """
  }

  @Test func templatesAreBoundWithParameters() {
    let extra = """
      templates:
        band:
          when: has(workload.ects) && workload.ects > 0
          assert: workload.notional_hours / workload.ects >= params.min
          message: "{{workload.notional_hours / workload.ects}} hours per credit, below {{params.min}}"
      """
    let f = Fixtures.frameworks(["tp.yaml": Fixtures.pack(extra: extra, rules: bandRule("use: band\n    with: {min: 25}"))])
    #expect(f.problems.isEmpty, "\(f.problems)")
    let result = Fixtures.audit("format: mcaudit/course@1\nid: c\nworkload: {ects: 2, notional_hours: 40}\n", frameworks: f,
                                selection: .explicit(["tp"]))
    #expect(result.courses.first?.findings.map(\.message) == ["20 hours per credit, below 25"])
  }

  /// A binding's mistakes are the rule's, reported in the rule's file at its `with`, never in the
  /// template's file: a misspelt parameter (once, with the template's parameters), a parameter
  /// left unbound, `with` on a rule without a template.
  @Test func templateBindingMistakesAreReportedAtTheRule() {
    let extra = """
      templates:
        band:
          assert: workload.notional_hours / workload.ects >= params.min && workload.notional_hours / workload.ects <= params.max
          message: outside {{params.min}}–{{params.max}}
      """
    func bound(_ with: String, use: String = "use: band") -> [String] {
      let f = Fixtures.frameworks(["tp.yaml": Fixtures.pack(extra: extra, rules: bandRule("\(use)\n    \(with)"))])
      return f.problems.map { "\($0.location.file):\($0.location.line):\($0.location.column) \($0.message)\($0.notes.map { " (\($0))" }.joined())" }
    }
    #expect(bound("with: {min: 25, max: 30}").isEmpty)
    #expect(bound("with: {min: 25, maks: 30}") == [
      "tp.yaml:16:21 template 'band' has no parameter 'maks'; did you mean 'max'? (it reads parameters 'max', 'min')",
    ])
    #expect(bound("with: {min: 25}") == ["tp.yaml:16:5 template 'band' also reads parameter 'max', which 'with' does not bind"])
    #expect(bound("") == ["tp.yaml:15:10 template 'band' reads parameters 'max', 'min', which rule 'TP-BAND' does not bind ('with:')"])
    // The rest of the rule is still checked.
    let both = Fixtures.frameworks(["tp.yaml": Fixtures.pack(extra: extra, rules: bandRule("use: band\n    with: {min: 25, maks: 30}")
      .replacingOccurrences(of: "severity: warning", with: "severity: critical"))])
    #expect(both.problems.map(\.message).map { $0.prefix(40) } == [
      "template 'band' has no parameter 'maks';", "severity must be 'error', 'warning' or '",
    ])
    #expect(bound("with: {min: 25}", use: "assert: has(title)\n    message: m") == [
      "tp.yaml:17:5 'with' binds the parameters of a template, and rule 'TP-BAND' uses none ('use:')",
    ])
  }

  /// One mistake, one message: a misspelt `each` does not make every use of `it` a mistake too,
  /// and a misspelt key is not reported again as a missing one.
  @Test func aMistakeIsNotReportedAgainThroughItsConsequences() {
    let each = goodRule
      .replacingOccurrences(of: "assert: workload.ects < 15", with: "each: learning_outcome\n    assert: has(it.text)")
      .replacingOccurrences(of: "message: \"{{workload.ects}} ECTS is too many\"", with: "message: \"{{it.text}}\"")
    let p = problems(each)
    #expect(p.count == 1)
    #expect(p.first?.contains("unknown field 'learning_outcome' of the course; did you mean 'learning_outcomes'?") == true)
    let misspelt = problems(goodRule.replacingOccurrences(of: "assert:", with: "asert:"))
    #expect(misspelt.count == 1)
    #expect(misspelt.first?.contains("unknown key 'asert' in a rule; did you mean 'assert'?") == true)
  }

  /// A pack adds rows to a table it inherits (its parent's templates read them); it cannot replace
  /// a table silently.
  @Test func inheritedTablesAreExtendedNotReplaced() {
    let parent = Fixtures.pack(id: "pa", extra: "tables: {levels: {A: {1: 4}}, verbs: [design]}",
                               rules: goodRule.replacingOccurrences(of: "TP-", with: "PA-"))
    func child(_ tables: String) -> Frameworks {
      let rule = goodRule.replacingOccurrences(of: "TP-", with: "CH-")
        .replacingOccurrences(of: "assert: workload.ects < 15", with: "assert: tables.levels['A'][1] == 4 && tables.levels['B'][2] == 5")
      return Fixtures.frameworks(["pa.yaml": parent, "ch.yaml": Fixtures.pack(id: "ch", extra: "extends: pa\n\(tables)", rules: rule)])
    }
    let merged = child("tables: {levels: {B: {2: 5}}}")
    #expect(merged.problems.isEmpty, "\(merged.problems.map(\.message))")
    #expect(merged.pack("ch")?.tables["levels"] == .map(["A": .map(["1": .number(4)]), "B": .map(["2": .number(5)])]))
    let replaced = child("tables: {verbs: [plan]}")
    #expect(replaced.problems.map(\.message).contains {
      $0.hasPrefix("table 'verbs' is inherited from pack 'pa'; a pack may add rows to an inherited mapping table, not replace a table")
    })
  }

  @Test func vocabularyExtensionsAndConflicts() {
    let extra = """
      fields:
        credential_type: {add_values: [diploma_test]}
        testland: {type: object, fields: {code: {type: string}}}
        workload.ects: {type: string}
      """
    let p = problems(goodRule, extra: extra)
    #expect(p.count == 1)
    #expect(p.first?.contains("field 'workload.ects' is already declared by 'mcaudit/course@1'; use 'add_values' to add enum values") == true)
  }

  @Test func aBrokenParentBreaksItsChildrenAndNothingIsSilentlyDropped() {
    let parent = Fixtures.pack(id: "pa", rules: goodRule.replacingOccurrences(of: "TP-", with: "PA-").replacingOccurrences(of: "< 15", with: "< 'x'"))
    let child = Fixtures.pack(id: "ch", extra: "extends: pa", rules: goodRule.replacingOccurrences(of: "TP-", with: "CH-"))
    let f = Fixtures.frameworks(["pa.yaml": parent, "ch.yaml": child])
    #expect(f.packs.isEmpty)
    #expect(f.brokenPacks == ["pa", "ch"])
    #expect(f.problems.contains { $0.message == "extends 'pa', which has errors" })
  }
}
