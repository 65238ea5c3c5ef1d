extension Person {
    /// The person a `From:`-style value names: `Name <addr>`, `"Last, First" <addr>`, `addr (Name)`
    /// or a bare `addr`. The value is expected to be RFC 2047-decoded already. Nil when it holds no
    /// address.
    public static func parse(_ header: String) -> Person? {
        parse(Array(header.utf8)[...])
    }

    /// The people of a `To:`/`Cc:`-style list, in order. Commas inside quotes, comments and angle
    /// brackets do not split; group names (`undisclosed-recipients:;`) are dropped.
    public static func parseList(_ header: String) -> [Person] {
        let bytes = Array(header.utf8)
        var people: [Person] = []
        var start = 0
        var quoted = false
        var commentDepth = 0
        var inAngle = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted || commentDepth > 0, byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if quoted {
                if byte == UInt8(ascii: "\"") { quoted = false }
            } else if commentDepth > 0 {
                if byte == UInt8(ascii: "(") { commentDepth += 1 }
                if byte == UInt8(ascii: ")") { commentDepth -= 1 }
            } else if inAngle {
                if byte == UInt8(ascii: ">") { inAngle = false }
            } else {
                switch byte {
                case UInt8(ascii: "\""): quoted = true
                case UInt8(ascii: "("): commentDepth = 1
                case UInt8(ascii: "<"): inAngle = true
                case UInt8(ascii: ":"): start = index + 1
                case UInt8(ascii: ","), UInt8(ascii: ";"):
                    if let person = parse(bytes[start..<index]) { people.append(person) }
                    start = index + 1
                default: break
                }
            }
            index += 1
        }
        if start < bytes.count, let person = parse(bytes[start...]) { people.append(person) }
        return people
    }

    private static func parse(_ bytes: ArraySlice<UInt8>) -> Person? {
        var phrase: [UInt8] = []
        var angle: [UInt8]?
        var comment: [UInt8] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < end { index += 1 }
                    phrase.append(bytes[index])
                    index += 1
                }
                index += 1
            case UInt8(ascii: "("):
                var depth = 1
                var text: [UInt8] = []
                index += 1
                while index < end {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\\"), index + 1 < end {
                        text.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    if inner == UInt8(ascii: "(") { depth += 1 }
                    if inner == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    text.append(inner)
                    index += 1
                }
                index += 1
                if comment.isEmpty { comment = text }
                phrase.append(0x20)
            case UInt8(ascii: "<") where angle == nil:
                let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) ?? end
                angle = Array(bytes[(index + 1)..<close])
                index = close + 1
                phrase.append(0x20)
            default:
                phrase.append(byte)
                index += 1
            }
        }

        var name = collapsed(phrase)
        var email: String
        if let angle {
            email = String(decoding: angle.filter { !MailHeaders.isBlank($0) }, as: UTF8.self)
        } else {
            // A bare address, perhaps with a name written around it without quotes.
            let tokens = name.split(separator: " ")
            guard let address = tokens.first(where: { $0.contains("@") }) ?? (tokens.count == 1 ? tokens.first : nil)
            else { return nil }
            email = String(address)
            name = tokens.filter { $0 != address }.joined(separator: " ")
            if !email.contains("@") { return nil }
        }
        if email.hasPrefix("mailto:") { email.removeFirst("mailto:".count) }
        if name.isEmpty { name = collapsed(comment) }
        if name.count >= 2, name.hasPrefix("'"), name.hasSuffix("'") { name = String(name.dropFirst().dropLast()) }
        guard !email.isEmpty else { return nil }
        return Person(name: name, email: email)
    }

    private static func collapsed(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if MailHeaders.isBlank(byte) {
                if let last = out.last, last != 0x20 { out.append(0x20) }
            } else {
                out.append(byte)
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
