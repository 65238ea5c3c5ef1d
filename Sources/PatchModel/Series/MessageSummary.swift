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
            let text = try mail.decodedText()
            replyTrailers = Trailers.received(inReply: String(decoding: text, as: UTF8.self))
        }
    }
}
