/// Reads course documents against the vocabulary: builds typed values by slot and reports wrong
/// types (error), unknown fields (warning, with did-you-mean), bad enum values, formats and ranges.
///
/// It reads straight from the parser's events (``YAMLEventHandler``), so a course file never
/// becomes a YAML tree: values, schema findings and the ``CourseLocations`` of findings are built
/// in one pass. Subtrees the vocabulary does not describe (unknown fields, wrongly typed values)
/// are passed over.
public struct CourseReader: Sendable {
  /// What reading needs, shared: a course's builder refers to it instead of copying (and
  /// retaining) each of its arrays and strings.
  final class Tables: Sendable {
    let vocabulary: Vocabulary
    let citation: Citation
    let plan: ReadingPlan
    /// The root's `id` and `title` slots, which name the course in reports.
    let idSlot: Int?
    let titleSlot: Int?
    let formatSlot: Int?
    /// The steps to the root's `id`, which locate it for catalogue-level findings.
    let idSteps: [CourseLocations.Step]
    /// The field names of each object type, for ``CourseLocations``.
    let fieldNames: [KeyTable]

    init(_ vocabulary: Vocabulary) {
      self.vocabulary = vocabulary
      // The vocabulary is the source of its findings; `mcaudit schema` prints it, with the EU
      // Annex I element and ELM property each field carries.
      citation = Citation(source: "mcaudit course vocabulary (\(vocabulary.id))",
                          section: "fields, types and values, as 'mcaudit schema' prints them", url: nil)
      plan = ReadingPlan(vocabulary)
      idSlot = vocabulary.root.slot(of: "id")
      titleSlot = vocabulary.root.slot(of: "title")
      formatSlot = vocabulary.root.slot(of: "format")
      idSteps = idSlot.map { [.field(slot: Int32($0), of: Int32(Vocabulary.rootID))] } ?? []
      fieldNames = plan.objects.map(\.keys)
    }
  }

  let tables: Tables
  public var vocabulary: Vocabulary { tables.vocabulary }
  var citation: Citation { tables.citation }

  /// The pack id schema findings carry.
  public static let packID = "schema"

  public init(vocabulary: Vocabulary) {
    tables = Tables(vocabulary)
  }

  /// One document of a file, read as a course.
  public struct Document: Sendable {
    public var course: Course
    /// The document's top-level `format:` as written, when it is a scalar, and where.
    public var format: (text: String, mark: YAMLMark)?
    /// Where the document's root starts.
    public var mark: YAMLMark
  }

