/// What series assembly needs of one message: identity, threading, subject, sender and the
/// trailers a reply gives. Cheap to make: a patch's body is not decoded.
public struct MessageSummary: Sendable {
    public var index: Int
    /// The Message-ID with its angle brackets; a stand-in `<message-N@shootdown.invalid>` when absent.
    public var messageID: String
    public var hasMessageID: Bool
    public var inReplyTo: String?
    public var references: [String]
    public var subject: SubjectLine
    public var from: Person?
    public var date: MailDate?
    /// Trailers given in a reply's own (unquoted) text; empty for patches and cover letters.
    public var replyTrailers: [Trailer]
    /// The file it came from.
    public var source: String?

    /// A patch or a cover letter of a series, as opposed to a reply or other mail.
    public var isSeriesMessage: Bool { subject.isPatch && !subject.isReply }
    public var isCoverLetter: Bool { isSeriesMessage && subject.index == 0 }

    public init(index: Int, messageID: String, inReplyTo: String? = nil, references: [String] = [],
                subject: SubjectLine, from: Person? = nil, date: MailDate? = nil,
                replyTrailers: [Trailer] = [], source: String? = nil) {
        self.index = index
        self.messageID = messageID
        self.hasMessageID = true
        self.inReplyTo = inReplyTo
        self.references = references
        self.subject = subject
        self.from = from
        self.date = date
        self.replyTrailers = replyTrailers
        self.source = source
    }

    /// Summarises a parsed message; decodes the body only of replies, to collect their trailers.
    public init(_ mail: ParsedMail, index: Int, source: String?) throws(IngestError) {
        self.index = index
        self.source = source
        let headers = mail.headers
        let ids = headers.first("Message-ID").map(MessageIDs.parse) ?? []
        if let id = ids.first {
            messageID = id
            hasMessageID = true
        } else {
            messageID = "<message-\(index)@shootdown.invalid>"
            hasMessageID = false
        }
        inReplyTo = headers.first("In-Reply-To").flatMap { MessageIDs.parse($0).first }
        references = headers.all("References").flatMap(MessageIDs.parse)
        subject = SubjectLine(parsing: headers.first("Subject") ?? "")
        from = headers.first("From").flatMap(Person.parse)
        date = headers.first("Date").flatMap { MailDate(rfc2822: $0) }
        if subject.isPatch && !subject.isReply {
            replyTrailers = []
        } else {
            // A plain single-part body can be searched as it is: most replies hold no trailer key,
            // and decoding them (line ends, charset) is then work for nothing.
            let encoding = (headers.first("Content-Transfer-Encoding") ?? "").lowercased()
            let plain = !mail.contentType.hasPrefix("multipart/") && encoding != "base64" && encoding != "quoted-printable"
            if plain && !MessageSummary.mayHoldTrailer(mail.body) {
                replyTrailers = []
            } else {
                let text = try mail.decodedText()
                replyTrailers = MessageSummary.mayHoldTrailer(text)
                    ? Trailers.received(inReply: String(decoding: text, as: UTF8.self)) : []
            }
        }
    }
}

extension MessageSummary {
    static let replyKeys: Set<String> = Set(Trailers.replyKeys.map { $0.lowercased() })

    /// Whether some unquoted line of a reply starts with a trailer key a reviewer gives
    /// (`Reviewed-by:` ...): most replies hold none, and this scan over bytes spares them the full parse.
    static func mayHoldTrailer(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { bytes in
            var start = 0
            let count = bytes.count
            while start < count {
                var end = start
                while end < count && bytes[end] != 0x0A { end += 1 }
                var cursor = start
                while cursor < end && (bytes[cursor] == 0x20 || bytes[cursor] == 0x09) { cursor += 1 }
                let tokenStart = cursor
                while cursor < end, cursor - tokenStart < 24 {
                    let byte = bytes[cursor] | 0x20
                    guard (byte >= 0x61 && byte <= 0x7A) || bytes[cursor] == 0x2D || (bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39) else { break }
                    cursor += 1
                }
                if cursor > tokenStart + 1 {
                    var colon = cursor
                    while colon < end && (bytes[colon] == 0x20 || bytes[colon] == 0x09) { colon += 1 }
                    if colon < end, bytes[colon] == UInt8(ascii: ":") {
                        let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[tokenStart..<cursor]), as: UTF8.self).lowercased()
                        if replyKeys.contains(token) { return true }
                    }
                }
                start = end + 1
            }
            return false
        }
    }
}

/// Strings a mailbox's index holds many times, kept once: a Message-ID comes back in the In-Reply-To
/// and References of every reply below it, a sender's address in each of their messages.
struct SummaryInterner {
    private var strings = Set<String>()

    mutating func intern(_ string: String) -> String {
        if let known = strings.firstIndex(of: string) { return strings[known] }
        strings.insert(string)
        return string
    }
}

extension MessageSummary {
    /// The summary as a mailbox index keeps it, for every message of a large mailbox at once: IDs and
    /// addresses shared through `interner`, References that repeat In-Reply-To or each other dropped
    /// (threading looks at In-Reply-To first, then at References from the nearest), and of a message
    /// that is neither a patch nor a cover letter only what threading and collecting its trailers use
    /// (no subject text, sender or date).
    mutating func compact(_ interner: inout SummaryInterner) {
        messageID = interner.intern(messageID)
        inReplyTo = inReplyTo.map { interner.intern($0) }
        var seen = Set<String>()
        if let inReplyTo { seen.insert(inReplyTo) }
        var kept: [String] = []
        for id in references.reversed() where seen.insert(id).inserted { kept.append(interner.intern(id)) }
        references = kept.reversed()
        if isSeriesMessage {
            from = from.map { Person(name: $0.name, email: interner.intern($0.email)) }
        } else {
            subject.raw = ""
            subject.title = ""
            subject.prefixes = []
            from = nil
            date = nil
        }
    }
}
