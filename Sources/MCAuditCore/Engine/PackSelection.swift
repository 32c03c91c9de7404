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
/// course is a few look-ups by bytes: a course's countries, regions and themes are read in place,
/// without a string made of each.
struct PackIndex: Sendable {
  /// Positions in `frameworks.packs` (which is in pack order).
  var baseline: [Int] = []
  /// National packs by jurisdiction key (`ES`, `BE-VLG`: ``key(_:_:)``), profiles by theme: the
  /// packs of the key at position `i` of the table are `…Packs[i]`.
  let nationalKeys: KeyTable
  let nationalPacks: [[Int]]
  let profileKeys: KeyTable
  let profilePacks: [[Int]]
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
    var national: [(key: String, packs: [Int])] = []
    var profiles: [(key: String, packs: [Int])] = []
    func add(_ pack: Int, under key: String, to table: inout [(key: String, packs: [Int])]) {
      if let i = table.firstIndex(where: { $0.key == key }) { table[i].packs.append(pack) } else { table.append((key, [pack])) }
    }
    for (i, p) in frameworks.packs.enumerated() where p.selection == .auto {
      switch p.kind {
      case .baseline: baseline.append(i)
      case .national:
        if let j = p.jurisdiction { add(i, under: Self.key(j.country, j.region), to: &national) }
      case .profile:
        if let theme = p.theme { add(i, under: theme, to: &profiles) }
      default: break
      }
    }
    nationalKeys = KeyTable(national.map(\.key))
    nationalPacks = national.map(\.packs)
    profileKeys = KeyTable(profiles.map(\.key))
    profilePacks = profiles.map(\.packs)
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
    var packs: [Int] = []
    let unavailable = self.packs(for: course, into: &packs)
    return (packs, unavailable)
  }

  /// As ``packs(for:)``, the positions written into `packs` (emptied first, its memory kept: an
  /// audit selects packs course after course).
  func packs(for course: CellObject, into packs: inout [Int]) -> [String] {
    packs.removeAll(keepingCapacity: true)
    if let explicit {
      packs.append(contentsOf: explicit)
      return []
    }
    var wanted = packs  // the caller's memory, for the positions before they are sorted
    packs = []
    wanted.append(contentsOf: baseline)
    var unavailable: [String] = []
    forEachJurisdiction(of: course) { country, region in
      // The most specific pack wins: a regional pack before a country-wide one.
      if let region, let i = Self.index(country, region, in: nationalKeys) {
        wanted += nationalPacks[i]
      } else if let i = Self.index(country, nil, in: nationalKeys) {
        wanted += nationalPacks[i]
      } else {
        unavailable.append(Self.key(country.string, region?.string).lowercased())
      }
    }
    if let themesSlot, case .list(let themes) = course[themesSlot] {
      for case .string(let theme) in themes {
        if let i = profileKeys.index(ofBytes: theme.bytes) { wanted += profilePacks[i] } else { unavailable.append(theme.string) }
      }
    }
    // A handful of positions: sort and drop repeats in place (a course's partners may share a country).
    wanted.sort()
    var kept = 0
    for i in wanted.indices where kept == 0 || wanted[kept - 1] != wanted[i] {
      wanted[kept] = wanted[i]
      kept += 1
    }
    wanted.removeLast(wanted.count - kept)
    packs = wanted
    if unavailable.count > 1 {
      var seen: Set<String> = []
      unavailable = unavailable.filter { seen.insert($0).inserted }
    }
    return unavailable
  }

  /// The position in `table` of the jurisdiction key of `country` and `region` (``key(_:_:)``),
  /// upper-cased as bytes; keys of non-ASCII text go through ``key(_:_:)`` itself.
  private static func index(_ country: Text, _ region: Text?, in table: KeyTable) -> Int? {
    let count = country.count + (region.map { $0.count + 1 } ?? 0)
    guard count <= 64, !country.bytes.contains(where: { $0 >= 0x80 }), !(region?.bytes.contains { $0 >= 0x80 } ?? false) else {
      return table.index(of: key(country.string, region?.string))
    }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { key in
      var n = 0
      func put(_ text: Text) {
        for b in text.bytes {
          key[n] = b &- UInt8(ascii: "a") < 26 ? b ^ 0x20 : b
          n += 1
        }
      }
      put(country)
      if let region {
        key[n] = UInt8(ascii: "-")
        n += 1
        put(region)
      }
      return table.index(ofBytes: UnsafeBufferPointer(key))
    }
  }

  private func isAssociate(_ partner: CellObject) -> Bool {
    guard let slot = organisationSlots[partner.type].role else { return false }
    return partner[slot] == .string(Text("associate"))
  }

  /// Calls `body` with the country and region (if any) of the provider and of every partner that
  /// is not an associate, as written.
  private func forEachJurisdiction(of course: CellObject, _ body: (Text, Text?) -> Void) {
    func visit(_ o: CellObject) {
      let slots = organisationSlots[o.type]
      guard let c = slots.country, case .string(let country) = o[c] else { return }
      var region: Text?
      if let r = slots.region, case .string(let text) = o[r] { region = text }
      body(country, region)
    }
    if let providerSlot, case .object(let p) = course[providerSlot] { visit(p) }
    if let partnersSlot, case .list(let items) = course[partnersSlot] {
      for case .object(let p) in items where !isAssociate(p) { visit(p) }
    }
  }
}
