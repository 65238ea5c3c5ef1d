/// How a diff changes one file, as git names it.
public enum FileChangeKind: String, Sendable, Hashable, Codable {
    case modified
    case added
    case deleted
    case renamed
    case copied
}

/// One line of a hunk: context, added or removed, as the bytes that followed the marker.
public struct DiffLine: Sendable, Hashable {
    /// The line's marker: ` `, `+` or `-`.
    public enum Kind: UInt8, Sendable, Hashable {
        case context
        case added
        case removed
    }

    public var kind: Kind
    /// The line's bytes without its marker and without the line end.
    public var text: [UInt8]
    /// `\ No newline at end of file` followed this line.
    public var noNewlineAtEnd: Bool

    public init(kind: Kind, text: [UInt8], noNewlineAtEnd: Bool = false) {
        self.kind = kind
        self.text = text
        self.noNewlineAtEnd = noNewlineAtEnd
    }

    /// The line as text (invalid UTF-8 is repaired, as a reader would see it).
    public var string: String { String(decoding: text, as: UTF8.self) }
}

/// One hunk: `@@ -oldStart,oldCount +newStart,newCount @@ section` and its lines.
public struct Hunk: Sendable, Hashable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    /// The section heading git prints after the second `@@` (often the enclosing function).
    public var section: String
    public var lines: [DiffLine]
    /// The line of the `@@` header in the text the diff was parsed from (1-based).
    public var headerLine: Int

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: String,
                lines: [DiffLine], headerLine: Int) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.section = section
        self.lines = lines
        self.headerLine = headerLine
    }

    public var addedCount: Int { lines.reduce(0) { $0 + ($1.kind == .added ? 1 : 0) } }
    public var removedCount: Int { lines.reduce(0) { $0 + ($1.kind == .removed ? 1 : 0) } }
}

/// A hunk line with where it stands: its number in the old file and in the new one (an added line's
/// old number is the old line it comes before, a removed line's new number likewise).
public struct NumberedDiffLine: Sendable, Hashable {
    /// The line's position in `Hunk.lines`.
    public var offset: Int
    public var line: DiffLine
    public var oldLine: Int
    public var newLine: Int

    /// The number a reader gives the line: the old file's for a removed line, the new file's otherwise.
    public var number: Int { line.kind == .removed ? oldLine : newLine }
}

extension Hunk {
    /// Every line with its old and new line numbers.
    public var numberedLines: [NumberedDiffLine] {
        var result: [NumberedDiffLine] = []
        result.reserveCapacity(lines.count)
        var old = oldStart
        var new = newStart
        for (offset, line) in lines.enumerated() {
            result.append(NumberedDiffLine(offset: offset, line: line, oldLine: old, newLine: new))
            if line.kind != .added { old += 1 }
            if line.kind != .removed { new += 1 }
        }
        return result
    }

    /// `@@ -oldStart,oldCount +newStart,newCount @@`, counts of 1 left out as git writes them.
    public var rangeHeader: String {
        func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
        return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
    }
}

/// The change a patch makes to one file: paths, modes, rename/copy, binary marker and hunks.
public struct FileDiff: Sendable, Hashable {
    /// The path before (`nil` for a new file).
    public var oldPath: String?
    /// The path after (`nil` for a deleted file).
    public var newPath: String?
    public var kind: FileChangeKind
    public var oldMode: String?
    public var newMode: String?
    /// `similarity index` of a rename or copy, in percent.
    public var similarity: Int?
    /// `index abc123..def456` object ids, abbreviated as in the patch.
    public var oldObject: String?
    public var newObject: String?
    /// `Binary files ... differ` or a `GIT binary patch`.
    public var isBinary: Bool
    public var hunks: [Hunk]
    /// The line of the file's first header line (`diff --git` or `---`) in the parsed text (1-based).
    public var headerLine: Int

    public init(oldPath: String?, newPath: String?, kind: FileChangeKind, oldMode: String? = nil,
                newMode: String? = nil, similarity: Int? = nil, oldObject: String? = nil,
                newObject: String? = nil, isBinary: Bool = false, hunks: [Hunk] = [], headerLine: Int = 1) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.kind = kind
        self.oldMode = oldMode
        self.newMode = newMode
        self.similarity = similarity
        self.oldObject = oldObject
        self.newObject = newObject
        self.isBinary = isBinary
        self.hunks = hunks
        self.headerLine = headerLine
    }

    /// The path a reader names the file by: the new path, or the old one for a deletion.
    public var path: String { newPath ?? oldPath ?? "" }
    public var addedCount: Int { hunks.reduce(0) { $0 + $1.addedCount } }
    public var removedCount: Int { hunks.reduce(0) { $0 + $1.removedCount } }
}
