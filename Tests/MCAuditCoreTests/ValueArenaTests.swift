import Testing
@testable import MCAuditCore

/// The arena that course values live in, and the cells that refer to it.
@Suite struct ValueArenaTests {
  @Test func everyCopyOutlivesTheChunksThatFollowIt() {
    let arena = ValueArena(chunkSize: 256)
    let strings = (0..<1_000).map { i in String(repeating: "é\(i % 10)", count: i % 37) }
      + [String(repeating: "x", count: 10_000), ""]
    let texts = strings.map { arena.text($0) }
    #expect(texts.map(\.string) == strings)
    let lists = (0..<200).map { i in arena.cells((0..<i).map { Cell.number(Double($0)) }) }
    #expect(lists.enumerated().allSatisfy { i, cells in cells.count == i && cells.enumerated().allSatisfy { $1 == .number(Double($0)) } })
  }

  @Test func valuesBecomeCellsAndBack() throws {
    let value = Value.list([
      .string("Ökonomie"), .number(2.5), .bool(false), .missing, .date(try #require(CivilDate("2026-03-01"))),
      .object(ObjectValue(type: 1, fields: [.string("x"), .list([])])),
      .map(["EQF 6": .number(6), "nested": .list([.string("a")])]),
    ])
    let arena = ValueArena()
    #expect(arena.cell(value).value == value)
  }

  @Test func textsCompareByTheirBytes() {
    let arena = ValueArena()
    #expect(arena.text("abc") == Text("abc"))
    #expect(arena.text("abc") != arena.text("abd"))
    #expect(Text("ab") < Text("abc") && Text("abc") < Text("abd") && !(Text("b") < Text("a")))
    #expect(Text("") == arena.text("") && Text("").isEmpty)
    // Canonically equivalent, but other code points: not equal (no Unicode normalisation).
    #expect(arena.text("e\u{301}") != arena.text("\u{E9}"))
  }
}
