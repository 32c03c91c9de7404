/// Collects located diagnostics while a file is loaded, so that loading goes on after a mistake
/// and every mistake is reported once. Local to one load; never shared.
final class DiagnosticSink {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String) { self.file = file }

  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  func error(at mark: YAMLMark, _ message: String, notes: [String] = [], file: String? = nil) {
    diagnostics.append(Diagnostic(.error, at: SourceLocation(file: file ?? self.file, mark), message, notes: notes))
  }

  func warning(at mark: YAMLMark, _ message: String) {
    diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: file, mark), message))
  }

  func append(_ d: Diagnostic) { diagnostics.append(d) }
}
