import CLibGit2
import PatchModel

extension Repository {
    /// The commit `id` as a patch: author and author date, title, message and trailers, and its
    /// diff against the first parent (a root commit against the empty tree), with the indent
    /// heuristic as git's; renames found with `findRenames` (git's default).
    public func patch(commit id: ObjectName, findRenames: Bool = false) throws(GitError) -> Patch {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        return try commitDiff(try plan(commit, id: id, findRenames: findRenames)).patch
    }

    /// The commit `id` read up to its diff; `nil` for a merge unless `merges`.
    func plan(_ id: ObjectName, findRenames: Bool, merges: Bool) throws(GitError) -> CommitPlan? {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        if !merges, git_commit_parentcount(commit) > 1 { return nil }
        return try plan(commit, id: id, findRenames: findRenames)
    }

    private func plan(_ commit: OpaquePointer, id: ObjectName, findRenames: Bool) throws(GitError) -> CommitPlan {
        let location = InputLocation(file: path)

        var author = Person(name: "", email: "")
        var date: MailDate?
        if let signature = git_commit_author(commit) {
            let name = signature.pointee.name.map { String(cString: $0) } ?? ""
            let email = signature.pointee.email.map { String(cString: $0) } ?? ""
            author = Person(name: name, email: email)
            date = MailDate(secondsSinceEpoch: Int64(signature.pointee.when.time),
                            utcOffsetMinutes: Int(signature.pointee.when.offset))
        }
        let raw = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let (title, rest) = CommitMessage.split(raw)
        let (body, trailers) = Trailers.split(message: rest)

        var newTree: OpaquePointer?
        var code = git_commit_tree(&newTree, commit)
        guard code == 0, let newTree, let treeID = git_tree_id(newTree)?.pointee else {
            throw GitError.last(code, location, "cannot read the tree of \(id)")
        }
        defer { git_tree_free(newTree) }
        var oldTree: OpaquePointer?
        if git_commit_parentcount(commit) > 0 {
            var parent: OpaquePointer?
            code = git_commit_parent(&parent, commit, 0)
            guard code == 0, let parent else { throw GitError.last(code, location, "cannot read the parent of \(id)") }
            defer { git_commit_free(parent) }
            code = git_commit_tree(&oldTree, parent)
            guard code == 0 else { throw GitError.last(code, location, "cannot read the parent tree of \(id)") }
        }
        defer { if let oldTree { git_tree_free(oldTree) } }

        let patch = Patch(subject: SubjectLine(parsing: title), author: author, date: date, messageID: nil,
                          commit: id, message: body, trailers: trailers, files: [], location: location)
        return CommitPlan(patch: patch, tree: treeID, parent: oldTree.flatMap { git_tree_id($0)?.pointee },
                          walked: try walkedChanges(from: oldTree, to: newTree, findRenames: findRenames),
                          findRenames: findRenames)
    }

    /// A planned commit with its files: walked and diffed here when that gives libgit2's answer
    /// (`walkedDiff`), else by libgit2.
    func commitDiff(_ plan: CommitPlan) throws(GitError) -> CommitDiff {
        var patch = plan.patch
        if let walked = plan.walked, let files = try walkedDiff(walked) {
            patch.files = files
        } else {
            let newTree = try tree(plan.tree)
            defer { git_tree_free(newTree) }
            let oldTree = try plan.parent.map { id throws(GitError) in try tree(id) }
            defer { if let oldTree { git_tree_free(oldTree) } }
            patch.files = try libgit2Diff(from: oldTree, to: newTree, findRenames: plan.findRenames, what: plan.patch.commit ?? "")
        }
        return CommitDiff(patch: patch, tree: plan.tree.hex, parent: plan.parent?.hex)
    }

