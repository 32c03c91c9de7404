/// Accepted findings: a YAML file (`mcaudit/waivers@1`) where each waiver names a rule, a course
/// (id or glob), optionally a field path, why it is accepted, who approved it and until when.
///
/// A waived finding stays in the report, marked with its waiver, and does not fail the run. A
/// waiver past its expiry date waives nothing and is an error; a waiver that matched nothing in a
/// run is stale. Malformed files are located errors, never ignored.
public struct Waivers: Sendable {
  public struct Waiver: Sendable, Hashable {
    public var rule: String
    public var course: String
    public var path: String?
    public var reason: String
    public var approvedBy: String
    public var expires: CivilDate
    public var location: SourceLocation
  }

  public var file: String
  public var digest: String
  public var waivers: [Waiver]

  /// Loads a waivers file; every mistake is a located diagnostic.
  public static func load(_ source: SourceText, limits: YAMLLimits = YAMLLimits()) -> Result<Waivers, DiagnosticsError> {
    let file: ConfigurationFile
    switch ConfigurationFile.open(source, limits: limits, what: "the waivers file", format: "mcaudit/waivers@1") {
    case .success(let f): file = f
    case .failure(let e): return .failure(e)
    }
    let (top, sink) = (file.top, file.sink)
    top.finish(allowed: ["format", "waivers"])
    var waivers: [Waiver] = []
    for node in top.list("waivers") ?? [] {
      guard let r = MappingReader(node, sink: sink, what: "a waiver") else { continue }
      r.finish(allowed: ["rule", "course", "path", "reason", "approved_by", "expires"])
      let rule = r.string("rule", required: true)
      let course = r.string("course", required: true)
      let reason = r.string("reason", required: true)
      let approver = r.string("approved_by", required: true)
      let expires = r.date("expires")
      if !r.has("expires") { sink.error(at: node.mark, "a waiver needs 'expires' (YYYY-MM-DD)") }
      if let reason, reason.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
        sink.error(at: r.value("reason")!.mark, "a waiver's reason must not be empty")
      }
      guard let rule, let course, let reason, let approver, let expires else { continue }
      waivers.append(Waiver(rule: rule, course: course, path: r.string("path"), reason: reason, approvedBy: approver,
                            expires: expires, location: SourceLocation(file: source.path, node.mark)))
    }
    if top.list("waivers") == nil, !sink.hasErrors { sink.error(at: top.node.mark, "the waivers file needs 'waivers'") }
    return sink.hasErrors ? .failure(DiagnosticsError(sink.diagnostics))
      : .success(Waivers(file: source.path, digest: Digest.xxh64(source.bytes), waivers: waivers))
  }

  /// The waiver that covers a finding of a course, if any (the first that matches).
  func match(_ finding: Finding, courseID: String?, file: String) -> Int? {
    waivers.firstIndex { w in
      w.rule == finding.rule
        && (Glob.matches(w.course, courseID ?? "") || Glob.matches(w.course, file))
        && (w.path.map { $0 == finding.path || finding.path.hasPrefix($0 + ".") || finding.path.hasPrefix($0 + "[") } ?? true)
    }
  }
}

/// `*` (any run of characters) and `?` (one character) patterns for course ids and paths.
enum Glob {
  static func matches(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
    var pi = 0, ti = 0, star = -1, mark = 0
    while ti < t.count {
      if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
        pi += 1; ti += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi; mark = ti; pi += 1
      } else if star >= 0 {
        pi = star + 1; mark += 1; ti = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
