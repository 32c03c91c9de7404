/// A Pratt parser for the expression language (CEL precedence).
struct ExpressionParser {
  private var tokens: [Token]
  private var p = 0
  private var depth = 0

  /// Deepest nesting accepted; evaluation recurses along it.
  static let maxDepth = 64
  /// Longest expression accepted, in characters.
  static let maxLength = 4096

  static func parse(_ text: String) throws(ExpressionError) -> Syntax {
    if text.unicodeScalars.count > maxLength {
      throw ExpressionError("expression is longer than \(maxLength) characters", at: 0)
    }
    var lexer = Lexer(text)
    var parser = ExpressionParser(tokens: try lexer.tokens())
    if case .end = parser.peek.kind { throw ExpressionError("empty expression", at: 0) }
    let e = try parser.expression(0)
    if case .end = parser.peek.kind { return e }
    throw ExpressionError("unexpected '\(parser.peek.text)'", at: parser.peek.offset)
  }

  private init(tokens: [Token]) { self.tokens = tokens }

  private var peek: Token { tokens[p] }

  private mutating func advance() -> Token {
    let t = tokens[p]
    if p < tokens.count - 1 { p += 1 }
    return t
  }

  private func isSymbol(_ s: String) -> Bool {
    if case .symbol(let x) = peek.kind { return x == s }
    return false
  }

  private mutating func expect(_ s: String) throws(ExpressionError) {
    guard isSymbol(s) else { throw ExpressionError("expected '\(s)', found '\(peek.text)'", at: peek.offset) }
    _ = advance()
  }

  private static func precedence(_ s: String) -> Int? {
    switch s {
    case "?": return 1
    case "||": return 2
    case "&&": return 3
    case "==", "!=", "<", "<=", ">", ">=", "in": return 4
    case "??": return 5
    case "+", "-": return 6
    case "*", "/", "%": return 7
    default: return nil
    }
  }

  private mutating func expression(_ minPrecedence: Int) throws(ExpressionError) -> Syntax {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth { throw ExpressionError("expression nests deeper than \(Self.maxDepth) levels", at: peek.offset) }
    var left = try unary()
    while true {
      let op: String
      switch peek.kind {
      case .symbol(let s): op = s
      case .identifier("in"): op = "in"
      default: return left
      }
      guard let prec = Self.precedence(op), prec >= minPrecedence else { return left }
      let at = advance().offset
      if op == "?" {
        let then = try expression(0)
        try expect(":")
        let otherwise = try expression(prec)
        left = .conditional(left, then, otherwise, at: at)
      } else {
        let right = try expression(prec + 1)
        left = .binary(op, left, right, at: at)
      }
    }
  }

  private mutating func unary() throws(ExpressionError) -> Syntax {
    if isSymbol("!") || isSymbol("-") {
      let t = advance()
      depth += 1
      defer { depth -= 1 }
      if depth > Self.maxDepth { throw ExpressionError("expression nests deeper than \(Self.maxDepth) levels", at: t.offset) }
      return .unary(t.text, try unary(), at: t.offset)
    }
    return try postfix(primary())
  }

  private mutating func postfix(_ base: Syntax) throws(ExpressionError) -> Syntax {
    var e = base
    while true {
      if isSymbol(".") {
        _ = advance()
        let nameToken = advance()
        guard case .identifier(let name) = nameToken.kind else {
          throw ExpressionError("expected a field or method name after '.', found '\(nameToken.text)'", at: nameToken.offset)
        }
        if isSymbol("(") {
          e = .method(e, name, try arguments(), at: nameToken.offset)
        } else {
          e = .member(e, name, at: nameToken.offset)
        }
      } else if isSymbol("[") {
        let at = advance().offset
        let key = try expression(0)
        try expect("]")
        e = .index(e, key, at: at)
      } else {
        return e
      }
    }
  }

  private mutating func arguments() throws(ExpressionError) -> [Syntax] {
    try expect("(")
    var args: [Syntax] = []
    if isSymbol(")") { _ = advance(); return args }
    while true {
      args.append(try expression(0))
      if isSymbol(",") { _ = advance(); continue }
      try expect(")")
      return args
    }
  }

  private mutating func primary() throws(ExpressionError) -> Syntax {
    let t = advance()
    switch t.kind {
    case .number(let d): return .number(d, at: t.offset)
    case .string(let s): return .string(s, at: t.offset)
    case .identifier("true"): return .bool(true, at: t.offset)
    case .identifier("false"): return .bool(false, at: t.offset)
    case .identifier("null"): return .null(at: t.offset)
    case .identifier(let name):
      if isSymbol("(") { return .call(name, try arguments(), at: t.offset) }
      return .identifier(name, at: t.offset)
    case .symbol("("):
      let e = try expression(0)
      try expect(")")
      return e
    case .symbol("["):
      var items: [Syntax] = []
      if isSymbol("]") { _ = advance(); return .list(items, at: t.offset) }
      while true {
        items.append(try expression(0))
        if isSymbol(",") { _ = advance(); continue }
        try expect("]")
        return .list(items, at: t.offset)
      }
    case .end:
      throw ExpressionError("the expression ends too early", at: t.offset)
    default:
      throw ExpressionError("unexpected '\(t.text)'", at: t.offset)
    }
  }
}
