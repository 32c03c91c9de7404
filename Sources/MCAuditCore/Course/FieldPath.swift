/// A path to a value in a course: keys and list indices, rendered `learning_outcomes[2].text`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
  public enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  public var components: [Component]

  public init(_ components: [Component] = []) { self.components = components }

  public func appending(_ c: Component) -> FieldPath { FieldPath(components + [c]) }

  public func appending(_ other: FieldPath) -> FieldPath { FieldPath(components + other.components) }

  /// Written as bytes into scratch memory, then made a string once: appending piece by piece
  /// (each finding has a path) grew the string several times.
  public var description: String {
    var capacity = 0
    for c in components {
      switch c {
      case .key(let k): capacity += k.utf8.count + 1
      case .index: capacity += 22
      }
    }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 1)) { out in
      var n = 0
      func put(_ text: String) {
        text.withUTF8Bytes { bytes in
          for b in bytes {
            out[n] = b
            n += 1
          }
        }
      }
      for c in components {
        switch c {
        case .key(let k):
          if n > 0 { put(".") }
          put(k)
        case .index(let i):
          put("[")
          put(String(i))
          put("]")
        }
      }
      return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
    }
  }
}
