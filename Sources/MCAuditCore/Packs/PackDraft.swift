/// A pack file parsed into its sections, before its expressions are compiled.
///
/// Loading is in phases because packs depend on each other: every pack's `fields` must be in the
/// vocabulary before any expression is type-checked, and a pack's parent must be compiled first.
struct PackDraft {
  let source: SourceText
  let sink: DiagnosticSink
  let top: MappingReader
  let id: String
  var extends: String?

  static let topKeys = ["format", "id", "title", "version", "kind", "jurisdiction", "extends", "selection",
                        "theme", "applies_when", "effective", "description", "sources", "fields", "tables",
                        "templates", "params", "rules", "rule_prefix"]

  /// Parses the file: nil for the vocabulary file (a folder of packs holds it too), an error
  /// when it is not YAML, not a mapping, or has no usable id.
  static func parse(_ source: SourceText, limits: YAMLLimits) -> Result<PackDraft?, DiagnosticsError> {
    let file: ConfigurationFile
    switch ConfigurationFile.open(source, limits: limits, what: "the pack", format: nil) {
    case .success(let f): file = f
    case .failure(let e): return .failure(e)
    }
    // A folder of packs holds the vocabulary too: it is not a pack, and not an error.
    if file.format == "mcaudit/vocabulary@1" { return .success(nil) }
    file.requireFormat("mcaudit/pack@1")
    let (top, sink) = (file.top, file.sink)
    if file.documents.count > 1 {
      sink.error(at: file.documents[1].mark, "a pack file holds one document; found another here")
    }
    top.finish(allowed: topKeys)
    guard let id = top.string("id", required: true) else { return .failure(DiagnosticsError(sink.diagnostics)) }
    if !StringFormat.slug.accepts(id) || id.contains(".") || id.contains("_") {
      sink.error(at: top.value("id")!.mark, "pack id '\(id)' must be lower-case letters, digits and '-'")
    }
    return .success(PackDraft(source: source, sink: sink, top: top, id: id, extends: top.string("extends")))
  }
}
