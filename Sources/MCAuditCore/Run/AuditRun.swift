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

  /// Runs, calling `sink` with each file's result in order.
  public func run(files: [String], sink: (FileResult) throws -> Void) rethrows {
    var idOwners: [String: String] = [:]
    let batchSize = jobs == 1 ? 1 : jobs * 8
    var start = 0
    while start < files.count {
      let batch = Array(files[start..<min(start + batchSize, files.count)])
      start += batch.count
      for var result in process(batch) {
        for i in result.courses.indices {
          guard let id = result.courses[i].id else { continue }
          if let owner = idOwners[id] {
            result.courses[i].findings.append(duplicateID(id, owner: owner, in: result, course: i))
          } else {
            idOwners[id] = result.file
          }
        }
        try sink(result)
      }
    }
  }

  private func process(_ batch: [String]) -> [FileResult] {
    let auditor = self.auditor
    if jobs == 1 || batch.count == 1 { return batch.map { Self.audit($0, auditor) } }
    let results = Mutex([FileResult?](repeating: nil, count: batch.count))
    DispatchQueue.concurrentPerform(iterations: batch.count) { i in
      let r = Self.audit(batch[i], auditor)
      results.withLock { $0[i] = r }
    }
    return results.withLock { $0.map { $0! } }
  }

  static func audit(_ file: String, _ auditor: Auditor) -> FileResult {
    switch FileReader.read(file, limit: auditor.limits.maxFileSize) {
    case .success(let bytes):
      return auditor.audit(file: file, bytes: bytes)
    case .failure(let failure):
      var result = FileResult(file: file)
      result.problems.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), failure.message))
      return result
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
