/// One result of checking a course: a rule that did not hold, located at the field it concerns.
public struct Finding: Sendable, Hashable {
  public var rule: String
  public var pack: String
  public var packVersion: String
  public var severity: Severity
  public var message: String
  /// Dotted field path with indices: `learning_outcomes[2].text`; empty for the whole course.
  public var path: String
  /// The field's position, or that of the nearest present parent when the field is missing.
  public var location: SourceLocation
  public var citation: Citation
  public var fix: String?
  /// The waiver that accepts this finding: it is reported, counted apart, and fails nothing.
  public var waiver: Waivers.Waiver?
  /// With `--explain`: the values the rule read, and the part of its assertion that failed.
  public var explanation: Explanation?

  public init(rule: String, pack: String, packVersion: String, severity: Severity, message: String,
              path: String, location: SourceLocation, citation: Citation, fix: String?) {
    self.rule = rule
    self.pack = pack
    self.packVersion = packVersion
    self.severity = severity
    self.message = message
    self.path = path
    self.location = location
    self.citation = citation
    self.fix = fix
  }
}

/// Where a rule comes from: the instrument, the article or section, and a link.
public struct Citation: Sendable, Hashable {
  public var source: String { didSet { json = Self.encode(source, section, url) } }
  public var section: String { didSet { json = Self.encode(source, section, url) } }
  public var url: String? { didSet { json = Self.encode(source, section, url) } }
  /// The citation as the JSON report writes it, encoded once: the findings of a rule share it
  /// instead of escaping the same few hundred bytes for each.
  private(set) var json: [UInt8]

  public init(source: String, section: String, url: String?) {
    self.source = source
    self.section = section
    self.url = url
    json = Self.encode(source, section, url)
  }

  private static func encode(_ source: String, _ section: String, _ url: String?) -> [UInt8] {
    var j = JSONBuffer(capacity: 64 + source.utf8.count + section.utf8.count + (url?.utf8.count ?? 0))
    j.raw("{\"source\": "); j.string(source)
    j.raw(", \"section\": "); j.string(section)
    j.raw(", \"url\": "); j.optional(url)
    j.raw("}")
    return j.bytes
  }

  /// `Real Decreto 822/2021, art. 37`.
  public var text: String { section.isEmpty ? source : "\(source), \(section)" }
}

/// Why a rule fired: the values it read and the first part of its assertion that did not hold.
public struct Explanation: Sendable, Hashable {
  public var read: [(path: String, value: String)]
  public var failed: String?

  public static func == (a: Explanation, b: Explanation) -> Bool {
    a.failed == b.failed && a.read.map(\.path) == b.read.map(\.path) && a.read.map(\.value) == b.read.map(\.value)
  }

  public func hash(into h: inout Hasher) {
    h.combine(failed)
    for r in read { h.combine(r.path); h.combine(r.value) }
  }
}
