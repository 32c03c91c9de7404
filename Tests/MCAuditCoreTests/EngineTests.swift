import Foundation
import Testing
@testable import MCAuditCore

@Suite struct EngineTests {
  let pack = Fixtures.pack(rules: """
      - id: TP-LO-TEXT
        title: Outcomes have text
        severity: warning
        source: guide
        section: s. 1
        each: learning_outcomes
        assert: size(it.text) >= 10
        message: "outcome '{{it.text}}' is too short"
        examples: {pass: [{learning_outcomes: [Design a tender]}], fail: [{course: {learning_outcomes: [ok, Design a tender, x]}, path: "learning_outcomes[2].text"}]}
      - id: TP-EQF
        title: Level
        severity: error
        source: law
        section: s. 2
        assert: has(level.eqf)
        message: no EQF level
        effective: {from: 2025-01-01}
        examples: {pass: [{level: {eqf: 6}}], fail: [{level: {not_applicable: true}}]}
    """)

  var frameworks: Frameworks { Fixtures.frameworks(["tp.yaml": pack]) }

  @Test func eachRulesPointAtTheElement() throws {
    let text = "format: mcaudit/course@1\nid: c\nlevel: {eqf: 6}\nlearning_outcomes:\n  - Design a sustainable tender\n  - {text: short}\n"
    let r = try #require(Fixtures.audit(text, frameworks: frameworks, selection: .explicit(["tp"])).courses.first)
    #expect(r.findings.map(\.path) == ["learning_outcomes[1].text"])
    #expect(r.findings.first?.location == SourceLocation(file: "c.yaml", line: 6, column: 12))
    #expect(r.findings.first?.message == "outcome 'short' is too short")
    #expect(r.verdicts.map(\.verdict) == [.compliant_with_warnings])
  }

  /// A null or wrongly typed item is left out of a list's value (`[null, x]` is read as `[x]`), but
  /// a finding names and locates the item as the file has it.
  @Test func eachFindingsNameTheItemAsWrittenAfterItemsLeftOut() throws {
    let text = """
      format: mcaudit/course@1
      id: c
      level: {eqf: 6}
      learning_outcomes:
        - null
        - Design a sustainable tender
        - [not, an, outcome]
        - {text: short}
        - {text: tiny}

      """
    let r = try #require(Fixtures.audit(text, frameworks: frameworks, selection: .explicit(["tp"])).courses.first)
    let findings = r.findings.filter { $0.rule == "TP-LO-TEXT" }
    #expect(findings.map(\.path) == ["learning_outcomes[3].text", "learning_outcomes[4].text"])
    #expect(findings.map(\.location.line) == [8, 9])
    #expect(findings.map(\.message) == ["outcome 'short' is too short", "outcome 'tiny' is too short"])
  }

  @Test func missingFieldsPointAtTheNearestPresentParent() throws {
    let text = "format: mcaudit/course@1\nid: c\nlevel:\n  qf_ehea_cycle: first\n"
    let r = try #require(Fixtures.audit(text, frameworks: frameworks, selection: .explicit(["tp"])).courses.first)
    let f = try #require(r.findings.first { $0.rule == "TP-EQF" })
    #expect(f.path == "level.eqf")
    #expect(f.location.line == 3 && f.location.column == 1)
    #expect(r.verdicts.first?.verdict == .non_compliant)
  }

  @Test func rulesOutsideTheirEffectiveDatesDoNotRun() throws {
    let text = "format: mcaudit/course@1\nid: c\n"
    let auditor = Auditor(frameworks: frameworks, selection: .explicit(["tp"]), asOf: CivilDate("2024-12-31")!)
    let r = try #require(auditor.audit(file: "c.yaml", bytes: Array(text.utf8)).courses.first)
    #expect(r.findings.isEmpty)
    #expect(r.verdicts.first?.verdict == .compliant)
  }

