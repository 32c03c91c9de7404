/// Which packs a course is audited against.
public enum PackSelection: Sendable, Hashable {
  /// The baseline, the national pack of the provider's and every partner's jurisdiction, and the
  /// profiles named in `themes`.
  case automatic
  /// Exactly these packs (`--pack ID`), in the order given.
  case explicit([String])

  /// The packs for a course, and what it calls for that no pack covers.
  func packs(for course: ObjectValue, frameworks: Frameworks) -> (packs: [RulePack], unavailable: [String]) {
    switch self {
    case .explicit(let ids):
      return (ids.compactMap(frameworks.pack), [])
    case .automatic:
      let v = frameworks.vocabulary
      var wanted: [RulePack] = frameworks.packs.filter { $0.kind == .baseline && $0.selection == .auto }
      var unavailable: [String] = []
      for (country, region) in Self.jurisdictions(of: course, vocabulary: v) {
        let national = frameworks.packs.filter { p in
          p.kind == .national && p.selection == .auto && p.jurisdiction?.country.uppercased() == country
            && (p.jurisdiction?.region == nil || p.jurisdiction?.region?.uppercased() == region)
        }
        // The most specific pack wins: a regional pack before a country-wide one.
        if let pack = national.first(where: { $0.jurisdiction?.region != nil }) ?? national.first {
          wanted.append(pack)
        } else {
          unavailable.append(region.map { "\(country.lowercased())-\($0.lowercased())" } ?? country.lowercased())
        }
      }
      for theme in Self.strings(at: ["themes"], in: course, vocabulary: v) {
        let profiles = frameworks.packs.filter { $0.kind == .profile && $0.selection == .auto && $0.theme == theme }
        if profiles.isEmpty { unavailable.append(theme) }
        wanted += profiles
      }
      var seen: Set<String> = []
      let order = frameworks.packs.map(\.id)
      let packs = wanted.filter { seen.insert($0.id).inserted }
        .sorted { order.firstIndex(of: $0.id)! < order.firstIndex(of: $1.id)! }
      var seenUnavailable: Set<String> = []
      return (packs, unavailable.filter { seenUnavailable.insert($0).inserted })
    }
  }

  /// (country, region) of the provider and of every partner, upper-cased.
  static func jurisdictions(of course: ObjectValue, vocabulary v: Vocabulary) -> [(String, String?)] {
    var organisations: [ObjectValue] = []
    if let slot = v.root.slot(of: "provider"), case .object(let p) = course.fields[slot] { organisations.append(p) }
    if let slot = v.root.slot(of: "partners"), case .list(let items) = course.fields[slot] {
      for case .object(let p) in items { organisations.append(p) }
    }
    return organisations.compactMap { o in
      let type = v.objects[o.type]
      guard let c = type.slot(of: "country"), case .string(let country) = o.fields[c] else { return nil }
      var region: String?
      if let r = type.slot(of: "region"), case .string(let text) = o.fields[r] { region = text.uppercased() }
      return (country.uppercased(), region)
    }
  }

  static func strings(at path: [String], in course: ObjectValue, vocabulary v: Vocabulary) -> [String] {
    guard path.count == 1, let slot = v.root.slot(of: path[0]), case .list(let items) = course.fields[slot] else { return [] }
    return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
  }
}
