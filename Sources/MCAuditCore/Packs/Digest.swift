/// A content digest for reproducible reports: XXH64 (the 64-bit hash of the xxHash family, seed
/// 0), as 16 hex digits. Not a security hash; it names a version of a file, nothing more.
///
/// Every audited file is digested, so the digest is on the audit's path: XXH64 reads eight bytes
/// at a time in four independent lanes, where FNV-1a (the digest before) was a chain of one
/// multiplication per byte, some 3 % of an audit's time. The test suite checks it against the
/// reference implementation's values.
public enum Digest {
  public static func xxh64(_ bytes: [UInt8]) -> String {
    hex(bytes.withUnsafeBytes { xxh64($0) })
  }

  /// `value` as 16 lower-case hex digits, written straight into the string's storage: every
  /// audited file is digested, and `String(_:radix:)` and padding took some 1,500 instructions
  /// of generic code per file, cold in the instruction cache each time.
  static func hex(_ value: UInt64) -> String {
    String(unsafeUninitializedCapacity: 16) { out in
      for k in 0..<16 {
        let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * k)) & 0xF
        out[k] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
      }
      return 16
    }
  }

  private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
  private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// XXH64 of `input` with seed 0 (the algorithm of xxHash's specification, little-endian reads).
  static func xxh64(_ input: UnsafeRawBufferPointer) -> UInt64 {
    let count = input.count
    var i = 0
    @inline(__always) func word(_ at: Int) -> UInt64 { UInt64(littleEndian: input.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
    @inline(__always) func half(_ at: Int) -> UInt64 { UInt64(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
    @inline(__always) func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 { (acc &+ lane &* p2).rotatedLeft(31) &* p1 }
    @inline(__always) func merge(_ acc: UInt64, _ v: UInt64) -> UInt64 { (acc ^ round(0, v)) &* p1 &+ p4 }

    var h: UInt64
    if count >= 32 {
      var v1 = p1 &+ p2, v2 = p2, v3: UInt64 = 0, v4 = 0 &- p1
      while i + 32 <= count {
        v1 = round(v1, word(i))
        v2 = round(v2, word(i + 8))
        v3 = round(v3, word(i + 16))
        v4 = round(v4, word(i + 24))
        i += 32
      }
      h = v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
      h = merge(merge(merge(merge(h, v1), v2), v3), v4)
    } else {
      h = p5
    }
    h &+= UInt64(count)
    while i + 8 <= count {
      h = (h ^ round(0, word(i))).rotatedLeft(27) &* p1 &+ p4
      i += 8
    }
    if i + 4 <= count {
      h = (h ^ half(i) &* p1).rotatedLeft(23) &* p2 &+ p3
      i += 4
    }
    while i < count {
      h = (h ^ UInt64(input[i]) &* p5).rotatedLeft(11) &* p1
      i += 1
    }
    h ^= h >> 33
    h &*= p2
    h ^= h >> 29
    h &*= p3
    h ^= h >> 32
    return h
  }
}

extension UInt64 {
  @inline(__always)
  fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
