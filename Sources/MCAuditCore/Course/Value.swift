/// A typed value of course data, of a table or of an expression, owned: what the library's API,
/// the tests and pack constants see. The audit itself reads the same values as ``Cell``s.
///
/// `missing` stands for an absent field, an explicit `null`, and a field whose value had the wrong
/// type (that one is reported as a schema finding); rules decide explicitly what missing means.
public enum Value: Sendable, Equatable {
  case missing
  case bool(Bool)
  case number(Double)
  case string(String)
  case date(CivilDate)
  case list([Value])
  case object(ObjectValue)
  case map([String: Value])

  public var isMissing: Bool {
    if case .missing = self { return true }
    return false
  }

  /// The value as message text: integral numbers without `.0`, lists comma-separated.
  public var displayText: String {
    switch self {
    case .missing: return "(missing)"
    case .bool(let b): return b ? "true" : "false"
    case .number(let d): return Value.format(d)
    case .string(let s): return s
    case .date(let d): return d.description
    case .list(let items): return items.map(\.displayText).joined(separator: ", ")
    case .object: return "(object)"
    case .map: return "(table)"
    }
  }

  /// Shortest text of a number: `15`, `2.5`, `0.333`.
  public static func format(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-infinity" : "infinity" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    let rounded = (d * 1000).rounded() / 1000
    if rounded != 0, abs(rounded - d) < 1e-9 * max(1, abs(d)) { return "\(rounded)" }
    return rounded == 0 ? "\(d)" : "\(rounded)"
  }
}

/// An object of course data: field values by slot, in the order of its ``ObjectType``.
public struct ObjectValue: Sendable, Equatable {
  public var type: Int
  public var fields: [Value]

  public init(type: Int, fields: [Value]) {
    self.type = type
    self.fields = fields
  }
}
