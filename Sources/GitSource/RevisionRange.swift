import CLibGit2
import PatchModel

/// A range of commits as `git log` takes it: `A..B`, `A...B`, or one revision meaning its own commit.
public enum RevisionRange: Sendable, Hashable, CustomStringConvertible {
    /// `A..B`: reachable from B, not from A.
    case between(String, String)
    /// `A...B`: reachable from either, not from both.
    case symmetric(String, String)
    /// One revision: that commit alone.
    case single(String)

    /// Reads the range syntax; an empty side means `HEAD`, as in git. Fails (usage) on text that is
    /// no range: empty, blanks, or more than one `..`.
    public static func parse(_ text: String) throws(GitError) -> RevisionRange {
        let location = InputLocation(file: text)
        func malformed(_ why: String) -> GitError { GitError(.usage, location, "malformed range: \(why)") }
        if text.isEmpty { throw malformed("empty") }
        if text.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) { throw malformed("contains blanks") }
        let bytes = Array(text.utf8)
        var dots: [(start: Int, count: Int)] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: ".") {
                var end = index
                while end < bytes.count, bytes[end] == UInt8(ascii: ".") { end += 1 }
                if end - index >= 2 { dots.append((index, end - index)) }
                index = end
            } else {
                index += 1
            }
        }
        guard let run = dots.first else { return .single(text) }
        if dots.count > 1 || run.count > 3 { throw malformed("expected A..B or A...B") }
        let left = String(decoding: bytes[..<run.start], as: UTF8.self)
        let right = String(decoding: bytes[(run.start + run.count)...], as: UTF8.self)
        if left.isEmpty && right.isEmpty { throw malformed("no revisions") }
        let from = left.isEmpty ? "HEAD" : left
        let to = right.isEmpty ? "HEAD" : right
        return run.count == 2 ? .between(from, to) : .symmetric(from, to)
    }

    public var description: String {
        switch self {
        case .between(let a, let b): return "\(a)..\(b)"
        case .symmetric(let a, let b): return "\(a)...\(b)"
        case .single(let a): return a
        }
    }
}

/// How a range is walked.
public struct WalkOptions: Sendable, Hashable {
    /// Keep merge commits (`--merges`); by default they are skipped, as `git log -p` shows no diff for them.
    public var merges: Bool
    /// Detect renames, as `git log -p` does by default since git 2.9 (`diff.renames` is true);
    /// `--no-renames` turns it off and shows a deletion and an addition.
    public var findRenames: Bool

    public init(merges: Bool = false, findRenames: Bool = true) {
        self.merges = merges
        self.findRenames = findRenames
    }
}

/// A 40-hex object id.
public typealias ObjectName = String

extension git_oid {
    /// The id in lowercase hex, as git prints it.
    var hex: ObjectName {
        withUnsafeBytes(of: id) { raw in
            String(unsafeUninitializedCapacity: 2 * raw.count) { out in
                func digit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }
                for (index, byte) in raw.enumerated() {
                    out[2 * index] = digit(byte >> 4)
                    out[2 * index + 1] = digit(byte & 0x0F)
                }
                return 2 * raw.count
            }
        }
    }

    /// Whether `other` is the same object id.
    func isSame(as other: git_oid) -> Bool {
        withUnsafePointer(to: self) { x in withUnsafePointer(to: other) { y in git_oid_equal(x, y) != 0 } }
    }

    init?(hex: ObjectName) {
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, hex, hex.utf8.count) == 0 else { return nil }
        self = oid
    }
}

