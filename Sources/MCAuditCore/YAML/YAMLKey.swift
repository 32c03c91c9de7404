/// A mapping key as the parser read it: a view of its UTF-8 bytes and their hash
/// (``KeyTable/hash(_:)-(UnsafeBufferPointer<UInt8>)``), so that a reader can look a known key up
/// without building a `String`. The bytes belong to the parser and are valid only during
/// ``YAMLEventHandler/key(_:at:)``: a handler that keeps the key keeps ``text``.
struct YAMLKey {
  let bytes: UnsafeBufferPointer<UInt8>
  let hash: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.hash = KeyTable.hash(bytes)
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }
}
