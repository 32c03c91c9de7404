/// Compiles a parsed pack against the final vocabulary: metadata, sources, tables, templates and
/// rules with their examples. Every mistake goes to the pack's sink, located at its token.
struct PackCompiler {
  let draft: PackDraft
  let vocabulary: Vocabulary
  /// Checks example courses against ``vocabulary``.
  let reader: CourseReader
  /// The compiled parent, for inherited tables and templates.
  let parent: CompiledPack?
  /// Whether to compile what explanations show (``Rule/reads``, ``Rule/conjuncts``).
  var explanations = true

  /// What children inherit besides the public ``RulePack``.
  struct CompiledPack {
    var pack: RulePack
    var templates: [String: Template]
    var ancestry: Set<String>
  }

  /// A rule template, checked on its own when its pack loads: its keys, the file they are in, and
  /// the parameters (`params.x`) it reads, which a rule that uses it must bind.
  struct Template {
    let reader: MappingReader
    let source: SourceText
    let parameters: Set<String>
  }

  var sink: DiagnosticSink { draft.sink }
  var top: MappingReader { draft.top }

  static let ruleKeys = ["id", "title", "severity", "source", "section", "confidence", "notes", "when", "each",
                         "assert", "on_missing", "path", "message", "fix", "effective", "examples", "use", "with"]
  static let templateKeys = ["title", "severity", "source", "section", "confidence", "notes", "when", "each",
                             "assert", "on_missing", "path", "message", "fix", "effective"]

  func compile() -> CompiledPack {
    let ancestry = (parent?.ancestry ?? []).union([draft.id])
    let kind = top.choice("kind", RulePack.Kind.allCases.map(\.rawValue), required: true).flatMap(RulePack.Kind.init) ?? .institution
    let selection = top.choice("selection", RulePack.Selection.allCases.map(\.rawValue)).flatMap(RulePack.Selection.init)
      ?? ([.baseline, .national, .profile].contains(kind) ? .auto : .opt_in)
    // A table of the parent's is extended, never silently replaced: a national pack adds its
    // framework's row to `nqf_to_eqf`, which the parent's templates then read.
    var tables = parent?.pack.tables ?? [:]
    if let t = top.mapping("tables") {
      for entry in t.entries {
        let own = Self.constant(entry.value)
        switch (tables[entry.key], own) {
        case (nil, _):
          tables[entry.key] = own
        case (.map(let inherited)?, .map(let rows)):
          tables[entry.key] = .map(inherited.merging(rows) { $1 })
        case (_?, _):
          sink.error(at: entry.keyMark, "table '\(entry.key)' is inherited from pack '\(parent?.pack.id ?? "?")'; a pack may add rows to an inherited mapping table, not replace a table: give this one another name")
        }
      }
    }
    let params = top.mapping("params").map { r in
      Dictionary(uniqueKeysWithValues: r.entries.map { ($0.key, Self.constant($0.value)) })
    } ?? [:]
    var templates = parent?.templates ?? [:]
    var declared: [(name: String, parameters: [String])] = []
    if let t = top.mapping("templates") {
      for entry in t.entries {
        guard let r = MappingReader(entry.value, sink: sink, what: "template '\(entry.key)'") else { continue }
        r.finish(allowed: Self.templateKeys)
        let parameters = checkTemplate(r, tables: tables, ancestry: (parent?.ancestry ?? []).union([draft.id]))
        templates[entry.key] = Template(reader: r, source: draft.source, parameters: parameters)
        declared.append((entry.key, parameters.sorted()))
      }
    }
    let sources = compileSources()
    var jurisdiction: RulePack.Jurisdiction?
    if let j = top.mapping("jurisdiction") {
      j.finish(allowed: ["country", "region"])
      if let country = j.string("country", required: true) {
        jurisdiction = RulePack.Jurisdiction(country: country, region: j.string("region"))
        if country != "eu", !StringFormat.country.accepts(country) {
          sink.error(at: j.value("country")!.mark, "jurisdiction country '\(country)' must be an ISO 3166-1 alpha-2 code or 'eu'")
        }
      }
    } else if kind == .national || kind == .baseline {
      top.missing("jurisdiction", "a \(kind.rawValue) pack needs 'jurisdiction'")
    }
    let theme = top.string("theme")
    if kind == .profile, theme == nil, selection == .auto {
      top.missing("theme", "a profile pack selected automatically needs 'theme'")
    }
    if let theme, let themes = vocabulary.field(atPath: "themes"), case .list(let item) = themes.type,
       case .enumeration(let values) = item.type, !values.contains(theme) {
      sink.error(at: top.value("theme")!.mark, "'\(theme)' is not a value of themes\(Suggestion.didYouMean(theme, in: values.values))")
    }
    var appliesWhen: Expression?
    if let (scalar, mark) = top.scalarNode("applies_when") {
      var compiler = ExpressionCompiler(vocabulary: vocabulary, params: params, tables: tables, visiblePacks: ancestry)
      appliesWhen = expression(scalar, mark, source: draft.source, compiler: &compiler, expecting: .bool, what: "applies_when")
    }
    var pack = RulePack(
      id: draft.id, title: top.string("title", required: true) ?? draft.id, version: top.string("version", required: true) ?? "",
      kind: kind, description: top.string("description"), jurisdiction: jurisdiction, extends: draft.extends,
      selection: selection, theme: theme, appliesWhen: appliesWhen, effective: effective(top), sources: sources,
      rules: [], file: draft.source.path, tables: tables,
      declaredFields: top.mapping("fields")?.keys ?? [], digest: Digest.xxh64(draft.source.bytes), templates: declared)
    let prefix = (top.string("rule_prefix") ?? draft.id.uppercased()) + "-"
    var seen: [String: YAMLMark] = [:]
    for node in top.list("rules") ?? [] {
      guard let r = MappingReader(node, sink: sink, what: "a rule") else { continue }
      let rule = compileRule(r, prefix: prefix, sources: sources, params: params, tables: tables,
                             templates: templates, ancestry: ancestry)
      // Checked whether or not the rule compiled, so that one pass over a pack tells every mistake.
      if let idNode = r.value("id"), let id = idNode.scalar?.text {
        if let first = seen[id] {
          sink.error(at: idNode.mark, "rule id '\(id)' is used twice (first at \(first.line):\(first.column))")
        } else {
          seen[id] = idNode.mark
        }
      }
      if let rule { pack.rules.append(rule) }
    }
    if top.list("rules") == nil { top.missing("rules", "the pack needs 'rules'") }
    return CompiledPack(pack: pack, templates: templates, ancestry: ancestry)
  }

