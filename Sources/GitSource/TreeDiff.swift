import Synchronization
import CLibGit2
import PatchModel

/// A blob entry of a tree: its id and its file mode.
struct TreeBlob {
    var id: git_oid
    var mode: UInt32
}

/// A path whose blob differs between two trees (`nil`: absent on that side).
struct ChangedBlob {
    var path: String
    var old: TreeBlob?
    var new: TreeBlob?
}

/// A changed blob the diff walks itself, with the section headings its path's driver gives.
struct WalkedChange {
    var blob: ChangedBlob
    var headings: SectionHeadings
}

/// The blobs one repository handle holds: the last one read at each path (a commit's old side is
/// then, most often, what an earlier commit of the run left there, and the model's whole files are
/// the blobs the diff just read), and those read ahead of a run's commits (`readAhead(_:)`), by id.
/// Each table holds at most `limit` bytes (64 MiB unless told).
final class BlobMemory: Sendable {
    private struct Blobs {
        var latest: [String: (id: git_oid, bytes: [UInt8])] = [:]
        var total = 0
        var ahead: [BlobKey: [UInt8]] = [:]
        var aheadTotal = 0
    }
    private let blobs = Mutex(Blobs())
    /// The bytes each table holds at most.
    let limit: Int

    init(limit: Int = 64 << 20) { self.limit = limit }

    /// The bytes last remembered at `path`, when they are blob `id`'s.
    func bytes(at path: String, id: git_oid) -> [UInt8]? {
        guard let known = blobs.withLock({ $0.latest[path] }), known.id.isSame(as: id) else { return nil }
        return known.bytes
    }

    func remember(_ bytes: [UInt8], id: git_oid, at path: String) {
        blobs.withLock { blobs in
            if let old = blobs.latest[path] { blobs.total -= old.bytes.count }
            if blobs.total + bytes.count > limit {
                blobs.latest = [:]
                blobs.total = 0
            }
            blobs.latest[path] = (id, bytes)
            blobs.total += bytes.count
        }
    }

    func forget(_ path: String) {
        blobs.withLock { blobs in
            if let old = blobs.latest.removeValue(forKey: path) { blobs.total -= old.bytes.count }
        }
    }

    /// The bytes of blob `id` when they were read ahead.
    func readAhead(_ id: git_oid) -> [UInt8]? {
        blobs.withLock { $0.ahead[BlobKey(id)] }
    }

    /// Whether blob `id` is held as read ahead.
    func holdsAhead(_ id: git_oid) -> Bool {
        blobs.withLock { $0.ahead[BlobKey(id)] != nil }
    }

    /// Keeps `bytes` as blob `id` read ahead; false (and not kept) past the limit.
    func keepAhead(_ bytes: [UInt8], id: git_oid) -> Bool {
        blobs.withLock { blobs in
            guard blobs.aheadTotal + bytes.count <= limit else { return false }
            blobs.ahead[BlobKey(id)] = bytes
            blobs.aheadTotal += bytes.count
            return true
        }
    }
}

/// A blob id as a dictionary key.
struct BlobKey: Hashable {
    private var head: UInt64
    private var middle: UInt64
    private var tail: UInt32

    init(_ id: git_oid) {
        (head, middle, tail) = withUnsafeBytes(of: id.id) { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }
}

/// The `LineHistory` of each path diffed through one repository handle, at most 64 MiB of them
/// (past that they start again, as `BlobMemory` does).
final class LineHistories: Sendable {
    private struct Histories {
        var byPath: [String: LineHistory] = [:]
        var total = 0
    }
    private let histories = Mutex(Histories())
    static let limit = 64 << 20

    /// The hunks from `old` to `new` at `path` (`new` empty and `deleted`: the path's history ends).
    func hunks(at path: String, old: [UInt8], new: [UInt8], deleted: Bool, headings: SectionHeadings) -> [Hunk] {
        if deleted {
            histories.withLock { histories in
                if let gone = histories.byPath.removeValue(forKey: path) { histories.total -= gone.footprint }
            }
            return LineDiff.hunks(old: old, new: new, headings: headings)
        }
        let known = histories.withLock { $0.byPath[path] }
        let history = known ?? LineHistory()
        let before = known?.footprint ?? 0
        let hunks = history.hunks(old: old, new: new, headings: headings)
        histories.withLock { histories in
            histories.total += history.footprint - before
            histories.byPath[path] = history
            if histories.total > Self.limit { histories = Histories() }
        }
        return hunks
    }
}

extension Repository {
    /// The blobs that differ between two trees, in git's tree order (libgit2's order of deltas), each
    /// with its section-heading driver, when they can be walked and diffed here (`walkedDiff`) instead
    /// of by libgit2's diff, which costs several times more per file. `nil` when libgit2 must do it,
    /// because the change needs what only it has: rename detection (a file added and one deleted), a
    /// type change or a submodule, or a `diff` attribute other than none or `cpp`.
    func walkedChanges(from oldTree: OpaquePointer?, to newTree: OpaquePointer?,
                       findRenames: Bool) throws(GitError) -> [WalkedChange]? {
        var changes: [ChangedBlob] = []
        guard try changedBlobs(oldTree, newTree, prefix: "", into: &changes) else { return nil }
        if findRenames, changes.contains(where: { $0.old == nil }), changes.contains(where: { $0.new == nil }) { return nil }
        var walked: [WalkedChange] = []
        walked.reserveCapacity(changes.count)
        for change in changes {
            guard let headings = sectionHeadings(change.path) else { return nil }
            walked.append(WalkedChange(blob: change, headings: headings))
        }
        return walked
    }

