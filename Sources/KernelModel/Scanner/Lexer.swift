#if canImport(Glibc)
import Glibc
#endif

/// The kind of a C token.
enum TokenKind: UInt8 {
    case identifier
    case number
    case string
    case character
    case punct
    case other
}

/// Punctuators the scanner acts on; every other operator is `.operator`.
enum Punct: UInt8 {
    case none
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case semicolon, comma, colon, question
    case assign, compoundAssign, increment, decrement
    case arrow, dot, ellipsis, hash, hashHash, star
    case `operator`
}

/// What an identifier means to the scanner.
enum Keyword: UInt8 {
    case none
    case `if`, `else`, `for`, `while`, `do`, `switch`, `case`, `default`, `return`, `goto`
    case `break`, `continue`
    /// `sizeof`, `typeof`, `__typeof__`, `alignof`, `_Static_assert`, `offsetof`-like operators whose
    /// operand is not evaluated.
    case unevaluated
    case defined
    /// `__attribute__`, `__attribute`.
    case attribute
    /// `asm`, `__asm__`, `__asm`.
    case asm
    /// `volatile` and its spellings (also an asm qualifier).
    case qualifier
    case `struct`, `union`, `enum`, `typedef`, `extern`, `static`
    /// `inline`, `__inline`, `__inline__`.
    case inline
    /// `__always_inline`, `nokprobe_inline`: inline with an attribute.
    case alwaysInline
    /// Attribute macros without arguments: `notrace`, `__init`, `noinstr`, `asmlinkage`, ...
    case attributeWord
    /// Attribute macros with arguments: `__section(...)`, `__acquires(...)`, `__printf(...)`, ...
    case attributeWithArguments
    /// `void`, `int`, `char`, `long`, `unsigned`, `const`, ...
    case typeWord
}

/// One token: where its bytes are, on which line it starts, and what surrounds it.
struct Token {
    var kind: TokenKind
    /// A `Keyword` for identifiers, a `Punct` for punctuators.
    var code: UInt8
    var flags: UInt8
    var start: Int32
    var end: Int32
    var line: Int32

    static let spaceBefore: UInt8 = 1
    static let atColumnZero: UInt8 = 2
    static let hasContinuation: UInt8 = 4
    static let firstOnLine: UInt8 = 8

    var keyword: Keyword { kind == .identifier ? Keyword(rawValue: code) ?? .none : .none }
    var punct: Punct { kind == .punct ? Punct(rawValue: code) ?? .none : .none }
    var hasSpaceBefore: Bool { flags & Token.spaceBefore != 0 }
    var isAtColumnZero: Bool { flags & Token.atColumnZero != 0 }
    var lineNumber: Int { Int(line) }
}

/// A preprocessor directive: its tokens (from `#` to the end of the logical line) and where it sits
/// among the code tokens.
struct Directive {
    /// Range in `LexedSource.directiveTokens`, starting at the `#`.
    var tokens: Range<Int>
    /// Index of the first code token after the directive.
    var position: Int
    var firstLine: Int
    var lastLine: Int
}

/// A source split into code tokens and directives.
struct LexedSource {
    var tokens: [Token] = []
    var directiveTokens: [Token] = []
    var directives: [Directive] = []
    /// Indices of the `}` code tokens that start at column 0 (in kernel style, the end of a top-level body).
    var closersAtColumnZero: [Int] = []
    var unreadable: [SourceSpan] = []
    var lineCount = 1
}

/// Splits C source bytes into tokens; never fails: what it cannot lex becomes `.other` tokens or an
/// unreadable span.
enum Lexer {
    static func lex(_ source: [UInt8]) -> LexedSource {
        var out = LexedSource()
        out.tokens.reserveCapacity(source.count / 4)
        source.withUnsafeBufferPointer { bytes in
            lex(bytes, into: &out)
        }
        return out
    }

