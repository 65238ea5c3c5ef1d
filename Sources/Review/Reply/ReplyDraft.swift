import PatchModel

/// Which trailer a reviewer gives when a patch has earned one.
public enum ReplyTag: String, Sendable, CaseIterable {
    case reviewedBy = "reviewed-by"
    case ackedBy = "acked-by"
    case testedBy = "tested-by"

    /// The trailer key as it is written: `Reviewed-by`.
    public var key: String {
        switch self {
        case .reviewedBy: "Reviewed-by"
        case .ackedBy: "Acked-by"
        case .testedBy: "Tested-by"
        }
    }
}

/// What the reviewer chose for a reply: who they are, when they write, and how they sign.
public struct ReplyOptions: Sendable {
    public var reviewer: Person
    /// The reply's `Date:`, in the reviewer's own offset.
    public var date: MailDate
    public var tag: ReplyTag
    /// Give the trailer under a condition when the patch has not earned it outright.
    public var conditional: Bool
    /// The closing line; the reviewer's first name when `nil`.
    public var signoff: String?

    public init(reviewer: Person, date: MailDate, tag: ReplyTag = .reviewedBy, conditional: Bool = false,
                signoff: String? = nil) {
        self.reviewer = reviewer
        self.date = date
        self.tag = tag
        self.conditional = conditional
        self.signoff = signoff
    }
}

/// One reply to one patch as a reviewer would write it, every header and body part ready to print:
/// the view model `templates/reply.mustache` renders. Quoting, trimming, wrapping, folding and
/// the attribution are all done here, so a template only places the pieces.
public struct ReplyDraft: Sendable {
    /// A stretch of the reply: quoted text (lines already starting with `>`), then the reviewer's
    /// comment on it. `cut` says quoted text was left out before this part (`[...]`).
    public struct Part: Sendable, Equatable {
        public var cut: Bool
        public var quoted: [String]
        public var comment: [String]
    }

    // Headers: values after `Name: `, folded and encoded.
    public var from: String
    public var to: String
    public var cc: String?
    public var subject: String
    public var date: String
    public var messageID: String
    public var inReplyTo: String?
    public var references: String?

    // Body.
    public var attribution: String
    public var parts: [Part]
    /// `With the double-invalidation above addressed:` when the trailer is conditional.
    public var condition: String?
    public var trailer: String?
    public var signoff: String

    /// The patch's verdict and its number, for naming files.
    public var verdict: Verdict
    public var patchIndex: Int
    public var title: String

    public init(review: PatchReview, options: ReplyOptions) {
        let patch = review.patch
        let reviewer = options.reviewer
        from = MailText.address(reviewer)
        to = MailText.address(patch.author)

        var seen: Set<String> = [reviewer.email.lowercased(), patch.author.email.lowercased()]
        var copied: [String] = []
        for person in patch.to + patch.cc where seen.insert(person.email.lowercased()).inserted {
            copied.append(MailText.address(person))
        }
        cc = copied.isEmpty ? nil : MailText.fold(name: "Cc", items: copied)

        subject = MailText.foldText(name: "Subject", MailText.unstructured("Re: " + ReplyDraft.originalSubject(patch.subject)))
        date = options.date.rfc2822
        messageID = ReplyDraft.messageID(for: patch, reviewer: reviewer, date: options.date)
        if let id = patch.messageID.map(ReplyDraft.angled) {
            inReplyTo = id
            var ids: [String] = []
            for reference in patch.references.map(ReplyDraft.angled) + [id] where !ids.contains(reference) {
                ids.append(reference)
            }
            references = MailText.fold(name: "References", items: ids, separator: " ")
        } else {
            inReplyTo = nil
            references = nil
        }

        let author = patch.author.name.isEmpty ? patch.author.email : patch.author.name
        if let written = patch.date {
            attribution = "On \(MailDateFields(written).mutt), \(author) wrote:"
        } else {
            attribution = "\(author) wrote:"
        }
        parts = ReplyDraft.parts(review)

        verdict = review.verdict
        let trailerLine = "\(options.tag.key): \(reviewer.formatted)"
        switch review.verdict {
        case .reviewedBy:
            condition = nil
            trailer = trailerLine
        case .needsWork, .notApplicable:
            if options.conditional, let concern = review.findings.first(where: { $0.severity >= .warning }) {
                condition = "With the \(concern.code) above addressed:"
                trailer = trailerLine
            } else if options.conditional, review.verdict == .needsWork {
                // No error or warning: the placement changes and no scenario shows what that fixes.
                condition = "With the commit message saying what the placement change fixes:"
                trailer = trailerLine
            } else {
                condition = nil
                trailer = nil
            }
        }
        signoff = options.signoff ?? ReplyDraft.firstName(reviewer)
        patchIndex = patch.subject.index ?? 1
        title = patch.subject.title
    }

