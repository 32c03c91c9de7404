import ArgumentParser
import MCAuditCore
import MCAuditFrameworks

/// Where packs come from, and the input limits.
struct FrameworkOptions: ParsableArguments {
  @Option(name: .customLong("pack-path"), help: ArgumentHelp(
    "A pack file or a directory of packs to load besides the built-in ones (repeatable); a pack with a built-in pack's id replaces it.",
    valueName: "path"))
  var packPaths: [String] = []

  @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest input file in bytes (default 16777216).", valueName: "bytes"))
  var maxFileSize: Int?

  @Option(name: .customLong("max-depth"), help: ArgumentHelp("Deepest nesting of YAML lists and mappings (default 64, at most 256).", valueName: "levels"))
  var maxDepth: Int?

  @Option(name: .customLong("max-scalar-size"), help: ArgumentHelp("Longest YAML scalar in bytes (default 1048576).", valueName: "bytes"))
  var maxScalarSize: Int?

  @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Most YAML nodes in one document (default 100000).", valueName: "count"))
  var maxNodes: Int?

  var limits: YAMLLimits {
    YAMLLimits(maxFileSize: maxFileSize, maxDepth: maxDepth, maxScalarLength: maxScalarSize, maxNodes: maxNodes)
  }

  func validate() throws {
    for (name, value) in [("--max-file-size", maxFileSize), ("--max-depth", maxDepth), ("--max-scalar-size", maxScalarSize), ("--max-nodes", maxNodes)] {
      if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
    }
    // Refused rather than lowered in silence: the user asked for more than the reader allows.
    if let maxDepth, maxDepth > YAMLLimits.depthCeiling {
      throw ValidationError("--max-depth must be at most \(YAMLLimits.depthCeiling) (nesting is walked recursively on threads with small stacks)")
    }
  }

  /// Loads the built-in vocabulary and packs plus `--pack-path` packs (or `extra` ones).
  func load(extra: [String] = [], explanations: Bool = true) -> (Frameworks, [Diagnostic]) {
    let walker = CatalogueWalker(paths: packPaths + extra)
    var problems = walker.problems
    var user: [SourceText] = []
    for file in walker.files {
      switch FileReader.read(file, limit: limits.maxFileSize) {
      case .success(let bytes): user.append(SourceText(path: file, bytes: bytes))
      case .failure(let f): problems.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), f.message))
      }
    }
    let builtIn = BuiltInFrameworks.packs.map { SourceText(path: $0.path, text: $0.text) }
    let vocabulary = BuiltInFrameworks.vocabulary.map { SourceText(path: $0.path, text: $0.text) }
      ?? SourceText(path: "frameworks/course.vocabulary.yaml", text: "")
    let frameworks = Frameworks.load(vocabulary: vocabulary, packs: builtIn, overrides: user, limits: limits,
                                     explanations: explanations)
    return (frameworks, problems + frameworks.problems)
  }

  /// The user's pack files named by `paths`, for lint and test.
  static func files(_ paths: [String]) -> (files: Set<String>, problems: [Diagnostic]) {
    let walker = CatalogueWalker(paths: paths)
    return (Set(walker.files), walker.problems)
  }
}

/// Prints diagnostics to standard error in one format.
enum Console {
  static func report(_ diagnostics: [Diagnostic]) {
    for d in diagnostics {
      var source: SourceText?
      if d.location.line > 0, case .success(let bytes) = FileReader.read(d.location.file, limit: 16 << 20) {
        source = SourceText(path: d.location.file, bytes: bytes)
      } else if let embedded = BuiltInFrameworks.files.first(where: { $0.path == d.location.file }) {
        source = SourceText(path: embedded.path, text: embedded.text)
      }
      // Rendered diagnostics are already safe to print, and span lines.
      var stderr = StandardError()
      print(DiagnosticRenderer.render(d, source: source), to: &stderr)
    }
  }

  /// Text to standard error without a line break (progress).
  static func write(_ text: String) {
    var stderr = StandardError()
    stderr.write(text)
  }

  /// A one-line message to standard error; control characters in it (from an id or a path the
  /// user typed) are shown as pictures, as in diagnostics.
  static func printError(_ text: String) {
    var stderr = StandardError()
    print(TerminalText.visible(text), to: &stderr)
  }
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    var s = string
    s.withUTF8 { buffer in
      guard let base = buffer.baseAddress else { return }
      _ = SystemCall.write(2, base, buffer.count)
    }
  }
}

