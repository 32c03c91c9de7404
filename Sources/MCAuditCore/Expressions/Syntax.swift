/// The parsed form of an expression, before type checking. Every node keeps its offset.
indirect enum Syntax: Sendable {
  case number(Double, at: Int)
  case string(String, at: Int)
  case bool(Bool, at: Int)
  case null(at: Int)
  case identifier(String, at: Int)
  case member(Syntax, String, at: Int)
  case index(Syntax, Syntax, at: Int)
  case call(String, [Syntax], at: Int)
  case method(Syntax, String, [Syntax], at: Int)
  case unary(String, Syntax, at: Int)
  case binary(String, Syntax, Syntax, at: Int)
  case conditional(Syntax, Syntax, Syntax, at: Int)
  case list([Syntax], at: Int)

  var offset: Int {
    switch self {
    case .number(_, let at), .string(_, let at), .bool(_, let at), .null(let at), .identifier(_, let at),
         .member(_, _, let at), .index(_, _, let at), .call(_, _, let at), .method(_, _, _, let at),
         .unary(_, _, let at), .binary(_, _, _, let at), .conditional(_, _, _, let at), .list(_, let at):
      return at
    }
  }

  /// The offset where the node's text starts (a member's receiver starts before the dot).
  var startOffset: Int {
    switch self {
    case .member(let base, _, _), .index(let base, _, _), .method(let base, _, _, _), .binary(_, let base, _, _),
         .conditional(let base, _, _, _):
      return base.startOffset
    default:
      return offset
    }
  }

  /// The first field path read from the course (or from `it`), in reading order: used as the
  /// default location of a rule's findings.
  var firstFieldPath: [String]? {
    switch self {
    case .identifier(let name, _):
      return ["params", "tables", "today", "true", "false", "null"].contains(name) ? nil : [name]
    case .member(let base, let name, _):
      guard let p = base.firstFieldPath else { return nil }
      if p.first == "params" || p.first == "tables" { return nil }
      return base.isPath ? p + [name] : p
    case .index(let base, let key, _):
      return base.firstFieldPath ?? key.firstFieldPath
    case .method(let base, _, let args, _):
      return base.firstFieldPath ?? args.lazy.compactMap(\.firstFieldPath).first
    case .call(_, let args, _), .list(let args, _):
      return args.lazy.compactMap(\.firstFieldPath).first
    case .unary(_, let e, _):
      return e.firstFieldPath
    case .binary(_, let a, let b, _):
      return a.firstFieldPath ?? b.firstFieldPath
    case .conditional(let a, let b, let c, _):
      return a.firstFieldPath ?? b.firstFieldPath ?? c.firstFieldPath
    case .number, .string, .bool, .null:
      return nil
    }
  }

  /// A plain chain of identifiers and members (`a.b.c`).
  var isPath: Bool {
    switch self {
    case .identifier: return true
    case .member(let base, _, _): return base.isPath
    default: return false
    }
  }

  /// Every field path the expression reads (`workload.ects`, `it.text`), in reading order, without
  /// repeats; paths through macro and `bind` variables are left out (their list is read).
  func readPaths(bound: Set<String> = []) -> [String] {
    var out: [String] = []
    collectPaths(bound: bound, into: &out)
    var seen: Set<String> = []
    return out.filter { seen.insert($0).inserted }
  }

  private func collectPaths(bound: Set<String>, into out: inout [String]) {
    if isPath, let path = pathComponents, let first = path.first,
       !bound.contains(first), !["params", "tables", "today"].contains(first) {
      out.append(path.joined(separator: "."))
      return
    }
    switch self {
    case .member(let base, _, _), .unary(_, let base, _):
      base.collectPaths(bound: bound, into: &out)
    case .index(let a, let b, _), .binary(_, let a, let b, _):
      a.collectPaths(bound: bound, into: &out)
      b.collectPaths(bound: bound, into: &out)
    case .conditional(let a, let b, let c, _):
      for e in [a, b, c] { e.collectPaths(bound: bound, into: &out) }
    case .list(let items, _):
      for e in items { e.collectPaths(bound: bound, into: &out) }
    case .call(let name, let args, _):
      if name == "bind", args.count == 3, case .identifier(let v, _) = args[0] {
        args[1].collectPaths(bound: bound, into: &out)
        args[2].collectPaths(bound: bound.union([v]), into: &out)
      } else {
        for e in args { e.collectPaths(bound: bound, into: &out) }
      }
    case .method(let receiver, _, let args, _):
      receiver.collectPaths(bound: bound, into: &out)
      if args.count == 2, case .identifier(let v, _) = args[0] {
        args[1].collectPaths(bound: bound.union([v]), into: &out)
      } else {
        for e in args { e.collectPaths(bound: bound, into: &out) }
      }
    default:
      break
    }
  }

  /// `a.b.c` as components, for plain paths.
  var pathComponents: [String]? {
    switch self {
    case .identifier(let name, _):
      return ["true", "false", "null"].contains(name) ? nil : [name]
    case .member(let base, let name, _):
      return base.pathComponents.map { $0 + [name] }
    default:
      return nil
    }
  }

  /// The parts of a top-level `&&` chain as (start, end) offsets into `length` characters of text.
  func conjuncts(start: Int, end: Int) -> [(Int, Int)] {
    guard case .binary("&&", let lhs, let rhs, let op) = self else { return [(start, end)] }
    return lhs.conjuncts(start: start, end: op) + rhs.conjuncts(start: op + 2, end: end)
  }
}
