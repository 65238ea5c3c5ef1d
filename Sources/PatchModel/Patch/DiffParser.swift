/// Reads the diff part of a patch into the files it changes, the way `git apply` reads it.
///
/// - Text before the first file header (`diff --git`, or a `---`/`+++`/`@@ -` triple for a
///   non-git diff) is ignored.
/// - The counts of a hunk header decide where the hunk ends. After a complete hunk (and its
///   `\ No newline at end of file` marker), a line that is neither another `@@` header nor a file
///   header starts junk, skipped up to the next file header; so a mail signature (`-- `) is never
///   taken for a removed line.
/// - A bare empty line inside a hunk that still needs lines on both sides is a context line whose
///   leading space was lost in transit.
/// - A `\r` right before a `\n` is dropped from every line: a CRLF mail reads like an LF one.
/// - Combined diffs (`diff --cc`, `diff --combined`) are skipped; binary patches are marked
///   `isBinary` and their data skipped.
/// - Paths: rename/copy lines win, then the `---`/`+++` names, then the `diff --git` names. The
///   `a/`/`b/` prefixes (any first path component) are stripped, except for `--no-prefix` diffs,
///   recognised by the two `diff --git` names being identical. A non-git diff names both sides of
///   a modification by its `+++` name, as `git apply` does.
/// - A path that would leave the tree once its prefix is stripped (absolute, a `..` component, or
///   a NUL byte) is `.malformed`, so no consumer ever reads or writes outside the tree.
public enum DiffParser {
    /// Parses `text` and returns its files in order. Header lines are `firstLine` plus their
    /// offset in `text`; errors carry `location` with the line set.
    public static func parse(_ text: [UInt8], firstLine: Int = 1,
                             location: InputLocation = InputLocation()) throws(IngestError) -> [FileDiff] {
        var reader = DiffReader(text: text, firstLine: firstLine, location: location)
        return try reader.files()
    }

    /// Whether `path` stays inside the tree: relative, no `..` component, no NUL byte.
    public static func isInsideTree(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.first != Byte.slash, !bytes.contains(0) else { return false }
        return !bytes.split(separator: Byte.slash, omittingEmptySubsequences: false).contains { $0.elementsEqual("..".utf8) }
    }
}

private enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let backslash = UInt8(ascii: "\\")
    static let quote = UInt8(ascii: "\"")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let at = UInt8(ascii: "@")
    static let dot = UInt8(ascii: ".")
    static let percent = UInt8(ascii: "%")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
}

private enum Keyword {
    static let diffGit = Array("diff --git ".utf8)
    static let minusMinusMinus = Array("--- ".utf8)
    static let plusPlusPlus = Array("+++ ".utf8)
    static let hunkStart = Array("@@ -".utf8)
    static let atAt = Array("@@".utf8)
    static let atAtAt = Array("@@@".utf8)
    static let oldMode = Array("old mode ".utf8)
    static let newMode = Array("new mode ".utf8)
    static let deletedFileMode = Array("deleted file mode ".utf8)
    static let newFileMode = Array("new file mode ".utf8)
    static let renameFrom = Array("rename from ".utf8)
    static let renameTo = Array("rename to ".utf8)
    static let renameOld = Array("rename old ".utf8)
    static let renameNew = Array("rename new ".utf8)
    static let copyFrom = Array("copy from ".utf8)
    static let copyTo = Array("copy to ".utf8)
    static let similarityIndex = Array("similarity index ".utf8)
    static let dissimilarityIndex = Array("dissimilarity index ".utf8)
    static let index = Array("index ".utf8)
    static let binaryFiles = Array("Binary files ".utf8)
    static let gitBinaryPatch = Array("GIT binary patch".utf8)
    static let devNull = Array("/dev/null".utf8)
}

/// A name on a `---`/`+++` line: a path, or `/dev/null`.
private enum SideName {
    case devNull
    case path([UInt8])
}