  @Test func schemaFindings() throws {
    let text = """
      format: mcaudit/course@1
      id: c
      titel: x
      workload: {ects: "3"}
      provider: {country: Italy, is_hei: yes}
      participation: {mode: hybrid}
      """
    let r = try #require(Fixtures.audit(text, frameworks: frameworks, selection: .explicit([])).courses.first)
    #expect(r.findings.map { "\($0.location.line):\($0.location.column) \($0.severity) \($0.rule) \($0.path)" } == [
      "3:1 warning SCHEMA-UNKNOWN-FIELD titel",
      "4:18 error SCHEMA-TYPE workload.ects",
      "5:21 error SCHEMA-FORMAT provider.country",
      "5:36 error SCHEMA-TYPE provider.is_hei",
      "6:23 error SCHEMA-ENUM participation.mode",
    ])
    #expect(r.findings[0].message == "unknown field 'titel' in course; did you mean 'title'?")
    #expect(r.findings.allSatisfy { $0.fix != nil && !$0.citation.section.isEmpty })
  }

  @Test func schemaFindingsCountInEveryPacksVerdict() throws {
    let auditor = Auditor(frameworks: frameworks, selection: .explicit(["tp"]), asOf: CivilDate("2024-12-31")!)
    func verdict(_ text: String) throws -> (Verdict?, [String]) {
      let r = try #require(auditor.audit(file: "c.yaml", bytes: Array(("format: mcaudit/course@1\nid: c\n" + text).utf8)).courses.first)
      return (r.verdicts.first?.verdict, r.findings.map(\.rule))
    }
    #expect(try verdict("") == (.compliant, []))
    #expect(try verdict("titel: x\n") == (.compliant_with_warnings, ["SCHEMA-UNKNOWN-FIELD"]))
    #expect(try verdict("workload: {ects: \"3\"}\n") == (.non_compliant, ["SCHEMA-TYPE"]))
  }

  @Test func automaticSelectionCoversProviderPartnersAndThemes() throws {
    let national = Fixtures.pack(id: "xa", extra: "kind: national\njurisdiction: {country: BE, region: VLG}", rules: """
        - id: XA-T
          title: t
          severity: info
          source: guide
          section: s
          assert: has(title)
          message: no title
          examples: {pass: [{title: x}], fail: [{id: x}]}
      """).replacingOccurrences(of: "kind: institution\n", with: "")
    let f = Fixtures.frameworks(["xa.yaml": national, "tp.yaml": pack])
    #expect(f.problems.isEmpty, "\(f.problems)")
    let text = "format: mcaudit/course@1\nid: c\nprovider: {country: IT}\npartners: [{country: BE, region: VLG}]\nthemes: [procurement]\n"
    let r = try #require(Fixtures.audit(text, frameworks: f).courses.first)
    #expect(r.verdicts.map(\.pack) == ["xa"])
    #expect(r.unavailable == ["it", "procurement"])
  }

  /// The outcome templates of `eu` are bound by every profile: one check per course, and each
  /// profile's rule still reports its own finding.
  @Test func rulesThatCheckTheSameThingShareOneCheck() throws {
    let f = Fixtures.builtIn
    let shared = SharedChecks(f.packs)
    func group(_ id: String) -> Int? {
      for (p, pack) in f.packs.enumerated() {
        if let r = pack.rules.firstIndex(where: { $0.id == id }) { return shared.group(pack: p, rule: r) }
      }
      return nil
    }
    let vague = try #require(group("SUS-LO-VAGUE-VERB"))
    #expect(group("AID-LO-VAGUE-VERB") == vague)
    #expect(group("PROC-LO-VAGUE-VERB") == vague)
    #expect(group("SUS-LO-COMPOUND") != vague)
    #expect(group("EU-ANX1-TITLE") == nil)
    let text = """
      format: mcaudit/course@1
      id: c
      themes: [sustainability, ai_digital]
      learning_outcomes: [Design a tender, Understand the AI Act]
      """
    let r = try #require(Fixtures.audit(text, frameworks: f).courses.first)
    let vagueFindings = r.findings.filter { $0.rule.hasSuffix("-LO-VAGUE-VERB") }
    #expect(vagueFindings.map(\.rule).sorted() == ["AID-LO-VAGUE-VERB", "SUS-LO-VAGUE-VERB"])
    #expect(Set(vagueFindings.map(\.path)) == ["learning_outcomes[1].text"])
  }

  /// A finding about an item has the item's path, whether it is one of the first items, whose
  /// paths are made once per rule, or one after them, whose path is written for the finding.
  @Test func itemPathsNameTheItemAtAnyIndex() throws {
    let outcomes = (0..<RuleLocator.itemPathCount + 3).map { $0 == 2 || $0 >= RuleLocator.itemPathCount ? "Understand topic \($0)" : "Design a tender \($0)" }
    let text = "format: mcaudit/course@1\nid: c\nthemes: [sustainability]\nlearning_outcomes:\n"
      + outcomes.map { "  - \($0)\n" }.joined()
    let r = try #require(Fixtures.audit(text, frameworks: Fixtures.builtIn).courses.first)
    let vague = r.findings.filter { $0.rule == "SUS-LO-VAGUE-VERB" }
    let expected = [2] + Array(RuleLocator.itemPathCount..<RuleLocator.itemPathCount + 3)
    #expect(vague.map(\.path) == expected.map { "learning_outcomes[\($0)].text" })
    #expect(vague.map(\.location.line) == expected.map { $0 + 5 })
  }

  @Test func catalogueIdsMustBeUnique() throws {
    let dir = "/tmp/mcaudit-engine-tests-\(getpidSafe())"
    defer { FileSystem.remove(dir, files: ["a.yaml", "b.yaml"]) }
    try? FileSystem.write(dir + "/a.yaml", "format: mcaudit/course@1\nid: same\n")
    try? FileSystem.write(dir + "/b.yaml", "format: mcaudit/course@1\nid: same\n")
    let walker = CatalogueWalker(paths: [dir])
    var results: [FileResult] = []
    AuditRun(auditor: Auditor(frameworks: frameworks, selection: .explicit([]), asOf: Fixtures.date), jobs: 2)
      .run(files: walker.files) { results.append($0) }
    #expect(results.map(\.file) == [dir + "/a.yaml", dir + "/b.yaml"])
    #expect(results[1].courses.first?.findings.map(\.rule) == ["SCHEMA-DUPLICATE-ID"])
    #expect(results[1].courses.first?.findings.first?.location.line == 2)
  }

  /// A walk takes `.yaml`, `.yml` and `.json` files in any letter case (a catalogue copied from a
  /// case-insensitive file system may say `.YAML`), and nothing else.
  @Test func theWalkMatchesExtensionsInAnyCase() throws {
    let dir = "/tmp/mcaudit-engine-walk-\(getpidSafe())"
    let names = ["a.yaml", "b.YAML", "c.Yml", "d.JSON", "e.txt", "f.yaml.bak", "json"]
    defer { FileSystem.remove(dir, files: names) }
    for name in names { try FileSystem.write(dir + "/" + name, "format: mcaudit/course@1\n") }
    #expect(CatalogueWalker(paths: [dir]).files == ["a.yaml", "b.YAML", "c.Yml", "d.JSON"].map { dir + "/" + $0 })
    #expect(YAMLParser.Notation(path: dir + "/d.JSON") == .json)
    #expect(YAMLParser.Notation(path: dir + "/json") == .yaml)
  }

  /// A list of paths (`--files-from`): one a line, or NUL-separated when it holds a NUL (then a
  /// line break or a trailing `\r` is part of a name); blank entries are skipped, spaces kept.
  @Test func pathListsSplitOnLinesOrNULs() {
    #expect(PathList.parse(Array("a.yaml\r\n\n dir/b c.yaml \nlast".utf8)) == ["a.yaml", " dir/b c.yaml ", "last"])
    #expect(PathList.parse(Array("x\ny.yaml\0z\r\0\0".utf8)) == ["x\ny.yaml", "z\r"])
    #expect(PathList.parse([]) == [])
  }

  /// Files go through the run in stages, in groups, on one thread or several: each file's result
  /// is the one it gets alone, in input order, whatever the number of jobs; a file that cannot be
  /// read and one that is not a course keep their places.
  @Test func theRunKeepsInputOrderAndResultsOnAnyNumberOfJobs() throws {
    let dir = "/tmp/mcaudit-engine-stages-\(getpidSafe())"
    let names = (0..<70).map { String(format: "c%03d.yaml", $0) }
    defer { FileSystem.remove(dir, files: names) }
    for (i, name) in names.enumerated() {
      let text = i == 17 ? "not: a course\n"
        : "format: mcaudit/course@1\nid: c\(i)\nprovider: {country: \(["ES", "IT", "PT"][i % 3])}\nworkload: {ects: \(i % 20)}\n" + (i % 3 == 0 ? "unknown_\(i): 1\n" : "")
      try FileSystem.write(dir + "/" + name, text)
    }
    let files = names.map { dir + "/" + $0 } + [dir + "/missing.yaml"]
    let auditor = Auditor(frameworks: Fixtures.builtIn, asOf: Fixtures.date)  // eu and the national packs
    func run(_ files: [String], jobs: Int, keepingSource: Bool = true) -> [String] {
      var lines: [String] = []
      var auditor = auditor
      auditor.keepsSource = keepingSource
      AuditRun(auditor: auditor, jobs: jobs).run(files: files) { r in
        // A result keeps its file's bytes only when asked (text reports quote them).
        let source = r.source.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(keepingSource ? (r.courses.isEmpty || source?.hasPrefix("format: mcaudit/course@1\nid: ") == true) : source == nil)
        lines.append("\(r.file) \(r.skipped ?? "") \(r.problems.map(\.message)) "
                     + r.courses.map { "\($0.id ?? "-"): \($0.findings.map { "\($0.rule)@\($0.location.line)" })" }.joined())
      }
      return lines
    }
    let alone = files.flatMap { run([$0], jobs: 1) }
    #expect(run(files, jobs: 1) == alone)
    #expect(run(files, jobs: 3) == alone)
    // Files read one after the other into one buffer, longer and shorter ones in turn.
    #expect(run(files, jobs: 1, keepingSource: false) == alone)
    #expect(run(files, jobs: 3, keepingSource: false) == alone)
    #expect(alone[17].contains("no 'format: mcaudit/course@1'"))
    #expect(alone[3].contains("SCHEMA-UNKNOWN-FIELD@5") && alone[3].contains("EU-ANX1-"))
    #expect(alone.last?.contains("cannot open the file") == true)
  }

  /// Findings share their rule's origin, and stay values: a changed copy leaves the original
  /// alone, and equality and hashing see the contents, not the shared reference.
  @Test func findingsAreValues() {
    let citation = Citation(source: "Law", section: "art. 1", url: nil)
    let a = Finding(rule: "R", pack: "p", packVersion: "1", severity: .error, message: "m", path: "x",
                    location: SourceLocation(file: "c.yaml", line: 1, column: 1), citation: citation, fix: nil)
    var b = a
    #expect(b.origin === a.origin)
    b.rule = "S"
    b.citation.section = "art. 2"
    #expect(a.rule == "R" && a.citation.section == "art. 1")
    #expect(b.rule == "S" && b.pack == "p" && b.packVersion == "1" && b.citation.section == "art. 2")
    let c = Finding(origin: Finding.Origin(rule: "R", pack: "p", packVersion: "1", citation: citation), severity: .error,
                    message: "m", path: "x", location: SourceLocation(file: "c.yaml", line: 1, column: 1), fix: nil)
    #expect(c == a && c.hashValue == a.hashValue && c != b)
  }

  @Test func fieldPathText() {
    #expect(FieldPath().description == "")
    #expect(FieldPath([.key("learning_outcomes"), .index(12), .key("text")]).description == "learning_outcomes[12].text")
    #expect(FieldPath([.index(0), .index(-7), .key("é"), .key("x")]).description == "[0][-7].é.x")
    #expect(FieldPath([.key("a"), .index(Int.max)]).description == "a[\(Int.max)]")
    #expect(FieldPath([.key("a"), .index(Int.min)]).description == "a[\(Int.min)]")
  }

  @Test func dates() {
    #expect(CivilDate("2024-02-29")?.description == "2024-02-29")
    #expect(CivilDate("2023-02-29") == nil)
    #expect(CivilDate("2023-01-31")!.adding(months: 1).description == "2023-02-28")
    #expect(CivilDate("2023-05-08")!.months(to: CivilDate("2024-05-07")!) == 11)
    #expect(CivilDate(days: 0).description == "1970-01-01")
  }
}

