/// The subject of a patch mail taken apart: reply markers, the bracket groups (`[RFC PATCH net-next v2 01/10]`)
/// and the title that follows them.
public struct SubjectLine: Sendable, Hashable {
    /// The subject as given.
    public var raw: String
    /// `Re:`, `Fwd:`, `AW:` and the like preceded the subject.
    public var isReply: Bool
    /// Every token of every bracket group, in order and as written (`RFC`, `PATCH`, `net-next`, `v2`, `01/10`).
    public var prefixes: [String]
    /// The series version (`v3`, `-v3`, `PATCHv3`); 1 when the subject names none.
    public var version: Int
    /// The patch's place in its series (`3` of `3/5`); 0 for a cover letter.
    public var index: Int?
    /// The number of patches in the series (`5` of `3/5`).
    public var total: Int?
    /// Some group says `PATCH`, or says `RFC` with a counter or a version (`[RFC 1/2]`).
    public var isPatch: Bool
    public var isRFC: Bool
    public var isResend: Bool
    /// What follows the groups, trimmed.
    public var title: String

    public init(parsing raw: String) {
        self.raw = raw
        isReply = false
        prefixes = []
        version = 1
        index = nil
        total = nil
        isPatch = false
        isRFC = false
        isResend = false
        title = ""

        let bytes = Array(raw.utf8)
        var position = 0
        var sawVersion = false
        var sawCounter = false
        while true {
            position = Self.skipSpace(bytes, from: position)
            if let next = Self.replyMarkerEnd(bytes, at: position) {
                isReply = true
                position = next
                continue
            }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "["),
                  let close = bytes[position...].firstIndex(of: UInt8(ascii: "]"))
            else { break }
            let group = Self.tokens(bytes[(position + 1)..<close])
            var groupHasPatch = false
            var groupHasRFC = false
            var groupHasNumbering = false
            for token in group {
                prefixes.append(String(decoding: token, as: UTF8.self))
                switch Self.classify(token) {
                case .patch(let taggedVersion):
                    groupHasPatch = true
                    if let taggedVersion, !sawVersion { version = taggedVersion; sawVersion = true }
                    if taggedVersion != nil { groupHasNumbering = true }
                case .rfc(let taggedVersion):
                    groupHasRFC = true
                    isRFC = true
                    if let taggedVersion, !sawVersion { version = taggedVersion; sawVersion = true }
                    if taggedVersion != nil { groupHasNumbering = true }
                case .resend:
                    isResend = true
                case .version(let number):
                    groupHasNumbering = true
                    if !sawVersion { version = number; sawVersion = true }
                case .counter(let first, let count):
                    groupHasNumbering = true
                    if !sawCounter { index = first; total = count; sawCounter = true }
                case .tag:
                    break
                }
            }
            if groupHasPatch || (groupHasRFC && groupHasNumbering) { isPatch = true }
            position = close + 1
        }
        let end = Self.trimmedEnd(bytes, from: position)
        title = position < end ? String(decoding: bytes[position..<end], as: UTF8.self) : ""
    }

    /// The title in lower case with runs of whitespace made one space, to match versions of a series.
    public var normalizedTitle: String {
        title.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The subject is a series' cover letter (`0/N`).
    public var isCoverLetter: Bool { index == 0 }

    /// The bracket tokens that are not `PATCH`, `RFC`, `RESEND`, a version or a counter: tree and list
    /// tags such as `net-next`, `mm-hotfixes` or `linux-next`.
    public var tags: [String] {
        prefixes.filter { token in
            if case .tag = Self.classify(Array(token.utf8)[...]) { return true }
            return false
        }
    }

    // MARK: - Parsing

    private enum Token {
        case patch(version: Int?)
        case rfc(version: Int?)
        case resend
        case version(Int)
        case counter(Int, Int)
        case tag
    }

    private static func classify(_ token: ArraySlice<UInt8>) -> Token {
        if let rest = strippingWord(token, "patch") {
            if rest.isEmpty { return .patch(version: nil) }
            if let number = versionNumber(rest) { return .patch(version: number) }
            return .tag
        }
        if let rest = strippingWord(token, "rfc") {
            if rest.isEmpty { return .rfc(version: nil) }
            if let number = versionNumber(rest) { return .rfc(version: number) }
            return .tag
        }
        if equalsIgnoringCase(token, "resend") { return .resend }
        if let number = versionNumber(token) { return .version(number) }
        if let slash = token.firstIndex(of: UInt8(ascii: "/")),
           let first = decimal(token[token.startIndex..<slash]),
           let count = decimal(token[(slash + 1)...]) {
            return .counter(first, count)
        }
        return .tag
    }

    /// `v3`, `V3`, `-v3`, `v2.1` (integer part); also the tail of `PATCHv3` or `PATCH-v3`.
    private static func versionNumber(_ token: ArraySlice<UInt8>) -> Int? {
        var rest = token
        if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        guard let v = rest.first, v == UInt8(ascii: "v") || v == UInt8(ascii: "V") else { return nil }
        rest = rest.dropFirst()
        let integerEnd = rest.firstIndex(of: UInt8(ascii: ".")) ?? rest.endIndex
        guard let number = decimal(rest[rest.startIndex..<integerEnd]) else { return nil }
        if integerEnd < rest.endIndex, decimal(rest[(integerEnd + 1)...]) == nil { return nil }
        return number
    }

    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The bytes after `word` when the token starts with it (any case), else `nil`.
    private static func strippingWord(_ token: ArraySlice<UInt8>, _ word: StaticString) -> ArraySlice<UInt8>? {
        let count = word.utf8CodeUnitCount
        guard token.count >= count else { return nil }
        let head = token.prefix(count)
        guard equalsIgnoringCase(head, word) else { return nil }
        return token.dropFirst(count)
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { lowered in
            zip(bytes, lowered).allSatisfy { lowercased($0) == $1 }
        }
    }

    /// Tokens of a bracket group: split on whitespace and commas.
    private static func tokens(_ group: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        group.split(whereSeparator: { isSpace($0) || $0 == UInt8(ascii: ",") })
    }

    /// After `Re:`, `RE:`, `Fwd:`, `Fw:`, `AW:` or `Re[2]:` at `position`, the index past the colon.
    private static func replyMarkerEnd(_ bytes: [UInt8], at position: Int) -> Int? {
        var wordEnd = position
        while wordEnd < bytes.count, isLetter(bytes[wordEnd]) { wordEnd += 1 }
        let word = bytes[position..<wordEnd]
        guard equalsIgnoringCase(word, "re") || equalsIgnoringCase(word, "fwd")
            || equalsIgnoringCase(word, "fw") || equalsIgnoringCase(word, "aw")
        else { return nil }
        var cursor = wordEnd
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "[") {
            cursor += 1
            let digitsStart = cursor
            while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
                cursor += 1
            }
            guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "]") else { return nil }
            cursor += 1
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
        return cursor + 1
    }

    private static func skipSpace(_ bytes: [UInt8], from position: Int) -> Int {
        var cursor = position
        while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
        return cursor
    }

    private static func trimmedEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = bytes.count
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return end
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
