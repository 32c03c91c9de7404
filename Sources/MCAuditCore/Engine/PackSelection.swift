/// Which packs a course is audited against.
public enum PackSelection: Sendable, Hashable {
  /// The baseline, the national pack of the provider's and every co-providing or co-awarding
  /// partner's jurisdiction, and the profiles named in `themes`. An `associate` partner (an
  /// industry or professional body) does not bring its country's rules.
  case automatic
  /// Exactly these packs (`--pack ID`).
  case explicit([String])
}

/// Where the packs of a selection are, computed once per run so that selecting packs for a
/// course is a few dictionary look-ups.
struct PackIndex: Sendable {
  /// Positions in `frameworks.packs` (which is in pack order).
  var baseline: [Int] = []
  var national: [String: [Int]] = [:]
  var profiles: [String: [Int]] = [:]
  var explicit: [Int]?
  let providerSlot: Int?
  let partnersSlot: Int?
  let themesSlot: Int?
  /// The `country`, `region` and `role` slots of each object type, by type id: looked up once
  /// rather than by name for every organisation of every course.
  let organisationSlots: [(country: Int?, region: Int?, role: Int?)]

  init(_ frameworks: Frameworks, selection: PackSelection) {
    let root = frameworks.vocabulary.root
    providerSlot = root.slot(of: "provider")
    partnersSlot = root.slot(of: "partners")
    themesSlot = root.slot(of: "themes")
    organisationSlots = frameworks.vocabulary.objects.map { ($0.slot(of: "country"), $0.slot(of: "region"), $0.slot(of: "role")) }
    for (i, p) in frameworks.packs.enumerated() where p.selection == .auto {
      switch p.kind {
      case .baseline: baseline.append(i)
      case .national:
        if let j = p.jurisdiction {
          national[Self.key(j.country, j.region), default: []].append(i)
        }
      case .profile:
        if let theme = p.theme { profiles[theme, default: []].append(i) }
      default: break
      }
    }
    if case .explicit(let ids) = selection {
      explicit = ids.compactMap { id in frameworks.packs.firstIndex { $0.id == id } }
    }
  }

  static func key(_ country: String, _ region: String?) -> String {
    region.map { "\(country.uppercased())-\($0.uppercased())" } ?? country.uppercased()
  }

  /// The positions of the packs for a course, in pack order, and what it calls for that no pack
  /// covers (`de`, `procurement`).
  func packs(for course: CellObject) -> (packs: [Int], unavailable: [String]) {
    if let explicit { return (explicit, []) }
    var wanted = baseline
    var unavailable: [String] = []
    for (country, region) in jurisdictions(of: course) {
      // The most specific pack wins: a regional pack before a country-wide one.
      if let region, let packs = national[Self.key(country, region)] {
        wanted += packs
      } else if let packs = national[Self.key(country, nil)] {
        wanted += packs
      } else {
        unavailable.append(Self.key(country, region).lowercased())
      }
    }
    if let themesSlot, case .list(let themes) = course[themesSlot] {
      for case .string(let text) in themes {
        let theme = text.string
        if let packs = profiles[theme] { wanted += packs } else { unavailable.append(theme) }
      }
    }
    // A handful of positions: sort and drop repeats in place (a course's partners may share a country).
    wanted.sort()
    var packs: [Int] = []
    packs.reserveCapacity(wanted.count)
    for p in wanted where packs.last != p { packs.append(p) }
    if unavailable.count > 1 {
      var seen: Set<String> = []
      unavailable = unavailable.filter { seen.insert($0).inserted }
    }
    return (packs, unavailable)
  }

  private func isAssociate(_ partner: CellObject) -> Bool {
    guard let slot = organisationSlots[partner.type].role else { return false }
    return partner[slot] == .string(Text("associate"))
  }

  /// (country, region) of the provider and of every partner, upper-cased.
  private func jurisdictions(of course: CellObject) -> [(String, String?)] {
    var organisations: [CellObject] = []
    if let providerSlot, case .object(let p) = course[providerSlot] { organisations.append(p) }
    if let partnersSlot, case .list(let items) = course[partnersSlot] {
      for case .object(let p) in items where !isAssociate(p) { organisations.append(p) }
    }
    return organisations.compactMap { o in
      let slots = organisationSlots[o.type]
      guard let c = slots.country, case .string(let country) = o[c] else { return nil }
      var region: String?
      if let r = slots.region, case .string(let text) = o[r] { region = text.string }
      return (country.string.uppercased(), region?.uppercased())
    }
  }
}
