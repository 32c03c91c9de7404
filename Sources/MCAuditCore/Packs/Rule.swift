/// One check of a pack, compiled.
public struct Rule: Sendable {
  public enum Confidence: String, Sendable, CaseIterable { case high, medium, low }

  public var id: String
  public var title: String
  public var severity: Severity
  public var citation: Citation
  public var binding: PackSource.Binding
  public var confidence: Confidence
  public var notes: String?
  /// Applicability; nil means always.
  public var when: Expression?
  /// Evaluate once per element of this list, bound to `it`.
  public var each: Expression?
  /// The path of `each` (`learning_outcomes`), for finding paths.
  public var eachPath: FieldPath?
  public var assertion: Expression
  /// Whether an assertion that reads a missing field fails (default: passes).
  public var failsWhenMissing: Bool
  /// Where findings point, relative to `it` for `each` rules.
  public var path: FieldPath
  public var message: MessageTemplate
  public var fix: MessageTemplate?
  public var effective: DateRange
  public var examples: [RuleExample]
  /// The template the rule was bound from, if any.
  public var template: String?
  /// The field paths `when` and `assert` read, compiled, for explanations.
  public var reads: [(path: String, value: Expression)] = []
  /// The parts of a top-level `&&` assertion, compiled, to name the part that failed.
  public var conjuncts: [Expression] = []
  public var location: SourceLocation
}

/// A validity window; both ends inclusive, either may be open.
public struct DateRange: Sendable, Hashable {
  public var from: CivilDate?
  public var until: CivilDate?

  public init(from: CivilDate? = nil, until: CivilDate? = nil) {
    self.from = from
    self.until = until
  }

  public func contains(_ d: CivilDate) -> Bool {
    (from.map { d >= $0 } ?? true) && (until.map { d <= $0 } ?? true)
  }

  public var isUnbounded: Bool { from == nil && until == nil }

  public var description: String {
    switch (from, until) {
    case (nil, nil): "always"
    case (let f?, nil): "from \(f)"
    case (nil, let u?): "until \(u)"
    case (let f?, let u?): "\(f) to \(u)"
    }
  }
}
