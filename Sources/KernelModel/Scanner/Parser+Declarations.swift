/// A function definition's head, read from the tokens before its `{`.
struct FunctionHead {
    var name: String
    var nameIndex: Int
    var start: Int
    var attributes: [String]
    var isStaticInline: Bool
    var parameters: [String]
    var parameterDeclarations: [String]
}

extension Parser {
    // MARK: Top level

    mutating func topLevelStep(_ index: Int) -> Int {
        let token = tokens[index]
        var declarationStart: Int?
        if case .topLevel(let start) = state.mode { declarationStart = start }
        switch token.punct {
        case .leftParen, .leftBracket:
            if declarationStart == nil { declarationStart = index }
            let close = matching(index)
            if close > index { state.parens.append(close) }
        case .rightParen, .rightBracket:
            while let last = state.parens.last, last <= index { state.parens.removeLast() }
        case .semicolon:
            if state.parens.isEmpty { declarationStart = nil }
        case .rightBrace:
            if state.parens.isEmpty {
                note(token.lineNumber, token.lineNumber, "closing brace without an opening one")
                declarationStart = nil
            }
        case .leftBrace:
            if state.parens.isEmpty, let start = declarationStart, let head = functionHead(start..<index) {
                startFunction(head, brace: index)
                return index + 1
            }
            skipAggregate(from: index)
            return index + 1
        default:
            if declarationStart == nil { declarationStart = index }
        }
        state.mode = .topLevel(declarationStart: declarationStart)
        return index + 1
    }

    /// The first `}` at column 0 after `index`, if any.
    func closerAtColumnZero(after index: Int) -> Int? {
        var low = 0
        var high = closersAtColumnZero.count
        while low < high {
            let mid = (low + high) / 2
            if closersAtColumnZero[mid] <= index { low = mid + 1 } else { high = mid }
        }
        return low < closersAtColumnZero.count ? closersAtColumnZero[low] : nil
    }

    /// Skips a struct, union, enum or initializer body (or a brace inside a top-level parenthesis).
    mutating func skipAggregate(from index: Int) {
        var close = matching(index)
        if close <= index {
            let fallback = closerAtColumnZero(after: index) ?? tokens.count
            note(line(index), line(fallback), "braces do not balance; skipped to the next closing brace in column 0")
            close = fallback
        }
        state.mode = .skipping(until: close)
    }

    mutating func startFunction(_ head: FunctionHead, brace: Int) {
        var end = matching(brace)
        let columnZero = closerAtColumnZero(after: brace)
        var reason: String?
        if end <= brace {
            end = columnZero ?? tokens.count
            reason = "braces of \(head.name) do not balance; its body ends at the next closing brace in column 0"
        } else if let columnZero, columnZero < end {
            end = columnZero
            reason = "braces of \(head.name) do not balance; a closing brace in column 0 ends its body"
        } else if tokens[brace].isAtColumnZero, !tokens[end].isAtColumnZero, let columnZero,
                  closerAtColumnZero(after: end) == columnZero,
                  nextDeclarationLikeToken(after: end, before: columnZero) == nil {
            // The body's own `{` is in column 0 but its match is not: an extra `}` closed it early.
            end = columnZero
            reason = "braces of \(head.name) do not balance; its body ends at the closing brace in column 0"
        }
        let id = drafts.count
        var draft = FunctionDraft(name: head.name, kind: .function, firstLine: line(head.start),
                                  bodyFirstLine: line(brace), lastLine: line(end))
        draft.isStaticInline = head.isStaticInline
        draft.attributes = head.attributes
        draft.parameters = head.parameters
        draft.parameterDeclarations = head.parameterDeclarations
        draft.condition = preprocessorConditions()
        if let reason {
            note(line(head.start), line(end), reason)
            draft.reportedUnreadable = true
        }
        drafts.append(draft)
        state = ParserState()
        state.mode = .body
        state.function = id
        state.bodyEnd = end
        state.baseSeq = seq
    }

    /// A token in column 0 between two indices other than `}` or `#`: the start of another top-level
    /// declaration, which an early-closed body must not swallow.
    func nextDeclarationLikeToken(after start: Int, before end: Int) -> Int? {
        var index = start + 1
        while index < end {
            if tokens[index].isAtColumnZero && tokens[index].punct != .rightBrace { return index }
            index += 1
        }
        return nil
    }

