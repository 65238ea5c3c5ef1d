/// Why a file's change could not be applied, in `git apply`'s terms.
public struct ApplyFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// No place in the file matches the hunk's context and removed lines.
        case hunkDoesNotApply
        /// The patch creates a file that is already there.
        case alreadyExists
        /// The patch changes or deletes a file that is not there.
        case missing
        /// A binary change: its data is not applied.
        case binary
    }

    public var kind: Kind
    /// The hunk that fits nowhere (0-based, within its file), for `.hunkDoesNotApply`.
    public var hunkIndex: Int?
    /// `@@ -250,6 +250,11 @@` as git prints it, for `.hunkDoesNotApply`.
    public var hunkHeader: String?

    public init(kind: Kind, hunkIndex: Int? = nil, hunkHeader: String? = nil) {
        self.kind = kind
        self.hunkIndex = hunkIndex
        self.hunkHeader = hunkHeader
    }

    public var description: String {
        switch kind {
        case .hunkDoesNotApply: return "hunk \(hunkHeader ?? "") does not apply"
        case .alreadyExists: return "already exists"
        case .missing: return "not in the tree"
        case .binary: return "binary change not applied"
        }
    }
}

/// The outcome of applying one file's hunks, going on past hunks that fit nowhere.
public struct FileApplication: Sendable, Hashable {
    /// The file after the hunks that fit (`nil`: the file is deleted or absent).
    public var contents: [UInt8]?
    /// The hunks (or the whole file) that could not be applied.
    public var failures: [ApplyFailure]
    /// How far each hunk moved from its stated line (0: where it said; `nil`: it did not apply),
    /// by hunk index.
    public var offsets: [Int?]
}

/// Places the hunks of a `FileDiff` in a file's bytes as `git apply` does without `-C`: at the stated
/// line (moved by the offset earlier hunks of the same file applied at), else at the nearest place
/// searching outward, alternately before and after, where the hunk's preimage (context and removed
/// lines, with their line ends) matches exactly. No fuzz, no whitespace leniency.
public enum HunkLocator {
    /// Applies every hunk of `file` to `original` (`nil`: the file does not exist); the first failure
    /// ends it. A deletion yields `nil`.
    public static func apply(_ file: FileDiff, to original: [UInt8]?) -> Result<[UInt8]?, ApplyFailure> {
        let outcome = applyAll(file, to: original, stopAtFailure: true)
        if let failure = outcome.failures.first { return .failure(failure) }
        return .success(outcome.contents)
    }

    /// Applies the hunks of `file` that fit and reports the ones that fit nowhere; the result holds
    /// the file with every hunk that fit applied.
    public static func applyAll(_ file: FileDiff, to original: [UInt8]?) -> FileApplication {
        applyAll(file, to: original, stopAtFailure: false)
    }

    /// `@@ -a,b +c,d @@` with git's rule of leaving out a count of 1.
    public static func header(_ hunk: Hunk) -> String { hunk.rangeHeader }

    static func applyAll(_ file: FileDiff, to original: [UInt8]?, stopAtFailure: Bool) -> FileApplication {
        if file.isBinary {
            return FileApplication(contents: original, failures: [ApplyFailure(kind: .binary)], offsets: [])
        }
        switch file.kind {
        case .added:
            if let original, !original.isEmpty {
                return FileApplication(contents: original, failures: [ApplyFailure(kind: .alreadyExists)], offsets: [])
            }
        case .modified, .renamed, .copied, .deleted:
            if original == nil {
                return FileApplication(contents: nil, failures: [ApplyFailure(kind: .missing)], offsets: [])
            }
        }
        var image = Image(original ?? [])
        var failures: [ApplyFailure] = []
        var offsets: [Int?] = []
        var offset = 0
        for (index, hunk) in file.hunks.enumerated() {
            let preimage = hunk.lines.filter { $0.kind != .added }.map(ImageLine.init)
            let postimage = hunk.lines.filter { $0.kind != .removed }.map(ImageLine.init)
            // Clamped so that hostile line numbers cannot overflow the arithmetic below.
            let stated = hunk.newStart > 0 ? min(hunk.newStart - 1, 1 << 40) : 0
            let expected = min(max(0, stated + offset), image.lines.count)
            guard let position = image.find(preimage, near: expected) else {
                failures.append(ApplyFailure(kind: .hunkDoesNotApply, hunkIndex: index, hunkHeader: header(hunk)))
                offsets.append(nil)
                if stopAtFailure { break }
                continue
            }
            offset = position - stated
            offsets.append(offset)
            image.lines.replaceSubrange(position..<(position + preimage.count), with: postimage)
        }
        if file.kind == .deleted && failures.isEmpty {
            return FileApplication(contents: nil, failures: failures, offsets: offsets)
        }
        return FileApplication(contents: image.bytes, failures: failures, offsets: offsets)
    }
}

/// A line of a file being patched: its bytes without the line end, and whether a `\n` ends it.
struct ImageLine: Equatable {
    var text: ArraySlice<UInt8>
    var newline: Bool

    init(text: ArraySlice<UInt8>, newline: Bool) {
        self.text = text
        self.newline = newline
    }

    init(_ line: DiffLine) {
        text = line.text[...]
        newline = !line.noNewlineAtEnd
    }
}

/// A file as lines, for placing hunks.
struct Image {
    var lines: [ImageLine]

    init(_ bytes: [UInt8]) {
        lines = []
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            if bytes[index] == UInt8(ascii: "\n") {
                lines.append(ImageLine(text: bytes[start..<index], newline: true))
                start = index + 1
            }
            index += 1
        }
        if start < count { lines.append(ImageLine(text: bytes[start..<count], newline: false)) }
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.text.count + 1 })
        for line in lines {
            out.append(contentsOf: line.text)
            if line.newline { out.append(UInt8(ascii: "\n")) }
        }
        return out
    }

    func matches(_ preimage: [ImageLine], at position: Int) -> Bool {
        guard position >= 0, position + preimage.count <= lines.count else { return false }
        for (offset, line) in preimage.enumerated() where lines[position + offset] != line { return false }
        return true
    }

    /// The position nearest `expected` where `preimage` matches: `expected`, then one before, one
    /// after, two before, and so on.
    func find(_ preimage: [ImageLine], near expected: Int) -> Int? {
        let last = lines.count - preimage.count
        guard last >= 0 else { return nil }
        if preimage.isEmpty { return min(expected, lines.count) }
        let start = min(expected, last)
        if matches(preimage, at: start) { return start }
        var distance = 1
        while start - distance >= 0 || start + distance <= last {
            if start - distance >= 0, matches(preimage, at: start - distance) { return start - distance }
            if start + distance <= last, matches(preimage, at: start + distance) { return start + distance }
            distance += 1
        }
        return nil
    }
}
