#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluates compiled expressions over one course.
///
/// Total: every operation has a result for every input (missing propagates, division by zero is
/// missing), and loops only run over course data, so evaluation neither traps nor runs unbounded.
///
/// One evaluator serves every rule of every pack for a course: its variable slots are allocated
/// once, and the word lists of the course's texts are computed once, although the outcome rules of
/// several packs split the same outcome.
struct Evaluator {
  let root: ObjectValue
  let today: CivilDate
  var variables: [Value] = []
  /// Results of `words` and `verb_phrases`, found by ``textKey(_:_:)``: `textIndex` maps the key
  /// to the entry; on a collision the newer text takes the slot.
  private var textCache: [TextEntry] = []
  private var textIndex: [Int: Int] = [:]

  /// A text builtin applied to one string, and its result.
  private struct TextEntry {
    var builtin: Code.Builtin
    var text: String
    var result: Value
  }

  init(root: ObjectValue, today: CivilDate) {
    self.root = root
    self.today = today
  }

  /// The value of `expression`, with `it` (slot 0) bound when given; without it, `it` is what
  /// was bound last (an expression that reads `it` is compiled only where `it` is bound).
  mutating func evaluate(_ expression: Expression, it: Value? = nil) -> Value {
    if let it { bind(it: it) }
    if variables.count < expression.variableCount {
      variables.append(contentsOf: repeatElement(.missing, count: expression.variableCount - variables.count))
    }
    let program = expression.program
    return eval(program.entry, program)
  }

  /// Binds `it` (slot 0) for the expressions evaluated next.
  mutating func bind(it: Value) {
    if variables.isEmpty { variables.append(it) } else { variables[0] = it }
  }

