/// An object of the vocabulary: its fields in order. A field's position is its *slot*, which
/// compiled expressions and ``ObjectValue`` use instead of names.
public struct ObjectType: Sendable {
  public var id: Int
  public var name: String
  public var description: String
  /// The field a bare scalar fills (a learning outcome written as a string is its `text`).
  public var shorthand: String?
  public private(set) var fields: [FieldSpec] = []
  private var slots: [String: Int] = [:]

  public init(id: Int, name: String, description: String = "", shorthand: String? = nil) {
    self.id = id
    self.name = name
    self.description = description
    self.shorthand = shorthand
  }

  public func slot(of name: String) -> Int? { slots[name] }

  public func field(_ name: String) -> FieldSpec? { slots[name].map { fields[$0] } }

  public var fieldNames: [String] { fields.map(\.name) }

  /// Adds a field; returns false when one of that name exists.
  @discardableResult
  public mutating func add(_ field: FieldSpec) -> Bool {
    guard slots[field.name] == nil else { return false }
    slots[field.name] = fields.count
    fields.append(field)
    return true
  }

  public mutating func update(slot: Int, _ body: (inout FieldSpec) -> Void) {
    body(&fields[slot])
  }
}