extension Repository {
    /// The commit a revision names (`HEAD`, a branch, a tag, `abc123~2`), as its full id.
    public func commit(_ revision: String) throws(GitError) -> ObjectName {
        let location = InputLocation(file: path)
        var object: OpaquePointer?
        var code = git_revparse_single(&object, handle, revision)
        guard code == 0, let object else {
            if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
                throw GitError(.missingInput, location, "unknown revision \(revision)")
            }
            throw GitError.last(code, location, "cannot resolve \(revision)")
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        code = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        guard code == 0, let commit else {
            if code == GIT_EINVALIDSPEC.rawValue || code == GIT_ENOTFOUND.rawValue || code == GIT_EPEEL.rawValue {
                throw GitError(.missingInput, location, "\(revision) names no commit")
            }
            throw GitError.last(code, location, "cannot read \(revision)")
        }
        defer { git_object_free(commit) }
        guard let id = git_object_id(commit) else { throw GitError(.inputOutput, location, "no id for \(revision)") }
        return id.pointee.hex
    }

    /// Whether `revision` names a commit here.
    public func hasCommit(_ revision: String) -> Bool {
        (try? commit(revision)) != nil
    }

    /// The commits of `range`, oldest first in topological order, merges included (a reader of the
    /// commits skips them as it reads each one: asking here would read every commit twice, on one core).
    /// `A..B` along a chain of single-parent commits is that chain (`linearChain`, through the
    /// commit-graph when there is one); any other range is libgit2's revision walk.
    public func commits(in range: RevisionRange) throws(GitError) -> [ObjectName] {
        let location = InputLocation(file: path)
        var push: [ObjectName] = []
        var hide: [ObjectName] = []
        switch range {
        case .single(let revision):
            return [try commit(revision)]
        case .between(let a, let b):
            hide = [try commit(a)]
            push = [try commit(b)]
            if let base = git_oid(hex: hide[0]), let tip = git_oid(hex: push[0]), let chain = linearChain(from: tip, to: base) {
                return chain
            }
        case .symmetric(let a, let b):
            let left = try commit(a), right = try commit(b)
            push = [left, right]
            hide = try mergeBases(left, right)
        }
        var walk: OpaquePointer?
        var code = git_revwalk_new(&walk, handle)
        guard code == 0, let walk else { throw GitError.last(code, location, "cannot walk \(range)") }
        defer { git_revwalk_free(walk) }
        code = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
        guard code == 0 else { throw GitError.last(code, location, "cannot sort \(range)") }
        for name in push {
            guard var oid = git_oid(hex: name) else { continue }
            code = git_revwalk_push(walk, &oid)
            guard code == 0 else { throw GitError.last(code, location, "cannot walk from \(name)") }
        }
        for name in hide {
            guard var oid = git_oid(hex: name) else { continue }
            code = git_revwalk_hide(walk, &oid)
            guard code == 0 else { throw GitError.last(code, location, "cannot hide \(name)") }
        }
        var result: [ObjectName] = []
        var oid = git_oid()
        while true {
            code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            guard code == 0 else { throw GitError.last(code, location, "cannot walk \(range)") }
            result.append(oid.hex)
        }
        return result
    }

    func mergeBases(_ a: ObjectName, _ b: ObjectName) throws(GitError) -> [ObjectName] {
        guard let left = git_oid(hex: a), let right = git_oid(hex: b) else { return [] }
        var ids = [left, right]
        var bases = git_oidarray()
        let code = git_merge_bases_many(&bases, handle, 2, &ids)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        guard code == 0 else { throw GitError.last(code, InputLocation(file: path), "cannot find the merge base of \(a) and \(b)") }
        defer { git_oidarray_dispose(&bases) }
        var result: [ObjectName] = []
        for index in 0..<bases.count {
            if let id = bases.ids?[index] { result.append(id.hex) }
        }
        return result
    }

    /// The commit `id`; the caller frees it.
    func lookupCommit(_ id: ObjectName) throws(GitError) -> OpaquePointer {
        let location = InputLocation(file: path)
        guard var oid = git_oid(hex: id) else { throw GitError(.missingInput, location, "bad object id \(id)") }
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, handle, &oid)
        guard code == 0, let commit else { throw GitError.last(code, location, "cannot read commit \(id)") }
        return commit
    }
}
