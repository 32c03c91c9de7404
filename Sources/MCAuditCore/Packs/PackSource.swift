/// An entry of a pack's source registry: the instrument a rule cites.
public struct PackSource: Sendable {
  /// How binding a source is; it caps the severity of the rules that cite it.
  public enum Binding: String, Sendable, CaseIterable {
    case law, regulation, funding_condition, reference
    case agreement, recommendation, guideline
    case practice

    /// The highest severity a rule citing this source may have.
    public var maximumSeverity: Severity {
      switch self {
      case .law, .regulation, .funding_condition, .reference: .error
      case .agreement, .recommendation, .guideline: .warning
      case .practice: .info
      }
    }
  }

  public var key: String
  public var title: String
  public var issuer: String?
  public var date: String?
  public var url: String?
  public var binding: Binding
}
