/// The kind of a conditional-compilation directive, which the bracket matcher and the parser both follow.
enum ConditionalDirective {
    case open
    case alternative
    case close
}

/// Pairs `(`/`)`, `[`/`]` and `{`/`}` over a token array.
///
/// Across `#if` groups it does what most C tools do: every branch starts from the brackets open at the
/// `#if`, and after `#endif` the brackets of the first branch are the ones left open. A `)` or `]` never
/// closes past an open `{`; a `}` closes any `(` or `[` left open inside its braces.
enum Brackets {
    static let maximumDepth = 512

    /// `match[i]` is the index of the bracket paired with token `i`, or -1.
    static func match(_ tokens: [Token], conditionals: [(position: Int, kind: ConditionalDirective)] = [])
        -> (match: [Int32], tooDeep: Int?)
    {
        var match = [Int32](repeating: -1, count: tokens.count)
        var stack: [Int32] = []
        var groups: [(atOpen: [Int32], firstEnd: [Int32]?)] = []
        var next = 0
        var tooDeep: Int?
        for index in 0...tokens.count {
            while next < conditionals.count, conditionals[next].position <= index {
                switch conditionals[next].kind {
                case .open:
                    groups.append((stack, nil))
                case .alternative:
                    if let last = groups.indices.last {
                        if groups[last].firstEnd == nil { groups[last].firstEnd = stack }
                        stack = groups[last].atOpen
                    }
                case .close:
                    if let group = groups.popLast(), let first = group.firstEnd { stack = first }
                }
                next += 1
            }
            guard index < tokens.count else { break }
            let token = tokens[index]
            guard token.kind == .punct else { continue }
            switch token.punct {
            case .leftParen, .leftBracket, .leftBrace:
                if stack.count < maximumDepth {
                    stack.append(Int32(index))
                } else if tooDeep == nil {
                    tooDeep = index
                }
            case .rightParen, .rightBracket:
                let opener: Punct = token.punct == .rightParen ? .leftParen : .leftBracket
                var depth = stack.count - 1
                while depth >= 0 {
                    let candidate = tokens[Int(stack[depth])].punct
                    if candidate == opener || candidate == .leftBrace { break }
                    depth -= 1
                }
                if depth >= 0, tokens[Int(stack[depth])].punct == opener {
                    let open = Int(stack[depth])
                    stack.removeSubrange(depth...)
                    match[open] = Int32(index)
                    match[index] = Int32(open)
                }
            case .rightBrace:
                var depth = stack.count - 1
                while depth >= 0, tokens[Int(stack[depth])].punct != .leftBrace { depth -= 1 }
                if depth >= 0 {
                    let open = Int(stack[depth])
                    stack.removeSubrange(depth...)
                    match[open] = Int32(index)
                    match[index] = Int32(open)
                }
            default:
                break
            }
        }
        return (match, tooDeep)
    }
}