  /// Reads every document of a file. Throws the YAML error that stops the parse.
  public func read(_ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> [Document] {
    var session = session()
    return try session.read(bytes, file: file, limits: limits)
  }

  /// A reader for many files in turn, on one thread.
  public func session() -> Session {
    Session(builder: Builder(tables: tables, file: ""))
  }

  /// Reads file after file keeping its working memory: the parser's stacks and the builder's
  /// stacks, cells and locations, which each file of an audit allocated and freed again.
  public struct Session: ~Copyable {
    private var parser = YAMLParser.Session()
    private var builder: Builder

    init(builder: consuming Builder) {
      self.builder = builder
    }

    /// As ``CourseReader/read(_:file:limits:)``.
    public mutating func read(_ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> [Document] {
      // A course's values take about twice the bytes of its file and the locations of its values
      // about four times (a 40-byte entry for every ten bytes or so): one chunk holds the first
      // document's, where a chunk for the values and a second for the locations cost two allocations.
      builder.begin(file: file, arenaSize: bytes.count * 6)
      try parser.parse(bytes, limits: limits, notation: .init(path: file), into: &builder)
      return builder.takeDocuments()
    }
  }

  /// The format the first document of `bytes` declares, when it is another mcaudit file (a
  /// report, a pack): read up to that line only, so a prefix of a file will do.
  func otherFormat(_ bytes: [UInt8], limits: YAMLLimits) -> String? {
    var builder = Builder(tables: tables, file: "")
    try? YAMLParser.parse(bytes, limits: limits, into: &builder)
    return builder.isFinished ? builder.format?.text : nil
  }

  /// Reads a document that is already a tree, such as a pack's example course.
  /// - Parameter requiredFields: whether a missing required field is a finding. A rule's example
  ///   is a fragment that lacks most of them by design, and the findings cost start-up time.
  public func read(_ document: YAMLNode, file: String, requiredFields: Bool = true) -> Course {
    var builder = Builder(tables: tables, file: file)
    builder.checksRequired = requiredFields
    builder.startDocument()
    document.replay(into: &builder)
    builder.endDocument()
    return builder.documents[0].course
  }

  /// The event handler: a stack of the open mappings and lists with the values built so far.
  /// Its stacks are plain buffers (it handles every event of every course file); it is not
  /// copyable, as they are not.
  struct Builder: YAMLEventHandler, ~Copyable {
    let tables: Tables
    var file: String
    var checksRequired = true
    var documents: [Document] = []

    // The document being read.
    var stack = PlainBuffer<Frame>(capacity: 16)
    /// Path components below the open frames while a finding about them may be reported: an
    /// unknown key, a missing required field, an object's shorthand field. The path itself is
    /// built from the frames only when a finding needs it (``path``).
    var suffix: [FieldPath.Component] = []
    var findings: [Finding] = []
    /// The location of every value read so far, in file order (``CourseLocations``).
    var entries = PlainBuffer<CourseLocations.Entry>(capacity: 256)
    /// Where the document's values go: the text, items and fields of finished values.
    var arena: ValueArena
    /// The values of the open frames, innermost last: an object's fields by slot, a list's items.
    var cells = PlainBuffer<Cell>(capacity: 128)
    /// Beside each of ``cells``: for an object's field, the location entry of its key once read
    /// (-1 before), which tells a repeated key (``KeyCheck``); -1 for a list's items.
    var keyEntries = PlainBuffer<Int32>(capacity: 128)
    var root: CellObject?
    var rootMark = YAMLMark.start
    var format: (text: String, mark: YAMLMark)?
    /// The file's first document declares another mcaudit format: nothing more is read.
    var isFinished = false

    /// Whether a `format:` names one of mcaudit's own files other than a course
    /// (`mcaudit/report@1`, `mcaudit/pack@1`, ...), each one document.
    static func isOtherFormat(_ text: String) -> Bool {
      text.hasPrefix("mcaudit/") && !text.hasPrefix("mcaudit/course@")
    }

    /// An open mapping or list.
    struct Frame {
      enum Kind { case object, list, skip }
      var kind: Kind
      var mark: YAMLMark
      /// The object type of an object frame.
      var type = 0
      /// Where the frame's values start in ``cells``: an object's fields by slot, a list's items.
      var start = 0
      /// The items' field (``ReadingPlan/fields``) of a list frame.
      var item = -1
      var itemIndex = 0
      /// The slot whose value comes next in an object frame; ``none`` or ``unknownField``.
      var pending = Frame.none
      /// The location entry of the value being read (an object's pending field, a list's item),
      /// and of this frame's own value.
      var pendingEntry = -1
      var entry = -1
      /// What a skipped value stands for once it ends.
      var fallback: Cell = .missing

      static var none: Int { -1 }
      static var unknownField: Int { -2 }
    }

    /// Where the next value goes.
    enum Target {
      case root
      /// A value of this field of ``ReadingPlan/fields``.
      case field(Int, entry: Int)
      case ignored
    }

    init(tables: Tables, file: String) {
      self.tables = tables
      self.file = file
      self.arena = ValueArena()
    }

    var vocabulary: Vocabulary { tables.vocabulary }

    /// Starts a file, keeping the memory of the stacks: its documents' values go to an arena of
    /// `arenaSize` bytes.
    mutating func begin(file: String, arenaSize: Int) {
      self.file = file
      documents = []
      arena = ValueArena(chunkSize: arenaSize)
      root = nil
      format = nil
      isFinished = false
    }

    /// The documents read, which the builder no longer holds.
    mutating func takeDocuments() -> [Document] {
      defer { documents = [] }
      return documents
    }

    // MARK: Events

    mutating func startDocument() {
      stack.truncate(to: 0)
      suffix.removeAll(keepingCapacity: true)
      findings = []
      entries.truncate(to: 0)
      // Each further document of a file has an arena of its own, which starts small: the file's
      // size is not each one's.
      if !documents.isEmpty { arena = ValueArena() }
      cells.truncate(to: 0)
      keyEntries.truncate(to: 0)
      root = nil
      format = nil
    }

    mutating func endDocument() {
      let data = root ?? missingObject(Vocabulary.rootID)
      let locations = CourseLocations(entries: entries.withBytes { arena.copy($0) }, fieldNames: tables.fieldNames)
      var id: String?, title: String?
      if let slot = tables.idSlot, case .string(let t) = data[slot] { id = t.string }
      if let slot = tables.titleSlot, case .string(let t) = data[slot] { title = t.string }
      // Made whole where it is stored: a course made as a variable and then given its id and
      // title was copied into the list, each of its references retained and released.
      documents.append(Document(course: Course(file: file, locations: locations, root: data, storage: arena, id: id, title: title,
                                               idMark: locations.mark(of: tables.idSteps), schemaFindings: findings),
                                format: format, mark: rootMark))
    }

    mutating func key(_ key: YAMLKey, at mark: YAMLMark) -> KeyCheck {
      guard !stack.isEmpty, stack.last.kind == .object else { return .unchecked }
      let type = stack.last.type
      if let slot = tables.plan.objects[type].keys.index(ofBytes: key.bytes, hash: key.hash) {
        // A known field: a repeat is a field whose key is already recorded.
        let first = keyEntries[stack.last.start + slot]
        if first >= 0 { return .duplicate(first: entries[Int(first)].keyMark) }
        keyEntries[stack.last.start + slot] = Int32(entries.count)
        stack.last.pending = slot
        stack.last.pendingEntry = entries.count
        entries.append(.init(parent: Int32(stack.last.entry), slot: Int32(slot), index: 0, keyMark: mark, mark: mark))
        return .checked
      } else {
        unknownField(key, of: type, at: mark)
        return .unchecked
      }
    }

    /// Reports a key that names no field of the open object, whose value is passed over.
    @inline(never)
    mutating func unknownField(_ key: YAMLKey, of type: Int, at mark: YAMLMark) {
      let key = key.text
      stack.last.pending = Frame.unknownField
      let object = vocabulary.objects[type]
      let hint = Suggestion.closest(to: key, in: object.fieldNames)
      suffix.append(.key(key))
      report("SCHEMA-UNKNOWN-FIELD", .warning, at: mark,
             "unknown field '\(key)' in \(object.name)\(hint.map { "; did you mean '\($0)'?" } ?? "")",
             fix: hint.map { "Rename it to '\($0)'" } ?? "Remove it, or declare it in a pack's 'fields'")
      suffix.removeLast()
    }

    mutating func scalar(_ scalar: YAMLScalarView, at mark: YAMLMark) {
      switch target(at: mark, kind: scalar.isNull ? .null : .scalar) {
      case .root:
        scalarRoot(scalar, at: mark)
      case .field(let field, _):
        if stack.count == 1, stack[0].kind == .object, stack[0].pending == tables.formatSlot, formatField(scalar, at: mark) {
          return
        }
        deliver(value(scalar, at: mark, field))
      case .ignored:
        deliver(.missing)
      }
    }

    /// A document that is a scalar, not a course's mapping.
    @inline(never)
    mutating func scalarRoot(_ scalar: YAMLScalarView, at mark: YAMLMark) {
      mismatch(expected: "a mapping (\(vocabulary.root.name))", found: scalar.resolved.description, at: mark)
      deliver(.object(missingObject(Vocabulary.rootID)))
    }

    /// Records the top-level `format:`; true when it names another mcaudit file, which ends the
    /// reading (a report, a pack, waivers: it is skipped, and it is not read on, so a large
    /// report in an audited folder neither costs time nor hits a limit).
    @inline(never)
    mutating func formatField(_ scalar: YAMLScalarView, at mark: YAMLMark) -> Bool {
      // The format every course has is the constant's string, not a new one for each course.
      let isCourse = Course.format.utf8.withContiguousStorageIfAvailable {
        $0.count == scalar.bytes.count && bytesEqual($0.baseAddress!, scalar.bytes.baseAddress!, $0.count)
      } ?? false
      let text = isCourse ? Course.format : scalar.text
      format = (text, mark)
      guard !isCourse, Self.isOtherFormat(text), documents.isEmpty else { return false }
      endDocument()
      isFinished = true
      return true
    }

    mutating func startMapping(at mark: YAMLMark) {
      switch target(at: mark, kind: .mapping) {
      case .root:
        open(.object, at: mark, type: Vocabulary.rootID, entry: 0)
      case .field(let field, let entry):
        let spec = tables.plan.fields[field]
        if spec.kind == .object {
          open(.object, at: mark, type: spec.target, entry: entry)
        } else {
          mismatch(expected: expectation(field), found: "a mapping", at: mark)
          open(.skip, at: mark)
        }
      case .ignored:
        open(.skip, at: mark)
      }
    }

    mutating func startSequence(at mark: YAMLMark) {
      switch target(at: mark, kind: .sequence) {
      case .root:
        mismatch(expected: "a mapping (\(vocabulary.root.name))", found: "a list", at: mark)
        open(.skip, at: mark, fallback: .object(missingObject(Vocabulary.rootID)))
      case .field(let field, let entry):
        let spec = tables.plan.fields[field]
        switch spec.kind {
        case .list:
          open(.list, at: mark, entry: entry, item: spec.target)
        case .object:
          mismatch(expected: expectation(field), found: "a list", at: mark)
          open(.skip, at: mark, fallback: .object(missingObject(spec.target)))
        default:
          mismatch(expected: expectation(field), found: "a list", at: mark)
          open(.skip, at: mark)
        }
      case .ignored:
        open(.skip, at: mark)
      }
    }

    mutating func endCollection() {
      guard !stack.isEmpty else { return }
      let frame = stack.removeLast()
      if frame.entry >= 0 { entries[frame.entry].end = Int32(entries.count) }
      switch frame.kind {
      case .object:
        if checksRequired { reportMissingRequired(frame) }
        deliver(.object(CellObject(type: frame.type, fields: popCells(from: frame.start))))
      case .list:
        deliver(.list(popCells(from: frame.start)))
      case .skip:
        deliver(frame.fallback)
      }
    }

    /// A missing required field of a closing object is an error, unless the file has its key (with
    /// a null or a wrongly typed value, which is reported as such).
    private mutating func reportMissingRequired(_ frame: Frame) {
      for slot in tables.plan.objects[frame.type].required
      where cells[frame.start + slot].isMissing && keyEntries[frame.start + slot] < 0 {
        let field = tables.plan.specs[tables.plan.field(slot, of: frame.type)]
        suffix.append(.key(field.name))
        report("SCHEMA-REQUIRED", .error, at: frame.mark, "missing required field '\(field.name)'",
               fix: "Add '\(field.name)': \(field.description)")
        suffix.removeLast()
      }
    }

    // MARK: Structure

    /// Where a value starting at `mark` goes; records its location and, in a list, its index.
    mutating func target(at mark: YAMLMark, kind: CourseLocations.Entry.Kind) -> Target {
      guard !stack.isEmpty else {
        rootMark = mark
        entries.append(.init(parent: -1, slot: -1, index: 0, type: kind == .mapping ? Int32(Vocabulary.rootID) : -1,
                             keyMark: mark, mark: mark, kind: kind))
        return .root
      }
      let top = stack.last
      switch top.kind {
      case .skip:
        return .ignored
      case .object:
        let slot = top.pending
        guard slot >= 0 else { return .ignored }
        let entry = top.pendingEntry
        entries[entry].mark = mark
        entries[entry].kind = kind
        return .field(tables.plan.objects[top.type].start + slot, entry: entry)
      case .list:
        // The item's position in the list's value: the items delivered so far (``deliver(_:)``).
        let entry = entries.count
        entries.append(.init(parent: Int32(top.entry), slot: Int32(cells.count - top.start), index: Int32(top.itemIndex),
                             keyMark: mark, mark: mark, kind: kind))
        stack.last.pendingEntry = entry
        return .field(top.item, entry: entry)
      }
    }

    mutating func open(_ kind: Frame.Kind, at mark: YAMLMark, type: Int = 0, entry: Int = -1, item: Int = -1,
                       fallback: Cell = .missing) {
      let start = cells.count
      if kind == .object {
        pushMissingFields(type)
        entries[entry].type = Int32(type)
      }
      stack.append(Frame(kind: kind, mark: mark, type: type, start: start, item: item, entry: entry, fallback: fallback))
    }

    /// The values of ``cells`` from `start` on (a closing object's fields, a list's items), copied
    /// into the arena and taken off.
    mutating func popCells(from start: Int) -> Cells {
      let values = arena.copy(cells.suffix(from: start))
      cells.truncate(to: start)
      keyEntries.truncate(to: start)
      return values
    }

    /// A finished value goes to its slot, its list, or becomes the root.
    mutating func deliver(_ value: Cell) {
      guard !stack.isEmpty else {
        if case .object(let o) = value { root = o }
        return
      }
      switch stack.last.kind {
      case .object:
        let slot = stack.last.pending
        if slot >= 0 { cells[stack.last.start + slot] = value }
        stack.last.pending = Frame.none
      case .list:
        if value.isMissing {
          entries[stack.last.pendingEntry].isInValue = false
        } else {
          cells.append(value)
          keyEntries.append(-1)
        }
        stack.last.itemIndex += 1
      case .skip:
        break
      }
    }

    /// Every field of an object type, missing, onto ``cells``.
    mutating func pushMissingFields(_ type: Int) {
      let count = tables.plan.objects[type].count
      cells.append(repeating: .missing, count: count)
      keyEntries.append(repeating: -1, count: count)
    }

    /// An object of the type with every field missing (what a wrongly typed object stands for).
    mutating func missingObject(_ type: Int) -> CellObject {
      let start = cells.count
      pushMissingFields(type)
      return CellObject(type: type, fields: popCells(from: start))
    }

    // MARK: Values

    // The findings of reading, out of line (as are `mismatch` and `expectation`): inline, their
    // messages made every event handler many times the instruction cache its usual path needs.

    /// Every finding of reading says how to fix it (spec §6: a finding has a fix hint).
    @inline(never)
    mutating func report(_ rule: String, _ severity: Severity, at mark: YAMLMark, _ message: String, fix: String) {
      findings.append(Finding(rule: rule, pack: CourseReader.packID, packVersion: vocabulary.version,
                              severity: severity, message: message, path: path.description,
                              location: SourceLocation(file: file, mark), citation: tables.citation, fix: fix))
    }

    /// The path of the value being read: the pending key of each open object, the current index of
    /// each open list, then ``suffix``.
    var path: FieldPath {
      var components: [FieldPath.Component] = []
      for i in 0..<stack.count {
        let frame = stack[i]
        switch frame.kind {
        case .object where frame.pending >= 0: components.append(.key(tables.plan.objects[frame.type].names[frame.pending]))
        case .list: components.append(.index(frame.itemIndex))
        default: break
        }
      }
      components.append(contentsOf: suffix)
      return FieldPath(components)
    }

    var here: String {
      let p = path.description
      return p.isEmpty ? "the course" : "'\(p)'"
    }

    @inline(never)
    mutating func mismatch(expected: String, found: String, at mark: YAMLMark, fix: String? = nil) {
      report("SCHEMA-TYPE", .error, at: mark, "\(here) must be \(expected), found \(found)",
             fix: fix ?? "Write \(here) as \(expected) ('mcaudit schema' shows each field's type)")
    }

    /// What a field of ``ReadingPlan/fields`` expects, in words.
    @inline(never)
    func expectation(_ index: Int) -> String {
      let field = tables.plan.specs[index]
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

    /// The value of a scalar written for `field` (an index into ``ReadingPlan/fields``). A
    /// scalar for an object fills the object's shorthand field (a learning outcome written as a
    /// string is its `text`).
    mutating func value(_ s: YAMLScalarView, at mark: YAMLMark, _ field: Int) -> Cell {
      if s.isNull { return .missing }
      let plan = tables.plan.fields[field]
      switch plan.kind {
      case .object:
        return shorthand(s, at: mark, object: plan.target)
      case .list:
        mismatch(expected: "a list", found: s.resolved.description, at: mark)
        return .missing
      default:
        return typed(s, at: mark, field)
      }
    }

    /// An object written as a scalar: its shorthand field's value (a learning outcome written as
    /// a string is its `text`), or a mismatch for an object without one. Out of line, as the
    /// less frequent path of ``value(_:at:_:)``.
    @inline(never)
    mutating func shorthand(_ s: YAMLScalarView, at mark: YAMLMark, object id: Int) -> Cell {
      let start = cells.count
      pushMissingFields(id)
      if let slot = tables.plan.objects[id].shorthand {
        suffix.append(.key(tables.plan.specs[tables.plan.field(slot, of: id)].name))
        let v = value(s, at: mark, tables.plan.field(slot, of: id))
        cells[start + slot] = v
        suffix.removeLast()
      } else if vocabulary.objects[id].shorthand == nil {
        mismatch(expected: "a mapping (\(vocabulary.objects[id].name))", found: s.resolved.description, at: mark)
      }
      return .object(CellObject(type: id, fields: popCells(from: start)))
    }

    /// A scalar of a scalar field: typed, with its format, range and allowed values checked.
    /// A value that passes takes a short path here; a value that fails, or a number that needs
    /// more than a plain whole number's reading, goes out of line (``rejected(_:at:_:)``,
    /// ``number(_:at:_:)``): with its messages inline this function, run for every scalar of
    /// every course, took a dozen times the instruction cache that its passing paths need, and
    /// evicted libyaml's code between two events.
    mutating func typed(_ s: YAMLScalarView, at mark: YAMLMark, _ field: Int) -> Cell {
      let plan = tables.plan.fields[field]
      switch plan.kind {
      case .string:
        guard !s.isBool, plan.format?.accepts(bytes: s.bytes) ?? true else { return rejected(s, at: mark, field) }
        return .string(arena.copy(s.bytes))
      case .integer, .number:
        if let n = s.plainInteger {
          let d = Double(n)
          if plan.minimum.map({ d >= $0 }) ?? true, plan.maximum.map({ d <= $0 }) ?? true { return .number(d) }
        }
        return number(s, at: mark, field)
      case .boolean:
        // A boolean is decided on the bytes (`t`/`T` starts every spelling of true).
        guard s.isBool else { return rejected(s, at: mark, field) }
        return .bool(s.bytes[0] | 0x20 == UInt8(ascii: "t"))
      case .date:
        guard let d = CivilDate(bytes: s.bytes) else { return rejected(s, at: mark, field) }
        return .date(d)
      case .enumeration:
        guard !s.isBool, tables.plan.enumerations[plan.target].table.index(ofBytes: s.bytes) != nil else {
          return rejected(s, at: mark, field)
        }
        return .string(arena.copy(s.bytes))
      case .list, .object:
        return .missing  // handled by value(_:at:_:)
      }
    }

    /// A number field's value in general: any YAML number, checked to be finite, whole for an
    /// integer field, and in range.
    @inline(never)
    mutating func number(_ s: YAMLScalarView, at mark: YAMLMark, _ field: Int) -> Cell {
      let plan = tables.plan.fields[field]
      let d: Double
      if let n = s.plainInteger {
        d = Double(n)
      } else {
        let resolved = s.resolved
        switch resolved {
        case .int(let i): d = Double(i)
        case .float(let f) where f.isFinite: d = f
        case .float(let f) where f.isInfinite && !s.text.lowercased().containsBytes("inf"):
          // A literal such as 1e400 (not `.inf`): a number, but beyond what a double holds.
          mismatch(expected: "a finite number", found: "'\(s.text)', which is too large to represent", at: mark)
          return .missing
        default:
          // Unquoting helps only a quoted number ("3"), not a quoted word ("three").
          let text = s.text
          let quotedNumber = s.style != .plain && Double(text) != nil && text.first.map { "+-.0123456789".contains($0) } == true
          mismatch(expected: expectation(field), found: resolved.description, at: mark,
                   fix: quotedNumber ? "Remove the quotes" : nil)
          return .missing
        }
        if plan.kind == .integer, d != d.rounded() {
          mismatch(expected: "a whole number", found: resolved.description, at: mark)
          return .missing
        }
      }
      if let lo = plan.minimum, d < lo {
        report("SCHEMA-RANGE", .error, at: mark, "\(here) must be at least \(Value.format(lo)), found \(Value.format(d))",
               fix: "Give a value of at least \(Value.format(lo))")
        return .missing
      }
      if let hi = plan.maximum, d > hi {
        report("SCHEMA-RANGE", .error, at: mark, "\(here) must be at most \(Value.format(hi)), found \(Value.format(d))",
               fix: "Give a value of at most \(Value.format(hi))")
        return .missing
      }
      return .number(d)
    }

    /// Reports why a scalar is not a value of its string, boolean, date or enumeration field,
    /// and stands for it with missing.
    @inline(never)
    mutating func rejected(_ s: YAMLScalarView, at mark: YAMLMark, _ field: Int) -> Cell {
      let plan = tables.plan.fields[field]
      switch plan.kind {
      case .string:
        if s.isBool {
          mismatch(expected: "a string", found: s.resolved.description, at: mark, fix: "Quote the value: '\"\(s.text)\"'")
        } else if let format = plan.format {
          let text = s.text
          let hint = format.suggestion(for: text)
          report("SCHEMA-FORMAT", .error, at: mark,
                 "\(here) must be \(format.explanation), found '\(text)'\(hint.map { "; did you mean '\($0)'?" } ?? "")",
                 fix: hint.map { "Write '\($0)'" } ?? "Write \(format.explanation)")
        }
      case .boolean:
        mismatch(expected: "true or false", found: s.resolved.description, at: mark,
                 fix: "Write true or false (YAML 1.2: 'yes', 'no', 'on' and 'off' are strings)")
      case .date:
        mismatch(expected: "a date YYYY-MM-DD", found: s.resolved.description, at: mark)
      case .enumeration:
        if s.isBool {
          mismatch(expected: expectation(field), found: s.resolved.description, at: mark)
        } else {
          let values = tables.plan.enumerations[plan.target].values
          let hint = Suggestion.closest(to: s.text, in: values)
          // A long list (a pack's national credential types) is named, not printed, in each finding.
          let listed = values.count <= 20 ? "; allowed: \(values.joined(separator: ", "))"
            : "; 'mcaudit schema' lists its \(values.count) values"
          report("SCHEMA-ENUM", .error, at: mark,
                 "'\(s.text)' is not a known value of \(here)\(hint.map { "; did you mean '\($0)'?" } ?? listed)",
                 fix: hint.map { "Write '\($0)'" } ?? "Use a listed value, or add it in a pack with 'add_values'")
        }
      case .integer, .number, .list, .object:
        break
      }
      return .missing
    }
  }
}
