import ArgumentParser
import MCAuditCore

/// `mcaudit explain RULE-ID`: one rule, its citation, what it reads and its examples.
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a rule: its citation, applicability, assertion, the fields it reads and its examples.")

  @Argument(help: "The rule id, e.g. ES-MC-ECTS-MAX.") var rule: String
  @OptionGroup var frameworkOptions: FrameworkOptions

  func run() throws {
    let (frameworks, problems) = frameworkOptions.load()
    Console.report(problems.filter { $0.severity == .error })
    let all = frameworks.packs.flatMap { p in p.rules.map { (p, $0) } }
    guard let (pack, r) = all.first(where: { $0.1.id == rule.uppercased() }) else {
      Console.printError("error: unknown rule '\(rule)'\(Suggestion.didYouMean(rule.uppercased(), in: all.map(\.1.id)))")
      throw ExitCode(2)
    }
    print("\(r.id): \(r.title)")
    print("  pack: \(pack.id) \(pack.version) (\(pack.title))")
    print("  severity: \(r.severity)" + (r.confidence != .high ? ", confidence \(r.confidence.rawValue)" : ""))
    print("  cites: \(r.citation.text) [\(r.binding.rawValue)]" + (r.citation.url.map { "\n         \($0)" } ?? ""))
    if !r.effective.isUnbounded { print("  in force: \(r.effective.description)") }
    if let each = r.each { print("  for each: \(each.text)") }
    if let when = r.when { print("  applies when: \(oneLine(when.text))") }
    print("  asserts: \(oneLine(r.assertion.text)) (\(r.onMissingText))")
    if !r.reads.isEmpty { print("  reads: \(r.reads.map(\.path).joined(separator: ", "))") }
    print("  message: \(oneLine(r.message.text))")
    if let fix = r.fix { print("  fix: \(oneLine(fix.text))") }
    if let t = r.template { print("  template: \(t)") }
    if let notes = r.notes { print("  notes: \(oneLine(notes))") }
    print("  defined at: \(r.location)")
    print("  examples:")
    for e in r.examples {
      print("    \(e.expectation == .pass ? "passes" : "fails "): \(PackDocumentation.flow(e.course))" + (e.path.map { " at \($0)" } ?? ""))
    }
  }

  func oneLine(_ s: String) -> String {
    s.split(whereSeparator: { $0 == "\n" }).map { String($0) }.joined(separator: " ")
  }
}