    private func tree(_ id: git_oid) throws(GitError) -> OpaquePointer {
        var oid = id
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, handle, &oid)
        guard code == 0, let tree else { throw GitError.last(code, InputLocation(file: path), "cannot read tree \(id.hex)") }
        return tree
    }

    /// The files changed between two trees, by libgit2's diff and patches.
    func libgit2Diff(from oldTree: OpaquePointer?, to newTree: OpaquePointer?, findRenames: Bool,
                     what: String) throws(GitError) -> [FileDiff] {
        let location = InputLocation(file: path)
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue
        var diff: OpaquePointer?
        var code = git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options)
        guard code == 0, let diff else { throw GitError.last(code, location, "cannot diff \(what)") }
        defer { git_diff_free(diff) }
        if findRenames {
            var find = git_diff_find_options()
            git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            code = git_diff_find_similar(diff, &find)
            guard code == 0 else { throw GitError.last(code, location, "cannot find renames in \(what)") }
        }
        let count = git_diff_num_deltas(diff)
        var files: [FileDiff] = []
        files.reserveCapacity(count)
        for index in 0..<count {
            var patch: OpaquePointer?
            code = git_patch_from_diff(&patch, diff, index)
            guard code == 0 else { throw GitError.last(code, location, "cannot diff \(what)") }
            guard let patch else { continue }
            defer { git_patch_free(patch) }
            if let file = Self.fileDiff(patch) { files.append(file) }
        }
        return files
    }

    static func fileDiff(_ patch: OpaquePointer) -> FileDiff? {
        guard let deltaPointer = git_patch_get_delta(patch) else { return nil }
        let delta = deltaPointer.pointee
        let kind: FileChangeKind
        switch delta.status {
        case GIT_DELTA_ADDED: kind = .added
        case GIT_DELTA_DELETED: kind = .deleted
        case GIT_DELTA_RENAMED: kind = .renamed
        case GIT_DELTA_COPIED: kind = .copied
        default: kind = .modified
        }
        let oldPath = delta.old_file.path.map { String(cString: $0) }
        let newPath = delta.new_file.path.map { String(cString: $0) }
        func mode(_ value: UInt16) -> String? { value == 0 ? nil : String(value, radix: 8) }
        var file = FileDiff(
            oldPath: kind == .added ? nil : oldPath, newPath: kind == .deleted ? nil : newPath, kind: kind,
            oldMode: kind == .added ? nil : mode(delta.old_file.mode),
            newMode: kind == .deleted ? nil : mode(delta.new_file.mode),
            similarity: kind == .renamed || kind == .copied ? Int(delta.similarity) : nil,
            oldObject: kind == .added ? nil : delta.old_file.id.hex,
            newObject: kind == .deleted ? nil : delta.new_file.id.hex,
            isBinary: delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0, headerLine: 0)
        if file.isBinary { return file }
        let hunkCount = git_patch_num_hunks(patch)
        file.hunks.reserveCapacity(hunkCount)
        for hunkIndex in 0..<hunkCount {
            var hunkPointer: UnsafePointer<git_diff_hunk>?
            var lineCount = 0
            guard git_patch_get_hunk(&hunkPointer, &lineCount, patch, hunkIndex) == 0, let hunkPointer else { continue }
            let header = hunkPointer.pointee
            var lines: [DiffLine] = []
            lines.reserveCapacity(lineCount)
            for lineIndex in 0..<lineCount {
                var linePointer: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&linePointer, patch, hunkIndex, lineIndex) == 0,
                      let line = linePointer?.pointee else { continue }
                let lineKind: DiffLine.Kind
                switch UInt8(bitPattern: line.origin) {
                case UInt8(ascii: " "): lineKind = .context
                case UInt8(ascii: "+"): lineKind = .added
                case UInt8(ascii: "-"): lineKind = .removed
                default: continue
                }
                var text: [UInt8] = []
                var newline = false
                if let content = line.content, line.content_len > 0 {
                    content.withMemoryRebound(to: UInt8.self, capacity: line.content_len) { bytes in
                        var length = line.content_len
                        if bytes[length - 1] == UInt8(ascii: "\n") {
                            newline = true
                            length -= 1
                        }
                        text = Array(UnsafeBufferPointer(start: bytes, count: length))
                    }
                }
                lines.append(DiffLine(kind: lineKind, text: text, noNewlineAtEnd: !newline))
            }
            file.hunks.append(Hunk(oldStart: Int(header.old_start), oldCount: Int(header.old_lines),
                                   newStart: Int(header.new_start), newCount: Int(header.new_lines),
                                   section: section(of: header), lines: lines, headerLine: 0))
        }
        return file
    }

    /// The text after the second `@@` of a hunk header, trimmed.
    static func section(of hunk: git_diff_hunk) -> String {
        withUnsafeBytes(of: hunk.header) { raw -> String in
            let bytes = raw.prefix(min(hunk.header_len, raw.count))
            var ats = 0
            var index = bytes.startIndex
            while index < bytes.endIndex, ats < 2 {
                if bytes[index] == UInt8(ascii: "@"), index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "@") {
                    ats += 1
                    index += 2
                } else {
                    index += 1
                }
            }
            var end = bytes.endIndex
            while end > index, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }
    }
}

/// A commit message taken apart as `git format-patch` does: the first paragraph (joined into one
/// line) is the title, the rest the body.
enum CommitMessage {
    /// The title (the first paragraph, its lines joined by spaces) and what follows it; lines end at
    /// `\n` characters (a `\r\n` is one character, and does not end a line).
    static func split(_ raw: String) -> (title: String, rest: String) {
        var raw = raw
        return raw.withUTF8 { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? splitASCII(bytes) : nil
        } ?? splitCharacters(raw)
    }

    /// `split` over ASCII bytes, where every byte is a character but a `\r\n` pair.
    static func splitASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> (title: String, rest: String) {
        func isBlank(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        func lineEnd(from start: Int) -> Int {
            var index = start
            while index < bytes.count, bytes[index] != 0x0A || (index > 0 && bytes[index - 1] == 0x0D) { index += 1 }
            return index
        }
        var start = 0
        var end = lineEnd(from: 0)
        while end < bytes.count, isBlank(start..<end) {
            start = end + 1
            end = lineEnd(from: start)
        }
        if end == bytes.count, isBlank(start..<end) { return ("", "") }
        var title: [UInt8] = []
        while !isBlank(start..<end) {
            // Spaces, tabs and lone carriage returns trimmed at both ends.
            var first = start
            var last = end
            while first < last, bytes[first] == 0x20 || bytes[first] == 0x09
                    || (bytes[first] == 0x0D && !(first + 1 < bytes.count && bytes[first + 1] == 0x0A)) { first += 1 }
            while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 || bytes[last - 1] == 0x0D { last -= 1 }
            title.append(contentsOf: bytes[first..<last])
            guard end < bytes.count else { return (String(decoding: title, as: UTF8.self), "") }
            start = end + 1
            end = lineEnd(from: start)
            if !isBlank(start..<end) { title.append(0x20) }
        }
        return (String(decoding: title, as: UTF8.self), String(decoding: bytes[start...], as: UTF8.self))
    }

    static func splitCharacters(_ raw: String) -> (title: String, rest: String) {
        var titleLines: [Substring] = []
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" }) { lines = lines.dropFirst() }
        while let first = lines.first, !first.allSatisfy({ $0 == " " || $0 == "\t" }) {
            titleLines.append(first)
            lines = lines.dropFirst()
        }
        let title = titleLines.map { $0.trimmingCharactersSpace }.joined(separator: " ")
        return (title, lines.joined(separator: "\n"))
    }
}

extension Substring {
    var trimmingCharactersSpace: Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return slice
    }
}