  // MARK: - Metadata

  private func compileSources() -> [PackSource] {
    var sources: [PackSource] = []
    guard let registry = top.mapping("sources") else {
      // (A registry that is not a mapping was reported as such.)
      if top.value("sources") == nil { sink.error(at: top.node.mark, "the pack needs a source registry ('sources')") }
      return []
    }
    for entry in registry.entries {
      guard let r = MappingReader(entry.value, sink: sink, what: "source '\(entry.key)'") else { continue }
      r.finish(allowed: ["title", "issuer", "date", "url", "binding"])
      guard let title = r.string("title", required: true),
            let binding = r.choice("binding", PackSource.Binding.allCases.map(\.rawValue), required: true)
      else { continue }
      sources.append(PackSource(key: entry.key, title: title, issuer: r.string("issuer"), date: r.string("date"),
                                url: r.string("url"), binding: PackSource.Binding(rawValue: binding)!))
    }
    return sources
  }

  private func effective(_ r: MappingReader) -> DateRange {
    guard let e = r.mapping("effective") else { return DateRange() }
    e.finish(allowed: ["from", "until"])
    return DateRange(from: e.date("from"), until: e.date("until"))
  }

  /// A table or parameter value: scalars typed by the core schema, `YYYY-MM-DD` strings as dates.
  static func constant(_ node: YAMLNode) -> Value {
    switch node.content {
    case .scalar(let s):
      switch s.resolved {
      case .null: return .missing
      case .bool(let b): return .bool(b)
      case .int(let i): return .number(Double(i))
      case .float(let d): return .number(d)
      case .string(let t): return CivilDate(t).map(Value.date) ?? .string(t)
      }
    case .sequence(let items): return .list(items.map(constant))
    case .mapping(let entries):
      var m: [String: Value] = [:]
      for e in entries { m[e.key] = constant(e.value) }
      return .map(m)
    }
  }

