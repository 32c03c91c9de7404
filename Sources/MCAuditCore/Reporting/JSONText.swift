/// JSON text built as bytes: deterministic key order, escaping in one pass, no Foundation and
/// no intermediate Strings (reports are written per course on the audit's hot path).
struct JSONBuffer {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

  /// Appends JSON syntax or other text that needs no escaping.
  mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func raw(_ text: String) {
    Self.withUTF8(text) { bytes.append(contentsOf: $0) }
  }

  /// The string's UTF-8 bytes, without the mutable copy that `String.withUTF8` needs.
  private static func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    var s = s
    return s.withUTF8(body)
  }

  /// Appends a JSON string literal. Runs of bytes that need no escape are found eight bytes at a
  /// time and copied whole: reports are mostly long messages and citations without any.
  mutating func string(_ s: String) {
    bytes.append(0x22)
    Self.withUTF8(s) { source in
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
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + clean, count: i - 1 - clean))
        escape(b)
        clean = i
      }
      bytes.append(contentsOf: UnsafeBufferPointer(start: base + clean, count: count - clean))
    }
    bytes.append(0x22)
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
    case 0x22: bytes.append(0x5C); bytes.append(0x22)
    case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
    case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
    case 0x0D: bytes.append(0x5C); bytes.append(0x72)
    case 0x09: bytes.append(0x5C); bytes.append(0x74)
    default:
      let hex: StaticString = "0123456789abcdef"
      bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 0xF)]])
    }
  }

  mutating func optional(_ s: String?) {
    if let s { string(s) } else { raw("null") }
  }

  mutating func int(_ n: Int) {
    if n < 0 { bytes.append(0x2D) }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var m = n.magnitude
    var count = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[count] = UInt8(0x30 + m % 10)
        m /= 10
        count += 1
      } while m > 0
      for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
    }
  }
}

/// A JSON string literal as a String, for the few places outside the per-course hot path.
enum JSONText {
  static func string(_ s: String) -> String {
    var buffer = JSONBuffer(capacity: s.utf8.count + 2)
    buffer.string(s)
    return String(decoding: buffer.bytes, as: UTF8.self)
  }
}