    /// The files of walked changes, diffed here (`LineDiff`, which gives git's hunks); `nil` when
    /// one of them is binary, which libgit2 must diff.
    func walkedDiff(_ changes: [WalkedChange]) throws(GitError) -> [FileDiff]? {
        var contents: [(old: [UInt8], new: [UInt8])] = []
        contents.reserveCapacity(changes.count)
        for change in changes.map(\.blob) {
            let old = try change.old.map { blob throws(GitError) in try rememberedBytes(at: change.path, id: blob.id) } ?? []
            let new = try change.new.map { blob throws(GitError) in try bytes(of: blob.id) } ?? []
            if let blob = change.new { blobMemory.remember(new, id: blob.id, at: change.path) } else { blobMemory.forget(change.path) }
            if LineDiff.looksBinary(old) || LineDiff.looksBinary(new) { return nil }
            contents.append((old, new))
        }
        func mode(_ blob: TreeBlob?) -> String? { blob.map { String($0.mode, radix: 8) } }
        return zip(changes, contents).map { walked, item in
            let change = walked.blob
            let kind: FileChangeKind = change.old == nil ? .added : change.new == nil ? .deleted : .modified
            return FileDiff(oldPath: change.old == nil ? nil : change.path, newPath: change.new == nil ? nil : change.path,
                            kind: kind, oldMode: mode(change.old), newMode: mode(change.new), similarity: nil,
                            oldObject: change.old?.id.hex, newObject: change.new?.id.hex, isBinary: false,
                            hunks: lineHistories.hunks(at: change.path, old: item.old, new: item.new,
                                                       deleted: change.new == nil, headings: walked.headings),
                            headerLine: 0)
        }
    }

    /// Reads ahead the blobs the walked changes of consecutive commits will ask for, path by path and
    /// each path's versions in order, and keeps them (up to the blob memory's limit) for the diffs and the
    /// model. libgit2 rebuilds a blob from its pack through a chain of deltas and keeps recent bases
    /// in a 16 MiB cache: in commit order, the versions of one file come too far apart for their
    /// bases to be there still, and the 10,394 blobs of the benchmark's history took 0.29 s to read;
    /// path by path, 0.04 s. Each path's first old side comes first, then every new side.
    func readAhead(_ commits: [[WalkedChange]]) throws(GitError) {
        // Each path's blobs in commit order, the paths in the order they first change.
        var group: [String: Int] = [:]
        var groups: [[git_oid]] = []
        for changes in commits {
            for change in changes.map(\.blob) {
                let index: Int
                if let known = group[change.path] {
                    index = known
                } else {
                    index = groups.count
                    group[change.path] = index
                    groups.append(change.old.map { [$0.id] } ?? [])
                }
                if let new = change.new { groups[index].append(new.id) }
            }
        }
        for id in groups.joined() where !blobMemory.holdsAhead(id) {
            guard blobMemory.keepAhead(try bytes(of: id), id: id) else { return }
        }
    }

    /// Appends the blobs that differ between two trees (`nil`: empty) under `prefix`, walking both
    /// entry lists in git's tree order at once; false when a path changes type or holds a submodule.
    private func changedBlobs(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String,
                              into changes: inout [ChangedBlob]) throws(GitError) -> Bool {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var oldIndex = 0
        var newIndex = 0
        var added: [String] = []
        var deleted: [String] = []
        while oldIndex < oldCount || newIndex < newCount {
            let before = oldIndex < oldCount ? git_tree_entry_byindex(old, oldIndex) : nil
            let after = newIndex < newCount ? git_tree_entry_byindex(new, newIndex) : nil
            let order: Int32
            if let before, let after { order = git_tree_entry_cmp(before, after) } else { order = before == nil ? 1 : -1 }
            if order == 0, let before, let after {
                oldIndex += 1
                newIndex += 1
                if git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(after)) != 0,
                   git_tree_entry_filemode(before) == git_tree_entry_filemode(after) { continue }
                guard try entryChanged(before, after, path: prefix + Self.name(after), into: &changes) else { return false }
            } else if order < 0, let before {
                oldIndex += 1
                deleted.append(Self.name(before))
                guard try entryChanged(before, nil, path: prefix + deleted[deleted.count - 1], into: &changes) else { return false }
            } else if let after {
                newIndex += 1
                added.append(Self.name(after))
                guard try entryChanged(nil, after, path: prefix + added[added.count - 1], into: &changes) else { return false }
            }
        }
        // A name both deleted and added changed between a tree and a file.
        return added.isEmpty || deleted.isEmpty || Set(added).isDisjoint(with: deleted)
    }

