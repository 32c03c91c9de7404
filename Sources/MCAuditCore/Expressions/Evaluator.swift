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
///
/// It works on ``Cell``s: the course's are read in place, and what it computes (words, lists,
/// lower-cased text) goes into its own arena, which lives as long as the evaluator.
struct Evaluator {
  private(set) var root: CellObject
  let today: CivilDate
  /// The course's arena, kept alive while its cells are read.
  private var course: ValueArena?
  private let scratch = ValueArena()
  /// The words of a text as they are found (``words(_:)``), kept for the next text.
  private var wordBuffer: [Cell] = []
  /// The variable slots (`it`, macro variables), in the scratch arena: a plain buffer, so that
  /// binding a variable needs no uniqueness check. Grown by ``evaluate(_:it:)`` when an
  /// expression needs more.
  private var variables: UnsafeMutablePointer<Cell>
  private var variableCapacity = 0
  /// Results of `words`, `verb_phrases`, `lower` and `upper`, by the text they were computed for.
  /// A course's texts are its cells, read in place: the same outcome read again is the same bytes
  /// at the same address, so a text is found by its address, length and builtin, without hashing
  /// its bytes (a text computed anew, which has an address of its own, is computed again: the
  /// same result).
  private var textCache: [TextEntry] = []
  /// Positions in ``textCache`` by a hash of address, length and builtin, -1 where none (open
  /// addressing, at most half full): a course with thousands of outcomes finds each in one probe
  /// or two, where a list searched from the start took time growing with the square of them.
  private var textSlots = [Int32](repeating: -1, count: Self.textSlotsAtStart)
  private static var textSlotsAtStart: Int { 64 }

  /// A text builtin applied to one string, and its result.
  private struct TextEntry {
    var builtin: Code.Builtin
    var text: Text
    var result: Cell
  }

  /// An evaluator of expressions about `course`.
  init(course: Course, today: CivilDate) {
    self.root = course.root
    self.course = course.storage
    self.today = today
    variables = Self.slots(8, in: scratch)
    variableCapacity = 8
  }

  /// An evaluator without a course: every course field is missing.
  init(today: CivilDate) {
    self.root = CellObject(type: Vocabulary.rootID, fields: Cells())
    self.course = nil
    self.today = today
    variables = Self.slots(8, in: scratch)
    variableCapacity = 8
  }

  /// Makes this evaluator one for `course`, keeping its memory: an audit checks course after
  /// course with one evaluator, whose arena, variables and lists are made once.
  mutating func reset(for course: Course) {
    root = course.root
    self.course = course.storage
    scratch.reset()
    variables = Self.slots(variableCapacity, in: scratch)
    textCache.removeAll(keepingCapacity: true)
    if textSlots.count > Self.textSlotsAtStart {
      textSlots = [Int32](repeating: -1, count: Self.textSlotsAtStart)
    } else {
      for k in textSlots.indices { textSlots[k] = -1 }
    }
  }

  /// `count` variable slots in `arena`, every one missing.
  private static func slots(_ count: Int, in arena: ValueArena) -> UnsafeMutablePointer<Cell> {
    let p = arena.allocate(byteCount: count * MemoryLayout<Cell>.stride, alignment: MemoryLayout<Cell>.alignment)
      .bindMemory(to: Cell.self, capacity: count)
    p.initialize(repeating: .missing, count: count)
    return p
  }

  /// The value of `expression`, owned: for callers that keep it (tests, constants).
  mutating func value(of expression: Expression, it: Value? = nil) -> Value {
    let bound = it.map { scratch.cell($0) }
    return evaluate(expression, it: bound).value
  }

  /// The value of `expression`, with `it` (slot 0) bound when given; without it, `it` is what
  /// was bound last (an expression that reads `it` is compiled only where `it` is bound).
  mutating func evaluate(_ expression: Expression, it: Cell? = nil) -> Cell {
    reserve(variables: expression.variableCount)
    if let it { bind(it: it) }
    return evaluate(expression.program.ref)  // `expression` keeps its program alive for the call
  }

  /// The value of a program whose variables ``reserve(variables:)`` made room for (a rule's
  /// ``RuleCheck``).
  mutating func evaluate(_ program: Program.Ref) -> Cell {
    eval(program.pointee.entry, program)
  }

