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

  public var description: String {
    var out = ""
    for c in components {
      switch c {
      case .key(let k): out += out.isEmpty ? k : "." + k
      case .index(let i): out += "[\(i)]"
      }
    }
    return out
  }

  /// The position of the value at this path in `root`: the value itself when present; otherwise
  /// the key of the nearest present parent (or the document start).
  public func mark(in root: YAMLNode) -> YAMLMark {
    var node = root
    var best = root.mark
    for (i, c) in components.enumerated() {
      switch c {
      case .key(let k):
        guard let entry = node.mapping?.first(where: { $0.key == k }) else { return best }
        node = entry.value
        // A missing or null leaf points at its key; a present value at the value.
        if case .scalar(let s) = node.content, s.resolved == .null { return entry.keyMark }
        best = i == components.count - 1 ? node.mark : entry.keyMark
      case .index(let n):
        guard let items = node.sequence, n >= 0, n < items.count else { return best }
        node = items[n]
        best = node.mark
      }
    }
    return best
  }
}
