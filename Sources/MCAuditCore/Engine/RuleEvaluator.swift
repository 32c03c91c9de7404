/// Evaluates one rule against one course: applicability, `each`, the assertion and the message.
/// This is where a rule is evaluated.
enum RuleEvaluator {
  /// The findings of `rule` for `course`, appended to `findings`.
  static func evaluate(_ rule: Rule, pack: RulePack, course: Course, today: CivilDate, into findings: inout [Finding]) {
    let data = course.data
    guard let each = rule.each else {
      check(rule, pack: pack, course: course, it: nil, index: nil, today: today, into: &findings)
      return
    }
    guard case .list(let items) = each.evaluate(data, today: today) else { return }
    for (i, item) in items.enumerated() {
      check(rule, pack: pack, course: course, it: item, index: i, today: today, into: &findings)
    }
  }

  private static func check(_ rule: Rule, pack: RulePack, course: Course, it: Value?, index: Int?, today: CivilDate,
                            into findings: inout [Finding]) {
    let data = course.data
    if let when = rule.when, when.evaluate(data, today: today, it: it) != .bool(true) { return }
    switch rule.assertion.evaluate(data, today: today, it: it) {
    case .bool(true): return
    case .bool(false): break
    default: if !rule.failsWhenMissing { return }
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
  }
}