private struct DiffReader {
    let text: [UInt8]
    let firstLine: Int
    let location: InputLocation
    /// Each line's bytes, without `\n` and without a `\r` right before it.
    let lines: [Range<Int>]

    init(text: [UInt8], firstLine: Int, location: InputLocation) {
        self.text = text
        self.firstLine = firstLine
        self.location = location
        var lines: [Range<Int>] = []
        var start = 0
        var i = 0
        let count = text.count
        while i < count {
            if text[i] == Byte.newline {
                var end = i
                if end > start, text[end - 1] == Byte.carriageReturn { end -= 1 }
                lines.append(start..<end)
                start = i + 1
            }
            i += 1
        }
        if start < count {
            var end = count
            if text[end - 1] == Byte.carriageReturn { end -= 1 }
            lines.append(start..<end)
        }
        self.lines = lines
    }

    // MARK: Lines

    func hasPrefix(_ line: Int, _ prefix: [UInt8]) -> Bool {
        let range = lines[line]
        guard range.count >= prefix.count else { return false }
        var i = range.lowerBound
        for byte in prefix {
            if text[i] != byte { return false }
            i += 1
        }
        return true
    }

    /// The bytes of a line after a prefix known to be there.
    func rest(_ line: Int, after prefix: [UInt8]) -> ArraySlice<UInt8> {
        let range = lines[line]
        return text[(range.lowerBound + prefix.count)..<range.upperBound]
    }

    func string(_ line: Int) -> String {
        String(decoding: text[lines[line]], as: UTF8.self)
    }

    func number(_ line: Int) -> Int { firstLine + line }

    func error(_ line: Int, _ reason: String) -> IngestError {
        var place = location
        place.line = number(line)
        return .malformed(place, reason)
    }

    /// `--- `, then `+++ `, then `@@ -`: the start of a diff without a `diff --git` line.
    func isTraditionalHeader(_ line: Int) -> Bool {
        line + 2 < lines.count
            && hasPrefix(line, Keyword.minusMinusMinus)
            && hasPrefix(line + 1, Keyword.plusPlusPlus)
            && hasPrefix(line + 2, Keyword.hunkStart)
    }

    func isHunkHeader(_ line: Int) -> Bool {
        hasPrefix(line, Keyword.atAt) && !hasPrefix(line, Keyword.atAtAt)
    }

    // MARK: Files

    mutating func files() throws(IngestError) -> [FileDiff] {
        var files: [FileDiff] = []
        var line = 0
        var lastHeader: Int?
        while line < lines.count {
            if hasPrefix(line, Keyword.diffGit) {
                var file: FileDiff
                (file, line) = gitHeader(at: line)
                try refuseOutsidePaths(file)
                line = try hunks(into: &file, from: line)
                lastHeader = (file.hunks.last?.headerLine ?? file.headerLine) - firstLine
                files.append(file)
            } else if isTraditionalHeader(line) {
                var file = traditionalHeader(at: line)
                try refuseOutsidePaths(file)
                line = try hunks(into: &file, from: line + 2)
                lastHeader = (file.hunks.last?.headerLine ?? file.headerLine) - firstLine
                files.append(file)
            } else if let previous = lastHeader, hasPrefix(line, Keyword.hunkStart),
                      Self.hunkHeader(text[lines[line]]) != nil {
                // As git apply and libgit2 do: a hunk cut off from its file by junk is an error,
                // most likely a hunk whose counts say fewer lines than it has.
                throw error(line, "hunk header at line \(number(line)) follows junk after the header at line "
                    + "\(number(previous)); does the hunk before it have more lines than its counts say?")
            } else {
                line += 1
            }
        }
        return files
    }

    /// Throws when a path of `file` would leave the tree.
    func refuseOutsidePaths(_ file: FileDiff) throws(IngestError) {
        for path in [file.oldPath, file.newPath].compactMap({ $0 }) where !DiffParser.isInsideTree(path) {
            let shown = path.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
            throw error(file.headerLine - firstLine, "the diff names a path outside the tree: \"\(shown)\"")
        }
    }