  // MARK: - Rules

  /// Looks a key up in the rule, then in its template.
  private struct RuleFields {
    let rule: MappingReader
    let template: Template?
    let ownSource: SourceText

    func scalar(_ key: String) -> (YAMLScalar, YAMLMark, SourceText)? {
      if let v = rule.value(key) {
        guard let s = v.scalar else {
          rule.sink.error(at: v.mark, "'\(key)' of \(rule.what) must be a string, found \(v.kindDescription)")
          return nil
        }
        return (s, v.mark, ownSource)
      }
      if let t = template, let v = t.reader.value(key), let s = v.scalar { return (s, v.mark, t.source) }
      return nil
    }

    func reader(for key: String) -> MappingReader? {
      if rule.has(key) { return rule }
      if let t = template, t.reader.has(key) { return t.reader }
      return nil
    }
  }

  private func compileRule(_ r: MappingReader, prefix: String, sources: [PackSource], params packParams: [String: Value],
                           tables: [String: Value], templates: [String: Template],
                           ancestry: Set<String>) -> Rule? {
    r.finish(allowed: Self.ruleKeys)
    guard let id = r.string("id", required: true) else { return nil }
    let idMark = r.value("id")!.mark
    if !id.hasPrefix(prefix) || !id.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
      sink.error(at: idMark, "rule id '\(id)' must be upper case letters, digits and '-', starting with '\(prefix)'")
    }
    let what = "rule '\(id)'"
    var template: Template?
    if let name = r.string("use") {
      template = templates[name]
      if template == nil {
        sink.error(at: r.value("use")!.mark, "unknown template '\(name)'\(Suggestion.didYouMean(name, in: templates.keys))")
        return nil
      }
    }
    let fields = RuleFields(rule: r, template: template, ownSource: draft.source)
    let params = bindParameters(r, template: template, packParams: packParams, what: what)

    // Citation and severity.
    let sourceKey = fields.scalar("source")?.0.text
    let source = sourceKey.flatMap { key in sources.first { $0.key == key } }
    if sourceKey == nil {
      r.missing("source", "\(what) needs 'source' (a key of the pack's sources)")
    } else if source == nil, top.value("sources")?[sourceKey!] == nil {
      // (A source that is in the registry but invalid was reported there.)
      let mark = fields.scalar("source")!.1
      sink.error(at: mark, "unknown source '\(sourceKey!)'\(Suggestion.didYouMean(sourceKey!, in: sources.map(\.key)))")
    }
    let section = fields.scalar("section")?.0.text ?? ""
    if section.isEmpty { r.missing("section", "\(what) needs 'section' (the article or section it cites)") }
    let severityText = fields.scalar("severity")
    let severity = severityText.flatMap { Severity(rawValue: $0.0.text) }
    if severityText == nil {
      r.missing("severity", "\(what) needs 'severity' (error, warning or info)")
    } else if severity == nil {
      sink.error(at: severityText!.1, "severity must be 'error', 'warning' or 'info', found '\(severityText!.0.text)'\(Suggestion.didYouMean(severityText!.0.text, in: ["error", "warning", "info"]))")
    }
    let confidenceText = fields.scalar("confidence")?.0.text ?? "high"
    let confidence = Rule.Confidence(rawValue: confidenceText) ?? .high
    if Rule.Confidence(rawValue: confidenceText) == nil {
      sink.error(at: fields.scalar("confidence")!.1, "confidence must be 'high', 'medium' or 'low', found '\(confidenceText)'")
    }
    if let severity, let source, severity > source.binding.maximumSeverity {
      sink.error(at: severityText!.1,
                 "\(what) is '\(severity)' but cites a '\(source.binding.rawValue)' source, which allows at most '\(source.binding.maximumSeverity)'")
    }
    if let severity, severity == .error, confidence != .high {
      sink.error(at: severityText!.1, "\(what) is 'error' but its confidence is '\(confidence.rawValue)'; medium and low confidence allow at most 'warning'")
    }

