/// Type-checks an expression against the vocabulary and compiles it to ``Code``.
///
/// Field names become slots, `params` and `tables` become constants, enum literals are checked
/// against the enum's values, and every mistake names the offending token with a did-you-mean.
struct ExpressionCompiler {
  let vocabulary: Vocabulary
  let params: [String: Value]
  let tables: [String: Value]
  /// Packs whose declared fields this expression may read (nil: any).
  let visiblePacks: Set<String>?
  /// When checking a template on its own, its parameters are not bound yet: any `params.x` is
  /// accepted with an unknown type, so that everything else in the template is still checked.
  var unboundParameters = false
  /// The names of the unbound parameters read so far: a template's parameters, which a rule that
  /// binds it must give (``unboundParameters``).
  private(set) var parameterNames: Set<String> = []
  private var variables: [(name: String, type: ExprType, slot: Int)] = []
  private(set) var slotCount = 0

  init(vocabulary: Vocabulary, params: [String: Value] = [:], tables: [String: Value] = [:],
       visiblePacks: Set<String>? = nil) {
    self.vocabulary = vocabulary
    self.params = params
    self.tables = tables
    self.visiblePacks = visiblePacks
  }

  /// Binds a variable (`it`) for the whole expression; returns its slot.
  mutating func bind(_ name: String, type: ExprType) -> Int {
    let slot = slotCount
    slotCount += 1
    variables.append((name, type, slot))
    return slot
  }

  static let reserved = ["params", "tables", "today", "has", "date"]

  mutating func compile(_ e: Syntax) throws(ExpressionError) -> (Code, ExprType) {
    switch e {
    case .number(let d, _): return (.constant(.number(d)), .number)
    case .string(let s, _): return (.constant(.string(s)), .string)
    case .bool(let b, _): return (.constant(.bool(b)), .bool)
    case .null: return (.constant(.missing), .any)
    case .list(let items, let at):
      var codes: [Code] = []
      var types: [ExprType] = []
      for item in items {
        let (c, t) = try compile(item)
        codes.append(c)
        types.append(t)
      }
      let element = ExprType.common(types)
      if element.kind == .any, types.contains(where: { $0.kind != .any }) {
        throw ExpressionError("list items must all have one type", at: at)
      }
      if codes.allSatisfy({ if case .constant = $0 { true } else { false } }) {
        return (.constant(.list(codes.map { if case .constant(let v) = $0 { v } else { .missing } })), .list(element))
      }
      return (.list(codes), .list(element))
    case .identifier(let name, let at):
      if let v = variables.last(where: { $0.name == name }) { return (.variable(v.slot), v.type) }
      if name == "today" { return (.today, .date) }
      if name == "params" || name == "tables" {
        throw ExpressionError("'\(name)' needs a name: '\(name).x'", at: at)
      }
      return try field(of: .root, type: .object(Vocabulary.rootID), name: name, at: at)
    case .member(let base, let name, let at):
      if case .identifier("params", _) = base, !variables.contains(where: { $0.name == "params" }) {
        guard let v = params[name] else {
          if unboundParameters {
            parameterNames.insert(name)
            return (.constant(.missing), .any)
          }
          throw ExpressionError("unknown parameter '\(name)'\(Suggestion.didYouMean(name, in: params.keys))"
                                + (params.isEmpty ? "; this rule binds no parameters ('with:')" : ""), at: at)
        }
        return (.constant(v), ExprType(of: v))
      }
      if case .identifier("tables", _) = base, !variables.contains(where: { $0.name == "tables" }) {
        guard let v = tables[name] else {
          throw ExpressionError("unknown table '\(name)'\(Suggestion.didYouMean(name, in: tables.keys))", at: at)
        }
        return (.constant(v), ExprType(of: v))
      }
      let (code, type) = try compile(base)
      return try field(of: code, type: type, name: name, at: at)
    case .index(let base, let key, let at):
      let (b, bt) = try compile(base)
      let (k, kt) = try compile(key)
      switch bt {
      case .list(let element):
        guard kt.kind == .number || kt.kind == .any else { throw ExpressionError("a list index must be a number", at: at) }
        return (.index(b, k), element)
      case .map(let value):
        guard [.string, .number, .any].contains(kt.kind) else { throw ExpressionError("a table key must be a string or a number", at: at) }
        return (.index(b, k), value)
      default:
        throw ExpressionError("cannot index \(bt.name(vocabulary))", at: at)
      }
    case .unary(let op, let operand, let at):
      let (c, t) = try compile(operand)
      if op == "!" {
        try expect(t, .bool, "'!' needs a bool", at: at)
        return (.not(c), .bool)
      }
      try expect(t, .number, "'-' needs a number", at: at)
      return (.negate(c), .number)
    case .binary(let op, let lhs, let rhs, let at):
      return try binary(op, lhs, rhs, at: at)
    case .conditional(let cond, let then, let otherwise, let at):
      let (c, ct) = try compile(cond)
      try expect(ct, .bool, "the condition of '?:' must be a bool", at: at)
      let (a, at1) = try compile(then)
      let (b, bt) = try compile(otherwise)
      guard at1.isComparable(with: bt) else {
        throw ExpressionError("both branches of '?:' must have one type, found \(at1.name(vocabulary)) and \(bt.name(vocabulary))", at: at)
      }
      return (.conditional(c, a, b), at1.kind == .any ? bt : at1)
    case .call(let name, let args, let at):
      return try call(name, args, at: at)
    case .method(let receiver, let name, let args, let at):
      return try method(receiver, name, args, at: at)
    }
  }

