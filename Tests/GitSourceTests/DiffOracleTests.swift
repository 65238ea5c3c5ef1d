import CLibGit2
import Foundation
import PatchModel
import Testing

/// libgit2's `git_diff_from_buffer` as the oracle for `DiffParser`: on every fixture of
/// `Tests/PatchModelTests/Fixtures/diffs`, both must see the same files, hunks and lines.
@Suite struct DiffOracleTests {
    static let fixtureFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../PatchModelTests/Fixtures/diffs")
        .standardizedFileURL

    static let fixtureNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".diff") }.sorted()
    }()

    /// Where libgit2 1.5 and our parser part ways, and why.
    enum Exception {
        /// libgit2 refuses the text; our parser must still read it.
        case libgit2Fails(String)
        /// libgit2 reads the text but names the files differently; all else must agree.
        case libgit2Paths(String)
    }

    static let exceptions: [String: Exception] = [
        "traditional.diff": .libgit2Fails(
            "libgit2 reads only `diff --git` patches; a `diff -u` patch has none (it calls its first "
                + "hunk header 'outside patch'), while git apply reads it"),
        "rename-spaces.diff": .libgit2Fails(
            "libgit2 1.5 stops an unquoted `rename from` path at its first space ('trailing data')"),
        "rewrite.diff": .libgit2Fails(
            "libgit2 1.5 does not know the `dissimilarity index` header line of `git diff -B`"),
        "no-prefix.diff": .libgit2Paths(
            "git_diff_from_buffer takes no prefix option and always strips the first path component, "
                + "so `--no-prefix` paths lose their first directory"),
    ]

    @Test func fixturesArePresent() {
        #expect(Self.fixtureNames.count >= 14, "fixtures in \(Self.fixtureFolder.path)")
        for name in Self.exceptions.keys {
            #expect(Self.fixtureNames.contains(name), "exception for a missing fixture \(name)")
        }
    }

    @Test(arguments: fixtureNames)
    func parserAgreesWithLibgit2(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.fixtureFolder.appendingPathComponent(name)))
        let ours = try DiffParser.parse(bytes)
        let theirs = OracleDiff.read(bytes)

        switch Self.exceptions[name] {
        case .libgit2Fails?:
            if case .success = theirs {
                Issue.record("libgit2 now parses \(name); drop it from the exceptions")
            }
            #expect(!ours.isEmpty)
        case .libgit2Paths?:
            let files = try theirs.get()
            compare(ours, files, paths: false, fixture: name)
        case nil:
            let files = try theirs.get()
            compare(ours, files, paths: true, fixture: name)
        }
    }

    func compare(_ ours: [FileDiff], _ theirs: [OracleFile], paths: Bool, fixture: String) {
        #expect(ours.count == theirs.count, "\(fixture): file count")
        for (file, expected) in zip(ours, theirs) {
            let place = "\(fixture): \(file.path)"
            #expect(file.kind == expected.kind, "\(place): kind")
            #expect(file.isBinary == expected.isBinary, "\(place): binary")
            if paths {
                if file.kind != .added { #expect(file.oldPath == expected.oldPath, "\(place): old path") }
                if file.kind != .deleted { #expect(file.newPath == expected.newPath, "\(place): new path") }
            }
            #expect(file.hunks.count == expected.hunks.count, "\(place): hunk count")
            for (hunk, other) in zip(file.hunks, expected.hunks) {
                let at = "\(place) @@ -\(other.oldStart),\(other.oldCount) +\(other.newStart),\(other.newCount)"
                #expect(hunk.oldStart == other.oldStart, "\(at): old start")
                #expect(hunk.oldCount == other.oldCount, "\(at): old count")
                #expect(hunk.newStart == other.newStart, "\(at): new start")
                #expect(hunk.newCount == other.newCount, "\(at): new count")
                let context = hunk.lines.count { $0.kind == .context }
                #expect(context == other.context, "\(at): context lines")
                #expect(hunk.addedCount == other.added, "\(at): added lines")
                #expect(hunk.removedCount == other.removed, "\(at): removed lines")
                #expect(hunk.lines.count { $0.noNewlineAtEnd } == other.noNewlineMarkers, "\(at): no-newline marks")
                #expect(hunk.lines.map(\.kind) == other.lines.map(\.kind), "\(at): line kinds")
                #expect(hunk.lines.map(\.text) == other.lines.map(\.text), "\(at): line text")
            }
            let stats = expected.lineStats
            #expect(file.hunks.reduce(0) { $0 + $1.lines.count { $0.kind == .context } } == stats.context,
                    "\(place): context lines of the patch")
            #expect(file.addedCount == stats.added, "\(place): added lines of the patch")
            #expect(file.removedCount == stats.removed, "\(place): removed lines of the patch")
        }
    }
}

/// One file of a diff as libgit2 parsed it.
struct OracleFile {
    var oldPath: String?
    var newPath: String?
    var kind: FileChangeKind?
    var isBinary: Bool
    var hunks: [OracleHunk]
    var lineStats: (context: Int, added: Int, removed: Int)
}