    // Expressions, once the template's parameters are bound (a binding that failed was reported,
    // and the template's expressions would only repeat it).
    guard let params else { return nil }
    var compiler = ExpressionCompiler(vocabulary: vocabulary, params: params, tables: tables, visiblePacks: ancestry)
    var each: Expression?
    var eachPath: FieldPath?
    var itType: ExprType?
    if let (s, mark, src) = fields.scalar("each") {
      each = expression(s, mark, source: src, compiler: &compiler, expecting: nil, what: "each")
      // Everything else in the rule reads `it`, whose type the broken `each` would give: checking
      // it would report the one mistake again at each use of `it`.
      guard let type = each?.type else { return nil }
      guard case .list(let element) = type else {
        sink.error(at: mark, "'each' must be a list, found \(type.name(vocabulary))", file: src.path)
        return nil
      }
      itType = element
      if let syntax = try? ExpressionParser.parse(s.text), syntax.isPath, let p = syntax.firstFieldPath {
        eachPath = FieldPath(p.map(FieldPath.Component.key))
      } else {
        sink.error(at: mark, "'each' must be a field path such as 'learning_outcomes'", file: src.path)
      }
    }
    if let itType { _ = compiler.bind("it", type: itType) }
    let when = fields.scalar("when").flatMap { expression($0.0, $0.1, source: $0.2, compiler: &compiler, expecting: .bool, what: "when") }
    guard let (assertScalar, assertMark, assertSource) = fields.scalar("assert") else {
      r.missing("assert")
      return nil
    }
    // A mistake in the assertion is reported, and the rest of the rule is still checked.
    let assertion = expression(assertScalar, assertMark, source: assertSource, compiler: &compiler, expecting: .bool, what: "assert")
    let onMissing = fields.scalar("on_missing")?.0.text ?? "pass"
    if !["pass", "fail"].contains(onMissing) {
      sink.error(at: fields.scalar("on_missing")!.1, "on_missing must be 'pass' or 'fail', found '\(onMissing)'")
    }

    // Where findings point.
    var path = FieldPath()
    if let (s, mark, src) = fields.scalar("path") {
      if let syntax = try? ExpressionParser.parse(s.text), syntax.isPath, let p = syntax.firstFieldPath {
        _ = expression(s, mark, source: src, compiler: &compiler, expecting: nil, what: "path")
        path = FieldPath(p.map(FieldPath.Component.key))
      } else {
        sink.error(at: mark, "'path' must be a field path such as 'workload.ects' or 'it.text'", file: src.path)
      }
    } else if let p = (try? ExpressionParser.parse(assertScalar.text))?.firstFieldPath {
      path = FieldPath(p.map(FieldPath.Component.key))
    }
    if each == nil, path.components.first == .key("it") {
      sink.error(at: assertMark, "'it' is only defined in rules with 'each'", file: assertSource.path)
    }