  private func expect(_ t: ExprType, _ kind: ExprType.Kind, _ message: String, at: Int) throws(ExpressionError) {
    guard t.kind == kind || t.kind == .any else {
      throw ExpressionError("\(message), found \(t.name(vocabulary))", at: at)
    }
  }

  private func field(of code: Code, type: ExprType, name: String, at: Int) throws(ExpressionError) -> (Code, ExprType) {
    guard case .object(let id) = type else {
      if case .list = type {
        throw ExpressionError("'\(name)': \(type.name(vocabulary)) has no fields; use exists(), all() or an index", at: at)
      }
      throw ExpressionError("'\(name)': \(type.name(vocabulary)) has no fields", at: at)
    }
    let object = vocabulary.objects[id]
    guard let slot = object.slot(of: name) else {
      var candidates = object.fieldNames
      if id == Vocabulary.rootID { candidates += variables.map(\.name) + ["params", "tables", "today"] }
      let what = id == Vocabulary.rootID ? "the course" : "'\(object.name)'"
      throw ExpressionError("unknown field '\(name)' of \(what)\(Suggestion.didYouMean(name, in: candidates))", at: at)
    }
    let spec = object.fields[slot]
    if let visiblePacks, spec.declaredBy != vocabulary.id, !visiblePacks.contains(spec.declaredBy) {
      throw ExpressionError("field '\(name)' is declared by pack '\(spec.declaredBy)', which this pack does not extend", at: at)
    }
    if case .root = code { return (.rootField(slot: slot), ExprType(spec)) }
    if case .variable(let variable) = code { return (.variableField(variable, slot: slot), ExprType(spec)) }
    return (.field(code, slot: slot), ExprType(spec))
  }

  /// Checks a string literal against an enum's values.
  private func checkEnumLiteral(_ type: ExprType, against other: Syntax, otherType: ExprType) throws(ExpressionError) {
    guard case .enumeration(let name, let values) = type else { return }
    var literals: [(String, Int)] = []
    if case .string(let s, let at) = other { literals = [(s, at)] }
    if case .list(let items, _) = other {
      for case .string(let s, let at) in items { literals.append((s, at)) }
    }
    for (s, at) in literals where !values.contains(s) {
      throw ExpressionError("'\(s)' is not a value of field '\(name)'\(Suggestion.didYouMean(s, in: values.values))", at: at)
    }
  }

