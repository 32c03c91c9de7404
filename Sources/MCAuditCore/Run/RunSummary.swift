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
    // The findings are read in place: a loop over them copied each one (and retained its strings).
    for c in result.courses.indices {
      courses += 1
      result.courses[c].findings.withUnsafeBufferPointer { findings in
        for f in findings.indices {
          let finding = findings.baseAddress! + f
          if finding.pointee.waiver != nil {
            waived += 1
            continue
          }
          switch finding.pointee.severity {
          case .error: errors += 1
          case .warning: warnings += 1
          case .info: infos += 1
          }
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
