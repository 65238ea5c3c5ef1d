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
    /// The arch's and the generic code's entry points.
    let entryPointNames: Set<String>

    static let maxDepth = 12
    static let maxPaths = 48
    /// Paths kept for one function: every way through its own conditions (at most 2^maxVariables)
    /// comes before a second alternative of any of them.
    static let maxResults = 64
    static let maxVariables = 6

    public init(tree: ScannedTree, arch: ArchKnowledge) {
        self.init(tree: tree, arch: arch, graph: CallGraph(tree))
    }

    /// An expander using a call graph already built for the tree (one for every arch).
    init(tree: ScannedTree, arch: ArchKnowledge, graph: CallGraph) {
        self.tree = tree
        self.arch = arch
        reaching = PlacementExpander.functionsReachingPrimitives(tree: tree, arch: arch, graph: graph)
        entryPointNames = Set(arch.entryPoints).union(KnowledgeBase.generic.entryPoints)
    }

    /// Who calls whom in a scanned tree, names resolved through aliases, with the file of each caller:
    /// built once per tree, filtered per arch by the files it sees.
    struct CallGraph: Sendable {
        /// Callers of each (resolved) callee: the caller's name and the file of its definition.
        var callers: [String: [(caller: String, file: String)]] = [:]
        /// Definitions that invalidate secondary TLBs by a call's arguments
        /// (`__mmu_notifier_invalidate_range_end(range, false)`).
        var invalidating: [(caller: String, file: String)] = []
        /// Aliases of each name.
        var aliasesOf: [String: [String]] = [:]

        init(_ tree: ScannedTree) {
            for (name, definitions) in tree.definitions {
                for definition in definitions {
                    var callees = Set<String>()
                    for call in definition.function.callsAtRecordedLines {
                        let callee = tree.resolve(call.callee)
                        if callees.insert(callee).inserted { callers[callee, default: []].append((name, definition.file)) }
                        if callee == NotifierAPI.rangeEnd, NotifierAPI.isInvalidation(callee, arguments: call.arguments) {
                            invalidating.append((name, definition.file))
                        }
                    }
                }
            }
            for (alias, target) in tree.aliases { aliasesOf[target, default: []].append(alias) }
        }
    }

    /// What expansion has already worked out for one arch: a callee reached again (from another
    /// branch of its caller, or from another entry point) with the same arguments has the same paths,
    /// kept with chains that start at the callee. Without it, expansion is exponential in the depth
    /// of the call chain. A result cut short by the depth limit or a cycle is not kept.
    final class Memo {
        struct Key: Hashable {
            var callee: String
            var bindings: [String: String]
        }

        var expansions: [Key: [ExpandedPath]] = [:]
        var truncations = 0
        var resolved: [String: String] = [:]
        var definitions: [String: (file: String, function: CFunction)?] = [:]
        var relevant: [String: Bool] = [:]
        var reachesSecondary: [String: Bool] = [:]
    }

    func resolve(_ name: String, _ memo: Memo) -> String {
        if let known = memo.resolved[name] { return known }
        let resolved = tree.resolve(name, for: arch)
        memo.resolved[name] = resolved
        return resolved
    }

    func definition(of name: String, _ memo: Memo) -> (file: String, function: CFunction)? {
        if let known = memo.definitions[name] { return known }
        let found = tree.definition(of: name, for: arch)
        memo.definitions[name] = .some(found)
        return found
    }

    /// Every path of a named entry point, or `nil` when the tree does not define it for this arch.
    public func expand(_ name: String) -> (file: String, function: CFunction, paths: [ExpandedPath])? {
        expand(name, memo: Memo())
    }

    /// `expand(_:)` sharing what earlier expansions of the same arch worked out.
    func expand(_ name: String, memo: Memo) -> (file: String, function: CFunction, paths: [ExpandedPath])? {
        let resolved = resolve(name, memo)
        guard let definition = definition(of: resolved, memo) else { return nil }
        let paths = expand(definition.function, file: definition.file, environment: [:], stack: [resolved], origin: 0, memo: memo)
        return (definition.file, definition.function, paths)
    }

    /// The names the expansions recorded in `memo` rest on: every name they looked up, and what
    /// those names call and alias in the tree (or in the generic defaults), transitively; with the
    /// names that select the generic defaults.
    func dependencies(_ memo: Memo) -> Set<String> {
        var names: Set<String> = [ScannedTree.renamedNotifier, ScannedTree.notifierHeaderMark]
        var work: [String] = []
        func add(_ name: String) { if names.insert(name).inserted { work.append(name) } }
        for name in memo.resolved.keys { add(name) }
        for name in memo.resolved.values { add(name) }
        for name in memo.definitions.keys { add(name) }
        for name in memo.relevant.keys { add(name) }
        for name in memo.reachesSecondary.keys { add(name) }
        for key in memo.expansions.keys { add(key.callee) }
        while let name = work.popLast() {
            for definition in tree.definitions[name] ?? [] {
                for call in definition.function.callsAtRecordedLines { add(call.callee) }
            }
            for call in tree.fallbacks[name]?.function.callsAtRecordedLines ?? [] { add(call.callee) }
            for site in tree.aliasSites[name] ?? [] { add(site.target) }
        }
        return names
    }

    // MARK: - Reachability

    static func functionsReachingPrimitives(tree: ScannedTree, arch: ArchKnowledge, graph: CallGraph) -> Set<String> {
        var visible: [String: Bool] = [:]
        for file in tree.files.keys { visible[file] = ScannedTree.sees(file, arch) }
        var reaching = Set<String>()
        var work: [String] = []
        func reach(_ name: String) {
            if reaching.insert(name).inserted { work.append(name) }
        }
        func visitCallers(of callee: String) {
            for (caller, file) in graph.callers[callee] ?? [] where visible[file] ?? false { reach(caller) }
        }
        for callee in graph.callers.keys where arch.primitive(callee) != nil || NotifierAPI.invalidationCalls.contains(callee)
            || PTEWrites.writers.contains(callee) || PTEWrites.atomics.contains(callee) {
            visitCallers(of: callee)
        }
        for fallback in tree.fallbacks.values where fallback.calls.contains(where: { call in
            NotifierAPI.isInvalidation(call.callee, arguments: call.arguments) || PTEWrites.isWrite(call.callee, arguments: call.arguments)
                || arch.entryPoints.contains(call.callee) || KnowledgeBase.generic.entryPoints.contains(call.callee)
        }) {
            reach(fallback.name)
        }
        for (caller, file) in graph.invalidating where visible[file] ?? false { reach(caller) }
        // Callers reach what their callees reach, aliases what their targets reach.
        while let name = work.popLast() {
            visitCallers(of: name)
            for alias in graph.aliasesOf[name] ?? [] { reach(alias) }
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

    func isRelevantCall(_ call: CallSite, _ memo: Memo) -> Bool {
        let callee = resolve(call.callee, memo)
        if NotifierAPI.isInvalidation(callee, arguments: call.arguments) { return true }
        if let known = memo.relevant[call.callee] { return known }
        let relevant = arch.primitive(callee) != nil || PTEWrites.isWrite(callee, arguments: call.arguments)
            || reaching.contains(callee) || reaching.contains(call.callee) || isEntryPoint(callee)
        memo.relevant[call.callee] = relevant
        return relevant
    }

    func isEntryPoint(_ name: String) -> Bool { entryPointNames.contains(name) }

    func expand(_ function: CFunction, file: String, environment: [String: String], stack: [String], origin: Int,
                memo: Memo) -> [ExpandedPath] {
        var events: [Event] = []
        let relevantCalls = function.calls.filter { isRelevantCall($0, memo) }
        for call in relevantCalls { events.append(.call(call)) }
        // A return matters only when it can skip an invalidation that follows it.
        let lastRelevantLine = relevantCalls.map(\.line).max() ?? 0
        for var early in function.returns where early.isBeforeEnd && early.line < lastRelevantLine {
            // Code after an unconditional return is reached through a label (`goto`, or riscv's
            // `asm goto(ALTERNATIVE(...) : : : : svvptc)` in `ptep_set_access_flags`): the return
            // happens only when nothing jumped there.
            if early.conditions.isEmpty,
               let label = function.labels.first(where: { $0.line > early.line && $0.line <= lastRelevantLine }) {
                early.conditions = [.statement("!(goto \(label.name))")]
            }
            events.append(.earlyReturn(early))
        }
        let argumentNames = Set(relevantCalls.flatMap { call in call.arguments.flatMap(PlacementExpander.identifiers) })
        for assignment in function.assignments {
            let base = PlacementExpander.identifiers(assignment.variable).first ?? assignment.variable
            if argumentNames.contains(base) || argumentNames.contains(assignment.variable) {
                events.append(.assignment(assignment))
            }
        }
        // Stable: calls a patch inserted at the same line keep their order.
        events = events.enumerated().sorted { ($0.element.line, $0.element.order, $0.offset) < ($1.element.line, $1.element.order, $1.offset) }
            .map(\.element)

        var variables: [String] = []
        for event in events {
            for condition in event.conditions {
                if let literal = Literal(condition), !variables.contains(literal.variable) { variables.append(literal.variable) }
            }
        }
        // A condition the caller's arguments settle (`if (mm)` with `mm` bound to `NULL`) is not a choice.
        var fixed: [String: Bool] = [:]
        for variable in variables {
            if let truth = PlacementExpander.constantTruth(variable, environment) { fixed[variable] = truth }
        }

        var results: [ExpandedPath] = []
        // Paths with the same steps are one: bucketed by a cheap fingerprint (hashing every step's
        // chain and range texts costs more than the comparisons it saves).
        var seen: [Int: [Int]] = [:]
        for path in walk(events, fixed: fixed, function: function, file: file, environment: environment, stack: stack, origin: origin, memo: memo) {
            let print = PlacementExpander.fingerprint(path.steps)
            if !(seen[print] ?? []).contains(where: { results[$0].steps == path.steps }) {
                seen[print, default: []].append(results.count)
                results.append(path)
                if results.count >= PlacementExpander.maxResults { return results }
            }
        }
        return results
    }

    static func fingerprint(_ steps: [TracedStep]) -> Int {
        var hasher = Hasher()
        hasher.combine(steps.count)
        for step in steps {
            hasher.combine(step.line)
            hasher.combine(step.chain.count)
            hasher.combine(step.chain.last?.utf8.count ?? 0)
        }
        return hasher.finalize()
    }

    /// One way through a function's events: the branch decisions taken so far, the paths (callees
    /// add alternatives), and the variables as the assignments left them.
    struct Branch {
        var values: [String: Bool]
        var decided: Int
        var paths: [ExpandedPath]
        var environment: [String: String]
        var consumed: Set<String>
        var returned: Bool

        func holds(_ literals: [Literal]) -> Bool {
            for literal in literals {
                guard let value = values[literal.variable] else { continue }
                if value != literal.value { return false }
            }
            return true
        }

        /// This branch split on the undecided conditions of an event (at most `maxVariables` decisions
        /// per branch; beyond them a condition is taken to hold), false before true.
        func split(on literals: [Literal]) -> [Branch] {
            var branches = [self]
            for literal in literals {
                var next: [Branch] = []
                for branch in branches {
                    guard branch.values[literal.variable] == nil, branch.decided < PlacementExpander.maxVariables else {
                        next.append(branch)
                        continue
                    }
                    for value in [false, true] {
                        var decided = branch
                        decided.values[literal.variable] = value
                        decided.decided += 1
                        next.append(decided)
                    }
                }
                branches = next
            }
            return branches
        }
    }

    /// The paths through a function's events, splitting on a branch condition only where an event
    /// sits under it (work grows with the paths there are, not with every combination of conditions).
    func walk(_ events: [Event], fixed: [String: Bool], function: CFunction, file: String,
              environment: [String: String], stack: [String], origin: Int, memo: Memo) -> [ExpandedPath] {
        var branches = [Branch(values: fixed, decided: 0, paths: [ExpandedPath(conditions: [], steps: [])],
                               environment: environment, consumed: [], returned: false)]
        // Branches usually reach a call with the same variables: its steps are worked out once.
        var known: [StepKey: [ExpandedPath]] = [:]
        for (index, event) in events.enumerated() {
            let literals = event.conditions.compactMap(Literal.init)
            var next: [Branch] = []
            for branch in branches {
                if branch.returned {
                    next.append(branch)
                    continue
                }
                for var branch in branch.split(on: literals) {
                    if branch.holds(literals) { apply(event, index, to: &branch, known: &known, function: function, file: file, stack: stack,
                                                        origin: origin, memo: memo) }
                    next.append(branch)
                }
            }
            // About `maxPaths` paths in all: every branch keeps its first path (a branch is a different
            // way through this function's own conditions), the first branches keep more.
            var budget = PlacementExpander.maxPaths
            for index in next.indices {
                let keep = max(1, min(next[index].paths.count, budget))
                if next[index].paths.count > keep { next[index].paths.removeLast(next[index].paths.count - keep) }
                budget -= keep
            }
            branches = next
        }
        let decisions = branches.map { branch in
            branch.values.keys.sorted().compactMap { key -> String? in
                guard let value = branch.values[key] else { return nil }
                return value ? key : "!(\(key))"
            }
        }
        // Round robin: the first path of every branch, then the second of every branch, ...
        var paths: [ExpandedPath] = []
        var rank = 0
        while true {
            var any = false
            for (index, branch) in branches.enumerated() where rank < branch.paths.count {
                any = true
                var path = branch.paths[rank]
                path.conditions = decisions[index] + path.conditions.filter { !decisions[index].contains($0) }
                paths.append(path)
            }
            if !any { break }
            rank += 1
        }
        return paths
    }

    /// One event on one branch: an assignment updates the variables, an early return ends the branch,
    /// a call adds its steps (and its alternatives).
    /// A call event as one branch reaches it: what its steps depend on besides the call.
    struct StepKey: Hashable {
        var event: Int
        var environment: [String: String]
        var consumed: Set<String>
    }

    func apply(_ event: Event, _ index: Int, to branch: inout Branch, known: inout [StepKey: [ExpandedPath]],
               function: CFunction, file: String, stack: [String], origin: Int, memo: Memo) {
        switch event {
        case .assignment(let assignment):
            let name = assignment.variable
            if assignment.conditions.contains(where: { if case .loop = $0 { return true } else { return false } }) {
                branch.consumed.insert(name)
                return
            }
            let value = PlacementExpander.substitute(assignment.expression, branch.environment)
            let current = branch.environment[name] ?? name
            switch assignment.operation {
            case "=": branch.environment[name] = "(\(value))"
            case "+=", "-=", "*=", "/=", "&=", "|=", "<<=", ">>=":
                let op = String(assignment.operation.dropLast())
                branch.environment[name] = "((\(current)) \(op) (\(value)))"
            default: branch.environment[name] = "(\(value))"
            }
        case .earlyReturn(let early):
            // The path ends here; it is marked only when the return skips a secondary invalidation of
            // this function (a helper returning its answer early is not an early exit of the flush).
            branch.returned = true
            guard skipsSecondary(function, after: early.line, memo) else { return }
            let text = early.conditions.compactMap(Literal.init).map(\.text).joined(separator: " && ")
            let step = TracedStep(step: .earlyReturn(condition: text.isEmpty ? "always" : text), chain: Array(stack[origin...]),
                                  file: file, line: early.line)
            for index in branch.paths.indices { branch.paths[index].steps.append(step) }
        case .call(let call):
            let key = StepKey(event: index, environment: branch.environment, consumed: branch.consumed)
            let alternatives: [ExpandedPath]
            if let steps = known[key] {
                alternatives = steps
            } else {
                alternatives = steps(for: call, function: function, file: file, environment: branch.environment,
                                     consumed: branch.consumed, stack: stack, origin: origin, memo: memo)
                known[key] = alternatives
            }
            var next: [ExpandedPath] = []
            for path in branch.paths {
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
            branch.paths = next
            // A function-like macro that assigns to a parameter consumes the caller's variable.
            if let definition = definition(of: resolve(call.callee, memo), memo),
               definition.function.kind == .functionMacro {
                for assignment in definition.function.assignments {
                    if let index = definition.function.parameters.firstIndex(of: assignment.variable),
                       index < call.arguments.count {
                        let argument = call.arguments[index].trimmingCharacters(in: " ")
                        if PlacementExpander.identifiers(argument) == [argument] { branch.consumed.insert(argument) }
                    }
                }
            }
        }
    }

    /// Whether a call after `line` invalidates secondary TLBs, or reaches a function that does.
    func skipsSecondary(_ function: CFunction, after line: Int, _ memo: Memo) -> Bool {
        function.calls.contains { call in
            guard call.line > line else { return false }
            let callee = resolve(call.callee, memo)
            return NotifierAPI.isInvalidation(callee, arguments: call.arguments) || reachesSecondary(callee, memo, depth: 0)
        }
    }

    func reachesSecondary(_ name: String, _ memo: Memo, depth: Int) -> Bool {
        if let known = memo.reachesSecondary[name] { return known }
        guard depth < PlacementExpander.maxDepth, let definition = definition(of: name, memo) else { return false }
        memo.reachesSecondary[name] = false
        let result = definition.function.callsAtRecordedLines.contains { call in
            let callee = resolve(call.callee, memo)
            return NotifierAPI.isInvalidation(callee, arguments: call.arguments) || reachesSecondary(callee, memo, depth: depth + 1)
        }
        memo.reachesSecondary[name] = result
        return result
    }

    /// The micro-steps one call contributes: alternatives when it is a function with several paths.
    func steps(for call: CallSite, function: CFunction, file: String, environment: [String: String],
               consumed: Set<String>, stack: [String], origin: Int, memo: Memo) -> [ExpandedPath] {
        let callee = resolve(call.callee, memo)
        let chain = Array(stack[origin...])
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
        if PTEWrites.isWrite(callee, arguments: call.arguments) {
            let text = "\(callee)(\(call.arguments.joined(separator: ", ")))"
            return [ExpandedPath(conditions: [], steps: [TracedStep(step: .pteWrite(text), chain: chain + [callee], file: file, line: call.line)])]
        }
        if let primitive = arch.primitive(callee) {
            var shape = PlacementExpander.shape(of: primitive.scope, arguments: call.arguments)
            // A per-page flush inside a loop walks the whole range.
            let inLoop = call.conditions.contains { if case .loop = $0 { return true } else { return false } }
            if inLoop, shape == .page { shape = .span }
            let arguments = call.arguments.map { PlacementExpander.substitute($0, environment) }
            if shape == .span, arguments.contains(where: { $0.contains("TLB_FLUSH_ALL") || $0.contains("-1UL") }) { shape = .wholeMM }
            let range = InvalidationRange(shape, arguments: arguments)
            return [ExpandedPath(conditions: [], steps: [TracedStep(step: .cpuInvalidate(range), chain: chain + [callee], file: file, line: call.line)])]
        }
        if !stack.contains(callee), stack.count < PlacementExpander.maxDepth,
           let definition = definition(of: callee, memo) {
            var bindings: [String: String] = [:]
            for (index, parameter) in definition.function.parameters.enumerated() where index < call.arguments.count {
                bindings[parameter] = "(\(PlacementExpander.substitute(call.arguments[index], environment)))"
            }
            let key = Memo.Key(callee: callee, bindings: bindings)
            let relative: [ExpandedPath]
            if let known = memo.expansions[key] {
                relative = known
            } else {
                let truncations = memo.truncations
                let paths = expand(definition.function, file: definition.file, environment: bindings, stack: stack + [callee],
                                   origin: stack.count, memo: memo)
                relative = paths.isEmpty ? [ExpandedPath(conditions: [], steps: [])] : paths
                if memo.truncations == truncations { memo.expansions[key] = relative }
            }
            return relative.map { path in
                var path = path
                for index in path.steps.indices { path.steps[index].chain = chain + path.steps[index].chain }
                return path
            }
        }
        if definition(of: callee, memo) != nil { memo.truncations += 1 }
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
