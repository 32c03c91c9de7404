/// Collects located diagnostics while a file is loaded, so that loading goes on after a mistake
/// and every mistake is reported once. Local to one load; never shared.
final class DiagnosticSink {
  let file: String
  /// In the order they were found: phase by phase (fields, then rules, then examples).
  private var found: [Diagnostic] = []

  /// The diagnostics in the order of the file, as a compiler lists them: by file, line and
  /// column, and in the order they were found at one position.
  var diagnostics: [Diagnostic] {
    found.enumerated().sorted { a, b in
      let (x, y) = (a.element.location, b.element.location)
      if x.file != y.file { return x.file < y.file }
      if x.line != y.line { return x.line < y.line }
      if x.column != y.column { return x.column < y.column }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// Keys that an unknown key was taken for ("did you mean 'assert'?"), by the line and column of
  /// their mapping: that the key is then missing is the same mistake, not another one.
  private var suggestedKeys: Set<String> = []

  init(file: String) { self.file = file }

  func suggested(_ key: String, inMappingAt mark: YAMLMark) {
    suggestedKeys.insert("\(mark.line):\(mark.column):\(key)")
  }

  func wasSuggested(_ key: String, inMappingAt mark: YAMLMark) -> Bool {
    suggestedKeys.contains("\(mark.line):\(mark.column):\(key)")
  }

  var hasErrors: Bool { found.contains { $0.severity == .error } }

  func error(at mark: YAMLMark, _ message: String, notes: [String] = [], file: String? = nil) {
    found.append(Diagnostic(.error, at: SourceLocation(file: file ?? self.file, mark), message, notes: notes))
  }

  func warning(at mark: YAMLMark, _ message: String) {
    found.append(Diagnostic(.warning, at: SourceLocation(file: file, mark), message))
  }

  func append(_ d: Diagnostic) { found.append(d) }
}
