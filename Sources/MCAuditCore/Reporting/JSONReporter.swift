/// The `mcaudit/report@1` JSON report (spec §7). Courses are spilled to a temporary file as they
/// arrive, because the `packs` header lists the packs actually applied, known only at the end.
public struct JSONReporter: Reporter {
  public static let identifier = "json"
  public static let summary = "mcaudit/report@1 JSON"

  let output: ReportOutput
  let spill: ReportOutput
  var courseCount = 0
  var problems: [String] = []
  var skipped: [String] = []

  public init(output: ReportOutput) throws(ReportError) {
    self.output = output
    self.spill = try ReportOutput(spill: ())
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    for d in result.problems { problems.append(Self.problem(d)) }
    if let reason = result.skipped {
      skipped.append("{\"file\": \(JSONText.string(result.file)), \"reason\": \(JSONText.string(reason))}")
    }
    for course in result.courses {
      spill.write((courseCount == 0 ? "\n    " : ",\n    ") + Self.course(course))
      courseCount += 1
    }
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    let s = run.summary
    let packs = run.packs.map { p in
      "{\"id\": \(JSONText.string(p.id)), \"version\": \(JSONText.string(p.version)), \"title\": \(JSONText.string(p.title))}"
    }
    let allProblems = run.problems.filter { $0.severity == .error }.map(Self.problem) + problems
    output.write("{\n  \"format\": \"mcaudit/report@1\",\n")
    output.write("  \"tool\": {\"name\": \"mcaudit\", \"version\": \(JSONText.string(run.toolVersion))},\n")
    output.write("  \"as_of\": \"\(run.asOf)\",\n")
    output.write("  \"packs\": [\(packs.isEmpty ? "" : "\n    " + packs.joined(separator: ",\n    ") + "\n  ")],\n")
    output.write("  \"courses\": [")
    output.append(contentsOf: spill)
    output.write(courseCount == 0 ? "],\n" : "\n  ],\n")
    output.write("  \"problems\": [\(allProblems.isEmpty ? "" : "\n    " + allProblems.joined(separator: ",\n    ") + "\n  ")],\n")
    output.write("  \"skipped\": [\(skipped.isEmpty ? "" : "\n    " + skipped.joined(separator: ",\n    ") + "\n  ")],\n")
    output.write("  \"summary\": {\"courses\": \(s.courses), \"errors\": \(s.errors), \"warnings\": \(s.warnings), \"infos\": \(s.infos), \"problems\": \(allProblems.count)}\n}\n")
  }

  static func problem(_ d: Diagnostic) -> String {
    var message = d.message
    for note in d.notes { message += " (\(note))" }
    return "{\"file\": \(JSONText.string(d.location.file)), \"line\": \(d.location.line), \"column\": \(d.location.column), \"message\": \(JSONText.string(message))}"
  }

  static func course(_ c: CourseResult) -> String {
    var out = "{\"file\": \(JSONText.string(c.file)), \"id\": \(JSONText.optional(c.id)), \"title\": \(JSONText.optional(c.title)),\n"
    out += "     \"verdicts\": {" + c.verdicts.map { "\(JSONText.string($0.pack)): \"\($0.verdict.rawValue)\"" }.joined(separator: ", ") + "},\n"
    if !c.unavailable.isEmpty {
      out += "     \"unavailable\": [" + c.unavailable.map(JSONText.string).joined(separator: ", ") + "],\n"
    }
    out += "     \"findings\": ["
    for (i, f) in c.findings.enumerated() {
      out += i == 0 ? "\n       " : ",\n       "
      out += "{\"rule\": \(JSONText.string(f.rule)), \"pack\": \(JSONText.string(f.pack)), \"severity\": \"\(f.severity)\", "
      out += "\"message\": \(JSONText.string(f.message)), \"path\": \(JSONText.string(f.path)), "
      out += "\"line\": \(f.location.line), \"column\": \(f.location.column), "
      out += "\"citation\": {\"source\": \(JSONText.string(f.citation.source)), \"section\": \(JSONText.string(f.citation.section)), \"url\": \(JSONText.optional(f.citation.url))}, "
      out += "\"fix\": \(JSONText.optional(f.fix))}"
    }
    out += c.findings.isEmpty ? "]}" : "\n     ]}"
    return out
  }
}
