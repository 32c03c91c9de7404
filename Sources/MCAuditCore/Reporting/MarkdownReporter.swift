/// A Markdown report for a pull request or a QA meeting: totals, a course × pack verdict matrix,
/// then a section per course with its findings, citations (as links) and fixes. The sections are
/// spilled while the run goes on; only one small row per course is kept for the matrix.
public struct MarkdownReporter: Reporter {
  public static let identifier = "markdown"
  public static let summary = "Markdown (summary, verdict matrix, a section per course)"

  let output: ReportOutput
  let spill: ReportOutput
  var rows: [(course: String, verdicts: [(String, Verdict)])] = []
  var problems: [Diagnostic] = []
  var skipped: [(String, String)] = []

  public init(output: ReportOutput) throws(ReportError) {
    self.output = output
    self.spill = try ReportOutput(spill: ())
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    problems += result.problems
    if let reason = result.skipped { skipped.append((result.file, reason)) }
    let digest = result.digest
    for course in result.courses {
      let name = course.id ?? course.file
      rows.append((name, course.verdicts.map { ($0.pack, $0.verdict) }))
      var md = "\n### \(Self.cell(name))\n\n"
      if let title = course.title { md += "**\(Self.cell(title))** — " }
      md += "`\(course.file)`\(digest.map { " (digest `\($0)`)" } ?? "")\n\n"
      md += course.verdicts.map { "`\($0.pack)`: \(Self.badge($0.verdict))" }.joined(separator: " · ") + "\n"
      if !course.unavailable.isEmpty { md += "\nNo pack available for: \(course.unavailable.joined(separator: ", ")).\n" }
      if course.findings.isEmpty {
        md += "\nNo findings.\n"
      } else {
        md += "\n| | rule | field | message | source | fix |\n|---|---|---|---|---|---|\n"
        for f in course.findings {
          let source = f.citation.url.map { "[\(Self.cell(f.citation.text))](\($0))" } ?? Self.cell(f.citation.text)
          let icon = f.waiver.map { "waived (\(Self.cell($0.reason)), until \($0.expires))" } ?? Self.icon(f.severity)
          md += "| \(icon) | `\(f.rule)` | `\(f.path.isEmpty ? "—" : f.path)` (\(f.location.line):\(f.location.column)) | \(Self.cell(f.message)) | \(source) | \(Self.cell(f.fix ?? "")) |\n"
        }
      }
      spill.write(md)
    }
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    let s = run.summary
    let all = (run.problems + run.waiverDiagnostics).filter { $0.severity == .error } + problems
    output.write("# mcaudit report\n\n")
    output.write("As of \(run.asOf) · mcaudit \(run.toolVersion) · packs: \(run.packs.map { "`\($0.id)` \($0.version) (`\($0.digest)`)" }.joined(separator: ", "))"
                 + (run.waivers.map { " · waivers `\($0.file)` (`\($0.digest)`)" } ?? "") + "\n\n")
    output.write("| courses | errors | warnings | infos | waived | problems | skipped files |\n|---:|---:|---:|---:|---:|---:|---:|\n")
    output.write("| \(s.courses) | \(s.errors) | \(s.warnings) | \(s.infos) | \(s.waived) | \(all.count) | \(s.skipped) |\n\n")
    let stale = run.waiverDiagnostics.filter { $0.severity == .warning }
    if !stale.isEmpty { output.write("Stale waivers: " + stale.map { "`\($0.location)`" }.joined(separator: ", ") + "\n\n") }
    if let b = run.baseline { output.write("Baseline: \(b.suppressed) known finding(s) held back, \(b.fixed) fixed.\n\n") }
    let packs = run.packs.map(\.id)
    if !rows.isEmpty {
      output.write("## Verdicts\n\n| course | " + packs.map { "`\($0)`" }.joined(separator: " | ") + " |\n")
      output.write("|---|" + packs.map { _ in "---" }.joined(separator: "|") + "|\n")
      for row in rows {
        let cells = packs.map { id in row.verdicts.first { $0.0 == id }.map { Self.badge($0.1) } ?? "—" }
        output.write("| \(Self.cell(row.course)) | " + cells.joined(separator: " | ") + " |\n")
      }
    }
    if !all.isEmpty {
      output.write("\n## Problems\n\n")
      for d in all { output.write("- `\(d.location)`: \(Self.cell(d.message))\n") }
    }
    if !skipped.isEmpty {
      output.write("\n## Skipped files\n\n")
      for (file, reason) in skipped { output.write("- `\(file)`: \(Self.cell(reason))\n") }
    }
    output.write("\n## Courses\n")
    output.append(contentsOf: spill)
  }

  static func badge(_ v: Verdict) -> String {
    switch v {
    case .compliant: "✅ compliant"
    case .compliant_with_warnings: "⚠️ with warnings"
    case .non_compliant: "❌ non-compliant"
    case .not_applicable: "— not applicable"
    }
  }

  static func icon(_ s: Severity) -> String {
    switch s {
    case .error: "❌ error"
    case .warning: "⚠️ warning"
    case .info: "ℹ️ info"
    }
  }

  /// Text for a table cell: one line, pipes escaped.
  static func cell(_ s: String) -> String {
    // Most cells have neither a line break nor a pipe: the walks over Characters are skipped.
    guard s.withUTF8Bytes({ $0.contains { $0 == 0x0A || $0 == 0x7C } }) else { return s }
    return s.split(whereSeparator: { $0 == "\n" }).joined(separator: " ").replacingAll("|", with: "\\|")
  }
}