    /// Letters, `_`, `$` and every byte from 0x80 (UTF-8 in names), as bits: bytes 0-63, then 64-127.
    private static let startBits: (UInt64, UInt64) = (0x0000_0010_0000_0000, 0x07FF_FFFE_87FF_FFFE)
    /// `startBits` and the digits.
    private static let bodyBits: (UInt64, UInt64) = (0x03FF_0010_0000_0000, 0x07FF_FFFE_87FF_FFFE)

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte < 0x40 ? startBits.0 : startBits.1) >> (byte & 0x3F) & 1 != 0
    }

    private static func isIdentifierBody(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte < 0x40 ? bodyBits.0 : bodyBits.1) >> (byte & 0x3F) & 1 != 0
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private static func lex(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout LexedSource) {
        let count = bytes.count
        var index = 0
        var line: Int32 = 1
        var lineStart = 0
        var space = true
        var firstOnLine = true
        var continuation = false
        // The directive being read, if any: its start in directiveTokens and first line.
        var directiveStart: Int?
        var directiveLine: Int32 = 1

        func endDirective(lastLine: Int32) {
            guard let start = directiveStart else { return }
            out.directives.append(Directive(tokens: start..<out.directiveTokens.count, position: out.tokens.count,
                                            firstLine: Int(directiveLine), lastLine: Int(lastLine)))
            directiveStart = nil
        }

        // A backslash-newline at `at`? Returns the length of the sequence (2 or 3 with CR), else 0.
        func continuationLength(_ at: Int) -> Int {
            guard at < count, bytes[at] == 0x5C else { return 0 }
            if at + 1 < count, bytes[at + 1] == 0x0A { return 2 }
            if at + 2 < count, bytes[at + 1] == 0x0D, bytes[at + 2] == 0x0A { return 3 }
            return 0
        }

        func emit(_ kind: TokenKind, _ code: UInt8, _ start: Int, _ end: Int, _ startLine: Int32) {
            var flags: UInt8 = 0
            if space { flags |= Token.spaceBefore }
            if start == lineStart { flags |= Token.atColumnZero }
            if continuation { flags |= Token.hasContinuation }
            if firstOnLine { flags |= Token.firstOnLine }
            let token = Token(kind: kind, code: code, flags: flags, start: Int32(truncatingIfNeeded: start),
                              end: Int32(truncatingIfNeeded: end), line: startLine)
            if directiveStart != nil {
                out.directiveTokens.append(token)
            } else {
                if kind == .punct, code == Punct.rightBrace.rawValue, start == lineStart {
                    out.closersAtColumnZero.append(out.tokens.count)
                }
                out.tokens.append(token)
            }
            space = false
            firstOnLine = false
            continuation = false
        }

        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                if directiveStart != nil { endDirective(lastLine: line) }
                line &+= 1
                index += 1
                lineStart = index
                space = true
                firstOnLine = true
                continue
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B, 0x00:
                index += 1
                space = true
                continue
            case 0x5C:
                let length = continuationLength(index)
                if length > 0 {
                    index += length
                    line &+= 1
                    lineStart = index
                    space = true
                    continue
                }
            case 0x2F:
                if index + 1 < count, bytes[index + 1] == 0x2A {
                    let startLine = line
                    var cursor = index + 2
                    var closed = false
                    while cursor < count {
                        if bytes[cursor] == 0x2A, cursor + 1 < count, bytes[cursor + 1] == 0x2F {
                            cursor += 2
                            closed = true
                            break
                        }
                        if bytes[cursor] == 0x0A {
                            line &+= 1
                            lineStart = cursor + 1
                        }
                        cursor += 1
                    }
                    if !closed {
                        out.unreadable.append(SourceSpan(lines: LineSpan(first: Int(startLine), last: Int(line)),
                                                         reason: "comment not closed before the end of the file"))
                    }
                    index = cursor
                    space = true
                    continue
                }
                if index + 1 < count, bytes[index + 1] == 0x2F {
                    var cursor = index + 2
                    while cursor < count, bytes[cursor] != 0x0A {
                        let length = continuationLength(cursor)
                        if length > 0 {
                            cursor += length
                            line &+= 1
                            lineStart = cursor
                        } else {
                            cursor += 1
                        }
                    }
                    index = cursor
                    space = true
                    continue
                }
            case 0x23:
                if firstOnLine && directiveStart == nil {
                    directiveStart = out.directiveTokens.count
                    directiveLine = line
                }
            default:
                break
            }

            let start = index
            let startLine = line
            if isIdentifierStart(byte) {
                index += 1
                while index < count {
                    if isIdentifierBody(bytes[index]) {
                        index += 1
                    } else {
                        let length = continuationLength(index)
                        guard length > 0, index + length < count, isIdentifierBody(bytes[index + length]) else { break }
                        index += length
                        line &+= 1
                        lineStart = index
                        continuation = true
                    }
                }
                // A string or character prefix (L"", u8'') stays an identifier token followed by the literal.
                let code = KeywordTable.lookup(bytes, start, index)
                emit(.identifier, code.rawValue, start, index, startLine)
                continue
            }
            if isDigit(byte) || (byte == 0x2E && index + 1 < count && isDigit(bytes[index + 1])) {
                index += 1
                while index < count {
                    let next = bytes[index]
                    if isIdentifierBody(next) || next == 0x2E {
                        index += 1
                    } else if (next == 0x2B || next == 0x2D), index > start,
                              bytes[index - 1] | 0x20 == 0x65 || bytes[index - 1] | 0x20 == 0x70 {
                        index += 1
                    } else if next == 0x27, index + 1 < count, isIdentifierBody(bytes[index + 1]) {
                        index += 1 // C23 digit separator
                    } else {
                        break
                    }
                }
                emit(.number, 0, start, index, startLine)
                continue
            }
            if byte == 0x22 || byte == 0x27 {
                let quote = byte
                var cursor = index + 1
                var closed = false
                while cursor < count {
                    let next = bytes[cursor]
                    if next == quote {
                        cursor += 1
                        closed = true
                        break
                    }
                    if next == 0x0A { break }
                    if next == 0x5C {
                        let length = continuationLength(cursor)
                        if length > 0 {
                            cursor += length
                            line &+= 1
                            lineStart = cursor
                            continuation = true
                            continue
                        }
                        cursor += min(2, count - cursor)
                        continue
                    }
                    cursor += 1
                }
                if !closed && directiveStart == nil {
                    out.unreadable.append(SourceSpan(lines: LineSpan(first: Int(startLine), last: Int(startLine)),
                                                     reason: quote == 0x22 ? "string not closed on its line"
                                                                           : "character literal not closed on its line"))
                }
                index = cursor
                emit(quote == 0x22 ? .string : .character, 0, start, index, startLine)
                continue
            }
            let (punct, length) = punctuator(bytes, index)
            index += length
            emit(punct == .none ? .other : .punct, punct.rawValue, start, index, startLine)
        }
        if directiveStart != nil { endDirective(lastLine: line) }
        out.lineCount = Int(line)
    }

    private static func punctuator(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Punct, Int) {
        let count = bytes.count
        let byte = bytes[index]
        let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
        let third: UInt8 = index + 2 < count ? bytes[index + 2] : 0
        switch byte {
        case 0x28: return (.leftParen, 1)
        case 0x29: return (.rightParen, 1)
        case 0x7B: return (.leftBrace, 1)
        case 0x7D: return (.rightBrace, 1)
        case 0x5B: return (.leftBracket, 1)
        case 0x5D: return (.rightBracket, 1)
        case 0x3B: return (.semicolon, 1)
        case 0x2C: return (.comma, 1)
        case 0x3A: return (.colon, 1)
        case 0x3F: return (.question, 1)
        case 0x7E: return (.operator, 1)
        case 0x3D: return next == 0x3D ? (.operator, 2) : (.assign, 1)
        case 0x21: return next == 0x3D ? (.operator, 2) : (.operator, 1)
        case 0x2B:
            if next == 0x2B { return (.increment, 2) }
            return next == 0x3D ? (.compoundAssign, 2) : (.operator, 1)
        case 0x2D:
            if next == 0x2D { return (.decrement, 2) }
            if next == 0x3E { return (.arrow, 2) }
            return next == 0x3D ? (.compoundAssign, 2) : (.operator, 1)
        case 0x2A: return next == 0x3D ? (.compoundAssign, 2) : (.star, 1)
        case 0x2F, 0x25, 0x5E: return next == 0x3D ? (.compoundAssign, 2) : (.operator, 1)
        case 0x26, 0x7C:
            if next == byte { return (.operator, 2) }
            return next == 0x3D ? (.compoundAssign, 2) : (.operator, 1)
        case 0x3C, 0x3E:
            if next == byte { return third == 0x3D ? (.compoundAssign, 3) : (.operator, 2) }
            return next == 0x3D ? (.operator, 2) : (.operator, 1)
        case 0x2E:
            if next == 0x2E && third == 0x2E { return (.ellipsis, 3) }
            return (.dot, 1)
        case 0x23: return next == 0x23 ? (.hashHash, 2) : (.hash, 1)
        default: return (.none, 1)
        }
    }
}

