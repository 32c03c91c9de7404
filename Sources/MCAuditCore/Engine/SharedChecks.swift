/// Rules of different packs that check exactly the same thing: a template bound by several packs
/// (the outcome-quality templates of `eu`, bound by every thematic profile and by `proctogo`).
/// A course is checked once per group; each rule still reports its own findings.
///
/// Two rules are in one group when their `each`, `when` and assertion compile to the same code
/// (same tables, same parameters) and they treat missing values alike, so their outcomes are
/// equal by construction, not by name.
struct SharedChecks: Sendable {
  /// For each pack (by position in `frameworks.packs`), each rule's group, or -1.
  private let groups: [[Int32]]
  /// The number of groups.
  let count: Int

  init(_ packs: [RulePack]) {
    var groups = packs.map { [Int32](repeating: -1, count: $0.rules.count) }
    // Candidates by text first: comparing compiled code is only needed within a bucket.
    var buckets: [String: [(pack: Int, rule: Int)]] = [:]
    for (p, pack) in packs.enumerated() {
      for (r, rule) in pack.rules.enumerated() {
        let key = [rule.each?.text ?? "", rule.when?.text ?? "", rule.assertion.text, rule.failsWhenMissing ? "1" : "0"]
          .joined(separator: "\u{1}")
        buckets[key, default: []].append((p, r))
      }
    }
    var count = 0
    for key in buckets.keys.sorted() {
      var members = buckets[key]!
      while members.count > 1 {
        let first = packs[members[0].pack].rules[members[0].rule]
        let same = members.filter { Self.checksAlike(first, packs[$0.pack].rules[$0.rule]) }
        members.removeAll { m in same.contains { $0 == m } }
        guard same.count > 1 else { continue }
        for m in same { groups[m.pack][m.rule] = Int32(count) }
        count += 1
      }
    }
    self.groups = groups
    self.count = count
  }

  /// The group of rule `rule` of pack `pack`, or nil when no other rule checks the same.
  func group(pack: Int, rule: Int) -> Int? {
    let g = groups[pack][rule]
    return g < 0 ? nil : Int(g)
  }

  private static func checksAlike(_ a: Rule, _ b: Rule) -> Bool {
    a === b || (a.failsWhenMissing == b.failsWhenMissing && same(a.each, b.each) && same(a.when, b.when)
      && same(a.assertion, b.assertion))
  }

  private static func same(_ a: Expression?, _ b: Expression?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return a.variableCount == b.variableCount && a.code == b.code
    default: return false
    }
  }
}
