#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with POSIX calls: no Foundation on the hot path, and the size limit is
/// checked before anything is read.
public enum FileReader {
  public enum Failure: Error, Sendable {
    case cannotOpen(String)
    case tooLarge(size: Int, limit: Int)
    case notAFile
    case readFailed(String)

    public var message: String {
      switch self {
      case .cannotOpen(let reason): return "cannot open the file: \(reason)"
      case .tooLarge(let size, let limit):
        return "the file is \(size) bytes, larger than the limit of \(limit) bytes (--max-file-size)"
      case .notAFile: return "not a regular file"
      case .readFailed(let reason): return "cannot read the file: \(reason)"
      }
    }
  }

  public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
    var bytes: [UInt8] = []
    if let failure = read(path, limit: limit, into: &bytes) { return .failure(failure) }
    return .success(bytes)
  }

  /// As ``read(_:limit:)``, into `buffer`, whose memory is reused when nothing else holds it: an
  /// audit whose reports quote no source reads file after file into one buffer, where a new
  /// array for each file went through the allocator's slow path for blocks of its size.
  /// On failure, `buffer`'s contents are unspecified.
  public static func read(_ path: String, limit: Int, into buffer: inout [UInt8]) -> Failure? {
    let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }  // no C copy of the path
    guard fd >= 0 else { return .cannotOpen(errorText()) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .readFailed(errorText()) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { return .notAFile }
    let size = Int(info.st_size)
    guard size <= limit else { return .tooLarge(size: size, limit: limit) }
    buffer.removeAll(keepingCapacity: true)
    guard size > 0 else { return nil }
    buffer.append(contentsOf: repeatElement(0, count: size))
    switch buffer.withUnsafeMutableBufferPointer({ read(fd, into: $0.baseAddress!, upTo: size) }) {
    case .failure(let failure):
      return failure
    case .success(let count):
      if count < size { buffer.removeLast(size - count) }
      return nil
    }
  }

  /// Everything `fd` gives until its end, which need not be a regular file (standard input, a
  /// pipe such as `<(find ...)`): read 64 KiB at a time, at most `limit` bytes.
  public static func readToEnd(_ fd: Int32, limit: Int) -> Result<[UInt8], Failure> {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { SystemCall.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(.readFailed(errorText()))
      }
      if n == 0 { return .success(bytes) }
      guard bytes.count + n <= limit else { return .failure(.tooLarge(size: bytes.count + n, limit: limit)) }
      bytes.append(contentsOf: chunk[..<n])
    }
  }

  /// The first `count` bytes of a file (fewer if it is shorter), whatever its size: enough to
  /// tell what a file too large to read whole declares itself to be.
  public static func readPrefix(_ path: String, count: Int) -> [UInt8]? {
    let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }  // no C copy of the path
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var failed = false
    // Into uninitialised memory: zero-filling it first would write every byte twice.
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      switch read(fd, into: base, upTo: count) {
      case .success(let n): initialized = n
      case .failure: failed = true
      }
    }
    return failed ? nil : bytes
  }

  /// Reads from `fd` into `base` until `size` bytes are read or the file ends (a file can shrink
  /// after `fstat`): the number of bytes read.
  private static func read(_ fd: Int32, into base: UnsafeMutablePointer<UInt8>, upTo size: Int) -> Result<Int, Failure> {
    var count = 0
    while count < size {
      let n = SystemCall.read(fd, base + count, size - count)
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(.readFailed(errorText()))
      }
      if n == 0 { break }
      count += n
    }
    return .success(count)
  }

  static func errorText() -> String { String(cString: strerror(errno)) }
}
