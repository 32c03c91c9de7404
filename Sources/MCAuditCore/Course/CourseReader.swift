/// Reads a course document against the vocabulary: builds typed values by slot and reports wrong
/// types (error), unknown fields (warning, with did-you-mean), bad enum values, formats and ranges.
///
/// The walk follows the vocabulary, so unknown subtrees are never descended into.
public struct CourseReader: Sendable {
  public let vocabulary: Vocabulary
  let citation: Citation

  /// The pack id schema findings carry.
  public static let packID = "schema"

  public init(vocabulary: Vocabulary) {
    self.vocabulary = vocabulary
    self.citation = Citation(source: "mcaudit course vocabulary (\(vocabulary.id))", section: "",
                             url: nil)
  }

  /// Reads one document of `file`.
  public func read(_ document: YAMLNode, file: String) -> Course {
    var walk = Walk(reader: self, file: file)
    let data = walk.object(document, type: Vocabulary.rootID)
    var course = Course(file: file, document: document, data: data, id: nil, title: nil,
                        schemaFindings: walk.findings)
    let root = vocabulary.root
    if let slot = root.slot(of: "id"), case .string(let id) = data.fields[slot] { course.id = id }
    if let slot = root.slot(of: "title"), case .string(let t) = data.fields[slot] { course.title = t }
    return course
  }

  private struct Walk {
    let reader: CourseReader
    let file: String
    var findings: [Finding] = []
    var path: [FieldPath.Component] = []

    var vocabulary: Vocabulary { reader.vocabulary }

    mutating func report(_ rule: String, _ severity: Severity, at mark: YAMLMark, _ message: String, fix: String? = nil) {
      findings.append(Finding(rule: rule, pack: CourseReader.packID, packVersion: vocabulary.version,
                              severity: severity, message: message, path: FieldPath(path).description,
                              location: SourceLocation(file: file, mark), citation: reader.citation, fix: fix))
    }

    var here: String {
      let p = FieldPath(path).description
      return p.isEmpty ? "the course" : "'\(p)'"
    }

    mutating func object(_ node: YAMLNode, type id: Int) -> ObjectValue {
      let type = vocabulary.objects[id]
      var fields = [Value](repeating: .missing, count: type.fields.count)
      switch node.content {
      case .mapping(let entries):
        for entry in entries {
          path.append(.key(entry.key))
          if let slot = type.slot(of: entry.key) {
            fields[slot] = value(entry.value, type.fields[slot])
          } else {
            let hint = Suggestion.closest(to: entry.key, in: type.fieldNames)
            report("SCHEMA-UNKNOWN-FIELD", .warning, at: entry.keyMark,
                   "unknown field '\(entry.key)' in \(type.name)\(hint.map { "; did you mean '\($0)'?" } ?? "")",
                   fix: hint.map { "Rename it to '\($0)'" } ?? "Remove it, or declare it in a pack's 'fields'")
          }
          path.removeLast()
        }
        for (slot, field) in type.fields.enumerated() where field.required && fields[slot].isMissing {
          path.append(.key(field.name))
          if !entries.contains(where: { $0.key == field.name }) {
            report("SCHEMA-REQUIRED", .error, at: node.mark, "missing required field '\(field.name)'",
                   fix: "Add '\(field.name)': \(field.description)")
          }
          path.removeLast()
        }
      case .scalar(let s) where type.shorthand != nil:
        if !s.isNull, let slot = type.slot(of: type.shorthand!) {
          path.append(.key(type.shorthand!))
          fields[slot] = value(node, type.fields[slot])
          path.removeLast()
        }
      default:
        mismatch(node, expected: "a mapping (\(type.name))")
      }
      return ObjectValue(type: id, fields: fields)
    }

    mutating func mismatch(_ node: YAMLNode, expected: String, fix: String? = nil) {
      report("SCHEMA-TYPE", .error, at: node.mark, "\(here) must be \(expected), found \(node.kindDescription)", fix: fix)
    }

