/// A type-checked, compiled expression: names are resolved to slots, constants folded.
indirect enum Code: Sendable {
  case constant(Value)
  /// The course.
  case root
  /// A bound variable: `it` of an `each` rule, or a macro's variable.
  case variable(Int)
  case today
  case field(Code, slot: Int)
  /// A field of the course itself: the most frequent access, read without wrapping the course.
  case rootField(slot: Int)
  case index(Code, Code)
  case not(Code)
  case negate(Code)
  case arithmetic(ArithmeticOperator, Code, Code)
  case compare(ComparisonOperator, Code, Code)
  case equal(Code, Code, negated: Bool)
  case contains(element: Code, collection: Code)
  /// `x in` a constant list of strings (a table): a set look-up instead of a scan.
  case containsString(Code, StringSet)
  /// `bind(x, init, body)`: `init` evaluated once, then `body` with `x` bound to it.
  case bind(variable: Int, value: Code, body: Code)
  case and(Code, Code)
  case or(Code, Code)
  case coalesce(Code, Code)
  case conditional(Code, Code, Code)
  case has(Code)
  case call(Builtin, [Code])
  case macro(Macro, list: Code, variable: Int, body: Code)
  case list([Code])
  case matches(Code, CompiledRegex)

  enum ArithmeticOperator: Sendable { case add, subtract, multiply, divide, remainder, concatenate }
  enum ComparisonOperator: Sendable { case less, lessOrEqual, greater, greaterOrEqual }
  enum Macro: String, Sendable, CaseIterable { case all, exists, exists_one, count, filter, map, sum }

  enum Builtin: String, Sendable, CaseIterable {
    case size, lower, upper, trim, string, int, contains, startsWith, endsWith
    case add_months, add_days, months_between, days_between, year
    case min, max, abs, floor, ceil
    case words, verb_phrases, take, drop, join, index_of, pairs
  }
}

/// A constant set of strings, built when the pack loads.
struct StringSet: Sendable {
  let values: Set<String>
}

/// A regular expression compiled when the pack loads. Immutable, so sharing it across threads is
/// safe even though `Regex` is not declared `Sendable`.
final class CompiledRegex: @unchecked Sendable {
  let pattern: String
  let regex: Regex<AnyRegexOutput>

  init(_ pattern: String) throws {
    self.pattern = pattern
    self.regex = try Regex(pattern)
  }

  /// Whether the pattern occurs in `s` (searches, like CEL's `matches`); reads at most 10,000
  /// characters so that a pathological pattern stays bounded by a small input.
  func matches(_ s: String) -> Bool {
    let input = s.count > 10_000 ? String(s.prefix(10_000)) : s
    return (try? regex.firstMatch(in: input)) != nil
  }
}
