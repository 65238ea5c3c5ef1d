/// A micro-step with where it came from: the call chain from the entry point, file and line.
public struct TracedStep: Sendable, Hashable {
    public var step: PlacementStep
    public var chain: [String]
    public var file: String
    public var line: Int
}

/// One path through an entry point with every call followed down to the primitives.
public struct ExpandedPath: Sendable, Hashable {
    public var conditions: [String]
    public var steps: [TracedStep]

    public var placementPath: PlacementPath { PlacementPath(conditions: conditions, steps: steps.map(\.step)) }
}

/// Follows an entry point's calls through the functions and function-like macros of a scanned tree,
/// as one arch sees them, and lists the micro-steps on every path: CPU invalidations, secondary
/// invalidations (with ranges evaluated from the arguments as they reach the call, through every
/// caller's parameters and the assignments before it), and early returns.
public struct PlacementExpander: Sendable {
    public let tree: ScannedTree
    public let arch: ArchKnowledge
    /// Functions (by resolved name) that reach a CPU or secondary invalidation.
    let reaching: Set<String>

    static let maxDepth = 12
    static let maxPaths = 48
    static let maxVariables = 6

    public init(tree: ScannedTree, arch: ArchKnowledge) {
        self.tree = tree
        self.arch = arch
        reaching = PlacementExpander.functionsReachingPrimitives(tree: tree, arch: arch)
    }

    /// Every path of a named entry point, or `nil` when the tree does not define it for this arch.
    public func expand(_ name: String) -> (file: String, function: CFunction, paths: [ExpandedPath])? {
        let resolved = tree.resolve(name, for: arch)
        guard let definition = tree.definition(of: resolved, for: arch) else { return nil }
        let paths = expand(definition.function, file: definition.file, environment: [:], stack: [resolved])
        return (definition.file, definition.function, paths)
    }

    // MARK: - Reachability

    static func functionsReachingPrimitives(tree: ScannedTree, arch: ArchKnowledge) -> Set<String> {
        var callers: [String: Set<String>] = [:]
        var reaching = Set<String>()
        for (name, definitions) in tree.definitions {
            for definition in definitions where arch.reads(definition.file) || KnowledgeBase.generic.reads(definition.file)
                || (arch.name == KnowledgeBase.generic.name && !definition.file.hasPrefix("arch/")) {
                for call in definition.function.calls {
                    let callee = tree.resolve(call.callee, for: arch)
                    if NotifierAPI.isInvalidation(callee, arguments: call.arguments) || arch.primitive(callee) != nil {
                        reaching.insert(name)
                    }
                    callers[callee, default: []].insert(name)
                }
            }
        }
        // Aliases reach what their targets reach.
        var work = Array(reaching)
        while let name = work.popLast() {
            for caller in callers[name] ?? [] where reaching.insert(caller).inserted { work.append(caller) }
            for (alias, target) in tree.aliases where target == name && reaching.insert(alias).inserted { work.append(alias) }
        }
        return reaching
    }

    // MARK: - Expansion

    enum Event {
        case call(CallSite)
        case assignment(Assignment)
        case earlyReturn(EarlyReturn)

        var line: Int {
            switch self {
            case .call(let call): call.line
            case .assignment(let assignment): assignment.line
            case .earlyReturn(let early): early.line
            }
        }

        var order: Int {
            switch self {
            case .call: 0
            case .assignment: 1
            case .earlyReturn: 2
            }
        }

        var conditions: [Condition] {
            switch self {
            case .call(let call): call.conditions
            case .assignment(let assignment): assignment.conditions
            case .earlyReturn(let early): early.conditions
            }
        }
    }

    /// A branch decision: the condition's text without its negation, and which way it went.
    struct Literal: Hashable {
        var variable: String
        var value: Bool

        init?(_ condition: Condition) {
            switch condition {
            case .loop: return nil
            case .statement(let text), .preprocessor(let text), .switchCase(let text):
                if let inner = Literal.negated(text) {
                    variable = inner
                    value = false
                } else {
                    variable = text
                    value = true
                }
            }
        }