  /// The value of node `i` of `p` (``Program/Node`` says what `a`, `b` and `c` hold).
  mutating func eval(_ i: Int32, _ p: Program) -> Value {
    let node = p.nodes[Int(i)]
    switch node.op {
    case .constant: return p.constants[Int(node.a)]
    case .root: return .object(root)
    case .variable: return variables[Int(node.a)]
    case .today: return .date(today)
    case .rootField:
      let slot = Int(node.a)
      return slot < root.fields.count ? root.fields[slot] : .missing
    case .variableField:
      return variables.withUnsafeBufferPointer { Self.field(Int(node.b), of: $0.baseAddress! + Int(node.a)) }
    case .field:
      let slot = Int(node.b), base = p.nodes[Int(node.a)]
      if base.op == .rootField {
        // A field of a field of the root (`provider.country`), read in place.
        let baseSlot = Int(base.a)
        return root.fields.withUnsafeBufferPointer { baseSlot < $0.count ? Self.field(slot, of: $0.baseAddress! + baseSlot) : .missing }
      }
      if case .object(let o) = eval(node.a, p), slot < o.fields.count { return o.fields[slot] }
      return .missing
    case .index:
      let b = eval(node.a, p), k = eval(node.b, p)
      switch (b, k) {
      case (.list(let items), .number(let n)):
        guard n == n.rounded(), n >= 0, n < Double(items.count) else { return .missing }
        return items[Int(n)]
      case (.map(let m), .string(let s)): return m[s] ?? .missing
      case (.map(let m), .number(let n)): return m[Value.format(n)] ?? .missing
      default: return .missing
      }
    case .not:
      if case .bool(let b) = eval(node.a, p) { return .bool(!b) }
      return .missing
    case .negate:
      if case .number(let d) = eval(node.a, p) { return .number(-d) }
      return .missing
    case .arithmetic:
      return arithmetic(Program.arithmetic[Int(node.variant)], eval(node.a, p), eval(node.b, p))
    case .compare:
      guard let order = Evaluator.order(eval(node.a, p), eval(node.b, p)) else { return .missing }
      switch Program.comparisons[Int(node.variant)] {
      case .less: return .bool(order < 0)
      case .lessOrEqual: return .bool(order <= 0)
      case .greater: return .bool(order > 0)
      case .greaterOrEqual: return .bool(order >= 0)
      }
    case .equal:
      // A bound value compared with a constant (`p[0] == 'and'`, as outcome rules do for each pair
      // of words) is read in place, and so is the constant.
      let x = p.nodes[Int(node.a)], y = p.nodes[Int(node.b)], negated = node.variant == 1
      if x.op == .variable, y.op == .constant {
        return variables.withUnsafeBufferPointer { v in
          p.constants.withUnsafeBufferPointer { c in Self.equal(v.baseAddress! + Int(x.a), c.baseAddress! + Int(y.a), negated: negated) }
        }
      }
      return Self.equal(eval(node.a, p), eval(node.b, p), negated: negated)
    case .contains:
      let e = eval(node.a, p)
      switch eval(node.b, p) {
      case .list(let items):
        if e.isMissing { return .missing }
        return .bool(items.contains(e))
      case .map(let m):
        switch e {
        case .string(let s): return .bool(m[s] != nil)
        case .number(let n): return .bool(m[Value.format(n)] != nil)
        default: return .missing
        }
      default:
        return .missing
      }
    case .containsString:
      let x = p.nodes[Int(node.a)]
      if x.op == .variable {
        return variables.withUnsafeBufferPointer { Self.string($0.baseAddress! + Int(x.a), in: p.sets[Int(node.b)]) }
      }
      guard case .string(let s) = eval(node.a, p) else { return .missing }
      return .bool(p.sets[Int(node.b)].values.contains(s))
    case .existsIn:
      // As `exists` would: true on a match; otherwise missing if an element was not a string.
      guard case .list(let items) = eval(node.a, p) else { return .missing }
      let set = p.sets[Int(node.b)]
      var sawMissing = false
      for item in items {
        guard case .string(let s) = item else { sawMissing = true; continue }
        if set.values.contains(s) { return .bool(true) }
      }
      return sawMissing ? .missing : .bool(false)
    case .bind:
      variables[Int(node.c)] = eval(node.a, p)
      return eval(node.b, p)
    case .and:
      let x = eval(node.a, p)
      if case .bool(false) = x { return .bool(false) }
      let y = eval(node.b, p)
      if case .bool(false) = y { return .bool(false) }
      if case .bool(true) = x, case .bool(true) = y { return .bool(true) }
      return .missing
    case .or:
      let x = eval(node.a, p)
      if case .bool(true) = x { return .bool(true) }
      let y = eval(node.b, p)
      if case .bool(true) = y { return .bool(true) }
      if case .bool(false) = x, case .bool(false) = y { return .bool(false) }
      return .missing
    case .coalesce:
      let x = eval(node.a, p)
      return x.isMissing ? eval(node.b, p) : x
    case .conditional:
      switch eval(node.a, p) {
      case .bool(true): return eval(node.b, p)
      case .bool(false): return eval(node.c, p)
      default: return .missing
      }
    case .has:
      return .bool(isPresent(node.a, p))
    case .call:
      return call(Program.builtins[Int(node.variant)], node.a, node.b, p)
    case .macro:
      guard case .list(let items) = eval(node.a, p) else { return .missing }
      return macro(Program.macros[Int(node.variant)], items, Int(node.c), node.b, p)
    case .pairMacro:
      // As over `pairs(list)`: missing stays missing; what is not a list has no pairs.
      let list = eval(node.a, p)
      if list.isMissing { return .missing }
      var items: [Value] = []
      if case .list(let l) = list { items = l }
      return macro(Program.macros[Int(node.variant)], items, Int(node.c), node.b, p, pairs: true)
    case .list:
      var items: [Value] = []
      items.reserveCapacity(Int(node.b))
      for k in node.a..<node.a + node.b { items.append(eval(p.operands[Int(k)], p)) }
      return .list(items)
    case .matches:
      guard case .string(let s) = eval(node.a, p) else { return .missing }
      return .bool(p.regexes[Int(node.b)].matches(s))
    }
  }

