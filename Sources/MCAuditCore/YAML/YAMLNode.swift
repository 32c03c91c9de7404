#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A node of a parsed YAML document; every node knows where it starts.
///
/// Scalars keep their text and style; how a scalar is typed is decided by the reader that knows
/// what it expects (the YAML 1.2 core schema, see ``YAMLScalar/resolved``).
public struct YAMLNode: Sendable {
  public enum Content: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLMapping.Entry])
  }

  public var content: Content
  public var mark: YAMLMark

  public init(_ content: Content, at mark: YAMLMark) {
    self.content = content
    self.mark = mark
  }

  /// The scalar, when this node is one.
  public var scalar: YAMLScalar? {
    if case .scalar(let s) = content { return s }
    return nil
  }

  /// The mapping entries, when this node is a mapping.
  public var mapping: [YAMLMapping.Entry]? {
    if case .mapping(let entries) = content { return entries }
    return nil
  }

  /// The sequence items, when this node is a sequence.
  public var sequence: [YAMLNode]? {
    if case .sequence(let items) = content { return items }
    return nil
  }

  /// The value of `key` when this node is a mapping that has it.
  public subscript(key: String) -> YAMLNode? {
    guard case .mapping(let entries) = content else { return nil }
    return entries.first { $0.key == key }?.value
  }

  /// A short name of the node's kind for messages ("a mapping", "a list", "the string 'x'").
  public var kindDescription: String {
    switch content {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar(let s): return s.resolved.description
    }
  }
}

/// Namespace for mapping entries.
public enum YAMLMapping {
  /// One `key: value` pair. Keys are always scalars (``YAMLParser`` rejects others).
  public struct Entry: Sendable {
    public var key: String
    public var keyMark: YAMLMark
    public var value: YAMLNode
  }
}

/// A scalar as written: its text, whether it was quoted or a block, and its explicit tag.
public struct YAMLScalar: Sendable {
  public enum Style: UInt8, Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

  public var text: String
  public var style: Style
  /// `true` when the document forced the string type (quoted, or tagged `!!str`).
  public var isExplicitString: Bool

  /// Whether the scalar is null under the core schema (empty, `~`, `null`), without resolving it.
  public var isNull: Bool {
    style == .plain && !isExplicitString && Resolved.isNullText(text)
  }

  /// Whether the scalar is a boolean under the core schema, without resolving it (a string field
  /// needs only this, and resolving copies the text).
  public var isBool: Bool {
    style == .plain && !isExplicitString && Resolved.isBoolText(text)
  }

  /// The value under the YAML 1.2 core schema: only `true`/`false` are booleans, so `NO`, `yes`
  /// and `on` stay strings; quoted scalars are always strings.
  public var resolved: Resolved {
    if isExplicitString || style != .plain { return .string(text) }
    return Resolved.coreSchema(text)
  }

  /// A scalar typed by the YAML 1.2 core schema.
  public enum Resolved: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    static func coreSchema(_ s: String) -> Resolved {
      let utf8 = s.utf8
      // Decide on the first byte and the length: String comparisons with every spelling of
      // null, true, false, inf and nan would cost more than the rest of the resolution.
      guard let first = utf8.first else { return .null }
      switch first {
      case UInt8(ascii: "~") where utf8.count == 1: return .null
      case UInt8(ascii: "n"), UInt8(ascii: "N"):
        return isNullText(s) ? .null : .string(s)
      case UInt8(ascii: "t"), UInt8(ascii: "T"):
        return isBoolText(s) ? .bool(true) : .string(s)
      case UInt8(ascii: "f"), UInt8(ascii: "F"):
        return isBoolText(s) ? .bool(false) : .string(s)
      case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
        if utf8.count <= 5 {
          switch s {
          case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
          case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
          case ".nan", ".NaN", ".NAN": return .float(.nan)
          default: break
          }
        }
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        break
      default:
        return .string(s)
      }
      if let i = Int(s) { return .int(i) }
      if s.hasPrefix("0o"), let i = Int(s.dropFirst(2), radix: 8) { return .int(i) }
      if s.hasPrefix("0x"), let i = Int(s.dropFirst(2), radix: 16) { return .int(i) }
      if isCoreFloat(utf8), let d = Double(s) { return .float(d) }
      return .string(s)
    }

    /// The core schema's boolean spellings: `true`, `True`, `TRUE`, `false`, `False`, `FALSE`.
    static func isBoolText(_ s: String) -> Bool { s.withUTF8Bytes(isBoolText) }

    static func isBoolText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
      switch b.count {
      case 4: return spells(b, "true") || spells(b, "True") || spells(b, "TRUE")
      case 5: return spells(b, "false") || spells(b, "False") || spells(b, "FALSE")
      default: return false
      }
    }

    /// The core schema's null spellings: empty, `~`, `null`, `Null`, `NULL`.
    static func isNullText(_ s: String) -> Bool { s.withUTF8Bytes(isNullText) }

    static func isNullText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
      switch b.count {
      case 0: return true
      case 1: return b[0] == UInt8(ascii: "~")
      case 4: return spells(b, "null") || spells(b, "Null") || spells(b, "NULL")
      default: return false
      }
    }

    /// Whether `b` is the ASCII `word` (of the same length; callers switch on the length first).
    /// `memcmp`: the generic `elementsEqual` compared byte by byte, for every scalar read.
    private static func spells(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
      b.count == word.utf8CodeUnitCount && memcmp(b.baseAddress!, word.utf8Start, b.count) == 0
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isCoreFloat(_ u: String.UTF8View) -> Bool {
      var i = u.startIndex
      func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
      if i != u.endIndex, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i = u.index(after: i) }
      var mantissaDigits = 0
      while i != u.endIndex, isDigit(u[i]) { mantissaDigits += 1; i = u.index(after: i) }
      if i != u.endIndex, u[i] == UInt8(ascii: ".") {
        i = u.index(after: i)
        while i != u.endIndex, isDigit(u[i]) { mantissaDigits += 1; i = u.index(after: i) }
      }
      guard mantissaDigits > 0 else { return false }
      if i != u.endIndex, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
        i = u.index(after: i)
        if i != u.endIndex, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i = u.index(after: i) }
        var expDigits = 0
        while i != u.endIndex, isDigit(u[i]) { expDigits += 1; i = u.index(after: i) }
        guard expDigits > 0 else { return false }
      }
      return i == u.endIndex
    }

    public var description: String {
      switch self {
      case .null: return "null"
      case .bool(let b): return "the boolean \(b)"
      case .int(let i): return "the number \(i)"
      case .float(let d) where d.isNaN: return "not-a-number (.nan)"
      case .float(let d) where d.isInfinite: return d < 0 ? "minus infinity" : "infinity"
      case .float(let d): return "the number \(d)"
      case .string(let s): return "the string '\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
      }
    }
  }
}
