/// Audits course files: reads them, checks them against the vocabulary, selects packs, evaluates
/// rules and gives verdicts. A value: one auditor serves every thread of a run.
public struct Auditor: Sendable {
  /// The packs, and how they are selected: fixed at `init`, which indexes them.
  public let frameworks: Frameworks
  public let selection: PackSelection
  /// The audit date: decides which rules are in force, and is `today` in expressions.
  public var asOf: CivilDate
  public var limits: YAMLLimits
  /// Attach to each finding the values its rule read and the part that failed (`--explain`).
  public var explain = false
  /// Record in each result the rules that applied to the course (``CourseResult/appliedRules``,
  /// the test cases of a JUnit report); off, a result has none, and an audit spares a list per
  /// pack and course.
  public var recordsAppliedRules = true
  /// Keep each file's bytes in its result (``FileResult/source``), for reports that quote source
  /// lines (text); off, a result has none, and an audit reads every file into one buffer.
  public var keepsSource = true
  let reader: CourseReader
  let index: PackIndex
  let shared: SharedChecks
  /// Every rule as the loop checks it.
  let checks: RuleChecks
  /// The rule ids of each pack, which every course's ``CourseResult/AppliedRules`` shares.
  let ruleIDs: [[String]]
  /// The origin of each rule, which its findings share, in the order of ``checks``.
  let origins: [Finding.Origin]
  /// Where each rule's findings are, in the order of ``checks``.
  let locators: [RuleLocator]

  public init(frameworks: Frameworks, selection: PackSelection = .automatic, asOf: CivilDate,
              limits: YAMLLimits = YAMLLimits()) {
    self.frameworks = frameworks
    self.selection = selection
    self.asOf = asOf
    self.limits = limits
    self.reader = frameworks.reader
    self.index = PackIndex(frameworks, selection: selection)
    self.shared = SharedChecks(frameworks.packs)
    self.checks = RuleChecks(frameworks.packs, shared: shared)
    self.locators = frameworks.packs.flatMap { $0.rules.map { RuleLocator($0, vocabulary: frameworks.vocabulary) } }
    self.ruleIDs = frameworks.packs.map { $0.rules.map(\.id) }
    self.origins = frameworks.packs.flatMap { pack in
      pack.rules.map {
        Finding.Origin(rule: $0.id, pack: pack.id, packVersion: pack.version, citation: $0.citation,
                       message: $0.message.plainText, fix: $0.fix?.plainText)
      }
    }
  }

  /// Audits the bytes of one file. Never throws: every failure is a located problem.
  public func audit(file: String, bytes: [UInt8]) -> FileResult {
    var (result, courses) = read(file: file, bytes: bytes)
    for course in courses { result.courses.append(audit(course)) }
    return result
  }

  /// The first half of ``audit(file:bytes:)``: reads the courses of a file, checked against the
  /// vocabulary; the file's problems and skip reason are in the result, its courses not yet.
  public func read(file: String, bytes: [UInt8]) -> (result: FileResult, courses: [Course]) {
    var session = reader.session()
    return read(file: file, bytes: bytes, session: &session)
  }

  /// As ``read(file:bytes:)``, with a reader kept from file to file (one per thread).
  func read(file: String, bytes: [UInt8], session: inout CourseReader.Session) -> (result: FileResult, courses: [Course]) {
    var courses: [Course] = []
    var result = FileResult(file: file)
    if keepsSource { result.source = SourceText(path: file, bytes: bytes) }
    result.digest = Digest.xxh64(bytes)
    var documents: [CourseReader.Document]
    do {
      documents = try session.read(bytes, file: file, limits: limits)
    } catch {
      result.problems.append(Diagnostic(error, file: file))
      return (result, courses)
    }
    // The documents are taken out of the list in order (reversed, then popped): iterating the
    // list copied each document, retaining every reference of it.
    let count = documents.count
    documents.reverse()
    var i = 0
    while let document = documents.popLast() {
      defer { i += 1 }
      let format = document.format?.text
      guard format == Course.format else {
        if i == 0, count == 1 || format == nil {
          if let format, format.hasPrefix("mcaudit/course@") {
            result.problems.append(Diagnostic(.error, at: SourceLocation(file: file, document.format!.mark),
                                              "unsupported course format '\(format)'; this mcaudit reads '\(Course.format)'"))
          } else {
            result.skipped = Self.skipReason(format: format)
          }
          return (result, courses)
        }
        result.problems.append(Diagnostic(.error, at: SourceLocation(file: file, document.mark),
                                          "document \(i + 1) of a multi-document file is not a course ('format: \(Course.format)' missing)"))
        continue
      }
      courses.append(document.course)
    }
    return (result, courses)
  }

  /// Why a file that is not a course is skipped.
  static func skipReason(format: String?) -> String {
    format.map { "format '\($0)' is not \(Course.format)" } ?? "no 'format: \(Course.format)'"
  }

  /// A file larger than the size limit that its first bytes show to be another mcaudit file (an
  /// older report in the audited folder): skipped, as it would be were it smaller, instead of an
  /// input problem. Nil for anything else, which stays a problem.
  public func skippedLargeFile(_ file: String) -> FileResult? {
    guard let prefix = FileReader.readPrefix(file, count: 4096),
          let format = reader.otherFormat(prefix, limits: limits) else { return nil }
    var result = FileResult(file: file)
    result.skipped = Self.skipReason(format: format)
    return result
  }