  private mutating func binary(_ op: String, _ lhs: Syntax, _ rhs: Syntax, at: Int) throws(ExpressionError) -> (Code, ExprType) {
    let (a, at1) = try compile(lhs)
    let (b, bt) = try compile(rhs)
    switch op {
    case "&&", "||":
      try expect(at1, .bool, "'\(op)' needs bools", at: at)
      try expect(bt, .bool, "'\(op)' needs bools", at: at)
      return (op == "&&" ? .and(a, b) : .or(a, b), .bool)
    case "==", "!=":
      guard at1.isComparable(with: bt) else {
        throw ExpressionError("cannot compare \(at1.name(vocabulary)) with \(bt.name(vocabulary))", at: at)
      }
      try checkEnumLiteral(at1, against: rhs, otherType: bt)
      try checkEnumLiteral(bt, against: lhs, otherType: at1)
      return (.equal(a, b, negated: op == "!="), .bool)
    case "<", "<=", ">", ">=":
      guard at1.isComparable(with: bt), [.number, .string, .date, .any].contains(at1.kind) else {
        throw ExpressionError("cannot order \(at1.name(vocabulary)) and \(bt.name(vocabulary))", at: at)
      }
      let cmp: Code.ComparisonOperator = op == "<" ? .less : op == "<=" ? .lessOrEqual : op == ">" ? .greater : .greaterOrEqual
      return (.compare(cmp, a, b), .bool)
    case "in":
      switch bt {
      case .list(let element):
        guard element.isComparable(with: at1) else {
          throw ExpressionError("cannot look for \(at1.name(vocabulary)) in \(bt.name(vocabulary))", at: at)
        }
        try checkEnumLiteral(element, against: lhs, otherType: at1)
        try checkEnumLiteral(at1, against: rhs, otherType: bt)
        if case .constant(.list(let items)) = b, !items.isEmpty,
           items.allSatisfy({ if case .string = $0 { true } else { false } }) {
          let strings = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
          return (.containsString(a, StringSet(strings)), .bool)
        }
      case .map:
        guard [.string, .number, .any].contains(at1.kind) else { throw ExpressionError("a table key must be a string or a number", at: at) }
      case .any:
        break
      default:
        throw ExpressionError("'in' needs a list or a table on its right, found \(bt.name(vocabulary))", at: at)
      }
      return (.contains(element: a, collection: b), .bool)
    case "??":
      guard at1.isComparable(with: bt) else {
        throw ExpressionError("both sides of '??' must have one type, found \(at1.name(vocabulary)) and \(bt.name(vocabulary))", at: at)
      }
      return (.coalesce(a, b), at1.kind == .any ? bt : at1)
    case "+" where at1.kind == .string || bt.kind == .string:
      try expect(at1, .string, "'+' joins strings", at: at)
      try expect(bt, .string, "'+' joins strings", at: at)
      return (.arithmetic(.concatenate, a, b), .string)
    default:
      try expect(at1, .number, "'\(op)' needs numbers", at: at)
      try expect(bt, .number, "'\(op)' needs numbers", at: at)
      let arithmetic: Code.ArithmeticOperator
      switch op {
      case "+": arithmetic = .add
      case "-": arithmetic = .subtract
      case "*": arithmetic = .multiply
      case "/": arithmetic = .divide
      default: arithmetic = .remainder
      }
      return (.arithmetic(arithmetic, a, b), .number)
    }
  }

  private static let signatures: [Code.Builtin: (arguments: [ExprType.Kind], result: ExprType)] = [
    .lower: ([.string], .string), .upper: ([.string], .string), .trim: ([.string], .string),
    .int: ([.number], .number), .contains: ([.string, .string], .bool),
    .startsWith: ([.string, .string], .bool), .endsWith: ([.string, .string], .bool),
    .add_months: ([.date, .number], .date), .add_days: ([.date, .number], .date),
    .months_between: ([.date, .date], .number), .days_between: ([.date, .date], .number),
    .year: ([.date], .number), .min: ([.number, .number], .number), .max: ([.number, .number], .number),
    .abs: ([.number], .number), .floor: ([.number], .number), .ceil: ([.number], .number),
    .words: ([.string], .list(.string)), .verb_phrases: ([.string], .list(.string)), .join: ([.list, .string], .string),
  ]

