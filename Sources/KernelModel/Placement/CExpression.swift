/// A C expression as the kernel writes range arguments, parsed with C's precedence, remembering
/// where the source had parentheses (so `a & MASK + SIZE` can be told from `(a & MASK) + SIZE`).
public indirect enum CExpression: Sendable, Hashable {
    case number(UInt64)
    case name(String)
    /// `a->b` and `a.b`, kept whole as one name (`vma->vm_mm`, `tlb->start`).
    case member(String)
    case unary(String, CExpression)
    case binary(String, CExpression, CExpression)
    case conditional(CExpression, CExpression, CExpression)
    case call(String, [CExpression])
    case cast(String, CExpression)
    /// A parenthesised sub-expression, as written.
    case parenthesized(CExpression)
    /// Text the parser could not read.
    case unreadable(String)

    /// The expression without its outer parentheses and casts.
    public var stripped: CExpression {
        switch self {
        case .parenthesized(let inner), .cast(_, let inner): inner.stripped
        default: self
        }
    }

    /// The names and members the expression reads.
    public var names: Set<String> {
        switch self {
        case .number, .unreadable: []
        case .name(let name), .member(let name): [name]
        case .unary(_, let operand), .cast(_, let operand), .parenthesized(let operand): operand.names
        case .binary(_, let lhs, let rhs): lhs.names.union(rhs.names)
        case .conditional(let a, let b, let c): a.names.union(b.names).union(c.names)
        case .call(_, let arguments): arguments.reduce(into: Set<String>()) { $0.formUnion($1.names) }
        }
    }

    /// Whether some `&`, `|`, `^` or shift has an unparenthesised `+`/`-` operand: C binds the
    /// arithmetic first, which is rarely what `addr & PAGE_MASK + PAGE_SIZE` means.
    public var hasPrecedenceSuspect: Bool {
        switch self {
        case .binary(let op, let lhs, let rhs):
            if ["&", "|", "^", "<<", ">>"].contains(op) {
                for operand in [lhs, rhs] {
                    if case .binary(let inner, _, _) = operand, inner == "+" || inner == "-" { return true }
                }
            }
            return lhs.hasPrecedenceSuspect || rhs.hasPrecedenceSuspect
        case .unary(_, let operand), .cast(_, let operand), .parenthesized(let operand): return operand.hasPrecedenceSuspect
        case .conditional(let a, let b, let c): return a.hasPrecedenceSuspect || b.hasPrecedenceSuspect || c.hasPrecedenceSuspect
        case .call(_, let arguments): return arguments.contains { $0.hasPrecedenceSuspect }
        default: return false
        }
    }

    /// Parses one expression; what does not parse becomes `.unreadable(text)`.
    public static func parse(_ text: String) -> CExpression {
        var parser = CExpressionParser(tokens: CExpressionParser.tokenize(text))
        guard let expression = parser.expression(minimumPrecedence: 0), parser.atEnd else {
            return .unreadable(text)
        }
        return expression
    }
}

/// A Pratt parser over C tokens; bounded depth so hostile input cannot exhaust the stack.
struct CExpressionParser {
    enum Token: Hashable {
        case number(UInt64)
        case identifier(String)
        case symbol(String)
    }

    var tokens: [Token]
    var position = 0
    var depth = 0

    var atEnd: Bool { position >= tokens.count }

    static let binaryPrecedence: [String: Int] = [
        "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
        "<": 7, "<=": 7, ">": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
    ]

    static let typeWords: Set<String> = [
        "unsigned", "signed", "long", "int", "short", "char", "void", "const", "volatile", "u64", "u32",
        "u16", "u8", "s64", "s32", "size_t", "ssize_t", "phys_addr_t", "pgoff_t", "uintptr_t", "struct",
        "__u64", "bool",
    ]