        /// `inner` of `!(inner)` or `!defined(X)` (as `defined(X)`), when the text is one negation.
        static func negated(_ text: String) -> String? {
            if text.hasPrefix("!defined(") { return String(text.dropFirst()) }
            guard text.hasPrefix("!("), text.hasSuffix(")") else { return nil }
            let inner = text.dropFirst(2).dropLast()
            var depth = 0
            for character in inner {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1; if depth < 0 { return nil } }
            }
            return depth == 0 ? String(inner) : nil
        }

        var text: String { value ? variable : "!(\(variable))" }
    }

    func isRelevantCall(_ call: CallSite) -> Bool {
        let callee = tree.resolve(call.callee, for: arch)
        return NotifierAPI.isInvalidation(callee, arguments: call.arguments) || arch.primitive(callee) != nil
            || reaching.contains(callee) || reaching.contains(call.callee) || isEntryPoint(callee)
    }

    func isEntryPoint(_ name: String) -> Bool {
        arch.entryPoints.contains(name) || KnowledgeBase.generic.entryPoints.contains(name)
    }

    func expand(_ function: CFunction, file: String, environment: [String: String], stack: [String]) -> [ExpandedPath] {
        var events: [Event] = []
        for call in function.calls where isRelevantCall(call) { events.append(.call(call)) }
        let relevantCalls = function.calls.filter(isRelevantCall)
        // A return matters only when it can skip an invalidation that follows it.
        let lastRelevantLine = relevantCalls.map(\.line).max() ?? 0
        for early in function.returns where early.isBeforeEnd && early.line < lastRelevantLine {
            events.append(.earlyReturn(early))
        }
        let argumentNames = Set(relevantCalls.flatMap { call in call.arguments.flatMap(PlacementExpander.identifiers) })
        for assignment in function.assignments {
            let base = PlacementExpander.identifiers(assignment.variable).first ?? assignment.variable
            if argumentNames.contains(base) || argumentNames.contains(assignment.variable) {
                events.append(.assignment(assignment))
            }
        }
        events.sort { ($0.line, $0.order) < ($1.line, $1.order) }

        var variables: [String] = []
        for event in events {
            if case .assignment = event { continue }
            for condition in event.conditions {
                if let literal = Literal(condition), !variables.contains(literal.variable) { variables.append(literal.variable) }
            }
        }
        for event in events {
            guard case .assignment = event else { continue }
            for condition in event.conditions {
                if let literal = Literal(condition), !variables.contains(literal.variable) { variables.append(literal.variable) }
            }
        }
        // A condition the caller's arguments settle (`if (mm)` with `mm` bound to `NULL`) is not a choice.
        var fixed: [String: Bool] = [:]
        for variable in variables {
            if let truth = PlacementExpander.constantTruth(variable, environment) { fixed[variable] = truth }
        }
        let decided = Array(variables.filter { fixed[$0] == nil }.prefix(PlacementExpander.maxVariables))

        var results: [ExpandedPath] = []
        var seen = Set<[TracedStep]>()
        let combinations = 1 << decided.count
        for mask in 0..<combinations {
            var values = fixed
            for (bit, variable) in decided.enumerated() { values[variable] = mask & (1 << bit) != 0 }
            for path in walk(events, values: values, function: function, file: file, environment: environment, stack: stack) {
                if seen.insert(path.steps).inserted {
                    results.append(path)
                    if results.count >= PlacementExpander.maxPaths { return results }
                }
            }
        }
        return results
    }

    /// The paths for one set of branch decisions (callees may add their own alternatives).
    func walk(_ events: [Event], values: [String: Bool], function: CFunction, file: String,
              environment: [String: String], stack: [String]) -> [ExpandedPath] {
        func holds(_ conditions: [Condition]) -> Bool {
            for condition in conditions {
                guard let literal = Literal(condition), let value = values[literal.variable] else { continue }
                if value != literal.value { return false }
            }
            return true
        }
        let decisions = values.keys.sorted().compactMap { key -> String? in
            guard let value = values[key] else { return nil }
            return value ? key : "!(\(key))"
        }
        var partial = [ExpandedPath(conditions: decisions, steps: [])]
        var environment = environment
        var consumed = Set<String>()
        for event in events where holds(event.conditions) {
            switch event {
            case .assignment(let assignment):
                let name = assignment.variable
                if assignment.conditions.contains(where: { if case .loop = $0 { return true } else { return false } }) {
                    consumed.insert(name)
                    continue
                }
                let value = PlacementExpander.substitute(assignment.expression, environment)
                let current = environment[name] ?? name
                switch assignment.operation {
                case "=": environment[name] = "(\(value))"
                case "+=", "-=", "*=", "/=", "&=", "|=", "<<=", ">>=":
                    let op = String(assignment.operation.dropLast())
                    environment[name] = "((\(current)) \(op) (\(value)))"
                default: environment[name] = "(\(value))"
                }
            case .earlyReturn(let early):
                let text = early.conditions.compactMap(Literal.init).map(\.text).joined(separator: " && ")
                let step = TracedStep(step: .earlyReturn(condition: text.isEmpty ? "always" : text), chain: stack,
                                      file: file, line: early.line)
                return partial.map { path in
                    var path = path
                    path.steps.append(step)
                    return path
                }
            case .call(let call):
                let alternatives = steps(for: call, function: function, file: file, environment: environment,
                                         consumed: consumed, stack: stack)
                var next: [ExpandedPath] = []
                for path in partial {
                    for alternative in alternatives {
                        var combined = path
                        combined.steps.append(contentsOf: alternative.steps)
                        for condition in alternative.conditions where !combined.conditions.contains(condition) {
                            combined.conditions.append(condition)
                        }
                        next.append(combined)
                        if next.count >= PlacementExpander.maxPaths { break }
                    }
                }
                partial = next
                // A function-like macro that assigns to a parameter consumes the caller's variable.
                if let definition = tree.definition(of: tree.resolve(call.callee, for: arch), for: arch),
                   definition.function.kind == .functionMacro {
                    for assignment in definition.function.assignments {
                        if let index = definition.function.parameters.firstIndex(of: assignment.variable),
                           index < call.arguments.count {
                            let argument = call.arguments[index].trimmingCharacters(in: " ")
                            if PlacementExpander.identifiers(argument) == [argument] { consumed.insert(argument) }
                        }
                    }
                }
            }
        }
        return partial
    }

    /// The micro-steps one call contributes: alternatives when it is a function with several paths.
    func steps(for call: CallSite, function: CFunction, file: String, environment: [String: String],
               consumed: Set<String>, stack: [String]) -> [ExpandedPath] {
        let callee = tree.resolve(call.callee, for: arch)
        let chain = stack
        if NotifierAPI.isInvalidation(callee, arguments: call.arguments) {
            let arguments = call.arguments.map { PlacementExpander.substitute($0, environment) }
            let step: PlacementStep
            if callee == NotifierAPI.rangeEnd {
                let mm = RangeEvaluator.mm((arguments.first ?? "range") + "->mm")
                step = .secondaryInvalidate(mm: mm, range: InvalidationRange(.span, arguments: arguments))
            } else if arguments.count >= 3 {
                let readsConsumed = !Set(call.arguments[1...2].flatMap(PlacementExpander.identifiers)).isDisjoint(with: consumed)
                var range = RangeEvaluator.evaluate(start: arguments[1], end: arguments[2])
                if readsConsumed {
                    range.facts.insert(.consumedVariable)
                    if range.shape == .span || range.shape == .page || range.shape == .huge { range.shape = .empty }
                }
                step = .secondaryInvalidate(mm: RangeEvaluator.mm(arguments[0]), range: range)
            } else {
                step = .secondaryInvalidate(mm: .unknown(arguments.first ?? ""), range: InvalidationRange(.unknown, arguments: arguments))
            }
            return [ExpandedPath(conditions: [], steps: [TracedStep(step: step, chain: chain + [callee], file: file, line: call.line)])]
        }
        if let primitive = arch.primitive(callee) {
            let shape = PlacementExpander.shape(of: primitive.scope, arguments: call.arguments)
            let range = InvalidationRange(shape, arguments: call.arguments.map { PlacementExpander.substitute($0, environment) })
            return [ExpandedPath(conditions: [], steps: [TracedStep(step: .cpuInvalidate(range), chain: chain + [callee], file: file, line: call.line)])]
        }
        if !stack.contains(callee), stack.count < PlacementExpander.maxDepth,
           let definition = tree.definition(of: callee, for: arch) {
            var bindings: [String: String] = [:]
            for (index, parameter) in definition.function.parameters.enumerated() where index < call.arguments.count {
                bindings[parameter] = "(\(PlacementExpander.substitute(call.arguments[index], environment)))"
            }
            let paths = expand(definition.function, file: definition.file, environment: bindings, stack: stack + [callee])
            return paths.isEmpty ? [ExpandedPath(conditions: [], steps: [])] : paths
        }
        if isEntryPoint(callee) {
            return [ExpandedPath(conditions: [], steps: [TracedStep(step: .call(callee), chain: chain + [callee], file: file, line: call.line)])]
        }
        return [ExpandedPath(conditions: [], steps: [])]
    }

    static func shape(of scope: CPUFlushScope, arguments: [String]) -> RangeShape {
        switch scope {
        case .page: .page
        case .range: .span
        case .wholeMM: .wholeMM
        case .kernel: .unknown
        case .byOperation(let table):
            table[(arguments.first ?? "").trimmingCharacters(in: " ").lowercased()].map { shape(of: $0, arguments: []) } ?? .unknown
        }
    }

    /// The truth of a condition that is one identifier (or its negation) bound to a constant by the
    /// caller: `mm` bound to `(NULL)` is false, `!mm` true; anything else is undecided.
    static func constantTruth(_ condition: String, _ environment: [String: String]) -> Bool? {
        guard !environment.isEmpty else { return nil }
        var text = Substring(condition.trimmingCharacters(in: " \t"))
        var negated = false
        if text.hasPrefix("!") {
            negated = true
            text = text.dropFirst()
        }
        guard let first = text.first, first.isLetter || first == "_",
              text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
              let bound = environment[String(text)] else { return nil }
        switch bound.filter({ $0 != "(" && $0 != ")" && $0 != " " && $0 != "\t" }) {
        case "NULL", "0", "false": return negated
        case "1", "true": return !negated
        default: return nil
        }
    }

    // MARK: - Text

    /// The identifiers of an expression, in order (`vma->vm_mm` gives `vma`, `vm_mm`).
    static func identifiers(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if let first = current.first, !first.isNumber { result.append(current) }
                current = ""
            }
        }
        if let first = current.first, !first.isNumber { result.append(current) }
        return result
    }

    /// Replaces whole identifiers by their values (`start` -> `(round_down(start, stride))`); member
    /// names after `->` or `.` are left alone.
    static func substitute(_ text: String, _ environment: [String: String]) -> String {
        guard !environment.isEmpty else { return text }
        var output = ""
        var current = ""
        var previous: Character = " "
        var beforePrevious: Character = " "
        func flush() {
            if !current.isEmpty {
                let isMember = previous == "." || (previous == ">" && beforePrevious == "-")
                if !isMember, let value = environment[current], let first = current.first, !first.isNumber {
                    output += value
                } else {
                    output += current
                }
                current = ""
            }
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                flush()
                output.append(character)
                if !character.isWhitespace {
                    beforePrevious = previous
                    previous = character
                }
            }
        }
        flush()
        return output
    }
}
