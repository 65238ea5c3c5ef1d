/// A range of source lines, 1-based and inclusive at both ends.
public struct LineSpan: Sendable, Hashable, CustomStringConvertible {
    public var first: Int
    public var last: Int

    public init(first: Int, last: Int) {
        self.first = first
        self.last = max(first, last)
    }

    public func contains(_ line: Int) -> Bool { line >= first && line <= last }

    public var description: String { first == last ? "\(first)" : "\(first)-\(last)" }
}

/// A stretch of a file the scanner could not read as C, and why; the scan went on after it.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var lines: LineSpan
    public var reason: String

    public init(lines: LineSpan, reason: String) {
        self.lines = lines
        self.reason = reason
    }

    public var description: String { "lines \(lines): \(reason)" }
}

/// One condition a piece of code sits under, as its text in the source.
///
/// - `preprocessor`: the branch of an `#if` group: `defined(CONFIG_X)` for `#ifdef`, `!defined(CONFIG_X)`
///   for `#ifndef` or the `#else` of an `#ifdef`, the expression of `#if`, `!(A) && (B)` for `#elif B`.
/// - `statement`: the enclosing `if (cond)` as `cond`, its `else` as `!(cond)`.
/// - `loop`: the body of `while (cond)` as `cond`, of `for (a; b; c)` as `a; b; c`, of a
///   `do { } while (cond)` as `cond` (a `do { } while (0)` adds no condition), of a loop macro such as
///   `for_each_cpu(cpu, mask)` as that text.
/// - `switchCase`: a `case` of a `switch`, as `subject: label` (`action: TLB_INVAL_SCOPE_GLOBAL`,
///   `action: default`, adjacent labels joined with `, `).
public enum Condition: Sendable, Hashable, CustomStringConvertible {
    case preprocessor(String)
    case statement(String)
    case loop(String)
    case switchCase(String)

    public var text: String {
        switch self {
        case .preprocessor(let text), .statement(let text), .loop(let text), .switchCase(let text): text
        }
    }

    public var description: String {
        switch self {
        case .preprocessor(let text): "#if \(text)"
        case .statement(let text): "if (\(text))"
        case .loop(let text): "loop (\(text))"
        case .switchCase(let text): "case \(text)"
        }
    }
}

/// Something recorded at a line of a function body.
protocol RecordedAtLine {
    var line: Int { get set }
}

extension CallSite: RecordedAtLine {}
extension EarlyReturn: RecordedAtLine {}
extension Assignment: RecordedAtLine {}
extension CLabel: RecordedAtLine {}
extension CGoto: RecordedAtLine {}

/// A call in a function body or macro body: `callee(arguments...)`.
///
/// Calls are listed in source order of their callee, so in `f(g(x))` `f` comes before `g`.
/// `conditions` are those inside the function (outermost first); the function's own `#if` stack is
/// `CFunction.condition`.
public struct CallSite: Sendable, Hashable, CustomStringConvertible {
    /// The called name (`mmu_notifier_invalidate_range`); for a member call `ops->flush(x)` it is the
    /// member (`flush`) and `receiver` holds `ops`; in a macro body a pasted name reads `__TLBI_##n`.
    public var callee: String
    /// Argument texts split at top-level commas, comments removed, whitespace collapsed.
    public var arguments: [String]
    public var line: Int
    public var conditions: [Condition]
    /// The object expression of a member call (`subscription->ops`), else nil.
    public var receiver: String?

    public init(callee: String, arguments: [String], line: Int, conditions: [Condition], receiver: String? = nil) {
        self.callee = callee
        self.arguments = arguments
        self.line = line
        self.conditions = conditions
        self.receiver = receiver
    }

    public var description: String { "\(callee)(\(arguments.joined(separator: ", "))) @\(line)" }
}

/// A `return` statement in a function body.
public struct EarlyReturn: Sendable, Hashable {
    public var line: Int
    /// The returned expression, nil for a bare `return;`.
    public var value: String?
    public var conditions: [Condition]
    /// True when code of the function follows the return (it leaves before the end on some path);
    /// false for the final statement of the body and for returns only followed by `else` branches.
    public var isBeforeEnd: Bool

