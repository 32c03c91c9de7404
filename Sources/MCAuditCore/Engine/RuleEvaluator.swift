/// Evaluates one rule against one course: applicability, `each`, the assertion and the message.
/// This is where a rule is evaluated.
enum RuleEvaluator {
  /// The findings of `rule` for `course`, appended to `findings`.
  /// - Returns: whether the rule applied (its `when` held, for at least one element of `each`).
  @discardableResult
  static func evaluate(_ rule: Rule, pack: RulePack, course: Course, today: CivilDate, into findings: inout [Finding]) -> Bool {
    let data = course.data
    guard let each = rule.each else {
      return check(rule, pack: pack, course: course, it: nil, index: nil, today: today, into: &findings)
    }
    guard case .list(let items) = each.evaluate(data, today: today) else { return false }
    var applied = false
    for (i, item) in items.enumerated() {
      if check(rule, pack: pack, course: course, it: item, index: i, today: today, into: &findings) { applied = true }
    }
    return applied
  }

  private static func check(_ rule: Rule, pack: RulePack, course: Course, it: Value?, index: Int?, today: CivilDate,
                            into findings: inout [Finding]) -> Bool {
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
    return true
  }
}
