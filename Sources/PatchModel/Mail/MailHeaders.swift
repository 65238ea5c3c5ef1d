/// One header field of a message: its name as written and its value unfolded but otherwise raw
/// (no RFC 2047 decoding, no charset conversion).
public struct HeaderField: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// The value as a reader sees it: encoded words decoded, trimmed.
    public var text: String { MailHeaders.decodedText(value) }
}

/// The header block of a message or MIME part, in order. Lookups ignore the case of names.
public struct MailHeaders: Sendable, Hashable {
    public var fields: [HeaderField]

    public init(fields: [HeaderField] = []) {
        self.fields = fields
    }

    /// The decoded value of the first field with this name.
    public func first(_ name: String) -> String? {
        firstRaw(name).map(MailHeaders.decodedText)
    }

    /// The decoded values of every field with this name, in order.
    public func all(_ name: String) -> [String] {
        fields.filter { MailHeaders.sameName($0.name, name) }.map { MailHeaders.decodedText($0.value) }
    }

    /// The unfolded raw bytes of the first field with this name.
    public func firstRaw(_ name: String) -> [UInt8]? {
        fields.first { MailHeaders.sameName($0.name, name) }?.value
    }

    static func decodedText(_ raw: [UInt8]) -> String {
        var bytes = EncodedWords.decodeToUTF8(raw)
        while let last = bytes.last, isBlank(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isBlank($0) } ?? bytes.endIndex
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let a?, let b?):
                if a == b { continue }
                if a | 0x20 == b | 0x20, (a | 0x20) >= UInt8(ascii: "a"), (a | 0x20) <= UInt8(ascii: "z") { continue }
                return false
            default: return false
            }
        }
    }
}

/// The split of a byte range into a header block and a body, as a mail reader scans it.
struct HeaderBlockScan {
    var headers: MailHeaders
    /// Where the body starts (an index into the scanned bytes), the end when there is no body.
    var bodyStart: Int
    /// The body's first line, counted from 1 at the first scanned line.
    var bodyLine: Int
    /// The first line is neither a header nor empty.
    var firstLineIsNotHeader: Bool

    /// Headers run to the first empty line (LF or CRLF). A line that is neither a header nor a
    /// continuation ends them too and starts the body, as git mailinfo reads it.
    init(_ bytes: ArraySlice<UInt8>) {
        var fields: [HeaderField] = []
        var value: [UInt8] = []
        var name: String?
        var lineStart = bytes.startIndex
        var line = 1
        let end = bytes.endIndex
        bodyStart = end
        bodyLine = 1
        firstLineIsNotHeader = false

        func finishField() {
            guard let current = name else { return }
            while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
            fields.append(HeaderField(name: current, value: value))
            name = nil
            value = []
        }

        var sawEnd = false
        while lineStart < end {
            let newline = bytes[lineStart...].firstIndex(of: 0x0A)
            let next = newline.map { $0 + 1 } ?? end
            var contentEnd = newline ?? end
            if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }

            if contentEnd == lineStart {
                bodyStart = next
                bodyLine = line + 1
                sawEnd = true
                break
            }
            let first = bytes[lineStart]
            if first == 0x20 || first == 0x09, name != nil {
                var start = lineStart
                while start < contentEnd, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                if start < contentEnd {
                    while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
                    value.append(0x20)
                    value += bytes[start..<contentEnd]
                }
            } else if let colon = HeaderBlockScan.headerColon(bytes, from: lineStart, to: contentEnd) {
                finishField()
                var nameEnd = colon
                while nameEnd > lineStart, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
                name = String(decoding: bytes[lineStart..<nameEnd], as: UTF8.self)
                var start = colon + 1
                while start < contentEnd, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                value = Array(bytes[start..<contentEnd])
            } else {
                if line == 1 { firstLineIsNotHeader = true }
                bodyStart = lineStart
                bodyLine = line
                sawEnd = true
                break
            }
            lineStart = next
            line += 1
        }
        finishField()
        if !sawEnd {
            bodyStart = end
            bodyLine = line
        }
        headers = MailHeaders(fields: fields)
    }

    /// The colon ending a field name (printable ASCII, blanks allowed before the colon), if this
    /// line is a header line.
    static func headerColon(_ bytes: ArraySlice<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, bytes[start] != 0x20, bytes[start] != 0x09 else { return nil }
        var index = start
        var sawBlank = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return index > start ? index : nil }
            if byte == 0x20 || byte == 0x09 {
                sawBlank = true
            } else if byte < 0x21 || byte > 0x7E || sawBlank {
                return nil
            }
            index += 1
        }
        return nil
    }
}
