import Foundation
import TestSupport
import GitSource
import PatchModel
import Testing

/// Runs `git` in a folder with a fixed environment, for building real repositories in tests.
enum Git {
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> String {
        let result = try ChildProcess.run("/usr/bin/git", arguments,
                                          environment: ChildProcess.environment(["GIT_CONFIG_NOSYSTEM": "1", "HOME": directory.path]
                                              .merging(environment) { $1 }), directory: directory)
        guard result.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: ["git": arguments.joined(separator: " ")])
        }
        return result.output
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("git: repository and identity")
struct IdentityTests {
    @Test func readsReviewerIdentityFromRepositoryConfig() throws {
        let directory = try Git.temporaryDirectory("identity")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Git.run(["init", "-q", "."], in: directory)
        try Git.run(["config", "user.name", "Reviewer Example"], in: directory)
        try Git.run(["config", "user.email", "reviewer@example.org"], in: directory)
        let repository = try Repository(path: directory.path)
        #expect(try repository.identity() == Person(name: "Reviewer Example", email: "reviewer@example.org"))
        // Opened through its .git folder too, and bare repositories.
        let dotGit = try Repository(path: directory.appendingPathComponent(".git").path)
        #expect(try dotGit.identity()?.email == "reviewer@example.org")
    }

    @Test func notARepositoryIsMissingInput() throws {
        let directory = try Git.temporaryDirectory("notrepo")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try Repository(path: directory.path)
            Issue.record("opening a plain folder must fail")
        } catch {
            #expect(error.category == .missingInput)
            #expect(error.location.file == directory.path)
        }
        #expect(throws: GitError.self) { try Repository(path: "/nonexistent/repo") }
    }
}
