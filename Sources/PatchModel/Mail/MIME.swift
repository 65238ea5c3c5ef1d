/// A `Content-Type` or `Content-Disposition` value: the lowercased type (`text/plain`, `attachment`)
/// and its parameters (names lowercased, quotes and RFC 2231 encoding undone).
public struct MIMEValue: Sendable, Hashable {
    public var value: String
    public var parameters: [String: String]

    public init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    /// Parses `text/plain; charset="utf-8"; format=flowed`.
    public init(parsing header: String) {
        let bytes = Array(header.utf8)
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var inQuotes = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes, byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: ";"), !inQuotes {
                pieces.append(bytes[start..<index])
                start = index + 1
            }
            index += 1
        }
        pieces.append(bytes[min(start, bytes.count)...])

        value = String(decoding: pieces[0], as: UTF8.self).trimmingMailBlanks.lowercased()
        var parameters: [String: String] = [:]
        var extended: [String: [UInt8]] = [:]
        var extendedCharset: [String: Charset] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: piece[..<equals], as: UTF8.self).trimmingMailBlanks.lowercased()
            let rawValue = MIMEValue.unquoted(piece[(equals + 1)...])
            guard !key.isEmpty else { continue }
            if let star = key.firstIndex(of: "*") {
                // RFC 2231: name*=charset'lang'percent-encoded, name*0=..., name*1*=...
                let name = String(key[..<star])
                if key.hasSuffix("*") {
                    var encoded = rawValue[...]
                    if extended[name] == nil {
                        let quotes = encoded.indices.filter { encoded[$0] == UInt8(ascii: "'") }
                        if quotes.count >= 2 {
                            extendedCharset[name] = Charset(
                                label: String(decoding: encoded[..<quotes[0]], as: UTF8.self))
                            encoded = encoded[(quotes[1] + 1)...]
                        }
                    }
                    extended[name, default: []] += MIMEValue.percentDecoded(encoded)
                } else {
                    extended[name, default: []] += rawValue
                }
            } else if parameters[key] == nil {
                parameters[key] = String(decoding: Charset.unspecified.utf8(rawValue), as: UTF8.self)
            }
        }
        for (name, bytes) in extended where parameters[name] == nil {
            parameters[name] = (extendedCharset[name] ?? .unspecified).string(bytes)
        }
        self.parameters = parameters
    }

    private static func unquoted(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var start = raw.startIndex
        var end = raw.endIndex
        while start < end, MailHeaders.isBlank(raw[start]) { start += 1 }
        while end > start, MailHeaders.isBlank(raw[end - 1]) { end -= 1 }
        guard start < end, raw[start] == UInt8(ascii: "\"") else { return Array(raw[start..<end]) }
        var out: [UInt8] = []
        var index = start + 1
        while index < end {
            let byte = raw[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\"), index + 1 < end {
                out.append(raw[index + 1])
                index += 2
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    private static func percentDecoded(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var index = raw.startIndex
        while index < raw.endIndex {
            if raw[index] == UInt8(ascii: "%"), index + 2 < raw.endIndex,
                let high = TransferEncoding.hexValue(raw[index + 1]),
                let low = TransferEncoding.hexValue(raw[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(raw[index])
                index += 1
            }
        }
        return out
    }
}

/// One MIME entity inside a message: its headers and its still-encoded body, as a slice of the
/// message body, with the message line its body starts on.
struct MIMEPart {
    var headers: MailHeaders
    var body: ArraySlice<UInt8>
    var bodyLine: Int

    var contentType: MIMEValue {
        guard let header = headers.first("Content-Type") else { return MIMEValue(value: "text/plain") }
        var type = MIMEValue(parsing: header)
        let parts = type.value.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty { type.value = "text/plain" }
        return type
    }

    var disposition: MIMEValue? {
        headers.first("Content-Disposition").map(MIMEValue.init(parsing:))
    }

    var filename: String? {
        disposition?.parameters["filename"] ?? contentType.parameters["name"]
    }
}

extension ParsedMail {
    /// The lowercased `type/subtype` of the message, `text/plain` when absent or invalid.
    public var contentType: String { topPart.contentType.value }

    /// The text a reader sees, as UTF-8 with LF line ends: transfer encoding and charset undone,
    /// and for multipart mail the text/plain parts and patch attachments in order (each ending in a
    /// line end). A single-part message is decoded whatever its type. Base64 with a character outside
    /// the alphabet is `.malformed`, located at its line.
    public func decodedText() throws(IngestError) -> [UInt8] {
        let part = topPart
        if part.contentType.value.hasPrefix("multipart/") {
            var texts: [[UInt8]] = []
            try collect(part, depth: 0, into: &texts)
            var out: [UInt8] = []
            out.reserveCapacity(texts.reduce(0) { $0 + $1.count + 1 })
            for text in texts where !text.isEmpty {
                out += text
                if out.last != 0x0A { out.append(0x0A) }
            }
            return out
        }
        return try decode(part)
    }

    private var topPart: MIMEPart {
        MIMEPart(headers: headers, body: body[...], bodyLine: bodyFirstLine)
    }

    private static let maximumDepth = 32

    private func collect(_ part: MIMEPart, depth: Int, into texts: inout [[UInt8]]) throws(IngestError) {
        let type = part.contentType
        guard type.value.hasPrefix("multipart/") else {
            if ParsedMail.isReadable(part, type: type.value) { texts.append(try decode(part)) }
            return
        }
        guard depth < ParsedMail.maximumDepth, let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            if depth == 0 { texts.append(try decode(part)) }
            return
        }
        let children = ParsedMail.split(part, boundary: Array(boundary.utf8))
        if type.value == "multipart/alternative" {
            if let plain = children.first(where: { $0.contentType.value == "text/plain" }) {
                texts.append(try decode(plain))
                return
            }
            for child in children where child.contentType.value.hasPrefix("multipart/") {
                var inner: [[UInt8]] = []
                try collect(child, depth: depth + 1, into: &inner)
                if inner.contains(where: { !$0.isEmpty }) {
                    texts += inner
                    return
                }
            }
            return
        }
        for child in children {
            try collect(child, depth: depth + 1, into: &texts)
        }
    }

    /// A leaf part worth reading: plain text, or a patch however it was attached.
    private static func isReadable(_ part: MIMEPart, type: String) -> Bool {
        switch type {
        case "text/plain", "text/x-patch", "text/x-diff", "text/patch", "text/diff", "text/x-patch-series":
            return true
        case "application/octet-stream", "application/x-patch", "application/x-diff", "application/patch":
            guard let name = part.filename?.lowercased() else { return false }
            return name.hasSuffix(".patch") || name.hasSuffix(".diff")
        default:
            return false
        }
    }

    /// The parts between `--boundary` lines; the preamble and epilogue are dropped, and a missing
    /// closing boundary ends the last part at the end of the body.
    private static func split(_ part: MIMEPart, boundary: [UInt8]) -> [MIMEPart] {
        let body = part.body
        var parts: [MIMEPart] = []
        var partStart: Int?
        var partLine = 0
        var lineStart = body.startIndex
        var line = part.bodyLine
        func close(at lineStart: Int) {
            guard let start = partStart else { return }
            var end = lineStart
            if end > start, body[end - 1] == 0x0A { end -= 1 }
            if end > start, body[end - 1] == 0x0D { end -= 1 }
            let scan = HeaderBlockScan(body[start..<end])
            let headers = scan.firstLineIsNotHeader ? MailHeaders() : scan.headers
            let bodyStart = scan.firstLineIsNotHeader ? start : scan.bodyStart
            let bodyLine = scan.firstLineIsNotHeader ? partLine : partLine + scan.bodyLine - 1
            parts.append(MIMEPart(headers: headers, body: body[bodyStart..<end], bodyLine: bodyLine))
        }
        while lineStart < body.endIndex {
            let newline = body[lineStart...].firstIndex(of: 0x0A)
            let next = newline.map { $0 + 1 } ?? body.endIndex
            switch delimiter(body, at: lineStart, lineEnd: newline ?? body.endIndex, boundary: boundary) {
            case .none:
                break
            case .separator:
                close(at: lineStart)
                partStart = next
                partLine = line + 1
            case .closing:
                close(at: lineStart)
                return parts
            }
            lineStart = next
            line += 1
        }
        close(at: body.endIndex)
        return parts
    }

    private enum Delimiter { case none, separator, closing }

    private static func delimiter(_ body: ArraySlice<UInt8>, at start: Int, lineEnd: Int, boundary: [UInt8]) -> Delimiter {
        let length = boundary.count + 2
        guard lineEnd - start >= length, body[start] == UInt8(ascii: "-"), body[start + 1] == UInt8(ascii: "-"),
            body[(start + 2)..<(start + length)].elementsEqual(boundary)
        else { return .none }
        var rest = start + length
        var closing = false
        if rest + 1 < lineEnd, body[rest] == UInt8(ascii: "-"), body[rest + 1] == UInt8(ascii: "-") {
            closing = true
            rest += 2
        }
        while rest < lineEnd {
            guard MailHeaders.isBlank(body[rest]) else { return .none }
            rest += 1
        }
        return closing ? .closing : .separator
    }

    /// One leaf part as UTF-8 text with LF line ends.
    private func decode(_ part: MIMEPart) throws(IngestError) -> [UInt8] {
        let encoding = TransferEncoding(label: part.headers.first("Content-Transfer-Encoding") ?? "")
        var bytes: [UInt8]
        switch encoding {
        case .identity:
            bytes = Array(part.body)
        case .quotedPrintable:
            bytes = TransferEncoding.decodeQuotedPrintable(part.body)
        case .base64:
            let decoded = TransferEncoding.decodeBase64(part.body)
            if let offset = decoded.invalidAt {
                let position = part.body.startIndex + offset
                let line = part.bodyLine + part.body[..<position].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                let byte = part.body[position]
                throw .malformed(
                    location(line: line),
                    "invalid base64 character \(ParsedMail.describe(byte)) in the message body")
            }
            bytes = decoded.bytes
        }
        let charset = Charset(label: part.contentType.parameters["charset"] ?? "")
        return ParsedMail.withLF(charset.utf8(bytes))
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    static func withLF(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x0D) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }
}
