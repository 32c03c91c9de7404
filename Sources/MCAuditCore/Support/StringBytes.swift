#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
  /// The string's UTF-8 bytes, lent without the mutable copy (and its reference count) that
  /// `withUTF8` needs: a native string lends its storage; any other is copied once.
  func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try utf8.withContiguousStorageIfAvailable(body) { return r }
    var s = self
    return try s.withUTF8(body)
  }

  /// Whether the UTF-8 bytes of `t` occur in this string's: a byte search. `contains(_:)` of
  /// `_StringProcessing` compares characters and cost some 26,000 instructions for a rule title.
  func containsBytes(_ t: String) -> Bool {
    if t.isEmpty { return true }
    return withUTF8Bytes { hay in
      t.withUTF8Bytes { needle in
        guard needle.count <= hay.count else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
          if hay[i] == first {
            var j = 1
            while j < needle.count, hay[i + j] == needle[j] { j += 1 }
            if j == needle.count { return true }
          }
          i += 1
        }
        return false
      }
    }
  }

  /// Whether the string ends with `suffix`, ASCII letters compared without case: a file extension
  /// (`.YAML`, `.Json`) matched on bytes, without lower-casing the whole path.
  func hasSuffix(ignoringASCIICase suffix: String) -> Bool {
    withUTF8Bytes { s in
      suffix.withUTF8Bytes { t in
        guard t.count <= s.count else { return false }
        let start = s.count - t.count
        for k in 0..<t.count where s[start + k].asciiLowercased != t[k].asciiLowercased { return false }
        return true
      }
    }
  }

  /// The number of Unicode scalars: the UTF-8 bytes that start one (`unicodeScalars.count` walks
  /// scalar by scalar).
  var scalarCount: Int { withUTF8Bytes { $0.scalarCount } }
}

extension UInt8 {
  /// The byte with an ASCII capital turned into its small letter; any other byte as it is.
  var asciiLowercased: UInt8 { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) ? self | 0x20 : self }
}

extension UnsafeBufferPointer<UInt8> {
  /// The number of UTF-8 bytes that start a Unicode scalar.
  var scalarCount: Int {
    var n = 0
    for b in self where b & 0xC0 != 0x80 { n += 1 }
    return n
  }

  /// The length of a UTF-8 byte order mark at the start (3, or 0 without one): libyaml skips it
  /// without counting it as a column, and so does every position mcaudit computes from bytes.
  var byteOrderMarkLength: Int {
    count >= 3 && self[0] == 0xEF && self[1] == 0xBB && self[2] == 0xBF ? 3 : 0
  }
}

/// Whether `n` bytes at `a` and `b` are equal. Keys, enum values and words are a few bytes long:
/// two overlapping loads compare them in place, where a call to `memcmp` (through the dynamic
/// linker's table) cost more than the comparison.
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
  let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
  switch n {
  case 0:
    return true
  case 1...3:
    return a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]
  case 4...7:
    return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
      && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
  case 8...16:
    return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
      && x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
  default:
    return memcmp(a, b, n) == 0
  }
}
