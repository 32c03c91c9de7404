/// A token of the expression language; `offset` counts Unicode scalars from the expression start.
struct Token: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case number(Double)
    case string(String)
    case identifier(String)
    case symbol(String)
    case end
  }

  var kind: Kind
  var offset: Int

  var text: String {
    switch kind {
    case .number(let d): return Value.format(d)
    case .string(let s): return "'\(s)'"
    case .identifier(let s), .symbol(let s): return s
    case .end: return "end of expression"
    }
  }
}
