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

  /// Splits the template; `compile` gets each placeholder with its offset in `text`.
  static func parse(_ text: String, compile: (String, Int) throws(ExpressionError) -> Expression) throws(ExpressionError) -> MessageTemplate {
    var parts: [Part] = []
    let scalars = Array(text.unicodeScalars)
    var literal = ""
    var i = 0
    while i < scalars.count {
      if scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{" {
        var j = i + 2
        while j + 1 < scalars.count, !(scalars[j] == "}" && scalars[j + 1] == "}") { j += 1 }
        guard j + 1 < scalars.count else { throw ExpressionError("'{{' without '}}'", at: i) }
        if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
        var inner = ""
        inner.unicodeScalars.append(contentsOf: scalars[(i + 2)..<j])
        let leading = inner.unicodeScalars.prefix { $0 == " " }.count
        parts.append(.value(try compile(inner, i + 2 + leading)))
        i = j + 2
      } else {
        literal.unicodeScalars.append(scalars[i])
        i += 1
      }
    }
    if !literal.isEmpty { parts.append(.text(literal)) }
    return MessageTemplate(text: text, parts: parts)
  }

  /// A template without placeholders.
  static func plain(_ text: String) -> MessageTemplate {
    MessageTemplate(text: text, parts: [.text(text)])
  }

  func render(with evaluator: inout Evaluator, it: Value?) -> String {
    var out = ""
    for part in parts {
      switch part {
      case .text(let t): out += t
      case .value(let e): out += evaluator.evaluate(e, it: it).displayText
      }
    }
    return out
  }
}
