/// A compiled expression laid out flat for evaluation: one plain record per node, operands named
/// by position. Walking it copies nothing, where matching ``Code`` (an indirect enum) retains and
/// releases the box of every operand it binds.
///
/// Lowering fuses what rules write most, so that an audit evaluates fewer, larger nodes: a chain
/// of field reads is one ``Op/path`` (`provider.country` is two slots read in one node, not three
/// nodes), `has(path)` is one node, `&&` and `||` chains are one n-ary node each, and a comparison
/// with a constant reads its constant in place.
///
/// Built once when the expression is compiled; immutable afterwards, so one program serves every
/// thread.
final class Program: @unchecked Sendable {
  /// The operations. ``Evaluator/eval(_:_:)`` handles those up to ``call`` itself; the rarer ones
  /// after it are evaluated out of line, which keeps the frequent path's code and stack frame small.
  enum Op: UInt8 {
    case constant, variable, path, hasPath, has, not, and, or, equal, equalConstant, compare, compareConstant
    case coalesce, conditional, containsString, memberOf, call
    case root, today, index, negate, arithmetic, contains, existsIn, bind, macro, pairMacro, list, matches
  }

  /// Where a ``Op/path`` starts (its `variant`).
  enum PathBase: UInt8 {
    /// The course: `provider.country`.
    case root
    /// A bound variable, slot `a`: `it.text`, `b.legal_name` in a macro.
    case variable
    /// The value of node `a`: `tables.x[k].name`.
    case node
  }

  /// One node. `a`, `b` and `c` are operand nodes, unless the comments of `Builder.lower(_:)` say
  /// otherwise for an operation (a slot, a count, or a position in a side table); `variant` is the
  /// operator, builtin, macro or path base (a raw value of ``Code/ArithmeticOperator``,
  /// ``Comparison``, ``Code/Builtin``, ``Code/Macro``, ``PathBase``), or 1 for a negated equality.
  struct Node {
    var op: Op
    var variant: UInt8 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
  }

  /// The comparisons, by their `variant`.
  enum Comparison: UInt8 {
    case less, lessOrEqual, greater, greaterOrEqual

    init(_ op: Code.ComparisonOperator) {
      switch op {
      case .less: self = .less
      case .lessOrEqual: self = .lessOrEqual
      case .greater: self = .greater
      case .greaterOrEqual: self = .greaterOrEqual
      }
    }

    /// The comparison with its operands swapped: `c < x` is `x > c`.
    var swapped: Comparison {
      switch self {
      case .less: .greater
      case .lessOrEqual: .greaterOrEqual
      case .greater: .less
      case .greaterOrEqual: .lessOrEqual
      }
    }
  }

  /// The program as plain memory: what evaluation reads, through one pointer (``Ref``) and
  /// without reference counts. The program owns it and everything it points to.
  struct Layout {
    let nodes: UnsafeMutablePointer<Node>
    /// Operand lists of calls, list literals and n-ary `&&` and `||`, and the slots of paths:
    /// `operands[b ..< b + c]` (paths) or `operands[a ..< a + b]` (the others).
    let operands: UnsafeMutablePointer<Int32>
    let constants: UnsafeMutablePointer<Cell>
    /// The tables of the constant sets (``sets``).
    let sets: UnsafeMutablePointer<KeyTable.View>
    let regexes: UnsafeMutablePointer<Unmanaged<CompiledRegex>>
    /// The node evaluation starts at.
    let entry: Int32
  }

  /// A program as evaluation reads it: valid while the program lives.
  typealias Ref = UnsafePointer<Layout>

  private let layout: UnsafeMutablePointer<Layout>
  var ref: Ref { UnsafePointer(layout) }
  /// The text, items and tables of the constants.
  private let storage: ValueArena
  private let sets: [StringSet]
  private let regexes: [CompiledRegex]
  private let counts: (nodes: Int, operands: Int, constants: Int)

