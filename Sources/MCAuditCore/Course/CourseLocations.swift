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

  /// One step of a path resolved against the vocabulary when a rule's pack is loaded: a field of
  /// an object of a known type, by slot, or a list item by its index in the file. Findings are
  /// located by steps, without looking each field name up again for every finding.
  enum Step: Sendable, Equatable {
    case field(slot: Int32, of: Int32)
    case item(Int32)
  }

  /// The steps of `path` from an object of type `type` (the course's root, a list's item type),
  /// or nil when the vocabulary does not have them (the path is then followed by its names).
  static func steps(_ path: ArraySlice<FieldPath.Component>, from type: Int, in vocabulary: Vocabulary) -> [Step]? {
    var steps: [Step] = []
    var type = type
    for component in path {
      switch component {
      case .key(let name):
        guard type >= 0, type < vocabulary.objects.count, let slot = vocabulary.objects[type].slot(of: name) else { return nil }
        steps.append(.field(slot: Int32(slot), of: Int32(type)))
        switch vocabulary.objects[type].fields[slot].type {
        case .object(let id): type = id
        case .list(let item): if case .object(let id) = item.type { type = id } else { type = -1 }
        default: type = -1
        }
      case .index(let n):
        steps.append(.item(Int32(truncatingIfNeeded: n)))
      }
    }
    return steps
  }

  /// Where the value at `steps` is (as ``mark(of:)``).
  func mark(of steps: [Step]) -> YAMLMark {
    walk(steps.count, { .step(steps[$0]) }).mark
  }

  /// The item at `position` of the list value at `list`, as written in the file: its index, and
  /// where the value at `rest` below it is (as ``mark(of:)``); nil if there is no such item.
  func item(at position: Int, inListAt list: [Step], then rest: [Step]) -> (index: Int, mark: YAMLMark)? {
    let (node, reached, _) = walk(list.count, { .step(list[$0]) })
    guard reached, entries[node].kind == .sequence,
          let item = item(of: node, position, key: { Int($0.position) }, accepts: \.isInValue) else { return nil }
    return (Int(entries[item].index), walk(rest.count, { .step(rest[$0]) }, from: item, best: entries[item].mark).mark)
  }

  /// Follows `path` as far as the file has it: the entry reached, whether it is the path's own
  /// value, and the position to report (see ``mark(of:)``). Names are looked up in the type of the
  /// object the file has at each step.
  private func walk(_ path: FieldPath) -> (node: Int, reached: Bool, mark: YAMLMark) {
    let components = path.components
    return walk(components.count) { i in
      switch components[i] {
      case .key(let name):
        return .key(name)
      case .index(let n):
        return .step(.item(Int32(truncatingIfNeeded: n)))
      }
    }
  }

  /// A step of ``walk(_:_:from:best:)``: resolved, or a field name still to look up.
  private enum NamedStep {
    case step(Step)
    case key(String)
  }

  /// Follows `count` steps from entry `start` (the root, or a list item): the entry reached,
  /// whether it is the path's own value, and the position to report: the value itself when
  /// present, otherwise the key of the nearest present parent (or `best`, the start's own); a
  /// missing or null leaf points at its key.
  private func walk(_ count: Int, _ step: (Int) -> NamedStep, from start: Int = 0, best initial: YAMLMark? = nil)
    -> (node: Int, reached: Bool, mark: YAMLMark) {
    guard !entries.isEmpty else { return (0, false, .start) }
    var node = start
    var best = initial ?? entries[0].mark
    let last = count - 1
    for i in 0..<count {
      let slot: Int32
      switch step(i) {
      case .step(.item(let n)):
        guard entries[node].kind == .sequence, let child = item(of: node, Int(n), key: { Int($0.index) }) else { return (node, false, best) }
        node = child
        best = entries[node].mark
        continue
      case .step(.field(let s, let type)):
        guard entries[node].kind == .mapping, entries[node].type == type else { return (node, false, best) }
        slot = s
      case .key(let name):
        let type = entries[node].type
        guard entries[node].kind == .mapping, type >= 0, let s = fieldNames[Int(type)].index(of: name) else { return (node, false, best) }
        slot = Int32(s)
      }
      guard let child = child(of: node, where: { $0.slot == slot }) else { return (node, false, best) }
      node = child
      if entries[node].kind == .null { return (node, i == last, entries[node].keyMark) }
      best = i == last ? entries[node].mark : entries[node].keyMark
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
