/// Why a YAML source could not be turned into nodes. Always located.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// libyaml's reader: invalid UTF-8, control characters (a NUL byte), a binary file.
    case reader
    /// libyaml's scanner or parser: malformed YAML.
    case syntax
    case duplicateKey(String, first: YAMLMark)
    case complexKey
    case alias(String)
    case unsupportedTag(String)
    case tooDeep(limit: Int)
    case tooManyNodes(limit: Int)
    case scalarTooLong(length: Int, limit: Int)
    case empty
  }

  public var kind: Kind
  public var mark: YAMLMark
  public var message: String
  /// libyaml's context ("while parsing a flow mapping") and where that started.
  public var context: (text: String, mark: YAMLMark)?

  public init(_ kind: Kind, at mark: YAMLMark, _ message: String, context: (String, YAMLMark)? = nil) {
    self.kind = kind
    self.mark = mark
    self.message = message
    self.context = context
  }

  public static func == (a: YAMLError, b: YAMLError) -> Bool {
    a.kind == b.kind && a.mark == b.mark && a.message == b.message
      && a.context?.text == b.context?.text && a.context?.mark == b.context?.mark
  }

  public var description: String {
    var text = "\(mark.line):\(mark.column): \(message)"
    if let context { text += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
    return text
  }
}