  /// Field `slot` of the object a variable holds, read through a pointer: binding the object
  /// (`if case .object(let o) = variables[v]`) retained and released its fields for each access.
  private static func field(_ slot: Int, of variable: UnsafePointer<Value>) -> Value {
    guard case .object(let o) = variable.pointee, slot < o.fields.count else { return .missing }
    return o.fields[slot]
  }

  /// `x == y` (`!=` when `negated`); missing when either is. Read through pointers where the
  /// operands lie: passed as values, both were copied (and retained) for each comparison.
  private static func equal(_ x: UnsafePointer<Value>, _ y: UnsafePointer<Value>, negated: Bool) -> Value {
    if x.pointee.isMissing || y.pointee.isMissing { return .missing }
    return .bool((x.pointee == y.pointee) != negated)
  }

  private static func equal(_ x: Value, _ y: Value, negated: Bool) -> Value {
    if x.isMissing || y.isMissing { return .missing }
    return .bool((x == y) != negated)
  }

  /// `v in set` for a value read in place: missing unless it is a string.
  private static func string(_ v: UnsafePointer<Value>, in set: StringSet) -> Value {
    guard case .string(let s) = v.pointee else { return .missing }
    return .bool(set.values.contains(s))
  }

  /// Whether node `i` has a value; course fields are tested in place, without copying the value.
  private mutating func isPresent(_ i: Int32, _ p: Program) -> Bool {
    let node = p.nodes[Int(i)]
    switch node.op {
    case .rootField:
      let slot = Int(node.a)
      return slot < root.fields.count && !root.fields[slot].isMissing
    case .variableField:
      let slot = Int(node.b)
      guard case .object(let o) = variables[Int(node.a)], slot < o.fields.count else { return false }
      return !o.fields[slot].isMissing
    default:
      return !eval(i, p).isMissing
    }
  }

