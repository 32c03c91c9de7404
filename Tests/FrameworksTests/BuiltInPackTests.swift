import Foundation
import MCAuditCore
import MCAuditFrameworks
import Testing

/// Every built-in pack loads cleanly, every rule cites its source and has examples that pass and
/// fail, and every example behaves: adding a rule needs no new Swift test.
@Suite struct BuiltInPackTests {
  static let frameworks = Frameworks.load(
    vocabulary: SourceText(path: BuiltInFrameworks.vocabulary!.path, text: BuiltInFrameworks.vocabulary!.text),
    packs: BuiltInFrameworks.packs.map { SourceText(path: $0.path, text: $0.text) })

  struct RuleCase: Sendable, CustomTestStringConvertible {
    let pack: String
    let rule: String
    var testDescription: String { rule }
  }

  static let rules: [RuleCase] = frameworks.packs.flatMap { p in p.rules.map { RuleCase(pack: p.id, rule: $0.id) } }

  @Test func everyBuiltInPackLoadsWithoutProblems() {
    #expect(Self.frameworks.problems.map(\.description) == [])
    #expect(Self.frameworks.brokenPacks.isEmpty)
    #expect(Self.frameworks.pack("eu") != nil)
  }

  @Test(arguments: rules)
  func ruleIsCitedAndItsExamplesBehave(_ c: RuleCase) throws {
    let pack = try #require(Self.frameworks.pack(c.pack))
    let rule = try #require(pack.rules.first { $0.id == c.rule })
    #expect(!rule.citation.source.isEmpty && !rule.citation.section.isEmpty, "\(c.rule) has no citation")
    #expect(rule.examples.contains { $0.expectation == .pass }, "\(c.rule) has no passing example")
    #expect(rule.examples.contains { $0.expectation == .fail }, "\(c.rule) has no failing example")
    if rule.confidence != .high { #expect(rule.severity < .error, "\(c.rule): medium/low confidence must stay warning/info") }
    for outcome in ExampleRunner.run(rule, of: pack, frameworks: Self.frameworks, today: CivilDate("2026-01-01")!) {
      #expect(outcome.failure == nil, "\(outcome.example.location): \(outcome.failure ?? "")")
    }
  }

  @Test func everyPackCitesSourcesItDeclares() {
    for pack in Self.frameworks.packs {
      #expect(!pack.sources.isEmpty, "\(pack.id) has no source registry")
      for rule in pack.rules {
        #expect(pack.sources.contains { $0.title == rule.citation.source }, "\(rule.id)")
      }
    }
  }
}

/// The committed pack reference in `docs/packs/` matches what `mcaudit packs docs` generates.
@Suite struct PackDocumentationTests {
  static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/packs")

  @Test func committedPackReferenceIsCurrent() throws {
    let generated = PackDocumentation.files(for: BuiltInPackTests.frameworks)
    let committed = Set((try? FileManager.default.contentsOfDirectory(atPath: Self.docs.path)) ?? [])
    #expect(committed == Set(generated.map(\.name)), "docs/packs is stale: run `swift run mcaudit packs docs`")
    for file in generated {
      let text = try? String(contentsOf: Self.docs.appendingPathComponent(file.name), encoding: .utf8)
      #expect(text == file.text, "docs/packs/\(file.name) is stale: run `swift run mcaudit packs docs`")
    }
  }
}
