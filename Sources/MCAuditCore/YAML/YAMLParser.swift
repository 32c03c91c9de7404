internal import CLibYAML

/// Turns YAML (or JSON) bytes into located ``YAMLNode`` documents with libyaml's event API.
///
/// On top of libyaml it rejects what libyaml lets through: duplicate keys, aliases (so an alias
/// bomb cannot expand), unknown tags, non-scalar keys; and it enforces ``YAMLLimits`` as the
/// events arrive, so a 100,000-deep document stops at the limit instead of growing a stack.
public enum YAMLParser {
  /// Parses every document of a stream.
  /// - Returns: the documents in order; empty input gives ``YAMLError/Kind/empty``.
  public static func parse(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> [YAMLNode] {
    if bytes.isEmpty { throw YAMLError(.empty, at: .start, "the file is empty") }
    let result: Result<[YAMLNode], YAMLError> = bytes.withUnsafeBufferPointer { buffer in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else {
        return .failure(YAMLError(.reader, at: .start, "libyaml could not be initialised"))
      }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, buffer.baseAddress!, buffer.count)
      var builder = TreeBuilder(limits: limits)
      return Result { () throws(YAMLError) in
        try builder.run(&parser, input: buffer)
      }
    }
    let documents = try result.get()
    if documents.isEmpty { throw YAMLError(.empty, at: .start, "the file has no YAML document (only comments or blanks)") }
    return documents
  }
}

/// Builds nodes from events with an explicit stack (no recursion, so depth only costs heap).
///
/// Children of every open collection sit in two shared scratch arrays; a finished collection
/// copies its slice out once, at its exact size. Nothing is popped and pushed per node, and no
/// collection grows by repeated reallocation.
private struct TreeBuilder {
  let limits: YAMLLimits
  var documents: [YAMLNode] = []
  var stack: [Frame] = []
  var items: [YAMLNode] = []
  var entries: [YAMLMapping.Entry] = []
  var root: YAMLNode?
  var nodeCount = 0

  /// An open collection: where its children start in the scratch arrays. Keys of a mapping are
  /// checked for duplicates by a linear byte comparison while it is small and through a set once
  /// it is not, so a hostile 100,000-key mapping stays linear.
  struct Frame {
    var mark: YAMLMark
    var isMapping: Bool
    var start: Int
    var pendingKey: (String, YAMLMark)?
    var keySet: Set<String>?
  }

  init(limits: YAMLLimits) {
    self.limits = limits
    items.reserveCapacity(64)
    entries.reserveCapacity(128)
  }

