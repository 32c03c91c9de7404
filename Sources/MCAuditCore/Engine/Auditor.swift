/// Audits course files: reads them, checks them against the vocabulary, selects packs, evaluates
/// rules and gives verdicts. A value: one auditor serves every thread of a run.
public struct Auditor: Sendable {
  public var frameworks: Frameworks
  public var selection: PackSelection
  /// The audit date: decides which rules are in force, and is `today` in expressions.
  public var asOf: CivilDate
  public var limits: YAMLLimits
  /// Attach to each finding the values its rule read and the part that failed (`--explain`).
  public var explain = false
  let reader: CourseReader
  let index: PackIndex

  public init(frameworks: Frameworks, selection: PackSelection = .automatic, asOf: CivilDate,
              limits: YAMLLimits = YAMLLimits()) {
    self.frameworks = frameworks
    self.selection = selection
    self.asOf = asOf
    self.limits = limits
    self.reader = frameworks.reader
    self.index = PackIndex(frameworks, selection: selection)
  }

  /// Audits the bytes of one file. Never throws: every failure is a located problem.
  public func audit(file: String, bytes: [UInt8]) -> FileResult {
    var result = FileResult(file: file)
    let source = SourceText(path: file, bytes: bytes)
    result.source = source
    result.digest = Digest.fnv1a(bytes)
    let documents: [CourseReader.Document]
    do {
      documents = try reader.read(bytes, file: file, limits: limits)
    } catch {
      result.problems.append(Diagnostic(error, file: file))
      return result
    }
    for (i, document) in documents.enumerated() {
      let format = document.format?.text
      guard format == Course.format else {
        if i == 0, documents.count == 1 || format == nil {
          if let format, format.hasPrefix("mcaudit/course@") {
            result.problems.append(Diagnostic(.error, at: SourceLocation(file: file, document.format!.mark),
                                              "unsupported course format '\(format)'; this mcaudit reads '\(Course.format)'"))
          } else {
            result.skipped = format.map { "format '\($0)' is not \(Course.format)" } ?? "no 'format: \(Course.format)'"
          }
          return result
        }
        result.problems.append(Diagnostic(.error, at: SourceLocation(file: file, document.mark),
                                          "document \(i + 1) of a multi-document file is not a course ('format: \(Course.format)' missing)"))
        continue
      }
      result.courses.append(audit(document.course))
    }
    return result
  }

  /// Audits one course that was already read.
  public func audit(_ course: Course) -> CourseResult {
    var findings = course.schemaFindings
    let (selected, unavailable) = index.packs(for: course.data, vocabulary: frameworks.vocabulary)
    var verdicts: [(String, Verdict)] = []
    var applied: [[String]] = []
    var evaluator = Evaluator(root: course.data, today: asOf)
    for p in selected {
      let pack = frameworks.packs[p]
      guard pack.effective.contains(asOf),
            pack.appliesWhen.map({ evaluator.evaluate($0) == .bool(true) }) ?? true
      else {
        verdicts.append((pack.id, .not_applicable))
        applied.append([])
        continue
      }
      let before = findings.count
      var rules: [String] = []
      for rule in pack.rules where rule.effective.contains(asOf) {
        if RuleEvaluator.evaluate(rule, pack: pack, course: course, evaluator: &evaluator, explain: explain, into: &findings) {
          rules.append(rule.id)
        }
      }
      verdicts.append((pack.id, Verdict(worst: findings[before...].map(\.severity).max())))
      applied.append(rules)
    }
    findings.sort { ($0.location.line, $0.location.column, $0.rule, $0.path) < ($1.location.line, $1.location.column, $1.rule, $1.path) }
    var result = CourseResult(file: course.file, id: course.id, title: course.title,
                              idLocation: course.location(of: FieldPath([.key("id")])), verdicts: verdicts,
                              findings: findings, unavailable: unavailable)
    result.appliedRules = applied
    return result
  }
}