  /// Makes room for `count` variable slots.
  mutating func reserve(variables count: Int) {
    guard variableCapacity < count else { return }
    let grown = Self.slots(count, in: scratch)
    grown.update(from: variables, count: variableCapacity)
    variables = grown
    variableCapacity = count
  }

  /// Binds `it` (slot 0) for the expressions evaluated next.
  func bind(it: Cell) {
    variables[0] = it
  }

  /// The value of node `i` of `p` (``Program/Node`` says what `a`, `b` and `c` hold): the
  /// frequent operations here, the others in ``evalRare(_:_:_:)``, so that this function's code
  /// and stack frame stay small (it runs some nine hundred times per course).
  mutating func eval(_ i: Int32, _ p: Program.Ref) -> Cell {
    let node = p.pointee.nodes[Int(i)]
    switch node.op {
    case .constant: return p.pointee.constants[Int(node.a)]
    case .variable: return variables[Int(node.a)]
    case .path: return path(node, p)
    case .hasPath: return .bool(!path(node, p).isMissing)
    case .has: return .bool(!operand(node.a, p).isMissing)
    case .not:
      if case .bool(let b) = operand(node.a, p) { return .bool(!b) }
      return .missing
    case .and:
      // As a chain of `&&`: false as soon as an operand is; true if all are; else missing.
      var allTrue = true
      for k in 0..<Int(node.b) {
        switch operand(p.pointee.operands[Int(node.a) + k], p) {
        case .bool(false): return .bool(false)
        case .bool(true): break
        default: allTrue = false
        }
      }
      return allTrue ? .bool(true) : .missing
    case .or:
      var allFalse = true
      for k in 0..<Int(node.b) {
        switch operand(p.pointee.operands[Int(node.a) + k], p) {
        case .bool(true): return .bool(true)
        case .bool(false): break
        default: allFalse = false
        }
      }
      return allFalse ? .bool(false) : .missing
    case .equal:
      let x = operand(node.a, p)
      return Self.equal(x, operand(node.b, p), negated: node.variant == 1)
    case .equalConstant:
      return Self.equal(operand(node.a, p), p.pointee.constants[Int(node.b)], negated: node.variant == 1)
    case .compare:
      let x = operand(node.a, p)
      return Self.compare(x, operand(node.b, p), node.variant)
    case .compareConstant:
      return Self.compare(operand(node.a, p), p.pointee.constants[Int(node.b)], node.variant)
    case .coalesce:
      let x = operand(node.a, p)
      return x.isMissing ? operand(node.b, p) : x
    case .conditional:
      switch eval(node.a, p) {
      case .bool(true): return eval(node.b, p)
      case .bool(false): return eval(node.c, p)
      default: return .missing
      }
    case .containsString:
      guard case .string(let s) = operand(node.a, p) else { return .missing }
      return .bool(p.pointee.sets[Int(node.b)].index(ofBytes: s.bytes) != nil)
    case .memberOf:
      switch operand(node.a, p) {
      case .string(let s): return .bool(p.pointee.sets[Int(node.b)].index(ofBytes: s.bytes) != nil)
      case .missing: return .missing
      default: return .bool(false)
      }
    case .call:
      return call(Program.builtin(node.variant), node.a, node.b, p)
    default:
      return evalRare(node, i, p)
    }
  }

  /// The value of an operand: the leaves that rules read most (a constant, a variable, a path)
  /// in place, any other node through ``eval(_:_:)``; a call spared per leaf, and a dispatch the
  /// calling operation predicts on its own. Builtins' arguments and the lists of macros are read
  /// through it too: a call of `eval` costs some sixty instructions of dispatch, prologue and
  /// epilogue, more than reading a field.
  @inline(__always)
  private mutating func operand(_ i: Int32, _ p: Program.Ref) -> Cell {
    let node = p.pointee.nodes[Int(i)]
    switch node.op {
    case .path: return path(node, p)
    case .constant: return p.pointee.constants[Int(node.a)]
    case .variable: return variables[Int(node.a)]
    default: return eval(i, p)
    }
  }

  /// `x == y` (or `!=`): missing when either is; texts and numbers compared in place, other
  /// kinds as values.
  @inline(__always)
  private static func equal(_ x: Cell, _ y: Cell, negated: Bool) -> Cell {
    switch (x, y) {
    case (.string(let s), .string(let t)): return .bool((s == t) != negated)
    case (.number(let a), .number(let b)): return .bool((a == b) != negated)
    case (.missing, _), (_, .missing): return .missing
    default: return .bool((x == y) != negated)
    }
  }

