/// The human report: compiler-style findings with the source line and a caret, the citation and
/// the fix; a verdict line per course; a summary line.
public struct TextReporter: Reporter {
  public static let identifier = "text"
  public static let summary = "compiler-style text (file:line:col: severity: message [RULE-ID])"

  let output: ReportOutput

  public init(output: ReportOutput) { self.output = output }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    // A file's text is written as bytes into one buffer (``DiagnosticRenderer``), and its lines
    // are looked up in one pass for all its snippets (findings come in order of position).
    var out = ByteBuffer(capacity: 4096)
    var lines = result.source.map(SourceText.Lines.init)
    for d in result.problems {
      DiagnosticRenderer.write(d.location, d.severity, d.message, notes: d.notes, lines: &lines, into: &out)
      out.append(0x0A)
    }
    if let reason = result.skipped {
      TerminalText.append("\(result.file): skipped: \(reason)", to: &out)
      out.append(0x0A)
    }
    for course in result.courses {
      for f in course.findings {
        DiagnosticRenderer.write(f.location, f.severity, f.message, rule: f.rule, lines: &lines, into: &out)
        out.append("\n  = source: ")
        f.citation.write(textInto: &out)
        if let url = f.citation.url {
          out.append(" <")
          out.append(url)
          out.append(0x3E)
        }
        out.append(0x0A)
        // Fixes, values read and waiver reasons can quote course and waiver text.
        if let fix = f.fix {
          out.append("  = fix: ")
          TerminalText.append(fix, to: &out)
          out.append(0x0A)
        }
        if let e = f.explanation {
          if !e.read.isEmpty {
            out.append("  = read: ")
            TerminalText.append(e.read.map { "\($0.path) = \($0.value)" }.joined(separator: "; "), to: &out)
            out.append(0x0A)
          }
          if let failed = e.failed {
            out.append("  = failed: ")
            TerminalText.append(failed, to: &out)
            out.append(0x0A)
          }
        }
        if let w = f.waiver {
          TerminalText.append("  = waived: \(w.reason) (approved by \(w.approvedBy), until \(w.expires); \(w.location))", to: &out)
          out.append(0x0A)
        }
        // A course with a great many findings does not hold all their text as well.
        if out.count >= ReportOutput.flushSize {
          output.write(out)
          out.truncate(to: 0)
        }
      }
      TerminalText.append(course.file, to: &out)
      out.append(": ")
      // Without an id, the title names the course, unless it is blank (`title: "  "`).
      let title = course.title.flatMap { $0.contains { !$0.isWhitespace } ? $0 : nil }
      TerminalText.append(course.id ?? title ?? "(no id)", to: &out)
      out.append(": ")
      if course.verdicts.isEmpty { out.append("no pack applied") }
      for (i, v) in course.verdicts.enumerated() {
        if i > 0 { out.append(", ") }
        out.append(v.pack)
        out.append(0x20)
        out.append(v.verdict.rawValue)
      }
      if let digest = result.digest {
        out.append(" [digest ")
        out.append(digest)
        out.append(0x5D)
      }
      if !course.unavailable.isEmpty {
        // Jurisdictions come from the course (a region is free text).
        out.append(" (no pack available for: ")
        TerminalText.append(course.unavailable.joined(separator: ", "), to: &out)
        out.append(0x29)
      }
      out.append(0x0A)
    }
    output.write(out)
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
