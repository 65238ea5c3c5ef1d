// libgit2-floor REPO FIRST LAST [objects|tree|blobs|patches]
//
// What libgit2 alone costs for the work `shootdown check` asks of it, on one thread and with no Swift
// model: walk FIRST..LAST oldest first, and then, by level:
//   objects  read both trees of every commit, walk them side by side in git's order into the
//            subtrees that differ, and read the changed blobs (an old blob the run last read at the
//            same path is not read again): what check's own tree walk asks of libgit2 before it
//            diffs the lines itself (the default, and bench-git.sh's floor);
//   tree     diff every commit's tree against its first parent's with libgit2 (indent heuristic,
//            renames found as git log does), nothing more;
//   blobs    that, and read both blobs of every changed file (inflate and delta chains);
//   patches  that, and build every file's patch and visit every line (what check did through
//            libgit2 before it diffed lines itself; it still does for renames and binary files).
// It prints the commits, blob bytes and diff lines it saw. bench-git.sh times it beside `git log -p`:
// the gap between the two is the floor no change to Shootdown's own code can go under.
import CGit2

func fail(_ message: String) -> Never {
    print("libgit2-floor: \(message)")
    exit(64)
}

/// Walks and diffs the range as the header says; returns the summary line.
func readRange() -> String {
    let arguments = CommandLine.arguments
    guard arguments.count == 4 || arguments.count == 5 else { fail("usage: libgit2-floor REPO FIRST LAST [objects|tree|blobs|patches]") }
    let level = arguments.count == 5 ? arguments[4] : "objects"
    guard ["objects", "tree", "blobs", "patches"].contains(level) else { fail("unknown level \(level)") }

    git_libgit2_init()
    _ = bench_git_set_strict_hash_verification(0)
    var repository: OpaquePointer?
    guard git_repository_open_bare(&repository, arguments[1]) == 0 || git_repository_open(&repository, arguments[1]) == 0 else {
        fail("\(arguments[1]): not a repository")
    }
    func oid(_ revision: String) -> git_oid {
        var object: OpaquePointer?
        guard git_revparse_single(&object, repository, revision) == 0, let object else { fail("unknown revision \(revision)") }
        defer { git_object_free(object) }
        return git_object_id(object).pointee
    }
    var walk: OpaquePointer?
    git_revwalk_new(&walk, repository)
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
    var last = oid(arguments[3])
    var first = oid(arguments[2])
    git_revwalk_push(walk, &last)
    git_revwalk_hide(walk, &first)

    var commits = 0
    var blobBytes = 0
    var diffLines = 0
    var latestAtPath: [String: String] = [:]
    func hex(_ id: git_oid) -> String {
        var copy = id
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        return String(cString: buffer)
    }
    // The blob entries that differ between two trees, into the subtrees that differ.
    func changedBlobs(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String,
                      into blobs: inout [(path: String, old: git_oid?, new: git_oid?)]) {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var i = 0, j = 0
        while i < oldCount || j < newCount {
            let a = i < oldCount ? git_tree_entry_byindex(old, i) : nil
            let b = j < newCount ? git_tree_entry_byindex(new, j) : nil
            let order: Int32 = (a != nil && b != nil) ? git_tree_entry_cmp(a, b) : (a == nil ? 1 : -1)
            var pair: (OpaquePointer?, OpaquePointer?) = (nil, nil)
            if order == 0 {
                i += 1; j += 1
                if git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) != 0 { continue }
                pair = (a, b)
            } else if order < 0 { i += 1; pair = (a, nil) } else { j += 1; pair = (nil, b) }
            let isTree = { (entry: OpaquePointer?) in entry.map { git_tree_entry_filemode($0) == GIT_FILEMODE_TREE } ?? false }
            if isTree(pair.0) || isTree(pair.1) {
                var oldSub: OpaquePointer?, newSub: OpaquePointer?
                if let entry = pair.0 { git_tree_lookup(&oldSub, repository, git_tree_entry_id(entry)) }
                if let entry = pair.1 { git_tree_lookup(&newSub, repository, git_tree_entry_id(entry)) }
                let name = String(cString: git_tree_entry_name(pair.0 ?? pair.1!))
                changedBlobs(oldSub, newSub, prefix: prefix + name + "/", into: &blobs)
                if let oldSub { git_tree_free(oldSub) }
                if let newSub { git_tree_free(newSub) }
            } else {
                let name = String(cString: git_tree_entry_name(pair.0 ?? pair.1!))
                blobs.append((prefix + name, pair.0.flatMap { git_tree_entry_id($0)?.pointee },
                              pair.1.flatMap { git_tree_entry_id($0)?.pointee }))
            }
        }
    }
    var id = git_oid()
    while git_revwalk_next(&id, walk) == 0 {
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, repository, &id) == 0 else { fail("cannot read a commit") }
        defer { git_commit_free(commit) }
        guard git_commit_parentcount(commit) == 1 else { continue }
        var parent: OpaquePointer?
        var oldTree: OpaquePointer?
        var newTree: OpaquePointer?
        git_commit_parent(&parent, commit, 0)
        git_commit_tree(&oldTree, parent)
        git_commit_tree(&newTree, commit)
        defer { git_tree_free(oldTree); git_tree_free(newTree); git_commit_free(parent) }
        if level == "objects" {
            commits += 1
            var blobs: [(path: String, old: git_oid?, new: git_oid?)] = []
            changedBlobs(oldTree, newTree, prefix: "", into: &blobs)
            for change in blobs {
                if var oid = change.old, latestAtPath[change.path] != hex(oid) {
                    var blob: OpaquePointer?
                    if git_blob_lookup(&blob, repository, &oid) == 0 {
                        blobBytes += Int(git_blob_rawsize(blob))
                        git_blob_free(blob)
                    }
                }
                if var oid = change.new {
                    var blob: OpaquePointer?
                    if git_blob_lookup(&blob, repository, &oid) == 0 {
                        blobBytes += Int(git_blob_rawsize(blob))
                        git_blob_free(blob)
                    }
                    latestAtPath[change.path] = hex(oid)
                }
            }
            continue
        }
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue
        var diff: OpaquePointer?
        guard git_diff_tree_to_tree(&diff, repository, oldTree, newTree, &options) == 0 else { fail("cannot diff") }
        defer { git_diff_free(diff) }
        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        git_diff_find_similar(diff, &find)
        commits += 1
        for index in 0..<git_diff_num_deltas(diff) {
            switch level {
            case "blobs":
                guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
                for var blobID in [delta.old_file.id, delta.new_file.id] where git_oid_is_zero(&blobID) == 0 {
                    var blob: OpaquePointer?
                    if git_blob_lookup(&blob, repository, &blobID) == 0 {
                        blobBytes += Int(git_blob_rawsize(blob))
                        git_blob_free(blob)
                    }
                }
            case "patches":
                var patch: OpaquePointer?
                guard git_patch_from_diff(&patch, diff, index) == 0, let patch else { continue }
                for hunk in 0..<git_patch_num_hunks(patch) {
                    let count = Int(git_patch_num_lines_in_hunk(patch, hunk))
                    for line in 0..<count {
                        var pointer: UnsafePointer<git_diff_line>?
                        if git_patch_get_line_in_hunk(&pointer, patch, hunk, line) == 0 { diffLines += 1 }
                    }
                }
                git_patch_free(patch)
            default:
                break
            }
        }
    }
    return "\(commits) commits, \(blobBytes) blob bytes, \(diffLines) diff lines (\(level))"
}

print(readRange())