    public init(line: Int, value: String?, conditions: [Condition], isBeforeEnd: Bool) {
        self.line = line
        self.value = value
        self.conditions = conditions
        self.isBeforeEnd = isBeforeEnd
    }
}

/// A change to a variable in a function body: `x = e`, `x op= e`, `x++` (as `x += 1`), or a declaration
/// with an initialiser (`unsigned long end = start + size;`).
public struct Assignment: Sendable, Hashable, CustomStringConvertible {
    /// The assigned lvalue as written: `start`, `range->end`, `*ptep`.
    public var variable: String
    /// `=`, `+=`, `-=`, `<<=`, ...; `x++` is `+=` with expression `1`, `x--` is `-=` with `1`.
    public var operation: String
    public var expression: String
    public var line: Int
    public var conditions: [Condition]
    /// The assignment is the initialiser of a declaration.
    public var isDeclaration: Bool

    public init(variable: String, operation: String, expression: String, line: Int,
                conditions: [Condition], isDeclaration: Bool) {
        self.variable = variable
        self.operation = operation
        self.expression = expression
        self.line = line
        self.conditions = conditions
        self.isDeclaration = isDeclaration
    }

    public var description: String { "\(variable) \(operation) \(expression) @\(line)" }
}

/// A statement label (`out:`) in a function body.
public struct CLabel: Sendable, Hashable {
    public var name: String
    public var line: Int

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}

/// A `goto label;` in a function body.
public struct CGoto: Sendable, Hashable {
    public var label: String
    public var line: Int
    public var conditions: [Condition]

    public init(label: String, line: Int, conditions: [Condition]) {
        self.label = label
        self.line = line
        self.conditions = conditions
    }
}

/// A function definition, or a function-like macro whose body is a statement or an expression
/// (`do { } while (0)`, `({ })`, a call): what the placement model follows calls through.
public struct CFunction: Sendable, Hashable, CustomStringConvertible {
    /// A C function, or a function-like macro read as one.
    public enum Kind: String, Sendable, Hashable {
        case function
        case functionMacro
    }

    /// The fields, in one box that copies share: a function is copied into every state, index and
    /// placement that holds it, and a box costs one reference count where the fields cost ten. A
    /// change to a shared box copies it first.
    private final class Storage: @unchecked Sendable {
        /// Only changed through a reference known to be the only one (`fields` below), so no two
        /// accesses can overlap and the runtime's exclusivity checks are left out.
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Hashable {
        /// How many lines the function moved since its calls, returns, labels, gotos and
        /// assignments were recorded: their stored lines are this much above where they are now.
        /// Moving a function changes this and its spans, not every call it holds.
        var lineShift = 0
        var name: String
        var kind: Kind
        var isStaticInline: Bool
        var attributes: [String]
        var parameters: [String]
        var parameterDeclarations: [String]
        var span: LineSpan
        var bodySpan: LineSpan
        var calls: [CallSite]
        var returns: [EarlyReturn]
        var labels: [CLabel]
        var gotos: [CGoto]
        var assignments: [Assignment]
        var condition: [Condition]
    }

