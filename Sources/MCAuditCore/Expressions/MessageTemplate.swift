/// Text with `{{ expression }}` placeholders, compiled when the pack loads.
public struct MessageTemplate: Sendable {
  enum Part: Sendable {
    case text(String)
    case value(Expression)
  }

  let parts: [Part]
  public let text: String

  init(text: String, parts: [Part]) {
    self.text = text
    self.parts = parts
  }

  /// Splits the template; `compile` gets each placeholder's text with its offset in `text`.
  static func parse(_ text: String, compile: (String, Int) throws(ExpressionError) -> Expression) throws(ExpressionError) -> MessageTemplate {
    var parts: [Part] = []
    // Pieces are cut from the text whole (appending scalar by scalar cost every pack's every
    // message at start-up); offsets count scalars, as expression errors do.
    let view = text.unicodeScalars
    var literalStart = view.startIndex
    var i = view.startIndex, offset = 0
    while i < view.endIndex {
      let next = view.index(after: i)
      guard view[i] == "{", next < view.endIndex, view[next] == "{" else {
        i = next
        offset += 1
        continue
      }
      let innerStart = view.index(after: next)
      var j = innerStart, length = 0
      while j < view.endIndex, !(view[j] == "}" && view.index(after: j) < view.endIndex && view[view.index(after: j)] == "}") {
        j = view.index(after: j)
        length += 1
      }
      guard j < view.endIndex else { throw ExpressionError("'{{' without '}}'", at: offset) }
      if literalStart < i { parts.append(.text(String(view[literalStart..<i]))) }
      // The expression's own offsets count its leading spaces: its offset is the placeholder's.
      parts.append(.value(try compile(String(view[innerStart..<j]), offset + 2)))
      i = view.index(j, offsetBy: 2)
      offset += 2 + length + 2
      literalStart = i
    }
    if literalStart < view.endIndex { parts.append(.text(String(view[literalStart...]))) }
    return MessageTemplate(text: text, parts: parts)
  }

  /// A template without placeholders.
  static func plain(_ text: String) -> MessageTemplate {
    MessageTemplate(text: text, parts: [.text(text)])
  }

  /// The message for the values at hand. A template without placeholders gives its text itself;
  /// any other is written once at its final length (appended piece by piece, a finding's message
  /// grew its string several times).
  func render(with evaluator: inout Evaluator, it: Cell?) -> String {
    if parts.count == 1, case .text(let t) = parts[0] { return t }
    var pieces: [String] = []
    pieces.reserveCapacity(parts.count)
    var length = 0
    for part in parts {
      let piece: String
      switch part {
      case .text(let t): piece = t
      case .value(let e): piece = evaluator.evaluate(e, it: it).displayText
      }
      length += piece.utf8.count
      pieces.append(piece)
    }
    return String(unsafeUninitializedCapacity: length) { out in
      var n = 0
      for piece in pieces {
        piece.withUTF8Bytes { bytes in
          guard let base = bytes.baseAddress else { return }
          (out.baseAddress! + n).initialize(from: base, count: bytes.count)
          n += bytes.count
        }
      }
      return n
    }
  }
}
