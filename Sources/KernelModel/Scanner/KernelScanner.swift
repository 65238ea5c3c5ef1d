/// The C-lite scanner for kernel sources and headers: finds functions, function-like macros, calls,
/// returns, assignments and the `#if`/`if` conditions they sit under, without preprocessing.
///
/// It never throws and never stops early: what it cannot read it skips and lists in
/// `ScannedFile.unreadable`. Time is linear in the input for all real code (nesting and text lengths are
/// capped for pathological input).
public enum KernelScanner {
    public static func scan(_ source: [UInt8], path: String) -> ScannedFile {
        let lexed = Lexer.lex(source)
        var unreadable = lexed.unreadable
        var macros: [CMacro] = []
        var macroFunctions: [CFunction] = []
        var includes: [String] = []
        var events: [DirectiveEvent] = []
        var conditionals: [(position: Int, kind: ConditionalDirective)] = []

        let directiveView = Parser(source: source, tokens: lexed.directiveTokens, match: [])
        let guardName = includeGuard(lexed, view: directiveView)

        for (number, directive) in lexed.directives.enumerated() {
            let range = directive.tokens
            guard range.count >= 2, directiveView.isIdentifier(range.lowerBound + 1) else { continue }
            let name = directiveView.word(range.lowerBound + 1)
            let rest = (range.lowerBound + 2)..<range.upperBound
            let line = directive.firstLine
            switch name {
            case "if":
                events.append(DirectiveEvent(position: directive.position, line: line,
                                             kind: .open(expression: directiveView.text(rest), isIncludeGuard: false)))
                conditionals.append((directive.position, .open))
            case "ifdef", "ifndef":
                let symbol = rest.isEmpty ? "?" : directiveView.word(rest.lowerBound)
                let expression = name == "ifdef" ? "defined(\(symbol))" : "!defined(\(symbol))"
                let isGuard = number == 0 && name == "ifndef" && guardName == symbol
                events.append(DirectiveEvent(position: directive.position, line: line,
                                             kind: .open(expression: expression, isIncludeGuard: isGuard)))
                conditionals.append((directive.position, .open))
            case "elif":
                events.append(DirectiveEvent(position: directive.position, line: line,
                                             kind: .alternative(directiveView.text(rest))))
                conditionals.append((directive.position, .alternative))
            case "elifdef", "elifndef":
                let symbol = rest.isEmpty ? "?" : directiveView.word(rest.lowerBound)
                let expression = name == "elifdef" ? "defined(\(symbol))" : "!defined(\(symbol))"
                events.append(DirectiveEvent(position: directive.position, line: line, kind: .alternative(expression)))
                conditionals.append((directive.position, .alternative))
            case "else":
                events.append(DirectiveEvent(position: directive.position, line: line, kind: .alternative(nil)))
                conditionals.append((directive.position, .alternative))
            case "endif":
                events.append(DirectiveEvent(position: directive.position, line: line, kind: .close))
                conditionals.append((directive.position, .close))
            case "define":
                guard let macro = readMacro(directive, view: directiveView, source: source) else {
                    unreadable.append(SourceSpan(lines: LineSpan(first: directive.firstLine, last: directive.lastLine),
                                                 reason: "#define without a name"))
                    continue
                }
                events.append(DirectiveEvent(position: directive.position, line: line, kind: .define(macro: macros.count)))
                macros.append(macro.macro)
                if let function = macro.function { macroFunctions.append(function) }
            case "include", "include_next":
                if let target = includeTarget(rest, view: directiveView, source: source) { includes.append(target) }
            default:
                continue
            }
        }

        let (match, tooDeep) = Brackets.match(lexed.tokens, conditionals: conditionals)
        var parser = Parser(source: source, tokens: lexed.tokens, match: match,
                            closersAtColumnZero: lexed.closersAtColumnZero)
        if let tooDeep {
            parser.note(parser.line(tooDeep), parser.line(tooDeep), "brackets nested too deeply; inner ones not paired")
        }
        parser.run(events: events)
        unreadable += parser.unreadable
        for (index, conditions) in parser.macroConditions where macros.indices.contains(index) {
            macros[index].condition = conditions
        }
        // Macro functions take the #if stack of their #define.
        var functions = parser.functions()
        var macroIndex = 0
        for index in macros.indices where macros[index].isFunctionLike {
            while macroIndex < macroFunctions.count, macroFunctions[macroIndex].span.first < macros[index].span.first {
                macroIndex += 1
            }
            if macroIndex < macroFunctions.count, macroFunctions[macroIndex].span == macros[index].span,
               macroFunctions[macroIndex].name == macros[index].name {
                macroFunctions[macroIndex].condition = macros[index].condition
            }
        }
        functions += macroFunctions
        unreadable.sort { ($0.lines.first, $0.lines.last) < ($1.lines.first, $1.lines.last) }
        return ScannedFile(path: path, functions: functions, macros: macros, includes: includes, unreadable: unreadable)
    }

