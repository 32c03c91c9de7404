#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory that the ``Cell``s of one course, one program or one evaluation refer to: bump
/// allocation in chunks that never move, all freed together when the arena goes.
///
/// A course's texts, lists and objects are copies into its arena, where each was an allocation, a
/// reference count and a release of its own: the audit made and freed some hundred of them per
/// course. A cell is valid as long as its arena lives; whoever keeps cells keeps their arena.
///
/// Not thread-safe while it grows: an arena is filled by one thread (the reader of a course, the
/// compiler of a program, an evaluator), and only read once it is shared.
final class ValueArena: @unchecked Sendable {
  /// The newest chunk; each chunk's header names the one before and its own size, so that the
  /// chunks are listed without an array (two allocations more for every course's arena).
  private var last: UnsafeMutableRawPointer?
  private var next: UnsafeMutableRawPointer?
  private var remaining = 0
  /// Objects that cells refer to without a reference count (tables), kept alive with the arena.
  private var owned: [AnyObject] = []

  /// Bytes of the first chunk; each further chunk doubles, up to ``maxChunk``.
  private var chunkSize: Int
  private static let maxChunk = 1 << 20
  /// A chunk's header: the chunk before (or nil) and the chunk's size, header included.
  private static var header: Int { 16 }

  init(chunkSize: Int = 4096) {
    self.chunkSize = min(max(chunkSize, 256), Self.maxChunk)
  }

  deinit {
    var chunk = last
    while let c = chunk {
      chunk = c.load(as: UnsafeMutableRawPointer?.self)
      free(c)
    }
  }

  /// Frees what the arena holds for reuse: its cells become invalid. The memory stays, as one
  /// chunk as large as all it had, so that the next use of the same size allocates nothing.
  func reset() {
    owned.removeAll()
    guard let newest = last else { return }
    if newest.load(as: UnsafeMutableRawPointer?.self) != nil {
      var total = 0
      var chunk = last
      while let c = chunk {
        chunk = c.load(as: UnsafeMutableRawPointer?.self)
        total += c.load(fromByteOffset: 8, as: Int.self)
        free(c)
      }
      last = nil
      newChunk(total)
    }
    next = last! + Self.header
    remaining = last!.load(fromByteOffset: 8, as: Int.self) - Self.header
  }

  /// `count` bytes aligned to `alignment` (a power of two, at most 16).
  func allocate(byteCount count: Int, alignment: Int) -> UnsafeMutableRawPointer {
    if let p = next {
      let aligned = p.alignedUp(toMultipleOf: alignment)
      let needed = (aligned - p) + count
      if needed <= remaining {
        next = aligned + count
        remaining -= needed
        return aligned
      }
    }
    // A new chunk, large enough for the request (malloc aligns to 16, as does the header).
    let size = max(chunkSize, count + Self.header)
    let previous = (next, remaining)
    let chunk = newChunk(size) + Self.header
    if chunkSize < Self.maxChunk { chunkSize *= 2 }
    if size - Self.header - count >= previous.1 {
      next = chunk + count
      remaining = size - Self.header - count
    } else {
      (next, remaining) = previous
    }
    return chunk
  }

  /// A chunk of `size` bytes, header included, made the newest; returns its start.
  @discardableResult
  private func newChunk(_ size: Int) -> UnsafeMutableRawPointer {
    guard let chunk = malloc(size) else { fatalError("out of memory (\(size) bytes)") }
    chunk.storeBytes(of: last, as: UnsafeMutableRawPointer?.self)
    chunk.storeBytes(of: size, toByteOffset: 8, as: Int.self)
    last = chunk
    return chunk
  }

  /// A copy of the elements (bytes of text, cells of a list): plain data, which the arena frees
  /// without deinitialising.
  func copy<Element: BitwiseCopyable>(_ source: UnsafeBufferPointer<Element>) -> ArenaSlice<Element> {
    guard let from = source.baseAddress, !source.isEmpty else { return ArenaSlice() }
    let p = allocate(byteCount: source.count * MemoryLayout<Element>.stride, alignment: MemoryLayout<Element>.alignment)
      .bindMemory(to: Element.self, capacity: source.count)
    p.initialize(from: from, count: source.count)
    return ArenaSlice(base: UnsafePointer(p), count: source.count)
  }

  /// The UTF-8 bytes of a string.
  func text(_ s: String) -> Text {
    s.withUTF8Bytes { copy($0) }
  }

  /// Room for `count` bytes of text, written by `body`, which returns how many it wrote.
  func text(capacity: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> Text {
    guard capacity > 0 else { return Text() }
    let p = allocate(byteCount: capacity, alignment: 1).bindMemory(to: UInt8.self, capacity: capacity)
    let n = body(UnsafeMutableBufferPointer(start: p, count: capacity))
    return Text(base: UnsafePointer(p), count: n)
  }

  /// `count` cells made by `make` from their positions, written straight into the arena.
  func cells(count: Int, _ make: (Int) -> Cell) -> Cells {
    guard count > 0 else { return Cells() }
    let p = allocate(byteCount: count * MemoryLayout<Cell>.stride, alignment: MemoryLayout<Cell>.alignment)
      .bindMemory(to: Cell.self, capacity: count)
    for i in 0..<count { (p + i).initialize(to: make(i)) }
    return Cells(base: UnsafePointer(p), count: count)
  }

  /// A copy of the cells of an array.
  func cells(_ source: [Cell]) -> Cells {
    source.withUnsafeBufferPointer { copy($0) }
  }

  /// An owned value as a cell whose text, items and fields are copies in this arena.
  func cell(_ value: Value) -> Cell {
    switch value {
    case .missing: return .missing
    case .bool(let b): return .bool(b)
    case .number(let d): return .number(d)
    case .date(let d): return .date(d)
    case .string(let s): return .string(text(s))
    case .list(let items): return .list(cells(items.map(cell)))
    case .object(let o):
      return .object(CellObject(type: o.type, fields: cells(o.fields.map(cell))))
    case .map(let m):
      let keys = m.keys.sorted()
      let table = CellTable(keys: keys, values: keys.map { cell(m[$0]!) })
      owned.append(table)
      return .map(TableReference(table))
    }
  }
}
