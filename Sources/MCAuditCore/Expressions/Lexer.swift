/// Splits an expression into tokens.
struct Lexer {
  private let scalars: [Unicode.Scalar]
  private var i = 0

  init(_ text: String) { scalars = Array(text.unicodeScalars) }

  static let symbols = ["&&", "||", "==", "!=", "<=", ">=", "??", "<", ">", "+", "-", "*", "/", "%",
                        "!", "(", ")", "[", "]", ",", ".", "?", ":"]

  mutating func tokens() throws(ExpressionError) -> [Token] {
    var out: [Token] = []
    while true {
      while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
      guard i < scalars.count else {
        out.append(Token(kind: .end, offset: i))
        return out
      }
      let start = i
      let c = scalars[i]
      if c.properties.isAlphabetic || c == "_" {
        var name = ""
        while i < scalars.count, scalars[i].properties.isAlphabetic || scalars[i] == "_" || ("0"..."9").contains(scalars[i]) {
          name.unicodeScalars.append(scalars[i])
          i += 1
        }
        out.append(Token(kind: .identifier(name), offset: start))
      } else if ("0"..."9").contains(c) {
        var text = ""
        while i < scalars.count, ("0"..."9").contains(scalars[i]) || scalars[i] == "." {
          // `1.size()` is not a thing; a dot followed by a letter ends the number.
          if scalars[i] == ".", i + 1 < scalars.count, !("0"..."9").contains(scalars[i + 1]) { break }
          text.unicodeScalars.append(scalars[i])
          i += 1
        }
        // An exponent: `1e-9`, `2.5E3`.
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
          var j = i + 1
          if j < scalars.count, scalars[j] == "-" || scalars[j] == "+" { j += 1 }
          if j < scalars.count, ("0"..."9").contains(scalars[j]) {
            while i < j { text.unicodeScalars.append(scalars[i]); i += 1 }
            while i < scalars.count, ("0"..."9").contains(scalars[i]) { text.unicodeScalars.append(scalars[i]); i += 1 }
          }
        }
        guard let d = Double(text) else { throw ExpressionError("malformed number '\(text)'", at: start) }
        out.append(Token(kind: .number(d), offset: start))
      } else if c == "'" || c == "\"" {
        i += 1
        var text = ""
        while true {
          guard i < scalars.count else { throw ExpressionError("unterminated string", at: start) }
          let ch = scalars[i]
          if ch == c { i += 1; break }
          if ch == "\\", i + 1 < scalars.count {
            let next = scalars[i + 1]
            switch next {
            case "n": text += "\n"
            case "t": text += "\t"
            default: text.unicodeScalars.append(next)
            }
            i += 2
            continue
          }
          text.unicodeScalars.append(ch)
          i += 1
        }
        out.append(Token(kind: .string(text), offset: start))
      } else {
        guard let symbol = Lexer.symbols.first(where: { matches($0) }) else {
          throw ExpressionError("unexpected character '\(c)'", at: start)
        }
        i += symbol.unicodeScalars.count
        out.append(Token(kind: .symbol(symbol), offset: start))
      }
    }
  }

  private func matches(_ symbol: String) -> Bool {
    var j = i
    for s in symbol.unicodeScalars {
      guard j < scalars.count, scalars[j] == s else { return false }
      j += 1
    }
    return true
  }
}
