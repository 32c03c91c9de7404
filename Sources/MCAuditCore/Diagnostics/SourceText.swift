/// The bytes of an input file, with line lookup for snippets.
public struct SourceText: Sendable {
  public let path: String
  public let bytes: [UInt8]

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// Line `n` (1-based) without its line break; invalid UTF-8 is repaired for display.
  public func line(_ n: Int) -> String? {
    var current = 1
    var start = 0
    var i = 0
    while i < bytes.count, current < n {
      if bytes[i] == 0x0A { current += 1; start = i + 1 }
      i += 1
    }
    guard current == n, start <= bytes.count else { return nil }
    var end = start
    while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
    if start == bytes.count && n > 1 && (bytes.last != 0x0A) { return nil }
    let printable = bytes[start..<end].map { $0 == 0 ? UInt8(ascii: "?") : $0 }
    return String(decoding: printable, as: UTF8.self)
  }
}
