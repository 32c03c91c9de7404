/// Strict, located access to a YAML mapping of a configuration file (vocabulary, pack, waiver).
///
/// Each accessor reports a wrong type at the value; ``finish(allowed:)`` reports every key that
/// was not expected, sorted and quoted, with a did-you-mean. Nothing is silently ignored.
struct MappingReader {
  let node: YAMLNode
  let entries: [YAMLMapping.Entry]
  let sink: DiagnosticSink
  /// What the mapping is, for messages ("rule 'ES-MC-ECTS-MAX'").
  let what: String

  /// A reader for `node`, or nil (with an error) when it is not a mapping.
  init?(_ node: YAMLNode, sink: DiagnosticSink, what: String) {
    guard let entries = node.mapping else {
      sink.error(at: node.mark, "\(what) must be a mapping, found \(node.kindDescription)")
      return nil
    }
    self.node = node
    self.entries = entries
    self.sink = sink
    self.what = what
  }

  var keys: [String] { entries.map(\.key) }

  func has(_ key: String) -> Bool { value(key) != nil }

  func value(_ key: String) -> YAMLNode? {
    guard let v = entries.first(where: { $0.key == key })?.value else { return nil }
    if case .scalar(let s) = v.content, s.resolved == .null { return nil }
    return v
  }

  func keyMark(_ key: String) -> YAMLMark {
    entries.first { $0.key == key }?.keyMark ?? node.mark
  }

  /// A scalar as text (numbers and booleans as written). Reports a missing required key.
  func string(_ key: String, required: Bool = false) -> String? {
    guard let v = value(key) else {
      if required { missing(key) }
      return nil
    }
    guard let s = v.scalar else {
      sink.error(at: v.mark, "'\(key)' of \(what) must be a string, found \(v.kindDescription)")
      return nil
    }
    return s.text
  }

  /// The node of a scalar value, for callers that need its position (expressions).
  func scalarNode(_ key: String, required: Bool = false) -> (YAMLScalar, YAMLMark)? {
    guard let v = value(key) else {
      if required { missing(key) }
      return nil
    }
    guard let s = v.scalar else {
      sink.error(at: v.mark, "'\(key)' of \(what) must be a string, found \(v.kindDescription)")
      return nil
    }
    return (s, v.mark)
  }

  func bool(_ key: String) -> Bool? {
    guard let v = value(key) else { return nil }
    if case .scalar(let s) = v.content, case .bool(let b) = s.resolved { return b }
    sink.error(at: v.mark, "'\(key)' of \(what) must be true or false, found \(v.kindDescription)")
    return nil
  }

  func number(_ key: String) -> Double? {
    guard let v = value(key) else { return nil }
    if case .scalar(let s) = v.content {
      switch s.resolved {
      case .int(let i): return Double(i)
      case .float(let d) where d.isFinite: return d
      default: break
      }
    }
    sink.error(at: v.mark, "'\(key)' of \(what) must be a number, found \(v.kindDescription)")
    return nil
  }

  func date(_ key: String) -> CivilDate? {
    guard let v = value(key) else { return nil }
    if let s = v.scalar, let d = CivilDate(s.text) { return d }
    sink.error(at: v.mark, "'\(key)' of \(what) must be a date YYYY-MM-DD, found \(v.kindDescription)")
    return nil
  }

  /// A value that must be one of `choices`.
  func choice(_ key: String, _ choices: [String], required: Bool = false) -> String? {
    guard let s = string(key, required: required) else { return nil }
    guard choices.contains(s) else {
      sink.error(at: value(key)!.mark,
                 "'\(key)' of \(what) must be one of \(choices.map { "'\($0)'" }.joined(separator: ", ")), found '\(s)'\(Suggestion.didYouMean(s, in: choices))")
      return nil
    }
    return s
  }

  func mapping(_ key: String, what inner: String? = nil) -> MappingReader? {
    guard let v = value(key) else { return nil }
    return MappingReader(v, sink: sink, what: inner ?? "'\(key)' of \(what)")
  }

  func list(_ key: String) -> [YAMLNode]? {
    guard let v = value(key) else { return nil }
    guard let items = v.sequence else {
      sink.error(at: v.mark, "'\(key)' of \(what) must be a list, found \(v.kindDescription)")
      return nil
    }
    return items
  }

  /// A list of strings; a single string counts as a one-element list.
  func strings(_ key: String) -> [String]? {
    guard let v = value(key) else { return nil }
    if let s = v.scalar { return [s.text] }
    guard let items = v.sequence else {
      sink.error(at: v.mark, "'\(key)' of \(what) must be a list of strings, found \(v.kindDescription)")
      return nil
    }
    return items.compactMap { item in
      guard let s = item.scalar else {
        sink.error(at: item.mark, "items of '\(key)' must be strings, found \(item.kindDescription)")
        return nil
      }
      return s.text
    }
  }

  /// Reports every key not in `allowed`, one error per key.
  func finish(allowed: [String]) {
    for entry in entries where !allowed.contains(entry.key) {
      let expected = allowed.sorted().map { "'\($0)'" }.joined(separator: ", ")
      if let meant = Suggestion.closest(to: entry.key, in: allowed) { sink.suggested(meant, inMappingAt: node.mark) }
      sink.error(at: entry.keyMark,
                 "unknown key '\(entry.key)' in \(what)\(Suggestion.didYouMean(entry.key, in: allowed))",
                 notes: ["expected one of \(expected)"])
    }
  }

  /// Reports that `key` is missing (`message`, or "… needs 'key'"), unless ``finish(allowed:)``
  /// took a misspelt key for it: one mistake, one message.
  func missing(_ key: String, _ message: String? = nil) {
    guard !sink.wasSuggested(key, inMappingAt: node.mark) else { return }
    sink.error(at: node.mark, message ?? "\(what) needs '\(key)'")
  }
}
