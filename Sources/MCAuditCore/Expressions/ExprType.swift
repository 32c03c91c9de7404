/// The static type of an expression.
indirect enum ExprType: Sendable {
  case bool
  case number
  case string
  /// A string field with a closed set of values (the name is the field's, for messages).
  case enumeration(name: String, values: EnumValues)
  case date
  case list(ExprType)
  case object(Int)
  /// A reference table: string keys to values.
  case map(ExprType)
  /// The literal `null`, or an empty list's element: fits anything.
  case any

  func name(_ vocabulary: Vocabulary) -> String {
    switch self {
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .enumeration(let name, _): return "enum '\(name)'"
    case .date: return "date"
    case .list(let t): return "list of \(t.name(vocabulary))"
    case .object(let id): return "object '\(vocabulary.objects[id].name)'"
    case .map(let t): return "table of \(t.name(vocabulary))"
    case .any: return "null"
    }
  }

  /// Strings and enums are one kind; `any` fits every type.
  enum Kind: Equatable { case bool, number, string, date, list, object, map, any }

  var kind: Kind {
    switch self {
    case .bool: .bool
    case .number: .number
    case .string, .enumeration: .string
    case .date: .date
    case .list: .list
    case .object: .object
    case .map: .map
    case .any: .any
    }
  }

  /// Whether values of the two types can be compared with `==`.
  func isComparable(with other: ExprType) -> Bool {
    if kind == .any || other.kind == .any { return true }
    guard kind == other.kind else { return false }
    if case .list(let a) = self, case .list(let b) = other { return a.isComparable(with: b) }
    if case .object(let a) = self, case .object(let b) = other { return a == b }
    return true
  }

  var elementType: ExprType? {
    if case .list(let t) = self { return t }
    return nil
  }

  /// The type of a field of the vocabulary as expressions see it. An enumeration is named after
  /// its field (`name`: the list's, for a list's items), for messages.
  init(_ field: FieldSpec, name: String? = nil) {
    switch field.type {
    case .string: self = .string
    case .integer, .number: self = .number
    case .boolean: self = .bool
    case .date: self = .date
    case .enumeration(let values): self = .enumeration(name: name ?? field.name, values: values)
    case .list(let item): self = .list(ExprType(item, name: name ?? field.name))
    case .object(let id): self = .object(id)
    }
  }

  /// The type of a constant (parameters, tables).
  init(of value: Value) {
    switch value {
    case .missing: self = .any
    case .bool: self = .bool
    case .number: self = .number
    case .string: self = .string
    case .date: self = .date
    case .object(let o): self = .object(o.type)
    case .list(let items): self = .list(ExprType.common(items.map(ExprType.init(of:))))
    case .map(let m): self = .map(ExprType.common(m.keys.sorted().map { ExprType(of: m[$0]!) }))
    }
  }

  /// The one type all of `types` share, or `any` when they differ.
  static func common(_ types: [ExprType]) -> ExprType {
    guard let first = types.first(where: { $0.kind != .any }) else { return .any }
    return types.allSatisfy { $0.isComparable(with: first) } ? first : .any
  }
}
