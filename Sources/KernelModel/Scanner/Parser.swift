/// Counts of a draft's items, taken when a `do` starts so its `while (cond)` can be applied to them.
struct ItemMarks {
    var calls: Int
    var returns: Int
    var assignments: Int
    var gotos: Int
}

/// What an open statement context is waiting for, inside a function body.
enum FrameRole {
    /// `{ ... }`: a statement block, a statement expression or an initializer.
    case block(open: Int, isStatement: Bool, parenBase: Int)
    /// The `{ ... }` of a `switch`; its frame condition is the current case label.
    case switchBlock(open: Int, parenBase: Int, subject: String)
    /// One statement after `if (cond)`.
    case thenBranch(String)
    /// One statement after `else`.
    case elseBranch
    /// One statement after `while (...)`, `for (...)` or a loop macro.
    case loopBody
    /// One statement (the block) after `switch (subject)`.
    case switchBody(String)
    /// One statement after `do`.
    case doBody(ItemMarks)
    /// The `do` body is done; `while (cond)` is expected.
    case doTail(ItemMarks)
}

struct Frame {
    var role: FrameRole
    var condition: Condition?
    var seq: Int
}

/// A control header `if (...)`, `while (...)` whose closing parenthesis opens a frame.
struct PendingHeader {
    var close: Int
    var role: FrameRole
    var condition: Condition?
}

enum ParserMode {
    /// Outside functions; `declarationStart` is the first token of the declaration being read.
    case topLevel(declarationStart: Int?)
    /// Inside a struct, union, enum or initializer body until the given closing brace.
    case skipping(until: Int)
    /// Inside the body of the function draft `ParserState.function`.
    case body
}

/// Everything the parser snapshots at `#if` and restores at `#else`/`#endif`. Collected items live
/// outside it, in the drafts.
struct ParserState {
    var mode: ParserMode = .topLevel(declarationStart: nil)
    var function = -1
    var bodyEnd = -1
    var baseSeq = 0
    var frames: [Frame] = []
    /// Closing indices of the parentheses open right now.
    var parens: [Int] = []
    var headers: [PendingHeader] = []
    var atStatementStart = true
    var suppressUntil = -1
    var skipElseAt = -1
}

/// One `#if` group being read.
struct ConditionalGroup {
    var seq: Int
    var line: Int
    /// The expressions of the branches so far (`defined(X)` for `#ifdef X`).
    var expressions: [String]
    /// The condition of the current branch as shown.
    var current: String
    var isIncludeGuard: Bool
    var atOpen: ParserState
    var firstEnd: ParserState?
}

/// A directive as the parser sees it, at the index of the code token it precedes.
struct DirectiveEvent {
    enum Kind {
        case open(expression: String, isIncludeGuard: Bool)
        /// `#elif expr` (the expression) or `#else` (nil).
        case alternative(String?)
        case close
        case define(macro: Int)
    }

    var position: Int
    var line: Int
    var kind: Kind
}

/// A function being collected.
struct FunctionDraft {
    var name: String
    var kind: CFunction.Kind
    var isStaticInline = false
    var attributes: [String] = []
    var parameters: [String] = []
    var parameterDeclarations: [String] = []
    var firstLine: Int
    var bodyFirstLine: Int
    var lastLine: Int
    var condition: [Condition] = []
    var calls: [CallSite] = []
    var returns: [EarlyReturn] = []
    var labels: [CLabel] = []
    var gotos: [CGoto] = []
    var assignments: [Assignment] = []
    var closed = false
    var reportedUnreadable = false
    /// A `do` was read, so a `do` placeholder may remain in some conditions.
    var hasDo = false

    var marks: ItemMarks {
        ItemMarks(calls: calls.count, returns: returns.count, assignments: assignments.count, gotos: gotos.count)
    }

    func finished() -> CFunction {
        CFunction(name: name, kind: kind, isStaticInline: isStaticInline, attributes: attributes,
                  parameters: parameters, parameterDeclarations: parameterDeclarations,
                  span: LineSpan(first: firstLine, last: lastLine),
                  bodySpan: LineSpan(first: bodyFirstLine, last: lastLine),
                  calls: calls, returns: returns, labels: labels, gotos: gotos, assignments: assignments,
                  condition: condition)
    }
}

/// The scanner proper: one pass over the code tokens, following directives, reading top-level
/// declarations and function bodies. Also run, on its own, over the body of each function-like macro.
struct Parser {
    static let maximumFrames = 256
    static let maximumTextTokens = 2048
    static let doPlaceholder = "\u{1}do"