    /// The subject as the patch mail had it, bracket groups included. A patch read from an in-body
    /// `Subject:` keeps the mail's numbering in `prefixes`; the groups are put back from those.
    static func originalSubject(_ subject: SubjectLine) -> String {
        let raw = SubjectLine(parsing: subject.raw)
        if raw.prefixes.isEmpty, !subject.prefixes.isEmpty {
            return "[" + subject.prefixes.joined(separator: " ") + "] " + subject.title
        }
        var text = subject.raw
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        return text
    }

    /// A message id in angle brackets, whether or not it came with them.
    static func angled(_ id: String) -> String {
        var bare = MailText.headerSafe(id).filter { $0 != " " }
        if bare.hasPrefix("<") { bare.removeFirst() }
        if bare.hasSuffix(">") { bare.removeLast() }
        return "<" + bare + ">"
    }

    /// The first word of the reviewer's name, or the local part of the address.
    static func firstName(_ person: Person) -> String {
        if let word = person.name.split(separator: " ").first { return String(word) }
        return String(person.email.split(separator: "@").first ?? "")
    }

    /// `<20231115102745.1f2e3d4c5b6a7980@shootdown>`: the reply's time in UTC and a hash of the
    /// patch's id, the reviewer and the time, so the same draft gets the same id.
    static func messageID(for patch: Patch, reviewer: Person, date: MailDate) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = (patch.messageID ?? patch.subject.raw) + "\n" + reviewer.email + "\n" + String(date.secondsSinceEpoch)
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var digits = String(hash, radix: 16)
        digits = String(repeating: "0", count: max(0, 16 - digits.count)) + digits
        let utc = MailDateFields(MailDate(secondsSinceEpoch: date.secondsSinceEpoch, utcOffsetMinutes: 0))
        return "<\(utc.compact).\(digits)@shootdown>"
    }

    // MARK: Quoting

    /// Lines of context quoted after the line a finding is about.
    static let contextAfter = 3

    /// Where a finding points inside the patch's diff.
    struct Anchor {
        var file: Int
        var hunk: Int
        var line: Int
        var findings: [Finding]
    }

    /// The quoted parts: the hunks the findings concern, each followed by its comments, when some
    /// finding points inside a hunk; the commit message and diffstat otherwise. Findings that point
    /// nowhere in the diff come last, on their own.
    static func parts(_ review: PatchReview) -> [Part] {
        let patch = review.patch
        var anchors: [Anchor] = []
        var loose: [Finding] = []
        for finding in review.findings {
            guard let place = locate(finding, in: patch.files) else {
                loose.append(finding)
                continue
            }
            if let same = anchors.firstIndex(where: { ($0.file, $0.hunk, $0.line) == (place.file, place.hunk, place.line) }) {
                anchors[same].findings.append(finding)
            } else {
                anchors.append(Anchor(file: place.file, hunk: place.hunk, line: place.line, findings: [finding]))
            }
        }
        anchors.sort { ($0.file, $0.hunk, $0.line) < ($1.file, $1.hunk, $1.line) }

        var parts: [Part] = []
        if anchors.isEmpty {
            var quoted = patch.message.isEmpty ? [] : patch.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if !patch.diffstat.isEmpty {
                if !quoted.isEmpty { quoted.append("") }
                quoted += patch.diffstat.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            parts.append(Part(cut: false, quoted: quoted.map(stripCR).map(MailText.quote),
                              comment: comment(loose)))
            return parts.filter { !$0.quoted.isEmpty || !$0.comment.isEmpty }
        }

        // Where the last part's quote ended: file, hunk and the last hunk line quoted.
        var last: (file: Int, hunk: Int, line: Int)?
        for anchor in anchors {
            let file = patch.files[anchor.file]
            let hunk = file.hunks[anchor.hunk]
            let end = min(anchor.line + contextAfter, hunk.lines.count - 1)
            if let previous = last, previous.file == anchor.file, previous.hunk == anchor.hunk {
                if anchor.line <= previous.line, let index = parts.indices.last {
                    parts[index].comment += [""] + comment(anchor.findings)
                    continue
                }
                let lines = hunk.lines[(previous.line + 1)...end].map(diffLine)
                parts.append(Part(cut: false, quoted: lines, comment: comment(anchor.findings)))
                last = (anchor.file, anchor.hunk, end)
                continue
            }
            var quoted: [String] = []
            var cut = false
            if let previous = last {
                let previousHunk = patch.files[previous.file].hunks[previous.hunk]
                let restOfHunk = previous.line < previousHunk.lines.count - 1
                let nextHunk = previous.file == anchor.file && previous.hunk + 1 == anchor.hunk
                cut = restOfHunk || !nextHunk
            }
            if last?.file != anchor.file { quoted.append(MailText.quote(gitHeader(file))) }
            quoted.append(MailText.quote(hunkHeader(hunk)))
            quoted += hunk.lines[0...end].map(diffLine)
            parts.append(Part(cut: cut, quoted: quoted, comment: comment(anchor.findings)))
            last = (anchor.file, anchor.hunk, end)
        }
        if !loose.isEmpty {
            parts.append(Part(cut: false, quoted: [], comment: comment(loose)))
        }
        return parts
    }

    /// The file, hunk and hunk line a finding is about: an added line at its new number first, a
    /// removed line at its old number next, a context line last.
    static func locate(_ finding: Finding, in files: [FileDiff]) -> (file: Int, hunk: Int, line: Int)? {
        guard let path = finding.file, let number = finding.line else { return nil }
        for (fileIndex, file) in files.enumerated() where file.newPath == path || file.oldPath == path || file.path == path {
            for (hunkIndex, hunk) in file.hunks.enumerated() {
                let lines = hunk.numberedLines
                func first(_ kind: DiffLine.Kind) -> Int? {
                    lines.first { $0.line.kind == kind && $0.number == number }?.offset
                }
                if let line = first(.added) ?? first(.removed) ?? first(.context) { return (fileIndex, hunkIndex, line) }
            }
        }
        return nil
    }

    static func comment(_ findings: [Finding]) -> [String] {
        var lines: [String] = []
        for finding in findings {
            if !lines.isEmpty { lines.append("") }
            lines += MailText.wrap(finding.message)
        }
        return lines
    }

    static func diffLine(_ line: DiffLine) -> String {
        let marker: String
        switch line.kind {
        case .context: marker = " "
        case .added: marker = "+"
        case .removed: marker = "-"
        }
        return MailText.quote(marker + stripCR(line.string))
    }

    static func gitHeader(_ file: FileDiff) -> String {
        let old = file.oldPath ?? file.path
        let new = file.newPath ?? file.path
        return "diff --git a/\(old) b/\(new)"
    }

    static func hunkHeader(_ hunk: Hunk) -> String {
        hunk.rangeHeader + (hunk.section.isEmpty ? "" : " " + hunk.section)
    }

    static func stripCR(_ line: String) -> String {
        line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}