  /// `x < y` and the like, by ``Program/Comparison`` raw value: missing unless both are numbers,
  /// texts or dates.
  @inline(__always)
  private static func compare(_ x: Cell, _ y: Cell, _ comparison: UInt8) -> Cell {
    guard let order = order(x, y) else { return .missing }
    switch comparison {
    case Program.Comparison.less.rawValue: return .bool(order < 0)
    case Program.Comparison.lessOrEqual.rawValue: return .bool(order <= 0)
    case Program.Comparison.greater.rawValue: return .bool(order > 0)
    default: return .bool(order >= 0)
    }
  }

  /// The value of a path: its base, then each slot in turn; missing as soon as a step is not an
  /// object (or its field is missing).
  @inline(__always)
  private mutating func path(_ node: Program.Node, _ p: Program.Ref) -> Cell {
    var object: CellObject
    switch Program.PathBase(rawValue: node.variant).unsafelyUnwrapped {
    case .root:
      object = root
    case .variable:
      guard case .object(let o) = variables[Int(node.a)] else { return .missing }
      object = o
    case .node:
      guard case .object(let o) = eval(node.a, p) else { return .missing }
      object = o
    }
    let slots = p.pointee.operands + Int(node.b)
    let last = Int(node.c) - 1
    for k in 0..<last {
      guard case .object(let o) = object[Int(slots[k])] else { return .missing }
      object = o
    }
    return object[Int(slots[last])]
  }

  /// The operations ``eval(_:_:)`` leaves out of line.
  @inline(never)
  private mutating func evalRare(_ node: Program.Node, _ i: Int32, _ p: Program.Ref) -> Cell {
    switch node.op {
    case .root: return .object(root)
    case .today: return .date(today)
    case .index:
      let b = operand(node.a, p), k = operand(node.b, p)
      switch (b, k) {
      case (.list(let items), .number(let n)):
        guard n == n.rounded(), n >= 0, n < Double(items.count) else { return .missing }
        return items[Int(n)]
      case (.map(let m), .string(let s)): return m.table.value(for: s) ?? .missing
      case (.map(let m), .number(let n)): return m.table.value(for: Value.format(n)) ?? .missing
      default: return .missing
      }
    case .negate:
      if case .number(let d) = eval(node.a, p) { return .number(-d) }
      return .missing
    case .arithmetic:
      // Operands first: in the call's argument list they made Swift copy the evaluator.
      let x = eval(node.a, p), y = eval(node.b, p)
      return arithmetic(Program.arithmetic(node.variant), x, y)
    case .contains:
      let e = operand(node.a, p)
      switch operand(node.b, p) {
      case .list(let items):
        if e.isMissing { return .missing }
        return .bool(items.contains(e))
      case .map(let m):
        switch e {
        case .string(let s): return .bool(m.table.value(for: s) != nil)
        case .number(let n): return .bool(m.table.value(for: Value.format(n)) != nil)
        default: return .missing
        }
      default:
        return .missing
      }
    case .existsIn:
      // As `exists` would: true on a match; otherwise missing if an element was not a string.
      guard case .list(let items) = operand(node.a, p) else { return .missing }
      var sawMissing = false
      for item in items {
        guard case .string(let s) = item else { sawMissing = true; continue }
        if p.pointee.sets[Int(node.b)].index(ofBytes: s.bytes) != nil { return .bool(true) }
      }
      return sawMissing ? .missing : .bool(false)
    case .bind:
      variables[Int(node.c)] = eval(node.a, p)
      return eval(node.b, p)
    case .macro:
      guard case .list(let items) = operand(node.a, p) else { return .missing }
      return macro(Program.macro(node.variant), items, Int(node.c), node.b, p)
    case .pairMacro:
      // As over `pairs(list)`: missing stays missing; what is not a list has no pairs.
      let list = operand(node.a, p)
      if list.isMissing { return .missing }
      var items = Cells()
      if case .list(let l) = list { items = l }
      return macro(Program.macro(node.variant), items, Int(node.c), node.b, p, pairs: true)
    case .list:
      // Straight into the arena (a closure that captured the evaluator copied it).
      let count = Int(node.b)
      guard count > 0 else { return .list(Cells()) }
      let items = scratch.allocate(byteCount: count * MemoryLayout<Cell>.stride, alignment: MemoryLayout<Cell>.alignment)
        .bindMemory(to: Cell.self, capacity: count)
      for k in 0..<count { (items + k).initialize(to: eval(p.pointee.operands[Int(node.a) + k], p)) }
      return .list(Cells(base: UnsafePointer(items), count: count))
    case .matches:
      guard case .string(let s) = operand(node.a, p) else { return .missing }
      return .bool(p.pointee.regexes[Int(node.b)].takeUnretainedValue().matches(s.bytes))
    case .constant, .variable, .path, .hasPath, .has, .not, .and, .or, .equal, .equalConstant, .compare, .compareConstant,
         .coalesce, .conditional, .containsString, .memberOf, .call:
      return eval(i, p)
    }
  }

