/// The decoded body of a patch mail taken apart as `git mailinfo` reads it: in-body headers, the commit
/// message and its trailers, the notes and diffstat after `---`, the diff, and the signature.
public struct PatchMailBody: Sendable {
    /// `From:` given at the top of the body (the author when someone else sends the patch).
    public var inBodyFrom: String?
    /// `Subject:` given at the top of the body.
    public var inBodySubject: String?
    /// `Date:` given at the top of the body.
    public var inBodyDate: String?
    /// The commit message without in-body headers and trailer block, blank lines trimmed at both ends.
    public var message: String
    /// The trailer block at the end of the commit message.
    public var trailers: [Trailer]
    /// Free text after `---` that is not the diffstat (a `v2: ...` changelog, remarks for reviewers).
    public var notes: String
    /// The diffstat lines (` path | 12 ++--`, the summary, `create mode` lines), as written.
    public var diffstat: String
    /// The diff, from its first line up to the signature, as bytes.
    public var diff: [UInt8]
    /// The line of `text` where the diff starts (1-based); `nil` when there is no diff.
    public var diffFirstLine: Int?
    /// The lines after the `-- ` signature line (git format-patch puts its version there).
    public var signature: String?
    /// The `base-commit:` git format-patch records, when present.
    public var baseCommit: String?

    /// The body holds no diff: a cover letter or a plain message.
    public var isCoverLetter: Bool { diffFirstLine == nil }

    /// Takes apart a body given as UTF-8 bytes with LF line ends.
    public init(text: [UInt8]) {
        let lines = LineTable(text)
        let count = lines.count

        var bodyEnd = count
        var signatureLine = lines.signatureCandidate()
        if let candidate = signatureLine { bodyEnd = candidate }

        var index = 0
        var headerStage = true
        var from: String?
        var subject: String?
        var date: String?
        var messageStart = 0
        var separatorLine: Int?
        var diffStart: Int?
        while index < bodyEnd {
            if headerStage {
                if lines.isBlank(index) {
                    index += 1
                    continue
                }
                if let header = lines.inBodyHeader(at: index, limit: bodyEnd) {
                    switch header.name {
                    case .from: from = header.value
                    case .subject: subject = header.value
                    case .date: date = header.value
                    }
                    index = header.next
                    continue
                }
                headerStage = false
                messageStart = index
            }
            if lines.isDiffStart(index, limit: bodyEnd) {
                diffStart = index
                break
            }
            if lines.isSeparator(index) {
                separatorLine = index
                break
            }
            if lines.isScissors(index) {
                from = nil
                subject = nil
                date = nil
                headerStage = true
                index += 1
                continue
            }
            index += 1
        }
        if headerStage { messageStart = index }
        var messageEnd = index
        if separatorLine == nil, diffStart == nil {
            while messageEnd > messageStart, lines.isBlank(messageEnd - 1) || lines.isBaseInfo(messageEnd - 1) {
                messageEnd -= 1
            }
        }

        var notesRange = 0..<0
        if let separatorLine {
            var cursor = separatorLine + 1
            while cursor < bodyEnd, !lines.isDiffStart(cursor, limit: bodyEnd) { cursor += 1 }
            notesRange = (separatorLine + 1)..<cursor
            if cursor < bodyEnd { diffStart = cursor }
        }

        if let diffStart, let candidate = signatureLine, lines.isInsideHunk(candidate, diffStart: diffStart) {
            signatureLine = nil
            bodyEnd = count
        }

        inBodyFrom = from
        inBodySubject = subject
        inBodyDate = date

        var messagePieces: [Range<Int>] = [messageStart..<messageEnd]
        var statLines: [String] = []
        var noteLines: [String] = []
        if separatorLine != nil {
            (noteLines, statLines) = Self.notesAndDiffstat(notesRange.map { lines.string($0) })
        } else if diffStart == nil, let block = lines.trailingDiffstat(in: messageStart..<messageEnd) {
            messagePieces = [messageStart..<block.lowerBound, block.upperBound..<messageEnd]
            statLines = block.map { lines.string($0) }
        }
        let messageText = messagePieces.filter { !$0.isEmpty }.map { lines.text(of: $0) }.joined(separator: "\n")
        (message, trailers) = Trailers.split(message: messageText)
        notes = Self.trimmedBlankLines(noteLines).joined(separator: "\n")
        diffstat = statLines.joined(separator: "\n")

        if let diffStart {
            let end = signatureLine.map { lines.start[$0] } ?? text.count
            diff = Array(text[lines.start[diffStart]..<max(end, lines.start[diffStart])])
            diffFirstLine = diffStart + 1
        } else {
            diff = []
            diffFirstLine = nil
        }

        if let signatureLine {
            var last = count
            while last > signatureLine + 1, lines.isBlank(last - 1) { last -= 1 }
            signature = ((signatureLine + 1)..<last).map { lines.string($0) }.joined(separator: "\n")
        } else {
            signature = nil
        }

        baseCommit = nil
        for line in messageStart..<bodyEnd where lines.hasPrefix(line, "base-commit: ") {
            let value = lines.string(line).dropFirst("base-commit: ".count)
            baseCommit = String(value.filter { !$0.isWhitespace })
        }
    }