/// Maps identifier bytes to keywords without building strings.
enum KeywordTable {
    private static let entries: [(String, Keyword)] = {
        var list: [(String, Keyword)] = [
            ("if", .if), ("else", .else), ("for", .for), ("while", .while), ("do", .do), ("switch", .switch),
            ("case", .case), ("default", .default), ("return", .return), ("goto", .goto), ("break", .break),
            ("continue", .continue), ("defined", .defined),
            ("__attribute__", .attribute), ("__attribute", .attribute),
            ("asm", .asm), ("__asm__", .asm), ("__asm", .asm),
            ("volatile", .qualifier), ("__volatile__", .qualifier), ("__volatile", .qualifier),
            ("struct", .struct), ("union", .union), ("enum", .enum), ("typedef", .typedef),
            ("extern", .extern), ("static", .static),
            ("inline", .inline), ("__inline", .inline), ("__inline__", .inline),
            ("__always_inline", .alwaysInline), ("nokprobe_inline", .alwaysInline),
        ]
        for word in ["sizeof", "typeof", "__typeof__", "__typeof", "typeof_unqual", "__typeof_unqual__",
                     "alignof", "_Alignof", "__alignof__", "__alignof", "_Static_assert", "static_assert",
                     "__builtin_types_compatible_p", "__builtin_offsetof", "_Generic"] {
            list.append((word, .unevaluated))
        }
        for word in ["notrace", "noinline", "__init", "__exit", "__cpuidle", "noinstr", "asmlinkage", "__visible",
                     "__weak", "__must_check", "__maybe_unused", "__always_unused", "__cold", "__hot", "__pure",
                     "__flatten", "__sched", "__kprobes", "__noreturn", "__naked", "__used", "__ref", "__meminit",
                     "__init_or_module", "__no_kcsan", "__no_sanitize_address", "__no_profile", "__attribute_const__",
                     "__malloc", "__ro_after_init", "__read_mostly", "__initdata", "__devinit", "__cpuinit",
                     "__latent_entropy", "__noinline", "noinline_for_stack", "__nocfi", "__noclone",
                     "__ref_is_ok", "__iomem", "__user", "__percpu", "__rcu", "__force", "__kernel", "__nocast",
                     "__bitwise", "__safe", "__noscs", "__no_stack_protector", "__irq_entry", "__softirq_entry",
                     "__head", "__initconst", "__init_memblock", "__cpuidle_text", "__section_text", "fastcall"] {
            list.append((word, .attributeWord))
        }
        for word in ["__section", "__aligned", "__printf", "__scanf", "__alloc_size", "__realloc_size",
                     "__diagnose_as", "__acquires", "__releases", "__must_hold", "__cond_acquires",
                     "__cond_releases", "__assume_aligned", "__counted_by", "__no_sanitize", "__alias",
                     "__nonstring", "alignas", "_Alignas", "__declspec", "__cleanup", "__guarded_by",
                     "__pt_guarded_by", "__designated_init_attr"] {
            list.append((word, .attributeWithArguments))
        }
        for word in ["void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
                     "bool", "const", "__const", "__signed__", "restrict", "__restrict", "__restrict__", "register",
                     "auto", "_Atomic", "_Noreturn", "_Thread_local", "__thread", "__extension__"] {
            list.append((word, .typeWord))
        }
        return list
    }()