  /// `s` in lower (or upper) case: itself (no copy) when no letter changes, as in most codes and
  /// enumeration values that rules lower-case; ASCII text byte by byte into the arena; other text
  /// through `String`'s Unicode case mapping.
  private func changedCase(_ s: Text, upper: Bool) -> Text {
    let from = upper ? UInt8(ascii: "a") : UInt8(ascii: "A")
    let bytes = s.bytes
    var ascii = true, changes = false
    for b in bytes {
      if b >= 0x80 { ascii = false; break }
      if b &- from < 26 { changes = true }
    }
    if ascii && !changes { return s }
    guard ascii else { return scratch.text(upper ? s.string.uppercased() : s.string.lowercased()) }
    return scratch.text(capacity: bytes.count) { out in
      for (i, b) in bytes.enumerated() { out[i] = b &- from < 26 ? b ^ 0x20 : b }
      return bytes.count
    }
  }

  /// `s` without leading and trailing white space: a slice of it, no copy.
  static func trimmed(_ s: Text) -> Text {
    let bytes = s.bytes
    // Most texts start and end with an ASCII letter: two bytes decide, without a scalar walk.
    guard let first = bytes.first, let last = bytes.last else { return s }
    if first < 0x80, last < 0x80, !ScalarClass.isWhitespace(Unicode.Scalar(first)), !ScalarClass.isWhitespace(Unicode.Scalar(last)) {
      return s
    }
    var start = 0, end = bytes.count
    while start < end, let (scalar, length) = Self.scalar(in: bytes, at: start), ScalarClass.isWhitespace(scalar) {
      start += length
    }
    while end > start {
      var k = end - 1
      while k > start, bytes[k] & 0xC0 == 0x80 { k -= 1 }
      guard let (scalar, _) = Self.scalar(in: bytes, at: k), ScalarClass.isWhitespace(scalar) else { break }
      end = k
    }
    return s.slice(start, end)
  }

