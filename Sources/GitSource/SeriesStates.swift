import CLibGit2
import Foundation
import PatchModel

/// The files of a tree at one point of a series: a git tree, and the files a series applied in
/// memory changed over it (a `nil` value: the file was deleted).
public struct TreeState: Sendable, Hashable {
    /// The tree the state rests on; `nil` is the empty tree (before a root commit).
    public var tree: ObjectName?
    /// Files whose contents differ from `tree`, by path.
    public var changed: [String: [UInt8]?]

    public init(tree: ObjectName?, changed: [String: [UInt8]?] = [:]) {
        self.tree = tree
        self.changed = changed
    }
}

/// The whole-file states of a series or range: N+1 states for N patches (state 0 is the base,
/// state k the files after patch k), read without checking anything out.
public struct SeriesStates: Sendable {
    /// `states[0]` before the first patch, `states[k]` after patch k.
    public var states: [TreeState]
    /// The state each patch was made against: its first parent's tree for a commit (which differs
    /// from `states[k]` when a merge was skipped), `states[k]` for an applied series.
    public var parents: [TreeState]
    let reader: TreeReader

    init(states: [TreeState], parents: [TreeState], reader: TreeReader) {
        self.states = states
        self.parents = parents
        self.reader = reader
    }

    /// The number of patches.
    public var count: Int { parents.count }

    /// The files patch `index` (0-based) was made against.
    public func before(_ index: Int) -> TreeState { parents[index] }

    /// The files after patch `index` (0-based).
    public func after(_ index: Int) -> TreeState { states[index + 1] }

    /// The contents of `path` in `state`, or `nil` when the state has no file there.
    public func contents(of path: String, in state: TreeState) throws(GitError) -> [UInt8]? {
        if let changed = state.changed[path] { return changed }
        guard let tree = state.tree else { return nil }
        return try reader.blob(at: path, in: tree)
    }

    /// The same states read through a repository handle of their own, for another thread (reads
    /// through one handle take turns).
    public func withOwnReader() throws(GitError) -> SeriesStates {
        SeriesStates(states: states, parents: parents, reader: TreeReader(try Repository(path: reader.path)))
    }

    /// The states of consecutive runs of one range as one, read through `repository`.
    public init(joining runs: [SeriesStates], repository: Repository) {
        self.init(joining: runs.map { ($0.states, $0.parents) }, repository: repository)
    }

    /// The states and parents of consecutive runs of one range as one, read through `repository`
    /// (a run's own handle can then go with its thread).
    public init(joining runs: [(states: [TreeState], parents: [TreeState])], repository: Repository) {
        var states: [TreeState] = []
        var parents: [TreeState] = []
        for run in runs {
            states.append(contentsOf: states.isEmpty ? run.states[...] : run.states.dropFirst())
            parents.append(contentsOf: run.parents)
        }
        self.init(states: states, parents: parents, reader: TreeReader(repository))
    }

    /// The states of a range of commits from each commit's own tree and its first parent's tree.
    init(trees: [(tree: ObjectName?, parent: ObjectName?)], repository: Repository) {
        var states: [TreeState] = []
        var parents: [TreeState] = []
        for (index, commit) in trees.enumerated() {
            if index == 0 { states.append(TreeState(tree: commit.parent)) }
            parents.append(TreeState(tree: commit.parent))
            states.append(TreeState(tree: commit.tree))
        }
        self.init(states: states, parents: parents, reader: TreeReader(repository))
    }
}

/// Reads blobs from trees through one repository handle, one caller at a time.
final class TreeReader: @unchecked Sendable {
    private let repository: Repository
    private let lock = NSLock()

    init(_ repository: Repository) { self.repository = repository }

    var path: String { repository.path }

    func blob(at path: String, in tree: ObjectName) throws(GitError) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return try repository.blob(at: path, inTree: tree)
    }
}