    private static func name(_ entry: OpaquePointer) -> String {
        git_tree_entry_name(entry).map { String(cString: $0) } ?? ""
    }

    private func entryChanged(_ old: OpaquePointer?, _ new: OpaquePointer?, path: String,
                              into changes: inout [ChangedBlob]) throws(GitError) -> Bool {
        func isTree(_ entry: OpaquePointer?) -> Bool { entry.map { git_tree_entry_filemode($0) == GIT_FILEMODE_TREE } ?? false }
        func blob(_ entry: OpaquePointer?) -> TreeBlob?? {
            guard let entry else { return .some(nil) }
            let mode = git_tree_entry_filemode(entry)
            guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK,
                  let id = git_tree_entry_id(entry) else { return nil }
            return .some(TreeBlob(id: id.pointee, mode: mode.rawValue))
        }
        if isTree(old) || isTree(new) {
            guard old == nil || isTree(old), new == nil || isTree(new) else { return false }
            let oldTree = try old.map { entry throws(GitError) in try lookupTree(entry) }
            defer { if let oldTree { git_tree_free(oldTree) } }
            let newTree = try new.map { entry throws(GitError) in try lookupTree(entry) }
            defer { if let newTree { git_tree_free(newTree) } }
            return try changedBlobs(oldTree, newTree, prefix: path + "/", into: &changes)
        }
        guard let oldBlob = blob(old), let newBlob = blob(new) else { return false }
        // A link that becomes a file (or back) is a type change: libgit2 shows it as two deltas.
        if let oldBlob, let newBlob, (oldBlob.mode == GIT_FILEMODE_LINK.rawValue) != (newBlob.mode == GIT_FILEMODE_LINK.rawValue) {
            return false
        }
        changes.append(ChangedBlob(path: path, old: oldBlob, new: newBlob))
        return true
    }

    private func lookupTree(_ entry: OpaquePointer) throws(GitError) -> OpaquePointer {
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, handle, git_tree_entry_id(entry))
        guard code == 0, let tree else { throw GitError.last(code, InputLocation(file: path), "cannot read a tree") }
        return tree
    }

    /// The bytes of blob `id` at `path`: the ones this handle last read there when they are that
    /// blob's, else read (and remembered).
    func rememberedBytes(at path: String, id: git_oid) throws(GitError) -> [UInt8] {
        if let known = blobMemory.bytes(at: path, id: id) { return known }
        let bytes = try bytes(of: id)
        blobMemory.remember(bytes, id: id, at: path)
        return bytes
    }

    /// The bytes of the blob `id`: read ahead, or read now.
    func bytes(of id: git_oid) throws(GitError) -> [UInt8] {
        if let known = blobMemory.readAhead(id) { return known }
        var oid = id
        var blob: OpaquePointer?
        let code = git_blob_lookup(&blob, handle, &oid)
        guard code == 0, let blob else { throw GitError.last(code, InputLocation(file: path), "cannot read blob \(id.hex)") }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The section headings git's diff driver for `path` gives: from the `diff` attribute, none
    /// (any line beginning with a letter, `_` or `$`) or `cpp`; `nil` for any other driver.
    /// Each path's answer is kept for the handle's life: libgit2 reads the attributes from files
    /// (`info/attributes`, the global and system ones, a work tree's `.gitattributes`), not from the
    /// commits, and would check every one of them again for each changed file.
    func sectionHeadings(_ path: String) -> SectionHeadings? {
        if let known = sectionHeadingsMemory.withLock({ $0[path] }) { return known }
        let found = readSectionHeadings(path)
        sectionHeadingsMemory.withLock { $0[path] = .some(found) }
        return found
    }

    private func readSectionHeadings(_ path: String) -> SectionHeadings? {
        var value: UnsafePointer<CChar>?
        guard git_attr_get(&value, handle, 0, path, "diff") == 0 else { return nil }
        switch git_attr_value(value) {
        case GIT_ATTR_VALUE_UNSPECIFIED: return .plain
        case GIT_ATTR_VALUE_STRING where value.map({ String(cString: $0) }) == "cpp": return .cpp
        default: return nil
        }
    }
}
