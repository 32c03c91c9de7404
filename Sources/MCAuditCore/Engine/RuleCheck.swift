/// A rule as the audit's loop checks it, laid out flat: its compiled `each`, `when` and assertion
/// by plain references, the variable slots they need, when it is in force and its group of shared
/// checks. Checking a course's fifty-odd rules then touches no reference count (reading them
/// from the rule objects retained and released each expression, and the group table each pack's
/// row); the rule object itself is read only to report a failure.
///
/// The programs are plain pointers (``Program/Ref``): the rules' expressions own them, and the
/// rules (which ``RuleChecks`` keeps) own the expressions.
struct RuleCheck {
  let each: Program.Ref?
  let when: Program.Ref?
  let assertion: Program.Ref
  /// Variable slots the three need (``Evaluator``).
  let variables: Int
  let failsWhenMissing: Bool
  let effective: DateRange
  /// The rule's group of ``SharedChecks``, or -1.
  let group: Int32

  init(_ rule: Rule, group: Int? = nil) {
    self.init(rule, group: group, each: rule.each?.program.ref, when: rule.when?.program.ref,
              assertion: rule.assertion.program.ref)
  }

  /// A check whose programs are `each`, `when` and `assertion` (the rule's, or copies of them).
  init(_ rule: Rule, group: Int?, each: Program.Ref?, when: Program.Ref?, assertion: Program.Ref) {
    self.each = each
    self.when = when
    self.assertion = assertion
    variables = max(rule.each?.variableCount ?? 0, rule.when?.variableCount ?? 0, rule.assertion.variableCount)
    failsWhenMissing = rule.failsWhenMissing
    effective = rule.effective
    self.group = Int32(group ?? -1)
  }
}

/// The checks of every rule of every pack of a run, in pack order: pack `p`'s are
/// `checks[starts[p] ..< starts[p + 1]]`. Built once per auditor, read by every thread.
final class RuleChecks: @unchecked Sendable {
  let checks: UnsafeMutableBufferPointer<RuleCheck>
  let starts: UnsafeMutableBufferPointer<Int>
  /// Keeps the rules, and so their programs, alive.
  private let packs: [RulePack]
  /// Copies of every rule's programs (``Program/copy(to:)``), in the order of ``checks``: the
  /// checks' references point here.
  private let programs: UnsafeMutableRawPointer

  init(_ packs: [RulePack], shared: SharedChecks) {
    self.packs = packs
    let rules = packs.flatMap(\.rules)
    let size = rules.reduce(0) { total, rule in
      [rule.each, rule.when, rule.assertion].reduce(total) { $0 + ($1.map { ($0.program.packedSize + 15) & ~15 } ?? 0) }
    }
    let memory = UnsafeMutableRawPointer.allocate(byteCount: max(size, 16), alignment: 16)
    var used = 0
    func copy(_ expression: Expression?) -> Program.Ref? {
      guard let program = expression?.program else { return nil }
      defer { used += (program.packedSize + 15) & ~15 }
      return program.copy(to: memory + used)
    }
    var all: [RuleCheck] = []
    var starts: [Int] = []
    for (p, pack) in packs.enumerated() {
      starts.append(all.count)
      for (r, rule) in pack.rules.enumerated() {
        all.append(RuleCheck(rule, group: shared.group(pack: p, rule: r), each: copy(rule.each), when: copy(rule.when),
                             assertion: copy(rule.assertion)!))
      }
    }
    starts.append(all.count)
    checks = .allocate(capacity: max(all.count, 1))
    _ = checks.initialize(from: all)
    self.starts = .allocate(capacity: starts.count)
    _ = self.starts.initialize(from: starts)
    programs = memory
  }

  deinit {
    checks.deallocate()
    starts.deallocate()
    programs.deallocate()  // plain data: what it points to belongs to the rules' programs
  }
}
