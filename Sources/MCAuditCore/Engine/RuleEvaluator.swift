/// Evaluates one rule against one course: applicability, `each`, the assertion and the message.
/// This is where a rule is evaluated.
enum RuleEvaluator {
  /// The findings of `rule` for `course`, appended to `findings`.
  /// - Returns: whether the rule applied (its `when` held, for at least one element of `each`).
  @discardableResult
  static func evaluate(_ rule: Rule, pack: RulePack, course: Course, today: CivilDate, explain: Bool = false,
                       into findings: inout [Finding]) -> Bool {
    let data = course.data
    guard let each = rule.each else {
      return check(rule, pack: pack, course: course, it: nil, index: nil, today: today, explain: explain, into: &findings)
    }
    guard case .list(let items) = each.evaluate(data, today: today) else { return false }
    var applied = false
    for (i, item) in items.enumerated() {
      if check(rule, pack: pack, course: course, it: item, index: i, today: today, explain: explain, into: &findings) { applied = true }
    }
    return applied
  }

  /// The values a rule read and the first conjunct of its assertion that did not hold.
  static func explain(_ rule: Rule, course: ObjectValue, it: Value?, today: CivilDate) -> Explanation {
    let read = rule.reads.map { ($0.path, $0.value.evaluate(course, today: today, it: it).displayText) }
    let failed = rule.conjuncts.first { $0.evaluate(course, today: today, it: it) != .bool(true) }?.text
      ?? rule.assertion.text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingSpaces }.joined(separator: " ")
    return Explanation(read: read, failed: failed)
  }

  private static func check(_ rule: Rule, pack: RulePack, course: Course, it: Value?, index: Int?, today: CivilDate,
                            explain: Bool, into findings: inout [Finding]) -> Bool {
    let data = course.data
    if let when = rule.when, when.evaluate(data, today: today, it: it) != .bool(true) { return false }
    switch rule.assertion.evaluate(data, today: today, it: it) {
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
      message: rule.message.render(data, today: today, it: it), path: path.description,
      location: course.location(of: path), citation: rule.citation,
      fix: rule.fix?.render(data, today: today, it: it)))
    if explain { findings[findings.count - 1].explanation = Self.explain(rule, course: data, it: it, today: today) }
    return true
  }
}
