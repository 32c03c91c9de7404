/// The field vocabulary of course files: data loaded from `frameworks/course.vocabulary.yaml`
/// plus what packs declare. Course files are checked against it and expressions type-checked.
public struct Vocabulary: Sendable {
  /// The vocabulary's id, `mcaudit/course@1`.
  public var id: String
  public var title: String
  public var version: String
  /// Where it was loaded from (for citations of schema findings).
  public var file: String
  /// All object types; `objects[0]` is the course itself.
  public var objects: [ObjectType]
  /// Named object types (`organisation`), by name.
  public var namedTypes: [String: Int]

  public static let rootID = 0

  public var root: ObjectType { objects[Self.rootID] }

  public init(id: String, title: String, version: String, file: String) {
    self.id = id
    self.title = title
    self.version = version
    self.file = file
    self.objects = [ObjectType(id: 0, name: "course", description: "A course definition")]
    self.namedTypes = [:]
  }

  /// Adds an object type and returns its id.
  public mutating func addObject(name: String, description: String = "", shorthand: String? = nil) -> Int {
    let id = objects.count
    objects.append(ObjectType(id: id, name: name, description: description, shorthand: shorthand))
    return id
  }

  /// The object id reached through field `name` of object `id`, looking through lists.
  public func objectID(through name: String, of id: Int) -> Int? {
    guard let field = objects[id].field(name) else { return nil }
    return Self.objectID(of: field.type)
  }

  static func objectID(of type: FieldType) -> Int? {
    switch type {
    case .object(let id): return id
    case .list(let item): return objectID(of: item.type)
    default: return nil
    }
  }

  /// The field at a dotted path from the root (`workload.ects`), looking through lists.
  public func field(atPath path: String) -> FieldSpec? {
    var object = Self.rootID
    let parts = path.split(separator: ".").map(String.init)
    for (i, part) in parts.enumerated() {
      guard let field = objects[object].field(part) else { return nil }
      if i == parts.count - 1 { return field }
      guard let next = Self.objectID(of: field.type) else { return nil }
      object = next
    }
    return nil
  }
}
