/// Escaping for XML attribute values and text.
enum XMLText {
  static func escape(_ s: String) -> String {
    ASCIIEscaping.escape(s, replacement)
  }

  /// Appends `s` escaped.
  static func append(_ s: String, to out: inout ByteBuffer) {
    ASCIIEscaping.append(s, replacement, to: &out)
  }

  /// What an ASCII byte becomes in XML text, or nil when it stays.
  static func replacement(_ b: UInt8) -> StaticString? {
    switch b {
    case UInt8(ascii: "&"): "&amp;"
    case UInt8(ascii: "<"): "&lt;"
    case UInt8(ascii: ">"): "&gt;"
    case UInt8(ascii: "\""): "&quot;"
    case UInt8(ascii: "'"): "&apos;"
    case UInt8(ascii: "\n"): "&#10;"
    case UInt8(ascii: "\r"): "&#13;"
    case UInt8(ascii: "\t"): "&#9;"
    // XML 1.0 forbids the other control characters even escaped: they are replaced.
    case ..<0x20: "?"
    default: nil
    }
  }
}
