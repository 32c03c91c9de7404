/// Escaping for XML attribute values and text.
enum XMLText {
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n": out += "&#10;"
      case "\t": out += "&#9;"
      default:
        // XML 1.0 forbids most control characters even escaped: they are replaced.
        if u.value < 0x20 { out += "?" } else { out.unicodeScalars.append(u) }
      }
    }
    return out
  }
}