  private mutating func call(_ name: String, _ args: [Syntax], at: Int) throws(ExpressionError) -> (Code, ExprType) {
    switch name {
    case "has":
      guard args.count == 1 else { throw ExpressionError("has() takes one field path", at: at) }
      let (c, _) = try compile(args[0])
      return (.has(c), .bool)
    case "date":
      guard args.count == 1, case .string(let s, let sat) = args[0] else {
        throw ExpressionError("date() takes a literal 'YYYY-MM-DD'", at: at)
      }
      guard let d = CivilDate(s) else { throw ExpressionError("'\(s)' is not a date YYYY-MM-DD", at: sat) }
      return (.constant(.date(d)), .date)
    case "size":
      guard args.count == 1 else { throw ExpressionError("size() takes one argument", at: at) }
      let (c, t) = try compile(args[0])
      guard [.string, .list, .map, .any].contains(t.kind) else {
        throw ExpressionError("size() needs a string or a list, found \(t.name(vocabulary))", at: args[0].offset)
      }
      return (.call(.size, [c]), .number)
    case "string":
      guard args.count == 1 else { throw ExpressionError("string() takes one argument", at: at) }
      return (.call(.string, [try compile(args[0]).0]), .string)
    case "matches":
      guard args.count == 2 else { throw ExpressionError("matches() takes a string and a pattern", at: at) }
      return try matches(args[0], args[1], at: at)
    case "bind":
      guard args.count == 3, case .identifier(let variable, let vat) = args[0] else {
        throw ExpressionError("bind() takes a variable name, a value and an expression: bind(x, value, ...)", at: at)
      }
      if Self.reserved.contains(variable) || vocabulary.root.slot(of: variable) != nil {
        throw ExpressionError("'\(variable)' is a field or reserved name; choose another variable name", at: vat)
      }
      let (value, vt) = try compile(args[1])
      let slot = bind(variable, type: vt)
      defer { variables.removeLast() }
      let (body, bt) = try compile(args[2])
      return (.bind(variable: slot, value: value, body: body), bt)
    case "pairs":
      guard args.count == 1 else { throw ExpressionError("pairs() takes a list", at: at) }
      let (list, lt) = try compile(args[0])
      guard lt.elementType != nil || lt.kind == .any else {
        throw ExpressionError("pairs() needs a list, found \(lt.name(vocabulary))", at: args[0].offset)
      }
      return (.call(.pairs, [list]), .list(lt))
    case "take", "drop", "index_of":
      guard args.count == 2 else { throw ExpressionError("\(name)() takes a list and \(name == "index_of" ? "a value" : "a count")", at: at) }
      let (list, lt) = try compile(args[0])
      guard let element = lt.elementType ?? (lt.kind == .any ? .any : nil) else {
        throw ExpressionError("\(name)() needs a list, found \(lt.name(vocabulary))", at: args[0].offset)
      }
      let (second, st) = try compile(args[1])
      if name == "index_of" {
        guard element.isComparable(with: st) else {
          throw ExpressionError("cannot look for \(st.name(vocabulary)) in \(lt.name(vocabulary))", at: args[1].offset)
        }
        return (.call(.index_of, [list, second]), .number)
      }
      try expect(st, .number, "\(name)() needs a count", at: args[1].offset)
      return (.call(name == "take" ? .take : .drop, [list, second]), lt)
    default:
      guard let builtin = Code.Builtin(rawValue: name), let signature = Self.signatures[builtin] else {
        let known = Code.Builtin.allCases.map(\.rawValue) + ["has", "date", "matches", "bind"]
        throw ExpressionError("unknown function '\(name)'\(Self.didYouMean(name, in: known))", at: at)
      }
      return try apply(builtin, signature, args, at: at)
    }
  }

  private mutating func apply(_ builtin: Code.Builtin, _ signature: (arguments: [ExprType.Kind], result: ExprType),
                              _ args: [Syntax], at: Int) throws(ExpressionError) -> (Code, ExprType) {
    guard args.count == signature.arguments.count else {
      throw ExpressionError("\(builtin.rawValue)() takes \(signature.arguments.count) argument(s), found \(args.count)", at: at)
    }
    var codes: [Code] = []
    for (arg, kind) in zip(args, signature.arguments) {
      let (c, t) = try compile(arg)
      guard t.kind == kind || t.kind == .any else {
        throw ExpressionError("\(builtin.rawValue)() needs a \(kind) here, found \(t.name(vocabulary))", at: arg.offset)
      }
      codes.append(c)
    }
    return (.call(builtin, codes), signature.result)
  }

  private mutating func matches(_ subject: Syntax, _ pattern: Syntax, at: Int) throws(ExpressionError) -> (Code, ExprType) {
    let (c, t) = try compile(subject)
    try expect(t, .string, "matches() needs a string", at: subject.offset)
    guard case .string(let p, let pat) = pattern else {
      throw ExpressionError("the pattern of matches() must be a literal string", at: pattern.offset)
    }
    do {
      return (.matches(c, try CompiledRegex(p)), .bool)
    } catch {
      throw ExpressionError("invalid regular expression '\(p)': \(error)", at: pat)
    }
  }

  /// Replaces the costly sub-expressions of a loop body that read no loop variable (slot in
  /// `loopSlots`) by fresh variables, and returns the body; `hoisted` gets (slot, expression).
  private mutating func hoist(_ code: Code, loopSlots: Range<Int>, into hoisted: inout [(Int, Code)]) -> Code {
    if case .call(let builtin, _) = code, Self.hoistable.contains(builtin), !code.reads(loopSlots) {
      let slot = slotCount
      slotCount += 1
      hoisted.append((slot, code))
      return .variable(slot)
    }
    return code.mapChildren { hoist($0, loopSlots: loopSlots, into: &hoisted) }
  }

