/// Text with `{{ expression }}` placeholders, compiled when the pack loads.
public struct MessageTemplate: Sendable {
  enum Part: Sendable {
    case text(String)
    case value(Expression)
  }

  public let text: String
  /// The text itself, when the template has no placeholders: what ``render(with:it:)`` returns.
  let plainText: String?
  /// What rendering reads, as plain memory: the literal bytes, and after each literal piece the
  /// placeholder's program. Walking a list of parts retained each part's string or expression.
  private let compiled: Compiled

  init(text: String, parts: [Part]) {
    self.text = text
    if parts.count == 1, case .text(let t) = parts[0] { plainText = t } else { plainText = nil }
    compiled = Compiled(parts)
  }

  /// A literal piece's end in ``Compiled/bytes`` and the program of the placeholder after it
  /// (none after the last piece), with the variable slots it needs.
  struct Piece {
    var end: Int
    var program: Program.Ref?
    var variables: Int
  }

  private final class Compiled: @unchecked Sendable {
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let pieces: UnsafeMutableBufferPointer<Piece>
    /// Keeps the placeholders' programs alive.
    let expressions: [Expression]

    init(_ parts: [Part]) {
      var bytes: [UInt8] = [], pieces: [Piece] = [], expressions: [Expression] = []
      for part in parts {
        switch part {
        case .text(let t): bytes += t.utf8
        case .value(let e):
          pieces.append(Piece(end: bytes.count, program: e.program.ref, variables: e.variableCount))
          expressions.append(e)
        }
      }
      pieces.append(Piece(end: bytes.count, program: nil, variables: 0))
      self.bytes = .copying(bytes)
      self.pieces = .copying(pieces)
      self.expressions = expressions
    }

    deinit {
      bytes.deallocate()
      pieces.deallocate()
    }
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
  /// any other is written as bytes, its values' text straight from their cells, and made a
  /// string once.
  func render(with evaluator: inout Evaluator, it: Cell?) -> String {
    if let plainText { return plainText }
    let compiled = self.compiled
    var out = ByteBuffer(capacity: 256)
    var start = 0
    for piece in compiled.pieces {
      out.append(compiled.bytes.baseAddress! + start, piece.end - start)
      start = piece.end
      guard let program = piece.program else { continue }
      evaluator.reserve(variables: piece.variables)
      if let it { evaluator.bind(it: it) }
      evaluator.evaluate(program).writeDisplayText(into: &out)
    }
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
  }
}
