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
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(.cannotOpen(errorText())) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .failure(.readFailed(errorText())) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notAFile) }
    let size = Int(info.st_size)
    guard size <= limit else { return .failure(.tooLarge(size: size, limit: limit)) }
    return read(fd, upTo: size)
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
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    return try? read(fd, upTo: count).get()
  }

  /// Up to `size` bytes from `fd`, into uninitialised memory: zero-filling it first would write
  /// every byte twice.
  private static func read(_ fd: Int32, upTo size: Int) -> Result<[UInt8], Failure> {
    var failure: Failure?
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      while initialized < size {
        let n = SystemCall.read(fd, buffer.baseAddress! + initialized, size - initialized)
        if n < 0 {
          if errno == EINTR { continue }
          failure = .readFailed(errorText())
          return
        }
        if n == 0 { break }
        initialized += n
      }
    }
    if let failure { return .failure(failure) }
    return .success(bytes)
  }

  static func errorText() -> String { String(cString: strerror(errno)) }
}
