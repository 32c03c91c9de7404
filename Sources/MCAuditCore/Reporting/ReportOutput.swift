internal import CSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report goes: standard output, or a file written atomically (a temporary file beside
/// it, renamed over it only when the report is complete), so a failed run never leaves half a
/// report over a good one. The file is not `fsync`ed: a report can be made again, and waiting for
/// the disk added a tenth of a second to a 10,000-course run; a power cut right after a run may
/// lose its report on file systems that do not flush a file renamed over another.
///
/// Writes collect in one buffer of its own, which reporters can also write into in place
/// (``withJSON(_:)``), and leave it in blocks of ``flushSize`` with `write(2)`: a report of
/// 10,000 courses is some 60 MB, and each copy of it (a per-course buffer, then a stdio buffer)
/// cost time of its own. The first write error is kept and reported by ``commit()``.
public final class ReportOutput {
  private let descriptor: Int32
  private let path: String?
  private let temporary: String?
  private var committed = false
  private let isStandardOutput: Bool
  private var buffer = JSONBuffer(capacity: ReportOutput.flushSize + (1 << 16))
  /// The `errno` of the first failed write, if one failed.
  private var failure: Int32?

  /// Bytes the buffer holds before they are written out.
  static let flushSize = 1 << 18

  /// Standard output (flushed on commit).
  public init() {
    descriptor = STDOUT_FILENO
    path = nil
    temporary = nil
    isStandardOutput = true
  }

  /// A file, written atomically.
  public init(path: String) throws(ReportError) {
    let temporary = "\(path).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ReportError.cannotWrite(path, String(cString: strerror(errno))) }
    descriptor = fd
    self.path = path
    self.temporary = temporary
    isStandardOutput = false
  }

  /// An anonymous temporary file, for reporters that must write their header last.
  init(spill: ()) throws(ReportError) {
    guard let file = tmpfile() else { throw ReportError.cannotWrite("a temporary file", String(cString: strerror(errno))) }
    // Its own descriptor, so that the stream can be closed now: the file lives while it is open.
    descriptor = dup(fileno(file))
    fclose(file)
    guard descriptor >= 0 else { throw ReportError.cannotWrite("a temporary file", String(cString: strerror(errno))) }
    path = nil
    temporary = nil
    isStandardOutput = false
  }

  public func write(_ text: String) {
    buffer.raw(text)
    flushIfFull()
  }

  func write(_ json: borrowing JSONBuffer) {
    json.withBytes { write($0) }
  }

  func write(_ bytes: borrowing ByteBuffer) {
    bytes.withBytes { write($0) }
  }

  /// Appends bytes; a block larger than the buffer goes out directly, after what is buffered.
  func write(_ bytes: UnsafeBufferPointer<UInt8>) {
    if bytes.count >= Self.flushSize {
      flush()
      writeOut(bytes)
    } else {
      buffer.append(bytes)
      flushIfFull()
    }
  }

  /// Lets `body` write JSON (or any bytes) straight into the output's buffer.
  func withJSON<R>(_ body: (inout JSONBuffer) -> R) -> R {
    let result = body(&buffer)
    flushIfFull()
    return result
  }

  @inline(__always)
  private func flushIfFull() {
    if buffer.count >= Self.flushSize { flush() }
  }

  /// Writes out what the buffer holds.
  private func flush() {
    buffer.withBytes { writeOut($0) }
    buffer.removeAll()
  }

  /// `write(2)` until all of `bytes` is written or a write fails (the failure is kept).
  private func writeOut(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard failure == nil, var p = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
      let n = SystemCall.write(descriptor, p, remaining)
      if n < 0 {
        if errno == EINTR { continue }
        failure = errno
        return
      }
      p += n
      remaining -= n
    }
  }

  /// Copies everything written to `spill` so far into this output. On Linux the kernel copies it
  /// (`sendfile`), which spares reading the spill back through user space; whatever it does not
  /// copy (an old kernel, an output it cannot write to) goes through a buffer.
  func append(contentsOf spill: ReportOutput) {
    spill.flush()
    flush()
    guard failure == nil else { return }
    let length = Int(lseek(spill.descriptor, 0, SEEK_END))
    var copied = 0
    #if os(Linux)
    var offset = off_t(0)
    while copied < length {
      let n = sendfile(descriptor, spill.descriptor, &offset, length - copied)
      if n <= 0 { break }
      copied += n
    }
    #endif
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while copied < length {
      let n = chunk.withUnsafeMutableBytes { pread(spill.descriptor, $0.baseAddress, $0.count, off_t(copied)) }
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { break }
      chunk.withUnsafeBufferPointer { writeOut(UnsafeBufferPointer(rebasing: $0[..<n])) }
      copied += n
    }
  }

  /// Flushes, and for a file renames the temporary file into place.
  public func commit() throws(ReportError) {
    guard !committed else { return }
    committed = true
    flush()
    guard let path, let temporary else {
      if let failure { throw ReportError.cannotWrite(path ?? "standard output", String(cString: strerror(failure))) }
      return
    }
    let closed = close(descriptor) == 0
    if let failure = failure ?? (closed ? nil : errno) {
      unlink(temporary)
      throw ReportError.cannotWrite(path, String(cString: strerror(failure)))
    }
    if !Self.replace(path, with: temporary) {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw ReportError.cannotWrite(path, reason)
    }
  }

  /// Puts the file at `temporary` in place of `path`, atomically: at every moment `path` is the
  /// old file or the new one. Where it can, it swaps the two (Linux `renameat2` with
  /// `RENAME_EXCHANGE`) and then removes the old file: renaming over an existing file makes
  /// ext4 start writing the new one out to disk within the call (its `auto_da_alloc` guard),
  /// which took some 30 ms for a 10,000-course report. A plain rename otherwise (a new report, a
  /// file system that cannot swap).
  private static func replace(_ path: String, with temporary: String) -> Bool {
    #if os(Linux)
    // Only over a regular file: a swap with a directory (or anything else) would move it aside.
    var info = stat()
    if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
       renameat2(AT_FDCWD, temporary, AT_FDCWD, path, UInt32(RENAME_EXCHANGE)) == 0 {
      unlink(temporary)  // now the old report
      return true
    }
    #endif
    return rename(temporary, path) == 0
  }

  deinit {
    if isStandardOutput {
      flush()
    } else if path != nil, !committed, let temporary {
      close(descriptor)
      unlink(temporary)
    } else if path == nil {
      close(descriptor)
    }
  }
}

/// Why a report could not be written.
public enum ReportError: Error, Sendable, CustomStringConvertible {
  case cannotWrite(String, String)

  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason): return "cannot write '\(path)': \(reason)"
    }
  }
}
