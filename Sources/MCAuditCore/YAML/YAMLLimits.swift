/// Limits that keep hostile input from exhausting memory, stack or time.
///
/// Every limit has a documented default (README, "Limits") and a CLI override.
public struct YAMLLimits: Sendable, Hashable {
  /// Largest file read, in bytes (`--max-file-size`).
  public var maxFileSize: Int = 16 << 20
  /// Deepest nesting of lists and mappings (`--max-depth`, at most ``depthCeiling``).
  public var maxDepth: Int = 64
  /// Longest scalar, in bytes (`--max-scalar-size`).
  public var maxScalarLength: Int = 1 << 20
  /// Most nodes in one document (`--max-nodes`).
  public var maxNodes: Int = 100_000

  /// Nesting is walked recursively later on (validation, deallocation), on threads with small
  /// stacks; no override may exceed this.
  public static let depthCeiling = 256

  public init() {}

  public init(maxFileSize: Int? = nil, maxDepth: Int? = nil, maxScalarLength: Int? = nil, maxNodes: Int? = nil) {
    if let maxFileSize { self.maxFileSize = maxFileSize }
    if let maxDepth { self.maxDepth = min(maxDepth, Self.depthCeiling) }
    if let maxScalarLength { self.maxScalarLength = maxScalarLength }
    if let maxNodes { self.maxNodes = maxNodes }
  }
}
