/// A report format. The run hands each file's result to ``file(_:)`` in input order, then calls
/// ``finish(_:)`` once; a reporter writes to its ``ReportOutput`` as it goes, so memory stays flat.
public protocol Reporter {
  /// The `--format` name.
  static var identifier: String { get }
  /// A one-line description for `--help`.
  static var summary: String { get }

  mutating func file(_ result: FileResult) throws(ReportError)
  mutating func finish(_ run: RunContext) throws(ReportError)
}

/// What a report states besides the per-file results.
public struct RunContext {
  /// The totals of the audited files (their own problems included, not those of ``problems``).
  public var summary: RunSummary
  /// The packs applied to at least one course, in pack order.
  public var packs: [RulePack]
  /// Problems not tied to an audited file: broken packs, unreadable paths.
  public var problems: [Diagnostic]
  public var toolVersion: String
  public var asOf: CivilDate
  /// The waivers applied, and what became of them (expired: errors; stale: warnings).
  public var waivers: Waivers?
  public var waiverDiagnostics: [Diagnostic] = []
  /// Findings held back by `--baseline`, and baselined findings that are fixed.
  public var baseline: (suppressed: Int, fixed: Int)?

  public init(summary: RunSummary, packs: [RulePack], problems: [Diagnostic], toolVersion: String, asOf: CivilDate) {
    self.summary = summary
    self.packs = packs
    self.problems = problems
    self.toolVersion = toolVersion
    self.asOf = asOf
  }
}

/// The report formats, in one place; the CLI validates `--format` against it.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text
  case json
  case sarif
  case junit
  case markdown
  case github
  case html

  /// A reporter of this format for a run of `toolVersion` as of `asOf` (a report that streams
  /// writes them before the first file).
  public func makeReporter(output: ReportOutput, toolVersion: String, asOf: CivilDate) throws(ReportError) -> any Reporter {
    switch self {
    case .text: return TextReporter(output: output)
    case .json: return JSONReporter(output: output, toolVersion: toolVersion, asOf: asOf)
    case .sarif: return SARIFReporter(output: output)
    case .junit: return JUnitReporter(output: output)
    case .markdown: return try MarkdownReporter(output: output)
    case .github: return GitHubReporter(output: output)
    case .html: return try HTMLReporter(output: output)
    }
  }

  public var summary: String {
    switch self {
    case .text: TextReporter.summary
    case .json: JSONReporter.summary
    case .sarif: SARIFReporter.summary
    case .junit: JUnitReporter.summary
    case .markdown: MarkdownReporter.summary
    case .github: GitHubReporter.summary
    case .html: HTMLReporter.summary
    }
  }
}
