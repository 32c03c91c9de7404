/// Everything the audit found about one course.
public struct CourseResult: Sendable {
  public var file: String
  public var id: String?
  public var title: String?
  /// Where the course's `id` is, for catalogue-level findings.
  public var idLocation: SourceLocation
  /// One verdict per selected pack, in pack order.
  public var verdicts: [(pack: String, verdict: Verdict)]
  /// For each verdict, the rules that applied to the course (in force, `when` held): the test
  /// cases of a JUnit report.
  public var appliedRules: [AppliedRules] = []
  /// Sorted by position, then rule id.
  public var findings: [Finding]
  /// Jurisdictions or themes the course calls for that no loaded pack covers (`de`, `procurement`).
  public var unavailable: [String]

  public func count(_ severity: Severity) -> Int { findings.count { $0.severity == severity } }

  /// The ids of the rules of one pack that applied to a course, in the pack's order. It keeps
  /// their positions and shares the pack's list of ids: a list of the ids themselves retained
  /// every id of every applied rule for every course.
  public struct AppliedRules: Sendable, RandomAccessCollection {
    let ids: [String]
    let positions: [Int32]

    /// - Parameters:
    ///   - ids: the ids of all the pack's rules.
    ///   - positions: the positions in `ids` of those that applied.
    public init(ids: [String], positions: [Int32]) {
      self.ids = ids
      self.positions = positions
    }

    public static let none = AppliedRules(ids: [], positions: [])
    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(i: Int) -> String { ids[Int(positions[i])] }
  }
}

/// The result of one input file: its courses, or why it was skipped or could not be read.
public struct FileResult: Sendable {
  public var file: String
  public var courses: [CourseResult] = []
  public var problems: [Diagnostic] = []
  /// Why the file is not a course definition (no `format: mcaudit/course@1`).
  public var skipped: String?
  /// The file's text, kept for snippets in text reports (unless ``Auditor/keepsSource`` is off).
  public var source: SourceText?
  /// XXH64 digest of the file's bytes (``Digest``), so a report names exactly what it audited.
  public var digest: String?

  public init(file: String) { self.file = file }
}