  init(_ code: Code) {
    var builder = Builder()
    let entry = builder.lower(code)
    let storage = ValueArena(chunkSize: 256)
    layout = .allocate(capacity: 1)
    layout.initialize(to: Layout(nodes: Self.copy(builder.nodes), operands: Self.copy(builder.operands),
                                 constants: Self.copy(builder.constants.map { storage.cell($0) }),
                                 sets: Self.copy(builder.sets.map(\.values.view)),
                                 regexes: Self.copy(builder.regexes.map { Unmanaged.passUnretained($0) }), entry: entry))
    counts = (builder.nodes.count, builder.operands.count, builder.constants.count)
    self.storage = storage
    sets = builder.sets
    regexes = builder.regexes
  }

  deinit {
    let l = layout.pointee
    l.nodes.deallocate()
    l.operands.deallocate()
    l.constants.deallocate()  // plain data: their text and items are in `storage`
    l.sets.deallocate()
    l.regexes.deallocate()  // unretained: `regexes` holds them
    layout.deallocate()
  }

  /// Bytes that ``copy(to:)`` writes.
  var packedSize: Int {
    let c = counts
    var size = 0
    Self.place(Layout.self, 1, at: &size)
    Self.place(Node.self, c.nodes, at: &size)
    Self.place(Int32.self, c.operands, at: &size)
    Self.place(Cell.self, c.constants, at: &size)
    Self.place(KeyTable.View.self, sets.count, at: &size)
    Self.place(Unmanaged<CompiledRegex>.self, regexes.count, at: &size)
    return size
  }

  /// Copies the layout and what it points to (nodes, operands, constants, set views, regexes)
  /// into one run of `memory`, which must hold ``packedSize`` bytes aligned to 16, and returns the
  /// copy. Checking a course reads each rule's programs from one such run, in the order it checks
  /// them, instead of from half a dozen blocks each scattered in the heap. The copy's constants,
  /// sets and regexes stay this program's: it is valid while the program lives.
  func copy(to memory: UnsafeMutableRawPointer) -> Ref {
    let c = counts, l = layout.pointee
    var size = 0
    let at = Self.place(Layout.self, 1, at: &size)
    func packed<T>(_ source: UnsafeMutablePointer<T>, _ count: Int) -> UnsafeMutablePointer<T> {
      let p = (memory + Self.place(T.self, count, at: &size)).bindMemory(to: T.self, capacity: max(count, 1))
      p.initialize(from: source, count: count)
      return p
    }
    let copied = Layout(nodes: packed(l.nodes, c.nodes), operands: packed(l.operands, c.operands),
                        constants: packed(l.constants, c.constants), sets: packed(l.sets, sets.count),
                        regexes: packed(l.regexes, regexes.count), entry: l.entry)
    let p = (memory + at).bindMemory(to: Layout.self, capacity: 1)
    p.initialize(to: copied)
    return UnsafePointer(p)
  }

  /// Reserves room for `count` values of `T` (at least one) at the end of `size`, aligned: their
  /// offset.
  @discardableResult
  private static func place<T>(_: T.Type, _ count: Int, at size: inout Int) -> Int {
    let alignment = MemoryLayout<T>.alignment
    let offset = (size + alignment - 1) / alignment * alignment
    size = offset + max(count, 1) * MemoryLayout<T>.stride
    return offset
  }

  /// The elements in memory of their own (at least one element's worth, so never null).
  private static func copy<T>(_ elements: [T]) -> UnsafeMutablePointer<T> {
    UnsafeMutableBufferPointer.copying(elements).baseAddress!
  }

  /// The number of nodes (tests).
  var nodeCount: Int { counts.nodes }

  /// The builtin, macro or operator that a node's `variant` holds: the case's position, which is
  /// the enum's in-memory value (asserted by the tests: ``variantsAreCasePositions``). A table
  /// of cases would be a lazy global checked at every call.
  @inline(__always)
  static func builtin(_ variant: UInt8) -> Code.Builtin { unsafeBitCast(variant, to: Code.Builtin.self) }
  @inline(__always)
  static func macro(_ variant: UInt8) -> Code.Macro { unsafeBitCast(variant, to: Code.Macro.self) }
  @inline(__always)
  static func arithmetic(_ variant: UInt8) -> Code.ArithmeticOperator { unsafeBitCast(variant, to: Code.ArithmeticOperator.self) }
  static let arithmeticOperators: [Code.ArithmeticOperator] = [.add, .subtract, .multiply, .divide, .remainder, .concatenate]