    static func tokenize(_ text: String) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var index = 0
        func isIdentifierByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x5C { index += 1; continue }
            if byte >= 0x30 && byte <= 0x39 {
                var end = index
                while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
                var literal = String(decoding: bytes[index..<end], as: UTF8.self).lowercased()
                while let last = literal.last, last == "u" || last == "l" { literal.removeLast() }
                let value: UInt64?
                if literal.hasPrefix("0x") {
                    value = UInt64(literal.dropFirst(2), radix: 16)
                } else if literal.count > 1, literal.hasPrefix("0") {
                    value = UInt64(literal.dropFirst(), radix: 8)
                } else {
                    value = UInt64(literal)
                }
                tokens.append(value.map(Token.number) ?? .identifier(literal))
                index = end
                continue
            }
            if isIdentifierByte(byte) {
                var end = index
                while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
                tokens.append(.identifier(String(decoding: bytes[index..<end], as: UTF8.self)))
                index = end
                continue
            }
            let pairs = ["->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||"]
            if index + 1 < bytes.count {
                let pair = String(decoding: bytes[index...index + 1], as: UTF8.self)
                if pairs.contains(pair) {
                    tokens.append(.symbol(pair))
                    index += 2
                    continue
                }
            }
            tokens.append(.symbol(String(decoding: bytes[index...index], as: UTF8.self)))
            index += 1
        }
        return tokens
    }

    mutating func expression(minimumPrecedence: Int) -> CExpression? {
        depth += 1
        defer { depth -= 1 }
        guard depth < 200, var lhs = unary() else { return nil }
        while position < tokens.count {
            if case .symbol("?") = tokens[position], minimumPrecedence == 0 {
                position += 1
                guard let then = expression(minimumPrecedence: 0), consume(":"),
                      let otherwise = expression(minimumPrecedence: 0) else { return nil }
                lhs = .conditional(lhs, then, otherwise)
                continue
            }
            guard case .symbol(let op) = tokens[position], let precedence = Self.binaryPrecedence[op],
                  precedence > minimumPrecedence else { break }
            position += 1
            guard let rhs = expression(minimumPrecedence: precedence) else { return nil }
            lhs = .binary(op, lhs, rhs)
        }
        return lhs
    }

    mutating func consume(_ symbol: String) -> Bool {
        guard position < tokens.count, case .symbol(let found) = tokens[position], found == symbol else { return false }
        position += 1
        return true
    }

    mutating func unary() -> CExpression? {
        depth += 1
        defer { depth -= 1 }
        guard depth < 200, position < tokens.count else { return nil }
        switch tokens[position] {
        case .symbol(let op) where ["-", "~", "!", "+", "*", "&"].contains(op):
            position += 1
            return unary().map { .unary(op, $0) }
        case .symbol("("):
            // A cast `(unsigned long)x`, or a parenthesised expression.
            var look = position + 1
            var words: [String] = []
            while look < tokens.count, case .identifier(let word) = tokens[look], Self.typeWords.contains(word) || words.first == "struct" {
                words.append(word)
                look += 1
            }
            while look < tokens.count, case .symbol("*") = tokens[look] {
                words.append("*")
                look += 1
            }
            if !words.isEmpty, look < tokens.count, case .symbol(")") = tokens[look] {
                position = look + 1
                return unary().map { .cast(words.joined(separator: " "), $0) }
            }
            position += 1
            guard let inner = expression(minimumPrecedence: 0), consume(")") else { return nil }
            return postfix(.parenthesized(inner))
        case .number(let value):
            position += 1
            return postfix(.number(value))
        case .identifier(let name):
            position += 1
            if name == "sizeof" { return unary().map { .call("sizeof", [$0]) } }
            return postfix(.name(name))
        default:
            return nil
        }
    }

    mutating func postfix(_ base: CExpression) -> CExpression? {
        var current = base
        while position < tokens.count {
            if consume("->") || consume(".") {
                guard position < tokens.count, case .identifier(let field) = tokens[position] else { return nil }
                position += 1
                let prefix: String
                switch current {
                case .name(let name), .member(let name): prefix = name
                default: prefix = "(...)"
                }
                let separator = "->"
                current = .member(prefix + separator + field)
                continue
            }
            if consume("(") {
                var arguments: [CExpression] = []
                if !consume(")") {
                    repeat {
                        guard let argument = expression(minimumPrecedence: 0) else { return nil }
                        arguments.append(argument)
                    } while consume(",")
                    guard consume(")") else { return nil }
                }
                let callee: String
                switch current {
                case .name(let name), .member(let name): callee = name
                default: callee = "(...)"
                }
                current = .call(callee, arguments)
                continue
            }
            if consume("[") {
                guard let index = expression(minimumPrecedence: 0), consume("]") else { return nil }
                current = .call("[]", [current, index])
                continue
            }
            if consume("++") { continue }
            break
        }
        return current
    }
}