    /// Reads `diff --git` and its extended header lines; returns the file and the first line after them.
    func gitHeader(at start: Int) -> (FileDiff, Int) {
        let names = Self.gitNames(rest(start, after: Keyword.diffGit))
        let noPrefix = names.map { $0.old == $0.new } ?? false
        var file = FileDiff(oldPath: nil, newPath: nil, kind: .modified, headerLine: number(start))
        var minusName: SideName?
        var plusName: SideName?
        var renameFrom: [UInt8]?
        var renameTo: [UInt8]?
        var copyFrom: [UInt8]?
        var copyTo: [UInt8]?
        var isNew = false
        var isDeleted = false

        var line = start + 1
        header: while line < lines.count {
            if hasPrefix(line, Keyword.oldMode) {
                file.oldMode = Self.word(rest(line, after: Keyword.oldMode))
            } else if hasPrefix(line, Keyword.newMode) {
                file.newMode = Self.word(rest(line, after: Keyword.newMode))
            } else if hasPrefix(line, Keyword.deletedFileMode) {
                file.oldMode = Self.word(rest(line, after: Keyword.deletedFileMode))
                isDeleted = true
            } else if hasPrefix(line, Keyword.newFileMode) {
                file.newMode = Self.word(rest(line, after: Keyword.newFileMode))
                isNew = true
            } else if hasPrefix(line, Keyword.renameFrom) {
                renameFrom = Self.name(rest(line, after: Keyword.renameFrom))
            } else if hasPrefix(line, Keyword.renameTo) {
                renameTo = Self.name(rest(line, after: Keyword.renameTo))
            } else if hasPrefix(line, Keyword.renameOld) {
                renameFrom = Self.name(rest(line, after: Keyword.renameOld))
            } else if hasPrefix(line, Keyword.renameNew) {
                renameTo = Self.name(rest(line, after: Keyword.renameNew))
            } else if hasPrefix(line, Keyword.copyFrom) {
                copyFrom = Self.name(rest(line, after: Keyword.copyFrom))
            } else if hasPrefix(line, Keyword.copyTo) {
                copyTo = Self.name(rest(line, after: Keyword.copyTo))
            } else if hasPrefix(line, Keyword.similarityIndex) {
                file.similarity = Self.percent(rest(line, after: Keyword.similarityIndex))
            } else if hasPrefix(line, Keyword.dissimilarityIndex) {
                // A complete rewrite (`-B`): nothing in the model records it.
            } else if hasPrefix(line, Keyword.index) {
                Self.readIndex(rest(line, after: Keyword.index), into: &file)
            } else if hasPrefix(line, Keyword.minusMinusMinus) {
                minusName = Self.sideName(rest(line, after: Keyword.minusMinusMinus))
            } else if hasPrefix(line, Keyword.plusPlusPlus) {
                plusName = Self.sideName(rest(line, after: Keyword.plusPlusPlus))
            } else if hasPrefix(line, Keyword.binaryFiles) || hasPrefix(line, Keyword.gitBinaryPatch) {
                // The binary data that may follow is junk to the reader of hunks.
                file.isBinary = true
                line += 1
                break header
            } else {
                break header
            }
            line += 1
        }

        func stripped(_ path: [UInt8]) -> [UInt8] { noPrefix ? path : Self.droppingFirstComponent(path) }
        func sidePath(_ side: SideName?) -> [UInt8]? {
            if case .path(let path)? = side { return stripped(path) }
            return nil
        }
        if case .devNull? = minusName { isNew = true }
        if case .devNull? = plusName { isDeleted = true }

        let oldPath = renameFrom ?? copyFrom ?? sidePath(minusName) ?? names.map { stripped($0.old) }
        let newPath = renameTo ?? copyTo ?? sidePath(plusName) ?? names.map { stripped($0.new) }
        file.oldPath = oldPath.map(Self.text)
        file.newPath = newPath.map(Self.text)
        if isNew {
            file.kind = .added
            file.oldPath = nil
        } else if isDeleted {
            file.kind = .deleted
            file.newPath = nil
        } else if renameFrom != nil || renameTo != nil {
            file.kind = .renamed
        } else if copyFrom != nil || copyTo != nil {
            file.kind = .copied
        }
        return (file, line)
    }

