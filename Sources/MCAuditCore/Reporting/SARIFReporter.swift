/// SARIF 2.1.0 for code-scanning tools. Results are written as they arrive; the rules they name
/// (with help text and citation link) and the input problems are written after them: key order
/// inside a JSON object carries no meaning, and this keeps memory flat.
public struct SARIFReporter: Reporter {
  public static let identifier = "sarif"
  public static let summary = "SARIF 2.1.0 (GitHub code scanning and other SARIF viewers)"

  let output: ReportOutput
  var count = 0
  var ruleIDs: [String] = []
  var seenRules: Set<String> = []
  var problems: [Diagnostic] = []
  /// Every audited file and its digest, for `artifacts`.
  var artifacts: [(String, String)] = []

  public init(output: ReportOutput) {
    self.output = output
    output.write("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"results\": [")
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    problems += result.problems
    if let digest = result.digest { artifacts.append((result.file, digest)) }
    // A file's results are written into one buffer; its URI is encoded once.
    var j = JSONBuffer(capacity: 1024)
    let fileURI = Self.uri(result.file)
    for course in result.courses {
      for f in course.findings {
        if seenRules.insert(f.rule).inserted { ruleIDs.append(f.rule) }
        j.raw(count == 0 ? "\n      " : ",\n      ")
        j.raw("{\"ruleId\": "); j.string(f.rule)
        j.raw(", \"level\": \""); j.raw(Self.level(f.severity)); j.raw("\"")
        j.raw(", \"message\": {\"text\": "); j.quote(); j.escaped(f.message)
        if let fix = f.fix { j.escaped(" (fix: "); j.escaped(fix); j.escaped(")") }
        j.quote()
        j.raw("}, \"locations\": [")
        Self.location(f.location, uri: f.location.file == result.file ? fileURI : Self.uri(f.location.file), into: &j)
        j.raw("]")
        if let w = f.waiver {
          j.raw(", \"suppressions\": [{\"kind\": \"external\", \"justification\": ")
          j.string("\(w.reason) (approved by \(w.approvedBy), until \(w.expires))"); j.raw("}]")
        }
        j.raw(", \"partialFingerprints\": {\"mcaudit/v1\": ")
        j.quote(); j.escaped(f.rule); j.escaped("|"); j.escaped(course.id ?? course.file); j.escaped("|"); j.escaped(f.path); j.quote()
        j.raw("}, \"properties\": {\"pack\": "); j.string(f.pack)
        j.raw(", \"course\": "); j.optional(course.id)
        j.raw(", \"path\": "); j.string(f.path)
        j.raw(", \"citation\": "); j.quote(); f.citation.forEachTextPart { j.escaped($0) }; j.quote()
        j.raw("}}")
        count += 1
        // A course with a great many findings does not hold all their text as well.
        if j.count >= ReportOutput.flushSize {
          output.write(j)
          j.removeAll()
        }
      }
    }
    output.write(j)
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    var rules: [String: (Rule, String)] = [:]
    for pack in run.packs { for rule in pack.rules { rules[rule.id] = (rule, pack.id) } }
    var j = JSONBuffer(capacity: 4096)
    j.raw(count == 0 ? "],\n" : "\n    ],\n")
    j.raw("    \"tool\": {\"driver\": {\"name\": \"mcaudit\", \"version\": "); j.string(run.toolVersion)
    j.raw(", \"informationUri\": \"https://github.com/mcaudit/mcaudit\", \"rules\": [")
    for (i, id) in ruleIDs.enumerated() {
      j.raw(i == 0 ? "\n      " : ",\n      ")
      j.raw("{\"id\": "); j.string(id)
      if let (rule, pack) = rules[id] {
        j.raw(", \"shortDescription\": {\"text\": "); j.string(rule.title)
        j.raw("}, \"fullDescription\": {\"text\": "); j.string("\(rule.citation.text) (\(rule.binding.rawValue))")
        j.raw("}, \"help\": {\"text\": "); j.string("Cites \(rule.citation.text)." + (rule.notes.map { " Notes: \($0)" } ?? ""))
        j.raw("}")
        if let url = rule.citation.url { j.raw(", \"helpUri\": "); j.string(url) }
        j.raw(", \"defaultConfiguration\": {\"level\": \""); j.raw(Self.level(rule.severity))
        j.raw("\"}, \"properties\": {\"pack\": "); j.string(pack); j.raw("}}")
      } else {
        j.raw(", \"shortDescription\": {\"text\": \"course file checked against the vocabulary mcaudit/course@1\"}}")
      }
    }
    j.raw(ruleIDs.isEmpty ? "]}},\n" : "\n    ]}},\n")
    j.raw("    \"artifacts\": [")
    for (i, (file, digest)) in artifacts.enumerated() {
      j.raw(i == 0 ? "\n      " : ",\n      ")
      j.raw("{\"location\": {\"uri\": "); j.string(Self.uri(file)); j.raw("}, \"hashes\": {\"xxh64\": \""); j.raw(digest); j.raw("\"}}")
    }
    j.raw(artifacts.isEmpty ? "],\n" : "\n    ],\n")
    let all = (run.problems + run.waiverDiagnostics).filter { $0.severity == .error } + problems
    j.raw("    \"invocations\": [{\"executionSuccessful\": "); j.raw(all.isEmpty ? "true" : "false")
    j.raw(", \"toolExecutionNotifications\": [")
    for (i, d) in all.enumerated() {
      j.raw(i == 0 ? "\n      " : ",\n      ")
      j.raw("{\"level\": \"error\", \"message\": {\"text\": "); j.string(([d.message] + d.notes).joined(separator: "; "))
      j.raw("}, \"locations\": ["); Self.location(d.location, into: &j); j.raw("]}")
    }
    j.raw(all.isEmpty ? "]}],\n" : "\n    ]}],\n")
    j.raw("    \"properties\": {\"asOf\": \""); j.raw(run.asOf.description); j.raw("\", \"packs\": [")
    for (i, p) in run.packs.enumerated() {
      j.raw(i == 0 ? "" : ", ")
      j.raw("{\"id\": "); j.string(p.id); j.raw(", \"version\": "); j.string(p.version); j.raw(", \"digest\": \""); j.raw(p.digest); j.raw("\"}")
    }
    j.raw("]")
    if let w = run.waivers { j.raw(", \"waivers\": {\"file\": "); j.string(w.file); j.raw(", \"digest\": \""); j.raw(w.digest); j.raw("\"}") }
    j.raw("}\n  }]\n}\n")
    output.write(j)
  }

  static func level(_ s: Severity) -> String {
    switch s {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  static func location(_ l: SourceLocation, into j: inout JSONBuffer) {
    location(l, uri: uri(l.file), into: &j)
  }

  /// A location whose file's URI is already encoded.
  static func location(_ l: SourceLocation, uri: String, into j: inout JSONBuffer) {
    j.raw("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": "); j.string(uri); j.raw("}")
    if l.line > 0 {
      j.raw(", \"region\": {\"startLine\": "); j.int(l.line)
      j.raw(", \"startColumn\": "); j.int(max(1, l.column)); j.raw("}")
    }
    j.raw("}}")
  }

  /// A relative URI reference for a path: unreserved characters and `/` as they are, the rest
  /// percent-encoded.
  static func uri(_ path: String) -> String {
    var out = ""
    for b in (path.hasPrefix("./") ? String(path.dropFirst(2)) : path).utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
           UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(b))
      default:
        let hex = String(b, radix: 16, uppercase: true)
        out += "%" + (hex.count < 2 ? "0" + hex : hex)
      }
    }
    return out
  }
}
