/// The Message-IDs of an `In-Reply-To:` or `References:` value.
public enum MessageIDs {
    /// The `<...>` ids in order, brackets kept, junk between them skipped. A value that is a single
    /// token with an `@` and no brackets is read as one id (and given its brackets).
    public static func parse(_ header: String) -> [String] {
        let bytes = Array(header.utf8)
        var ids: [String] = []
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: ">")) else { break }
            if let nested = bytes[(open + 1)..<close].lastIndex(of: UInt8(ascii: "<")) {
                index = nested
                continue
            }
            let inner = bytes[(open + 1)..<close].filter { !MailHeaders.isBlank($0) }
            if !inner.isEmpty {
                ids.append("<" + String(decoding: inner, as: UTF8.self) + ">")
            }
            index = close + 1
        }
        if ids.isEmpty {
            let tokens = header.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            if tokens.count == 1, let token = tokens.first, token.contains("@"), !token.contains("<"), !token.contains(">") {
                ids.append("<\(token)>")
            }
        }
        return ids
    }
}
