/// The `mcaudit/report@1` JSON report (spec §7), written in one pass: what is known before the
/// first course (format, tool, audit date) comes first, the courses as they arrive, and what is
/// known only at the end (the packs that applied, problems, skipped files, summary) last. The
/// members of a JSON object are unordered, so readers see the report of the spec; the courses
/// are written once, straight to the output (holding them back behind the `packs` header meant
/// writing a 10,000-course report twice, a tenth of the audit's time).
public struct JSONReporter: Reporter {
  public static let identifier = "json"
  public static let summary = "mcaudit/report@1 JSON"

  let output: ReportOutput
  var courseCount = 0
  var problems: [String] = []
  var skipped: [String] = []

  /// Starts the report: the members known before the first course.
  public init(output: ReportOutput, toolVersion: String, asOf: CivilDate) {
    self.output = output
    output.write("{\n  \"format\": \"mcaudit/report@1\",\n")
    output.write("  \"tool\": {\"name\": \"mcaudit\", \"version\": \(JSONText.string(toolVersion))},\n")
    output.write("  \"as_of\": \"\(asOf)\",\n")
    output.write("  \"courses\": [")
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    for d in result.problems { problems.append(Self.problem(d)) }
    if let reason = result.skipped {
      skipped.append("{\"file\": \(JSONText.string(result.file)), \"reason\": \(JSONText.string(reason))}")
    }
    // Each course read in place: iterating the list copied each one, retaining its strings,
    // lists and findings.
    result.courses.withUnsafeBufferPointer { courses in
      for i in courses.indices {
        let first = courseCount == 0
        output.withJSON { j in
          j.raw(first ? "\n    " : ",\n    ")
          Self.course(courses.baseAddress! + i, digest: result.digest, into: &j)
        }
        courseCount += 1
      }
    }
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    let s = run.summary
    let packs = run.packs.map { p in
      "{\"id\": \(JSONText.string(p.id)), \"version\": \(JSONText.string(p.version)), \"title\": \(JSONText.string(p.title)), \"digest\": \"\(p.digest)\"}"
    }
    let allProblems = (run.problems + run.waiverDiagnostics).filter { $0.severity == .error }.map(Self.problem) + problems
    output.write(courseCount == 0 ? "],\n" : "\n  ],\n")
    output.write("  \"packs\": [\(packs.isEmpty ? "" : "\n    " + packs.joined(separator: ",\n    ") + "\n  ")],\n")
    output.write("  \"problems\": [\(allProblems.isEmpty ? "" : "\n    " + allProblems.joined(separator: ",\n    ") + "\n  ")],\n")
    output.write("  \"skipped\": [\(skipped.isEmpty ? "" : "\n    " + skipped.joined(separator: ",\n    ") + "\n  ")],\n")
    if let w = run.waivers {
      let stale = run.waiverDiagnostics.filter { $0.severity == .warning }.map(Self.problem)
      output.write("  \"waivers\": {\"file\": \(JSONText.string(w.file)), \"digest\": \"\(w.digest)\", \"stale\": [\(stale.joined(separator: ", "))]},\n")
    }
    if let b = run.baseline {
      output.write("  \"baseline\": {\"suppressed\": \(b.suppressed), \"fixed\": \(b.fixed)},\n")
    }
    output.write("  \"summary\": {\"courses\": \(s.courses), \"errors\": \(s.errors), \"warnings\": \(s.warnings), \"infos\": \(s.infos), \"problems\": \(allProblems.count)\(s.waived > 0 ? ", \"waived\": \(s.waived)" : "")}\n}\n")
  }

  static func problem(_ d: Diagnostic) -> String {
    var message = d.message
    for note in d.notes { message += " (\(note))" }
    return "{\"file\": \(JSONText.string(d.location.file)), \"line\": \(d.location.line), \"column\": \(d.location.column), \"message\": \(JSONText.string(message))}"
  }

  /// One course of a file, read through a pointer as ``finding(_:into:)`` reads a finding.
  static func course(_ course: UnsafePointer<CourseResult>, digest: String?, into j: inout JSONBuffer) {
    j.raw("{\"file\": "); j.string(course.pointee.file)
    if let digest { j.raw(", \"digest\": \""); j.raw(digest); j.raw("\"") }
    j.raw(", \"id\": "); j.optional(course.pointee.id)
    j.raw(", \"title\": "); j.optional(course.pointee.title)
    j.raw(",\n     \"verdicts\": {")
    for (i, v) in course.pointee.verdicts.enumerated() {
      if i > 0 { j.raw(", ") }
      j.string(v.pack); j.raw(": \""); j.raw(v.verdict.rawValue); j.raw("\"")
    }
    j.raw("},\n")
    if !course.pointee.unavailable.isEmpty {
      j.raw("     \"unavailable\": [")
      for (i, u) in course.pointee.unavailable.enumerated() {
        if i > 0 { j.raw(", ") }
        j.string(u)
      }
      j.raw("],\n")
    }
    j.raw("     \"findings\": [")
    course.pointee.findings.withUnsafeBufferPointer { findings in
      for i in findings.indices {
        j.raw(i == 0 ? "\n       " : ",\n       ")
        finding(findings.baseAddress! + i, into: &j)
      }
    }
    j.raw(course.pointee.findings.isEmpty ? "]}" : "\n     ]}")
  }

  /// `, "severity": "…", "message": `, the text between a finding's pack and its message.
  private static func severityJSON(_ severity: Severity) -> StaticString {
    switch severity {
    case .error: ", \"severity\": \"error\", \"message\": "
    case .warning: ", \"severity\": \"warning\", \"message\": "
    case .info: ", \"severity\": \"info\", \"message\": "
    }
  }

  /// One finding of a course, read through a pointer: passing the finding itself made the
  /// compiler copy it (and retain each of its strings) for every call. Its origin is read without
  /// a reference of its own (the finding holds one), and the origin's JSON through plain pointers.
  private static func finding(_ finding: UnsafePointer<Finding>, into j: inout JSONBuffer) {
    unowned(unsafe) let origin = finding.pointee.origin
    let pieces = origin.json
    j.append(pieces.head)
    j.raw(Self.severityJSON(finding.pointee.severity))
    if let literal = pieces.message, origin.plainMessage == finding.pointee.message { j.append(literal) } else { j.string(finding.pointee.message) }
    j.raw(", \"path\": "); j.string(finding.pointee.path)
    j.raw(", \"line\": "); j.int(finding.pointee.location.line)
    j.raw(", \"column\": "); j.int(finding.pointee.location.column)
    j.raw(", \"citation\": "); j.append(pieces.citation)
    j.raw(", \"fix\": ")
    if let literal = pieces.fix, finding.pointee.fix != nil, origin.plainFix == finding.pointee.fix { j.append(literal) } else { j.optional(finding.pointee.fix) }
    guard finding.pointee.isAnnotated else {
      j.raw("}")
      return
    }
    if let e = finding.pointee.explanation {
      j.raw(", \"explanation\": {\"read\": {")
      for (i, r) in e.read.enumerated() {
        if i > 0 { j.raw(", ") }
        j.string(r.path); j.raw(": "); j.string(r.value)
      }
      j.raw("}, \"failed\": "); j.optional(e.failed); j.raw("}")
    }
    if let w = finding.pointee.waiver {
      j.raw(", \"waived\": {\"reason\": "); j.string(w.reason)
      j.raw(", \"approved_by\": "); j.string(w.approvedBy)
      j.raw(", \"expires\": \""); j.raw(w.expires.description); j.raw("\"}")
    }
    j.raw("}")
  }
}
