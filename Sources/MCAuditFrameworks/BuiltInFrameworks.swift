/// The framework files shipped inside the binary: the course vocabulary and the built-in packs.
///
/// The contents are generated at build time from `frameworks/` by the `EmbedPacks` plugin.
public enum BuiltInFrameworks {
  /// One embedded file: its path as in the repository (`frameworks/es/es.yaml`) and its text.
  public struct EmbeddedFile: Sendable {
    public let path: String
    public let text: String
  }

  /// Every embedded file, sorted by path.
  public static var files: [EmbeddedFile] { embedded }

  /// The vocabulary file.
  public static var vocabulary: EmbeddedFile? {
    embedded.first { $0.path == "frameworks/course.vocabulary.yaml" }
  }

  /// The pack files: every embedded YAML file except the vocabulary.
  public static var packs: [EmbeddedFile] {
    embedded.filter { $0.path != "frameworks/course.vocabulary.yaml" }
  }
}
