/// A message split into its header block and its raw body (still transfer-encoded).
public struct ParsedMail: Sendable {
    public var headers: MailHeaders
    /// The bytes after the blank line that ends the headers, as stored (CRLF kept).
    public var body: [UInt8]
    /// The message line (1-based) on which the body starts.
    public var bodyFirstLine: Int
    /// The message's place in its mailbox, for errors found while decoding the body.
    var origin: MailMessage

    public init(parsing message: MailMessage) throws(IngestError) {
        let scan = HeaderBlockScan(message.bytes[...])
        if scan.firstLineIsNotHeader {
            let firstLine = message.bytes.prefix { $0 != 0x0A }.prefix(60)
            let shown = String(decoding: firstLine, as: UTF8.self).trimmingMailBlanks
            throw .malformed(message.location(line: 1), "the message does not start with a header: \"\(shown)\"")
        }
        headers = scan.headers
        body = Array(message.bytes[scan.bodyStart...])
        bodyFirstLine = scan.bodyLine
        origin = MailMessage(bytes: [], index: message.index, firstLine: message.firstLine, source: message.source)
    }

    public init(headers: MailHeaders, body: [UInt8], bodyFirstLine: Int = 1, origin: MailMessage = MailMessage(bytes: [])) {
        self.headers = headers
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.origin = MailMessage(bytes: [], index: origin.index, firstLine: origin.firstLine, source: origin.source)
    }

    /// Where a line of the message (1-based) is in its file.
    public func location(line: Int? = nil) -> InputLocation {
        origin.location(line: line)
    }
}

extension String {
    var trimmingMailBlanks: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
