/// Bytes in memory of their own, appended to by copying: `Array.append(contentsOf:)` costs some
/// hundred instructions a call (generic, with a uniqueness check), and the hot path appends in
/// many small pieces (a finding's JSON, every mapping key of a course). Not copyable, so that no
/// two buffers share that memory.
struct ByteBuffer: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 1024) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  @inline(__always)
  mutating func append(_ source: UnsafePointer<UInt8>, _ n: Int) {
    if count + n > capacity { grow(to: count + n) }
    UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: n)
    count += n
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    if let p = bytes.baseAddress { append(p, bytes.count) }
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    base[count] = byte
    count += 1
  }

  /// Appends text that needs no escaping.
  mutating func append(_ text: StaticString) {
    append(text.utf8Start, text.utf8CodeUnitCount)
  }

  mutating func append(_ text: String) {
    text.withUTF8Bytes { append($0) }
  }

  /// Appends `n` in decimal digits.
  mutating func append(decimal n: Int) {
    if n < 0 { append(0x2D) }
    // Digits from the last, into the end of a 20-byte scratch (the most a UInt64 has).
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var m = n.magnitude
    withUnsafeMutableBytes(of: &digits) { d in
      var start = 20
      repeat {
        start -= 1
        d[start] = UInt8(0x30 + m % 10)
        m /= 10
      } while m > 0
      append(d.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, 20 - start)
    }
  }

  /// Drops the bytes from `newCount` on.
  mutating func truncate(to newCount: Int) {
    count = min(count, max(0, newCount))
  }

  private mutating func grow(to needed: Int) {
    var next = capacity * 2
    while next < needed { next *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: next)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = next
  }
}
