/// A scalar value as the parser read it: a view of its UTF-8 bytes, its style and whether a tag
/// forced the string type. The bytes belong to the parser and are valid only during
/// ``YAMLEventHandler/scalar(_:at:)``; ``scalar`` makes the lasting ``YAMLScalar``. A reader that
/// knows a field's type (``CourseReader``) decides nulls, booleans and enumeration values on the
/// bytes, and makes a `String` only for the text it keeps.
struct YAMLScalarView {
  let bytes: UnsafeBufferPointer<UInt8>
  let style: YAMLScalar.Style
  let isExplicitString: Bool

  var text: String { String(decoding: bytes, as: UTF8.self) }

  var scalar: YAMLScalar { YAMLScalar(text: text, style: style, isExplicitString: isExplicitString) }

  /// Plain and untagged: only such a scalar can be null, a boolean or a number.
  var isPlain: Bool { style == .plain && !isExplicitString }

  /// As ``YAMLScalar/isNull``.
  var isNull: Bool { isPlain && YAMLScalar.Resolved.isNullText(bytes) }

  /// As ``YAMLScalar/isBool``.
  var isBool: Bool { isPlain && YAMLScalar.Resolved.isBoolText(bytes) }

  /// As ``YAMLScalar/resolved``.
  var resolved: YAMLScalar.Resolved { isPlain ? YAMLScalar.Resolved.coreSchema(text) : .string(text) }

  /// The value of a plain decimal integer of at most 15 digits (`3`, `-12`, `+75`), read from the
  /// bytes: what ``resolved`` gives as `.int` for it, without making a string. Nil for anything
  /// else, which ``resolved`` decides.
  var plainInteger: Int? {
    guard isPlain, let first = bytes.first else { return nil }
    let signed = first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
    let digits = bytes.count - (signed ? 1 : 0)
    guard digits > 0, digits <= 15 else { return nil }
    var n = 0
    for b in bytes[(signed ? 1 : 0)...] {
      guard b &- 0x30 < 10 else { return nil }
      n = n * 10 + Int(b &- 0x30)
    }
    return first == UInt8(ascii: "-") ? -n : n
  }
}