    var title = fields.scalar("title")?.0.text ?? ""
    if title.isEmpty { r.missing("title") }
    // A title may show the rule's parameters (a template bound per country); it is rendered
    // once here, against no course, so it cannot show course values.
    if title.containsBytes("{{"), let (s, mark, src) = fields.scalar("title"),
       let t = messageTemplate(s, mark, source: src, compiler: &compiler, what: "title") {
      var evaluator = Evaluator(today: CivilDate(days: 0))
      title = t.render(with: &evaluator, it: nil)
      if title.containsBytes("(missing)") {
        sink.error(at: mark, "a title may only show parameters ('params.x'), not course fields", file: src.path)
      }
    }
    guard let (messageScalar, messageMark, messageSource) = fields.scalar("message") else {
      r.missing("message")
      return nil
    }
    let message = messageTemplate(messageScalar, messageMark, source: messageSource, compiler: &compiler, what: "message")
    let fix = fields.scalar("fix").flatMap { messageTemplate($0.0, $0.1, source: $0.2, compiler: &compiler, what: "fix") }
    if let message, message.text.hasSuffix(".") {
      sink.error(at: messageMark, "messages end without a period", file: messageSource.path)
    }
    let examples = compileExamples(r, what: what)
    let effectiveReader = fields.reader(for: "effective")
    guard let severity, let source, let message, let assertion else { return nil }
    // For explanations: what the rule reads, and its assertion's parts (compiled quietly: any
    // mistake was reported above).
    var reads: [(String, Expression)] = []
    var conjuncts: [Expression] = []
    var syntaxes: [Syntax] = []
    if explanations, let (s, _, _) = fields.scalar("when"), let syntax = try? ExpressionParser.parse(s.text) { syntaxes.append(syntax) }
    if explanations, let syntax = try? ExpressionParser.parse(assertScalar.text) {
      syntaxes.append(syntax)
      let scalars = Array(assertScalar.text.unicodeScalars)
      let parts = syntax.conjuncts(start: 0, end: scalars.count)
      if parts.count > 1 {
        for (a, b) in parts {
          var text = ""
          text.unicodeScalars.append(contentsOf: scalars[max(0, a)..<min(b, scalars.count)])
          if let e = try? Self.compileExpression(text.trimmingSpaces, compiler: &compiler) { conjuncts.append(e) }
        }
      }
    }
    for path in syntaxes.flatMap({ $0.readPaths() }) where !reads.contains(where: { $0.0 == path }) {
      if let e = try? Self.compileExpression(path, compiler: &compiler) { reads.append((path, e)) }
    }
    return Rule(
      id: id, title: title, severity: severity,
      citation: Citation(source: source.title, section: section, url: source.url), binding: source.binding,
      confidence: confidence, notes: fields.scalar("notes")?.0.text, when: when, each: each, eachPath: eachPath,
      assertion: assertion, failsWhenMissing: onMissing == "fail", path: path, message: message, fix: fix,
      effective: effectiveReader.map(effective) ?? DateRange(), examples: examples,
      template: r.string("use"), reads: reads, conjuncts: conjuncts,
      location: SourceLocation(file: draft.source.path, idMark))
  }

  /// Compiles one expression scalar, reporting a mistake at its token.
  private func expression(_ scalar: YAMLScalar, _ mark: YAMLMark, source: SourceText, compiler: inout ExpressionCompiler,
                          expecting: ExprType.Kind?, what: String) -> Expression? {
    do throws(ExpressionError) {
      let e = try Self.compileExpression(scalar.text, compiler: &compiler)
      if let expecting, e.type.kind != expecting, e.type.kind != .any {
        throw ExpressionError("'\(what)' must be a \(expecting), found \(e.type.name(vocabulary))", at: 0)
      }
      return e
    } catch {
      report(error, scalar: scalar, mark: mark, source: source)
      return nil
    }
  }

  static func compileExpression(_ text: String, compiler: inout ExpressionCompiler) throws(ExpressionError) -> Expression {
    let syntax = try ExpressionParser.parse(text)
    let (code, type) = try compiler.compile(syntax)
    return Expression(text: text, code: code, type: type, variableCount: compiler.slotCount)
  }

  private func messageTemplate(_ scalar: YAMLScalar, _ mark: YAMLMark, source: SourceText, compiler: inout ExpressionCompiler,
                        what: String) -> MessageTemplate? {
    do throws(ExpressionError) {
      return try MessageTemplate.parse(scalar.text) { (text, offset) throws(ExpressionError) in
        do throws(ExpressionError) {
          return try Self.compileExpression(text, compiler: &compiler)
        } catch {
          throw ExpressionError(error.message, at: error.offset + offset)
        }
      }
    } catch {
      report(error, scalar: scalar, mark: mark, source: source)
      return nil
    }
  }

  private func report(_ error: ExpressionError, scalar: YAMLScalar, mark: YAMLMark, source: SourceText) {
    let at = ScalarPositions.mark(offset: error.offset, scalar: scalar, at: mark, source: source)
    sink.error(at: at, error.message, file: source.path)
  }

  /// Type-checks a template's expressions when the pack loads, before any rule binds it, and
  /// returns the parameters they read.
  private func checkTemplate(_ t: MappingReader, tables: [String: Value], ancestry: Set<String>) -> Set<String> {
    var compiler = ExpressionCompiler(vocabulary: vocabulary, tables: tables, visiblePacks: ancestry)
    compiler.unboundParameters = true
    if let (s, mark) = t.scalarNode("each"),
       let each = expression(s, mark, source: draft.source, compiler: &compiler, expecting: nil, what: "each") {
      _ = compiler.bind("it", type: each.type.elementType ?? .any)
    }
    for key in ["when", "assert"] {
      if let (s, mark) = t.scalarNode(key) {
        _ = expression(s, mark, source: draft.source, compiler: &compiler, expecting: .bool, what: key)
      }
    }
    for key in ["title", "message", "fix"] {
      if let (s, mark) = t.scalarNode(key) {
        _ = messageTemplate(s, mark, source: draft.source, compiler: &compiler, what: key)
      }
    }
    return compiler.parameterNames
  }

  /// The parameters a rule's expressions see: the pack's, and those its `with` binds for its
  /// template. A key of `with` that the template does not read, or else a parameter it reads
  /// that nothing binds, is reported at the rule (the template's own file is not at fault); nil
  /// then, as the rule cannot be compiled.
  private func bindParameters(_ r: MappingReader, template: Template?, packParams: [String: Value], what: String) -> [String: Value]? {
    var params = packParams
    guard let with = r.mapping("with") else {
      guard let template else { return params }
      let unbound = template.parameters.subtracting(params.keys).sorted()
      if unbound.isEmpty { return params }
      sink.error(at: r.value("use")!.mark, "template '\(r.string("use")!)' reads \(Self.parameterList(unbound)), which \(what) does not bind ('with:')")
      return nil
    }
    guard let template else {
      sink.error(at: r.keyMark("with"), "'with' binds the parameters of a template, and \(what) uses none ('use:')")
      return nil
    }
    let name = r.string("use")!
    var ok = true
    for entry in with.entries {
      guard template.parameters.contains(entry.key) else {
        let known = template.parameters.sorted()
        sink.error(at: entry.keyMark, "template '\(name)' has no parameter '\(entry.key)'\(Suggestion.didYouMean(entry.key, in: known))",
                   notes: [known.isEmpty ? "it reads no parameters" : "it reads \(Self.parameterList(known))"])
        ok = false
        continue
      }
      params[entry.key] = Self.constant(entry.value)
    }
    guard ok else { return nil }  // a misspelt key explains the parameter left unbound: one error
    let unbound = template.parameters.subtracting(params.keys).sorted()
    if !unbound.isEmpty {
      sink.error(at: r.keyMark("with"), "template '\(name)' also reads \(Self.parameterList(unbound)), which 'with' does not bind")
      return nil
    }
    return params
  }

  private static func parameterList(_ names: [String]) -> String {
    (names.count == 1 ? "parameter " : "parameters ") + names.map { "'\($0)'" }.joined(separator: ", ")
  }

  // MARK: - Examples

  private func compileExamples(_ r: MappingReader, what: String) -> [RuleExample] {
    guard let ex = r.mapping("examples") else {
      r.missing("examples", "\(what) needs 'examples' with at least one 'pass' and one 'fail'")
      return []
    }
    ex.finish(allowed: ["pass", "fail"])
    var examples: [RuleExample] = []
    for (key, expectation) in [("pass", RuleExample.Expectation.pass), ("fail", .fail)] {
      let items = ex.list(key) ?? []
      if items.isEmpty { sink.error(at: ex.node.mark, "\(what) needs at least one '\(key)' example") }
      for item in items {
        var course = item
        var path: String?
        var asOf: CivilDate?
        if item.mapping != nil, item["course"] != nil, let long = MappingReader(item, sink: sink, what: "an example") {
          long.finish(allowed: ["course", "path", "as_of"])
          course = long.value("course")!
          path = long.string("path")
          asOf = long.date("as_of")
          if path != nil, expectation == .pass { sink.error(at: long.keyMark("path"), "'path' belongs to failing examples") }
        }
        guard course.mapping != nil else {
          sink.error(at: course.mark, "an example must be a mapping of course fields, found \(course.kindDescription)")
          continue
        }
        for finding in reader.read(course, file: draft.source.path, requiredFields: false).schemaFindings {
          sink.append(Diagnostic(.error, at: finding.location, "example does not match the vocabulary: \(finding.message)"))
        }
        examples.append(RuleExample(expectation: expectation, course: course, path: path, asOf: asOf,
                                    location: SourceLocation(file: draft.source.path, course.mark)))
      }
    }
    return examples
  }
}
