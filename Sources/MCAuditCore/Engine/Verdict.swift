/// The outcome of one course against one pack.
public enum Verdict: String, Sendable, Hashable {
  case compliant
  case compliant_with_warnings
  case non_compliant
  case not_applicable

  /// From the most severe finding that counts for the pack (``counts(_:for:)``; infos do not
  /// affect compliance).
  public init(worst: Severity?) {
    switch worst {
    case .error: self = .non_compliant
    case .warning: self = .compliant_with_warnings
    default: self = .compliant
    }
  }

  /// Whether a finding counts towards a pack's verdict: the pack's own findings and the course's
  /// schema findings, which belong to no pack but tell that the course breaks the vocabulary
  /// every pack reads (a wrong type is read as a missing value), so no pack can call it
  /// compliant. Waived findings count for nothing.
  public static func counts(_ finding: borrowing Finding, for pack: String) -> Bool {
    finding.waiver == nil && (finding.pack == pack || finding.pack == CourseReader.packID)
  }
}
