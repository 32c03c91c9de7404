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
}