  /// Findings in report order: by position, then rule, then path. Compared field by field: a
  /// tuple of the four would copy (and retain) both strings of both findings at each comparison.
  @inline(__always)
  static func reportOrder(_ a: borrowing Finding, _ b: borrowing Finding) -> Bool {
    if a.location.line != b.location.line { return a.location.line < b.location.line }
    if a.location.column != b.location.column { return a.location.column < b.location.column }
    if a.rule != b.rule { return a.rule < b.rule }
    return a.path < b.path
  }

  /// The worst severity of `findings[start...]` and `atLeast`, read in place (reading a finding
  /// out of the array copied it).
  static func worst(of findings: [Finding], from start: Int, atLeast: Severity? = nil) -> Severity? {
    findings.withUnsafeBufferPointer { all -> Severity? in
      var worst = atLeast
      for i in start..<all.count {
        let severity = (all.baseAddress! + i).pointee.severity
        if let w = worst, w >= severity { continue }
        worst = severity
      }
      return worst
    }
  }

  /// What auditing a course computes into, kept from course to course: an evaluator and the
  /// lists of a course's failures and shared outcomes, made once per thread and stage instead of
  /// once per course.
  struct Workspace {
    var evaluator: Evaluator
    var failures: [RuleEvaluator.Failure] = []
    var outcomes: [RuleEvaluator.Outcome] = []
    /// The outcome of each group of ``SharedChecks`` in ``outcomes``, -1 before it is checked.
    var outcomeOfGroup: [Int32] = []
    /// The positions of the packs the course is audited against.
    var selected: [Int] = []

    init(asOf: CivilDate) {
      evaluator = Evaluator(today: asOf)
    }
  }

  /// Audits one course that was already read.
  public func audit(_ course: Course) -> CourseResult {
    var workspace = Workspace(asOf: asOf)
    return audit(course, in: &workspace)
  }

  /// Audits one course in a workspace of earlier audits.
  func audit(_ course: Course, in workspace: inout Workspace) -> CourseResult {
    var findings = course.schemaFindings
    findings.reserveCapacity(findings.count + 16)
    // Schema findings count towards every pack's verdict (``Verdict/counts(_:for:)``).
    let schemaWorst = Self.worst(of: findings, from: 0)
    let unavailable = index.packs(for: course.root, into: &workspace.selected)
    let selected = workspace.selected
    var verdicts: [(pack: String, verdict: Verdict)] = []  // labelled as in CourseResult: no array cast
    var applied: [CourseResult.AppliedRules] = []
    verdicts.reserveCapacity(selected.count)
    if recordsAppliedRules { applied.reserveCapacity(selected.count) }
    workspace.evaluator.reset(for: course)
    workspace.failures.removeAll(keepingCapacity: true)
    workspace.outcomes.removeAll(keepingCapacity: true)
    workspace.outcomeOfGroup.removeAll(keepingCapacity: true)
    workspace.outcomeOfGroup.append(contentsOf: repeatElement(-1, count: shared.count))
    for p in selected {
      // The pack's parts read one by one: binding the pack to a constant copied it (and retained
      // each of its dozen arrays and strings) for every course.
      let (id, rules) = (frameworks.packs[p].id, frameworks.packs[p].rules)
      guard frameworks.packs[p].effective.contains(asOf),
            frameworks.packs[p].appliesWhen.map({ workspace.evaluator.evaluate($0) == .bool(true) }) ?? true
      else {
        verdicts.append((id, .not_applicable))
        if recordsAppliedRules { applied.append(.none) }
        continue
      }
      let before = findings.count
      var positions: [Int32] = []
      if recordsAppliedRules { positions.reserveCapacity(rules.count) }
      let first = checks.starts[p]
      for r in 0..<(checks.starts[p + 1] - first) {
        let check = checks.checks[first + r]
        guard check.effective.contains(asOf) else { continue }
        let outcome: RuleEvaluator.Outcome
        if check.group >= 0 {
          let group = Int(check.group)
          if workspace.outcomeOfGroup[group] >= 0 {
            outcome = workspace.outcomes[Int(workspace.outcomeOfGroup[group])]
          } else {
            outcome = RuleEvaluator.check(check, evaluator: &workspace.evaluator, failures: &workspace.failures)
            workspace.outcomeOfGroup[group] = Int32(workspace.outcomes.count)
            workspace.outcomes.append(outcome)
          }
        } else {
          outcome = RuleEvaluator.check(check, evaluator: &workspace.evaluator, failures: &workspace.failures)
        }
        if !outcome.failures.isEmpty {
          RuleEvaluator.report(workspace.failures[outcome.failures], of: rules[r], origin: origins[first + r], locator: locators[first + r],
                               course: course, evaluator: &workspace.evaluator, explain: explain, into: &findings)
        }
        if recordsAppliedRules, outcome.applied { positions.append(Int32(r)) }
      }
      verdicts.append((id, Verdict(worst: Self.worst(of: findings, from: before, atLeast: schemaWorst))))
      if recordsAppliedRules { applied.append(CourseResult.AppliedRules(ids: ruleIDs[p], positions: positions)) }
    }
    findings.sort { Self.reportOrder($0, $1) }
    return CourseResult(file: course.file, id: course.id, title: course.title,
                        idLocation: SourceLocation(file: course.file, course.idMark), verdicts: verdicts,
                        appliedRules: applied, findings: findings, unavailable: unavailable)
  }
}
