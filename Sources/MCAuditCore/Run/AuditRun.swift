import Dispatch
import Synchronization

/// Audits a list of files on several threads and hands the results to a sink in input order.
///
/// Files are processed in batches; only one batch of results is alive at a time, so memory does
/// not grow with the catalogue. Course ids are checked for uniqueness across the whole run.
public struct AuditRun {
  public var auditor: Auditor
  public var jobs: Int

  public init(auditor: Auditor, jobs: Int) {
    self.auditor = auditor
    self.jobs = max(1, jobs)
  }

  /// Runs, calling `sink` with each file's result in order; the sink may change it (waivers), and
  /// is handed it in place rather than a copy.
  public func run(files: [String], sink: (inout FileResult) throws -> Void) rethrows {
    var idOwners: [String: String] = [:]
    let batchSize = jobs * Self.stageSize * 2
    // One batch's results at a time, in one array kept from batch to batch: the results are
    // filled, checked and reported in place (each copy of a result retained its dozen strings).
    var results: [FileResult] = []
    results.reserveCapacity(batchSize)
    var worker = Worker(auditor)  // the one thread's, when the run has one
    var start = 0
    while start < files.count {
      let batch = files[start..<min(start + batchSize, files.count)]
      start += batch.count
      results.removeAll(keepingCapacity: true)
      process(batch, worker: &worker, into: &results)
      for r in results.indices {
        for i in results[r].courses.indices {
          guard let id = results[r].courses[i].id else { continue }
          // One look-up per course: a repeated id puts its first owner back.
          if let owner = idOwners.updateValue(results[r].file, forKey: id) {
            idOwners[id] = owner
            results[r].courses[i].findings.append(duplicateID(id, owner: owner, in: results[r], course: i))
          }
        }
        try sink(&results[r])
      }
    }
  }

  /// Files a thread takes through the stages together (``audit(_:_:worker:into:)``).
  static let stageSize = 16

  /// What a thread keeps from stage to stage: the reader's session, the auditor's workspace and
  /// the buffer files are read into (made for each stage, they were some 15,000 instructions of
  /// set-up and tear-down, their code cold each time).
  struct Worker: ~Copyable {
    var session: CourseReader.Session
    var workspace: Auditor.Workspace
    var bytes: [UInt8] = []

    init(_ auditor: Auditor) {
      session = auditor.reader.session()
      workspace = Auditor.Workspace(asOf: auditor.asOf)
    }
  }

  /// The results of a batch of files, in order, appended to `results`; on one thread with
  /// `worker`, on several each with a worker of its own.
  private func process(_ batch: ArraySlice<String>, worker: inout Worker, into results: inout [FileResult]) {
    let auditor = self.auditor
    let chunks = stride(from: batch.startIndex, to: batch.endIndex, by: Self.stageSize).map {
      batch[$0..<min($0 + Self.stageSize, batch.endIndex)]
    }
    if jobs == 1 || chunks.count == 1 {
      for chunk in chunks { Self.audit(chunk, auditor, worker: &worker, into: &results) }
      return
    }
    let done = Mutex([[FileResult]](repeating: [], count: chunks.count))
    DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
      var r: [FileResult] = []
      var worker = Worker(auditor)
      Self.audit(chunks[i], auditor, worker: &worker, into: &r)
      done.withLock { $0[i] = r }
    }
    done.withLock { for r in $0 { results.append(contentsOf: r) } }
  }

  /// Audits a few files in two stages, appending their results: every file is read (parsed and
  /// checked against the vocabulary), then every course is checked against its packs; the
  /// caller then reports them. Running one stage over several files keeps its code and tables in
  /// the caches: course by course, parsing, rules and report evicted one another (staging saved
  /// about 8 % of the wall time on one core when it came in; since the rare paths went out of
  /// line, stages of 1, 4, 16 and 64 files time alike, and it is kept for the batching it gives).
  static func audit(_ files: ArraySlice<String>, _ auditor: Auditor, worker: inout Worker, into results: inout [FileResult]) {
    let first = results.count
    var courses: [[Course]] = []
    courses.reserveCapacity(files.count)
    for file in files {
      // Each result keeps the bytes it was read from; and a buffer that once held a large file
      // is not kept for the rest of the run.
      if auditor.keepsSource || worker.bytes.capacity > 1 << 20 { worker.bytes = [] }
      switch FileReader.read(file, limit: auditor.limits.maxFileSize, into: &worker.bytes) {
      case nil:
        let (result, fileCourses) = auditor.read(file: file, bytes: worker.bytes, session: &worker.session)
        results.append(result)
        courses.append(fileCourses)
      case let failure?:
        if case .tooLarge = failure, let skipped = auditor.skippedLargeFile(file) {
          results.append(skipped)
        } else {
          var result = FileResult(file: file)
          result.problems.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), failure.message))
          results.append(result)
        }
        courses.append([])
      }
    }
    for k in courses.indices where !courses[k].isEmpty {
      results[first + k].courses = courses[k].map { auditor.audit($0, in: &worker.workspace) }
    }
  }

  private func duplicateID(_ id: String, owner: String, in result: FileResult, course i: Int) -> Finding {
    let vocabulary = auditor.frameworks.vocabulary
    return Finding(rule: "SCHEMA-DUPLICATE-ID", pack: CourseReader.packID, packVersion: vocabulary.version,
                   severity: .error, message: "course id '\(id)' is already used by \(owner)", path: "id",
                   location: result.courses[i].idLocation, citation: auditor.reader.citation,
                   fix: "Give each course of a catalogue its own id")
  }
}
