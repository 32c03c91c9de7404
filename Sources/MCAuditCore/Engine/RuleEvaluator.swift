/// Evaluates one rule against one course: applicability, `each`, the assertion and the message.
/// This is where a rule is evaluated.
enum RuleEvaluator {
  /// An element of `each` whose assertion failed (`index` nil without `each`), and the element.
  typealias Failure = (index: Int?, it: Cell?)

  /// What a rule's checks found for one course: whether it applied (its `when` held, for at least
  /// one element of `each`), and where its failures are in the list the checks appended them to
  /// (a course's failures share one list: most rules have none, and an array each cost an
  /// allocation for every rule that failed).
  struct Outcome {
    var applied = false
    var failures: Range<Int> = 0..<0
  }

  /// The findings of `rule` for `course`, appended to `findings`.
  /// - Parameter evaluator: the course's evaluator, shared by every rule the course meets.
  /// - Returns: whether the rule applied.
  @discardableResult
  static func evaluate(_ rule: Rule, pack: RulePack, course: Course, evaluator: inout Evaluator, explain: Bool = false,
                       into findings: inout [Finding]) -> Bool {
    var failures: [Failure] = []
    let outcome = check(RuleCheck(rule), evaluator: &evaluator, failures: &failures)
    let origin = Finding.Origin(rule: rule.id, pack: pack.id, packVersion: pack.version, citation: rule.citation)
    report(failures[outcome.failures], of: rule, origin: origin, locator: RuleLocator(rule, vocabulary: nil), course: course,
           evaluator: &evaluator, explain: explain, into: &findings)
    return outcome.applied
  }

  /// Evaluates `each`, `when` and the assertion: the part of a rule that rules of other packs can
  /// share (``SharedChecks``). Failures are appended to `failures`.
  static func check(_ rule: RuleCheck, evaluator: inout Evaluator, failures: inout [Failure]) -> Outcome {
    var outcome = Outcome()
    let start = failures.count
    evaluator.reserve(variables: rule.variables)
    if let each = rule.each {
      if case .list(let items) = evaluator.evaluate(each) {
        // Each element is bound once for `when` and the assertion.
        for i in items.indices {
          evaluator.bind(it: items[i])
          if check(rule, evaluator: &evaluator, into: &outcome) { failures.append((i, items[i])) }
        }
      }
    } else if check(rule, evaluator: &evaluator, into: &outcome) {
      failures.append((nil, nil))
    }
    outcome.failures = start..<failures.count
    return outcome
  }

  /// Whether the rule fails for the `it` bound last (or none): `when` holds and the assertion does
  /// not (or is missing, for a rule that fails then).
  private static func check(_ rule: RuleCheck, evaluator: inout Evaluator, into outcome: inout Outcome) -> Bool {
    if let when = rule.when, evaluator.evaluate(when) != .bool(true) { return false }
    outcome.applied = true
    switch evaluator.evaluate(rule.assertion) {
    case .bool(true): return false
    case .bool(false): return true
    default: return rule.failsWhenMissing
    }
  }

  /// The findings of `rule`'s failures: message, path, location and fix of each.
  /// - Parameters:
  ///   - origin: the rule's, in its pack.
  ///   - locator: where the rule's findings are (``RuleLocator``).
  static func report(_ failures: ArraySlice<Failure>, of rule: Rule, origin: Finding.Origin, locator: RuleLocator,
                     course: Course, evaluator: inout Evaluator, explain: Bool, into findings: inout [Finding]) {
    for (index, it) in failures {
      let path: String
      let mark: YAMLMark
      if let index, let item = locator.perItem {
        // `each`'s path, the element's index in the file (the list's value leaves out null and
        // wrongly typed items), then the rule's path below `it`.
        if let list = item.list, let rest = item.rest,
           let found = course.locations.item(at: index, inListAt: list, then: rest) {
          path = locator.path(index: found.index)
          mark = found.mark
        } else {
          let eachPath = rule.eachPath ?? FieldPath()
          let components = eachPath.components
            + [.index(course.locations.sourceIndex(ofItemAt: index, inListAt: eachPath) ?? index)]
            + rule.path.components.dropFirst()
          path = FieldPath(components).description
          mark = course.locations.mark(of: FieldPath(components))
        }
      } else {
        path = rule.pathText
        mark = locator.steps.map { course.locations.mark(of: $0) } ?? course.locations.mark(of: rule.path)
      }
      let message = rule.message.render(with: &evaluator, it: it)
      let fix = rule.fix?.render(with: &evaluator, it: it)
      findings.append(Finding(origin: origin, severity: rule.severity, message: message, path: path,
                              location: SourceLocation(file: course.file, mark), fix: fix))
      if explain { findings[findings.count - 1].explanation = Self.explain(rule, it: it, evaluator: &evaluator) }
    }
  }

  /// The values a rule read and the first conjunct of its assertion that did not hold.
  static func explain(_ rule: Rule, it: Cell?, evaluator: inout Evaluator) -> Explanation {
    let read = rule.reads.map { ($0.path, evaluator.evaluate($0.value, it: it).displayText) }
    let failed = rule.conjuncts.first { evaluator.evaluate($0, it: it) != .bool(true) }?.text
      ?? rule.assertion.text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingSpaces }.joined(separator: " ")
    return Explanation(read: read, failed: failed)
  }
}