    // MARK: Declarations

    func isAttributeGroupName(_ index: Int) -> Bool {
        let word = keyword(index)
        return word == .attribute || word == .attributeWithArguments || word == .asm
    }

    /// Reads `... name(params) attributes` before a `{`; nil when the tokens are not a function head.
    func functionHead(_ range: Range<Int>) -> FunctionHead? {
        guard !range.isEmpty else { return nil }
        var last = range.upperBound - 1
        while last >= range.lowerBound, keyword(last) == .attributeWord { last -= 1 }
        guard last >= range.lowerBound, punct(last) == .rightParen else { return nil }

        // Top-level parenthesized groups, and whether each is the parameter list of the name before it.
        var candidates: [(open: Int, close: Int)] = []
        var index = range.lowerBound
        while index <= last {
            switch punct(index) {
            case .assign, .semicolon, .leftBrace:
                return nil
            case .leftParen:
                let close = matching(index)
                guard close > index, close <= last else { return nil }
                if isIdentifier(index - 1), index - 1 >= range.lowerBound, keyword(index - 1) == .none {
                    candidates.append((index, close))
                }
                index = close + 1
                continue
            case .leftBracket:
                let close = matching(index)
                guard close > index, close <= last else { return nil }
                index = close + 1
                continue
            default:
                index += 1
            }
        }
        guard let parameterList = candidates.last else { return nil }
        let nameIndex = parameterList.open - 1
        let name = word(nameIndex)
        // Whatever ended before the return type (a macro call without `;`) is not part of the declaration.
        var start = range.lowerBound
        if candidates.count > 1 { start = candidates[candidates.count - 2].close + 1 }
        if start == nameIndex {
            // No return type: only macro-made definitions (SYSCALL_DEFINE3(...)) are written so.
            guard name.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
            else { return nil }
        }

        var attributes: [String] = []
        var isStatic = false
        var isInline = false
        index = start
        while index <= last {
            if index == nameIndex {
                index = parameterList.close + 1
                continue
            }
            let word = keyword(index)
            switch word {
            case .static, .extern, .inline, .alwaysInline, .attributeWord:
                attributes.append(self.word(index))
                if word == .static { isStatic = true }
                if word == .inline || word == .alwaysInline { isInline = true }
            case .attribute, .attributeWithArguments:
                let open = index + 1
                let close = matching(open)
                if punct(open) == .leftParen, close > open, close <= last {
                    attributes.append(text(index..<(close + 1)))
                    index = close + 1
                    continue
                }
                attributes.append(self.word(index))
            default:
                if punct(index) == .leftParen || punct(index) == .leftBracket {
                    let close = matching(index)
                    if close > index {
                        index = close + 1
                        continue
                    }
                }
            }
            index += 1
        }

        var parameters: [String] = []
        var declarations: [String] = []
        for part in splitArguments((parameterList.open + 1)..<parameterList.close) where !part.isEmpty {
            if part.count == 1, word(part.lowerBound) == "void" { continue }
            declarations.append(text(part))
            parameters.append(parameterName(part))
        }
        return FunctionHead(name: name, nameIndex: nameIndex, start: start, attributes: attributes,
                            isStaticInline: isStatic && isInline, parameters: parameters,
                            parameterDeclarations: declarations)
    }

    /// The declared name in one parameter declaration: `mm` in `struct mm_struct *mm`, `fn` in
    /// `void (*fn)(void *)`, `...` for varargs.
    func parameterName(_ range: Range<Int>) -> String {
        var index = range.lowerBound
        while index < range.upperBound {
            if punct(index) == .ellipsis { return "..." }
            if punct(index) == .leftParen, punct(index + 1) == .star {
                let close = matching(index)
                if close > index, close < range.upperBound {
                    var inner = close - 1
                    while inner > index {
                        if isIdentifier(inner), keyword(inner) == .none { return word(inner) }
                        inner -= 1
                    }
                }
            }
            index += 1
        }
        index = range.upperBound - 1
        while index >= range.lowerBound {
            if punct(index) == .rightBracket || punct(index) == .rightParen {
                let open = matching(index)
                if open >= range.lowerBound, open < index {
                    index = open - 1
                    continue
                }
            }
            if isIdentifier(index), keyword(index) != .attributeWord {
                return word(index)
            }
            index -= 1
        }
        return text(range)
    }
}
