/// Loads the vocabulary file and applies the field declarations of packs.
public enum VocabularyLoader {
  static let fieldKeys = ["type", "description", "required", "min", "max", "format", "annex_i", "elm",
                          "values", "items", "fields"]
  static let scalarTypes = ["string", "integer", "number", "boolean", "date", "enum", "list", "object"]

  /// Loads `mcaudit/vocabulary@1` from YAML text.
  /// - Returns: the vocabulary, or the diagnostics that make it unusable.
  public static func load(_ source: SourceText, limits: YAMLLimits = YAMLLimits()) -> Result<Vocabulary, DiagnosticsError> {
    let file: ConfigurationFile
    switch ConfigurationFile.open(source, limits: limits, what: "the vocabulary", format: "mcaudit/vocabulary@1") {
    case .success(let f): file = f
    case .failure(let e): return .failure(e)
    }
    let (top, sink) = (file.top, file.sink)
    var vocabulary = Vocabulary(id: top.string("id", required: true) ?? "?", title: top.string("title") ?? "",
                                version: top.string("version") ?? "", file: source.path)
    let declaredBy = vocabulary.id
    // Named types first (ids, then fields) so that types can refer to each other.
    var named: [(String, MappingReader)] = []
    if let types = top.mapping("types") {
      for entry in types.entries {
        guard let reader = MappingReader(entry.value, sink: sink, what: "type '\(entry.key)'") else { continue }
        let id = vocabulary.addObject(name: entry.key, description: reader.string("description") ?? "",
                                      shorthand: reader.string("shorthand"))
        vocabulary.namedTypes[entry.key] = id
        named.append((entry.key, reader))
      }
    }
    for (name, reader) in named {
      reader.finish(allowed: ["description", "shorthand", "base", "fields"])
      let id = vocabulary.namedTypes[name]!
      if let base = reader.string("base") {
        if let baseID = vocabulary.namedTypes[base] {
          for field in vocabulary.objects[baseID].fields { vocabulary.objects[id].add(field) }
        } else {
          sink.error(at: reader.value("base")!.mark, "unknown base type '\(base)'\(Suggestion.didYouMean(base, in: vocabulary.namedTypes.keys))")
        }
      }
      if let fields = reader.mapping("fields") {
        addFields(fields, to: id, declaredBy: declaredBy, into: &vocabulary, sink: sink)
      }
      if let shorthand = vocabulary.objects[id].shorthand, vocabulary.objects[id].field(shorthand) == nil {
        sink.error(at: reader.value("shorthand")!.mark, "shorthand field '\(shorthand)' is not a field of type '\(name)'")
      }
    }
    if let fields = top.mapping("fields") {
      addFields(fields, to: Vocabulary.rootID, declaredBy: declaredBy, into: &vocabulary, sink: sink)
    } else {
      sink.error(at: top.node.mark, "the vocabulary needs 'fields'")
    }
    top.finish(allowed: ["format", "id", "title", "version", "types", "fields"])
    return sink.hasErrors ? .failure(DiagnosticsError(sink.diagnostics)) : .success(vocabulary)
  }

  static func addFields(_ fields: MappingReader, to object: Int, declaredBy: String,
                        into vocabulary: inout Vocabulary, sink: DiagnosticSink) {
    for entry in fields.entries {
      guard let spec = fieldSpec(entry.value, name: entry.key, owner: vocabulary.objects[object].name,
                                 declaredBy: declaredBy, into: &vocabulary, sink: sink) else { continue }
      if !vocabulary.objects[object].add(spec) {
        sink.error(at: entry.keyMark, "field '\(entry.key)' is declared twice")
      }
    }
  }

  /// Parses one field spec; nested `object` fields create object types named after their path.
  static func fieldSpec(_ node: YAMLNode, name: String, owner: String, declaredBy: String,
                        into vocabulary: inout Vocabulary, sink: DiagnosticSink) -> FieldSpec? {
    // A bare type name: `items: organisation`.
    if let scalar = node.scalar {
      guard let type = namedType(scalar.text, at: node.mark, vocabulary: vocabulary, sink: sink) else { return nil }
      return FieldSpec(name: name, type: type, declaredBy: declaredBy)
    }
    guard let r = MappingReader(node, sink: sink, what: "field '\(name)'") else { return nil }
    r.finish(allowed: fieldKeys)
    guard let typeName = r.string("type", required: true) else { return nil }
    let qualified = owner == "course" ? name : "\(owner).\(name)"
    let type: FieldType
    switch typeName {
    case "string": type = .string
    case "integer": type = .integer
    case "number": type = .number
    case "boolean": type = .boolean
    case "date": type = .date
    case "enum":
      var values = EnumValues()
      addEnumValues(r, key: "values", to: &values, declaredBy: declaredBy, sink: sink)
      if values.entries.isEmpty { sink.error(at: r.node.mark, "enum field '\(name)' needs 'values'") }
      type = .enumeration(values)
    case "list":
      guard let itemNode = r.value("items") else {
        sink.error(at: r.node.mark, "list field '\(name)' needs 'items'")
        return nil
      }
      guard let item = fieldSpec(itemNode, name: "item", owner: qualified, declaredBy: declaredBy,
                                 into: &vocabulary, sink: sink) else { return nil }
      type = .list(item)
    case "object":
      let id = vocabulary.addObject(name: qualified, description: r.string("description") ?? "")
      if let fields = r.mapping("fields") {
        addFields(fields, to: id, declaredBy: declaredBy, into: &vocabulary, sink: sink)
      } else {
        sink.error(at: r.node.mark, "object field '\(name)' needs 'fields'")
      }
      type = .object(id)
    default:
      guard let named = namedType(typeName, at: r.value("type")!.mark, vocabulary: vocabulary, sink: sink) else { return nil }
      type = named
    }
    var spec = FieldSpec(name: name, type: type, declaredBy: declaredBy)
    spec.description = r.string("description") ?? ""
    spec.required = r.bool("required") ?? false
    spec.minimum = r.number("min")
    spec.maximum = r.number("max")
    spec.annexI = r.string("annex_i")
    spec.elm = r.string("elm")
    if let format = r.choice("format", StringFormat.allCases.map(\.rawValue)) {
      spec.format = StringFormat(rawValue: format)
    }
    if r.has("values"), typeName != "enum" { sink.error(at: r.keyMark("values"), "'values' needs 'type: enum'") }
    if r.has("items"), typeName != "list" { sink.error(at: r.keyMark("items"), "'items' needs 'type: list'") }
    if r.has("fields"), typeName != "object" { sink.error(at: r.keyMark("fields"), "'fields' needs 'type: object'") }
    return spec
  }

