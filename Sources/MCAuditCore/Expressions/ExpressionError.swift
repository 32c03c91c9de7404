/// A mistake in an expression, at an offset (in Unicode scalars) into its text.
struct ExpressionError: Error, Sendable {
  var message: String
  var offset: Int

  init(_ message: String, at offset: Int) {
    self.message = message
    self.offset = offset
  }
}
