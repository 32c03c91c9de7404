/// A place in a file: 1-based line and column. `line == 0` means the file as a whole.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public init(file: String, _ mark: YAMLMark) {
    self.init(file: file, line: Int(mark.line), column: Int(mark.column))
  }

  /// `file:line:col`, or `file` for a whole-file location.
  public var description: String {
    line > 0 ? "\(file):\(line):\(column)" : file
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.file, a.line, a.column) < (b.file, b.line, b.column)
  }
}