  mutating func run(_ parser: inout yaml_parser_t, input: UnsafeBufferPointer<UInt8>) throws(YAMLError) -> [YAMLNode] {
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(&parser, &event) == 1 else {
        throw Self.libyamlError(parser, input: input)
      }
      defer { yaml_event_delete(&event) }
      let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return documents
      case YAML_DOCUMENT_START_EVENT:
        root = nil
        nodeCount = 0
      case YAML_DOCUMENT_END_EVENT:
        if let root { documents.append(root) }
      case YAML_ALIAS_EVENT:
        let name = Self.string(event.data.alias.anchor) ?? ""
        throw YAMLError(.alias(name), at: mark, "aliases are not supported ('*\(name)'); repeat the value instead")
      case YAML_SCALAR_EVENT:
        let s = event.data.scalar
        if s.length > limits.maxScalarLength {
          throw YAMLError(.scalarTooLong(length: s.length, limit: limits.maxScalarLength), at: mark,
                          "scalar of \(s.length) bytes is longer than the limit of \(limits.maxScalarLength) bytes (--max-scalar-size)")
        }
        var isString = false
        if let tagPointer = s.tag {
          let tag = String(cString: tagPointer)
          try checkTag(tag, at: mark, allowed: Self.scalarTags)
          isString = tag == "tag:yaml.org,2002:str"
        }
        try count(at: mark)
        let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
        let style: YAMLScalar.Style
        switch s.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let scalar = YAMLScalar(text: text, style: style, isExplicitString: isString)
        try add(YAMLNode(.scalar(scalar), at: mark), scalarText: text)
      case YAML_SEQUENCE_START_EVENT:
        try checkTag(Self.string(event.data.sequence_start.tag), at: mark, allowed: Self.sequenceTags)
        try open(at: mark)
        stack.append(Frame(mark: mark, isMapping: false, start: items.count))
      case YAML_MAPPING_START_EVENT:
        try checkTag(Self.string(event.data.mapping_start.tag), at: mark, allowed: Self.mappingTags)
        try open(at: mark)
        stack.append(Frame(mark: mark, isMapping: true, start: entries.count))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { continue }
        let node: YAMLNode
        if frame.isMapping {
          node = YAMLNode(.mapping(Array(entries[frame.start...])), at: frame.mark)
          entries.removeSubrange(frame.start...)
        } else {
          node = YAMLNode(.sequence(Array(items[frame.start...])), at: frame.mark)
          items.removeSubrange(frame.start...)
        }
        try add(node, scalarText: nil)
      default:
        break
      }
    }
  }

  private mutating func open(at mark: YAMLMark) throws(YAMLError) {
    if stack.count >= limits.maxDepth {
      throw YAMLError(.tooDeep(limit: limits.maxDepth), at: mark,
                      "nesting is deeper than the limit of \(limits.maxDepth) levels (--max-depth)")
    }
    try count(at: mark)
  }

  private mutating func count(at mark: YAMLMark) throws(YAMLError) {
    nodeCount += 1
    if nodeCount > limits.maxNodes {
      throw YAMLError(.tooManyNodes(limit: limits.maxNodes), at: mark,
                      "the document has more than \(limits.maxNodes) nodes (--max-nodes)")
    }
  }

  private func checkTag(_ tag: String?, at mark: YAMLMark, allowed: Set<String>) throws(YAMLError) {
    guard let tag, tag != "!", !allowed.contains(tag) else { return }
    let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
    throw YAMLError(.unsupportedTag(String(shown)), at: mark, "unsupported tag '\(shown)'; remove it")
  }

  /// Adds a finished node to the collection being built, or makes it the root.
  /// - Parameter scalarText: the text when the node is a scalar (it may be a key).
  private mutating func add(_ node: YAMLNode, scalarText: String?) throws(YAMLError) {
    let top = stack.count - 1
    guard top >= 0 else {
      root = node
      return
    }
    guard stack[top].isMapping else {
      items.append(node)
      return
    }
    if let (key, keyMark) = stack[top].pendingKey {
      entries.append(YAMLMapping.Entry(key: key, keyMark: keyMark, value: node))
      stack[top].pendingKey = nil
      return
    }
    guard let key = scalarText else {
      throw YAMLError(.complexKey, at: node.mark, "mapping keys must be scalars, found \(node.kindDescription)")
    }
    if let first = firstEntry(withKey: key, in: top) {
      throw YAMLError(.duplicateKey(key, first: first.keyMark), at: node.mark,
                      "duplicate key '\(key)' (first at \(first.keyMark.line):\(first.keyMark.column))")
    }
    let start = stack[top].start
    if stack[top].keySet != nil {
      stack[top].keySet!.insert(key)
    } else if entries.count - start >= 16 {
      stack[top].keySet = Set(entries[start...].map(\.key) + [key])
    }
    stack[top].pendingKey = (key, node.mark)
  }

  /// The entry of the open mapping `frame` with this key. Keys are compared byte for byte:
  /// YAML keys are byte strings, and it skips String's canonical-equivalence path.
  private func firstEntry(withKey key: String, in frame: Int) -> YAMLMapping.Entry? {
    if let keySet = stack[frame].keySet, !keySet.contains(key) { return nil }
    let count = key.utf8.count
    for entry in entries[stack[frame].start...] where entry.key.utf8.count == count && entry.key.utf8.elementsEqual(key.utf8) {
      return entry
    }
    return nil
  }

  private static let sequenceTags: Set<String> = ["tag:yaml.org,2002:seq"]
  private static let mappingTags: Set<String> = ["tag:yaml.org,2002:map"]
  private static let scalarTags: Set<String> = [
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
  ]

  private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let p else { return nil }
    return String(cString: p)
  }

  /// libyaml's error, located: reader errors carry a byte offset, the others a mark.
  static func libyamlError(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>) -> YAMLError {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
    if parser.error == YAML_READER_ERROR {
      let mark = markOf(offset: parser.problem_offset, in: input)
      var message = problem
      if parser.problem_value != -1 {
        let hex = String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)
        message += " (byte 0x\(hex.count < 2 ? "0" + hex : hex))"
      }
      return YAMLError(.reader, at: mark, "invalid input: \(message); the file must be UTF-8 text")
    }
    let mark = YAMLMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
    var context: (String, YAMLMark)?
    if let c = parser.context {
      context = (String(cString: c),
                 YAMLMark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1))
    }
    return YAMLError(.syntax, at: mark, "malformed YAML: \(problem)", context: context)
  }

  /// Line and column (in scalars, as libyaml counts) of a byte offset; invalid bytes count as one.
  static func markOf(offset: Int, in input: UnsafeBufferPointer<UInt8>) -> YAMLMark {
    var line = 1, column = 1
    var i = 0
    let end = min(offset, input.count)
    while i < end {
      let b = input[i]
      if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return YAMLMark(line: line, column: column)
  }
}
