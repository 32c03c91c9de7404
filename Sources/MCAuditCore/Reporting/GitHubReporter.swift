/// GitHub Actions workflow commands: one annotation per finding and per input problem.
public struct GitHubReporter: Reporter {
  public static let identifier = "github"
  public static let summary = "GitHub Actions annotations (::error file=…,line=…,col=…::…)"

  let output: ReportOutput

  public init(output: ReportOutput) { self.output = output }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    for d in result.problems { output.write(Self.annotation("error", d.location, "input problem", d.message)) }
    for course in result.courses {
      for f in course.findings where f.waiver == nil {
        let command = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
        output.write(Self.annotation(command, f.location, f.rule, "\(f.message) (\(f.citation.text))" + (f.fix.map { ". Fix: \($0)" } ?? "")))
      }
    }
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    for d in run.problems + run.waiverDiagnostics where d.severity == .error { output.write(Self.annotation("error", d.location, "input problem", d.message)) }
    let packs = run.packs.map { "\($0.id) \($0.version) [\($0.digest)]" }.joined(separator: ", ")
    output.write("::notice title=mcaudit \(Self.property(run.toolVersion))::\(Self.data("audit as of \(run.asOf); packs: \(packs)"))\n")
  }

  static func annotation(_ command: String, _ l: SourceLocation, _ title: String, _ message: String) -> String {
    var properties = "file=\(property(l.file))"
    if l.line > 0 { properties += ",line=\(l.line),col=\(max(1, l.column))" }
    properties += ",title=\(property(title))"
    return "::\(command) \(properties)::\(data(message))\n"
  }

  /// Escaping of the message part of a workflow command.
  static func data(_ s: String) -> String { escape(s, property: false) }

  /// Escaping of a property value (also `:` and `,`).
  static func property(_ s: String) -> String { escape(s, property: true) }

  private static func escape(_ s: String, property: Bool) -> String {
    ASCIIEscaping.escape(s) { b in
      switch b {
      case UInt8(ascii: "%"): "%25"
      case UInt8(ascii: "\r"): "%0D"
      case UInt8(ascii: "\n"): "%0A"
      case UInt8(ascii: ":") where property: "%3A"
      case UInt8(ascii: ",") where property: "%2C"
      default: nil
      }
    }
  }
}
