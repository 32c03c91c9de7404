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
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Appends a JSON string literal.
  mutating func string(_ s: String) {
    var s = s
    bytes.append(0x22)
    s.withUTF8 { source in
      var clean = source.startIndex
      for i in source.indices {
        let b = source[i]
        guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[clean..<i]))
        switch b {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
        case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
        default:
          let hex: [UInt8] = Array("0123456789abcdef".utf8)
          bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
        }
        clean = i + 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[clean...]))
    }
    bytes.append(0x22)
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
