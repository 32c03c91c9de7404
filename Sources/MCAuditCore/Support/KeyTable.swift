#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of names looked up by their UTF-8 bytes: an open-addressing table with FNV-1a.
///
/// Course keys, enum values and the verb tables of packs are looked up for every course file; a
/// `String` dictionary or set would hash each name with SipHash and compare with Unicode
/// equivalence, which costs more than the byte comparison these names need. The table is plain
/// memory behind one immutable object, so a look-up reads it through pointers (no bounds-checked
/// arrays, no reference counts).
struct KeyTable: Sendable {
  private let storage: Storage

  /// The names' bytes one after another, where each starts, and the buckets.
  private final class Storage: @unchecked Sendable {
    /// Name `i` is `bytes[starts[i] ..< starts[i + 1]]`.
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let starts: UnsafeMutableBufferPointer<Int32>
    /// Positions of names, or -1; a power of two long.
    let buckets: UnsafeMutableBufferPointer<Int32>

    init(bytes: [UInt8], starts: [Int32], buckets: [Int32]) {
      self.bytes = .allocate(capacity: max(bytes.count, 1))
      _ = self.bytes.initialize(from: bytes)
      self.starts = .allocate(capacity: starts.count)
      _ = self.starts.initialize(from: starts)
      self.buckets = .allocate(capacity: buckets.count)
      _ = self.buckets.initialize(from: buckets)
    }

    deinit {
      bytes.deallocate()
      starts.deallocate()
      buckets.deallocate()
    }
  }

  init(_ names: some Sequence<String>) {
    var bytes: [UInt8] = []
    var starts: [Int32] = [0]
    for name in names {
      bytes += name.utf8
      starts.append(Int32(bytes.count))
    }
    var size = 8
    while size < (starts.count - 1) * 2 { size *= 2 }
    var buckets = [Int32](repeating: -1, count: size)
    bytes.withUnsafeBufferPointer { all in
      for i in 0..<starts.count - 1 {
        var b = Self.hash(UnsafeBufferPointer(rebasing: all[Int(starts[i])..<Int(starts[i + 1])])) & (size - 1)
        while buckets[b] >= 0 { b = (b + 1) & (size - 1) }
        buckets[b] = Int32(i)
      }
    }
    storage = Storage(bytes: bytes, starts: starts, buckets: buckets)
  }

  /// The number of names.
  var count: Int { storage.starts.count - 1 }

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
    View(bytes: storage.bytes.baseAddress.unsafelyUnwrapped, starts: storage.starts.baseAddress.unsafelyUnwrapped,
         buckets: storage.buckets.baseAddress.unsafelyUnwrapped, mask: storage.buckets.count - 1)
  }

  /// A table's memory (``view``).
  struct View: @unchecked Sendable {
    let bytes: UnsafeMutablePointer<UInt8>
    let starts: UnsafeMutablePointer<Int32>
    let buckets: UnsafeMutablePointer<Int32>
    let mask: Int

    /// As ``KeyTable/index(ofBytes:hash:)``.
    func index(ofBytes key: UnsafeBufferPointer<UInt8>, hash: Int? = nil) -> Int? {
      var b = (hash ?? KeyTable.hash(key)) & mask
      while true {
        let i = Int(buckets[b])
        if i < 0 { return nil }
        let start = Int(starts[i]), count = Int(starts[i + 1]) - start
        if count == key.count && (count == 0 || bytesEqual(bytes + start, key.baseAddress!, count)) { return i }
        b = (b + 1) & mask
      }
    }
  }

  /// FNV-1a of the bytes.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: h)
  }

  /// FNV-1a of a string's UTF-8 bytes.
  static func hash(_ s: String) -> Int {
    if let h = s.utf8.withContiguousStorageIfAvailable({ hash($0) }) { return h }
    return Array(s.utf8).withUnsafeBufferPointer { hash($0) }
  }
}
