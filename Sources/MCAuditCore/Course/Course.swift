/// A course definition read from a file: its YAML tree, its typed data and what the vocabulary
/// check found.
public struct Course: Sendable {
  public var file: String
  /// The document; kept to locate findings.
  public var document: YAMLNode
  public var data: ObjectValue
  public var id: String?
  public var title: String?
  /// Wrong types, unknown fields, bad enum values.
  public var schemaFindings: [Finding]

  /// The `format:` marker of course definitions.
  public static let format = "mcaudit/course@1"

  public func location(of path: FieldPath) -> SourceLocation {
    SourceLocation(file: file, path.mark(in: document))
  }
}
