/// Applies waivers and a baseline to each file's results, in run order, and keeps what the
/// reports state about them: which waivers were used, expired or stale, how many findings the
/// baseline held back and how many of its findings are fixed.
public struct FindingFilter {
  public let waivers: Waivers?
  public let baseline: Baseline?
  public let asOf: CivilDate
  /// Fingerprints of every finding seen (for `--write-baseline`, and to count fixed ones); kept
  /// only when a baseline is read or written, so that memory otherwise stays flat.
  public private(set) var seen: Set<String> = []
  let recordsFingerprints: Bool
  public private(set) var usedWaivers: Set<Int> = []
  public private(set) var expiredWaivers: Set<Int> = []
  public private(set) var suppressedByBaseline = 0

  public init(waivers: Waivers?, baseline: Baseline?, asOf: CivilDate, recordsFingerprints: Bool = false) {
    self.waivers = waivers
    self.baseline = baseline
    self.asOf = asOf
    self.recordsFingerprints = recordsFingerprints || baseline != nil
  }

  public mutating func apply(to result: inout FileResult) {
    // Without waivers or fingerprints every finding stays, and the auditor's verdicts stand.
    guard recordsFingerprints || waivers != nil else { return }
    for c in result.courses.indices {
      var kept: [Finding] = []
      for var f in result.courses[c].findings {
        let id = result.courses[c].id
        if recordsFingerprints {
          let print = Baseline.fingerprint(f, courseID: id, file: result.file)
          seen.insert(print)
          if let baseline, baseline.fingerprints.contains(print) {
            suppressedByBaseline += 1
            continue
          }
        }
        if let waivers, let w = waivers.match(f, courseID: id, file: result.file) {
          if waivers.waivers[w].expires < asOf {
            expiredWaivers.insert(w)
          } else {
            usedWaivers.insert(w)
            f.waiver = waivers.waivers[w]
          }
        }
        kept.append(f)
      }
      result.courses[c].findings = kept
      // Verdicts follow what is left: accepted (waived) and baselined findings fail nothing.
      for v in result.courses[c].verdicts.indices where result.courses[c].verdicts[v].verdict != .not_applicable {
        let pack = result.courses[c].verdicts[v].pack
        let worst = kept.filter { Verdict.counts($0, for: pack) }.map(\.severity).max()
        result.courses[c].verdicts[v].verdict = Verdict(worst: worst)
      }
    }
  }

  /// Baselined findings that no longer occur.
  public var fixedFromBaseline: Int {
    baseline.map { $0.fingerprints.subtracting(seen).count } ?? 0
  }

  /// Errors for expired waivers that were needed, warnings for waivers that matched nothing.
  public var diagnostics: [Diagnostic] {
    guard let waivers else { return [] }
    var out: [Diagnostic] = []
    for (i, w) in waivers.waivers.enumerated() {
      if expiredWaivers.contains(i) {
        out.append(Diagnostic(.error, at: w.location, "waiver for '\(w.rule)' on '\(w.course)' expired on \(w.expires) (approved by \(w.approvedBy)); renew it or fix the course"))
      } else if !usedWaivers.contains(i) {
        out.append(Diagnostic(.warning, at: w.location, "stale waiver: '\(w.rule)' on '\(w.course)'\(w.path.map { " at '\($0)'" } ?? "") matched no finding; remove it"))
      }
    }
    return out
  }
}
