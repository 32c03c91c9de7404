/// The type of a vocabulary field.
public indirect enum FieldType: Sendable {
  case string
  case integer
  case number
  case boolean
  case date
  case enumeration(EnumValues)
  case list(FieldSpec)
  /// An object type, by its id in ``Vocabulary/objects``.
  case object(Int)

  /// The name used in messages and in `mcaudit schema`.
  public func name(in vocabulary: Vocabulary) -> String {
    switch self {
    case .string: return "string"
    case .integer: return "integer"
    case .number: return "number"
    case .boolean: return "boolean"
    case .date: return "date"
    case .enumeration: return "enum"
    case .list(let item): return "list of \(item.type.name(in: vocabulary))"
    case .object(let id): return vocabulary.objects[id].name
    }
  }
}

/// The allowed values of an enum field, in declaration order, with who declared each.
public struct EnumValues: Sendable {
  public struct Entry: Sendable {
    public var value: String
    public var description: String
    public var declaredBy: String
  }

  public private(set) var entries: [Entry] = []
  private var index: Set<String> = []

  public init() {}

  public func contains(_ value: String) -> Bool { index.contains(value) }

  public var values: [String] { entries.map(\.value) }

  /// Adds a value; returns false when it was already there.
  @discardableResult
  public mutating func add(_ value: String, description: String, declaredBy: String) -> Bool {
    guard index.insert(value).inserted else { return false }
    entries.append(Entry(value: value, description: description, declaredBy: declaredBy))
    return true
  }
}

/// The lexical formats a string field may require. Checked in Swift because they run per field of
/// every course file; `pattern`-style regexes would cost more than the parse.
public enum StringFormat: String, Sendable, CaseIterable {
  /// ISO 3166-1 alpha-2: two upper-case letters.
  case country
  /// A BCP 47 language tag such as `en`, `pt-BR`, `nl-BE`.
  case language
  /// Lower-case letters, digits and `-`, `_`, `.`.
  case slug
  /// An absolute URI with a scheme (`https:`, `http:`, `urn:`).
  case uri

  public func accepts(_ s: String) -> Bool {
    s.withUTF8Bytes { accepts(bytes: $0) }
  }

  /// The check on the UTF-8 bytes, without copying them.
  func accepts(bytes u: UnsafeBufferPointer<UInt8>) -> Bool {
    func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    func isAlpha(_ c: UInt8) -> Bool { isLower(c) || isUpper(c) }
    switch self {
    case .country:
      return u.count == 2 && isUpper(u[0]) && isUpper(u[1])
    case .language:
      // Subtags between hyphens, walked in place: the first of 2–3 letters, the others of 1–8
      // letters or digits.
      var start = 0, first = true
      for i in 0...u.count {
        guard i == u.count || u[i] == 0x2D else {
          guard isAlpha(u[i]) || (!first && isDigit(u[i])) else { return false }
          continue
        }
        let length = i - start
        guard first ? (2...3).contains(length) : (1...8).contains(length) else { return false }
        first = false
        start = i + 1
      }
      return true
    case .slug:
      return !u.isEmpty && u.count <= 128 && (isLower(u[0]) || isDigit(u[0]))
        && u.allSatisfy { isLower($0) || isDigit($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    case .uri:
      guard let colon = u.firstIndex(of: 0x3A), colon > 0, isAlpha(u[0]), colon + 1 < u.count else { return false }
      return u[..<colon].allSatisfy { isAlpha($0) || isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
        && !u.contains(0x20)
    }
  }

  /// The value the author most likely meant, when a mechanical repair makes `s` acceptable: a
  /// country in capitals (`gb`), a language tag with hyphens (`en_GB`), a title turned into a slug
  /// (`Bad Id`), a web address without its scheme (`www.example.org`). Nil when none does.
  public func suggestion(for s: String) -> String? {
    let candidate: String
    switch self {
    case .country:
      candidate = s.uppercased()
    case .language:
      candidate = String(s.map { $0 == "_" ? "-" : $0 })
    case .slug:
      // Lower-cased, each run of other characters one '-', none at either end; a text with
      // letters beyond ASCII (`Gestión`) gets none: dropping them would mangle the words.
      if s.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.isAlphabetic }) { return nil }
      var slug = ""
      for c in s.lowercased().unicodeScalars {
        if c.isASCII, c.properties.isAlphabetic || c.properties.numericType != nil || "-_.".unicodeScalars.contains(c) {
          slug.unicodeScalars.append(c)
        } else if !slug.isEmpty, slug.last != "-" {
          slug += "-"
        }
      }
      while slug.last == "-" { slug.removeLast() }
      candidate = slug
    case .uri:
      candidate = s.hasPrefix("www.") ? "https://" + s : s
    }
    return candidate != s && accepts(candidate) ? candidate : nil
  }

  public var explanation: String {
    switch self {
    case .country: "an ISO 3166-1 alpha-2 country code such as 'IT'"
    case .language: "a BCP 47 language tag such as 'en' or 'nl-BE'"
    case .slug: "a slug of lower-case letters, digits, '-', '_' and '.'"
    case .uri: "an absolute URI such as 'https://…'"
    }
  }
}
