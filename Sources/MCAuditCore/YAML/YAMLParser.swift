internal import CLibYAML
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads YAML (or JSON) bytes with libyaml's event API and hands checked events to a
/// ``YAMLEventHandler``, or builds located ``YAMLNode`` documents.
///
/// On top of libyaml it rejects what libyaml lets through: duplicate keys, aliases (so an alias
/// bomb cannot expand), unknown tags, non-scalar keys; and it enforces ``YAMLLimits`` as the
/// events arrive, so a 100,000-deep document stops at the limit instead of growing a stack.
public enum YAMLParser {
  /// How a file is written, for its messages: JSON goes through the same YAML 1.2 parser (JSON is
  /// YAML's flow style), and a JSON file's syntax errors say JSON.
  public enum Notation: Sendable {
    case yaml, json

    /// A `.json` file (in any letter case) is JSON; any other is YAML.
    public init(path: String) {
      self = path.hasSuffix(ignoringASCIICase: ".json") ? .json : .yaml
    }

    var name: String { self == .json ? "JSON" : "YAML" }
  }

  /// Parses every document of a stream into trees.
  /// - Returns: the documents in order; empty input gives ``YAMLError/Kind/empty``.
  public static func parse(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits(), notation: Notation = .yaml) throws(YAMLError) -> [YAMLNode] {
    var builder = YAMLTreeBuilder()
    try parse(bytes, limits: limits, notation: notation, into: &builder)
    return builder.documents
  }

  /// Parses every document of a stream, sending its events to `handler`. Events stop at the first
  /// error, which is thrown; empty input, or input without a document, is ``YAMLError/Kind/empty``.
  static func parse<H: YAMLEventHandler & ~Copyable>(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits(), notation: Notation = .yaml,
                                         into handler: inout H) throws(YAMLError) {
    var session = Session()
    try session.parse(bytes, limits: limits, notation: notation, into: &handler)
  }

  /// A parser that keeps its working memory (the stacks of open collections and keys) from
  /// stream to stream: an audit thread parses thousands of files, and allocated them for each.
  struct Session: ~Copyable {
    private var reader = EventReader()

    /// As ``YAMLParser/parse(_:limits:notation:into:)``.
    mutating func parse<H: YAMLEventHandler & ~Copyable>(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits(), notation: Notation = .yaml,
                                           into handler: inout H) throws(YAMLError) {
      if bytes.isEmpty { throw YAMLError(.empty, at: .start, "the file is empty") }
      reader.reset(limits: limits, notation: notation)
      let result: Result<Int, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
          return .failure(YAMLError(.reader, at: .start, "libyaml could not be initialised"))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress!, buffer.count)
        return Result { () throws(YAMLError) in
          try reader.run(&parser, input: buffer, into: &handler)
        }
      }
      if try result.get() == 0 {
        throw YAMLError(.empty, at: .start, "the file has no \(notation.name) document (only comments or blanks)")
      }
    }
  }
}

/// Checks libyaml's events and forwards them. It keeps only the keys of the open mappings (for the
/// duplicate check), never the document, so its memory is bounded by the depth and the widest
/// mapping. Its stacks are plain buffers: it runs for every event of every course file.
struct EventReader: ~Copyable {
  var limits = YAMLLimits()
  var notation = YAMLParser.Notation.yaml
  var stack = PlainBuffer<Frame>(capacity: 16)
  /// The keys of every open mapping, innermost last; their bytes are in `keyBytes`.
  var keys = PlainBuffer<KeyRecord>(capacity: 64)
  var keyBytes = ByteBuffer(capacity: 1024)
  /// The hash indexes of open mappings with many keys (``Frame/index``).
  var indexes: [[Int32]] = []
  var nodeCount = 0
  var documents = 0

  /// An open collection. Keys of a mapping are checked for duplicates by a linear scan of their
  /// hashes while it is small and through a hash index once it is not, so a hostile 100,000-key
  /// mapping stays linear.
  struct Frame {
    var isMapping: Bool
    /// A mapping waiting for a key rather than for the value of its last key.
    var expectsKey: Bool
    var keysStart: Int
    /// Its hash index in ``indexes``, or -1 while it has few keys: open addressing over the
    /// positions in `keys` of this mapping's keys (-1: empty), by Swift's per-process seeded
    /// hash, so that crafted keys cannot collide on purpose.
    var index: Int32 = -1
  }

  /// A key of an open mapping: `keyBytes[start ..< start + count]`, its hash, its place.
  struct KeyRecord {
    var start: Int
    var count: Int
    var hash: Int
    var mark: YAMLMark
  }

