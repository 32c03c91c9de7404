import ArgumentParser
import MCAuditCore

/// `mcaudit audit`: the compliance report.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit course files and directories (walked for .yaml, .yml and .json).")

  @Argument(help: "Course files or directories (default: the current directory).")
  var paths: [String] = []

  @Option(name: .customLong("files-from"), help: ArgumentHelp(
    "Also audit the paths listed in this file, one a line (or NUL-separated); '-' reads standard input. For long lists: thousands of paths as arguments are slow to parse.",
    valueName: "file"))
  var filesFrom: String?

  @Option(name: .customLong("pack"), help: ArgumentHelp("Audit against this pack only (repeatable); default: automatic selection.", valueName: "id"))
  var packs: [String] = []

  @Option(help: ArgumentHelp(
    "Report format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")). Repeatable; FORMAT=FILE writes that format to FILE (e.g. --format json=out.json --format sarif=out.sarif). Default: text.",
    valueName: "format[=file]"))
  var format: [String] = []

  @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
  var output: String?

  @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding is at or above: error, warning, info, never.", valueName: "severity"))
  var failOn: String = "error"

  @Option(help: ArgumentHelp("Threads to audit with (default: every core).", valueName: "n"))
  var jobs: Int?

  @Option(name: .customLong("as-of"), help: ArgumentHelp("Audit date YYYY-MM-DD: which rules are in force, and 'today' in rules (default: today, UTC).", valueName: "date"))
  var asOf: String?

  @Option(help: ArgumentHelp("Waivers file (mcaudit/waivers@1); default: .mcaudit-waivers.yaml in the first audited folder or beside it, when there is one.", valueName: "file"))
  var waivers: String?

  @Option(help: ArgumentHelp("Report only findings that are not in this baseline (see --write-baseline).", valueName: "file"))
  var baseline: String?

  @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the run's findings as a baseline (rule, course id and field path: no line numbers).", valueName: "file"))
  var writeBaseline: String?

  @Flag(help: "Add to each finding the values its rule read and the part of its assertion that failed.")
  var explain = false

  @OptionGroup var frameworkOptions: FrameworkOptions

  func validate() throws {
    let destinations = try reportDestinations()
    if destinations.filter({ $0.path == nil }).count > 1 {
      throw ValidationError("only one format can go to standard output; give the others a file: --format FORMAT=FILE")
    }
    guard ["error", "warning", "info", "never"].contains(failOn) else {
      throw ValidationError("--fail-on must be error, warning, info or never, found '\(failOn)'")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if let asOf, CivilDate(asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, found '\(asOf)'") }
  }

  func run() throws {
    let (frameworks, loadProblems) = frameworkOptions.load(explanations: explain)
    var problems = loadProblems.filter { $0.severity == .error }
    for id in packs where frameworks.pack(id) == nil {
      let reason = frameworks.brokenPacks.contains(id) ? "has errors" : "is unknown\(Suggestion.didYouMean(id, in: frameworks.packs.map(\.id)))"
      problems.append(Diagnostic(.error, at: SourceLocation(file: "--pack", line: 0, column: 0), "pack '\(id)' \(reason)"))
    }
    let asOf = self.asOf.flatMap(CivilDate.init) ?? CivilDate.today()
    let selection: PackSelection = packs.isEmpty ? .automatic : .explicit(packs.filter { frameworks.pack($0) != nil })
    var auditor = Auditor(frameworks: frameworks, selection: selection, asOf: asOf, limits: frameworkOptions.limits)
    auditor.explain = explain
    let formats = ((try? reportDestinations()) ?? []).map(\.format)
    // Only a JUnit report lists the rules that applied (its test cases), and only a text report
    // quotes source lines.
    auditor.recordsAppliedRules = formats.contains(.junit)
    auditor.keepsSource = formats.contains(.text)
    var paths = self.paths
    if let filesFrom {
      switch PathList.read(filesFrom) {
      case .success(let listed): paths += listed
      case .failure(let failure):
        let name = filesFrom == "-" ? "<standard input>" : filesFrom
        // The list's own limit, not --max-file-size (which is for course files).
        let message = if case .tooLarge = failure { "the list is longer than \(PathList.maxSize) bytes" } else { failure.message }
        problems.append(Diagnostic(.error, at: SourceLocation(file: name, line: 0, column: 0), "--files-from: \(message)"))
      }
    } else if paths.isEmpty {
      paths = ["."]
    }
    let outputs = ((try? reportDestinations()) ?? []).compactMap(\.path) + [writeBaseline].compactMap { $0 }
    let walker = CatalogueWalker(paths: paths, excludingOutputs: outputs)
    problems += walker.problems

    var sinks: [(reporter: any Reporter, output: ReportOutput)] = []
    do {
      for destination in try reportDestinations() {
        let out = try destination.path.map { path throws(ReportError) in try ReportOutput(path: path) } ?? ReportOutput()
        sinks.append((try destination.format.makeReporter(output: out, toolVersion: MCAudit.version, asOf: asOf), out))
      }
    } catch let error as ReportError {
      Console.printError("error: \(error)")
      throw ExitCode(2)
    }
    var filter = FindingFilter(waivers: try loadWaivers(first: paths.first ?? ".", &problems), baseline: try loadBaseline(&problems), asOf: asOf,
                               recordsFingerprints: writeBaseline != nil)
    var summary = RunSummary()
    // The packs that gave a verdict: a handful, found by comparing ids (the same strings, compared
    // by their storage first) where a set hashed every course's every verdict.
    var used: [String] = []
    let jobs = self.jobs ?? Self.coreCount()
    var progress = Progress(total: walker.files.count)
    try AuditRun(auditor: auditor, jobs: jobs).run(files: walker.files) { result in
      progress.advance()
      filter.apply(to: &result)
      summary.add(result)
      for course in result.courses { for v in course.verdicts where !used.contains(v.pack) { used.append(v.pack) } }
      for i in sinks.indices { try sinks[i].reporter.file(result) }
    }
    progress.finish()
    // The context's summary counts the files' problems; the run's own are in `problems` (reporters
    // add those that are errors). The exit code counts both.
    var context = RunContext(summary: summary, packs: frameworks.packs.filter { used.contains($0.id) },
                             problems: problems, toolVersion: MCAudit.version, asOf: asOf)
    context.waivers = filter.waivers
    context.waiverDiagnostics = filter.diagnostics
    if filter.baseline != nil { context.baseline = (filter.suppressedByBaseline, filter.fixedFromBaseline) }
    summary.problems += problems.count + context.waiverDiagnostics.count { $0.severity == .error }
    do {
      for i in sinks.indices {
        try sinks[i].reporter.finish(context)
        try sinks[i].output.commit()
      }
      if let writeBaseline {
        let out = try ReportOutput(path: writeBaseline)
        out.write(Baseline(fingerprints: filter.seen).serialized())
        try out.commit()
      }
    } catch {
      Console.printError("error: \(error)")
      throw ExitCode(2)
    }
    let code: Int32 = summary.problems > 0 ? 2 : summary.hasFindings(atLeast: Severity(rawValue: failOn)) ? 1 : 0
    // The process ends here instead of returning: the run's packs, rules and compiled programs,
    // some hundred thousand small objects, are not freed one by one on the way out (6 million
    // instructions, 4 % of the start-up's cost). The reports are committed, standard error is
    // unbuffered, and `exit` flushes standard output.
    #if canImport(Glibc)
    Glibc.exit(code)
    #else
    throw ExitCode(code)
    #endif
  }

  /// The waivers: `--waivers`, or `.mcaudit-waivers.yaml` in the first audited folder or beside it. A file
  /// that does not load is a problem (exit 2); the audit runs without waivers then.
  func loadWaivers(first: String, _ problems: inout [Diagnostic]) throws -> Waivers? {
    var path = waivers
    if path == nil, isDirectory(first) {
      // In the audited folder, else beside it (in its parent folder).
      let folder = first.hasSuffix("/") && first.count > 1 ? String(first.dropLast()) : first
      let parent = folder.contains("/") ? String(folder[..<folder.lastIndex(of: "/")!]) : "."
      let candidates = [folder + "/.mcaudit-waivers.yaml"] + (folder == "." ? [] : [(parent.isEmpty ? "" : parent + "/") + ".mcaudit-waivers.yaml"])
      path = candidates.first { access($0, F_OK) == 0 }
    }
    guard let path else { return nil }
    switch FileReader.read(path, limit: frameworkOptions.limits.maxFileSize) {
    case .failure(let f):
      problems.append(Diagnostic(.error, at: SourceLocation(file: path, line: 0, column: 0), f.message))
      return nil
    case .success(let bytes):
      switch Waivers.load(SourceText(path: path, bytes: bytes), limits: frameworkOptions.limits) {
      case .success(let w): return w
      case .failure(let e):
        problems += e.diagnostics
        return nil
      }
    }
  }

  func loadBaseline(_ problems: inout [Diagnostic]) throws -> Baseline? {
    guard let baseline else { return nil }
    switch FileReader.read(baseline, limit: 1 << 30) {
    case .failure(let f):
      problems.append(Diagnostic(.error, at: SourceLocation(file: baseline, line: 0, column: 0), f.message))
      return nil
    case .success(let bytes):
      switch Baseline.load(SourceText(path: baseline, bytes: bytes)) {
      case .success(let b): return b
      case .failure(let e):
        problems += e.diagnostics
        return nil
      }
    }
  }

  func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Each `--format`, with the file it goes to (nil: standard output, or `--output`).
  func reportDestinations() throws -> [(format: ReportFormat, path: String?)] {
    try (format.isEmpty ? ["text"] : format).map { spec in
      let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard let f = ReportFormat(rawValue: parts[0]) else {
        throw ValidationError("unknown format '\(parts[0])'\(Suggestion.didYouMean(parts[0], in: ReportFormat.allCases.map(\.rawValue))); expected one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      if parts.count == 2 {
        guard !parts[1].isEmpty else { throw ValidationError("--format \(parts[0])= needs a file name") }
        return (f, parts[1])
      }
      return (f, output)
    }
  }

  /// A progress bar on standard error, only when it is a terminal, the run has more than a few
  /// hundred files and no CI system is running it: never in CI logs or pipes.
  struct Progress {
    let total: Int
    let enabled: Bool
    var done = 0
    var shown = -1

    init(total: Int) {
      self.total = total
      enabled = total > 200 && isatty(2) == 1 && getenv("CI") == nil
    }

    mutating func advance() {
      done += 1
      guard enabled else { return }
      let percent = done * 100 / max(total, 1)
      guard percent != shown else { return }
      shown = percent
      let width = 30
      let filled = done * width / max(total, 1)
      Console.write("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(total) files")
    }

    func finish() {
      if enabled { Console.write("\r" + String(repeating: " ", count: 60) + "\r") }
    }
  }

  static func coreCount() -> Int {
    #if canImport(Glibc)
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    return 1
    #endif
  }
}

#if canImport(Glibc)
import Glibc
#endif
