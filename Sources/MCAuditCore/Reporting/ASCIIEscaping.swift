/// Escaping of ASCII characters for the text-based report formats (XML, workflow commands): one
/// pass over the UTF-8 bytes, and the string itself, uncopied, when nothing needs escaping, which
/// is the case of most messages. A walk over Unicode scalars made these formats twice as slow
/// as the JSON report.
enum ASCIIEscaping {
  /// `s` with every ASCII byte for which `replacement` gives a text replaced by it.
  static func escape(_ s: String, _ replacement: (UInt8) -> StaticString?) -> String {
    s.withUTF8Bytes { bytes in
      // The bytes are read through the buffer: iterating `s.utf8` cost some ten instructions a byte.
      guard let first = bytes.firstIndex(where: { $0 < 0x80 && replacement($0) != nil }) else { return s }
      var out = ByteBuffer(capacity: bytes.count + 16)
      append(bytes, from: first, replacement, to: &out)
      return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }
  }

  /// Appends `s` escaped to `out`, for reports written as bytes.
  static func append(_ s: String, _ replacement: (UInt8) -> StaticString?, to out: inout ByteBuffer) {
    s.withUTF8Bytes { bytes in
      guard let first = bytes.firstIndex(where: { $0 < 0x80 && replacement($0) != nil }) else { return out.append(bytes) }
      append(bytes, from: first, replacement, to: &out)
    }
  }

  /// `bytes`, whose first byte to replace is at `first`, escaped into `out`.
  private static func append(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, _ replacement: (UInt8) -> StaticString?,
                             to out: inout ByteBuffer) {
    out.append(UnsafeBufferPointer(rebasing: bytes[..<first]))
    for b in bytes[first...] {
      if b < 0x80, let r = replacement(b) { out.append(r) } else { out.append(b) }
    }
  }
}
