/// A compiled expression laid out flat for evaluation: one plain record per ``Code`` node, operands
/// named by position. Walking it copies nothing, where matching ``Code`` (an indirect enum)
/// retains and releases the box of every operand it binds.
///
/// Built once when the expression is compiled; immutable afterwards, so one program serves every
/// thread.
final class Program: @unchecked Sendable {
  enum Op: UInt8 {
    case constant, root, variable, today, field, rootField, variableField, index, not, negate
    case arithmetic, compare, equal, contains, containsString, existsIn, bind, and, or, coalesce
    case conditional, has, call, macro, pairMacro, list, matches
  }

  /// One node. `a`, `b` and `c` are operand nodes, unless the comments of `Builder.lower(_:)` say
  /// otherwise for an operation (a slot, or a position in a side table); `variant` is the
  /// operator, builtin or macro (by position in ``builtins``, ``macros``, ``arithmetic`` and
  /// ``comparisons``), or 1 for a negated equality.
  struct Node {
    var op: Op
    var variant: UInt8 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
  }

  let nodes: UnsafeMutableBufferPointer<Node>
  let constants: [Cell]
  /// The text, items and tables of the constants.
  private let storage: ValueArena
  let sets: [StringSet]
  let regexes: [CompiledRegex]
  /// Operand lists of calls and list literals: `operands[a ..< a + b]`.
  let operands: UnsafeMutableBufferPointer<Int32>
  /// The node evaluation starts at.
  let entry: Int32

  init(_ code: Code) {
    var builder = Builder()
    entry = builder.lower(code)
    nodes = .allocate(capacity: max(builder.nodes.count, 1))
    _ = nodes.initialize(from: builder.nodes)
    operands = .allocate(capacity: max(builder.operands.count, 1))
    _ = operands.initialize(from: builder.operands)
    let storage = ValueArena(chunkSize: 256)
    constants = builder.constants.map { storage.cell($0) }
    self.storage = storage
    sets = builder.sets
    regexes = builder.regexes
  }

  deinit {
    nodes.deallocate()
    operands.deallocate()
  }

  static let builtins = Code.Builtin.allCases
  static let macros = Code.Macro.allCases
  static let arithmetic: [Code.ArithmeticOperator] = [.add, .subtract, .multiply, .divide, .remainder, .concatenate]
  static let comparisons: [Code.ComparisonOperator] = [.less, .lessOrEqual, .greater, .greaterOrEqual]

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
      case .field(let base, let slot): node = Node(op: .field, a: lower(base), b: Int32(slot))  // a: base, b: slot
      case .rootField(let slot): node = Node(op: .rootField, a: Int32(slot))  // a: slot
      case .variableField(let v, let slot): node = Node(op: .variableField, a: Int32(v), b: Int32(slot))  // a: variable, b: slot
      case .index(let base, let key): node = Node(op: .index, a: lower(base), b: lower(key))
      case .not(let e): node = Node(op: .not, a: lower(e))
      case .negate(let e): node = Node(op: .negate, a: lower(e))
      case .arithmetic(let op, let x, let y):
        node = Node(op: .arithmetic, variant: Self.position(op, in: Program.arithmetic), a: lower(x), b: lower(y))
      case .compare(let op, let x, let y):
        node = Node(op: .compare, variant: Self.position(op, in: Program.comparisons), a: lower(x), b: lower(y))
      case .equal(let x, let y, let negated): node = Node(op: .equal, variant: negated ? 1 : 0, a: lower(x), b: lower(y))
      case .contains(let element, let collection): node = Node(op: .contains, a: lower(element), b: lower(collection))
      case .containsString(let x, let set):  // b: set
        node = Node(op: .containsString, a: lower(x), b: Self.add(set, to: &sets))
      case .existsIn(let list, let set):  // b: set
        node = Node(op: .existsIn, a: lower(list), b: Self.add(set, to: &sets))
      case .bind(let slot, let value, let body):  // a: value, b: body, c: slot
        node = Node(op: .bind, a: lower(value), b: lower(body), c: Int32(slot))
      case .and(let x, let y): node = Node(op: .and, a: lower(x), b: lower(y))
      case .or(let x, let y): node = Node(op: .or, a: lower(x), b: lower(y))
      case .coalesce(let x, let y): node = Node(op: .coalesce, a: lower(x), b: lower(y))
      case .conditional(let c, let x, let y): node = Node(op: .conditional, a: lower(c), b: lower(x), c: lower(y))
      case .has(let e): node = Node(op: .has, a: lower(e))
      case .call(let builtin, let args):  // a, b: operands
        let (start, count) = lower(args)
        node = Node(op: .call, variant: Self.position(builtin, in: Program.builtins), a: start, b: count)
      case .macro(let macro, let list, let slot, let body):  // a: list, b: body, c: slot
        node = Node(op: .macro, variant: Self.position(macro, in: Program.macros), a: lower(list), b: lower(body), c: Int32(slot))
      case .pairMacro(let macro, let list, let first, let body):  // a: list, b: body, c: first slot
        node = Node(op: .pairMacro, variant: Self.position(macro, in: Program.macros), a: lower(list), b: lower(body), c: Int32(first))
      case .list(let items):  // a, b: operands
        let (start, count) = lower(items)
        node = Node(op: .list, a: start, b: count)
      case .matches(let x, let regex):  // b: regex
        node = Node(op: .matches, a: lower(x), b: Self.add(regex, to: &regexes))
      }
      nodes.append(node)
      return Int32(nodes.count - 1)
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

    private static func position<T: Equatable>(_ value: T, in all: [T]) -> UInt8 {
      UInt8(all.firstIndex(of: value)!)
    }
  }
}
