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
  private var chunks: [UnsafeMutableRawPointer] = []
  private var next: UnsafeMutableRawPointer?
  private var remaining = 0
  /// Objects that cells refer to without a reference count (tables), kept alive with the arena.
  private var owned: [AnyObject] = []

  /// Bytes of the first chunk; each further chunk doubles, up to ``maxChunk``.
  private var chunkSize: Int
  private static let maxChunk = 1 << 20

  init(chunkSize: Int = 4096) {
    self.chunkSize = min(max(chunkSize, 256), Self.maxChunk)
  }

  deinit {
    for chunk in chunks { free(chunk) }
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
    // A new chunk, large enough for the request (malloc aligns to 16).
    let size = max(chunkSize, count)
    guard let chunk = malloc(max(size, 1)) else { fatalError("out of memory (\(size) bytes)") }
    chunks.append(chunk)
    if chunkSize < Self.maxChunk { chunkSize *= 2 }
    if size - count >= remaining {
      next = chunk + count
      remaining = size - count
    }
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
