import ArgumentParser
import MCAuditCore

/// `mcaudit packs`: list, show, lint and test rule packs.
struct Packs: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "packs",
    abstract: "List, show, lint and test rule packs.",
    subcommands: [List.self, Show.self, Lint.self, Test.self, Docs.self])

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the loaded packs.")
    @OptionGroup var frameworkOptions: FrameworkOptions

    func run() throws {
      let (frameworks, problems) = frameworkOptions.load()
      Console.report(problems)
      var rows = [["id", "version", "kind", "scope", "selection", "rules", "title"]]
      for p in frameworks.packs {
        let scope = p.jurisdiction?.code ?? p.theme.map { "theme \($0)" } ?? "-"
        rows.append([p.id, p.version, p.kind.rawValue, scope, p.selection.rawValue, String(p.rules.count), p.title])
      }
      print(Table.render(rows), terminator: "")
      if problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show a pack: sources, fields, and rules with severity and citation.")
    @Argument(help: "The pack id.") var id: String
    @OptionGroup var frameworkOptions: FrameworkOptions

    func run() throws {
      let (frameworks, problems) = frameworkOptions.load()
      guard let p = frameworks.pack(id) else {
        Console.report(problems)
        Console.printError("error: unknown pack '\(id)'\(Suggestion.didYouMean(id, in: frameworks.packs.map(\.id)))")
        throw ExitCode(2)
      }
      print("\(p.id) \(p.version): \(p.title)")
      print("  kind: \(p.kind.rawValue), selection: \(p.selection.rawValue)"
            + (p.jurisdiction.map { ", jurisdiction: \($0.code)" } ?? "") + (p.theme.map { ", theme: \($0)" } ?? "")
            + (p.extends.map { ", extends: \($0)" } ?? ""))
      print("  file: \(p.file) (digest \(p.digest)), in force: \(p.effective.description)")
      if let d = p.description { print("  \(d)") }
      print("\nsources:")
      for s in p.sources {
        print("  \(s.key): \(s.title)" + (s.issuer.map { ", \($0)" } ?? "") + (s.date.map { ", \($0)" } ?? "") + " [\(s.binding.rawValue)]")
        if let url = s.url { print("      \(url)") }
      }
      if !p.declaredFields.isEmpty { print("\nfields declared: \(p.declaredFields.joined(separator: ", "))") }
      if !p.templates.isEmpty {
        print("\ntemplates (a rule binds one with 'use: NAME' and 'with: {PARAMETER: value}'):")
        for t in p.templates {
          print("  \(t.name)" + (t.parameters.isEmpty ? "" : ": parameters \(t.parameters.joined(separator: ", "))"))
        }
      }
      print("\nrules:")
      for r in p.rules {
        print("  \(r.id)  \(r.severity)  \(r.title)")
        print("      cites: \(r.citation.text)" + (r.confidence != .high ? " (confidence \(r.confidence.rawValue))" : ""))
        if let when = r.when { print("      when: \(when.text)") }
        if let each = r.each { print("      each: \(each.text)") }
        print("      assert: \(r.assertion.text)")
        if !r.effective.isUnbounded { print("      in force: \(r.effective.description)") }
        if let notes = r.notes { print("      notes: \(notes)") }
      }
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lint", abstract: "Check pack files: syntax, vocabulary, expressions, citations, examples.")
    @Argument(help: "Pack files or directories.") var paths: [String]
    @OptionGroup var frameworkOptions: FrameworkOptions

    func run() throws {
      let (files, walkProblems) = FrameworkOptions.files(paths)
      let (frameworks, problems) = frameworkOptions.load(extra: paths)
      let all = walkProblems + problems
      Console.report(all)
      let errors = all.count { $0.severity == .error }
      let checked = frameworks.packs.filter { files.contains($0.file) }
      print("\(checked.count) pack(s) valid, \(errors) error(s)")
      if errors > 0 { throw ExitCode(2) }
    }
  }

  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run every rule's pass and fail examples.")
    @Argument(help: "Pack files or directories (default: every loaded pack).") var paths: [String] = []
    @OptionGroup var frameworkOptions: FrameworkOptions

    func run() throws {
      let (files, walkProblems) = FrameworkOptions.files(paths)
      let (frameworks, problems) = frameworkOptions.load(extra: paths)
      let loadErrors = (walkProblems + problems).filter { $0.severity == .error }
      Console.report(loadErrors)
      let today = CivilDate.today()
      var passed = 0, failed = 0
      for pack in frameworks.packs where paths.isEmpty || files.contains(pack.file) {
        for rule in pack.rules {
          for outcome in ExampleRunner.run(rule, of: pack, frameworks: frameworks, today: today) {
            if let failure = outcome.failure {
              failed += 1
              Console.report([Diagnostic(.error, at: outcome.example.location, "\(failure) [\(rule.id)]")])
            } else {
              passed += 1
            }
          }
        }
      }
      print("\(passed) passed, \(failed) failed")
      if !loadErrors.isEmpty { throw ExitCode(2) }
      if failed > 0 { throw ExitCode(1) }
    }
  }
}

extension Packs {
  struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "docs",
      abstract: "Write the Markdown reference of every loaded pack (rules, severity, applicability, citations, examples).")
    @Option(help: ArgumentHelp("The folder to write into.", valueName: "dir")) var output = "docs/packs"
    @OptionGroup var frameworkOptions: FrameworkOptions

    func run() throws {
      let (frameworks, problems) = frameworkOptions.load()
      Console.report(problems)
      if problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
      var written = 0
      for file in PackDocumentation.files(for: frameworks) {
        do {
          let out = try ReportOutput(path: output + "/" + file.name)
          out.write(file.text)
          try out.commit()
          written += 1
        } catch {
          Console.printError("error: \(error); create the folder '\(output)' first")
          throw ExitCode(2)
        }
      }
      print("wrote \(written) file(s) to \(output)")
    }
  }
}

/// Left-aligned text columns.
enum Table {
  static func render(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    let widths = first.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { i, cell in
        i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