    mutating func value(_ node: YAMLNode, _ field: FieldSpec) -> Value {
      if case .scalar(let s) = node.content, s.isNull { return .missing }
      switch field.type {
      case .object(let id):
        return .object(object(node, type: id))
      case .list(let item):
        guard let items = node.sequence else {
          mismatch(node, expected: "a list")
          return .missing
        }
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for (i, itemNode) in items.enumerated() {
          path.append(.index(i))
          let v = value(itemNode, item)
          if !v.isMissing { values.append(v) }
          path.removeLast()
        }
        return .list(values)
      default:
        guard let scalar = node.scalar else {
          mismatch(node, expected: expectation(field))
          return .missing
        }
        return self.scalar(scalar, node, field)
      }
    }

    func expectation(_ field: FieldSpec) -> String {
      switch field.type {
      case .string: return "a string"
      case .integer: return "a whole number"
      case .number: return "a number"
      case .boolean: return "true or false"
      case .date: return "a date YYYY-MM-DD"
      case .enumeration: return "one of the values of '\(field.name)'"
      case .list: return "a list"
      case .object(let id): return "a mapping (\(vocabulary.objects[id].name))"
      }
    }

    mutating func scalar(_ s: YAMLScalar, _ node: YAMLNode, _ field: FieldSpec) -> Value {
      let resolved = s.resolved
      switch field.type {
      case .string:
        if case .bool = resolved {
          mismatch(node, expected: "a string", fix: "Quote the value: '\"\(s.text)\"'")
          return .missing
        }
        if let format = field.format, !format.accepts(s.text) {
          report("SCHEMA-FORMAT", .error, at: node.mark, "\(here) must be \(format.explanation), found '\(s.text)'")
          return .missing
        }
        return .string(s.text)
      case .integer, .number:
        let d: Double
        switch resolved {
        case .int(let i): d = Double(i)
        case .float(let f) where f.isFinite: d = f
        default:
          mismatch(node, expected: expectation(field), fix: s.style != .plain ? "Remove the quotes" : nil)
          return .missing
        }
        if case .integer = field.type, d != d.rounded() {
          mismatch(node, expected: "a whole number")
          return .missing
        }
        if let lo = field.minimum, d < lo {
          report("SCHEMA-RANGE", .error, at: node.mark, "\(here) must be at least \(Value.format(lo)), found \(Value.format(d))")
          return .missing
        }
        if let hi = field.maximum, d > hi {
          report("SCHEMA-RANGE", .error, at: node.mark, "\(here) must be at most \(Value.format(hi)), found \(Value.format(d))")
          return .missing
        }
        return .number(d)
      case .boolean:
        if case .bool(let b) = resolved { return .bool(b) }
        mismatch(node, expected: "true or false", fix: "Write true or false (YAML 1.2: 'yes', 'no', 'on' and 'off' are strings)")
        return .missing
      case .date:
        if let d = CivilDate(s.text) { return .date(d) }
        mismatch(node, expected: "a date YYYY-MM-DD")
        return .missing
      case .enumeration(let values):
        if case .bool = resolved {
          mismatch(node, expected: expectation(field))
          return .missing
        }
        guard values.contains(s.text) else {
          let hint = Suggestion.closest(to: s.text, in: values.values)
          let listed = values.values.count <= 12 ? "; allowed: \(values.values.joined(separator: ", "))" : ""
          report("SCHEMA-ENUM", .error, at: node.mark,
                 "'\(s.text)' is not a known value of \(here)\(hint.map { "; did you mean '\($0)'?" } ?? listed)",
                 fix: hint.map { "Write '\($0)'" } ?? "Use a listed value, or add it in a pack with 'add_values'")
          return .missing
        }
        return .string(s.text)
      case .list, .object:
        return .missing  // handled by value(_:_:)
      }
    }
  }
}