    let source: [UInt8]
    let tokens: [Token]
    let match: [Int32]
    let closersAtColumnZero: [Int]

    var state = ParserState()
    var groups: [ConditionalGroup] = []
    var seq = 0
    var drafts: [FunctionDraft] = []
    var unreadable: [SourceSpan] = []
    var tooDeepReported = false
    /// The `#if` stack at each `#define`, by macro index.
    var macroConditions: [Int: [Condition]] = [:]

    init(source: [UInt8], tokens: [Token], match: [Int32], closersAtColumnZero: [Int] = []) {
        self.source = source
        self.tokens = tokens
        self.match = match
        self.closersAtColumnZero = closersAtColumnZero
    }

    // MARK: Token access

    func punct(_ index: Int) -> Punct {
        guard index >= 0, index < tokens.count else { return .none }
        return tokens[index].punct
    }

    func keyword(_ index: Int) -> Keyword {
        guard index >= 0, index < tokens.count else { return .none }
        return tokens[index].keyword
    }

    func isIdentifier(_ index: Int) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .identifier
    }

    func matching(_ index: Int) -> Int {
        guard index >= 0, index < match.count else { return -1 }
        return Int(match[index])
    }

    func line(_ index: Int) -> Int {
        guard !tokens.isEmpty else { return 1 }
        return tokens[min(max(index, 0), tokens.count - 1)].lineNumber
    }

    /// Copies the bytes of one token, line continuations removed, to `out` at `at`; returns the
    /// number written (at most the token's length).
    private static func copy(_ token: Token, from source: UnsafeBufferPointer<UInt8>,
                             to out: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
        let start = Int(token.start)
        let end = min(Int(token.end), source.count)
        guard start >= 0, start < end else { return 0 }
        if token.flags & Token.hasContinuation == 0 {
            _ = UnsafeMutableBufferPointer(rebasing: out[at..<(at + end - start)])
                .initialize(from: UnsafeBufferPointer(rebasing: source[start..<end]))
            return end - start
        }
        var written = 0
        var index = start
        while index < end {
            let byte = source[index]
            if byte == 0x5C, index + 1 < end, source[index + 1] == 0x0A {
                index += 2
            } else if byte == 0x5C, index + 2 < end, source[index + 1] == 0x0D, source[index + 2] == 0x0A {
                index += 3
            } else {
                out[at + written] = byte
                written += 1
                index += 1
            }
        }
        return written
    }

    private func length(_ token: Token) -> Int {
        let start = Int(token.start)
        let end = min(Int(token.end), source.count)
        return start >= 0 && start < end ? end - start : 0
    }

    func word(_ index: Int) -> String {
        guard index >= 0, index < tokens.count else { return "" }
        let token = tokens[index]
        let capacity = length(token)
        guard capacity > 0 else { return "" }
        return source.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: capacity) { Parser.copy(token, from: source, to: $0, at: 0) }
        }
    }

    private static let ellipsis = Array(" \u{2026}".utf8)

    /// The text of a token range, one space where the source had whitespace or a comment.
    func text(_ range: Range<Int>) -> String {
        let lower = max(range.lowerBound, 0)
        let upper = min(range.upperBound, tokens.count)
        guard lower < upper else { return "" }
        let limit = min(upper, lower + Parser.maximumTextTokens)
        var capacity = limit < upper ? Parser.ellipsis.count : 0
        for index in lower..<limit { capacity += length(tokens[index]) + 1 }
        return source.withUnsafeBufferPointer { source in
            tokens.withUnsafeBufferPointer { tokens in
                String(unsafeUninitializedCapacity: capacity) { out in
                    var written = 0
                    for index in lower..<limit {
                        if index > lower, tokens[index].hasSpaceBefore {
                            out[written] = 0x20
                            written += 1
                        }
                        written += Parser.copy(tokens[index], from: source, to: out, at: written)
                    }
                    if limit < upper {
                        for byte in Parser.ellipsis {
                            out[written] = byte
                            written += 1
                        }
                    }
                    return written
                }
            }
        }
    }

    /// The texts of the parts of `range` between commas outside nested brackets: a call's arguments,
    /// made without the list of ranges `splitArguments` gives.
    func argumentTexts(_ range: Range<Int>) -> [String] {
        guard range.lowerBound < range.upperBound else { return [] }
        var parts: [String] = []
        parts.reserveCapacity(4)
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            let kind = punct(index)
            if kind == .leftParen || kind == .leftBracket || kind == .leftBrace {
                let close = matching(index)
                if close > index && close < range.upperBound {
                    index = close + 1
                    continue
                }
            } else if kind == .comma {
                parts.append(text(start..<index))
                start = index + 1
            }
            index += 1
        }
        parts.append(text(start..<range.upperBound))
        return parts
    }

    /// Splits `(first..<end)` at commas outside nested brackets.
    func splitArguments(_ range: Range<Int>) -> [Range<Int>] {
        guard range.lowerBound < range.upperBound else { return [] }
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            let kind = punct(index)
            if kind == .leftParen || kind == .leftBracket || kind == .leftBrace {
                let close = matching(index)
                if close > index && close < range.upperBound {
                    index = close + 1
                    continue
                }
            } else if kind == .comma {
                parts.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    mutating func note(_ first: Int, _ last: Int, _ reason: String) {
        unreadable.append(SourceSpan(lines: LineSpan(first: first, last: last), reason: reason))
    }

    // MARK: Conditions

    mutating func nextSeq() -> Int {
        seq += 1
        return seq
    }

    /// The `#if` branches the current position sits in, outermost first, include guards left out.
    func preprocessorConditions(after base: Int = 0) -> [Condition] {
        groups.compactMap { group in
            group.isIncludeGuard || group.seq <= base ? nil : .preprocessor(group.current)
        }
    }

    /// The conditions inside the current function, `#if` branches and statements merged outermost first.
    func currentConditions() -> [Condition] {
        var result: [Condition] = []
        var groupIndex = 0
        var frameIndex = 0
        let base = state.baseSeq
        while groupIndex < groups.count, groups[groupIndex].isIncludeGuard || groups[groupIndex].seq <= base {
            groupIndex += 1
        }
        while groupIndex < groups.count || frameIndex < state.frames.count {
            if frameIndex < state.frames.count && state.frames[frameIndex].condition == nil {
                frameIndex += 1
                continue
            }
            if groupIndex < groups.count && groups[groupIndex].isIncludeGuard {
                groupIndex += 1
                continue
            }
            let takeGroup: Bool
            if groupIndex >= groups.count {
                takeGroup = false
            } else if frameIndex >= state.frames.count {
                takeGroup = true
            } else {
                takeGroup = groups[groupIndex].seq < state.frames[frameIndex].seq
            }
            if takeGroup {
                result.append(.preprocessor(groups[groupIndex].current))
                groupIndex += 1
            } else if let condition = state.frames[frameIndex].condition {
                result.append(condition)
                frameIndex += 1
            }
        }
        return result
    }

    // MARK: Driving

    /// Reads tokens `0..<tokens.count`, applying each directive before the code token it precedes.
    mutating func run(events: [DirectiveEvent]) {
        var next = 0
        var index = 0
        while index <= tokens.count {
            while next < events.count, events[next].position <= index {
                apply(events[next])
                next += 1
            }
            guard index < tokens.count else { break }
            index = step(index)
        }
        // A body that runs to the end of the input (a macro body, or one cut short and already noted) ends there.
        if case .body = state.mode, state.bodyEnd >= tokens.count, !tokens.isEmpty {
            closeFunction(endingAt: tokens.count - 1)
        }
        finish()
    }

    mutating func apply(_ event: DirectiveEvent) {
        switch event.kind {
        case .open(let expression, let isIncludeGuard):
            openConditional(expression: expression, line: event.line, isIncludeGuard: isIncludeGuard)
        case .alternative(let expression):
            alternativeConditional(expression: expression, line: event.line)
        case .close:
            closeConditional(line: event.line)
        case .define(let macro):
            macroConditions[macro] = preprocessorConditions()
        }
    }

    /// Processes one token and returns the index of the next one to read.
    mutating func step(_ index: Int) -> Int {
        switch state.mode {
        case .topLevel:
            return topLevelStep(index)
        case .skipping(let until):
            if index >= until {
                state.mode = .topLevel(declarationStart: nil)
                state.parens.removeAll()
                if index > until { return topLevelStep(index) }
            }
            return index + 1
        case .body:
            let end = state.bodyEnd
            if index >= end {
                closeFunction(endingAt: end)
                return index == end ? index + 1 : topLevelStep(index)
            }
            return bodyStep(index)
        }
    }

    mutating func closeFunction(endingAt end: Int) {
        let id = state.function
        if drafts.indices.contains(id) {
            drafts[id].lastLine = max(line(end), drafts[id].bodyFirstLine)
            drafts[id].closed = true
        }
        state = ParserState()
    }

    mutating func finish() {
        if case .body = state.mode, drafts.indices.contains(state.function) {
            let id = state.function
            if !drafts[id].reportedUnreadable {
                note(drafts[id].firstLine, line(tokens.count - 1),
                     "body of \(drafts[id].name) not closed before the end of the file")
                drafts[id].reportedUnreadable = true
            }
        }
        for group in groups {
            note(group.line, line(tokens.count - 1), "#if not closed before the end of the file")
        }
        for id in drafts.indices where !drafts[id].closed && !drafts[id].reportedUnreadable {
            note(drafts[id].firstLine, drafts[id].bodyFirstLine,
                 "definition of \(drafts[id].name) in an #if branch whose body another branch continues")
            drafts[id].reportedUnreadable = true
        }
    }

    /// The completed functions, with any unresolved `do` placeholder named plainly.
    func functions() -> [CFunction] {
        drafts.filter(\.closed).map { draft in
            var function = draft.finished()
            guard draft.hasDo else { return function }
            func clean(_ conditions: [Condition]) -> [Condition] {
                conditions.map { $0 == .loop(Parser.doPlaceholder) ? .loop("do") : $0 }
            }
            for index in function.calls.indices { function.calls[index].conditions = clean(function.calls[index].conditions) }
            for index in function.returns.indices { function.returns[index].conditions = clean(function.returns[index].conditions) }
            for index in function.assignments.indices {
                function.assignments[index].conditions = clean(function.assignments[index].conditions)
            }
            for index in function.gotos.indices { function.gotos[index].conditions = clean(function.gotos[index].conditions) }
            return function
        }
    }

    // MARK: Conditional compilation

    static func isSimple(_ expression: String) -> Bool {
        if expression.isEmpty { return false }
        if expression.utf8.allSatisfy({ byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }) { return true }
        return definedName(expression) != nil
    }

    /// `X` for `defined(X)`, `defined X`, `!defined(X)`.
    static func definedName(_ expression: String) -> String? {
        var text = Substring(expression)
        if text.hasPrefix("!") { text = text.dropFirst() }
        guard text.hasPrefix("defined") else { return nil }
        text = text.dropFirst("defined".count)
        text = text.drop { $0 == " " }
        if text.hasPrefix("(") && text.hasSuffix(")") { text = text.dropFirst().dropLast() }
        text = Substring(text.trimmingSpaces())
        guard !text.isEmpty, text.utf8.allSatisfy({ byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }) else { return nil }
        return String(text)
    }

    static func negate(_ expression: String) -> String {
        if expression == "0" { return "1" }
        if expression == "1" { return "0" }
        if let name = definedName(expression) {
            return expression.hasPrefix("!") ? "defined(\(name))" : "!defined(\(name))"
        }
        if isSimple(expression) { return "!\(expression)" }
        return "!(\(expression))"
    }

    static func parenthesized(_ expression: String) -> String {
        isSimple(expression) || expression.hasPrefix("!defined") ? expression : "(\(expression))"
    }

    mutating func openConditional(expression: String, line: Int, isIncludeGuard: Bool = false) {
        let shown = expression.isEmpty ? "?" : expression
        groups.append(ConditionalGroup(seq: nextSeq(), line: line, expressions: [shown], current: shown,
                                       isIncludeGuard: isIncludeGuard, atOpen: state, firstEnd: nil))
    }

    mutating func alternativeConditional(expression: String?, line: Int) {
        guard let last = groups.indices.last else {
            note(line, line, expression == nil ? "#else without #if" : "#elif without #if")
            return
        }
        if groups[last].firstEnd == nil { groups[last].firstEnd = state }
        state = groups[last].atOpen
        let negations = groups[last].expressions.map(Parser.negate).joined(separator: " && ")
        if let expression {
            let shown = expression.isEmpty ? "?" : expression
            groups[last].current = negations + " && " + Parser.parenthesized(shown)
            groups[last].expressions.append(shown)
        } else {
            groups[last].current = negations
        }
    }

    mutating func closeConditional(line: Int) {
        guard let group = groups.popLast() else {
            note(line, line, "#endif without #if")
            return
        }
        if let first = group.firstEnd { state = first }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
