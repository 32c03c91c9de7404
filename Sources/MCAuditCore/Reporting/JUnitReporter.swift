/// JUnit XML for CI dashboards: one test suite per pack, one test case per course and rule that
/// applied to it. Errors and warnings are failures (with message, location and citation); infos
/// pass and carry their message in `system-out`. Schema findings form the suite `schema`, input
/// problems the suite `input`. Each suite is spilled to a temporary file while the run goes on.
public struct JUnitReporter: Reporter {
  public static let identifier = "junit"
  public static let summary = "JUnit XML (one suite per pack, one case per course and applicable rule)"

  /// A suite's test cases and the `file_digest` properties of the files whose courses it covers,
  /// each spilled to a temporary file as they come (the digests lead the suite, so they wait for
  /// the end; held in memory, they grew with the catalogue).
  struct Suite {
    let name: String
    var cases: ReportOutput?
    var digests: ReportOutput?
    /// The last file whose digest was recorded: a file's courses come together.
    var lastFile = ""
    var tests = 0
    var failures = 0
  }

  let output: ReportOutput
  var suites: [Suite] = []
  /// Each suite's position in `suites`, by name.
  var suiteIndex: [String: Int] = [:]
  /// Suites in the order of their first test case.
  var order: [Int] = []

  public init(output: ReportOutput) { self.output = output }

  /// The position of a suite, made on first use.
  mutating func suite(_ name: String) -> Int {
    if let s = suiteIndex[name] { return s }
    suites.append(Suite(name: name))
    suiteIndex[name] = suites.count - 1
    return suites.count - 1
  }

  mutating func add(_ s: Int, _ xml: borrowing ByteBuffer, failed: Bool) throws(ReportError) {
    if suites[s].cases == nil {
      suites[s].cases = try ReportOutput(spill: ())
      order.append(s)
    }
    suites[s].cases!.write(xml)
    suites[s].tests += 1
    if failed { suites[s].failures += 1 }
  }

  /// A file's digest among the properties of suite `s`, once per file.
  mutating func record(_ file: String, digest: String, in s: Int) throws(ReportError) {
    if suites[s].digests == nil { suites[s].digests = try ReportOutput(spill: ()) }
    guard suites[s].lastFile != file else { return }
    suites[s].lastFile = file
    suites[s].digests!.write("      <property name=\"file_digest\" value=\"\(XMLText.escape("\(file) \(digest)"))\"/>\n")
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    // Each test case is written as bytes into this buffer, then to its suite's spill.
    var xml = ByteBuffer(capacity: 1024)
    for d in result.problems {
      try addProblem(d, of: result.file, name: "readable course file", buffer: &xml)
    }
    for course in result.courses {
      let hasSchema = course.findings.contains { $0.pack == CourseReader.packID }
      if let digest = result.digest {
        for v in course.verdicts { try record(result.file, digest: digest, in: suite(v.pack)) }
        if hasSchema { try record(result.file, digest: digest, in: suite(CourseReader.packID)) }
      }
      let classname = XMLText.escape(course.id.map { "\(course.file) (\($0))" } ?? course.file)
      if hasSchema {
        let schema = suite(CourseReader.packID)
        for f in course.findings where f.pack == CourseReader.packID {
          xml.truncate(to: 0)
          testcase(classname, f.rule, [f], into: &xml)
          try add(schema, xml, failed: f.severity != .info && f.waiver == nil)
        }
      }
      for (i, verdict) in course.verdicts.enumerated() where i < course.appliedRules.count {
        let s = suite(verdict.pack)
        let findings = course.findings.filter { $0.pack == verdict.pack }
        for rule in course.appliedRules[i] {
          let own = findings.isEmpty ? [] : findings.filter { $0.rule == rule }
          xml.truncate(to: 0)
          testcase(classname, rule, own, into: &xml)
          try add(s, xml, failed: own.contains { $0.severity != .info && $0.waiver == nil })
        }
      }
    }
  }