    /// `X` when the file starts with `#ifndef X` and `#define X` before any code.
    static func includeGuard(_ lexed: LexedSource, view: Parser) -> String? {
        guard lexed.directives.count >= 2 else { return nil }
        let first = lexed.directives[0]
        let second = lexed.directives[1]
        guard first.position == 0, second.position == 0, first.tokens.count >= 3, second.tokens.count >= 3,
              view.word(first.tokens.lowerBound + 1) == "ifndef", view.word(second.tokens.lowerBound + 1) == "define"
        else { return nil }
        let symbol = view.word(first.tokens.lowerBound + 2)
        return view.word(second.tokens.lowerBound + 2) == symbol ? symbol : nil
    }

    static func includeTarget(_ range: Range<Int>, view: Parser, source: [UInt8]) -> String? {
        guard let first = range.first else { return nil }
        let token = view.tokens[first]
        if token.kind == .string {
            let text = view.word(first)
            return String(text.dropFirst().dropLast())
        }
        guard token.kind == .punct || token.kind == .other, view.word(first) == "<" else { return view.text(range) }
        var index = first + 1
        while index < range.upperBound, view.word(index) != ">" { index += 1 }
        guard index < range.upperBound, first + 1 < index else { return nil }
        let start = Int(view.tokens[first + 1].start)
        let end = Int(view.tokens[index].start)
        guard start < end, end <= source.count else { return nil }
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    /// Reads `#define NAME body` or `#define NAME(params) body`; a function-like macro whose body is a
    /// statement or expression is also returned as a function.
    static func readMacro(_ directive: Directive, view: Parser, source: [UInt8])
        -> (macro: CMacro, function: CFunction?)?
    {
        let range = directive.tokens
        let nameIndex = range.lowerBound + 2
        guard nameIndex < range.upperBound, view.isIdentifier(nameIndex) else { return nil }
        let name = view.word(nameIndex)
        let span = LineSpan(first: directive.firstLine, last: directive.lastLine)
        var bodyStart = nameIndex + 1
        var parameters: [String]?
        if bodyStart < range.upperBound, view.punct(bodyStart) == .leftParen, !view.tokens[bodyStart].hasSpaceBefore {
            var names: [String] = []
            var index = bodyStart + 1
            var closed = false
            while index < range.upperBound {
                if view.punct(index) == .rightParen {
                    closed = true
                    break
                }
                if view.isIdentifier(index) {
                    // GNU named varargs: `args...`
                    if view.punct(index + 1) == .ellipsis {
                        names.append(view.word(index) + "...")
                        index += 1
                    } else {
                        names.append(view.word(index))
                    }
                } else if view.punct(index) == .ellipsis {
                    names.append("...")
                }
                index += 1
            }
            guard closed else {
                return (CMacro(name: name, parameters: names, body: "", span: span), nil)
            }
            parameters = names
            bodyStart = index + 1
        }
        let bodyRange = bodyStart..<range.upperBound
        let macro = CMacro(name: name, parameters: parameters, body: view.text(bodyRange), span: span)
        guard let parameters, !bodyRange.isEmpty else { return (macro, nil) }

        let bodyTokens = Array(view.tokens[bodyRange])
        let (match, _) = Brackets.match(bodyTokens)
        var parser = Parser(source: source, tokens: bodyTokens, match: match)
        guard isStatementOrExpression(parser) else { return (macro, nil) }
        let bodySpan = LineSpan(first: parser.line(0), last: parser.line(bodyTokens.count - 1))
        parser.drafts.append(FunctionDraft(name: name, kind: .functionMacro, parameters: parameters,
                                           parameterDeclarations: parameters, firstLine: span.first,
                                           bodyFirstLine: bodySpan.first, lastLine: span.last))
        parser.state.mode = .body
        parser.state.function = 0
        parser.state.bodyEnd = bodyTokens.count
        parser.run(events: [])
        var function = parser.functions().first
        function?.span = span
        function?.bodySpan = bodySpan
        return (macro, function)
    }

    /// `do { } while (0)`, `({ })`, a call, an expression or a statement; not a declaration, an
    /// initializer or broken brackets.
    static func isStatementOrExpression(_ body: Parser) -> Bool {
        guard !body.tokens.isEmpty else { return false }
        for index in body.tokens.indices where body.tokens[index].kind == .punct {
            switch body.punct(index) {
            case .leftParen, .leftBracket, .leftBrace, .rightParen, .rightBracket, .rightBrace:
                if body.matching(index) < 0 { return false }
            default:
                break
            }
        }
        if body.keyword(0) == .do { return true }
        if body.punct(0) == .leftParen, body.punct(1) == .leftBrace { return true }
        switch body.keyword(0) {
        case .struct, .union, .enum, .typedef, .extern, .static, .inline, .alwaysInline, .typeWord, .attributeWord:
            return false
        default:
            break
        }
        var index = 0
        while index < body.tokens.count {
            switch body.punct(index) {
            case .leftBrace:
                return false
            case .leftParen, .leftBracket:
                index = max(body.matching(index), index) + 1
            default:
                index += 1
            }
        }
        return true
    }
}
