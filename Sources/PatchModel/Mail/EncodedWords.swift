/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header values.
public enum EncodedWords {
    /// A raw (unfolded) header value as text: encoded words decoded, encoded words separated only by
    /// whitespace joined, other 8-bit bytes read as UTF-8 when valid and as Latin-1 when not.
    public static func decode(_ raw: some Collection<UInt8>) -> String {
        String(decoding: decodeToUTF8(Array(raw)), as: UTF8.self)
    }

    static func decodeToUTF8(_ raw: [UInt8]) -> [UInt8] {
        let literalCharset: Charset = Charset.isValidUTF8(raw) ? .utf8 : .latin1
        guard raw.count >= 8, containsMarker(raw) else { return literalCharset.utf8(raw) }

        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var pendingCharset: Charset?
        var pending: [UInt8] = []
        var literalStart = 0
        var index = 0
        func flushPending() {
            if let charset = pendingCharset { out += charset.utf8(pending) }
            pendingCharset = nil
            pending.removeAll(keepingCapacity: true)
        }
        while index + 1 < raw.count {
            guard raw[index] == UInt8(ascii: "="), raw[index + 1] == UInt8(ascii: "?"),
                let word = encodedWord(in: raw, at: index)
            else {
                index += 1
                continue
            }
            let literal = raw[literalStart..<index]
            let joinsPrevious = pendingCharset != nil && literal.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if !joinsPrevious {
                flushPending()
                out += literalCharset.utf8(literal)
            } else if pendingCharset != word.charset {
                flushPending()
            }
            pendingCharset = word.charset
            pending += word.bytes
            index = word.end
            literalStart = word.end
        }
        flushPending()
        out += literalCharset.utf8(raw[literalStart...])
        return out
    }

    private static func containsMarker(_ raw: [UInt8]) -> Bool {
        var index = 0
        while index + 1 < raw.count {
            if raw[index] == UInt8(ascii: "="), raw[index + 1] == UInt8(ascii: "?") { return true }
            index += 1
        }
        return false
    }

    /// The encoded word starting at `start` (on its `=?`): its charset, decoded bytes and end.
    private static func encodedWord(in raw: [UInt8], at start: Int) -> (charset: Charset, bytes: [UInt8], end: Int)? {
        var index = start + 2
        let charsetStart = index
        while index < raw.count, raw[index] != UInt8(ascii: "?") {
            let byte = raw[index]
            if byte <= 0x20 || byte >= 0x7F || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index + 2 < raw.count, index > charsetStart, raw[index + 2] == UInt8(ascii: "?") else { return nil }
        let label = String(decoding: raw[charsetStart..<index], as: UTF8.self)
        let encoding = raw[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        index = textStart
        while index < raw.count, raw[index] != UInt8(ascii: "?") {
            if raw[index] <= 0x20 { return nil }
            index += 1
        }
        guard index + 1 < raw.count, raw[index + 1] == UInt8(ascii: "=") else { return nil }
        let text = raw[textStart..<index]
        let bytes =
            encoding == UInt8(ascii: "b")
            ? TransferEncoding.decodeBase64(text).bytes : TransferEncoding.decodeQ(text)
        return (Charset(label: label), bytes, index + 2)
    }
}
