#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A list of paths to audit read from a file or standard input (`audit --files-from`), for
/// catalogues too long for a command line: the kernel caps its length, and swift-argument-parser
/// takes time that grows with the square of the number of paths (10,000 paths: 3 s and more).
public enum PathList {
  /// The largest list read: 64 MiB, some 500,000 paths.
  public static let maxSize = 64 << 20

  /// The paths listed in `path`, or on standard input for `-`.
  public static func read(_ path: String) -> Result<[String], FileReader.Failure> {
    let bytes: Result<[UInt8], FileReader.Failure>
    if path == "-" {
      bytes = FileReader.readToEnd(0, limit: maxSize)
    } else {
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { return .failure(.cannotOpen(FileReader.errorText())) }
      defer { close(fd) }
      bytes = FileReader.readToEnd(fd, limit: maxSize)
    }
    return bytes.map(parse)
  }

  /// One path a line (a `\r` before the line break is dropped), or one path per NUL-terminated
  /// entry when the list holds a NUL (`find -print0`, for names with line breaks). Empty entries
  /// are skipped; anything else, spaces included, is part of the path.
  public static func parse(_ bytes: [UInt8]) -> [String] {
    let separator: UInt8 = bytes.contains(0) ? 0 : UInt8(ascii: "\n")
    return bytes.split(separator: separator, omittingEmptySubsequences: true).compactMap { entry in
      let name = separator == 0 || entry.last != UInt8(ascii: "\r") ? entry : entry.dropLast()
      return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }
  }
}
