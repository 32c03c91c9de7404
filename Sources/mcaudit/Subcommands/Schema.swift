import ArgumentParser
import MCAuditCore

/// `mcaudit schema`: the course vocabulary as readable text.
struct Schema: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the course vocabulary (mcaudit/course@1 with every loaded pack's fields).")
  @OptionGroup var frameworkOptions: FrameworkOptions

  func run() throws {
    let (frameworks, problems) = frameworkOptions.load()
    Console.report(problems)
    let v = frameworks.vocabulary
    print("\(v.id): \(v.title) (version \(v.version))")
    print("Annex I = element of Council Recommendation 2022/C 243/02 Annex I; ELM = European Learning Model v3\n")
    var printed: Set<Int> = []
    func describe(_ id: Int, prefix: String, indent: String) {
      for field in v.objects[id].fields {
        let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
        var line = "\(indent)\(path): \(field.type.name(in: v))"
        if field.required { line += " (required)" }
        if let f = field.format { line += " [\(f.rawValue)]" }
        if field.minimum != nil || field.maximum != nil {
          line += " [\(field.minimum.map(Value.format) ?? "")..\(field.maximum.map(Value.format) ?? "")]"
        }
        if !field.description.isEmpty { line += " — \(field.description)" }
        var extras: [String] = []
        if let a = field.annexI { extras.append("Annex I \(a)") }
        if let e = field.elm { extras.append("ELM \(e)") }
        if field.declaredBy != v.id { extras.append("declared by pack '\(field.declaredBy)'") }
        if !extras.isEmpty { line += " {\(extras.joined(separator: "; "))}" }
        print(line)
        var type = field.type
        if case .list(let item) = type { type = item.type }
        if case .enumeration(let values) = type {
          for e in values.entries {
            print("\(indent)    - \(e.value)" + (e.description.isEmpty ? "" : ": \(e.description)")
                  + (e.declaredBy != v.id ? " (pack '\(e.declaredBy)')" : ""))
          }
        }
        if case .object(let child) = type {
          if printed.insert(child).inserted || !v.namedTypes.values.contains(child) {
            describe(child, prefix: path + (field.type.name(in: v).hasPrefix("list") ? "[]" : ""), indent: indent + "  ")
          }
        }
      }
    }
    describe(Vocabulary.rootID, prefix: "", indent: "")
  }
}
