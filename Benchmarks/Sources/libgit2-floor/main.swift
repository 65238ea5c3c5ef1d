// libgit2-floor REPO FIRST LAST [tree|blobs|patches]
//
// What libgit2 alone costs for the work `shootdown check` asks of it, on one thread and with no Swift
// model: walk FIRST..LAST oldest first, diff every commit's tree against its first parent's (indent
// heuristic, renames found as git log does), and then, by level:
//   tree     nothing more (the tree-to-tree diff only);
//   blobs    read both blobs of every changed file (inflate and delta chains);
//   patches  build every file's patch and visit every line, as check's reader does (the default).
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
    guard arguments.count == 4 || arguments.count == 5 else { fail("usage: libgit2-floor REPO FIRST LAST [tree|blobs|patches]") }
    let level = arguments.count == 5 ? arguments[4] : "patches"
    guard ["tree", "blobs", "patches"].contains(level) else { fail("unknown level \(level)") }

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
