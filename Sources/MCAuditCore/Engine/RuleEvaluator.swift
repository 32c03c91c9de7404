/// Evaluates one rule against one course: applicability, `each`, the assertion and the message.
/// This is where a rule is evaluated.
enum RuleEvaluator {
  /// The findings of `rule` for `course`, appended to `findings`.
  /// - Parameter evaluator: the course's evaluator, shared by every rule the course meets.
  /// - Returns: whether the rule applied (its `when` held, for at least one element of `each`).
  @discardableResult
  static func evaluate(_ rule: Rule, pack: RulePack, course: Course, evaluator: inout Evaluator, explain: Bool = false,
                       into findings: inout [Finding]) -> Bool {
    guard let each = rule.each else {
      return check(rule, pack: pack, course: course, it: nil, index: nil, evaluator: &evaluator, explain: explain, into: &findings)
    }
    guard case .list(let items) = evaluator.evaluate(each) else { return false }
    var applied = false
    for (i, item) in items.enumerated() {
      if check(rule, pack: pack, course: course, it: item, index: i, evaluator: &evaluator, explain: explain, into: &findings) {
        applied = true
      }
    }
    return applied
  }

  /// The values a rule read and the first conjunct of its assertion that did not hold.
  static func explain(_ rule: Rule, it: Value?, evaluator: inout Evaluator) -> Explanation {
    let read = rule.reads.map { ($0.path, evaluator.evaluate($0.value, it: it).displayText) }
    let failed = rule.conjuncts.first { evaluator.evaluate($0, it: it) != .bool(true) }?.text
      ?? rule.assertion.text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingSpaces }.joined(separator: " ")
    return Explanation(read: read, failed: failed)
  }

  private static func check(_ rule: Rule, pack: RulePack, course: Course, it: Value?, index: Int?,
                            evaluator: inout Evaluator, explain: Bool, into findings: inout [Finding]) -> Bool {
    if let when = rule.when, evaluator.evaluate(when, it: it) != .bool(true) { return false }
    switch evaluator.evaluate(rule.assertion, it: it) {
    case .bool(true): return true
    case .bool(false): break
    default: if !rule.failsWhenMissing { return true }
    }
    var path = rule.path
    if let index, let eachPath = rule.eachPath, path.components.first == .key("it") {
      path = eachPath.appending(.index(index)).appending(FieldPath(Array(path.components.dropFirst())))
    } else if let index, let eachPath = rule.eachPath, path.components.isEmpty {
      path = eachPath.appending(.index(index))
    }
    findings.append(Finding(
      rule: rule.id, pack: pack.id, packVersion: pack.version, severity: rule.severity,
      message: rule.message.render(with: &evaluator, it: it), path: path.description,
      location: course.location(of: path), citation: rule.citation,
      fix: rule.fix?.render(with: &evaluator, it: it)))
    if explain { findings[findings.count - 1].explanation = Self.explain(rule, it: it, evaluator: &evaluator) }
    return true
  }
}
