/// Character classes of Unicode scalars, answered without Unicode's property tables for the
/// scalars that make up almost all input (ASCII and the Latin letters of European languages);
/// a property lookup costs hundreds of instructions, and the expression lexer and the text
/// builtins ask once per character.
enum ScalarClass {
  /// Unicode's White_Space.
  static func isWhitespace(_ u: Unicode.Scalar) -> Bool {
    if u.value < 0x80 { return u.value == 0x20 || (0x09...0x0D).contains(u.value) }
    return u.properties.isWhitespace
  }

  /// Unicode's Alphabetic; U+00C0–U+024F (Latin-1 and Latin Extended) are letters but × and ÷.
  static func isAlphabetic(_ u: Unicode.Scalar) -> Bool {
    if u.value < 0x80 { return (0x41...0x5A).contains(u.value) || (0x61...0x7A).contains(u.value) }
    if (0xC0...0x24F).contains(u.value) { return u.value != 0xD7 && u.value != 0xF7 }
    return u.properties.isAlphabetic
  }
}
