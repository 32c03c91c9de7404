/// A growable run of plain values (bytes, cells, records of the course reader) in memory of its
/// own. `Array` checks that its storage is unique before every write and is generic over its
/// element's copying; the audit's hot paths write some thousand times per course into stacks and
/// buffers of plain data, which need neither. Not copyable, so that no two buffers share memory.
/// Subscripts check their bounds.
struct PlainBuffer<Element: BitwiseCopyable>: ~Copyable {
  private var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 16) {
    self.capacity = max(capacity, 4)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  var isEmpty: Bool { count == 0 }

  subscript(i: Int) -> Element {
    @inline(__always) get {
      precondition(i >= 0 && i < count, "index out of range")
      return base[i]
    }
    @inline(__always) set {
      precondition(i >= 0 && i < count, "index out of range")
      base[i] = newValue
    }
  }

  /// The last element; there must be one.
  var last: Element {
    @inline(__always) get { self[count - 1] }
    @inline(__always) set { self[count - 1] = newValue }
  }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: count + 1) }
    base[count] = element
    count += 1
  }

  /// Appends `n` elements from `source`.
  @inline(__always)
  mutating func append(_ source: UnsafePointer<Element>, _ n: Int) {
    if count + n > capacity { grow(to: count + n) }
    (base + count).update(from: source, count: n)
    count += n
  }

  @inline(__always)
  mutating func append(_ elements: UnsafeBufferPointer<Element>) {
    if let p = elements.baseAddress { append(p, elements.count) }
  }

  /// Appends `element` `n` times.
  mutating func append(repeating element: Element, count n: Int) {
    if count + n > capacity { grow(to: count + n) }
    (base + count).initialize(repeating: element, count: n)
    count += n
  }

  @inline(__always)
  @discardableResult
  mutating func removeLast() -> Element {
    precondition(count > 0, "removeLast from an empty buffer")
    count -= 1
    return base[count]
  }

  /// Drops the elements from `newCount` on.
  mutating func truncate(to newCount: Int) {
    count = min(count, max(0, newCount))
  }

  func withBytes<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// Elements `start ..< count`, in place (valid until the buffer next changes).
  func suffix(from start: Int) -> UnsafeBufferPointer<Element> {
    precondition(start >= 0 && start <= count, "index out of range")
    return UnsafeBufferPointer(start: base + start, count: count - start)
  }

  private mutating func grow(to needed: Int) {
    var next = capacity * 2
    while next < needed { next *= 2 }
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: next)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = next
  }
}

/// Bytes appended by copying: a finding's JSON, every mapping key of a course, a report's text,
/// written in many small pieces (`Array.append(contentsOf:)` costs some hundred instructions a
/// call).
typealias ByteBuffer = PlainBuffer<UInt8>

extension PlainBuffer where Element == UInt8 {
  /// Appends text that needs no escaping.
  mutating func append(_ text: StaticString) {
    append(text.utf8Start, text.utf8CodeUnitCount)
  }

  /// Disfavoured, so that a literal picks the `StaticString` overload (a copy of its bytes, not
  /// a string's storage check and a closure).
  @_disfavoredOverload
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
}

extension UnsafeMutableBufferPointer {
  /// The elements in memory of their own, laid out once for code that reads them through plain
  /// pointers (an array read in a hot loop costs a reference count per read); the caller frees
  /// it with `deallocate()`. Room for one element at least, so that the base address is never
  /// null; `count` is the elements'.
  static func copying(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
    let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(elements.count, 1))
    _ = memory.initialize(from: elements)
    return UnsafeMutableBufferPointer(rebasing: memory[..<elements.count])
  }
}