/// One hunk as libgit2 parsed it, its lines without the end-of-file markers.
struct OracleHunk {
    var oldStart: Int
    var oldCount: Int
    var newStart: Int
    var newCount: Int
    var lines: [DiffLine] = []
    var noNewlineMarkers = 0

    var context: Int { lines.count { $0.kind == .context } }
    var added: Int { lines.count { $0.kind == .added } }
    var removed: Int { lines.count { $0.kind == .removed } }
}

struct OracleError: Error, CustomStringConvertible {
    var description: String
}

enum OracleDiff {
    /// Parses `bytes` with `git_diff_from_buffer`; every libgit2 object is freed once before return.
    static func read(_ bytes: [UInt8]) -> Result<[OracleFile], OracleError> {
        git_libgit2_init()
        defer { git_libgit2_shutdown() }

        var diff: OpaquePointer?
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                git_diff_from_buffer(&diff, chars.baseAddress, chars.count)
            }
        }
        guard status == 0, let diff else { return .failure(OracleError(description: lastError())) }
        defer { git_diff_free(diff) }

        var files: [OracleFile] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else {
                return .failure(OracleError(description: "no delta \(index)"))
            }
            var patch: OpaquePointer?
            guard git_patch_from_diff(&patch, diff, index) == 0, let patch else {
                return .failure(OracleError(description: lastError()))
            }
            defer { git_patch_free(patch) }

            var file = OracleFile(
                oldPath: delta.pointee.old_file.path.map { String(cString: $0) },
                newPath: delta.pointee.new_file.path.map { String(cString: $0) },
                kind: kind(delta.pointee.status),
                isBinary: delta.pointee.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0,
                hunks: [],
                lineStats: (0, 0, 0))
            var context = 0
            var added = 0
            var removed = 0
            git_patch_line_stats(&context, &added, &removed, patch)
            file.lineStats = (context, added, removed)

            for hunkIndex in 0..<git_patch_num_hunks(patch) {
                var header: UnsafePointer<git_diff_hunk>?
                var lineCount = 0
                guard git_patch_get_hunk(&header, &lineCount, patch, hunkIndex) == 0, let header else {
                    return .failure(OracleError(description: lastError()))
                }
                var hunk = OracleHunk(
                    oldStart: Int(header.pointee.old_start), oldCount: Int(header.pointee.old_lines),
                    newStart: Int(header.pointee.new_start), newCount: Int(header.pointee.new_lines))
                let counted = git_patch_num_lines_in_hunk(patch, hunkIndex)
                guard counted >= 0, Int(counted) == lineCount else {
                    return .failure(OracleError(description: "hunk \(hunkIndex): line counts disagree"))
                }
                for lineIndex in 0..<lineCount {
                    var line: UnsafePointer<git_diff_line>?
                    guard git_patch_get_line_in_hunk(&line, patch, hunkIndex, lineIndex) == 0, let line else {
                        return .failure(OracleError(description: lastError()))
                    }
                    let origin = UInt32(UInt8(bitPattern: line.pointee.origin))
                    let lineKind: DiffLine.Kind
                    switch origin {
                    case GIT_DIFF_LINE_CONTEXT.rawValue: lineKind = .context
                    case GIT_DIFF_LINE_ADDITION.rawValue: lineKind = .added
                    case GIT_DIFF_LINE_DELETION.rawValue: lineKind = .removed
                    case GIT_DIFF_LINE_CONTEXT_EOFNL.rawValue, GIT_DIFF_LINE_ADD_EOFNL.rawValue,
                         GIT_DIFF_LINE_DEL_EOFNL.rawValue:
                        hunk.noNewlineMarkers += 1
                        continue
                    default:
                        return .failure(OracleError(description: "unexpected line origin \(origin)"))
                    }
                    hunk.lines.append(DiffLine(kind: lineKind, text: content(line.pointee)))
                }
                file.hunks.append(hunk)
            }
            files.append(file)
        }
        return .success(files)
    }

    /// The bytes of a line (a pointer and a length, no terminating NUL) without its line end.
    static func content(_ line: git_diff_line) -> [UInt8] {
        guard let start = line.content, line.content_len > 0 else { return [] }
        var bytes = start.withMemoryRebound(to: UInt8.self, capacity: line.content_len) {
            Array(UnsafeBufferPointer(start: $0, count: line.content_len))
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }

    static func kind(_ status: git_delta_t) -> FileChangeKind? {
        switch status {
        case GIT_DELTA_ADDED: .added
        case GIT_DELTA_DELETED: .deleted
        case GIT_DELTA_MODIFIED: .modified
        case GIT_DELTA_RENAMED: .renamed
        case GIT_DELTA_COPIED: .copied
        default: nil
        }
    }

    static func lastError() -> String {
        guard let error = git_error_last(), let message = error.pointee.message else { return "unknown error" }
        return String(cString: message)
    }
}