  /// Lays a ``Code`` tree out as nodes, operands before the node that uses them.
  private struct Builder {
    var nodes: [Node] = []
    var operands: [Int32] = []
    var constants: [Value] = []
    var sets: [StringSet] = []
    var regexes: [CompiledRegex] = []

    mutating func lower(_ code: Code) -> Int32 {
      var node: Node
      switch code {
      case .constant(let v):  // a: constant
        node = Node(op: .constant, a: Self.add(v, to: &constants))
      case .root: node = Node(op: .root)
      case .variable(let slot): node = Node(op: .variable, a: Int32(slot))  // a: slot
      case .today: node = Node(op: .today)
      case .field, .rootField, .variableField:  // variant: base; a: variable or node; b, c: slots in operands
        node = path(code)
      case .has(let e):
        switch e {
        case .field, .rootField, .variableField:  // as `.path`
          node = path(e)
          node.op = .hasPath
        default:
          node = Node(op: .has, a: lower(e))
        }
      case .index(let base, let key): node = Node(op: .index, a: lower(base), b: lower(key))
      case .not(let e): node = Node(op: .not, a: lower(e))
      case .negate(let e): node = Node(op: .negate, a: lower(e))
      case .arithmetic(let op, let x, let y):
        node = Node(op: .arithmetic, variant: UInt8(Program.arithmeticOperators.firstIndex(of: op)!), a: lower(x), b: lower(y))
      case .compare(let op, let x, let y):
        let comparison = Comparison(op)
        if case .constant(let c) = y {  // a: operand, b: constant
          let a = lower(x)
          node = Node(op: .compareConstant, variant: comparison.rawValue, a: a, b: Self.add(c, to: &constants))
        } else if case .constant(let c) = x {
          let a = lower(y)
          node = Node(op: .compareConstant, variant: comparison.swapped.rawValue, a: a, b: Self.add(c, to: &constants))
        } else {
          node = Node(op: .compare, variant: comparison.rawValue, a: lower(x), b: lower(y))
        }
      case .equal(let x, let y, let negated):
        let variant: UInt8 = negated ? 1 : 0
        if case .constant(let c) = y {  // a: operand, b: constant
          let a = lower(x)
          node = Node(op: .equalConstant, variant: variant, a: a, b: Self.add(c, to: &constants))
        } else if case .constant(let c) = x {
          let a = lower(y)
          node = Node(op: .equalConstant, variant: variant, a: a, b: Self.add(c, to: &constants))
        } else {
          node = Node(op: .equal, variant: variant, a: lower(x), b: lower(y))
        }
      case .contains(let element, let collection): node = Node(op: .contains, a: lower(element), b: lower(collection))
      case .containsString(let x, let set):  // b: set
        node = Node(op: .containsString, a: lower(x), b: Self.add(set, to: &sets))
      case .existsIn(let list, let set):  // b: set
        node = Node(op: .existsIn, a: lower(list), b: Self.add(set, to: &sets))
      case .bind(let slot, let value, let body):  // a: value, b: body, c: slot
        node = Node(op: .bind, a: lower(value), b: lower(body), c: Int32(slot))
      case .and:  // a, b: operands, every conjunct of the chain
        let (start, count) = lower(Self.flatten(code, { if case .and(let x, let y) = $0 { (x, y) } else { nil } }))
        node = Node(op: .and, a: start, b: count)
      case .or:  // a, b: operands, every disjunct of the chain
        let disjuncts = Self.flatten(code, { if case .or(let x, let y) = $0 { (x, y) } else { nil } })
        let (start, count) = lower(Self.groupingEqualities(disjuncts))
        node = Node(op: .or, a: start, b: count)
      case .memberOf(let x, let set):  // b: set
        node = Node(op: .memberOf, a: lower(x), b: Self.add(set, to: &sets))
      case .coalesce(let x, let y): node = Node(op: .coalesce, a: lower(x), b: lower(y))
      case .conditional(let c, let x, let y): node = Node(op: .conditional, a: lower(c), b: lower(x), c: lower(y))
      case .call(let builtin, let args):  // a, b: operands
        let (start, count) = lower(args)
        node = Node(op: .call, variant: UInt8(Code.Builtin.allCases.firstIndex(of: builtin)!), a: start, b: count)
      case .macro(let macro, let list, let slot, let body):  // a: list, b: body, c: slot
        node = Node(op: .macro, variant: UInt8(Code.Macro.allCases.firstIndex(of: macro)!), a: lower(list), b: lower(body), c: Int32(slot))
      case .pairMacro(let macro, let list, let first, let body):  // a: list, b: body, c: first slot
        node = Node(op: .pairMacro, variant: UInt8(Code.Macro.allCases.firstIndex(of: macro)!), a: lower(list), b: lower(body),
                    c: Int32(first))
      case .list(let items):  // a, b: operands
        let (start, count) = lower(items)
        node = Node(op: .list, a: start, b: count)
      case .matches(let x, let regex):  // b: regex
        node = Node(op: .matches, a: lower(x), b: Self.add(regex, to: &regexes))
      }
      nodes.append(node)
      return Int32(nodes.count - 1)
    }

