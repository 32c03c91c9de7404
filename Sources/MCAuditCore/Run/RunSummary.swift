/// Totals of a run, for the summary line and the exit code.
public struct RunSummary: Sendable, Equatable {
  public var files = 0
  public var courses = 0
  public var skipped = 0
  public var errors = 0
  public var warnings = 0
  public var infos = 0
  public var problems = 0
  /// Findings accepted by a waiver (not counted as errors, warnings or infos).
  public var waived = 0

  public init() {}

  public mutating func add(_ result: FileResult) {
    files += 1
    if result.skipped != nil { skipped += 1 }
    problems += result.problems.count
    for course in result.courses {
      courses += 1
      for f in course.findings {
        if f.waiver != nil {
          waived += 1
          continue
        }
        switch f.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: infos += 1
        }
      }
    }
  }

  /// Whether a finding at or above `threshold` exists (`nil`: never fail on findings).
  public func hasFindings(atLeast threshold: Severity?) -> Bool {
    guard let threshold else { return false }
    switch threshold {
    case .error: return errors > 0
    case .warning: return errors + warnings > 0
    case .info: return errors + warnings + infos > 0
    }
  }
}
