/// The human report: compiler-style findings with the source line and a caret, the citation and
/// the fix; a verdict line per course; a summary line.
public struct TextReporter: Reporter {
  public static let identifier = "text"
  public static let summary = "compiler-style text (file:line:col: severity: message [RULE-ID])"

  let output: ReportOutput

  public init(output: ReportOutput) { self.output = output }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    // One pass over the file's lines for all its snippets (findings come in order of position).
    var lines = result.source.map(SourceText.Lines.init)
    for d in result.problems {
      output.write(DiagnosticRenderer.render(d, lines: &lines) + "\n")
    }
    if let reason = result.skipped {
      output.write(TerminalText.visible("\(result.file): skipped: \(reason)") + "\n")
    }
    for course in result.courses {
      for f in course.findings {
        let d = Diagnostic(f.severity, at: f.location, "\(f.message) [\(f.rule)]")
        output.write(DiagnosticRenderer.render(d, lines: &lines) + "\n")
        output.write("  = source: \(f.citation.text)\(f.citation.url.map { " <\($0)>" } ?? "")\n")
        // Fixes, values read and waiver reasons can quote course and waiver text.
        if let fix = f.fix { output.write("  = fix: \(TerminalText.visible(fix))\n") }
        if let e = f.explanation {
          if !e.read.isEmpty {
            output.write("  = read: " + TerminalText.visible(e.read.map { "\($0.path) = \($0.value)" }.joined(separator: "; ")) + "\n")
          }
          if let failed = e.failed { output.write("  = failed: \(failed)\n") }
        }
        if let w = f.waiver {
          output.write(TerminalText.visible("  = waived: \(w.reason) (approved by \(w.approvedBy), until \(w.expires); \(w.location))") + "\n")
        }
      }
      let name = TerminalText.visible(course.id ?? course.title ?? "(no id)")
      let verdicts = course.verdicts.map { "\($0.pack) \($0.verdict.rawValue)" }.joined(separator: ", ")
      output.write("\(TerminalText.visible(course.file)): \(name): \(verdicts.isEmpty ? "no pack applied" : verdicts)")
      if let digest = result.digest { output.write(" [digest \(digest)]") }
      if !course.unavailable.isEmpty {
        output.write(" (no pack available for: \(course.unavailable.joined(separator: ", ")))")
      }
      output.write("\n")
    }
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    for d in run.problems + run.waiverDiagnostics {
      output.write(DiagnosticRenderer.render(d, source: nil) + "\n")
    }
    let s = run.summary
    let problems = s.problems + (run.problems + run.waiverDiagnostics).count { $0.severity == .error }
    output.write("mcaudit \(run.toolVersion); packs: " + (run.packs.isEmpty ? "none" : run.packs.map { "\($0.id) \($0.version) [\($0.digest)]" }.joined(separator: ", "))
                 + (run.waivers.map { "; waivers: \($0.file) [\($0.digest)]" } ?? "") + "\n")
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    output.write("\(plural(s.courses, "course")) audited (\(plural(s.skipped, "file")) skipped) as of \(run.asOf): "
                 + "\(plural(s.errors, "error")), \(plural(s.warnings, "warning")), \(plural(s.infos, "info")), \(plural(problems, "problem"))"
                 + (s.waived > 0 ? ", \(s.waived) waived" : "")
                 + (run.baseline.map { ", \($0.suppressed) held back by the baseline, \($0.fixed) fixed since it" } ?? "") + "\n")
  }
}
