/// Where a rule's findings are: its path resolved against the vocabulary once, when the auditor
/// is made, so that a finding is located by slots (``CourseLocations/Step``) and its path text
/// written around the item's index, without a field path built and its names looked up again for
/// every finding. A class: the audit hands a failing rule's locator to the report by one
/// reference, where the struct's copy retained each of its lists and strings.
final class RuleLocator: Sendable {
  /// The steps of the rule's path from the course, for findings about the path itself.
  let steps: [CourseLocations.Step]?
  /// For findings per item of `each` (the rule's path is below `it`): the steps to the list and
  /// below the item, and the path's text before and after the item's index
  /// (`learning_outcomes`, `.text`).
  let perItem: (list: [CourseLocations.Step]?, rest: [CourseLocations.Step]?, listText: String, restText: String)?
  /// The paths of the first items' findings (`learning_outcomes[0].text` ...), made once: a
  /// finding then shares its path instead of writing and validating a new string.
  let itemPaths: [String]

  /// How many items' paths ``itemPaths`` holds: outcomes, assessments and partners are rarely more.
  static let itemPathCount = 8

  /// A rule's locator; without a vocabulary, findings are located by the path's names.
  init(_ rule: Rule, vocabulary: Vocabulary?) {
    let components = rule.path.components
    if let eachPath = rule.eachPath, components.isEmpty || components.first == .key("it") {
      let rest = components.dropFirst()
      let list = vocabulary.flatMap { CourseLocations.steps(eachPath.components[...], from: Vocabulary.rootID, in: $0) }
      let item = vocabulary.flatMap { v in list.flatMap { _ in Self.itemType(after: eachPath, in: v) } }
      let restSteps = vocabulary.flatMap { v in item.flatMap { CourseLocations.steps(rest, from: $0, in: v) } }
      // The text after the index: the path below `it` as written after `[i]`.
      let restText = String(FieldPath([.index(0)] + rest).description.dropFirst(3))
      perItem = (list, restSteps, eachPath.description, restText)
      itemPaths = (0..<Self.itemPathCount).map { Self.path(eachPath.description, index: $0, restText) }
      steps = nil
    } else {
      perItem = nil
      itemPaths = []
      steps = vocabulary.flatMap { CourseLocations.steps(components[...], from: Vocabulary.rootID, in: $0) }
    }
  }

  /// The path of a finding about item `index` of a list: `listText[index]restText`.
  func path(index: Int) -> String {
    guard let item = perItem else { return "" }
    return index < itemPaths.count ? itemPaths[index] : Self.path(item.listText, index: index, item.restText)
  }

  private static func path(_ listText: String, index: Int, _ restText: String) -> String {
    var text = ByteBuffer(capacity: listText.utf8.count + restText.utf8.count + 24)
    text.append(listText)
    text.append(UInt8(ascii: "["))
    text.append(decimal: index)
    text.append(UInt8(ascii: "]"))
    text.append(restText)
    return text.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  /// The object type of the items of the list field at `path`, if they are objects.
  private static func itemType(after path: FieldPath, in vocabulary: Vocabulary) -> Int? {
    var type = Vocabulary.rootID
    for (i, component) in path.components.enumerated() {
      guard case .key(let name) = component, let field = vocabulary.objects[type].field(name) else { return nil }
      switch field.type {
      case .object(let id): type = id
      case .list(let item):
        guard i == path.components.count - 1, case .object(let id) = item.type else { return nil }
        return id
      default: return nil
      }
    }
    return nil
  }
}