    /// A diff without `diff --git`: `---` and `+++` name the file; `/dev/null` or the epoch
    /// timestamp of `diff -N` marks a new or deleted file; a modification is named by its `+++` side.
    func traditionalHeader(at start: Int) -> FileDiff {
        let minusRest = rest(start, after: Keyword.minusMinusMinus)
        let plusRest = rest(start + 1, after: Keyword.plusPlusPlus)
        let minus = Self.hasEpochTimestamp(minusRest) ? .devNull : Self.sideName(minusRest)
        let plus = Self.hasEpochTimestamp(plusRest) ? .devNull : Self.sideName(plusRest)
        var file = FileDiff(oldPath: nil, newPath: nil, kind: .modified, headerLine: number(start))
        switch (minus, plus) {
        case (.devNull, .path(let new)):
            file.kind = .added
            file.newPath = Self.text(Self.droppingFirstComponent(new))
        case (.path(let old), .devNull):
            file.kind = .deleted
            file.oldPath = Self.text(Self.droppingFirstComponent(old))
        case (_, .path(let new)):
            let path = Self.text(Self.droppingFirstComponent(new))
            file.oldPath = path
            file.newPath = path
        case (.devNull, .devNull):
            break
        }
        return file
    }

    // MARK: Hunks

    /// Reads the hunks that start at `start`, if any; returns the first line after them.
    func hunks(into file: inout FileDiff, from start: Int) throws(IngestError) -> Int {
        var line = start
        while line < lines.count, isHunkHeader(line) {
            let hunk: Hunk
            (hunk, line) = try self.hunk(at: line)
            file.hunks.append(hunk)
        }
        return line
    }

    func hunk(at header: Int) throws(IngestError) -> (Hunk, Int) {
        guard let head = Self.hunkHeader(text[lines[header]]) else {
            throw error(header, "hunk header does not parse: \(string(header))")
        }
        var oldLeft = head.oldCount
        var newLeft = head.newCount
        var body: [DiffLine] = []
        body.reserveCapacity(min(oldLeft + newLeft, lines.count - header))
        var line = header + 1
        while oldLeft > 0 || newLeft > 0 {
            guard line < lines.count else {
                throw error(header, "hunk at line \(number(header)) ends early: "
                    + "\(oldLeft) old and \(newLeft) new lines missing at the end of the diff")
            }
            let range = lines[line]
            let kind: DiffLine.Kind
            var textStart = range.lowerBound + 1
            if range.isEmpty {
                kind = .context
                textStart = range.lowerBound
            } else {
                switch text[range.lowerBound] {
                case Byte.space: kind = .context
                case Byte.minus: kind = .removed
                case Byte.plus: kind = .added
                case Byte.backslash:
                    if !body.isEmpty { body[body.count - 1].noNewlineAtEnd = true }
                    line += 1
                    continue
                default:
                    throw error(line, "hunk at line \(number(header)) ends early: "
                        + "\(oldLeft) old and \(newLeft) new lines missing before line \(number(line))")
                }
            }
            switch kind {
            case .context:
                guard oldLeft > 0, newLeft > 0 else { throw miscounted(line, header) }
                oldLeft -= 1
                newLeft -= 1
            case .removed:
                guard oldLeft > 0 else { throw miscounted(line, header) }
                oldLeft -= 1
            case .added:
                guard newLeft > 0 else { throw miscounted(line, header) }
                newLeft -= 1
            }
            body.append(DiffLine(kind: kind, text: Array(text[textStart..<range.upperBound])))
            line += 1
        }
        if line < lines.count, !lines[line].isEmpty, text[lines[line].lowerBound] == Byte.backslash {
            if !body.isEmpty { body[body.count - 1].noNewlineAtEnd = true }
            line += 1
        }
        let hunk = Hunk(oldStart: head.oldStart, oldCount: head.oldCount, newStart: head.newStart,
                        newCount: head.newCount, section: head.section, lines: body,
                        headerLine: number(header))
        return (hunk, line)
    }