  /// `s` lower-cased; `s` itself (no copy) when it is ASCII without capitals, as most codes and
  /// enumeration values that rules lower-case are.
  static func lowered(_ s: String) -> String {
    let unchanged = s.withUTF8Bytes { bytes in
      !bytes.contains { $0 >= 0x80 || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
    return unchanged ? s : s.lowercased()
  }

  /// `s` without leading and trailing white space; `s` itself (no copy) when there is none.
  static func trimmed(_ s: String) -> String {
    // Most texts start and end with an ASCII letter: two bytes decide, without a scalar walk.
    let asciiEnds = s.withUTF8Bytes { bytes in
      guard let first = bytes.first, let last = bytes.last, first < 0x80, last < 0x80 else { return false }
      return !ScalarClass.isWhitespace(Unicode.Scalar(first)) && !ScalarClass.isWhitespace(Unicode.Scalar(last))
    }
    if asciiEnds { return s }
    let scalars = s.unicodeScalars
    guard let first = scalars.first, let last = scalars.last else { return s }
    if !ScalarClass.isWhitespace(first) && !ScalarClass.isWhitespace(last) { return s }
    guard let start = scalars.firstIndex(where: { !ScalarClass.isWhitespace($0) }),
          let end = scalars.lastIndex(where: { !ScalarClass.isWhitespace($0) }) else { return "" }
    return String(scalars[start...end])
  }

  /// Lower-cased words of a text: letters, digits, `'` and `-` form words; a comma is a word of
  /// its own (so that rules can see where phrases are joined); everything else separates.
  /// It walks the UTF-8 bytes: ASCII byte by byte; only other letters consult Unicode properties.
  static func words(_ s: String) -> [Value] {
    s.withUTF8Bytes { text in
      // The word being read is written into scratch memory as long as the text, byte by byte:
      // appending to an array cost a capacity and uniqueness check per byte.
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(text.count, 1)) { word in
        var out: [Value] = []
        out.reserveCapacity(text.count / 6 + 1)
        var length = 0
        var isASCIIWord = true
        func flush() {
          guard length > 0 else { return }
          let w = String(decoding: UnsafeBufferPointer(rebasing: word[..<length]), as: UTF8.self)
          out.append(.string(isASCIIWord ? w : w.lowercased()))
          length = 0
          isASCIIWord = true
        }
        var i = 0
        while i < text.count {
          let b = text[i]
          if b < 0x80 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
              word[length] = b + 32
              length += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"), UInt8(ascii: "-"):
              word[length] = b
              length += 1
            case UInt8(ascii: ","):
              flush()
              out.append(.string(","))
            default:
              flush()
            }
            i += 1
            continue
          }
          // A scalar of two to four bytes (a String is valid UTF-8): decoded only to ask whether it
          // is a letter; its bytes join the word as they are.
          let count = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
          var value = UInt32(b) & (0x7F >> count)
          for k in 1..<count { value = value << 6 | UInt32(text[i + k] & 0x3F) }
          if let u = Unicode.Scalar(value), ScalarClass.isAlphabetic(u) {
            for k in 0..<count { word[length + k] = text[i + k] }
            length += count
            isASCIIWord = false
          } else {
            flush()
          }
          i += count
        }
        flush()
        return out
      }
    }
  }

  /// Where a learning outcome's verb can be: its first one, two and three words, and the one to
  /// three words after "able to" ("Learners will be able to evaluate ..."), lower-cased.
  /// It takes the text already split into ``words(_:)``; a phrase is built as bytes.
  static func verbPhrases(words w: [Value]) -> [Value] {
    var out: [Value] = []
    out.reserveCapacity(6)
    var phrase: [UInt8] = []
    phrase.reserveCapacity(64)
    func phrases(from start: Int) {
      phrase.removeAll(keepingCapacity: true)
      // A comma ends the phrase: "evaluate, compare" is two verbs, not one phrase.
      for i in start..<min(start + 3, w.count) {
        guard case .string(let word) = w[i], word != "," else { return }
        if !phrase.isEmpty { phrase.append(UInt8(ascii: " ")) }
        phrase.append(contentsOf: word.utf8)
        out.append(.string(String(decoding: phrase, as: UTF8.self)))
      }
    }
    phrases(from: 0)
    if let able = w.firstIndex(of: .string("able")), able + 1 < w.count, w[able + 1] == .string("to") {
      phrases(from: able + 2)
    }
    return out
  }

  /// Whether the bytes of `s` start (or end, `atEnd`) with those of `t`.
  static func utf8HasAffix(_ s: String, _ t: String, atEnd: Bool) -> Bool {
    return s.withUTF8Bytes { hay in
      t.withUTF8Bytes { affix in
        guard affix.count <= hay.count else { return false }
        if affix.isEmpty { return true }
        return memcmp(hay.baseAddress! + (atEnd ? hay.count - affix.count : 0), affix.baseAddress!, affix.count) == 0
      }
    }
  }

  /// Ordering of two values of one kind; nil when they cannot be ordered (missing, mixed).
  static func order(_ a: Value, _ b: Value) -> Int? {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.string(let x), .string(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.date(let x), .date(let y)): return x < y ? -1 : x > y ? 1 : 0
    default: return nil
    }
  }

  private func arithmetic(_ op: Code.ArithmeticOperator, _ a: Value, _ b: Value) -> Value {
    if op == .concatenate {
      if case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
      return .missing
    }
    guard case .number(let x) = a, case .number(let y) = b else { return .missing }
    let r: Double
    switch op {
    case .add: r = x + y
    case .subtract: r = x - y
    case .multiply: r = x * y
    case .divide:
      guard y != 0 else { return .missing }
      r = x / y
    case .remainder:
      guard y != 0 else { return .missing }
      r = x.truncatingRemainder(dividingBy: y)
    case .concatenate: return .missing
    }
    return r.isFinite ? .number(r) : .missing
  }

  /// A macro over `items`, or with `pairs` over each two neighbours of `items`, bound to `slot` and
  /// `slot + 1` (``Code/pairMacro(_:list:first:body:)``).
  private mutating func macro(_ macro: Code.Macro, _ items: [Value], _ slot: Int, _ body: Int32, _ p: Program,
                              pairs: Bool = false) -> Value {
    var sawMissing = false
    var count = 0
    var sum = 0.0
    var kept: [Value] = []
    for i in 0..<(pairs ? max(items.count - 1, 0) : items.count) {
      variables[slot] = items[i]
      if pairs { variables[slot + 1] = items[i + 1] }
      let v = eval(body, p)
      switch macro {
      case .all:
        if case .bool(false) = v { return .bool(false) }
        if v.isMissing { sawMissing = true }
      case .exists:
        if case .bool(true) = v { return .bool(true) }
        if v.isMissing { sawMissing = true }
      case .exists_one, .count:
        if case .bool(true) = v { count += 1 }
      case .filter:
        if case .bool(true) = v { kept.append(pairs ? .list([items[i], items[i + 1]]) : items[i]) }
      case .map:
        if !v.isMissing { kept.append(v) }
      case .sum:
        if case .number(let d) = v { sum += d }
      }
    }
    switch macro {
    case .all: return sawMissing ? .missing : .bool(true)
    case .exists: return sawMissing ? .missing : .bool(false)
    case .exists_one: return .bool(count == 1)
    case .count: return .number(Double(count))
    case .filter, .map: return .list(kept)
    case .sum: return .number(sum)
    }
  }

  /// A builtin applied to the operands `p.operands[start ..< start + count]`.
  private mutating func call(_ builtin: Code.Builtin, _ start: Int32, _ count: Int32, _ p: Program) -> Value {
    let args = UnsafeBufferPointer(rebasing: p.operands[Int(start)..<Int(start + count)])
    // The frequent one-argument builtins evaluate without building an argument array.
    if args.count == 1 {
      let v = eval(args[0], p)
      if v.isMissing { return .missing }
      if builtin == .words || builtin == .verb_phrases, case .string(let s) = v { return splitText(builtin, s) }
      return apply(builtin, CollectionOfOne(v))
    }
    // Two arguments (`contains`, `max`, `join`, ...) go without an array too.
    if args.count == 2 {
      let a = eval(args[0], p)
      if a.isMissing, builtin != .string { return .missing }
      let b = eval(args[1], p)
      if b.isMissing, builtin != .string { return .missing }
      return apply(builtin, TwoValues(left: a, right: b))
    }
    var values: [Value] = []
    values.reserveCapacity(args.count)
    for a in args {
      let v = eval(a, p)
      if v.isMissing, builtin != .string { return .missing }
      values.append(v)
    }
    return apply(builtin, values)
  }

  /// `words(s)` or `verb_phrases(s)`, computed once per text and course; the verb phrases of a
  /// text reuse its words.
  private mutating func splitText(_ builtin: Code.Builtin, _ s: String) -> Value {
    let key = Self.textKey(s, builtin)
    if let i = textIndex[key], textCache[i].builtin == builtin, textCache[i].text == s { return textCache[i].result }
    let words: [Value]
    if builtin == .verb_phrases, case .list(let known) = splitText(.words, s) {
      words = known
    } else {
      words = Evaluator.words(s)
    }
    let result = Value.list(builtin == .words ? words : Evaluator.verbPhrases(words: words))
    textIndex[key] = textCache.count
    textCache.append(TextEntry(builtin: builtin, text: s, result: result))
    return result
  }

  /// The cache key of a text: FNV-1a of its length and of at most 16 bytes at each end. The rules
  /// ask for the words of the same few texts many times per course, and hashing each whole
  /// outcome statement at every look-up cost more than the look-up; texts that share length and
  /// ends only share a slot (``textCache`` compares the text itself).
  static func textKey(_ s: String, _ builtin: Code.Builtin) -> Int {
    s.withUTF8Bytes { text in
      let head = min(text.count, 16)
      let ends = KeyTable.hash(UnsafeBufferPointer(rebasing: text[..<head]))
        &* 31 &+ KeyTable.hash(UnsafeBufferPointer(rebasing: text[max(head, text.count - 16)...]))
      return ends &* 31 &+ text.count &* 2 &+ (builtin == .words ? 0 : 1)
    }
  }

  private func apply<C: RandomAccessCollection>(_ builtin: Code.Builtin, _ values: C) -> Value where C.Element == Value, C.Index == Int {
    switch builtin {
    case .size:
      switch values[0] {
      case .string(let s): return .number(Double(s.scalarCount))
      case .list(let l): return .number(Double(l.count))
      case .map(let m): return .number(Double(m.count))
      default: return .missing
      }
    case .string:
      return values[0].isMissing ? .missing : .string(values[0].displayText)
    case .lower, .upper, .trim:
      guard case .string(let s) = values[0] else { return .missing }
      switch builtin {
      case .lower: return .string(Evaluator.lowered(s))
      case .upper: return .string(s.uppercased())
      default:
        return .string(Evaluator.trimmed(s))
      }
    case .contains, .startsWith, .endsWith:
      guard case .string(let s) = values[0], case .string(let t) = values[1] else { return .missing }
      // Code points compared byte for byte (UTF-8), as rule authors mean it: no Unicode
      // canonical equivalence, and no grapheme walk on the audit's hot path.
      switch builtin {
      case .contains: return .bool(s.containsBytes(t))
      case .startsWith: return .bool(Evaluator.utf8HasAffix(s, t, atEnd: false))
      default: return .bool(Evaluator.utf8HasAffix(s, t, atEnd: true))
      }
    case .int, .abs, .floor, .ceil:
      guard case .number(let d) = values[0] else { return .missing }
      switch builtin {
      case .int: return .number(d.rounded(.towardZero))
      case .abs: return .number(Swift.abs(d))
      case .floor: return .number(d.rounded(.down))
      default: return .number(d.rounded(.up))
      }
    case .min, .max:
      guard case .number(let a) = values[0], case .number(let b) = values[1] else { return .missing }
      return .number(builtin == .min ? Swift.min(a, b) : Swift.max(a, b))
    case .add_months, .add_days:
      guard case .date(let d) = values[0], case .number(let n) = values[1], Swift.abs(n) < 1_000_000 else { return .missing }
      return builtin == .add_months ? .date(d.adding(months: Int(n))) : .date(CivilDate(days: d.days + Int(n)))
    case .months_between, .days_between:
      guard case .date(let a) = values[0], case .date(let b) = values[1] else { return .missing }
      return .number(Double(builtin == .months_between ? a.months(to: b) : b.days - a.days))
    case .year:
      guard case .date(let d) = values[0] else { return .missing }
      return .number(Double(d.components.year))
    case .words, .verb_phrases:
      // A string goes through `splitText(_:_:)` (memoised per course); nothing else has words.
      return .missing
    case .take, .drop:
      guard case .list(let items) = values[0], case .number(let n) = values[1] else { return .missing }
      let k = max(0, min(items.count, Int(n.rounded(.down))))
      return .list(Array(builtin == .take ? items.prefix(k) : items.dropFirst(k)))
    case .join:
      guard case .list(let items) = values[0], case .string(let sep) = values[1] else { return .missing }
      return .string(items.map(\.displayText).joined(separator: sep))
    case .index_of:
      guard case .list(let items) = values[0] else { return .missing }
      return .number(Double(items.firstIndex(of: values[1]) ?? -1))
    case .pairs:
      guard case .list(let items) = values[0], items.count > 1 else { return .list([]) }
      return .list((1..<items.count).map { .list([items[$0 - 1], items[$0]]) })
    }
  }
}

/// The arguments of a two-argument builtin, as a collection that needs no allocation.
private struct TwoValues: RandomAccessCollection {
  let left: Value
  let right: Value
  var startIndex: Int { 0 }
  var endIndex: Int { 2 }
  subscript(i: Int) -> Value { i == 0 ? left : right }
}
