/// A condition of the baseline tables, written as its kind's letter and its text: `s:` an `if`,
/// `p:` an `#if` branch, `l:` a loop, `c:` a `switch` case.
public struct BaselineCondition: Sendable, Hashable, ExpressibleByStringLiteral {
    public var condition: Condition

    public init(stringLiteral value: String) {
        let text = String(value.dropFirst(2))
        switch value.prefix(2) {
        case "p:": condition = .preprocessor(text)
        case "l:": condition = .loop(text)
        case "c:": condition = .switchCase(text)
        default: condition = .statement(text)
        }
    }

    public init(_ condition: Condition) { self.condition = condition }

    /// The literal this condition is written as in a table.
    public var literal: String {
        switch condition {
        case .statement(let text): "s:" + text
        case .preprocessor(let text): "p:" + text
        case .loop(let text): "l:" + text
        case .switchCase(let text): "c:" + text
        }
    }
}

/// One function of a kernel version as the placement model needs it: where it is, its parameters,
/// and only the events that matter to placement (calls toward invalidations, the returns that can
/// skip them, the assignments to variables those calls read), each at its line with its conditions.
public struct BaselineFunction: Sendable, Hashable {
    /// A call at its line, with its arguments as written and the conditions it sits under.
    public struct Call: Sendable, Hashable {
        public var line: Int
        public var callee: String
        public var arguments: [String]
        public var conditions: [BaselineCondition]

        public init(_ line: Int, _ callee: String, _ arguments: [String], _ conditions: [BaselineCondition] = []) {
            self.line = line
            self.callee = callee
            self.arguments = arguments
            self.conditions = conditions
        }
    }

    /// A `return` that can skip what follows it.
    public struct Return: Sendable, Hashable {
        public var line: Int
        public var conditions: [BaselineCondition]

        public init(_ line: Int, _ conditions: [BaselineCondition] = []) {
            self.line = line
            self.conditions = conditions
        }
    }

    /// An assignment to a variable a placement call reads.
    public struct Assignment: Sendable, Hashable {
        public var line: Int
        public var variable: String
        public var operation: String
        public var expression: String
        public var conditions: [BaselineCondition]

        public init(_ line: Int, _ variable: String, _ operation: String, _ expression: String, _ conditions: [BaselineCondition] = []) {
            self.line = line
            self.variable = variable
            self.operation = operation
            self.expression = expression
            self.conditions = conditions
        }
    }

    public var name: String
    public var file: String
    public var lines: ClosedRange<Int>
    public var isMacro: Bool
    public var parameters: [String]
    public var condition: [BaselineCondition]
    public var calls: [Call]
    public var returns: [Return]
    public var assignments: [Assignment]

    public init(_ name: String, _ file: String, _ lines: ClosedRange<Int>, macro: Bool = false, parameters: [String],
                condition: [BaselineCondition] = [], calls: [Call] = [], returns: [Return] = [], assignments: [Assignment] = []) {
        self.name = name
        self.file = file
        self.lines = lines
        self.isMacro = macro
        self.parameters = parameters
        self.condition = condition
        self.calls = calls
        self.returns = returns
        self.assignments = assignments
    }

    /// The function as the scanner would have reported it.
    public var function: CFunction {
        CFunction(name: name, kind: isMacro ? .functionMacro : .function, parameters: parameters,
                  span: LineSpan(first: lines.lowerBound, last: lines.upperBound),
                  bodySpan: LineSpan(first: lines.lowerBound, last: lines.upperBound),
                  calls: calls.map { CallSite(callee: $0.callee, arguments: $0.arguments, line: $0.line, conditions: $0.conditions.map(\.condition)) },
                  returns: returns.map { EarlyReturn(line: $0.line, value: nil, conditions: $0.conditions.map(\.condition), isBeforeEnd: true) },
                  assignments: assignments.map {
                      KernelModel.Assignment(variable: $0.variable, operation: $0.operation, expression: $0.expression,
                                             line: $0.line, conditions: $0.conditions.map(\.condition), isDeclaration: false)
                  },
                  condition: condition.map(\.condition))
    }
}

/// What the knowledge base holds of one kernel version: the functions the placement model follows
/// from every entry point, and the object-like macro aliases, taken from that version's files.
/// Used when a series comes without a tree (design section 4, item 2).
public struct KernelBaseline: Sendable {
    public var version: String
    /// What the version is: the release and where the table was read from.
    public var origin: String
    public var functions: [BaselineFunction]
    public var aliases: [String: String]

    public init(version: String, origin: String, functions: [BaselineFunction], aliases: [String: String]) {
        self.version = version
        self.origin = origin
        self.functions = functions
        self.aliases = aliases
    }

    /// The baseline as a scanned tree the placement builder reads like real files.
    public func scannedTree(label: String? = nil) -> ScannedTree {
        var byFile: [String: [CFunction]] = [:]
        for function in functions { byFile[function.file, default: []].append(function.function) }
        var files: [String: ScannedFile] = [:]
        for (path, functions) in byFile {
            let macros = aliases.filter { _ in true }.map { CMacro(name: $0.key, parameters: nil, body: $0.value, span: LineSpan(first: 1, last: 1)) }
            files[path] = ScannedFile(path: path, functions: functions, macros: path == "include/linux/mmu_notifier.h" ? macros : [])
        }
        return ScannedTree(label: label ?? "knowledge base \(version)", scanned: files)
    }
}

extension KnowledgeBase {
    /// The kernel versions the knowledge base holds, oldest first.
    public static let baselines: [KernelBaseline] = [baseline_v6_5, baseline_v6_6]

    /// The baseline of a version (`v6.5`, `6.6`).
    public static func baseline(_ version: String) -> KernelBaseline? {
        let wanted = version.hasPrefix("v") ? version : "v" + version
        return baselines.first { $0.version == wanted }
    }
}