extension Repository {
    /// The tree of commit `id` and the tree of its first parent (`nil` for a root commit).
    func trees(of id: ObjectName) throws(GitError) -> (tree: ObjectName, parent: ObjectName?) {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        guard let tree = git_commit_tree_id(commit)?.pointee.hex else {
            throw GitError(.inputOutput, InputLocation(file: path), "commit \(id) has no tree")
        }
        guard git_commit_parentcount(commit) > 0 else { return (tree, nil) }
        var parent: OpaquePointer?
        let code = git_commit_parent(&parent, commit, 0)
        guard code == 0, let parent else { throw GitError.last(code, InputLocation(file: path), "cannot read the parent of \(id)") }
        defer { git_commit_free(parent) }
        return (tree, git_commit_tree_id(parent)?.pointee.hex)
    }

    /// The tree id of a commit.
    public func tree(ofCommit id: ObjectName) throws(GitError) -> ObjectName {
        try trees(of: id).tree
    }

    /// The bytes of the blob at `path` in tree `tree`, or `nil` when the tree has no file there.
    public func blob(at path: String, inTree tree: ObjectName) throws(GitError) -> [UInt8]? {
        let location = InputLocation(file: self.path)
        guard var oid = git_oid(hex: tree) else { throw GitError(.missingInput, location, "bad tree id \(tree)") }
        var treePointer: OpaquePointer?
        var code = git_tree_lookup(&treePointer, handle, &oid)
        guard code == 0, let treePointer else { throw GitError.last(code, location, "cannot read tree \(tree)") }
        defer { git_tree_free(treePointer) }
        var entry: OpaquePointer?
        code = git_tree_entry_bypath(&entry, treePointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        guard code == 0, let entry else { throw GitError.last(code, location, "cannot read \(path) in tree \(tree)") }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let id = git_tree_entry_id(entry)?.pointee else { return nil }
        return try rememberedBytes(at: path, id: id)
    }
}

extension SeriesStates {
    /// The names of the files directly in `folder` (no trailing slash) in `state`, with the files a
    /// series added in memory there, and without those it deleted.
    public func fileNames(in folder: String, state: TreeState) throws(GitError) -> [String] {
        var names = Set<String>()
        if let tree = state.tree { names.formUnion(try reader.names(in: folder, tree: tree)) }
        let prefix = folder + "/"
        for (path, contents) in state.changed where path.hasPrefix(prefix) {
            let name = String(path.dropFirst(prefix.count))
            guard !name.contains("/") else { continue }
            if contents == nil { names.remove(name) } else { names.insert(name) }
        }
        return names.sorted()
    }
}

extension TreeReader {
    func names(in folder: String, tree: ObjectName) throws(GitError) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return try repository.entryNames(in: folder, inTree: tree)
    }
}

extension Repository {
    /// The names of the blobs directly in `folder` of `tree` (empty when there is no such folder).
    public func entryNames(in folder: String, inTree tree: ObjectName) throws(GitError) -> [String] {
        let location = InputLocation(file: self.path)
        guard var oid = git_oid(hex: tree) else { throw GitError(.missingInput, location, "bad tree id \(tree)") }
        var root: OpaquePointer?
        var code = git_tree_lookup(&root, handle, &oid)
        guard code == 0, let root else { throw GitError.last(code, location, "cannot read tree \(tree)") }
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        code = git_tree_entry_bypath(&entry, root, folder)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        guard code == 0, let entry else { throw GitError.last(code, location, "cannot read \(folder) in tree \(tree)") }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE, let id = git_tree_entry_id(entry) else { return [] }
        var subtree: OpaquePointer?
        code = git_tree_lookup(&subtree, handle, id)
        guard code == 0, let subtree else { throw GitError.last(code, location, "cannot read \(folder)") }
        defer { git_tree_free(subtree) }
        var names: [String] = []
        for index in 0..<git_tree_entrycount(subtree) {
            guard let child = git_tree_entry_byindex(subtree, index), git_tree_entry_type(child) == GIT_OBJECT_BLOB,
                  let name = git_tree_entry_name(child) else { continue }
            names.append(String(cString: name))
        }
        return names
    }
}
