/// Runs the examples of rules: every passing example must give no finding of its rule, every
/// failing one at least one (at the expected path, when the example names it).
public enum ExampleRunner {
  public struct Outcome: Sendable {
    public var rule: String
    public var pack: String
    public var example: RuleExample
    /// Nil when the example behaved as expected.
    public var failure: String?
  }

  public static func run(_ rule: Rule, of pack: RulePack, frameworks: Frameworks, today: CivilDate) -> [Outcome] {
    rule.examples.map { example in
      let course = frameworks.reader.read(example.course, file: pack.file, requiredFields: false)
      var findings: [Finding] = []
      // An example dated outside the rule's window sees what an audit as of that date sees:
      // the rule is not in force and gives nothing.
      if example.asOf.map(rule.effective.contains) ?? true {
        var evaluator = Evaluator(course: course, today: example.asOf ?? today)
        RuleEvaluator.evaluate(rule, pack: pack, course: course, evaluator: &evaluator, into: &findings)
      }
      var failure: String?
      switch example.expectation {
      case .pass where !findings.isEmpty:
        failure = "passing example gave a finding: \(findings[0].message) [at '\(findings[0].path)']"
      case .fail where findings.isEmpty:
        failure = "failing example gave no finding"
      case .fail where example.path != nil && !findings.contains { $0.path == example.path }:
        failure = "failing example's finding is at '\(findings.map(\.path).joined(separator: "', '"))', not at '\(example.path!)'"
      default:
        break
      }
      return Outcome(rule: rule.id, pack: pack.id, example: example, failure: failure)
    }
  }
}