#if canImport(Glibc)
import Glibc
#endif

func getpidSafe() -> Int32 { getpid() }

enum FileSystem {
  static func write(_ path: String, _ text: String) throws {
    let dir = String(path[..<path.lastIndex(of: "/")!])
    mkdir(dir, 0o755)
    guard let f = fopen(path, "w") else { return }
    fputs(text, f)
    fclose(f)
  }

  static func remove(_ dir: String, files: [String]) {
    for file in files { unlink(dir + "/" + file) }
    rmdir(dir)
  }
}

/// The digest is XXH64 as the reference implementation computes it (values from xxHash 0.8,
/// seed 0), across the input lengths that take its different paths: empty, a tail byte, the
/// four- and eight-byte tails, and the four-lane loop.
@Suite struct DigestTests {
  @Test func digestIsXXH64() {
    #expect(Digest.xxh64([]) == "ef46db3751d8e999")
    #expect(Digest.xxh64(Array("a".utf8)) == "d24ec4f1a98c6e5b")
    #expect(Digest.xxh64(Array("abc".utf8)) == "44bc2cf5ad770999")
    #expect(Digest.xxh64(Array("0123456789abcdef0123456789abcdef0".utf8)) == "e87684f08d6d0816")
    #expect(Digest.xxh64(Array("abcd".utf8)) == "de0327b0d25d92cc")
    #expect(Digest.xxh64(Array("abcdefgh".utf8)) == "3ad351775b4634b7")
    #expect(Digest.xxh64(Array("abcdefghijkl".utf8)) == "4b09b7d3a233d4b3")
    #expect(Digest.xxh64(Array(repeating: UInt8(ascii: "x"), count: 31)) == "60dd0d01083b99f0")
    #expect(Digest.xxh64(Array(repeating: UInt8(ascii: "x"), count: 32)) == "e2df261fc2ec30eb")
    #expect(Digest.xxh64(Array(repeating: UInt8(ascii: "x"), count: 45)) == "41c325c19bf23e4f")
    #expect(Digest.xxh64(Array("0123456789abcdef0123456789abcdef0123456789".utf8)) == "a76190c3acf08a1c")
    let bytes = (0..<9).flatMap { _ in (0..<256).map { UInt8($0) } }
    #expect(Digest.xxh64(bytes) == "b6bc56ac49fe30e6")
  }

  /// Sixteen lower-case hex digits, leading zeros included.
  @Test func digestHexHasSixteenDigits() {
    #expect(Digest.hex(0) == "0000000000000000")
    #expect(Digest.hex(0xF) == "000000000000000f")
    #expect(Digest.hex(0x0123_4567_89AB_CDEF) == "0123456789abcdef")
    #expect(Digest.hex(UInt64.max) == "ffffffffffffffff")
  }
}
