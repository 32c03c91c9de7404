/// A located message about an input: a problem with a course file, or a mistake in a pack.
///
/// Every failure of the tool's inputs ends up as one of these and is rendered in one place,
/// ``DiagnosticRenderer``.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public var severity: Severity
  public var location: SourceLocation
  public var message: String
  /// Further lines: libyaml's context, the first occurrence of a duplicate, a hint.
  public var notes: [String]

  public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String, notes: [String] = []) {
    self.severity = severity
    self.location = location
    self.message = message
    self.notes = notes
  }

  /// A YAML error as a diagnostic of `file`.
  public init(_ error: YAMLError, file: String) {
    var notes: [String] = []
    if let context = error.context {
      notes.append("\(context.text) at \(context.mark.line):\(context.mark.column)")
    }
    self.init(.error, at: SourceLocation(file: file, error.mark), error.message, notes: notes)
  }

  /// `file:line:col: error: message` without snippet.
  public var description: String {
    "\(location): \(severity): \(message)"
  }
}
