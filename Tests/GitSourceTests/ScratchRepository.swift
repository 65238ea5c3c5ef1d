import Foundation
import TestSupport
import Testing

/// A git repository built in a temporary folder with the `git` command, with fixed identities and
/// dates so it builds the same on any machine.
final class ScratchRepository {
    let url: URL
    var path: String { url.path }
    private var clock = 1_690_243_200

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Runs git in the repository and returns its standard output.
    @discardableResult
    func git(_ arguments: String..., date: String? = nil, author: (String, String) = ("Ada Author", "ada@example.org")) throws -> String {
        try run(arguments, date: date, author: author)
    }

    @discardableResult
    func run(_ arguments: [String], date: String? = nil, author: (String, String) = ("Ada Author", "ada@example.org")) throws -> String {
        clock += 60
        let stamp = date ?? "\(clock) +0000"
        let result = try ChildProcess.run("/usr/bin/git", ["-c", "user.name=Cora Committer", "-c", "user.email=cora@example.org",
                                                           "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"] + arguments,
                                          environment: ChildProcess.environment([
                                              "GIT_AUTHOR_NAME": author.0, "GIT_AUTHOR_EMAIL": author.1, "GIT_AUTHOR_DATE": stamp,
                                              "GIT_COMMITTER_NAME": "Cora Committer", "GIT_COMMITTER_EMAIL": "cora@example.org",
                                              "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_NOSYSTEM": "1", "HOME": url.path,
                                          ]), directory: url)
        guard result.status == 0 else {
            throw ScratchError(message: "git \(arguments.joined(separator: " ")): \(result.errors)")
        }
        return result.output
    }

    func bytes(_ arguments: String...) throws -> [UInt8] {
        Array(try run(arguments).utf8)
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, Array(text.utf8))
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    /// Stages everything and commits; returns the new commit's id.
    @discardableResult
    func commit(_ message: String, date: String? = nil, author: (String, String) = ("Ada Author", "ada@example.org")) throws -> String {
        try git("add", "-A")
        try run(["commit", "-q", "--allow-empty", "-m", message], date: date, author: author)
        return try head()
    }

    func head() throws -> String {
        try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func revParse(_ revision: String) throws -> String {
        try git("rev-parse", revision).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `count` numbered lines `prefix N`.
    static func lines(_ count: Int, _ prefix: String = "line") -> String {
        (1...count).map { "\(prefix) \($0)\n" }.joined()
    }
}

struct ScratchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
