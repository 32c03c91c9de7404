import Testing
@testable import MCAuditCore

@Suite struct JSONTextTests {
  /// The escaping rules spelled out byte by byte: the reference the word-at-a-time scan must match.
  func reference(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }

  @Test func everyEscapeAtEveryPositionOfAWord() {
    let specials: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "€"]
    for length in 0..<20 {
      for position in 0..<max(length, 1) {
        for special in specials {
          var characters = Array(repeating: Character("a"), count: length)
          if length > 0 { characters[position] = special }
          let s = String(characters)
          #expect(JSONText.string(s) == reference(s), "\(s.debugDescription)")
        }
      }
    }
  }

  @Test func controlCharactersAndLongCleanRuns() {
    let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    #expect(JSONText.string(controls) == reference(controls))
    let long = String(repeating: "Annex I, element (a) — ", count: 50) + "\"end\""
    #expect(JSONText.string(long) == reference(long))
  }

  /// Numbers, and text that outgrows the buffer's first capacity several times over.
  @Test func numbersAndGrowth() {
    var j = JSONBuffer(capacity: 1)
    for n in [0, 7, -1, 10, 1_000_000, Int.max, Int.min] {
      j.int(n)
      j.raw(",")
    }
    #expect(String(decoding: j.bytes, as: UTF8.self) == "0,7,-1,10,1000000,\(Int.max),\(Int.min),")
    var k = JSONBuffer(capacity: 8)
    let long = String(repeating: "abc\"é", count: 500)
    k.string(long)
    k.raw(" ")
    k.raw(long)
    #expect(String(decoding: k.bytes, as: UTF8.self) == reference(long) + " " + long)
  }

  /// A citation carries its JSON, encoded once, and re-encoded when a part of it changes.
  @Test func citationJSONFollowsItsParts() {
    var c = Citation(source: "Real Decreto \"822\"/2021", section: "art. 37", url: nil)
    #expect(String(decoding: c.json, as: UTF8.self)
              == #"{"source": "Real Decreto \"822\"/2021", "section": "art. 37", "url": null}"#)
    c.section = "art. 38"
    c.url = "https://www.boe.es/"
    #expect(String(decoding: c.json, as: UTF8.self)
              == #"{"source": "Real Decreto \"822\"/2021", "section": "art. 38", "url": "https://www.boe.es/"}"#)
  }
}
