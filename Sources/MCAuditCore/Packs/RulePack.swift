/// A loaded rule pack: metadata, source registry, and compiled rules.
public struct RulePack: Sendable {
  public enum Kind: String, Sendable, CaseIterable { case baseline, national, profile, guideline, institution }
  public enum Selection: String, Sendable, CaseIterable { case auto, opt_in }

  /// Which providers a national pack governs: a country code, and a region where the framework is
  /// regional (Flanders: BE + VLG). The baseline's country is `eu`.
  public struct Jurisdiction: Sendable, Hashable {
    public var country: String
    public var region: String?

    /// `be-vlg`, `es`, `eu`.
    public var code: String {
      region.map { "\(country.lowercased())-\($0.lowercased())" } ?? country.lowercased()
    }
  }

  public var id: String
  public var title: String
  public var version: String
  public var kind: Kind
  public var description: String?
  public var jurisdiction: Jurisdiction?
  public var extends: String?
  public var selection: Selection
  public var theme: String?
  public var appliesWhen: Expression?
  public var effective: DateRange
  public var sources: [PackSource]
  public var rules: [Rule]
  public var file: String
  /// Reference tables, inherited by packs that extend this one.
  public var tables: [String: Value]
  /// Fields and enum values this pack declared (path → who), for documentation.
  public var declaredFields: [String]
  /// XXH64 digest of the pack file (``Digest``), for reproducible reports.
  public var digest: String
  /// The templates this pack declares, each with the parameters it reads (which a rule that
  /// uses it binds with `with:`), for documentation.
  public var templates: [(name: String, parameters: [String])] = []
}
