/// Splits an expression into tokens.
struct Lexer {
  private let scalars: [Unicode.Scalar]
  private var i = 0

  init(_ text: String) { scalars = Array(text.unicodeScalars) }

  /// Two-character symbols first: a symbol is the longest that matches.
  static let symbols = ["&&", "||", "==", "!=", "<=", ">=", "??", "<", ">", "+", "-", "*", "/", "%",
                        "!", "(", ")", "[", "]", ",", ".", "?", ":"]
  /// The symbols by their first character, in the order of ``symbols``.
  private static let symbolsByFirst: [Unicode.Scalar: [(symbol: String, scalars: [Unicode.Scalar])]] =
    Dictionary(grouping: symbols.map { ($0, Array($0.unicodeScalars)) }, by: { $0.1[0] })

  mutating func tokens() throws(ExpressionError) -> [Token] {
    var out: [Token] = []
    while true {
      while i < scalars.count, ScalarClass.isWhitespace(scalars[i]) { i += 1 }
      guard i < scalars.count else {
        out.append(Token(kind: .end, offset: i))
        return out
      }
      let start = i
      let c = scalars[i]
      if ScalarClass.isAlphabetic(c) || c == "_" {
        while i < scalars.count, ScalarClass.isAlphabetic(scalars[i]) || scalars[i] == "_" || ("0"..."9").contains(scalars[i]) {
          i += 1
        }
        out.append(Token(kind: .identifier(Lexer.text(scalars[start..<i])), offset: start))
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
        guard let symbol = Lexer.symbolsByFirst[c]?.first(where: { matches($0.scalars) }) else {
          throw ExpressionError("unexpected character '\(c)'", at: start)
        }
        i += symbol.scalars.count
        out.append(Token(kind: .symbol(symbol.symbol), offset: start))
      }
    }
  }

  /// The text of some scalars, through their UTF-8 bytes (`UnicodeScalarView.append(contentsOf:)`
  /// takes a generic path that cost thousands of instructions per identifier).
  private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scalars.count)
    for u in scalars { UTF8.encode(u) { bytes.append($0) } }
    return String(decoding: bytes, as: UTF8.self)
  }

  private func matches(_ symbol: [Unicode.Scalar]) -> Bool {
    var j = i
    for s in symbol {
      guard j < scalars.count, scalars[j] == s else { return false }
      j += 1
    }
    return true
  }
}