    func miscounted(_ line: Int, _ header: Int) -> IngestError {
        error(line, "line \(number(line)) does not fit the counts of the hunk at line \(number(header)): "
            + string(line))
    }

    // MARK: Pieces of header lines

    struct HunkHead {
        var oldStart = 0
        var oldCount = 1
        var newStart = 0
        var newCount = 1
        var section = ""
    }

    /// `@@ -l[,s] +l[,s] @@[ section]`; an omitted count is 1.
    static func hunkHeader(_ line: ArraySlice<UInt8>) -> HunkHead? {
        var i = line.startIndex
        let end = line.endIndex
        func expect(_ byte: UInt8) -> Bool {
            guard i < end, line[i] == byte else { return false }
            i += 1
            return true
        }
        func number() -> Int? {
            var value = 0
            var digits = 0
            while i < end, line[i] >= Byte.zero, line[i] <= Byte.nine {
                value = value * 10 + Int(line[i] - Byte.zero)
                digits += 1
                i += 1
                if digits > 9 { return nil }
            }
            return digits > 0 ? value : nil
        }
        var head = HunkHead()
        guard expect(Byte.at), expect(Byte.at), expect(Byte.space), expect(Byte.minus),
              let oldStart = number() else { return nil }
        head.oldStart = oldStart
        if expect(Byte.comma) {
            guard let count = number() else { return nil }
            head.oldCount = count
        }
        guard expect(Byte.space), expect(Byte.plus), let newStart = number() else { return nil }
        head.newStart = newStart
        if expect(Byte.comma) {
            guard let count = number() else { return nil }
            head.newCount = count
        }
        guard expect(Byte.space), expect(Byte.at), expect(Byte.at) else { return nil }
        _ = expect(Byte.space)
        head.section = String(decoding: line[i..<end], as: UTF8.self)
        return head
    }

    /// The two names of `diff --git A B`, quoted or not. Unquoted names containing spaces are
    /// split where the halves name the same path after their first component.
    static func gitNames(_ rest: ArraySlice<UInt8>) -> (old: [UInt8], new: [UInt8])? {
        guard !rest.isEmpty else { return nil }
        if rest.first == Byte.quote {
            guard let (old, after) = unquote(rest), after < rest.endIndex, rest[after] == Byte.space
            else { return nil }
            let second = rest[(after + 1)...]
            if second.first == Byte.quote {
                guard let (new, _) = unquote(second) else { return nil }
                return (old, new)
            }
            return (old, Array(second))
        }
        if let quote = rest.firstIndex(of: Byte.quote), quote > rest.startIndex,
           rest[quote - 1] == Byte.space, let (new, _) = unquote(rest[quote...]) {
            return (Array(rest[rest.startIndex..<(quote - 1)]), new)
        }
        let count = rest.count
        if count % 2 == 1 {
            let middle = rest.startIndex + count / 2
            if rest[middle] == Byte.space {
                let old = rest[rest.startIndex..<middle]
                let new = rest[(middle + 1)...]
                if old.elementsEqual(new)
                    || droppingFirstComponent(Array(old)) == droppingFirstComponent(Array(new)) {
                    return (Array(old), Array(new))
                }
            }
        }
        // Different names (a rename): split before ` b/` if there is one, else at the first space.
        let b = Array(" b/".utf8)
        var i = rest.startIndex
        while i + b.count <= rest.endIndex {
            if rest[i] == b[0], rest[i + 1] == b[1], rest[i + 2] == b[2] {
                return (Array(rest[rest.startIndex..<i]), Array(rest[(i + 1)...]))
            }
            i += 1
        }
        if let space = rest.firstIndex(of: Byte.space) {
            return (Array(rest[rest.startIndex..<space]), Array(rest[(space + 1)...]))
        }
        return nil
    }

