/// A compiled expression of a pack, ready to evaluate against courses. A class: immutable once
/// compiled, and handed around (each rule's `each`, `when` and assertion, for every course) with
/// one reference count instead of one for each of its parts.
public final class Expression: Sendable {
  /// The text as written in the pack.
  public let text: String
  let code: Code
  let type: ExprType
  /// Slots for `it` and macro variables.
  let variableCount: Int
  /// `code` laid out for evaluation.
  let program: Program

  init(text: String, code: Code, type: ExprType, variableCount: Int) {
    self.text = text
    self.code = code
    self.type = type
    self.variableCount = variableCount
    self.program = Program(code)
  }
}

/// Maps an offset inside a scalar's text back to a file position, so that expression errors
/// point at the token. Exact for one-line plain and quoted scalars; for block and multi-line
/// scalars it follows the source lines, assuming single line breaks fold to one character.
enum ScalarPositions {
  static func mark(offset: Int, scalar: YAMLScalar, at mark: YAMLMark, source: SourceText?) -> YAMLMark {
    let firstColumn = Int(mark.column) + (scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0)
    let isBlock = scalar.style == .literal || scalar.style == .folded
    guard let source, isBlock || offset > 0 else {
      return YAMLMark(line: Int(mark.line), column: firstColumn + offset)
    }
    var remaining = offset
    var lineNumber = Int(mark.line) + (isBlock ? 1 : 0)
    var first = !isBlock
    for _ in 0..<500 {
      guard let line = source.line(lineNumber) else { break }
      let scalars = Array(line.unicodeScalars)
      let start = first ? firstColumn - 1 : (scalars.firstIndex { $0 != " " && $0 != "\t" } ?? scalars.count)
      var end = scalars.count
      while end > start, scalars[end - 1] == " " { end -= 1 }
      let length = max(0, end - start)
      if remaining <= length { return YAMLMark(line: lineNumber, column: start + 1 + remaining) }
      remaining -= length + 1
      lineNumber += 1
      first = false
    }
    return YAMLMark(line: Int(mark.line), column: firstColumn)
  }
}
