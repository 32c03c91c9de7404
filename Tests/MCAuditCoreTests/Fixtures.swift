@testable import MCAuditCore
import MCAuditFrameworks

/// Loads frameworks for tests: the built-in vocabulary with the given pack texts.
enum Fixtures {
  static var vocabulary: SourceText {
    let v = BuiltInFrameworks.vocabulary!
    return SourceText(path: v.path, text: v.text)
  }

  static var builtIn: Frameworks {
    Frameworks.load(vocabulary: vocabulary, packs: BuiltInFrameworks.packs.map { SourceText(path: $0.path, text: $0.text) })
  }

  static func frameworks(_ packs: [String: String]) -> Frameworks {
    Frameworks.load(vocabulary: vocabulary, packs: packs.sorted { $0.key < $1.key }.map { SourceText(path: $0.key, text: $0.value) })
  }

  /// A minimal valid pack around some rules.
  static func pack(id: String = "tp", extra: String = "", rules: String) -> String {
    """
    format: mcaudit/pack@1
    id: \(id)
    title: Test pack
    version: "1"
    kind: institution
    sources:
      law: {title: A law, binding: law, url: "https://example.org/law"}
      guide: {title: A guide, binding: guideline}
    \(extra)
    rules:
    \(rules)
    """
  }

  static let date = CivilDate("2026-01-01")!

  static func audit(_ text: String, frameworks: Frameworks, selection: PackSelection = .automatic) -> FileResult {
    Auditor(frameworks: frameworks, selection: selection, asOf: date).audit(file: "c.yaml", bytes: Array(text.utf8))
  }
}
