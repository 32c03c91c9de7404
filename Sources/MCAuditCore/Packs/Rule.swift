/// One check of a pack, compiled. A class: immutable once compiled, and the audit hands rules
/// around by reference instead of copying (and retaining) each of their fields.
public final class Rule: Sendable {
  public enum Confidence: String, Sendable, CaseIterable { case high, medium, low }

  public let id: String
  public let title: String
  public let severity: Severity
  public let citation: Citation
  public let binding: PackSource.Binding
  public let confidence: Confidence
  public let notes: String?
  /// Applicability; nil means always.
  public let when: Expression?
  /// Evaluate once per element of this list, bound to `it`.
  public let each: Expression?
  /// The path of `each` (`learning_outcomes`), for finding paths.
  public let eachPath: FieldPath?
  public let assertion: Expression
  /// Whether an assertion that reads a missing field fails (default: passes).
  public let failsWhenMissing: Bool

  /// What the assertion does when a value it reads is missing (`on_missing`), in words, for
  /// `explain` and the pack reference.
  public var onMissingText: String {
    failsWhenMissing ? "fails when a value it needs is missing: on_missing: fail"
      : "passes when a value it needs is missing, unless it tests has(); on_missing: pass"
  }
  /// Where findings point, relative to `it` for `each` rules.
  public let path: FieldPath
  /// `path` as findings write it, made once: a rule without `each` reports it as it is.
  let pathText: String
  public let message: MessageTemplate
  public let fix: MessageTemplate?
  public let effective: DateRange
  public let examples: [RuleExample]
  /// The template the rule was bound from, if any.
  public let template: String?
  /// The field paths `when` and `assert` read, compiled, for explanations.
  public let reads: [(path: String, value: Expression)]
  /// The parts of a top-level `&&` assertion, compiled, to name the part that failed.
  public let conjuncts: [Expression]
  public let location: SourceLocation

  init(id: String, title: String, severity: Severity, citation: Citation, binding: PackSource.Binding,
       confidence: Confidence, notes: String?, when: Expression?, each: Expression?, eachPath: FieldPath?,
       assertion: Expression, failsWhenMissing: Bool, path: FieldPath, message: MessageTemplate, fix: MessageTemplate?,
       effective: DateRange, examples: [RuleExample], template: String?, reads: [(path: String, value: Expression)],
       conjuncts: [Expression], location: SourceLocation) {
    self.id = id
    self.title = title
    self.severity = severity
    self.citation = citation
    self.binding = binding
    self.confidence = confidence
    self.notes = notes
    self.when = when
    self.each = each
    self.eachPath = eachPath
    self.assertion = assertion
    self.failsWhenMissing = failsWhenMissing
    self.path = path
    self.pathText = path.description
    self.message = message
    self.fix = fix
    self.effective = effective
    self.examples = examples
    self.template = template
    self.reads = reads
    self.conjuncts = conjuncts
    self.location = location
  }
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
