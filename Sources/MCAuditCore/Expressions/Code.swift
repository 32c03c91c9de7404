#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A type-checked, compiled expression: names are resolved to slots, constants folded.
indirect enum Code: Sendable, Equatable {
  case constant(Value)
  /// The course.
  case root
  /// A bound variable: `it` of an `each` rule, or a macro's variable.
  case variable(Int)
  case today
  case field(Code, slot: Int)
  /// A field of the course itself: the most frequent access, read without wrapping the course.
  case rootField(slot: Int)
  /// A field of a bound variable (`it.x`, `a.type` in a macro): read in place in the variable.
  case variableField(Int, slot: Int)
  case index(Code, Code)
  case not(Code)
  case negate(Code)
  case arithmetic(ArithmeticOperator, Code, Code)
  case compare(ComparisonOperator, Code, Code)
  case equal(Code, Code, negated: Bool)
  case contains(element: Code, collection: Code)
  /// `x in` a constant list of strings (a table): a set look-up instead of a scan.
  case containsString(Code, StringSet)
  /// `x == 'a' || x == 'b' || …`, made by ``Program`` when it lowers such a chain: whether `x` is
  /// a string of the set (false for any other kind of value, missing when `x` is missing).
  case memberOf(Code, StringSet)
  /// `list.exists(p, p in table)`: whether a list of strings meets a constant set, without
  /// binding each element to a variable.
  case existsIn(Code, StringSet)
  /// `bind(x, init, body)`: `init` evaluated once, then `body` with `x` bound to it.
  case bind(variable: Int, value: Code, body: Code)
  case and(Code, Code)
  case or(Code, Code)
  case coalesce(Code, Code)
  case conditional(Code, Code, Code)
  case has(Code)
  case call(Builtin, [Code])
  case macro(Macro, list: Code, variable: Int, body: Code)
  /// `pairs(list).m(p, body)` where the body reads `p` only as `p[0]` and `p[1]`: the loop binds
  /// the two elements of each pair to slots `first` and `first + 1` without building the pairs
  /// (a two-element list per pair, which made `pairs` the costliest builtin of the outcome rules).
  case pairMacro(Macro, list: Code, first: Int, body: Code)
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

extension Code {
  /// The direct sub-expressions.
  var children: [Code] {
    switch self {
    case .constant, .root, .variable, .today, .rootField, .variableField: return []
    case .field(let b, _), .not(let b), .negate(let b), .has(let b), .matches(let b, _), .containsString(let b, _),
         .existsIn(let b, _), .memberOf(let b, _):
      return [b]
    case .index(let a, let b), .arithmetic(_, let a, let b), .compare(_, let a, let b), .equal(let a, let b, _),
         .contains(let a, let b), .and(let a, let b), .or(let a, let b), .coalesce(let a, let b):
      return [a, b]
    case .conditional(let a, let b, let c): return [a, b, c]
    case .call(_, let args), .list(let args): return args
    case .macro(_, let list, _, let body), .pairMacro(_, let list, _, let body): return [list, body]
    case .bind(_, let value, let body): return [value, body]
    }
  }

  /// The same expression with each direct sub-expression transformed.
  func mapChildren(_ f: (Code) -> Code) -> Code {
    switch self {
    case .constant, .root, .variable, .today, .rootField, .variableField: return self
    case .field(let b, let slot): return .field(f(b), slot: slot)
    case .not(let b): return .not(f(b))
    case .negate(let b): return .negate(f(b))
    case .has(let b): return .has(f(b))
    case .matches(let b, let r): return .matches(f(b), r)
    case .containsString(let b, let set): return .containsString(f(b), set)
    case .memberOf(let b, let set): return .memberOf(f(b), set)
    case .existsIn(let b, let set): return .existsIn(f(b), set)
    case .index(let a, let b): return .index(f(a), f(b))
    case .arithmetic(let op, let a, let b): return .arithmetic(op, f(a), f(b))
    case .compare(let op, let a, let b): return .compare(op, f(a), f(b))
    case .equal(let a, let b, let negated): return .equal(f(a), f(b), negated: negated)
    case .contains(let a, let b): return .contains(element: f(a), collection: f(b))
    case .and(let a, let b): return .and(f(a), f(b))
    case .or(let a, let b): return .or(f(a), f(b))
    case .coalesce(let a, let b): return .coalesce(f(a), f(b))
    case .conditional(let a, let b, let c): return .conditional(f(a), f(b), f(c))
    case .call(let builtin, let args): return .call(builtin, args.map(f))
    case .list(let items): return .list(items.map(f))
    case .macro(let m, let list, let v, let body): return .macro(m, list: f(list), variable: v, body: f(body))
    case .pairMacro(let m, let list, let first, let body): return .pairMacro(m, list: f(list), first: first, body: f(body))
    case .bind(let v, let value, let body): return .bind(variable: v, value: f(value), body: f(body))
    }
  }

  /// Whether the expression reads a variable in `slots`.
  func reads(_ slots: Range<Int>) -> Bool {
    if case .variable(let slot) = self { return slots.contains(slot) }
    if case .variableField(let slot, _) = self { return slots.contains(slot) }
    return children.contains { $0.reads(slots) }
  }
}

/// A constant set of strings, built when the pack loads.
struct StringSet: Sendable, Equatable {
  let values: KeyTable
  /// The strings, sorted and without repeats: two sets of the same strings compare equal.
  let sorted: [String]

  init(_ strings: [String]) {
    sorted = Array(Set(strings)).sorted()
    values = KeyTable(sorted)
  }

  static func == (a: StringSet, b: StringSet) -> Bool { a.sorted == b.sorted }
}

/// A regular expression compiled when the pack loads: POSIX extended syntax with the GNU
/// operators (`\b`, `\w`, `\s`, `\<`, `\>`), matched by the C library, which is many times
/// faster than Swift's `Regex` on the audit's hot path. A leading `(?i)` makes it
/// case-insensitive. Characters are UTF-8: compiling and matching run under a `C.UTF-8`
/// character locale selected for the calling thread only (`uselocale`), never process-wide.
///
/// An ASCII pattern is compiled a second time under the `C` locale, which matches byte by byte:
/// on ASCII text it matches exactly what the UTF-8 one does (every character is one byte, and
/// ASCII letters, word characters and case are the same in both), and it spares the C library
/// its conversion of the text to wide characters, which took most of a match's time. Text with
/// other characters is matched by the UTF-8 one.
///
/// Immutable after `init`; glibc's `regexec` is thread-safe, so sharing it across threads is safe.
final class CompiledRegex: @unchecked Sendable {
  let pattern: String
  /// The pattern under `C.UTF-8`, and under `C` when it is ASCII.
  private let compiled: Compiled
  private let ascii: Compiled?

  /// A `regex_t` and the locale it is compiled and run under.
  private struct Compiled {
    let regex: UnsafeMutablePointer<regex_t>
    let locale: locale_t?

    /// The pattern compiled, or the C library's message when it does not compile.
    static func make(_ body: String, flags: Int32, locale: locale_t?) -> Result<Compiled, RegexError> {
      let regex = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
      let status = CompiledRegex.under(locale) { regcomp(regex, body, flags) }
      guard status == 0 else {
        var buffer = [CChar](repeating: 0, count: 256)
        regerror(status, regex, &buffer, buffer.count)
        regex.deallocate()
        if let locale { freelocale(locale) }
        return .failure(RegexError(message: String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
      }
      return .success(Compiled(regex: regex, locale: locale))
    }

    func free() {
      regfree(regex)
      regex.deallocate()
      if let locale { freelocale(locale) }
    }

    func matches(_ input: UnsafePointer<CChar>) -> Bool {
      CompiledRegex.under(locale) { regexec(regex, input, 0, nil, 0) } == 0
    }
  }

  init(_ pattern: String) throws(RegexError) {
    self.pattern = pattern
    var body = pattern
    var flags = REG_EXTENDED | REG_NOSUB
    if body.hasPrefix("(?i)") {
      body.removeFirst(4)
      flags |= REG_ICASE
    }
    let locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) ?? newlocale(LC_CTYPE_MASK, "en_US.UTF-8", nil)
    // A pattern that does not compile throws before every stored property is set, so `deinit`
    // does not run (`make` has freed what it made).
    compiled = try Compiled.make(body, flags: flags, locale: locale).get()
    if body.utf8.allSatisfy({ $0 < 0x80 }), let c = newlocale(LC_CTYPE_MASK, "C", nil) {
      ascii = try? Compiled.make(body, flags: flags, locale: c).get()
    } else {
      ascii = nil
    }
  }

  deinit {
    compiled.free()
    ascii?.free()
  }

  /// Whether the pattern occurs in `s` (searches, like CEL's `matches`); reads at most the first
  /// 10,000 bytes so that a pathological pattern stays bounded by a small input.
  /// The text is the UTF-8 bytes; C reads it to its first NUL byte, if it has one.
  func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    var n = min(text.count, 10_000)
    if n < text.count { while n > 0, text[n] & 0xC0 == 0x80 { n -= 1 } }  // not within a character
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { input in
      var high: UInt8 = 0
      for i in 0..<n {
        input[i] = CChar(bitPattern: text[i])
        high |= text[i]
      }
      input[n] = 0
      let regex = high < 0x80 ? ascii ?? compiled : compiled
      return regex.matches(input.baseAddress!)
    }
  }

  /// Runs `body` with `locale` as this thread's locale.
  fileprivate static func under<T>(_ locale: locale_t?, _ body: () -> T) -> T {
    guard let locale else { return body() }
    let previous = uselocale(locale)
    defer { uselocale(previous) }
    return body()
  }
}

extension CompiledRegex: Equatable {
  /// Two regexes compiled from one pattern match alike.
  static func == (a: CompiledRegex, b: CompiledRegex) -> Bool { a.pattern == b.pattern }
}

/// Why a pattern does not compile.
struct RegexError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
