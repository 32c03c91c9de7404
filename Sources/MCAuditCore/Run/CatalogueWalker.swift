#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the files to audit: named files as they are, directories walked recursively for
/// `.yaml`, `.yml` and `.json` in any letter case (`.YAML` too, as a case-insensitive file system
/// may name them), in sorted order so that runs are repeatable.
///
/// Hidden entries (`.git`, `.build`) are not descended into. Symbolic links are followed, and a
/// directory already on the current path (a symlink loop) is reported instead of entered, so the
/// walk always ends. The run's own output files are left out of walked directories, so that a
/// report written into the audited folder is not read as input by the next run.
public struct CatalogueWalker {
  public private(set) var files: [String] = []
  public private(set) var problems: [Diagnostic] = []
  /// The files not to take from walked directories, as canonical paths (`realpath`).
  private var excluded: Set<String> = []

  public static let extensions = [".yaml", ".yml", ".json"]

  /// - Parameter outputs: the run's report and baseline files; those that exist are left out of
  ///   directory walks (a file named in `paths` itself is still audited).
  public init(paths: [String], excludingOutputs outputs: [String] = []) {
    for output in outputs { if let path = Self.canonical(output) { excluded.insert(path) } }
    for path in paths { visit(path, explicit: true, ancestors: []) }
  }

  /// The absolute path without symbolic links, `.` or `..`; nil when it does not exist.
  static func canonical(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func isCourseFile(_ name: String) -> Bool {
    extensions.contains(where: { name.hasSuffix(ignoringASCIICase: $0) })
  }

  private struct DirectoryID: Hashable { var device: UInt64; var inode: UInt64 }

  private mutating func visit(_ path: String, explicit: Bool, ancestors: Set<DirectoryID>) {
    var info = stat()
    guard stat(path, &info) == 0 else {
      let reason = errno == ELOOP ? "too many levels of symbolic links (a symlink loop)" : FileReader.errorText()
      if explicit || lstat(path, &info) == 0 {
        problems.append(Diagnostic(.error, at: SourceLocation(file: path, line: 0, column: 0), "cannot read: \(reason)"))
      }
      return
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
      let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
      guard !ancestors.contains(id) else {
        problems.append(Diagnostic(.error, at: SourceLocation(file: path, line: 0, column: 0),
                                   "symlink loop: this directory contains itself; not walked again"))
        return
      }
      guard let dir = opendir(path) else {
        problems.append(Diagnostic(.error, at: SourceLocation(file: path, line: 0, column: 0), "cannot read the directory: \(FileReader.errorText())"))
        return
      }
      var entries: [(name: String, isFile: Bool)] = []
      // Where the run's outputs would be found in this directory, if any is.
      let canonicalBase = excluded.isEmpty ? nil : Self.canonical(path).map { $0 == "/" ? $0 : $0 + "/" }
      while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { p in
          p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasPrefix(".") { continue }
        if let canonicalBase, excluded.contains(canonicalBase + name) { continue }
        entries.append((name, entry.pointee.d_type == UInt8(DT_REG)))
      }
      closedir(dir)
      let base = path.hasSuffix("/") ? path : path + "/"
      var inner = ancestors
      inner.insert(id)
      for entry in entries.sorted(by: { $0.name < $1.name }) {
        // A regular file (as the directory says, where the file system says) needs no `stat`:
        // a catalogue walk made one per course file. Links and the rest are looked at.
        if entry.isFile {
          if Self.isCourseFile(entry.name) { files.append(base + entry.name) }
        } else {
          visit(base + entry.name, explicit: false, ancestors: inner)
        }
      }
    case S_IFREG:
      if explicit || Self.isCourseFile(path) { files.append(path) }
    default:
      if explicit {
        problems.append(Diagnostic(.error, at: SourceLocation(file: path, line: 0, column: 0), "not a regular file or directory"))
      }
    }
  }
}
