/// Opens a configuration file (vocabulary, pack, waivers, baseline) the one way they are all
/// opened: parsed with the YAML limits, a mapping at the top, and a `format:` that names the
/// expected format. Every failure is a located diagnostic.
struct ConfigurationFile {
  let top: MappingReader
  let documents: [YAMLNode]
  var sink: DiagnosticSink { top.sink }

  /// - Parameters:
  ///   - what: the file's name in messages ("the pack", "the waivers file").
  ///   - format: the expected `format:` value; a file without it, or with another, is an error.
  ///     Nil leaves the check to the caller (``requireFormat(_:)``).
  static func open(_ source: SourceText, limits: YAMLLimits, what: String, format: String?) -> Result<ConfigurationFile, DiagnosticsError> {
    let sink = DiagnosticSink(file: source.path)
    let documents: [YAMLNode]
    do {
      documents = try YAMLParser.parse(source.bytes, limits: limits, notation: .init(path: source.path))
    } catch {
      return .failure(DiagnosticsError([Diagnostic(error, file: source.path)]))
    }
    guard let top = MappingReader(documents[0], sink: sink, what: what) else {
      return .failure(DiagnosticsError(sink.diagnostics))
    }
    let file = ConfigurationFile(top: top, documents: documents)
    if let format { file.requireFormat(format) }
    return .success(file)
  }

  /// The file's `format:` value, when it is a string.
  var format: String? { top.value("format")?.scalar?.text }

  /// Reports a missing `format:` or another one than `expected`.
  func requireFormat(_ expected: String) {
    if let found = top.string("format", required: true), found != expected {
      sink.error(at: top.value("format")!.mark, "unsupported format '\(found)' for \(top.what); expected '\(expected)'")
    }
  }
}