  /// The Unicode scalar whose UTF-8 bytes start at `i`, and their number.
  static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int)? {
    let b = bytes[i]
    if b < 0x80 { return (Unicode.Scalar(b), 1) }
    let count = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
    guard i + count <= bytes.count else { return nil }
    var value = UInt32(b) & (0x7F >> count)
    for k in 1..<count { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
    return Unicode.Scalar(value).map { ($0, count) }
  }

  /// Lower-cased words of a text: letters, digits, `'` and `-` form words; a comma is a word of
  /// its own (so that rules can see where phrases are joined); everything else separates.
  /// It walks the UTF-8 bytes: ASCII byte by byte; only other letters consult Unicode properties.
  /// The words are written, lower-cased, into one text in the arena, and each is a slice of it.
  /// A plain loop: in a closure, each word appended to the list it captured was an access checked
  /// for exclusivity at run time, which cost more than the word.
  mutating func words(_ s: Text) -> Cells {
    let text = s.bytes
    guard !text.isEmpty else { return Cells() }
    var out = wordBuffer  // the buffer is taken, filled and given back, keeping its memory
    wordBuffer = []
    out.removeAll(keepingCapacity: true)
    let word = scratch.allocate(byteCount: text.count, alignment: 1).bindMemory(to: UInt8.self, capacity: text.count)
    var used = 0, start = 0
    var isASCIIWord = true
    var i = 0
    while i < text.count {
      let b = text[i]
      if b < 0x80 {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
          word[used] = b + 32
          used += 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"), UInt8(ascii: "-"):
          word[used] = b
          used += 1
        case UInt8(ascii: ","):
          endWord(word, from: &start, to: used, isASCII: &isASCIIWord, into: &out)
          out.append(.string(Text(",")))
        default:
          endWord(word, from: &start, to: used, isASCII: &isASCIIWord, into: &out)
        }
        i += 1
        continue
      }
      // A scalar of two to four bytes: decoded only to ask whether it is a letter; its bytes
      // join the word as they are.
      let count = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
      if let (u, _) = Self.scalar(in: text, at: i), ScalarClass.isAlphabetic(u) {
        for k in 0..<count { word[used + k] = text[i + k] }
        used += count
        isASCIIWord = false
      } else {
        endWord(word, from: &start, to: used, isASCII: &isASCIIWord, into: &out)
      }
      i += count
    }
    endWord(word, from: &start, to: used, isASCII: &isASCIIWord, into: &out)
    let words = scratch.cells(out)
    wordBuffer = out
    return words
  }

  /// Appends the word `word[start ..< end]`, if it is not empty (lower-cased through `String`
  /// when it has other letters than ASCII ones), and starts the next word at `end`.
  @inline(__always)
  private func endWord(_ word: UnsafeMutablePointer<UInt8>, from start: inout Int, to end: Int, isASCII: inout Bool,
                       into out: inout [Cell]) {
    guard end > start else { return }
    let w = Text(base: UnsafePointer(word + start), count: end - start)
    out.append(.string(isASCII ? w : scratch.text(w.string.lowercased())))
    start = end
    isASCII = true
  }

  /// Where a learning outcome's verb can be: its first one, two and three words, and the one to
  /// three words after "able to" ("Learners will be able to evaluate ..."), lower-cased.
  /// It takes the text already split into ``words(_:)``.
  func verbPhrases(words w: Cells) -> Cells {
    // At most three phrases from each of two starts, written straight into the arena.
    let out = scratch.allocate(byteCount: 6 * MemoryLayout<Cell>.stride, alignment: MemoryLayout<Cell>.alignment)
      .bindMemory(to: Cell.self, capacity: 6)
    var n = 0
    func phrases(from start: Int) {
      // A comma ends the phrase: "evaluate, compare" is two verbs, not one phrase.
      var length = 0, count = 0
      for i in start..<min(start + 3, w.count) {
        guard case .string(let word) = w[i], word != Text(",") else { break }
        length += word.count + (count > 0 ? 1 : 0)
        count += 1
      }
      guard count > 0 else { return }
      // The longest phrase is written once; the shorter ones are its prefixes.
      let phrase = scratch.text(capacity: length) { text in
        var used = 0
        for i in start..<start + count {
          guard case .string(let word) = w[i] else { continue }
          if used > 0 { text[used] = UInt8(ascii: " "); used += 1 }
          for b in word.bytes { text[used] = b; used += 1 }
        }
        return used
      }
      var end = 0
      for i in start..<start + count {
        guard case .string(let word) = w[i] else { continue }
        end += (end > 0 ? 1 : 0) + word.count
        (out + n).initialize(to: .string(phrase.slice(0, end)))
        n += 1
      }
    }
    phrases(from: 0)
    if let able = w.firstIndex(of: .string(Text("able"))), able + 1 < w.count, w[able + 1] == .string(Text("to")) {
      phrases(from: able + 2)
    }
    return Cells(base: UnsafePointer(out), count: n)
  }

  /// Whether the bytes of `s` start (or end, `atEnd`) with those of `t`.
  static func hasAffix(_ s: Text, _ t: Text, atEnd: Bool) -> Bool {
    guard t.count <= s.count else { return false }
    if t.isEmpty { return true }
    return bytesEqual(s.base! + (atEnd ? s.count - t.count : 0), t.base!, t.count)
  }

  /// Whether the bytes of `t` occur in those of `s`: the C library's `memchr` finds each
  /// candidate start (many bytes at a time), `memcmp` checks it.
  static func contains(_ s: Text, _ t: Text) -> Bool {
    if t.isEmpty { return true }
    guard t.count <= s.count, let hay = s.base, let needle = t.base else { return false }
    let first = Int32(needle[0])
    var i = 0
    let last = s.count - t.count
    while i <= last {
      guard let found = memchr(hay + i, first, last - i + 1) else { return false }
      let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self))
      if memcmp(at, needle, t.count) == 0 { return true }
      i = (at - hay) + 1
    }
    return false
  }

  /// Ordering of two values of one kind; nil when they cannot be ordered (missing, mixed).
  static func order(_ a: Cell, _ b: Cell) -> Int? {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.string(let x), .string(let y)): return x < y ? -1 : x == y ? 0 : 1
    case (.date(let x), .date(let y)): return x < y ? -1 : x > y ? 1 : 0
    default: return nil
    }
  }

  private func arithmetic(_ op: Code.ArithmeticOperator, _ a: Cell, _ b: Cell) -> Cell {
    if op == .concatenate {
      guard case .string(let x) = a, case .string(let y) = b else { return .missing }
      return .string(scratch.text(capacity: x.count + y.count) { out in
        if x.count > 0 { (out.baseAddress!).initialize(from: x.base!, count: x.count) }
        if y.count > 0 { (out.baseAddress! + x.count).initialize(from: y.base!, count: y.count) }
        return x.count + y.count
      })
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
  private mutating func macro(_ macro: Code.Macro, _ items: Cells, _ slot: Int, _ body: Int32, _ p: Program.Ref,
                              pairs: Bool = false) -> Cell {
    var sawMissing = false
    var count = 0
    var sum = 0.0
    var kept: [Cell] = []
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
        if case .bool(true) = v { kept.append(pairs ? .list(items.slice(i, i + 2)) : items[i]) }
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
    case .filter, .map: return .list(scratch.cells(kept))
    case .sum: return .number(sum)
    }
  }

  /// A builtin applied to the operands `operands[start ..< start + count]` of `p`.
  private mutating func call(_ builtin: Code.Builtin, _ start: Int32, _ count: Int32, _ p: Program.Ref) -> Cell {
    let args = UnsafeBufferPointer(start: p.pointee.operands + Int(start), count: Int(count))
    // The frequent one- and two-argument builtins evaluate without building an argument array.
    if args.count == 1 {
      let v = operand(args[0], p)
      if v.isMissing { return .missing }
      if case .string(let s) = v {
        switch builtin {
        case .words, .verb_phrases: return splitText(builtin, s)
        case .lower, .upper: return changedCaseOnce(builtin, s)
        default: break
        }
      }
      return apply(builtin, v, .missing)
    }
    if args.count == 2 {
      let a = operand(args[0], p)
      if a.isMissing, builtin != .string { return .missing }
      let b = operand(args[1], p)
      if b.isMissing, builtin != .string { return .missing }
      return apply(builtin, a, b)
    }
    // No builtin takes more than two arguments (the compiler checks each call's count); a new one
    // that does fails every test build here before it can give missing in an audit.
    assertionFailure("\(builtin) called with \(args.count) arguments")
    return .missing
  }

  /// `words(s)` or `verb_phrases(s)`, computed once per text and course; the verb phrases of a
  /// text reuse its words.
  private mutating func splitText(_ builtin: Code.Builtin, _ s: Text) -> Cell {
    if let known = cachedText(builtin, s) { return known }
    let words: Cells
    if builtin == .verb_phrases, case .list(let known) = splitText(.words, s) {
      words = known
    } else {
      words = self.words(s)
    }
    let result = Cell.list(builtin == .words ? words : verbPhrases(words: words))
    cacheText(builtin, s, result)
    return result
  }

  /// `lower(s)` or `upper(s)`, computed once per text and course: rules lower-case the same text
  /// once for each term they look for in it (`tables.ai_terms.exists(t, lower(o.text).contains(t))`).
  private mutating func changedCaseOnce(_ builtin: Code.Builtin, _ s: Text) -> Cell {
    if let known = cachedText(builtin, s) { return known }
    let result = Cell.string(changedCase(s, upper: builtin == .upper))
    cacheText(builtin, s, result)
    return result
  }

  /// The slot of ``textSlots`` where a search for `s` under `builtin` starts.
  private func firstTextSlot(_ builtin: Code.Builtin, _ s: Text) -> Int {
    let address = UInt(bitPattern: s.base)
    let key = (address ^ UInt(truncatingIfNeeded: s.count) &<< 8 ^ UInt(unsafeBitCast(builtin, to: UInt8.self))) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: key >> 32) & (textSlots.count - 1)
  }

  /// The result of `builtin` for `s` computed earlier for this course, if any.
  private func cachedText(_ builtin: Code.Builtin, _ s: Text) -> Cell? {
    var k = firstTextSlot(builtin, s)
    while textSlots[k] >= 0 {
      let entry = textCache[Int(textSlots[k])]
      if entry.text.base == s.base && entry.text.count == s.count && entry.builtin == builtin { return entry.result }
      k = (k + 1) & (textSlots.count - 1)
    }
    return nil
  }

  /// Records the result of `builtin` for `s` (not yet recorded).
  private mutating func cacheText(_ builtin: Code.Builtin, _ s: Text, _ result: Cell) {
    if (textCache.count + 1) * 2 > textSlots.count {
      textSlots = [Int32](repeating: -1, count: textSlots.count * 2)
      for (i, entry) in textCache.enumerated() { textSlots[freeTextSlot(entry.builtin, entry.text)] = Int32(i) }
    }
    textSlots[freeTextSlot(builtin, s)] = Int32(textCache.count)
    textCache.append(TextEntry(builtin: builtin, text: s, result: result))
  }

  /// The first empty slot of the search for `s` under `builtin`.
  private func freeTextSlot(_ builtin: Code.Builtin, _ s: Text) -> Int {
    var k = firstTextSlot(builtin, s)
    while textSlots[k] >= 0 { k = (k + 1) & (textSlots.count - 1) }
    return k
  }

  /// A builtin of one or two arguments (`y` is missing for one).
  private func apply(_ builtin: Code.Builtin, _ x: Cell, _ y: Cell) -> Cell {
    switch builtin {
    case .size:
      switch x {
      case .string(let s): return .number(Double(s.bytes.scalarCount))
      case .list(let l): return .number(Double(l.count))
      case .map(let m): return .number(Double(m.table.values.count))
      default: return .missing
      }
    case .string:
      if case .string = x { return x }
      return x.isMissing ? .missing : .string(scratch.text(x.displayText))
    case .trim:
      guard case .string(let s) = x else { return .missing }
      return .string(Evaluator.trimmed(s))
    case .lower, .upper:
      // A string goes through `changedCaseOnce(_:_:)` (memoised per course); nothing else has a case.
      return .missing
    case .contains, .startsWith, .endsWith:
      guard case .string(let s) = x, case .string(let t) = y else { return .missing }
      // Code points compared byte for byte (UTF-8), as rule authors mean it: no Unicode
      // canonical equivalence, and no grapheme walk on the audit's hot path.
      switch builtin {
      case .contains: return .bool(Evaluator.contains(s, t))
      case .startsWith: return .bool(Evaluator.hasAffix(s, t, atEnd: false))
      default: return .bool(Evaluator.hasAffix(s, t, atEnd: true))
      }
    case .int, .abs, .floor, .ceil:
      guard case .number(let d) = x else { return .missing }
      switch builtin {
      case .int: return .number(d.rounded(.towardZero))
      case .abs: return .number(Swift.abs(d))
      case .floor: return .number(d.rounded(.down))
      default: return .number(d.rounded(.up))
      }
    case .min, .max:
      guard case .number(let a) = x, case .number(let b) = y else { return .missing }
      return .number(builtin == .min ? Swift.min(a, b) : Swift.max(a, b))
    case .add_months, .add_days:
      guard case .date(let d) = x, case .number(let n) = y, Swift.abs(n) < 1_000_000 else { return .missing }
      return builtin == .add_months ? .date(d.adding(months: Int(n))) : .date(CivilDate(days: d.days + Int(n)))
    case .months_between, .days_between:
      guard case .date(let a) = x, case .date(let b) = y else { return .missing }
      return .number(Double(builtin == .months_between ? a.months(to: b) : b.days - a.days))
    case .year:
      guard case .date(let d) = x else { return .missing }
      return .number(Double(d.components.year))
    case .words, .verb_phrases:
      // A string goes through `splitText(_:_:)` (memoised per course); nothing else has words.
      return .missing
    case .take, .drop:
      guard case .list(let items) = x, case .number(let n) = y else { return .missing }
      let k = max(0, min(items.count, Int(n.rounded(.down))))
      return .list(builtin == .take ? items.slice(0, k) : items.slice(k, items.count))
    case .join:
      guard case .list(let items) = x, case .string(let sep) = y else { return .missing }
      return .string(scratch.text(items.map(\.displayText).joined(separator: sep.string)))
    case .index_of:
      guard case .list(let items) = x else { return .missing }
      return .number(Double(items.firstIndex(of: y) ?? -1))
    case .pairs:
      guard case .list(let items) = x, items.count > 1 else { return .list(Cells()) }
      return .list(scratch.cells(count: items.count - 1) { .list(items.slice($0, $0 + 2)) })
    }
  }
}