    /// The words' bytes and keywords, and an open-addressing table of their indices by hash
    /// (`-1`: empty): a lookup is a hash over the identifier and a compare or two.
    private static let words: [[UInt8]] = entries.map { Array($0.0.utf8) }
    private static let keywords: [Keyword] = entries.map(\.1)
    private static let slotMask = 1023
    private static let slots: [Int16] = {
        var slots = [Int16](repeating: -1, count: slotMask + 1)
        for (index, word) in words.enumerated() {
            var slot = Int(truncatingIfNeeded: hash(word[...])) & slotMask
            while slots[slot] >= 0 { slot = (slot + 1) & slotMask }
            slots[slot] = Int16(index)
        }
        return slots
    }()

    private static let maximumLength = 32

    private static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return value ^ (value >> 29)
    }

    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Keyword {
        let length = end - start
        guard length >= 2, length <= maximumLength else { return .none }
        let first = bytes[start]
        // Every keyword starts with a lowercase letter or an underscore.
        guard (first >= 0x61 && first <= 0x7A) || first == 0x5F else { return .none }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        var slot = Int(truncatingIfNeeded: hash(slice)) & slotMask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return .none }
            let word = words[index]
            if word.count == length, word.withUnsafeBufferPointer({ memcmp($0.baseAddress!, slice.baseAddress!, length) == 0 }) {
                return keywords[index]
            }
            slot = (slot + 1) & slotMask
        }
    }
}
