/// One field of the vocabulary: its type, constraints and what it means.
public struct FieldSpec: Sendable {
  public var name: String
  public var type: FieldType
  public var description: String = ""
  public var required = false
  public var minimum: Double?
  public var maximum: Double?
  public var format: StringFormat?
  /// The EU Annex I element the field carries (`M7 Notional workload`).
  public var annexI: String?
  /// The European Learning Model v3 property.
  public var elm: String?
  /// `mcaudit/course@1`, or the id of the pack that declared the field.
  public var declaredBy: String

  public init(name: String, type: FieldType, declaredBy: String) {
    self.name = name
    self.type = type
    self.declaredBy = declaredBy
  }
}
