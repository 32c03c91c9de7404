/// The findings a catalogue had at one point (`--write-baseline`), by a fingerprint that survives
/// edits elsewhere in a file: rule, course id and field path, never line numbers. With
/// `--baseline` a run reports only findings that are new, and counts the baselined ones that are
/// fixed.
public struct Baseline: Sendable {
  public var fingerprints: Set<String>

  public init(fingerprints: Set<String> = []) { self.fingerprints = fingerprints }

  public static func fingerprint(_ f: Finding, courseID: String?, file: String) -> String {
    "\(f.rule)|\(courseID ?? file)|\(f.path)"
  }

  /// The baseline file: JSON, one fingerprint per line, sorted, so that it diffs well.
  public func serialized() -> String {
    let lines = fingerprints.sorted().map { "    " + JSONText.string($0) }
    return "{\n  \"format\": \"mcaudit/baseline@1\",\n  \"fingerprints\": [\n" + lines.joined(separator: ",\n")
      + (lines.isEmpty ? "" : "\n") + "  ]\n}\n"
  }

  /// Reads a baseline written by `serialized()` (any JSON of that shape: it is read as YAML).
  public static func load(_ source: SourceText) -> Result<Baseline, DiagnosticsError> {
    let sink = DiagnosticSink(file: source.path)
    let documents: [YAMLNode]
    do {
      documents = try YAMLParser.parse(source.bytes, limits: YAMLLimits(maxNodes: 10_000_000))
    } catch {
      return .failure(DiagnosticsError([Diagnostic(error, file: source.path)]))
    }
    guard let top = MappingReader(documents[0], sink: sink, what: "the baseline") else { return .failure(DiagnosticsError(sink.diagnostics)) }
    top.finish(allowed: ["format", "fingerprints"])
    if let format = top.string("format", required: true), format != "mcaudit/baseline@1" {
      sink.error(at: top.value("format")!.mark, "unsupported baseline format '\(format)'; expected 'mcaudit/baseline@1'")
    }
    let prints = top.strings("fingerprints")
    if prints == nil, !sink.hasErrors { sink.error(at: top.node.mark, "the baseline needs 'fingerprints'") }
    return sink.hasErrors ? .failure(DiagnosticsError(sink.diagnostics)) : .success(Baseline(fingerprints: Set(prints ?? [])))
  }
}
