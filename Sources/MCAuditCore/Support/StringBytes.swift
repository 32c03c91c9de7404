extension String {
  /// The string's UTF-8 bytes, lent without the mutable copy (and its reference count) that
  /// `withUTF8` needs: a native string lends its storage; any other is copied once.
  func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try utf8.withContiguousStorageIfAvailable(body) { return r }
    var s = self
    return try s.withUTF8(body)
  }
}