  /// `body` with `p[0]` and `p[1]` of the pair variable `slot` read from slots `first` and
  /// `first + 1`; nil when the body reads the pair in any other way.
  static func splitPair(_ body: Code, slot: Int, into first: Int) -> Code? {
    switch body {
    case .index(.variable(let v), .constant(.number(let n))) where v == slot && (n == 0 || n == 1):
      return .variable(first + Int(n))
    case .variable(let v) where v == slot:
      return nil
    case .variableField(let v, _) where v == slot:
      return nil
    default:
      var whole = true
      let split = body.mapChildren { child in
        guard whole, let c = splitPair(child, slot: slot, into: first) else {
          whole = false
          return child
        }
        return c
      }
      return whole ? split : nil
    }
  }

  /// Builtins worth computing once: they build strings or lists.
  static let hoistable: Set<Code.Builtin> = [.lower, .upper, .trim, .string, .words, .verb_phrases, .join, .take, .drop, .pairs]

  private mutating func method(_ receiver: Syntax, _ name: String, _ args: [Syntax], at: Int) throws(ExpressionError) -> (Code, ExprType) {
    if let macro = Code.Macro(rawValue: name) {
      let (list, lt) = try compile(receiver)
      guard let element = lt.elementType ?? (lt.kind == .any ? .any : nil) else {
        throw ExpressionError("\(name)() needs a list, found \(lt.name(vocabulary))", at: at)
      }
      guard args.count == 2, case .identifier(let variable, let vat) = args[0] else {
        throw ExpressionError("\(name)() takes a variable name and an expression: \(name)(x, ...)", at: at)
      }
      if Self.reserved.contains(variable) || vocabulary.root.slot(of: variable) != nil {
        throw ExpressionError("'\(variable)' is a field or reserved name; choose another variable name", at: vat)
      }
      let slot = bind(variable, type: element)
      defer { variables.removeLast() }
      let (body, bt) = try compile(args[1])
      switch macro {
      case .all, .exists, .exists_one, .count, .filter:
        try expect(bt, .bool, "the body of \(name)() must be a bool", at: args[1].offset)
      case .sum:
        try expect(bt, .number, "the body of sum() must be a number", at: args[1].offset)
      case .map:
        break
      }
      let result: ExprType
      switch macro {
      case .all, .exists, .exists_one: result = .bool
      case .count, .sum: result = .number
      case .filter: result = lt
      case .map: result = .list(bt)
      }
      // Work in the body that does not depend on the loop variable (`lower(o.text)` while
      // scanning a table) is done once, before the loop.
      var hoisted: [(Int, Code)] = []
      let loopBody = hoist(body, loopSlots: slot..<Int.max, into: &hoisted)
      var code = Code.macro(macro, list: list, variable: slot, body: loopBody)
      if macro == .exists, case .containsString(.variable(slot), let set) = loopBody { code = .existsIn(list, set) }
      if case .call(.pairs, let pairsOf) = list, let split = Self.splitPair(loopBody, slot: slot, into: slotCount) {
        code = .pairMacro(macro, list: pairsOf[0], first: slotCount, body: split)
        slotCount += 2
      }
      for (hoistedSlot, value) in hoisted.reversed() { code = .bind(variable: hoistedSlot, value: value, body: code) }
      return (code, result)
    }
    switch name {
    case "size":
      guard args.isEmpty else { throw ExpressionError("size() takes no argument here", at: at) }
      return try call("size", [receiver], at: at)
    case "matches":
      guard args.count == 1 else { throw ExpressionError("matches() takes one pattern", at: at) }
      return try matches(receiver, args[0], at: at)
    case "contains", "startsWith", "endsWith":
      let builtin = Code.Builtin(rawValue: name)!
      return try apply(builtin, Self.signatures[builtin]!, [receiver] + args, at: at)
    default:
      let known = Code.Macro.allCases.map(\.rawValue) + ["size", "matches", "contains", "startsWith", "endsWith"]
      throw ExpressionError("unknown method '\(name)'\(Self.didYouMean(name, in: known))", at: at)
    }
  }

  /// The names other expression languages give some builtins, which no spelling distance finds.
  static let otherNames = ["length": "size", "len": "size", "count": "size", "includes": "contains",
                           "lowercase": "lower", "uppercase": "upper", "strip": "trim"]

  /// A did-you-mean for an unknown function or method: the builtin another language calls so,
  /// else the closest spelling.
  static func didYouMean(_ name: String, in known: [String]) -> String {
    if let other = otherNames[name], known.contains(other) { return "; did you mean '\(other)'?" }
    return Suggestion.didYouMean(name, in: known)
  }
}
