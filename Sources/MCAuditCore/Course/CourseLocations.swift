/// Where the values of a course sit in its file: one flat record per value that the vocabulary
/// walk met, so that findings are located without keeping the YAML tree of the file. The records
/// are plain data in the course's arena (``Course/storage``), which keeps them alive.
struct CourseLocations: Sendable {
  /// One value: a mapping entry of a known field, a list item, or the document root.
  struct Entry: Sendable {
    enum Kind: UInt8, Sendable { case null, scalar, mapping, sequence }

    /// The entry of the enclosing mapping or list; -1 for the root.
    var parent: Int32
    /// The field's slot for a mapping entry; for a list item, its ``position``; -1 for the root.
    var slot: Int32
    /// The item's index in its list, as written in the file.
    var index: Int32
    /// The object type of a mapping read as an object, -1 otherwise.
    var type: Int32 = -1
    /// One past the last entry of this value's subtree.
    var end: Int32 = 0
    var keyMark: YAMLMark
    var mark: YAMLMark
    var kind: Kind = .null
    /// Whether a list item is in its list's value: a null or wrongly typed item is left out.
    var isInValue = true

    /// A list item's position in its list's value: the number of items before it that are in the
    /// value. It differs from ``index`` after a null or wrongly typed item, which the value leaves
    /// out (`[null, x]` is read as `[x]`).
    var position: Int32 { slot }
  }

  let entries: ArenaSlice<Entry>
  /// The field names of each object type, by type id, to turn path keys into slots (by bytes: a
  /// name-keyed dictionary per type cost a SipHash and a copy of the type for each key).
  let fieldNames: [KeyTable]

  init(entries: ArenaSlice<Entry>, fieldNames: [KeyTable]) {
    self.entries = entries
    self.fieldNames = fieldNames
  }

  /// The position of the value at `path`: the value itself when present; otherwise the key of the
  /// nearest present parent (or the document start). A missing or null leaf points at its key.
  func mark(of path: FieldPath) -> YAMLMark {
    walk(path).mark
  }

  /// The index, as written in the file, of the item at `position` of the list value at `path`
  /// (rules see the list's value, findings name the file's items); nil if there is no such item.
  func sourceIndex(ofItemAt position: Int, inListAt path: FieldPath) -> Int? {
    let (list, reached, _) = walk(path)
    guard reached, entries[list].kind == .sequence,
          let item = item(of: list, position, key: { Int($0.position) }, accepts: \.isInValue) else { return nil }
    return Int(entries[item].index)
  }

  /// Follows `path` as far as the file has it: the entry reached, whether it is the path's own
  /// value, and the position to report (see ``mark(of:)``).
  private func walk(_ path: FieldPath) -> (node: Int, reached: Bool, mark: YAMLMark) {
    guard !entries.isEmpty else { return (0, false, .start) }
    var node = 0
    var best = entries[0].mark
    let last = path.components.count - 1
    for (i, component) in path.components.enumerated() {
      switch component {
      case .key(let name):
        let type = entries[node].type
        guard entries[node].kind == .mapping, type >= 0, let slot = fieldNames[Int(type)].index(of: name),
              let child = child(of: node, where: { $0.slot == slot }) else { return (node, false, best) }
        node = child
        if entries[node].kind == .null { return (node, i == last, entries[node].keyMark) }
        best = i == last ? entries[node].mark : entries[node].keyMark
      case .index(let n):
        guard entries[node].kind == .sequence, let child = item(of: node, n, key: { Int($0.index) }) else { return (node, false, best) }
        node = child
        best = entries[node].mark
      }
    }
    return (node, true, best)
  }

  /// The item of list `node` whose `key` is `n` and that `accepts`, by binary search: the keys of
  /// the items do not decrease (an index, a position), so a findings-heavy 100,000-item list costs a
  /// few steps per finding, not a walk over the list. Among items of one key, the one accepted is
  /// the last (items left out of the value share the position of the next item that is in it).
  func item(of node: Int, _ n: Int, key: (Entry) -> Int, accepts: (Entry) -> Bool = { _ in true }) -> Int? {
    var low = node + 1
    var high = entries[node].end > 0 ? Int(entries[node].end) : entries.count
    while low < high {
      // The middle entry may sit inside an item's subtree: climb to the item itself.
      var c = (low + high) / 2
      while Int(entries[c].parent) != node { c = Int(entries[c].parent) }
      let k = key(entries[c])
      if k == n, accepts(entries[c]) { return c }
      if k <= n { low = max(c + 1, Int(entries[c].end)) } else { high = c }
    }
    return nil
  }

  /// The first direct child of `node` that matches, skipping over the children's own subtrees.
  func child(of node: Int, where matches: (Entry) -> Bool) -> Int? {
    var j = node + 1
    let end = entries[node].end > 0 ? Int(entries[node].end) : entries.count
    while j < end {
      if entries[j].parent == node && matches(entries[j]) { return j }
      j = max(j + 1, Int(entries[j].end))
    }
    return nil
  }
}