    /// A chain of field reads as one path node (not yet appended): its base (the course, a
    /// variable, or a node lowered first), then its slots in `operands[b ..< b + c]`.
    private mutating func path(_ code: Code) -> Node {
      var slots: [Int32] = []
      var base = code
      walk: while true {
        switch base {
        case .field(let b, let slot):
          slots.append(Int32(slot))
          base = b
        case .rootField(let slot):
          slots.append(Int32(slot))
          base = .root
          break walk
        case .variableField(let v, let slot):
          slots.append(Int32(slot))
          base = .variable(v)
          break walk
        default:
          break walk
        }
      }
      var node: Node
      switch base {
      case .root: node = Node(op: .path, variant: PathBase.root.rawValue)
      case .variable(let v): node = Node(op: .path, variant: PathBase.variable.rawValue, a: Int32(v))
      default: node = Node(op: .path, variant: PathBase.node.rawValue, a: lower(base))
      }
      node.b = Int32(operands.count)
      node.c = Int32(slots.count)
      operands.append(contentsOf: slots.reversed())
      return node
    }

    /// Disjuncts with the comparisons of one operand with string constants
    /// (`p == 'and' || p == ','`) taken together as one set look-up, at the place of the first:
    /// the same result (true if one holds, false if none does, missing when the operand is), in
    /// one node instead of one per constant.
    private static func groupingEqualities(_ disjuncts: [Code]) -> [Code] {
      func comparison(_ code: Code) -> (operand: Code, constant: String)? {
        guard case .equal(let x, let y, negated: false) = code else { return nil }
        if case .constant(.string(let c)) = y, !Self.isConstant(x) { return (x, c) }
        if case .constant(.string(let c)) = x, !Self.isConstant(y) { return (y, c) }
        return nil
      }
      var result: [Code] = []
      var groups: [(operand: Code, constants: [String], at: Int)] = []
      for d in disjuncts {
        guard let (operand, constant) = comparison(d) else {
          result.append(d)
          continue
        }
        if let g = groups.firstIndex(where: { $0.operand == operand }) {
          groups[g].constants.append(constant)
        } else {
          groups.append((operand, [constant], result.count))
          result.append(d)
        }
      }
      for g in groups where g.constants.count > 1 {
        result[g.at] = .memberOf(g.operand, StringSet(g.constants))
      }
      return result
    }

    private static func isConstant(_ code: Code) -> Bool {
      if case .constant = code { return true }
      return false
    }

    /// The operands of a left- or right-nested chain of one binary operator, in order.
    private static func flatten(_ code: Code, _ split: (Code) -> (Code, Code)?) -> [Code] {
      guard let (x, y) = split(code) else { return [code] }
      return flatten(x, split) + flatten(y, split)
    }

    /// Appends `item` to a side table and returns its position. Called after the operand is
    /// lowered (arguments are evaluated in order), so tables of nested operands come first.
    private static func add<T>(_ item: T, to table: inout [T]) -> Int32 {
      table.append(item)
      return Int32(table.count - 1)
    }

    /// Lowers each operand, then lists their nodes together.
    private mutating func lower(_ codes: [Code]) -> (start: Int32, count: Int32) {
      let lowered = codes.map { lower($0) }
      operands.append(contentsOf: lowered)
      return (Int32(operands.count - lowered.count), Int32(lowered.count))
    }
  }
}
