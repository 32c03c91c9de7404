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
public final class ReportOutput {
  private let handle: UnsafeMutablePointer<FILE>
  private let path: String?
  private let temporary: String?
  private var committed = false
  private let isStandardOutput: Bool
  private let buffer: UnsafeMutablePointer<CChar>?

  /// Bytes after which a reporter that gathers a file's text in a buffer of its own writes it out,
  /// so that a course with a great many findings does not also hold all their text.
  static let flushSize = 1 << 18

  /// Standard output (its own buffered stream on file descriptor 1, flushed on commit).
  public init() {
    handle = fdopen(STDOUT_FILENO, "w")
    buffer = nil
    path = nil
    temporary = nil
    isStandardOutput = true
  }

  /// A file, written atomically.
  public init(path: String) throws(ReportError) {
    let temporary = "\(path).tmp-\(getpid())"
    guard let h = fopen(temporary, "w") else { throw ReportError.cannotWrite(path, String(cString: strerror(errno))) }
    handle = h
    buffer = Self.buffer(for: h)
    self.path = path
    self.temporary = temporary
    isStandardOutput = false
  }

  /// An anonymous temporary file, for reporters that must write their header last.
  init(spill: ()) throws(ReportError) {
    guard let h = tmpfile() else { throw ReportError.cannotWrite("a temporary file", String(cString: strerror(errno))) }
    handle = h
    buffer = Self.buffer(for: h)
    path = nil
    temporary = nil
    isStandardOutput = false
  }

  /// The stdio buffer of a file, freed after the file is closed: the default (4 KiB here) cut
  /// the JSON report of 10,000 courses into some 15,000 `write` calls. (glibc ignores the size
  /// given to `setvbuf` without a buffer.)
  private static func buffer(for handle: UnsafeMutablePointer<FILE>) -> UnsafeMutablePointer<CChar>? {
    let size = 1 << 18
    guard let buffer = malloc(size)?.assumingMemoryBound(to: CChar.self) else { return nil }
    setvbuf(handle, buffer, _IOFBF, size)
    return buffer
  }

  public func write(_ text: String) {
    text.withUTF8Bytes { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, handle) }
  }

  func write(_ json: borrowing JSONBuffer) {
    json.withBytes { _ = fwrite($0.baseAddress, 1, $0.count, handle) }
  }

  func write(_ bytes: borrowing ByteBuffer) {
    bytes.withBytes { _ = fwrite($0.baseAddress, 1, $0.count, handle) }
  }

  /// Copies everything written to `spill` so far into this output. On Linux the kernel copies it
  /// (`sendfile`), which spares reading the spill back through user space; whatever it does not
  /// copy (an old kernel, an output it cannot write to) goes through a buffer.
  func append(contentsOf spill: ReportOutput) {
    fflush(spill.handle)
    var copied = 0
    #if os(Linux)
    fflush(handle)
    let length = Int(ftello(spill.handle))
    while copied < length, sendfile(fileno(handle), fileno(spill.handle), &copied, length - copied) > 0 {}
    #endif
    fseeko(spill.handle, off_t(copied), SEEK_SET)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, spill.handle) }
      if n == 0 { break }
      buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, n, handle) }
    }
  }

  /// Flushes, and for a file renames the temporary file into place.
  public func commit() throws(ReportError) {
    guard !committed else { return }
    committed = true
    let failed = fflush(handle) != 0 || ferror(handle) != 0
    guard let path, let temporary else {
      if failed { throw ReportError.cannotWrite(path ?? "standard output", String(cString: strerror(errno))) }
      return
    }
    fclose(handle)
    if failed || rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw ReportError.cannotWrite(path, reason)
    }
  }

  deinit {
    if isStandardOutput { fflush(handle) }
    if path != nil, !committed, let temporary {
      fclose(handle)
      unlink(temporary)
    } else if path == nil, !isStandardOutput {
      fclose(handle)
    }
    free(buffer)  // every file is closed by now: in `commit` or above
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
