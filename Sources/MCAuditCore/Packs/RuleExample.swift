/// A course fragment that a rule must pass or fail: the rule's test.
public struct RuleExample: Sendable {
  public enum Expectation: Sendable, Equatable { case pass, fail }

  public var expectation: Expectation
  /// The fragment, as written in the pack.
  public var course: YAMLNode
  /// For failing examples: the path the finding must point at.
  public var path: String?
  /// The audit date the example runs at (`today`); nil: the date the tests run.
  public var asOf: CivilDate?
  public var location: SourceLocation
}
