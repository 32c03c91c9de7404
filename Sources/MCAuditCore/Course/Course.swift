/// A course definition read from a file: its typed data, where each value is written, and what
/// the vocabulary check found.
public struct Course: Sendable {
  public var file: String
  /// Where the values are in the file; kept to locate findings (in ``storage``).
  let locations: CourseLocations
  /// The course's values, in ``storage``.
  let root: CellObject
  let storage: ValueArena
  public var id: String?
  public var title: String?
  /// Where the `id` is (as ``location(of:)`` would give it), for catalogue-level findings.
  var idMark: YAMLMark
  /// Wrong types, unknown fields, bad enum values.
  public var schemaFindings: [Finding]

  /// The `format:` marker of course definitions.
  public static let format = "mcaudit/course@1"

  /// The course's values, owned (copies of what the audit reads in place).
  public var data: ObjectValue { root.value }

  public func location(of path: FieldPath) -> SourceLocation {
    SourceLocation(file: file, locations.mark(of: path))
  }
}
