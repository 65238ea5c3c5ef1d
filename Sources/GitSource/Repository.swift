import CLibGit2
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import PatchModel

/// A failure reported by libgit2 or by the git layer, copied out of `git_error_last()` at once.
public struct GitError: LocatedError, Equatable {
    public var category: FailureCategory
    public var location: InputLocation
    public var reason: String

    public init(_ category: FailureCategory, _ location: InputLocation, _ reason: String) {
        self.category = category
        self.location = location
        self.reason = reason
    }

    /// The last libgit2 error for a call that returned `code`, classified by its error code.
    static func last(_ code: Int32, _ location: InputLocation, _ what: String) -> GitError {
        var detail = ""
        if let error = git_error_last(), let message = error.pointee.message {
            detail = String(cString: message)
        }
        let category: FailureCategory
        switch code {
        case GIT_ENOTFOUND.rawValue, GIT_EAMBIGUOUS.rawValue: category = .missingInput
        case GIT_ELOCKED.rawValue: category = .inputOutput
        case GIT_EINVALIDSPEC.rawValue: category = .usage
        default: category = .inputOutput
        }
        let text = detail.isEmpty ? what : "\(what): \(detail)"
        return GitError(category, location, text)
    }
}

/// libgit2's global state: initialised once for the process, with strict hash verification off
/// (objects are read from trusted local repositories; verifying every hash costs a third of a walk).
enum LibGit2 {
    static let ready: Bool = {
        git_libgit2_init()
        _ = shootdown_git_set_strict_hash_verification(0)
        return true
    }()
}

/// An open git repository; frees its libgit2 handle exactly once.
public final class Repository: @unchecked Sendable {
    let handle: OpaquePointer
    /// The path the repository was opened from.
    public let path: String
    /// The last blob read at each path through this handle (`rememberedBytes(at:id:)`).
    let blobMemory = BlobMemory()
    /// The section headings of each path asked about through this handle (`sectionHeadings(_:)`).
    let sectionHeadingsMemory = Mutex<[String: SectionHeadings?]>([:])
    /// Each path's versions diffed through this handle, so a version's lines are classified once.
    let lineHistories = LineHistories()

    /// Opens the repository at `path` (a work tree, its `.git`, or a bare repository).
    /// A `.git` directory or bare repository is opened with `GIT_REPOSITORY_OPEN_BARE`, which skips
    /// the work tree and the index.
    public init(path: String) throws(GitError) {
        _ = LibGit2.ready
        self.path = path
        var pointer: OpaquePointer?
        let dotGit = path.hasSuffix("/") ? path + ".git" : path + "/.git"
        var code: Int32
        if Repository.isDirectory(dotGit) {
            code = git_repository_open_ext(&pointer, dotGit, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue, nil)
            if code != 0 {
                code = git_repository_open_ext(&pointer, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
            }
        } else if Repository.exists(dotGit) {
            // A linked work tree (or a submodule): its `.git` is a file naming the git directory.
            code = git_repository_open_ext(&pointer, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        } else {
            code = git_repository_open_ext(&pointer, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue, nil)
        }
        guard code == 0, let pointer else {
            let location = InputLocation(file: path)
            if code == GIT_ENOTFOUND.rawValue || !Repository.exists(path) {
                throw GitError(.missingInput, location, "not a git repository")
            }
            throw GitError.last(code, location, "cannot open repository")
        }
        handle = pointer
    }

    deinit { git_repository_free(handle) }

    /// Gives the handle pack handles of its own, for a run on one core among others. libgit2 keeps
    /// one handle per pack path for the whole process, shared by every repository handle, and each
    /// object read takes that pack's locks (its delta-base cache, its open windows) several times:
    /// over the 4,199-commit benchmark, runs on two cores slept on those locks ~2,600 times and spent
    /// 12% more CPU time (1.90 s against 1.68 s; wall 1.04 s against 0.90 s). The object database is
    /// opened again under a spelling of its path no other run uses (`objects` and `/.` `run + 1`
    /// times); if that fails, the shared one stays.
    func openOwnPackHandles(run: Int) {
        guard let common = git_repository_commondir(handle) else { return }
        var directory = String(cString: common)
        if !directory.hasSuffix("/") { directory += "/" }
        guard Repository.isDirectory(directory + "objects/pack") else { return }
        let objects = directory + "objects" + String(repeating: "/.", count: run + 1)
        var database: OpaquePointer?
        guard git_odb_open(&database, objects) == 0, let database else { return }
        git_repository_set_odb(handle, database)
        git_odb_free(database)
    }

    /// The reviewer's identity as git config gives it (`user.name`, `user.email`), or `nil` when
    /// either is unset. Reads the repository's config, then the global and system files.
    public func identity() throws(GitError) -> Person? {
        var config: OpaquePointer?
        let code = git_repository_config_snapshot(&config, handle)
        guard code == 0, let config else {
            throw GitError.last(code, InputLocation(file: path), "cannot read git config")
        }
        defer { git_config_free(config) }
        return GitConfig.identity(in: config)
    }

    /// The identity from the user's global and system git config, without a repository.
    public static func defaultIdentity() -> Person? {
        _ = LibGit2.ready
        var config: OpaquePointer?
        guard git_config_open_default(&config) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var snapshot: OpaquePointer?
        guard git_config_snapshot(&snapshot, config) == 0, let snapshot else { return nil }
        defer { git_config_free(snapshot) }
        return GitConfig.identity(in: snapshot)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// Reads `user.name` and `user.email` from a config snapshot.
enum GitConfig {
    static func string(_ config: OpaquePointer, _ key: String) -> String? {
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    static func identity(in config: OpaquePointer) -> Person? {
        guard let name = string(config, "user.name"), let email = string(config, "user.email") else {
            return nil
        }
        return Person(name: name, email: email)
    }
}