    /// Splits what lies between `---` and the diff into free notes and diffstat lines. A `---` that only
    /// separates notes from the diffstat below it belongs to neither.
    static func notesAndDiffstat(_ region: [String]) -> (notes: [String], diffstat: [String]) {
        var notes: [String] = []
        var diffstat: [String] = []
        var sawSummary = false
        var nextNonBlankIsStat = Array(repeating: false, count: region.count + 1)
        var following = false
        for offset in region.indices.reversed() {
            nextNonBlankIsStat[offset] = following
            let line = region[offset]
            if !isBlank(line) { following = isFileStat(line) || isSummary(line) }
        }
        for (offset, line) in region.enumerated() {
            if isFileStat(line) {
                diffstat.append(line)
            } else if isSummary(line) {
                diffstat.append(line)
                sawSummary = true
            } else if sawSummary, isModeLine(line) {
                diffstat.append(line)
            } else if isSeparatorText(line), nextNonBlankIsStat[offset] {
                continue
            } else {
                notes.append(line)
            }
        }
        return (notes, diffstat)
    }

    /// ` path/to/file.c | 12 ++++--` or ` image.png | Bin 0 -> 1234 bytes`.
    static func isFileStat(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        guard bytes.first == 0x20, bytes.count >= 4 else { return false }
        var bar = bytes.count - 2
        while bar > 0, !(bytes[bar] == UInt8(ascii: "|") && bytes[bar - 1] == 0x20 && bytes[bar + 1] == 0x20) {
            bar -= 1
        }
        guard bar > 0, bytes[0..<bar].contains(where: { $0 != 0x20 }) else { return false }
        let counts = String(decoding: bytes[(bar + 1)...], as: UTF8.self).drop(while: { $0 == " " })
        if counts.hasPrefix("Bin") { return true }
        let digits = counts.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return false }
        return counts.dropFirst(digits.count).allSatisfy { $0 == " " || $0 == "+" || $0 == "-" }
    }

    /// ` 3 files changed, 10 insertions(+), 2 deletions(-)`.
    static func isSummary(_ line: String) -> Bool {
        let trimmed = line.drop(while: { $0 == " " })
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return false }
        let rest = trimmed.dropFirst(digits.count)
        return rest.hasPrefix(" file changed") || rest.hasPrefix(" files changed")
    }

    /// ` create mode 100644 path`, ` rename a => b (90%)` and the like, which follow the summary.
    static func isModeLine(_ line: String) -> Bool {
        guard line.first == " " else { return false }
        let trimmed = line.drop(while: { $0 == " " })
        return ["create mode ", "delete mode ", "mode change ", "rename ", "copy ", "rewrite "]
            .contains { trimmed.hasPrefix($0) }
    }

    private static func isSeparatorText(_ line: String) -> Bool {
        line.hasPrefix("---") && line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
    }

    private static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    private static func trimmedBlankLines(_ lines: [String]) -> ArraySlice<String> {
        var start = lines.startIndex
        var end = lines.endIndex
        while start < end, isBlank(lines[start]) { start += 1 }
        while end > start, isBlank(lines[end - 1]) { end -= 1 }
        return lines[start..<end]
    }
}

