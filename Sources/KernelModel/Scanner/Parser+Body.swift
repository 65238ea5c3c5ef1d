extension Parser {
    // MARK: Function bodies

    /// The parenthesis depth at which `;` ends a statement: that of the innermost block.
    var statementParenBase: Int {
        for frame in state.frames.reversed() {
            switch frame.role {
            case .block(_, _, let base), .switchBlock(_, let base, _): return base
            default: continue
            }
        }
        return 0
    }

    mutating func push(_ role: FrameRole, condition: Condition?) {
        guard state.frames.count < Parser.maximumFrames else {
            if !tooDeepReported {
                note(line(state.bodyEnd), line(state.bodyEnd), "statements nested too deeply; inner conditions dropped")
                tooDeepReported = true
            }
            return
        }
        state.frames.append(Frame(role: role, condition: condition, seq: nextSeq()))
    }

    mutating func bodyStep(_ index: Int) -> Int {
        let token = tokens[index]
        let recording = index >= state.suppressUntil
        switch token.kind {
        case .punct:
            return punctStep(index, token.punct, recording: recording)
        case .identifier:
            return identifierStep(index, recording: recording)
        default:
            state.atStatementStart = false
            return index + 1
        }
    }

    mutating func punctStep(_ index: Int, _ kind: Punct, recording: Bool) -> Int {
        switch kind {
        case .leftParen, .leftBracket:
            let close = matching(index)
            if close > index { state.parens.append(close) }
            state.atStatementStart = false
        case .rightParen, .rightBracket:
            while let last = state.parens.last, last <= index { state.parens.removeLast() }
            while let header = state.headers.last, header.close < index { state.headers.removeLast() }
            if kind == .rightParen, let header = state.headers.last, header.close == index {
                state.headers.removeLast()
                push(header.role, condition: header.condition)
                state.atStatementStart = true
                return index + 1
            }
            state.atStatementStart = false
        case .semicolon:
            if state.parens.count <= statementParenBase {
                state.atStatementStart = true
                completeStatement(at: index)
            }
        case .leftBrace:
            openBrace(index)
        case .rightBrace:
            closeBrace(index)
        case .assign, .compoundAssign:
            if recording { recordAssignment(operatorAt: index) }
            state.atStatementStart = false
        case .increment, .decrement:
            if recording { recordStep(operatorAt: index, increment: kind == .increment) }
            state.atStatementStart = false
        default:
            state.atStatementStart = false
        }
        return index + 1
    }

    mutating func openBrace(_ index: Int) {
        let close = matching(index)
        let isStatement = state.atStatementStart
        let opensStatements = isStatement || punct(index - 1) == .leftParen
        guard close > index else {
            state.atStatementStart = opensStatements
            return
        }
        if isStatement, let top = state.frames.last, case .switchBody(let subject) = top.role {
            push(.switchBlock(open: index, parenBase: state.parens.count, subject: subject), condition: nil)
        } else {
            push(.block(open: index, isStatement: isStatement, parenBase: state.parens.count), condition: nil)
        }
        state.atStatementStart = opensStatements
    }

    mutating func closeBrace(_ index: Int) {
        let open = matching(index)
        state.atStatementStart = true
        guard open >= 0 else { return }
        var position = state.frames.count - 1
        while position >= 0 {
            switch state.frames[position].role {
            case .block(let start, _, _), .switchBlock(let start, _, _):
                if start == open {
                    var isStatement = true
                    var parenBase = 0
                    if case .block(_, let statement, let base) = state.frames[position].role {
                        isStatement = statement
                        parenBase = base
                    } else if case .switchBlock(_, let base, _) = state.frames[position].role {
                        parenBase = base
                    }
                    state.frames.removeSubrange(position...)
                    if state.parens.count > parenBase { state.parens.removeSubrange(parenBase...) }
                    if isStatement {
                        completeStatement(at: index)
                    } else {
                        state.atStatementStart = false
                    }
                    return
                }
            default:
                break
            }
            position -= 1
        }
    }

    /// A statement ended at `index`: close the frames that waited for one statement.
    mutating func completeStatement(at index: Int) {
        while let top = state.frames.last {
            switch top.role {
            case .block, .switchBlock:
                return
            case .thenBranch(let condition):
                if keyword(index + 1) == .else, index + 1 < state.bodyEnd {
                    state.frames[state.frames.count - 1] = Frame(role: .elseBranch,
                                                                  condition: .statement("!(\(condition))"),
                                                                  seq: top.seq)
                    state.skipElseAt = index + 1
                    return
                }
                state.frames.removeLast()
            case .doBody(let marks):
                state.frames[state.frames.count - 1].role = .doTail(marks)
                return
            case .elseBranch, .loopBody, .switchBody, .doTail:
                state.frames.removeLast()
            }
        }
    }

    mutating func identifierStep(_ index: Int, recording: Bool) -> Int {
        let word = keyword(index)
        switch word {
        case .if:
            registerHeader(after: index, role: { .thenBranch($0) }, condition: { .statement($0) })
        case .while:
            if let top = state.frames.last, case .doTail(let marks) = top.role {
                state.frames.removeLast()
                let open = index + 1
                let close = matching(open)
                let condition = punct(open) == .leftParen && close > open ? text((open + 1)..<close) : "?"
                resolveDo(marks: marks, condition: condition)
                state.atStatementStart = false
                return index + 1
            }
            registerHeader(after: index, role: { _ in .loopBody }, condition: { .loop($0) })
        case .for:
            registerHeader(after: index, role: { _ in .loopBody }, condition: { .loop($0) })
        case .switch:
            registerHeader(after: index, role: { .switchBody($0) }, condition: { _ in nil })
        case .else:
            state.atStatementStart = true
            return index + 1
        case .do:
            let marks = drafts.indices.contains(state.function) ? drafts[state.function].marks
                : ItemMarks(calls: 0, returns: 0, assignments: 0, gotos: 0)
            if drafts.indices.contains(state.function) { drafts[state.function].hasDo = true }
            push(.doBody(marks), condition: .loop(Parser.doPlaceholder))
            state.atStatementStart = true
            return index + 1
        case .return:
            if recording { recordReturn(at: index) }
        case .goto:
            if recording, isIdentifier(index + 1) {
                appendGoto(CGoto(label: self.word(index + 1), line: line(index), conditions: currentConditions()))
            }
        case .case, .default:
            if let next = caseLabel(at: index) { return next }
        case .unevaluated, .attribute:
            if punct(index + 1) == .leftParen {
                state.suppressUntil = max(state.suppressUntil, matching(index + 1))
            }
        case .asm:
            var open = index + 1
            while keyword(open) == .qualifier || keyword(open) == .goto || keyword(open) == .inline { open += 1 }
            if punct(open) == .leftParen {
                state.suppressUntil = max(state.suppressUntil, matching(open))
            }
        case .none, .attributeWord, .alwaysInline:
            if word == .none, state.atStatementStart, punct(index + 1) == .colon, punct(index + 2) != .colon {
                appendLabel(CLabel(name: self.word(index), line: line(index)))
                state.atStatementStart = true
                return index + 2
            }
            if word == .none, punct(index + 1) == .leftParen {
                let atStart = state.atStatementStart
                if recording { recordCall(at: index) }
                registerLoopMacro(at: index, atStatementStart: atStart)
            }
        default:
            break
        }
        state.atStatementStart = false
        return index + 1
    }

    mutating func registerHeader(after index: Int, role: (String) -> FrameRole, condition: (String) -> Condition?) {
        let open = index + 1
        let close = matching(open)
        guard punct(open) == .leftParen, close > open else { return }
        let inside = text((open + 1)..<close)
        state.headers.append(PendingHeader(close: close, role: role(inside), condition: condition(inside)))
    }

    /// `for_each_cpu(cpu, mask) { ... }` and other statement macros followed by a body.
    mutating func registerLoopMacro(at index: Int, atStatementStart: Bool) {
        guard atStatementStart else { return }
        let close = matching(index + 1)
        guard close > index + 1 else { return }
        let after = punct(close + 1)
        guard after != .semicolon else { return }
        if tokenContains(index, "for_each") {
            state.headers.append(PendingHeader(close: close, role: .loopBody, condition: .loop(text(index..<(close + 1)))))
        } else if after == .leftBrace {
            state.headers.append(PendingHeader(close: close, role: .loopBody, condition: nil))
        }
    }

    /// Whether the bytes of token `index` contain `needle` (ASCII).
    func tokenContains(_ index: Int, _ needle: StaticString) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        let start = Int(tokens[index].start)
        let end = min(Int(tokens[index].end), source.count)
        let count = needle.utf8CodeUnitCount
        guard count > 0, end - start >= count else { return false }
        return needle.withUTF8Buffer { pattern in
            var offset = start
            while offset + count <= end {
                var equal = true
                for position in 0..<count where source[offset + position] != pattern[position] {
                    equal = false
                    break
                }
                if equal { return true }
                offset += 1
            }
            return false
        }
    }

    /// `case X:` or `default:`: sets the label of the innermost switch; returns the index after the colon.
    mutating func caseLabel(at index: Int) -> Int? {
        var cursor = index + 1
        var budget = 256
        while cursor < tokens.count, budget > 0 {
            budget -= 1
            switch punct(cursor) {
            case .colon:
                var label = keyword(index) == .default ? "default" : text((index + 1)..<cursor)
                if label.isEmpty { label = "?" }
                var position = state.frames.count - 1
                while position >= 0 {
                    if case .switchBlock(_, _, let subject) = state.frames[position].role {
                        if punct(index - 1) == .colon, case .switchCase(let previous)? = state.frames[position].condition,
                           previous.hasPrefix(subject + ": ") {
                            state.frames[position].condition = .switchCase(previous + ", " + label)
                        } else {
                            state.frames[position].condition = .switchCase(subject + ": " + label)
                        }
                        break
                    }
                    position -= 1
                }
                state.atStatementStart = true
                return cursor + 1
            case .leftParen, .leftBracket:
                let close = matching(cursor)
                cursor = close > cursor ? close + 1 : cursor + 1
            case .semicolon, .leftBrace, .rightBrace, .question:
                return nil
            default:
                cursor += 1
            }
        }
        return nil
    }

    // MARK: Items

    mutating func appendCall(_ call: CallSite) {
        guard drafts.indices.contains(state.function) else { return }
        // Room for a body's usual calls at once, rather than growing one doubling at a time.
        if drafts[state.function].calls.isEmpty { drafts[state.function].calls.reserveCapacity(16) }
        drafts[state.function].calls.append(call)
    }

    mutating func appendGoto(_ statement: CGoto) {
        guard drafts.indices.contains(state.function) else { return }
        drafts[state.function].gotos.append(statement)
    }

    mutating func appendLabel(_ label: CLabel) {
        guard drafts.indices.contains(state.function) else { return }
        drafts[state.function].labels.append(label)
    }

    mutating func recordCall(at index: Int) {
        let open = index + 1
        let close = matching(open)
        var callee = word(index)
        // A pasted name in a macro body: `__TLBI_ ## n (op, arg)`.
        var first = index
        while punct(first - 1) == .hashHash, first - 2 >= 0,
              tokens[first - 2].kind == .identifier || tokens[first - 2].kind == .number {
            first -= 2
        }
        if first < index { callee = text(first..<(index + 1)).replacingSpacesAroundPaste() }
        var receiver: String?
        if punct(index - 1) == .arrow || punct(index - 1) == .dot, let start = lvalueStart(endingAt: index - 2) {
            receiver = text(start..<(index - 1))
        }
        var arguments: [String] = []
        if close > open {
            arguments = argumentTexts((open + 1)..<close)
            if arguments == [""] { arguments = [] }
        } else {
            note(line(index), line(index), "arguments of \(callee) not closed")
        }
        appendCall(CallSite(callee: callee, arguments: arguments, line: line(index),
                            conditions: currentConditions(), receiver: receiver))
    }

    mutating func recordReturn(at index: Int) {
        guard drafts.indices.contains(state.function) else { return }
        let end = statementEnd(from: index + 1)
        let value = end > index + 1 ? text((index + 1)..<end) : nil
        let before = punct(end) == .semicolon ? isFollowedByCode(after: end) : true
        drafts[state.function].returns.append(EarlyReturn(line: line(index), value: value,
                                                          conditions: currentConditions(), isBeforeEnd: before))
    }

    /// The index of the `;` that ends the statement starting at `start`, or of a closing bracket that
    /// ends it early, or of the body's end.
    func statementEnd(from start: Int) -> Int {
        var index = start
        let limit = min(state.bodyEnd, tokens.count)
        var budget = 4 * Parser.maximumTextTokens
        while index < limit, budget > 0 {
            budget -= 1
            switch punct(index) {
            case .semicolon, .rightBrace, .rightParen, .rightBracket:
                return index
            case .leftParen, .leftBracket, .leftBrace:
                let close = matching(index)
                if close > index, close < limit {
                    index = close + 1
                    continue
                }
                return index
            default:
                index += 1
            }
        }
        return index
    }

    /// Whether any statement of the body follows the statement ending at `end` on some path: closing
    /// braces, `else` branches and a `do`'s `while (...)` do not count.
    func isFollowedByCode(after end: Int) -> Bool {
        var budget = 4 * Parser.maximumTextTokens
        var index = end + 1
        let limit = min(state.bodyEnd, tokens.count)
        while index < limit {
            guard budget > 0 else { return true }
            budget -= 1
            switch punct(index) {
            case .rightBrace, .rightParen, .semicolon:
                index += 1
                continue
            default:
                break
            }
            if keyword(index) == .else {
                index = skipStatement(from: index + 1, depth: 0, budget: &budget)
                continue
            }
            if keyword(index) == .while, punct(index - 1) == .rightBrace, punct(index + 1) == .leftParen {
                let close = matching(index + 1)
                index = close > index ? close + 1 : index + 2
                continue
            }
            return true
        }
        return budget <= 0
    }

    /// The index after the statement starting at `start`.
    func skipStatement(from start: Int, depth: Int, budget: inout Int) -> Int {
        let limit = min(state.bodyEnd, tokens.count)
        guard depth < 64, start < limit, budget > 0 else { return limit }
        budget -= 1
        if punct(start) == .leftBrace {
            let close = matching(start)
            return close > start ? close + 1 : limit
        }
        if punct(start) == .semicolon { return start + 1 }
        switch keyword(start) {
        case .if, .while, .for, .switch:
            let close = matching(start + 1)
            guard punct(start + 1) == .leftParen, close > start else { return limit }
            let after = skipStatement(from: close + 1, depth: depth + 1, budget: &budget)
            if keyword(start) == .if, keyword(after) == .else {
                return skipStatement(from: after + 1, depth: depth + 1, budget: &budget)
            }
            return after
        case .else:
            return skipStatement(from: start + 1, depth: depth + 1, budget: &budget)
        case .do:
            var after = skipStatement(from: start + 1, depth: depth + 1, budget: &budget)
            if keyword(after) == .while, punct(after + 1) == .leftParen {
                let close = matching(after + 1)
                after = close > after ? close + 1 : after + 2
            }
            return punct(after) == .semicolon ? after + 1 : after
        default:
            let end = statementEnd(from: start)
            budget -= max(0, end - start)
            return punct(end) == .semicolon ? end + 1 : end
        }
    }

    /// Where the lvalue ending at `end` starts: `x`, `a->b.c`, `p[i]`, `f(x)->y`, `(*p)`; nil for a
    /// designator (`.field = `, `[0] = `) or anything else.
    func lvalueStart(endingAt end: Int) -> Int? {
        var index = end
        var start: Int?
        while index >= 0 {
            if isIdentifier(index) {
                let word = keyword(index)
                guard word == .none || word == .attributeWord else { return start }
                start = index
                if punct(index - 1) == .arrow || punct(index - 1) == .dot {
                    let before = index - 2
                    guard isIdentifier(before) || punct(before) == .rightParen || punct(before) == .rightBracket else {
                        return nil
                    }
                    index = before
                    continue
                }
                return start
            }
            let kind = punct(index)
            if kind == .rightBracket || kind == .rightParen {
                let open = matching(index)
                guard open >= 0, open < index else { return start }
                start = open
                if kind == .rightBracket {
                    guard isIdentifier(open - 1) || punct(open - 1) == .rightParen || punct(open - 1) == .rightBracket
                    else { return nil }
                    index = open - 1
                    continue
                }
                if isIdentifier(open - 1), keyword(open - 1) == .none {
                    index = open - 1
                    continue
                }
                if punct(open - 1) == .arrow || punct(open - 1) == .dot { return nil }
                return start
            }
            return start
        }
        return start
    }

    /// Whether the token ends an operand (so a following `*` is a multiplication or a declarator).
    func endsOperand(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        switch tokens[index].kind {
        case .identifier:
            return true
        case .number, .string, .character:
            return true
        case .punct:
            let kind = tokens[index].punct
            return kind == .rightParen || kind == .rightBracket
        case .other:
            return false
        }
    }

    /// Whether tokens before `start` make the lvalue a declared name (`unsigned long end = ...`).
    func isDeclarator(_ start: Int) -> Bool {
        var index = start - 1
        while punct(index) == .star { index -= 1 }
        guard isIdentifier(index) else { return false }
        switch keyword(index) {
        case .none, .typeWord, .attributeWord, .qualifier, .static: return true
        default: return false
        }
    }

    mutating func recordAssignment(operatorAt index: Int) {
        guard drafts.indices.contains(state.function), var start = lvalueStart(endingAt: index - 1) else { return }
        let isDeclaration = isDeclarator(start)
        if !isDeclaration {
            while punct(start - 1) == .star, !endsOperand(start - 2) { start -= 1 }
        }
        let end = expressionEnd(from: index + 1)
        let assignment = Assignment(variable: text(start..<index), operation: word(index),
                                    expression: text((index + 1)..<end), line: line(index),
                                    conditions: currentConditions(), isDeclaration: isDeclaration)
        drafts[state.function].assignments.append(assignment)
    }

    /// `x++`, `++x`, `x--`, `--x` as `x += 1` / `x -= 1`.
    mutating func recordStep(operatorAt index: Int, increment: Bool) {
        guard drafts.indices.contains(state.function) else { return }
        var range: Range<Int>?
        if endsOperand(index - 1), tokens[index - 1].kind != .number, let start = lvalueStart(endingAt: index - 1) {
            range = start..<index
        } else if isIdentifier(index + 1) || punct(index + 1) == .leftParen {
            // Prefix: the operand is the postfix chain that follows.
            var end = index + 1
            var cursor = index + 1
            var budget = 64
            while cursor < tokens.count, budget > 0 {
                budget -= 1
                if isIdentifier(cursor) || punct(cursor) == .arrow || punct(cursor) == .dot {
                    end = cursor + 1
                    cursor += 1
                } else if punct(cursor) == .leftParen || punct(cursor) == .leftBracket {
                    let close = matching(cursor)
                    guard close > cursor else { break }
                    end = close + 1
                    cursor = close + 1
                } else {
                    break
                }
            }
            if end > index + 1 { range = (index + 1)..<end }
        }
        guard let range else { return }
        let assignment = Assignment(variable: text(range), operation: increment ? "+=" : "-=", expression: "1",
                                    line: line(index), conditions: currentConditions(), isDeclaration: false)
        drafts[state.function].assignments.append(assignment)
    }

    /// The end of an assignment's right-hand side: `;`, a top-level `,`, or a closing bracket.
    func expressionEnd(from start: Int) -> Int {
        var index = start
        let limit = min(state.bodyEnd, tokens.count)
        var budget = Parser.maximumTextTokens
        while index < limit, budget > 0 {
            budget -= 1
            switch punct(index) {
            case .semicolon, .comma, .rightBrace, .rightParen, .rightBracket:
                return index
            case .leftParen, .leftBracket, .leftBrace:
                let close = matching(index)
                if close > index, close < limit {
                    index = close + 1
                    continue
                }
                return index
            default:
                index += 1
            }
        }
        return index
    }

    /// Applies a `do`'s `while (condition)` to the items collected since the `do`.
    mutating func resolveDo(marks: ItemMarks, condition: String) {
        guard drafts.indices.contains(state.function) else { return }
        let id = state.function
        func resolve(_ conditions: inout [Condition]) {
            guard let position = conditions.firstIndex(of: .loop(Parser.doPlaceholder)) else { return }
            if condition == "0" {
                conditions.remove(at: position)
            } else {
                conditions[position] = .loop(condition)
            }
        }
        for index in min(marks.calls, drafts[id].calls.count)..<drafts[id].calls.count {
            resolve(&drafts[id].calls[index].conditions)
        }
        for index in min(marks.returns, drafts[id].returns.count)..<drafts[id].returns.count {
            resolve(&drafts[id].returns[index].conditions)
        }
        for index in min(marks.assignments, drafts[id].assignments.count)..<drafts[id].assignments.count {
            resolve(&drafts[id].assignments[index].conditions)
        }
        for index in min(marks.gotos, drafts[id].gotos.count)..<drafts[id].gotos.count {
            resolve(&drafts[id].gotos[index].conditions)
        }
    }
}

extension String {
    /// `__TLBI_ ## n` as `__TLBI_##n`.
    func replacingSpacesAroundPaste() -> String {
        var result = ""
        var pendingSpace = false
        var afterPaste = false
        for character in self {
            if character == " " {
                pendingSpace = true
                continue
            }
            if character == "#" {
                pendingSpace = false
                afterPaste = true
                result.append(character)
                continue
            }
            if pendingSpace && !afterPaste { result.append(" ") }
            pendingSpace = false
            afterPaste = false
            result.append(character)
        }
        return result
    }
}
