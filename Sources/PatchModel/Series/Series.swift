/// One patch of a series, fully read: who wrote it and when, its message and trailers, the notes
/// below `---`, and its diff split into files and hunks. A commit of a git range is a patch too.
public struct Patch: Sendable {
    public var subject: SubjectLine
    public var author: Person
    public var date: MailDate?
    public var messageID: String?
    public var inReplyTo: String?
    public var references: [String]
    public var to: [Person]
    public var cc: [Person]
    /// The commit id when the patch comes from a git range.
    public var commit: String?
    /// The commit message without its title line and trailers.
    public var message: String
    public var trailers: [Trailer]
    public var receivedTrailers: [ReceivedTrailer]
    /// Free text between `---` and the diff (changelogs), and the diffstat.
    public var notes: String
    public var diffstat: String
    public var files: [FileDiff]
    /// Where the patch came from (file and message number), for errors and findings.
    public var location: InputLocation

    public init(subject: SubjectLine, author: Person, date: MailDate?, messageID: String?, inReplyTo: String? = nil,
                references: [String] = [], to: [Person] = [], cc: [Person] = [], commit: String? = nil,
                message: String, trailers: [Trailer], receivedTrailers: [ReceivedTrailer] = [],
                notes: String = "", diffstat: String = "", files: [FileDiff], location: InputLocation) {
        self.subject = subject
        self.author = author
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.to = to
        self.cc = cc
        self.commit = commit
        self.message = message
        self.trailers = trailers
        self.receivedTrailers = receivedTrailers
        self.notes = notes
        self.diffstat = diffstat
        self.files = files
        self.location = location
    }

    /// Reads a patch mail: in-body `From:`/`Subject:`/`Date:` win over the mail's headers.
    public init(mail: ParsedMail, message: MailMessage, received: [ReceivedTrailer] = []) throws(IngestError) {
        let headers = mail.headers
        let text = try mail.decodedText()
        let body = PatchMailBody(text: text)
        let subjectText = body.inBodySubject ?? headers.first("Subject") ?? ""
        var subject = SubjectLine(parsing: subjectText)
        if body.inBodySubject != nil, let outer = headers.first("Subject") {
            // The in-body subject gives the title; the mail's subject keeps the series numbering.
            let numbering = SubjectLine(parsing: outer)
            subject.version = numbering.version
            subject.index = numbering.index
            subject.total = numbering.total
            subject.prefixes = numbering.prefixes
            subject.isPatch = numbering.isPatch
        }
        let authorText = body.inBodyFrom ?? headers.first("From") ?? ""
        guard let author = Person.parse(authorText) else {
            throw IngestError.malformed(message.location(line: 1), "no author: the message has no usable From: line")
        }
        let location = message.location()
        var files: [FileDiff] = []
        if !body.diff.isEmpty {
            let bodyLine = mail.bodyFirstLine + (body.diffFirstLine ?? 1) - 1
            files = try DiffParser.parse(body.diff, firstLine: bodyLine + message.firstLine - 1,
                                         location: InputLocation(file: message.source, message: message.index))
        }
        self.init(
            subject: subject, author: author,
            date: (body.inBodyDate ?? headers.first("Date")).flatMap { MailDate(rfc2822: $0) },
            messageID: headers.first("Message-ID").flatMap { MessageIDs.parse($0).first },
            inReplyTo: headers.first("In-Reply-To").flatMap { MessageIDs.parse($0).first },
            references: headers.all("References").flatMap(MessageIDs.parse),
            to: headers.all("To").flatMap(Person.parseList),
            cc: headers.all("Cc").flatMap(Person.parseList),
            message: body.message, trailers: body.trailers, receivedTrailers: received,
            notes: body.notes, diffstat: body.diffstat, files: files, location: location)
    }

    /// Lines added and removed over all files.
    public var addedCount: Int { files.reduce(0) { $0 + $1.addedCount } }
    public var removedCount: Int { files.reduce(0) { $0 + $1.removedCount } }
}

/// The cover letter of a series version (`[PATCH vN 0/M]`).
public struct CoverLetter: Sendable {
    public var subject: SubjectLine
    public var author: Person?
    public var date: MailDate?
    public var messageID: String
    /// The letter's text (changelog, diffstat, `base-commit:` line).
    public var text: String

    public init(subject: SubjectLine, author: Person?, date: MailDate?, messageID: String, text: String) {
        self.subject = subject
        self.author = author
        self.date = date
        self.messageID = messageID
        self.text = text
    }

    /// The `base-commit:` line's revision, as `git format-patch --base` writes it.
    public var baseCommit: String? { Series.baseCommit(in: text) }
}

/// A version of a series ready for review: cover letter, patches in order, and what is missing.
public struct Series: Sendable {
    public var title: String
    public var version: Int
    public var total: Int
    public var cover: CoverLetter?
    public var patches: [Patch]
    public var missing: [Int]
    /// Other versions of the same series in the mailbox, by number.
    public var otherVersions: [Int]

    public init(title: String, version: Int, total: Int, cover: CoverLetter?, patches: [Patch], missing: [Int],
                otherVersions: [Int] = []) {
        self.title = title
        self.version = version
        self.total = total
        self.cover = cover
        self.patches = patches
        self.missing = missing
        self.otherVersions = otherVersions
    }

    /// The base revision the series names: the cover letter's `base-commit:`, else the last patch's.
    public var baseCommit: String? {
        if let base = cover?.baseCommit { return base }
        return nil
    }

    /// The revision after `base-commit: ` at the start of a line.
    public static func baseCommit(in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix("base-commit: ") {
            let value = line.dropFirst("base-commit: ".count).trimmingWhitespace()
            if !value.isEmpty { return String(value) }
        }
        return nil
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return slice
    }
}