  /// Makes the reader one for a new stream, keeping the memory of its stacks (an earlier stream
  /// may have stopped at an error with collections open).
  mutating func reset(limits: YAMLLimits, notation: YAMLParser.Notation) {
    self.limits = limits
    self.notation = notation
    stack.truncate(to: 0)
    keys.truncate(to: 0)
    keyBytes.truncate(to: 0)
    indexes.removeAll()
    nodeCount = 0
    documents = 0
  }

  /// Runs to the end of the stream; returns the number of documents.
  mutating func run<H: YAMLEventHandler & ~Copyable>(_ parser: inout yaml_parser_t, input: UnsafeBufferPointer<UInt8>,
                                         into handler: inout H) throws(YAMLError) -> Int {
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(&parser, &event) == 1 else {
        throw Self.libyamlError(parser, input: input, notation: notation)
      }
      defer { yaml_event_delete(&event) }
      let mark = YAMLMark(event.start_mark)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return documents
      case YAML_DOCUMENT_START_EVENT:
        nodeCount = 0
        handler.startDocument()
      case YAML_DOCUMENT_END_EVENT:
        documents += 1
        handler.endDocument()
      case YAML_ALIAS_EVENT:
        throw Self.alias(event.data.alias.anchor, at: mark)
      case YAML_SCALAR_EVENT:
        let s = event.data.scalar
        if s.length > limits.maxScalarLength { throw scalarTooLong(s.length, at: mark) }
        var isString = false
        if let tag = s.tag { isString = try checkTag(tag, at: mark, allowed: Self.scalarTags) }
        try count(at: mark)
        let bytes = UnsafeBufferPointer(start: s.value, count: s.length)
        if !stack.isEmpty, stack.last.expectsKey {
          let key = YAMLKey(bytes)
          switch handler.key(key, at: mark) {
          case .checked: break
          case .unchecked: try addKey(key, at: mark)
          case .duplicate(let first): throw duplicate(key, at: mark, first: first)
          }
          stack.last.expectsKey = false
          continue
        }
        let style: YAMLScalar.Style
        switch s.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        handler.scalar(YAMLScalarView(bytes: bytes, style: style, isExplicitString: isString), at: mark)
        valueEnded()
        // The handler has closed the document it wanted (see ``YAMLEventHandler/isFinished``).
        if handler.isFinished { return documents + 1 }
      case YAML_SEQUENCE_START_EVENT:
        if let tag = event.data.sequence_start.tag { _ = try checkTag(tag, at: mark, allowed: Self.sequenceTags) }
        try open(isMapping: false, at: mark)
        handler.startSequence(at: mark)
      case YAML_MAPPING_START_EVENT:
        if let tag = event.data.mapping_start.tag { _ = try checkTag(tag, at: mark, allowed: Self.mappingTags) }
        try open(isMapping: true, at: mark)
        handler.startMapping(at: mark)
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard !stack.isEmpty else { continue }
        let frame = stack.removeLast()
        if frame.keysStart < keys.count {
          keyBytes.truncate(to: keys[frame.keysStart].start)
          keys.truncate(to: frame.keysStart)
        }
        if frame.index >= 0 { indexes.removeLast() }
        handler.endCollection()
        valueEnded()
      default:
        break
      }
    }
  }

  private mutating func open(isMapping: Bool, at mark: YAMLMark) throws(YAMLError) {
    if !stack.isEmpty, stack.last.expectsKey { throw Self.complexKey(isMapping: isMapping, at: mark) }
    if stack.count >= limits.maxDepth { throw tooDeep(at: mark) }
    try count(at: mark)
    stack.append(Frame(isMapping: isMapping, expectsKey: isMapping, keysStart: keys.count))
  }

  /// A value of the innermost collection is complete: a mapping now expects its next key.
  @inline(__always)
  private mutating func valueEnded() {
    if !stack.isEmpty, stack.last.isMapping { stack.last.expectsKey = true }
  }

  @inline(__always)
  private mutating func count(at mark: YAMLMark) throws(YAMLError) {
    nodeCount += 1
    if nodeCount > limits.maxNodes { throw tooManyNodes(at: mark) }
  }

  // Tags and the errors of the event loop are out of line: inline, their strings and messages
  // made the loop, run for every event, many times the instruction cache its usual path needs.

  /// Refuses a tag that is not allowed; returns whether it is the string tag (`!!str`).
  @inline(never)
  private func checkTag(_ tagPointer: UnsafeMutablePointer<yaml_char_t>, at mark: YAMLMark, allowed: Set<String>) throws(YAMLError) -> Bool {
    let tag = String(cString: tagPointer)
    guard tag != "!", !allowed.contains(tag) else { return tag == "tag:yaml.org,2002:str" }
    let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
    throw YAMLError(.unsupportedTag(String(shown)), at: mark, "unsupported tag '\(shown)'; remove it")
  }

  @inline(never)
  private static func alias(_ anchor: UnsafeMutablePointer<yaml_char_t>?, at mark: YAMLMark) -> YAMLError {
    let name = anchor.map { String(cString: $0) } ?? ""
    return YAMLError(.alias(name), at: mark, "aliases are not supported ('*\(name)'); repeat the value instead")
  }

  @inline(never)
  private static func complexKey(isMapping: Bool, at mark: YAMLMark) -> YAMLError {
    YAMLError(.complexKey, at: mark, "mapping keys must be scalars, found \(isMapping ? "a mapping" : "a list")")
  }

  @inline(never)
  private func tooDeep(at mark: YAMLMark) -> YAMLError {
    YAMLError(.tooDeep(limit: limits.maxDepth), at: mark, "nesting is deeper than the limit of \(limits.maxDepth) levels (--max-depth)")
  }

  @inline(never)
  private func tooManyNodes(at mark: YAMLMark) -> YAMLError {
    YAMLError(.tooManyNodes(limit: limits.maxNodes), at: mark, "the document has more than \(limits.maxNodes) nodes (--max-nodes)")
  }

  @inline(never)
  private func scalarTooLong(_ length: Int, at mark: YAMLMark) -> YAMLError {
    YAMLError(.scalarTooLong(length: length, limit: limits.maxScalarLength), at: mark,
              "scalar of \(length) bytes is longer than the limit of \(limits.maxScalarLength) bytes (--max-scalar-size)")
  }

  /// Records a key of the innermost mapping that its handler did not check, refusing a
  /// duplicate. Keys are compared byte for byte: YAML keys are byte strings, and it skips
  /// String's canonical-equivalence path.
  private mutating func addKey(_ key: YAMLKey, at mark: YAMLMark) throws(YAMLError) {
    let start = stack.last.keysStart
    let index = Int(stack.last.index)
    var seeded: Int?
    if index < 0 {
      var k = start
      while k < keys.count {
        if keys[k].hash == key.hash && isKey(k, key.bytes) { throw duplicate(key, at: mark, first: keys[k].mark) }
        k += 1
      }
    } else {
      let mask = indexes[index].count - 1
      seeded = Self.seededHash(key.bytes)
      var b = seeded! & mask
      while indexes[index][b] >= 0 {
        let k = Int(indexes[index][b])
        if keys[k].hash == key.hash && isKey(k, key.bytes) {
          throw duplicate(key, at: mark, first: keys[k].mark)
        }
        b = (b + 1) & mask
      }
    }
    keys.append(KeyRecord(start: keyBytes.count, count: key.bytes.count, hash: key.hash, mark: mark))
    keyBytes.append(key.bytes)
    if index < 0 {
      if keys.count - start > Self.linearKeys {
        indexes.append(rebuiltIndex(from: start, capacity: 4 * Self.linearKeys))
        stack.last.index = Int32(indexes.count - 1)
      }
    } else if (keys.count - start) * 2 > indexes[index].count {
      indexes[index] = rebuiltIndex(from: start, capacity: indexes[index].count * 2)
    } else {
      // The hash is taken before the index is borrowed for writing: reading `self` during that
      // access made Swift copy the whole index at every insertion (quadratic in the keys).
      let hash = seeded ?? seededHash(ofKey: keys.count - 1)
      Self.insert(keys.count - 1, seeded: hash, into: &indexes[index])
    }
  }

  /// Keys a mapping may have before its duplicate check goes through an index: a linear scan of
  /// hashes is cheaper than seeded hashing for a course's widest mapping (about 20 keys).
  private static var linearKeys: Int { 64 }

  /// Whether the recorded key `k` has these bytes.
  private func isKey(_ k: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let record = keys[k]
    guard record.count == bytes.count else { return false }
    return keyBytes.withBytes { all in
      bytesEqual(all.baseAddress! + record.start, bytes.baseAddress!, record.count)
    }
  }

  /// A hash index of the keys from `start` on.
  private func rebuiltIndex(from start: Int, capacity: Int) -> [Int32] {
    var index = [Int32](repeating: -1, count: capacity)
    for k in start..<keys.count { Self.insert(k, seeded: seededHash(ofKey: k), into: &index) }
    return index
  }

  /// Puts key `k`, whose seeded hash is `seeded`, into an open-addressing index.
  private static func insert(_ k: Int, seeded: Int, into index: inout [Int32]) {
    let mask = index.count - 1
    var b = seeded & mask
    while index[b] >= 0 { b = (b + 1) & mask }
    index[b] = Int32(k)
  }

  /// The seeded hash of the recorded key `k`.
  private func seededHash(ofKey k: Int) -> Int {
    let record = keys[k]
    return keyBytes.withBytes {
      Self.seededHash(UnsafeBufferPointer(rebasing: $0[record.start..<record.start + record.count]))
    }
  }

  /// Swift's per-process seeded hash of the bytes: the index of a large mapping uses it, so that
  /// keys crafted to collide under the table hash cannot make it quadratic.
  private static func seededHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hasher = Hasher()
    hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    return hasher.finalize()
  }

  @inline(never)
  private func duplicate(_ key: YAMLKey, at mark: YAMLMark, first: YAMLMark) -> YAMLError {
    YAMLError(.duplicateKey(key.text, first: first), at: mark,
              "duplicate key '\(key.text)' (first at \(first.line):\(first.column))")
  }

  private static let sequenceTags: Set<String> = ["tag:yaml.org,2002:seq"]
  private static let mappingTags: Set<String> = ["tag:yaml.org,2002:map"]
  private static let scalarTags: Set<String> = [
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
  ]

  /// libyaml's error, located: reader errors carry a byte offset, the others a mark.
  static func libyamlError(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>, notation: YAMLParser.Notation) -> YAMLError {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
    if parser.error == YAML_READER_ERROR {
      let mark = markOf(offset: parser.problem_offset, in: input)
      var message = problem
      if parser.problem_value != -1 {
        let hex = String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)
        message += " (byte 0x\(hex.count < 2 ? "0" + hex : hex))"
      }
      return YAMLError(.reader, at: mark, "invalid input: \(message); the file must be UTF-8 text")
    }
    let mark = YAMLMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
    var context: (String, YAMLMark)?
    if let c = parser.context {
      context = (String(cString: c),
                 YAMLMark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1))
    }
    var message = "malformed \(notation.name): \(problem)"
    if let hint = hint(problem, at: mark, context: context?.0, in: input) { message += " (\(hint))" }
    return YAMLError(.syntax, at: mark, message, context: context)
  }

  /// What libyaml's terse messages most often mean in a hand-written course file, in words a QA
  /// office can act on; nil when the cause is not that clear.
  static func hint(_ problem: String, at mark: YAMLMark, context: String?, in input: UnsafeBufferPointer<UInt8>) -> String? {
    switch problem {
    case "found character that cannot start any token":
      switch byte(at: mark, in: input) {
      case 0x09: return "a tab: YAML is indented with spaces only"
      case UInt8(ascii: "@"), UInt8(ascii: "`"): return "'@' and '`' cannot start a plain value: put the value in quotes"
      default: return nil
      }
    case "mapping values are not allowed in this context":
      return byte(at: mark, in: input) == UInt8(ascii: ":") ? "a ': ' inside a value: put the value in quotes" : nil
    case "did not find expected key":
      return "is this line indented like the other keys of its mapping?"
    case "found unexpected end of stream" where context == "while scanning a quoted scalar":
      return "a quoted value is not closed"
    default:
      return nil
    }
  }

  /// The byte at a line and column (in scalars, as libyaml counts), if the input has one there.
  static func byte(at mark: YAMLMark, in input: UnsafeBufferPointer<UInt8>) -> UInt8? {
    var line = 1, column = 1
    for b in input[input.byteOrderMarkLength...] where b & 0xC0 != 0x80 {  // a character's continuation bytes share its column
      if line == mark.line && column == mark.column { return b }
      if b == 0x0A { line += 1; column = 1 } else { column += 1 }
      if line > mark.line { return nil }
    }
    return nil
  }

  /// Line and column (in scalars, as libyaml counts) of a byte offset; invalid bytes count as one.
  static func markOf(offset: Int, in input: UnsafeBufferPointer<UInt8>) -> YAMLMark {
    var line = 1, column = 1
    var i = input.byteOrderMarkLength
    let end = min(offset, input.count)
    while i < end {
      let b = input[i]
      if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return YAMLMark(line: line, column: column)
  }
}

extension YAMLMark {
  /// The 1-based mark of libyaml's 0-based position (clamped, as ``init(line:column:)`` does).
  @inline(__always)
  fileprivate init(_ mark: yaml_mark_t) {
    line = Int32(truncatingIfNeeded: min(mark.line, 0x7FFF_FFFE) + 1)
    column = Int32(truncatingIfNeeded: min(mark.column, 0x7FFF_FFFE) + 1)
  }
}
