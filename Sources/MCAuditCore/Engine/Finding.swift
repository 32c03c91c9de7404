/// One result of checking a course: a rule that did not hold, located at the field it concerns.
public struct Finding: Sendable, Hashable {
  /// The rule, its pack and its citation: what a finding shares with every other finding of its
  /// rule, made once per rule of a pack (``Auditor``), so that a finding holds one reference for
  /// them instead of seven strings, each retained whenever it is made, stored or copied.
  public final class Origin: Sendable, Hashable {
    public let rule: String
    public let pack: String
    public let packVersion: String
    public let citation: Citation
    /// The rule's message and fix when they have no placeholders: a finding whose message is
    /// that very string (the same storage, compared in constant time) is written with the JSON
    /// literal in ``json``, without escaping it again.
    let plainMessage: String?
    let plainFix: String?
    /// What every finding of the rule writes alike in a JSON report, encoded once.
    let json: JSONPieces

    public convenience init(rule: String, pack: String, packVersion: String, citation: Citation) {
      self.init(rule: rule, pack: pack, packVersion: packVersion, citation: citation, message: nil, fix: nil)
    }

    /// An origin whose findings may carry `message` and `fix` as they are (templates without
    /// placeholders).
    init(rule: String, pack: String, packVersion: String, citation: Citation, message: String?, fix: String?) {
      self.rule = rule
      self.pack = pack
      self.packVersion = packVersion
      self.citation = citation
      var j = JSONBuffer(capacity: 32 + rule.utf8.count + pack.utf8.count)
      j.raw("{\"rule\": "); j.string(rule)
      j.raw(", \"pack\": "); j.string(pack)
      plainMessage = message
      plainFix = fix
      json = JSONPieces(head: j.bytes, citation: citation.json, message: message.map(JSONText.literal), fix: fix.map(JSONText.literal))
    }

    deinit { json.free() }

    /// A copy with the parts given replaced.
    func with(rule: String? = nil, pack: String? = nil, packVersion: String? = nil, citation: Citation? = nil) -> Origin {
      Origin(rule: rule ?? self.rule, pack: pack ?? self.pack, packVersion: packVersion ?? self.packVersion,
             citation: citation ?? self.citation)
    }

    public static func == (a: Origin, b: Origin) -> Bool {
      a === b || (a.rule == b.rule && a.pack == b.pack && a.packVersion == b.packVersion && a.citation == b.citation)
    }

    public func hash(into h: inout Hasher) {
      h.combine(rule)
      h.combine(pack)
      h.combine(packVersion)
      h.combine(citation)
    }
  }

  public var origin: Origin
  // Setting one part gives the finding an origin of its own: other findings keep theirs.
  public var rule: String { get { origin.rule } set { origin = origin.with(rule: newValue) } }
  public var pack: String { get { origin.pack } set { origin = origin.with(pack: newValue) } }
  public var packVersion: String { get { origin.packVersion } set { origin = origin.with(packVersion: newValue) } }
  public var citation: Citation { get { origin.citation } set { origin = origin.with(citation: newValue) } }
  public var severity: Severity
  public var message: String
  /// Dotted field path with indices: `learning_outcomes[2].text`; empty for the whole course.
  public var path: String
  /// The field's position, or that of the nearest present parent when the field is missing.
  public var location: SourceLocation
  public var fix: String?
  /// The waiver that accepts this finding: it is reported, counted apart, and fails nothing.
  public var waiver: Waivers.Waiver? {
    get { annotations?.waiver }
    set { annotations = Annotations(waiver: newValue, explanation: explanation) }
  }
  /// With `--explain`: the values the rule read, and the part of its assertion that failed.
  public var explanation: Explanation? {
    get { annotations?.explanation }
    set { annotations = Annotations(waiver: waiver, explanation: newValue) }
  }
  /// The waiver and explanation, which most findings lack, behind one reference: a finding is a
  /// third of the size it is with them inline, and audits copy, sort and free findings by the
  /// thousand. Replaced, never changed in place, so copies of a finding keep their own.
  private var annotations: Annotations?

  private final class Annotations: Sendable {
    let waiver: Waivers.Waiver?
    let explanation: Explanation?

    init(waiver: Waivers.Waiver?, explanation: Explanation?) {
      self.waiver = waiver
      self.explanation = explanation
    }
  }

  /// Whether the finding has a waiver or an explanation (most have neither).
  var isAnnotated: Bool { annotations != nil }

  public static func == (a: Finding, b: Finding) -> Bool {
    a.origin == b.origin && a.severity == b.severity && a.message == b.message && a.path == b.path
      && a.location == b.location && a.fix == b.fix && a.waiver == b.waiver && a.explanation == b.explanation
  }

  public func hash(into h: inout Hasher) {
    h.combine(origin)
    h.combine(severity)
    h.combine(message)
    h.combine(path)
    h.combine(location)
    h.combine(fix)
    h.combine(waiver)
    h.combine(explanation)
  }
}

// The initialisers are in an extension, so that the struct keeps its synthesised memberwise
// initialiser and they can call it: a hand-written one built the finding in a local of its own,
// which the optimiser then copied into the array it was appended to (retaining each of its
// strings) and destroyed, for every finding of every course.
extension Finding {
  public init(origin: Origin, severity: Severity, message: String, path: String, location: SourceLocation, fix: String?) {
    self.init(origin: origin, severity: severity, message: message, path: path, location: location, fix: fix, annotations: nil)
  }

  public init(rule: String, pack: String, packVersion: String, severity: Severity, message: String,
              path: String, location: SourceLocation, citation: Citation, fix: String?) {
    self.init(origin: Origin(rule: rule, pack: pack, packVersion: packVersion, citation: citation),
              severity: severity, message: message, path: path, location: location, fix: fix)
  }
}

/// The parts of a finding's JSON object that its rule fixes: the start (`{"rule": …, "pack": …`),
/// the citation object, and the string literals of a message and a fix without placeholders. In
/// memory of their own, which the ``Finding/Origin`` that holds them frees: a report reads them
/// through plain pointers, where arrays cost a reference count at each read.
struct JSONPieces: @unchecked Sendable {
  let head: UnsafeBufferPointer<UInt8>
  let citation: UnsafeBufferPointer<UInt8>
  let message: UnsafeBufferPointer<UInt8>?
  let fix: UnsafeBufferPointer<UInt8>?

  init(head: [UInt8], citation: [UInt8], message: [UInt8]?, fix: [UInt8]?) {
    self.head = Self.copy(head)
    self.citation = Self.copy(citation)
    self.message = message.map(Self.copy)
    self.fix = fix.map(Self.copy)
  }

  private static func copy(_ bytes: [UInt8]) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(UnsafeMutableBufferPointer.copying(bytes))
  }

  func free() {
    for piece in [head, citation, message, fix] { piece?.deallocate() }
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
  public var text: String {
    var out = ByteBuffer(capacity: source.utf8.count + section.utf8.count + 2)
    write(textInto: &out)
    return out.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  /// Writes ``text`` as bytes (the text report writes it for every finding).
  func write(textInto out: inout ByteBuffer) {
    forEachTextPart { out.append($0) }
  }

  /// The pieces of ``text`` in order, for writers that escape them as they go (SARIF).
  func forEachTextPart(_ body: (String) -> Void) {
    body(source)
    if !section.isEmpty {
      body(", ")
      body(section)
    }
  }
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
