/// The vocabulary and every loaded pack of a run: the built-in ones and the user's. Immutable:
/// the packs and the course reader are compiled against this vocabulary.
///
/// Loading runs in phases: parse every pack, order them by `extends`, apply every pack's field
/// declarations to one vocabulary, then compile each pack (parents first) against it. A pack with
/// an error is reported in ``problems`` and left out, and so is every pack that extends it; the
/// others load normally.
public struct Frameworks: Sendable {
  /// The vocabulary with every loaded pack's fields and enum values.
  public let vocabulary: Vocabulary
  /// The usable packs: baseline first, then national, profile, guideline, institution; by id.
  public let packs: [RulePack]
  /// Mistakes in the vocabulary or in packs (errors make a pack unusable).
  public let problems: [Diagnostic]
  /// Ids of packs that failed to load.
  public let brokenPacks: Set<String>
  /// Reads course files and example courses against ``vocabulary``; built once, with it.
  public let reader: CourseReader

  init(vocabulary: Vocabulary, packs: [RulePack], problems: [Diagnostic], brokenPacks: Set<String>,
       reader: CourseReader? = nil) {
    self.vocabulary = vocabulary
    self.packs = packs
    self.problems = problems
    self.brokenPacks = brokenPacks
    self.reader = reader ?? CourseReader(vocabulary: vocabulary)
  }

  public func pack(_ id: String) -> RulePack? { packs.first { $0.id == id } }

  /// Loads a vocabulary and packs.
  /// - Parameters:
  ///   - packs: the built-in packs.
  ///   - overrides: the user's packs; one with the id of a built-in pack replaces it.
  ///   - explanations: compile what `--explain` and `mcaudit explain` show (the fields each rule
  ///     reads, the parts of its assertion); an audit without them starts faster.
  public static func load(vocabulary source: SourceText, packs sources: [SourceText], overrides: [SourceText] = [],
                          limits: YAMLLimits = YAMLLimits(), explanations: Bool = true) -> Frameworks {
    var vocabulary: Vocabulary
    switch VocabularyLoader.load(source, limits: limits) {
    case .success(let v): vocabulary = v
    case .failure(let e):
      return Frameworks(vocabulary: Vocabulary(id: "?", title: "", version: "", file: source.path), packs: [],
                        problems: e.diagnostics, brokenPacks: [])
    }
    var problems: [Diagnostic] = []
    var drafts: [String: PackDraft] = [:]
    var broken: Set<String> = []
    var overridden: Set<String> = []
    for (source, isOverride) in overrides.map({ ($0, true) }) + sources.map({ ($0, false) }) {
      switch PackDraft.parse(source, limits: limits) {
      case .failure(let e): problems += e.diagnostics
      case .success(nil): continue
      case .success(let draft?):
        if isOverride { overridden.insert(draft.id) } else if overridden.contains(draft.id) { continue }
        if let other = drafts[draft.id] {
          draft.sink.error(at: draft.top.value("id")!.mark, "pack id '\(draft.id)' is already used by \(other.source.path)")
          problems += draft.sink.diagnostics
          continue
        }
        drafts[draft.id] = draft
      }
    }
    let order = extendsOrder(drafts)
    // Phase: vocabulary extensions, parents first, so that conflicts name the later pack.
    for id in order {
      let draft = drafts[id]!
      if let fields = draft.top.mapping("fields") {
        VocabularyLoader.extend(&vocabulary, with: fields, packID: id, sink: draft.sink)
      }
    }
    // Phase: compile, parents first; a broken parent breaks its children.
    let reader = CourseReader(vocabulary: vocabulary)
    var compiled: [String: PackCompiler.CompiledPack] = [:]
    var packs: [RulePack] = []
    for id in order {
      let draft = drafts[id]!
      var parent: PackCompiler.CompiledPack?
      if let parentID = draft.extends {
        parent = compiled[parentID]
        if parent == nil {
          let mark = draft.top.value("extends")!.mark
          if drafts[parentID] == nil {
            draft.sink.error(at: mark, "extends unknown pack '\(parentID)'\(Suggestion.didYouMean(parentID, in: drafts.keys))")
          } else if broken.contains(parentID) {
            draft.sink.error(at: mark, "extends '\(parentID)', which has errors")
          } else {
            draft.sink.error(at: mark, "'extends' forms a cycle through '\(parentID)'")
          }
        }
      }
      let result = PackCompiler(draft: draft, vocabulary: vocabulary, reader: reader, parent: parent,
                                explanations: explanations).compile()
      problems += draft.sink.diagnostics
      if draft.sink.hasErrors {
        broken.insert(id)
      } else {
        compiled[id] = result
        packs.append(result.pack)
      }
    }
    // Rule ids are global: reports, waivers and baselines name rules without their pack.
    var owners: [String: String] = [:]
    for pack in packs {
      for rule in pack.rules {
        if let other = owners[rule.id] {
          problems.append(Diagnostic(.error, at: rule.location, "rule id '\(rule.id)' is also used by pack '\(other)'"))
          broken.insert(pack.id)
        }
        owners[rule.id] = pack.id
      }
    }
    packs.removeAll { broken.contains($0.id) }
    let kinds = RulePack.Kind.allCases
    packs.sort { (kinds.firstIndex(of: $0.kind)!, $0.id) < (kinds.firstIndex(of: $1.kind)!, $1.id) }
    return Frameworks(vocabulary: vocabulary, packs: packs, problems: problems, brokenPacks: broken, reader: reader)
  }

  /// Pack ids with parents before children, otherwise by id; packs in a cycle come last.
  private static func extendsOrder(_ drafts: [String: PackDraft]) -> [String] {
    var order: [String] = []
    var placed: Set<String> = []
    var remaining = drafts.keys.sorted()
    while !remaining.isEmpty {
      let ready = remaining.filter { id in
        guard let parent = drafts[id]!.extends, drafts[parent] != nil else { return true }
        return placed.contains(parent)
      }
      if ready.isEmpty {
        order += remaining  // a cycle: compiled without parents, each reports it
        break
      }
      order += ready
      placed.formUnion(ready)
      remaining.removeAll { placed.contains($0) }
    }
    return order
  }
}
