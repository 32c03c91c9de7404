/// Escaping of ASCII characters for the text-based report formats (XML, workflow commands): one
/// pass over the UTF-8 bytes, and the string itself, uncopied, when nothing needs escaping, which
/// is the case of most messages. A walk over Unicode scalars made these formats twice as slow
/// as the JSON report.
enum ASCIIEscaping {
  /// `s` with every ASCII byte for which `replacement` gives a text replaced by it.
  static func escape(_ s: String, _ replacement: (UInt8) -> StaticString?) -> String {
    var out: [UInt8]?
    var index = 0
    for b in s.utf8 {
      if b < 0x80, let r = replacement(b) {
        if out == nil {
          out = []
          out!.reserveCapacity(s.utf8.count + 16)
          out!.append(contentsOf: s.utf8.prefix(index))
        }
        r.withUTF8Buffer { out!.append(contentsOf: $0) }
      } else {
        out?.append(b)
      }
      index += 1
    }
    return out.map { String(decoding: $0, as: UTF8.self) } ?? s
  }
}
