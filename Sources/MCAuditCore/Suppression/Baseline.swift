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
    let file: ConfigurationFile
    switch ConfigurationFile.open(source, limits: YAMLLimits(maxNodes: 10_000_000), what: "the baseline", format: "mcaudit/baseline@1") {
    case .success(let f): file = f
    case .failure(let e): return .failure(e)
    }
    let (top, sink) = (file.top, file.sink)
    top.finish(allowed: ["format", "fingerprints"])
    let prints = top.strings("fingerprints")
    if prints == nil, !sink.hasErrors { sink.error(at: top.node.mark, "the baseline needs 'fingerprints'") }
    return sink.hasErrors ? .failure(DiagnosticsError(sink.diagnostics)) : .success(Baseline(fingerprints: Set(prints ?? [])))
  }
}