    private var storage: Storage

    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    public var name: String {
        get { storage.fields.name }
        _modify { yield &fields.name }
    }
    public var kind: Kind {
        get { storage.fields.kind }
        _modify { yield &fields.kind }
    }
    /// `static` together with `inline`, `__inline__` or `__always_inline`.
    public var isStaticInline: Bool {
        get { storage.fields.isStaticInline }
        _modify { yield &fields.isStaticInline }
    }
    /// Storage words and attributes of the declaration in source order: `static`, `inline`,
    /// `__always_inline`, `notrace`, `__init`, `__attribute__((...))`, `__acquires(x)`.
    public var attributes: [String] {
        get { storage.fields.attributes }
        _modify { yield &fields.attributes }
    }
    /// Parameter names (`mm`, `uaddr`; `...` for varargs; empty for `(void)`).
    public var parameters: [String] {
        get { storage.fields.parameters }
        _modify { yield &fields.parameters }
    }
    /// Parameter declarations as written (`struct mm_struct *mm`); for a macro, the names.
    public var parameterDeclarations: [String] {
        get { storage.fields.parameterDeclarations }
        _modify { yield &fields.parameterDeclarations }
    }
    /// First line of the declaration (or `#define`) to the line of the closing brace (or last line).
    public var span: LineSpan {
        get { storage.fields.span }
        _modify { yield &fields.span }
    }
    /// The opening brace to the closing brace; for a macro, the lines of its body.
    public var bodySpan: LineSpan {
        get { storage.fields.bodySpan }
        _modify { yield &fields.bodySpan }
    }
    public var calls: [CallSite] {
        get { Self.moved(storage.fields.calls, by: storage.fields.lineShift) }
        _modify {
            placeLines()
            yield &fields.calls
        }
    }
    public var returns: [EarlyReturn] {
        get { Self.moved(storage.fields.returns, by: storage.fields.lineShift) }
        _modify {
            placeLines()
            yield &fields.returns
        }
    }
    public var labels: [CLabel] {
        get { Self.moved(storage.fields.labels, by: storage.fields.lineShift) }
        _modify {
            placeLines()
            yield &fields.labels
        }
    }
    public var gotos: [CGoto] {
        get { Self.moved(storage.fields.gotos, by: storage.fields.lineShift) }
        _modify {
            placeLines()
            yield &fields.gotos
        }
    }
    public var assignments: [Assignment] {
        get { Self.moved(storage.fields.assignments, by: storage.fields.lineShift) }
        _modify {
            placeLines()
            yield &fields.assignments
        }
    }

    /// The calls with the lines they had when they were recorded, for what reads only callees and
    /// arguments: no copy is made when the function has moved since.
    var callsAtRecordedLines: [CallSite] { storage.fields.calls }

    /// The same function `lines` lines further down.
    func moved(by lines: Int) -> CFunction {
        guard lines != 0 else { return self }
        var function = self
        function.fields.span = LineSpan(first: span.first + lines, last: span.last + lines)
        function.fields.bodySpan = LineSpan(first: bodySpan.first + lines, last: bodySpan.last + lines)
        function.fields.lineShift += lines
        return function
    }

    /// Every recorded line at its place, before one of the lists is changed.
    private mutating func placeLines() {
        let shift = storage.fields.lineShift
        guard shift != 0 else { return }
        fields.calls = Self.moved(fields.calls, by: shift)
        fields.returns = Self.moved(fields.returns, by: shift)
        fields.labels = Self.moved(fields.labels, by: shift)
        fields.gotos = Self.moved(fields.gotos, by: shift)
        fields.assignments = Self.moved(fields.assignments, by: shift)
        fields.lineShift = 0
    }

    private static func moved<Item: RecordedAtLine>(_ items: [Item], by lines: Int) -> [Item] {
        guard lines != 0 else { return items }
        return items.map { item in
            var item = item
            item.line += lines
            return item
        }
    }

    /// The fields with every recorded line at its place.
    private var placedFields: Fields {
        var function = self
        function.placeLines()
        return function.storage.fields
    }
    /// The `#if` stack the whole function (or macro) sits in, outermost first; an include guard is left out.
    public var condition: [Condition] {
        get { storage.fields.condition }
        _modify { yield &fields.condition }
    }

    public init(name: String, kind: Kind, isStaticInline: Bool = false, attributes: [String] = [],
                parameters: [String] = [], parameterDeclarations: [String] = [],
                span: LineSpan, bodySpan: LineSpan, calls: [CallSite] = [], returns: [EarlyReturn] = [],
                labels: [CLabel] = [], gotos: [CGoto] = [], assignments: [Assignment] = [],
                condition: [Condition] = []) {
        storage = Storage(Fields(name: name, kind: kind, isStaticInline: isStaticInline, attributes: attributes,
                                 parameters: parameters, parameterDeclarations: parameterDeclarations,
                                 span: span, bodySpan: bodySpan, calls: calls, returns: returns, labels: labels,
                                 gotos: gotos, assignments: assignments, condition: condition))
    }

