/// JSON text built as bytes: deterministic key order, escaping in one pass, no Foundation and
/// no intermediate Strings (reports are written per course on the audit's hot path); a finding
/// is written in some thirty pieces, each copied into a ``ByteBuffer``.
struct JSONBuffer: ~Copyable {
  private var buffer: ByteBuffer

  init(capacity: Int = 1024) {
    buffer = ByteBuffer(capacity: capacity)
  }

  var count: Int { buffer.count }

  /// Empties the buffer, keeping its memory.
  mutating func removeAll() {
    buffer.truncate(to: 0)
  }

  /// The text so far, as an array (a copy).
  var bytes: [UInt8] { withBytes(Array.init) }

  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try buffer.withBytes(body)
  }

  @inline(__always)
  private mutating func append(_ source: UnsafePointer<UInt8>, _ n: Int) {
    buffer.append(source, n)
  }

  @inline(__always)
  private mutating func append(_ byte: UInt8) {
    buffer.append(byte)
  }

  /// Appends JSON syntax or other text that needs no escaping.
  mutating func raw(_ text: StaticString) {
    buffer.append(text)
  }

  /// Appends bytes as they are (JSON, or text that needs no escaping).
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    buffer.append(bytes)
  }

  /// Appends text of a `String` that needs no escaping. Disfavoured, so that a literal picks the
  /// `StaticString` overload: as a `String`, each of a finding's literal pieces went through the
  /// string's storage check and a closure, five times the cost of copying its bytes.
  @_disfavoredOverload
  mutating func raw(_ text: String) {
    buffer.append(text)
  }

  /// Appends a JSON string literal. Runs of bytes that need no escape are found eight bytes at a
  /// time and copied whole: reports are mostly long messages and citations without any.
  mutating func string(_ s: String) {
    append(0x22)
    escaped(s)
    append(0x22)
  }

  /// Appends the text of a JSON string literal without its quotes: a literal made of several
  /// parts is written part by part, with ``quote()`` around them, instead of joined first.
  mutating func escaped(_ s: String) {
    s.withUTF8Bytes { source in
      guard let base = source.baseAddress else { return }
      let count = source.count
      var clean = 0, i = 0
      while i < count {
        if i + 8 <= count, !Self.needsEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
          i += 8
          continue
        }
        let b = base[i]
        i += 1
        guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
        append(base + clean, i - 1 - clean)
        escape(b)
        clean = i
      }
      append(base + clean, count - clean)
    }
  }

  mutating func quote() {
    append(0x22)
  }

  /// Whether any of the eight bytes of `word` is a control character, `"` or `\` (exact: the
  /// classic has-less-than and has-zero-byte tests; bytes of 0x80 and above never match).
  @inline(__always)
  private static func needsEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
    return (word &- ones &* 0x20) & ~word & highs != 0 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
  }

  private mutating func escape(_ b: UInt8) {
    switch b {
    case 0x22: append(0x5C); append(0x22)
    case 0x5C: append(0x5C); append(0x5C)
    case 0x0A: append(0x5C); append(0x6E)
    case 0x0D: append(0x5C); append(0x72)
    case 0x09: append(0x5C); append(0x74)
    default:
      let hex: StaticString = "0123456789abcdef"
      append(0x5C); append(0x75); append(0x30); append(0x30)
      append(hex.utf8Start[Int(b >> 4)]); append(hex.utf8Start[Int(b & 0xF)])
    }
  }

  mutating func optional(_ s: String?) {
    if let s { string(s) } else { raw("null") }
  }

  mutating func int(_ n: Int) {
    buffer.append(decimal: n)
  }
}

/// A JSON string literal as a String, for the few places outside the per-course hot path.
enum JSONText {
  static func string(_ s: String) -> String {
    String(decoding: literal(s), as: UTF8.self)
  }

  /// The bytes of the JSON string literal of `s`.
  static func literal(_ s: String) -> [UInt8] {
    var buffer = JSONBuffer(capacity: s.utf8.count + 2)
    buffer.string(s)
    return buffer.bytes
  }
}
