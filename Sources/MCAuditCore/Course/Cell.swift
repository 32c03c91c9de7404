#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value as the audit handles it: course data, a program's constants, what an expression
/// computes. Plain data: its text, items and fields are in a ``ValueArena``, so copying a cell
/// costs no reference count and dropping a course's cells costs nothing but its arena.
///
/// ``Value`` is the same value owned (strings, arrays): what tests, constants at compile time and
/// the library's API see. ``value`` makes one from a cell; ``ValueArena/cell(_:)`` the reverse.
enum Cell: Sendable, Equatable, BitwiseCopyable {
  case missing
  case bool(Bool)
  case number(Double)
  case string(Text)
  case date(CivilDate)
  case list(Cells)
  case object(CellObject)
  case map(TableReference)

  var isMissing: Bool {
    if case .missing = self { return true }
    return false
  }

  /// The owned value, with copies of the text, items and fields.
  var value: Value {
    switch self {
    case .missing: return .missing
    case .bool(let b): return .bool(b)
    case .number(let d): return .number(d)
    case .string(let t): return .string(t.string)
    case .date(let d): return .date(d)
    case .list(let items): return .list(items.map(\.value))
    case .object(let o): return .object(o.value)
    case .map(let m):
      let table = m.table
      var d: [String: Value] = [:]
      for (k, v) in zip(table.names, table.values) { d[k] = v.value }
      return .map(d)
    }
  }

  /// As ``Value/displayText``.
  var displayText: String {
    switch self {
    case .string(let t): return t.string
    case .list(let items): return items.map(\.displayText).joined(separator: ", ")
    default: return value.displayText
    }
  }

  /// Appends ``displayText`` as bytes: a text's own bytes, a whole number's digits, a list's
  /// items joined, without making strings of them.
  func writeDisplayText(into out: inout ByteBuffer) {
    switch self {
    case .string(let t): out.append(t.bytes)
    case .number(let d) where d == d.rounded() && abs(d) < 1e15: out.append(decimal: Int(d))
    case .list(let items):
      for i in 0..<items.count {
        if i > 0 { out.append(", " as StaticString) }
        items[i].writeDisplayText(into: &out)
      }
    default: out.append(displayText)
    }
  }
}

/// A run of elements in an arena (or in static memory): the bytes of a text, the items of a list.
/// Copying one copies two words; slicing one (`trim`, `take`, `drop`) copies nothing.
struct ArenaSlice<Element>: @unchecked Sendable, RandomAccessCollection, BitwiseCopyable {
  let base: UnsafePointer<Element>?
  let count: Int

  init() {
    base = nil
    count = 0
  }

  init(base: UnsafePointer<Element>?, count: Int) {
    self.base = base
    self.count = count
  }

  var startIndex: Int { 0 }
  var endIndex: Int { count }

  subscript(i: Int) -> Element {
    precondition(i >= 0 && i < count, "index out of range")
    return base![i]
  }

  var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  /// Elements `start ..< end`.
  func slice(_ start: Int, _ end: Int) -> ArenaSlice {
    ArenaSlice(base: base.map { $0 + start }, count: end - start)
  }
}

extension ArenaSlice: Equatable where Element: Equatable {
  static func == (a: ArenaSlice, b: ArenaSlice) -> Bool {
    guard a.count == b.count else { return false }
    if a.base == b.base || a.count == 0 { return true }
    if Element.self == UInt8.self {
      return bytesEqual(UnsafeRawPointer(a.base!).assumingMemoryBound(to: UInt8.self), UnsafeRawPointer(b.base!).assumingMemoryBound(to: UInt8.self), a.count)
    }
    return a.buffer.elementsEqual(b.buffer)
  }
}

/// UTF-8 text in an arena (or in static memory). Compared byte for byte, so ordered by code point
/// and without Unicode canonical equivalence: as the look-ups in packs' sets always compared.
typealias Text = ArenaSlice<UInt8>

/// The items of a list, in an arena.
typealias Cells = ArenaSlice<Cell>

extension ArenaSlice where Element == UInt8 {
  /// A literal's bytes, which live as long as the program.
  init(_ literal: StaticString) {
    self.init(base: literal.utf8Start, count: literal.utf8CodeUnitCount)
  }

  var bytes: UnsafeBufferPointer<UInt8> { buffer }
  var string: String { String(decoding: buffer, as: UTF8.self) }
}

extension ArenaSlice: Comparable where Element == UInt8 {
  static func < (a: ArenaSlice, b: ArenaSlice) -> Bool {
    let common = Swift.min(a.count, b.count)
    let c = common == 0 ? 0 : memcmp(a.base!, b.base!, common)
    return c != 0 ? c < 0 : a.count < b.count
  }
}

/// An object of course data: its type and its field values by slot, in an arena.
struct CellObject: Sendable, Equatable {
  var type: Int
  var fields: Cells

  /// The value of `slot`; missing beyond the fields (an object built with fewer).
  subscript(slot: Int) -> Cell { slot < fields.count ? fields[slot] : .missing }

  var value: ObjectValue { ObjectValue(type: type, fields: fields.map(\.value)) }
}

/// A table of a pack (`tables.x`, a map constant): values by name, looked up by bytes.
final class CellTable: Sendable {
  let names: [String]
  let keys: KeyTable
  let values: [Cell]

  init(keys: [String], values: [Cell]) {
    names = keys
    self.keys = KeyTable(keys)
    self.values = values
  }

  func value(for key: Text) -> Cell? {
    keys.index(ofBytes: key.bytes).map { values[$0] }
  }

  /// The value of a key given as a string (a number's text: `tables.x[6]`).
  func value(for key: String) -> Cell? {
    keys.index(of: key).map { values[$0] }
  }
}

/// A table that an arena keeps alive, referred to without a reference count. Two references are
/// equal when they name the same table.
struct TableReference: @unchecked Sendable, Equatable {
  unowned(unsafe) let table: CellTable

  init(_ table: CellTable) {
    self.table = table
  }

  static func == (a: TableReference, b: TableReference) -> Bool { a.table === b.table }
}
