/// The vocabulary laid out for reading course files: what each field expects, as plain values,
/// so that reading a course copies no ``FieldSpec`` (each copy retains its strings) and looks keys
/// and enum values up by bytes.
struct ReadingPlan: Sendable {
  /// What one field, or one list's items, expects.
  struct Field: Sendable {
    enum Kind: UInt8, Sendable { case string, integer, number, boolean, date, enumeration, list, object }
    var kind: Kind
    /// The object type (`object`), the items' field (`list`) or the enumeration (`enumeration`).
    var target = -1
    var format: StringFormat?
    var minimum: Double?
    var maximum: Double?
  }

  /// One object type: its fields are `fields[start ..< start + count]`, by slot.
  struct Object: Sendable {
    var start: Int
    var count: Int
    var keys: KeyTable
    /// The fields' names by slot: the course's field paths share these strings.
    var names: [String]
    /// Required fields' slots.
    var required: [Int]
    var shorthand: Int?
  }

  /// An enum's allowed values, looked up by bytes.
  struct Enumeration: Sendable {
    var table: KeyTable
    var values: [String]
  }

  private(set) var fields: [Field] = []
  /// The specification of each entry of `fields`, for messages.
  private(set) var specs: [FieldSpec] = []
  private(set) var objects: [Object] = []
  private(set) var enumerations: [Enumeration] = []

  init(_ vocabulary: Vocabulary) {
    for type in vocabulary.objects {
      objects.append(Object(start: fields.count, count: type.fields.count, keys: KeyTable(type.fieldNames), names: type.fieldNames,
                            required: type.fields.indices.filter { type.fields[$0].required },
                            shorthand: type.shorthand.flatMap(type.slot(of:))))
      for spec in type.fields {
        fields.append(Field(kind: .string))
        specs.append(spec)
      }
    }
    for type in vocabulary.objects {
      for (slot, spec) in type.fields.enumerated() {
        fields[objects[type.id].start + slot] = plan(spec)
      }
    }
  }

  /// The field index of `slot` of object type `type`.
  func field(_ slot: Int, of type: Int) -> Int { objects[type].start + slot }

  private mutating func plan(_ spec: FieldSpec) -> Field {
    var field = Field(kind: .string, format: spec.format, minimum: spec.minimum, maximum: spec.maximum)
    switch spec.type {
    case .string: field.kind = .string
    case .integer: field.kind = .integer
    case .number: field.kind = .number
    case .boolean: field.kind = .boolean
    case .date: field.kind = .date
    case .enumeration(let values):
      field.kind = .enumeration
      field.target = enumerations.count
      enumerations.append(Enumeration(table: KeyTable(values.values), values: values.values))
    case .object(let id):
      field.kind = .object
      field.target = id
    case .list(let item):
      field.kind = .list
      field.target = fields.count
      fields.append(Field(kind: .string))
      specs.append(item)
      fields[field.target] = plan(item)
    }
    return field
  }
}
