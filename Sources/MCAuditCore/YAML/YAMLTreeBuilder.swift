/// Builds ``YAMLNode`` documents from checked events, with an explicit stack (no recursion, so
/// depth only costs heap).
///
/// Children of every open collection sit in two shared scratch arrays; a finished collection
/// copies its slice out once, at its exact size. Nothing is popped and pushed per node, and no
/// collection grows by repeated reallocation.
struct YAMLTreeBuilder: YAMLEventHandler {
  private(set) var documents: [YAMLNode] = []
  private var stack: [Frame] = []
  private var items: [YAMLNode] = []
  private var entries: [YAMLMapping.Entry] = []
  private var root: YAMLNode?

  /// An open collection: where its children start in the scratch arrays.
  private struct Frame {
    var mark: YAMLMark
    var isMapping: Bool
    var start: Int
    var pendingKey: (String, YAMLMark)?
  }

  init() {
    items.reserveCapacity(64)
    entries.reserveCapacity(128)
  }

  mutating func startDocument() { root = nil }

  mutating func endDocument() {
    if let root { documents.append(root) }
  }

  mutating func key(_ key: YAMLKey, at mark: YAMLMark) -> KeyCheck {
    stack[stack.count - 1].pendingKey = (key.text, mark)
    return .unchecked
  }

  mutating func scalar(_ scalar: YAMLScalarView, at mark: YAMLMark) {
    add(YAMLNode(.scalar(scalar.scalar), at: mark))
  }

  mutating func startMapping(at mark: YAMLMark) {
    stack.append(Frame(mark: mark, isMapping: true, start: entries.count))
  }

  mutating func startSequence(at mark: YAMLMark) {
    stack.append(Frame(mark: mark, isMapping: false, start: items.count))
  }

  mutating func endCollection() {
    guard let frame = stack.popLast() else { return }
    let node: YAMLNode
    if frame.isMapping {
      node = YAMLNode(.mapping(Array(entries[frame.start...])), at: frame.mark)
      entries.removeSubrange(frame.start...)
    } else {
      node = YAMLNode(.sequence(Array(items[frame.start...])), at: frame.mark)
      items.removeSubrange(frame.start...)
    }
    add(node)
  }

  /// Adds a finished node to the collection being built, or makes it the root.
  private mutating func add(_ node: YAMLNode) {
    let top = stack.count - 1
    guard top >= 0 else {
      root = node
      return
    }
    if stack[top].isMapping, let (key, keyMark) = stack[top].pendingKey {
      entries.append(YAMLMapping.Entry(key: key, keyMark: keyMark, value: node))
      stack[top].pendingKey = nil
    } else {
      items.append(node)
    }
  }
}
