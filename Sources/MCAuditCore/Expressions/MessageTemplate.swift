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

  /// The text itself, when the template has no placeholders: what ``render(with:it:)`` returns.
  var plainText: String? {
    if parts.count == 1, case .text(let t) = parts[0] { return t }
    return nil
  }

  /// The message for the values at hand. A template without placeholders gives its text itself;
  /// any other is written as bytes, its values' text straight from their cells, and made a
  /// string once.
  func render(with evaluator: inout Evaluator, it: Cell?) -> String {
    if let plainText { return plainText }
    var out = ByteBuffer(capacity: 256)
    for part in parts {
      switch part {
      case .text(let t): out.append(t)
      case .value(let e): evaluator.evaluate(e, it: it).writeDisplayText(into: &out)
      }
    }
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
  }
}