  static func namedType(_ name: String, at mark: YAMLMark, vocabulary: Vocabulary, sink: DiagnosticSink) -> FieldType? {
    if let id = vocabulary.namedTypes[name] { return .object(id) }
    switch name {
    case "string": return .string
    case "integer": return .integer
    case "number": return .number
    case "boolean": return .boolean
    case "date": return .date
    default:
      let candidates = scalarTypes + vocabulary.namedTypes.keys.sorted()
      sink.error(at: mark, "unknown type '\(name)'\(Suggestion.didYouMean(name, in: candidates))")
      return nil
    }
  }

  /// Reads `values:` as a list of names or a map name → description.
  static func addEnumValues(_ r: MappingReader, key: String, to values: inout EnumValues, declaredBy: String, sink: DiagnosticSink) {
    guard let node = r.value(key) else { return }
    switch node.content {
    case .sequence(let items):
      for item in items {
        guard let s = item.scalar else {
          sink.error(at: item.mark, "enum values must be strings, found \(item.kindDescription)")
          continue
        }
        values.add(s.text, description: "", declaredBy: declaredBy)
      }
    case .mapping(let entries):
      for entry in entries {
        values.add(entry.key, description: entry.value.scalar?.text ?? "", declaredBy: declaredBy)
      }
    case .scalar:
      sink.error(at: node.mark, "'\(key)' must be a list or a mapping of values")
    }
  }

  // MARK: - Pack extensions

  /// Applies a pack's `fields:` section: new fields at dotted paths, and `add_values` to enums.
  static func extend(_ vocabulary: inout Vocabulary, with fields: MappingReader, packID: String, sink: DiagnosticSink) {
    for entry in fields.entries {
      let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      var object = Vocabulary.rootID
      var ok = true
      for part in parts.dropLast() {
        guard let next = vocabulary.objectID(through: part, of: object) else {
          let candidates = vocabulary.objects[object].fieldNames
          sink.error(at: entry.keyMark,
                     "cannot extend '\(entry.key)': '\(part)' is not an object field of \(vocabulary.objects[object].name)\(Suggestion.didYouMean(part, in: candidates))")
          ok = false
          break
        }
        object = next
      }
      guard ok, let name = parts.last, !name.isEmpty else { continue }
      if let slot = vocabulary.objects[object].slot(of: name) {
        guard let r = MappingReader(entry.value, sink: sink, what: "field '\(entry.key)'") else { continue }
        guard r.has("add_values") else {
          sink.error(at: entry.keyMark,
                     "field '\(entry.key)' is already declared by '\(vocabulary.objects[object].fields[slot].declaredBy)'; use 'add_values' to add enum values")
          continue
        }
        r.finish(allowed: ["add_values"])
        var field = vocabulary.objects[object].fields[slot]
        if addValues(to: &field.type, r, packID: packID, sink: sink) {
          vocabulary.objects[object].update(slot: slot) { $0 = field }
        } else {
          sink.error(at: entry.keyMark, "'add_values' needs an enum field; '\(entry.key)' is \(field.type.name(in: vocabulary))")
        }
      } else {
        guard let spec = fieldSpec(entry.value, name: name, owner: vocabulary.objects[object].name,
                                   declaredBy: packID, into: &vocabulary, sink: sink) else { continue }
        vocabulary.objects[object].add(spec)
      }
    }
  }

  private static func addValues(to type: inout FieldType, _ r: MappingReader, packID: String, sink: DiagnosticSink) -> Bool {
    switch type {
    case .enumeration(var values):
      addEnumValues(r, key: "add_values", to: &values, declaredBy: packID, sink: sink)
      type = .enumeration(values)
      return true
    case .list(var item):
      let ok = addValues(to: &item.type, r, packID: packID, sink: sink)
      type = .list(item)
      return ok
    default:
      return false
    }
  }
}
