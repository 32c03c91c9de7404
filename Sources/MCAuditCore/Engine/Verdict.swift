/// The outcome of one course against one pack.
public enum Verdict: String, Sendable, Hashable {
  case compliant
  case compliant_with_warnings
  case non_compliant
  case not_applicable

  /// From the most severe finding of the pack (infos do not affect compliance).
  public init(worst: Severity?) {
    switch worst {
    case .error: self = .non_compliant
    case .warning: self = .compliant_with_warnings
    default: self = .compliant
    }
  }
}