    /// A C-style quoted name starting at `"`: its bytes and the index after the closing quote.
    static func unquote(_ quoted: ArraySlice<UInt8>) -> ([UInt8], Int)? {
        guard quoted.first == Byte.quote else { return nil }
        var out: [UInt8] = []
        var i = quoted.startIndex + 1
        let end = quoted.endIndex
        while i < end {
            let byte = quoted[i]
            if byte == Byte.quote { return (out, i + 1) }
            guard byte == Byte.backslash else {
                out.append(byte)
                i += 1
                continue
            }
            i += 1
            guard i < end else { return nil }
            let escaped = quoted[i]
            switch escaped {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = 0
                var digits = 0
                while digits < 3, i < end, quoted[i] >= UInt8(ascii: "0"), quoted[i] <= UInt8(ascii: "7") {
                    value = value * 8 + Int(quoted[i] - UInt8(ascii: "0"))
                    digits += 1
                    i += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
                continue
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            default: out.append(escaped)
            }
            i += 1
        }
        return nil
    }

    /// A name on a `rename`/`copy` line: quoted, or the rest of the line.
    static func name(_ rest: ArraySlice<UInt8>) -> [UInt8] {
        if rest.first == Byte.quote, let (name, _) = unquote(rest) { return name }
        return Array(rest)
    }

    /// The name on a `---`/`+++` line: quoted, or up to a tab (git puts one after names with
    /// spaces; `diff -u` puts a timestamp after it).
    static func sideName(_ rest: ArraySlice<UInt8>) -> SideName {
        let name: [UInt8]
        if rest.first == Byte.quote, let (unquoted, _) = unquote(rest) {
            name = unquoted
        } else {
            name = Array(rest[rest.startIndex..<(rest.firstIndex(of: Byte.tab) ?? rest.endIndex)])
        }
        return name == Keyword.devNull ? .devNull : .path(name)
    }

    /// `diff -N` dates the missing side of a new or deleted file at the epoch (in the local zone).
    static func hasEpochTimestamp(_ rest: ArraySlice<UInt8>) -> Bool {
        guard let tab = rest.firstIndex(of: Byte.tab) else { return false }
        let stamp = rest[(tab + 1)...]
        return stamp.starts(with: "1970-01-01 00:00:00".utf8) || stamp.starts(with: "1969-12-31 ".utf8)
    }

    static func droppingFirstComponent(_ path: [UInt8]) -> [UInt8] {
        guard let slash = path.firstIndex(of: Byte.slash) else { return path }
        return Array(path[(slash + 1)...])
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The first space-separated word, as text.
    static func word(_ rest: ArraySlice<UInt8>) -> String? {
        let end = rest.firstIndex(where: { $0 == Byte.space || $0 == Byte.tab }) ?? rest.endIndex
        return end > rest.startIndex ? String(decoding: rest[rest.startIndex..<end], as: UTF8.self) : nil
    }

    static func percent(_ rest: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for byte in rest {
            if byte == Byte.percent { break }
            guard byte >= Byte.zero, byte <= Byte.nine, digits < 9 else { return nil }
            value = value * 10 + Int(byte - Byte.zero)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// `abc123..def456[ mode]`.
    static func readIndex(_ rest: ArraySlice<UInt8>, into file: inout FileDiff) {
        var i = rest.startIndex
        while i + 1 < rest.endIndex, !(rest[i] == Byte.dot && rest[i + 1] == Byte.dot) { i += 1 }
        guard i + 1 < rest.endIndex else { return }
        file.oldObject = String(decoding: rest[rest.startIndex..<i], as: UTF8.self)
        let after = rest[(i + 2)...]
        let space = after.firstIndex(of: Byte.space) ?? after.endIndex
        file.newObject = String(decoding: after[after.startIndex..<space], as: UTF8.self)
        if space < after.endIndex, let mode = word(after[(space + 1)...]) {
            if file.oldMode == nil { file.oldMode = mode }
            if file.newMode == nil { file.newMode = mode }
        }
    }
}
