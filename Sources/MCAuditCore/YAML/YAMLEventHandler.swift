/// Receives a YAML stream from ``YAMLParser`` as checked events: limits enforced, aliases, unknown
/// tags, non-scalar keys and duplicate keys already refused, and keys told apart from values.
///
/// Readers that know what they expect (``CourseReader``) build their values straight from the
/// events; ``YAMLTreeBuilder`` builds a ``YAMLNode`` tree for the readers that want one.
protocol YAMLEventHandler: ~Copyable {
  mutating func startDocument()
  mutating func endDocument()
  /// A key of the innermost open mapping; its value follows. The key's bytes are valid only
  /// during the call. A handler that knows the mapping's keys may check the key for a duplicate
  /// itself (``KeyCheck``); the parser checks the others.
  mutating func key(_ key: YAMLKey, at mark: YAMLMark) -> KeyCheck
  /// A scalar value: a sequence item, a mapping value or a document root. Its bytes are valid
  /// only during the call.
  mutating func scalar(_ scalar: YAMLScalarView, at mark: YAMLMark)
  mutating func startMapping(at mark: YAMLMark)
  mutating func startSequence(at mark: YAMLMark)
  /// The end of the innermost open mapping or sequence.
  mutating func endCollection()
  /// Whether the handler has all it wants: the parse stops after the current scalar, with the
  /// stream's later events (and their limits and errors) unread.
  var isFinished: Bool { get }
}

/// Who checks a key of a mapping for a duplicate (YAML keys are unique in their mapping).
enum KeyCheck {
  /// The parser does, by the key's bytes.
  case unchecked
  /// The handler did: the key is new in its mapping. A reader that has looked the key up among
  /// the mapping's known fields tells a repeat by the field, for much less than the parser's
  /// record of every key's bytes.
  case checked
  /// The handler did: its mapping has the key already, first at `first`.
  case duplicate(first: YAMLMark)
}

extension YAMLEventHandler where Self: ~Copyable {
  var isFinished: Bool { false }
}

extension YAMLNode {
  /// Sends this node as events, the way ``YAMLParser`` would send the text it came from (a
  /// pack's example course is read like a course file).
  func replay<H: YAMLEventHandler & ~Copyable>(into handler: inout H) {
    switch content {
    case .scalar(let s):
      s.text.withUTF8Bytes { handler.scalar(YAMLScalarView(bytes: $0, style: s.style, isExplicitString: s.isExplicitString), at: mark) }
    case .sequence(let items):
      handler.startSequence(at: mark)
      for item in items { item.replay(into: &handler) }
      handler.endCollection()
    case .mapping(let entries):
      handler.startMapping(at: mark)
      for entry in entries {
        _ = entry.key.withUTF8Bytes { handler.key(YAMLKey($0), at: entry.keyMark) }  // a tree has no repeated keys
        entry.value.replay(into: &handler)
      }
      handler.endCollection()
    }
  }
}