  /// An input problem: a failed test case of the suite `input`, written through `buffer`.
  mutating func addProblem(_ d: Diagnostic, of file: String, name: StaticString, buffer xml: inout ByteBuffer) throws(ReportError) {
    xml.truncate(to: 0)
    xml.append("    <testcase classname=\"")
    XMLText.append(file, to: &xml)
    xml.append("\" name=\"")
    xml.append(name)
    xml.append("\">\n      <error message=\"")
    XMLText.append(d.message, to: &xml)
    xml.append("\">")
    XMLText.append(d.description, to: &xml)
    xml.append("</error>\n    </testcase>\n")
    try add(suite("input"), xml, failed: true)
  }

  /// One test case: passed when `findings` is empty; errors and warnings are failures, waived
  /// findings are skipped, and infos and waived findings are told in `system-out`.
  func testcase(_ classname: String, _ rule: String, _ findings: [Finding], into xml: inout ByteBuffer) {
    xml.append("    <testcase classname=\"")
    xml.append(classname)
    xml.append("\" name=\"")
    XMLText.append(rule, to: &xml)
    xml.append(0x22)
    if findings.isEmpty { return xml.append("/>\n") }
    xml.append(">\n")
    var notes: [String] = []
    for f in findings {
      let detail = "\(f.location): \(f.severity): \(f.message) [\(f.rule)]\nsource: \(f.citation.text)\(f.citation.url.map { " <\($0)>" } ?? "")"
        + (f.fix.map { "\nfix: \($0)" } ?? "")
      if let w = f.waiver {
        xml.append("      <skipped message=\"")
        XMLText.append("waived: \(w.reason) (approved by \(w.approvedBy), until \(w.expires))", to: &xml)
        xml.append("\"/>\n")
        notes.append(detail)
      } else if f.severity == .info {
        notes.append(detail)
      } else {
        xml.append("      <failure type=\"")
        xml.append(f.severity.rawValue)
        xml.append("\" message=\"")
        XMLText.append(f.message, to: &xml)
        xml.append("\">")
        XMLText.append(detail, to: &xml)
        xml.append("</failure>\n")
      }
    }
    if !notes.isEmpty {
      xml.append("      <system-out>")
      XMLText.append(notes.joined(separator: "\n"), to: &xml)
      xml.append("</system-out>\n")
    }
    xml.append("    </testcase>\n")
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    var xml = ByteBuffer(capacity: 1024)
    for d in run.problems + run.waiverDiagnostics where d.severity == .error {
      try addProblem(d, of: d.location.file, name: "readable input", buffer: &xml)
    }
    let tests = suites.reduce(0) { $0 + $1.tests }
    let failures = suites.reduce(0) { $0 + $1.failures }
    output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    output.write("<testsuites name=\"mcaudit\" tests=\"\(tests)\" failures=\"\(failures)\" timestamp=\"\(run.asOf)\">\n")
    for s in order {
      let suite = suites[s], name = suite.name
      output.write("  <testsuite name=\"\(XMLText.escape(name))\" tests=\"\(suite.tests)\" failures=\"\(suite.failures)\">\n")
      output.write("    <properties>\n      <property name=\"mcaudit\" value=\"\(XMLText.escape(run.toolVersion))\"/>\n      <property name=\"as_of\" value=\"\(run.asOf)\"/>\n")
      if let pack = run.packs.first(where: { $0.id == name }) {
        output.write("      <property name=\"pack\" value=\"\(XMLText.escape("\(pack.id) \(pack.version)"))\"/>\n      <property name=\"pack_digest\" value=\"\(pack.digest)\"/>\n")
      }
      if let w = run.waivers { output.write("      <property name=\"waivers_digest\" value=\"\(w.digest)\"/>\n") }
      if let digests = suite.digests { output.append(contentsOf: digests) }
      output.write("    </properties>\n")
      if let cases = suite.cases { output.append(contentsOf: cases) }
      output.write("  </testsuite>\n")
    }
    output.write("</testsuites>\n")
  }
}
