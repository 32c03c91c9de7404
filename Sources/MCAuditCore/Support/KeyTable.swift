#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of names looked up by their UTF-8 bytes: an open-addressing table.
///
/// Course keys, enum values and the verb tables of packs are looked up for every course file; a
/// `String` dictionary or set would hash each name with SipHash and compare with Unicode
/// equivalence, which costs more than the byte comparison these names need. The table is plain
/// memory behind one immutable object, so a look-up reads it through pointers (no bounds-checked
/// arrays, no reference counts); each bucket carries its name's hash and place, so that a look-up
/// reads one bucket per probe and the name's bytes only when the hashes agree (most look-ups of
/// a course's words miss, and a miss then touches no name at all).
struct KeyTable: Sendable {
  private let storage: Storage

  /// One bucket: the name's position, or -1 when empty; the low half of its hash; its bytes.
  struct Bucket {
    var index: Int32 = -1
    var hash: UInt32 = 0
    var start: Int32 = 0
    var count: Int32 = 0
  }

  /// The names' bytes one after another, and the buckets.
  private final class Storage: @unchecked Sendable {
    let bytes: UnsafeMutableBufferPointer<UInt8>
    /// A power of two long.
    let buckets: UnsafeMutableBufferPointer<Bucket>
    let count: Int

    init(bytes: [UInt8], buckets: [Bucket], count: Int) {
      self.bytes = .copying(bytes)
      self.buckets = .copying(buckets)
      self.count = count
    }

    deinit {
      bytes.deallocate()
      buckets.deallocate()
    }
  }

  init(_ names: some Sequence<String>) {
    var bytes: [UInt8] = []
    var spans: [(start: Int, count: Int)] = []
    for name in names {
      spans.append((bytes.count, name.utf8.count))
      bytes += name.utf8
    }
    var size = 8
    while size < spans.count * 2 { size *= 2 }
    var buckets = [Bucket](repeating: Bucket(), count: size)
    bytes.withUnsafeBufferPointer { all in
      for (i, span) in spans.enumerated() {
        let hash = Self.hash(UnsafeBufferPointer(rebasing: all[span.start..<span.start + span.count]))
        var b = hash & (size - 1)
        while buckets[b].index >= 0 { b = (b + 1) & (size - 1) }
        buckets[b] = Bucket(index: Int32(i), hash: UInt32(truncatingIfNeeded: hash), start: Int32(span.start), count: Int32(span.count))
      }
    }
    storage = Storage(bytes: bytes, buckets: buckets, count: spans.count)
  }

  /// The number of names.
  var count: Int { storage.count }

  /// The position of `name` in the sequence the table was built from.
  func index(of name: String) -> Int? {
    if let found = name.utf8.withContiguousStorageIfAvailable({ index(ofBytes: $0) }) { return found }
    return Array(name.utf8).withUnsafeBufferPointer { index(ofBytes: $0) }
  }

  func contains(_ name: String) -> Bool { index(of: name) != nil }

  /// The position of the name with these bytes, whose ``hash(_:)-(UnsafeBufferPointer<UInt8>)``
  /// the caller may already know.
  func index(ofBytes key: UnsafeBufferPointer<UInt8>, hash: Int? = nil) -> Int? {
    view.index(ofBytes: key, hash: hash)
  }

  /// The table's memory, read without a reference: valid while the table lives. Evaluation looks
  /// constant sets up through views, so that a look-up costs no reference count.
  var view: View {
    View(bytes: storage.bytes.baseAddress.unsafelyUnwrapped, buckets: storage.buckets.baseAddress.unsafelyUnwrapped,
         mask: storage.buckets.count - 1)
  }

  /// A table's memory (``view``).
  struct View: @unchecked Sendable {
    let bytes: UnsafeMutablePointer<UInt8>
    let buckets: UnsafeMutablePointer<Bucket>
    let mask: Int

    /// As ``KeyTable/index(ofBytes:hash:)``.
    func index(ofBytes key: UnsafeBufferPointer<UInt8>, hash: Int? = nil) -> Int? {
      let h = hash ?? KeyTable.hash(key)
      let low = UInt32(truncatingIfNeeded: h)
      var b = h & mask
      while true {
        let bucket = buckets[b]
        if bucket.index < 0 { return nil }
        if bucket.hash == low, Int(bucket.count) == key.count,
           key.count == 0 || bytesEqual(bytes + Int(bucket.start), key.baseAddress!, key.count) {
          return Int(bucket.index)
        }
        b = (b + 1) & mask
      }
    }
  }

  /// The table's hash of a name's bytes: eight bytes at a time (the last word overlapping the
  /// one before, a short name read in two overlapping halves), each word mixed in with a
  /// multiplication. Names are a few bytes long and looked up some hundreds of times per course;
  /// FNV-1a, a chain of one multiplication per byte, made the hash the slowest part of a look-up.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let n = bytes.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(n &+ 1)
    @inline(__always) func mix(_ w: UInt64) {
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
    }
    guard let base = bytes.baseAddress, n > 0 else { return Int(truncatingIfNeeded: h) }
    let p = UnsafeRawPointer(base)
    if n >= 8 {
      var i = 0
      while i + 8 < n {
        mix(p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        i += 8
      }
      mix(p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    } else if n >= 4 {
      mix(UInt64(p.loadUnaligned(as: UInt32.self)) | UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32)
    } else {
      mix(UInt64(base[0]) | UInt64(base[n >> 1]) << 8 | UInt64(base[n - 1]) << 16)
    }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }

  /// The hash of a string's UTF-8 bytes.
  static func hash(_ s: String) -> Int {
    if let h = s.utf8.withContiguousStorageIfAvailable({ hash($0) }) { return h }
    return Array(s.utf8).withUnsafeBufferPointer { hash($0) }
  }
}