    public static func == (lhs: CFunction, rhs: CFunction) -> Bool {
        if lhs.storage === rhs.storage { return true }
        let (left, right) = (lhs.storage.fields, rhs.storage.fields)
        guard left.name == right.name, left.span == right.span, left.bodySpan == right.bodySpan else { return false }
        return left.lineShift == right.lineShift ? left == right : lhs.placedFields == rhs.placedFields
    }

    /// Equal functions have the same name and spans; what else differs is left to `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields.name)
        hasher.combine(storage.fields.span)
        hasher.combine(storage.fields.bodySpan)
    }

    /// The calls to one callee, in source order.
    public func calls(to callee: String) -> [CallSite] { calls.filter { $0.callee == callee } }

    public var description: String { "\(name) [\(kind.rawValue)] lines \(span)" }
}

/// A `#define`: object-like (`#define TLB_FLUSH_ALL -1UL`) or function-like (`#define f(a, b) ...`).
public struct CMacro: Sendable, Hashable {
    public var name: String
    /// The parameter names of a function-like macro (`...` for varargs), nil for an object-like one.
    public var parameters: [String]?
    /// The replacement text, line continuations joined, comments removed, whitespace collapsed.
    public var body: String
    public var span: LineSpan
    public var isFunctionLike: Bool
    /// The `#if` stack the definition sits in, outermost first.
    public var condition: [Condition]

    public init(name: String, parameters: [String]?, body: String, span: LineSpan, condition: [Condition] = []) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
        self.isFunctionLike = parameters != nil
        self.condition = condition
    }
}

/// What the scanner read from one C source or header: its functions and function-like macros, its
/// macros, its includes, and the stretches it could not read.
public struct ScannedFile: Sendable, Hashable {
    public var path: String
    /// Functions and function macros, ordered by their first line.
    public var functions: [CFunction]
    public var macros: [CMacro]
    /// The targets of `#include` lines as written (`linux/mm.h`, `internal.h`).
    public var includes: [String]
    public var unreadable: [SourceSpan]

    public init(path: String, functions: [CFunction], macros: [CMacro], includes: [String] = [],
                unreadable: [SourceSpan] = []) {
        self.path = path
        self.functions = functions.sorted { ($0.span.first, $0.span.last) < ($1.span.first, $1.span.last) }
        self.macros = macros
        self.includes = includes
        self.unreadable = unreadable
    }

    /// The function whose span holds `line`: the innermost one when a macro is defined inside a function.
    public func function(atLine line: Int) -> CFunction? {
        var low = 0
        var high = functions.count
        while low < high {
            let mid = (low + high) / 2
            if functions[mid].span.first <= line { low = mid + 1 } else { high = mid }
        }
        var best: CFunction?
        var index = low - 1
        while index >= 0 {
            let candidate = functions[index]
            if candidate.span.contains(line) {
                let width = candidate.span.last - candidate.span.first
                if let current = best, current.span.last - current.span.first <= width {
                    // keep the narrower one
                } else {
                    best = candidate
                }
            }
            // Definitions do not overlap one another, so once one ends before the line nothing earlier holds it.
            if candidate.kind == .function && candidate.span.last < line { break }
            index -= 1
        }
        return best
    }

    /// The first function or function macro with this name (a name may be defined in several `#if` branches).
    public func function(named name: String) -> CFunction? { functions.first { $0.name == name } }

    /// Every definition of a name, one per `#if` branch that defines it.
    public func functions(named name: String) -> [CFunction] { functions.filter { $0.name == name } }

    /// The first macro with this name.
    public func macro(named name: String) -> CMacro? { macros.first { $0.name == name } }
}
