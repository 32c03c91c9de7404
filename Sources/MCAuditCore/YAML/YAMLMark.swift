/// A position in a YAML source: 1-based line and column (the column counts Unicode scalars).
///
/// libyaml's marks are 0-based; ``YAMLParser`` is the only place that adds 1.
public struct YAMLMark: Sendable, Hashable, Comparable, BitwiseCopyable {
  public var line: Int32
  public var column: Int32

  public init(line: Int, column: Int) {
    self.line = Int32(clamping: line)
    self.column = Int32(clamping: column)
  }

  /// The start of a file.
  public static let start = YAMLMark(line: 1, column: 1)

  public static func < (a: YAMLMark, b: YAMLMark) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }
}