/// The lines of a body as byte ranges: where each starts and where its content ends (without `\n`
/// and a `\r` before it).
private struct LineTable {
    let bytes: [UInt8]
    var start: [Int] = []
    var end: [Int] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var lineStart = 0
        var cursor = 0
        while cursor < bytes.count {
            if bytes[cursor] == 0x0A {
                append(lineStart, cursor)
                lineStart = cursor + 1
            }
            cursor += 1
        }
        if lineStart < bytes.count { append(lineStart, bytes.count) }
    }

    private mutating func append(_ lineStart: Int, _ lineEnd: Int) {
        start.append(lineStart)
        end.append(lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd)
    }

    var count: Int { start.count }

    func length(_ line: Int) -> Int { end[line] - start[line] }

    func byte(_ line: Int, _ offset: Int) -> UInt8? {
        offset < length(line) ? bytes[start[line] + offset] : nil
    }

    func string(_ line: Int) -> String {
        String(decoding: bytes[start[line]..<end[line]], as: UTF8.self)
    }

    /// The text of consecutive lines, joined by `\n`.
    func text(of range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        return String(decoding: bytes[start[first]..<end[last]], as: UTF8.self)
    }

    func hasPrefix(_ line: Int, _ prefix: StaticString) -> Bool {
        let size = prefix.utf8CodeUnitCount
        guard length(line) >= size else { return false }
        return prefix.withUTF8Buffer { wanted in
            var offset = 0
            while offset < size {
                if bytes[start[line] + offset] != wanted[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    func equals(_ line: Int, _ literal: StaticString) -> Bool {
        length(line) == literal.utf8CodeUnitCount && hasPrefix(line, literal)
    }

    func isBlank(_ line: Int) -> Bool {
        var cursor = start[line]
        while cursor < end[line] {
            if bytes[cursor] != 0x20, bytes[cursor] != 0x09 { return false }
            cursor += 1
        }
        return true
    }

    /// `base-commit:` or `prerequisite-patch-id:`, which git format-patch writes after a cover letter's
    /// diffstat.
    func isBaseInfo(_ line: Int) -> Bool {
        hasPrefix(line, "base-commit: ") || hasPrefix(line, "prerequisite-patch-id: ")
    }

    /// `---` alone (trailing whitespace allowed): the end of the commit message.
    func isSeparator(_ line: Int) -> Bool {
        guard hasPrefix(line, "---") else { return false }
        var cursor = start[line] + 3
        while cursor < end[line] {
            if bytes[cursor] != 0x20, bytes[cursor] != 0x09 { return false }
            cursor += 1
        }
        return true
    }

    /// `diff --git `, `diff -`, `Index: `, or a `--- ` line with a `+++ ` line after it.
    func isDiffStart(_ line: Int, limit: Int) -> Bool {
        if hasPrefix(line, "diff -") || hasPrefix(line, "Index: ") { return true }
        return hasPrefix(line, "--- ") && line + 1 < limit && hasPrefix(line + 1, "+++ ")
    }

    /// A line a diff could hold: a hunk line or a file header.
    func looksLikeDiff(_ line: Int) -> Bool {
        guard let first = byte(line, 0) else { return false }
        switch first {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "@"), UInt8(ascii: "\\"):
            return true
        default:
            return hasPrefix(line, "diff ") || hasPrefix(line, "index ")
        }
    }

    /// The last `-- ` line followed (up to trailing blank lines) by at most five lines that do not look
    /// like a diff.
    func signatureCandidate() -> Int? {
        var last = count
        while last > 0, isBlank(last - 1) { last -= 1 }
        var line = last - 1
        while line >= 0, last - 1 - line <= 5 {
            if equals(line, "-- ") { return line }
            if looksLikeDiff(line) { return nil }
            line -= 1
        }
        return nil
    }

    /// Counting hunk lines from the diff start by their `@@` headers, `line` falls inside a hunk.
    func isInsideHunk(_ line: Int, diffStart: Int) -> Bool {
        var oldLeft = 0
        var newLeft = 0
        var cursor = diffStart
        while cursor < line {
            if oldLeft > 0 || newLeft > 0 {
                switch byte(cursor, 0) {
                case nil, UInt8(ascii: " "):
                    oldLeft -= 1
                    newLeft -= 1
                case UInt8(ascii: "-"):
                    oldLeft -= 1
                case UInt8(ascii: "+"):
                    newLeft -= 1
                case UInt8(ascii: "\\"):
                    break
                default:
                    oldLeft = 0
                    newLeft = 0
                }
            } else if let counts = hunkCounts(cursor) {
                (oldLeft, newLeft) = counts
            }
            cursor += 1
        }
        return oldLeft > 0
    }

    /// The line counts of `@@ -a,b +c,d @@` (a missing count is 1).
    private func hunkCounts(_ line: Int) -> (Int, Int)? {
        guard hasPrefix(line, "@@ -") else { return nil }
        var cursor = start[line] + 4
        let lineEnd = end[line]
        func number() -> Int? {
            var value = 0
            var digits = 0
            while cursor < lineEnd, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39, digits < 10 {
                value = value * 10 + Int(bytes[cursor] - 0x30)
                digits += 1
                cursor += 1
            }
            return digits > 0 ? value : nil
        }
        func count() -> Int? {
            guard number() != nil else { return nil }
            guard cursor < lineEnd, bytes[cursor] == UInt8(ascii: ",") else { return 1 }
            cursor += 1
            return number()
        }
        guard let oldCount = count(), cursor + 1 < lineEnd, bytes[cursor] == 0x20,
              bytes[cursor + 1] == UInt8(ascii: "+")
        else { return nil }
        cursor += 2
        guard let newCount = count() else { return nil }
        return (oldCount, newCount)
    }

    enum InBodyHeaderName { case from, subject, date }

    /// `From:`, `Subject:` or `Date:` (any case) with its indented continuation lines folded in.
    func inBodyHeader(at line: Int, limit: Int) -> (name: InBodyHeaderName, value: String, next: Int)? {
        let name: InBodyHeaderName
        let nameLength: Int
        if hasPrefixIgnoringCase(line, "from:") {
            (name, nameLength) = (.from, 5)
        } else if hasPrefixIgnoringCase(line, "subject:") {
            (name, nameLength) = (.subject, 8)
        } else if hasPrefixIgnoringCase(line, "date:") {
            (name, nameLength) = (.date, 5)
        } else {
            return nil
        }
        var pieces = [trimmed(start[line] + nameLength, end[line])]
        var next = line + 1
        while next < limit, let first = byte(next, 0), first == 0x20 || first == 0x09, !isBlank(next) {
            pieces.append(trimmed(start[next], end[next]))
            next += 1
        }
        return (name, pieces.filter { !$0.isEmpty }.joined(separator: " "), next)
    }

    private func hasPrefixIgnoringCase(_ line: Int, _ prefix: StaticString) -> Bool {
        let size = prefix.utf8CodeUnitCount
        guard length(line) >= size else { return false }
        return prefix.withUTF8Buffer { wanted in
            var offset = 0
            while offset < size {
                var byte = bytes[start[line] + offset]
                if byte >= 0x41, byte <= 0x5A { byte += 0x20 }
                if byte != wanted[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private func trimmed(_ from: Int, _ to: Int) -> String {
        var lower = from
        var upper = to
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// A scissors line: a perforation of dashes with a `>8` or `8<` mark in it, taking more than a
    /// third of the line's visible width, with gaps less than half of it; other text such as
    /// `cut here` may share the line.
    func isScissors(_ line: Int) -> Bool {
        var marks = 0
        var perforation = 0
        var gaps = 0
        var inPerforation = false
        var firstVisible: Int?
        var lastVisible = 0
        var cursor = start[line]
        let lineEnd = end[line]
        while cursor < lineEnd {
            let byte = bytes[cursor]
            if byte == 0x20 || byte == 0x09 {
                if inPerforation {
                    perforation += 1
                    gaps += 1
                }
                cursor += 1
                continue
            }
            if firstVisible == nil { firstVisible = cursor }
            lastVisible = cursor
            if byte == UInt8(ascii: "-") {
                inPerforation = true
                perforation += 1
                cursor += 1
                continue
            }
            if cursor + 1 < lineEnd, isMark(byte, bytes[cursor + 1]) {
                inPerforation = true
                perforation += 2
                marks += 1
                lastVisible = cursor + 1
                cursor += 2
                continue
            }
            inPerforation = false
            cursor += 1
        }
        guard let firstVisible else { return false }
        let visible = lastVisible - firstVisible + 1
        return marks > 0 && visible >= 6 && perforation * 3 > visible && gaps * 2 < perforation
    }

    private func isMark(_ first: UInt8, _ second: UInt8) -> Bool {
        let eight = UInt8(ascii: "8")
        let percent = UInt8(ascii: "%")
        let right = UInt8(ascii: ">")
        let left = UInt8(ascii: "<")
        return (first == right && (second == eight || second == percent))
            || ((first == eight || first == percent) && second == left)
    }

    /// In a message without `---` or diff (a cover letter), the diffstat block: file lines ending with
    /// the summary line, and the mode lines after it.
    func trailingDiffstat(in range: Range<Int>) -> Range<Int>? {
        var summary: Int?
        for line in range.reversed() where PatchMailBody.isSummary(string(line)) {
            summary = line
            break
        }
        guard let summary else { return nil }
        var lower = summary
        while lower > range.lowerBound, PatchMailBody.isFileStat(string(lower - 1)) { lower -= 1 }
        guard lower < summary else { return nil }
        var upper = summary + 1
        while upper < range.upperBound, PatchMailBody.isModeLine(string(upper)) { upper += 1 }
        return lower..<upper
    }
}
