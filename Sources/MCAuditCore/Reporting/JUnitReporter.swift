/// JUnit XML for CI dashboards: one test suite per pack, one test case per course and rule that
/// applied to it. Errors and warnings are failures (with message, location and citation); infos
/// pass and carry their message in `system-out`. Schema findings form the suite `schema`, input
/// problems the suite `input`. Each suite is spilled to a temporary file while the run goes on.
public struct JUnitReporter: Reporter {
  public static let identifier = "junit"
  public static let summary = "JUnit XML (one suite per pack, one case per course and applicable rule)"

  struct Suite {
    let spill: ReportOutput
    var tests = 0
    var failures = 0
  }

  let output: ReportOutput
  var suites: [String: Suite] = [:]
  /// For each suite, the `file_digest` properties of the audited files whose courses it covers,
  /// spilled as they come (they lead the suite, so they wait for the end; held in memory, they
  /// grew with the catalogue), and the last file recorded.
  var fileDigests: [String: (spill: ReportOutput, last: String)] = [:]
  var order: [String] = []

  public init(output: ReportOutput) { self.output = output }

  mutating func add(_ suite: String, _ xml: String, failed: Bool) throws(ReportError) {
    if suites[suite] == nil {
      suites[suite] = Suite(spill: try ReportOutput(spill: ()))
      order.append(suite)
    }
    suites[suite]!.spill.write(xml)
    suites[suite]!.tests += 1
    if failed { suites[suite]!.failures += 1 }
  }

  /// A file's digest among the properties of `suite`, once per file (its courses come together).
  mutating func record(_ file: String, digest: String, in suite: String) throws(ReportError) {
    if fileDigests[suite] == nil { fileDigests[suite] = (try ReportOutput(spill: ()), "") }
    guard fileDigests[suite]!.last != file else { return }
    fileDigests[suite]!.last = file
    fileDigests[suite]!.spill.write("      <property name=\"file_digest\" value=\"\(XMLText.escape("\(file) \(digest)"))\"/>\n")
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    for d in result.problems {
      try add("input", "    <testcase classname=\"\(XMLText.escape(result.file))\" name=\"readable course file\">\n"
              + "      <error message=\"\(XMLText.escape(d.message))\">\(XMLText.escape(d.description))</error>\n    </testcase>\n", failed: true)
    }
    for course in result.courses {
      if let digest = result.digest {
        for suite in Set(course.verdicts.map(\.pack) + (course.findings.contains { $0.pack == CourseReader.packID } ? [CourseReader.packID] : [])) {
          try record(result.file, digest: digest, in: suite)
        }
      }
      let classname = XMLText.escape(course.id.map { "\(course.file) (\($0))" } ?? course.file)
      let schema = course.findings.filter { $0.pack == CourseReader.packID }
      for f in schema {
        try add("schema", testcase(classname, f.rule, [f]), failed: f.severity != .info && f.waiver == nil)
      }
      for (i, verdict) in course.verdicts.enumerated() where i < course.appliedRules.count {
        let findings = course.findings.filter { $0.pack == verdict.pack }
        for rule in course.appliedRules[i] {
          let own = findings.filter { $0.rule == rule }
          try add(verdict.pack, testcase(classname, rule, own), failed: own.contains { $0.severity != .info && $0.waiver == nil })
        }
      }
    }
  }

  func testcase(_ classname: String, _ rule: String, _ findings: [Finding]) -> String {
    var xml = "    <testcase classname=\"\(classname)\" name=\"\(XMLText.escape(rule))\""
    if findings.isEmpty { return xml + "/>\n" }
    xml += ">\n"
    var notes: [String] = []
    for f in findings {
      let detail = "\(f.location): \(f.severity): \(f.message) [\(f.rule)]\nsource: \(f.citation.text)\(f.citation.url.map { " <\($0)>" } ?? "")"
        + (f.fix.map { "\nfix: \($0)" } ?? "")
      if let w = f.waiver {
        xml += "      <skipped message=\"\(XMLText.escape("waived: \(w.reason) (approved by \(w.approvedBy), until \(w.expires))"))\"/>\n"
        notes.append(detail)
      } else if f.severity == .info {
        notes.append(detail)
      } else {
        xml += "      <failure type=\"\(f.severity)\" message=\"\(XMLText.escape(f.message))\">\(XMLText.escape(detail))</failure>\n"
      }
    }
    if !notes.isEmpty { xml += "      <system-out>\(XMLText.escape(notes.joined(separator: "\n")))</system-out>\n" }
    return xml + "    </testcase>\n"
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    for d in run.problems + run.waiverDiagnostics where d.severity == .error {
      try add("input", "    <testcase classname=\"\(XMLText.escape(d.location.file))\" name=\"readable input\">\n"
              + "      <error message=\"\(XMLText.escape(d.message))\">\(XMLText.escape(d.description))</error>\n    </testcase>\n", failed: true)
    }
    let tests = suites.values.reduce(0) { $0 + $1.tests }
    let failures = suites.values.reduce(0) { $0 + $1.failures }
    output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    output.write("<testsuites name=\"mcaudit\" tests=\"\(tests)\" failures=\"\(failures)\" timestamp=\"\(run.asOf)\">\n")
    for name in order {
      let suite = suites[name]!
      output.write("  <testsuite name=\"\(XMLText.escape(name))\" tests=\"\(suite.tests)\" failures=\"\(suite.failures)\">\n")
      output.write("    <properties>\n      <property name=\"mcaudit\" value=\"\(XMLText.escape(run.toolVersion))\"/>\n      <property name=\"as_of\" value=\"\(run.asOf)\"/>\n")
      if let pack = run.packs.first(where: { $0.id == name }) {
        output.write("      <property name=\"pack\" value=\"\(XMLText.escape("\(pack.id) \(pack.version)"))\"/>\n      <property name=\"pack_digest\" value=\"\(pack.digest)\"/>\n")
      }
      if let w = run.waivers { output.write("      <property name=\"waivers_digest\" value=\"\(w.digest)\"/>\n") }
      if let digests = fileDigests[name] { output.append(contentsOf: digests.spill) }
      output.write("    </properties>\n")
      output.append(contentsOf: suite.spill)
      output.write("  </testsuite>\n")
    }
    output.write("</testsuites>\n")
  }
}
