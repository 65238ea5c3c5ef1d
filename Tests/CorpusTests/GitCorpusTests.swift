import Foundation
import TestSupport
import GitSource
import PatchModel
import Review
import Testing

/// `make corpus`: the four kernel snapshots as a history (series-before, before, after, series-after),
/// checked as a range, and the v4 series applied onto its first commit in memory.
@Suite("corpus: git", .enabled(if: Corpus.isPresent))
struct GitCorpusTests {
    static let snapshots = ["series-before", "before", "after", "series-after"]

    /// A repository in a temporary folder whose commits are the snapshots, copied at run time.
    static func history() throws -> (URL, [String]) {
        let root = try #require(Corpus.root)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try git(folder, ["init", "-q", "-b", "main"])
        var commits: [String] = []
        for name in snapshots {
            let contents = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != ".git" }
            for entry in contents { try FileManager.default.removeItem(at: folder.appendingPathComponent(entry)) }
            let source = root.appendingPathComponent("kernel/\(name)")
            for entry in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                try FileManager.default.copyItem(at: source.appendingPathComponent(entry), to: folder.appendingPathComponent(entry))
            }
            try git(folder, ["add", "-A"])
            try git(folder, ["commit", "-q", "-m", "snapshot: \(name)"])
            commits.append(try git(folder, ["rev-parse", "HEAD"]))
        }
        return (folder, commits)
    }

    @discardableResult
    static func git(_ folder: URL, _ arguments: [String]) throws -> String {
        let result = try ChildProcess.run("/usr/bin/git", ["-c", "user.name=Corpus Test", "-c", "user.email=corpus@example.org",
                                                           "-c", "commit.gpgsign=false"] + arguments,
                                          environment: ChildProcess.environment([
                                              "GIT_AUTHOR_DATE": "1690292523 +1000", "GIT_COMMITTER_DATE": "1690292523 +1000",
                                              "GIT_CONFIG_NOSYSTEM": "1",
                                          ]), directory: folder)
        #expect(result.status == 0, "git \(arguments)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static var mailbox: String? { Corpus.root?.appendingPathComponent("series/secondary-tlb-v4.mbox").path }

    @Test func checkTheSnapshotHistory() throws {
        let (folder, commits) = try Self.history()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Corpus.run(["check", folder.path, "\(commits[0])..\(commits[3])", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let patches = try #require(json["patches"] as? [[String: Any]])
        #expect(patches.map { $0["subject"] as? String } == ["snapshot: before", "snapshot: after", "snapshot: series-after"])
        // The central patch is the "before" -> "after" commit: the arch TLB flush files and asm-generic.
        let central = Set((patches[1]["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
        #expect(central.isSuperset(of: ["arch/arm64/include/asm/tlbflush.h", "arch/x86/include/asm/tlbflush.h",
                                        "arch/powerpc/include/asm/book3s/64/tlbflush.h", "include/asm-generic/tlb.h"]))
    }

    @Test func reviewTheV4SeriesOnTheTree() throws {
        let mailbox = try #require(Self.mailbox)
        let (folder, commits) = try Self.history()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Corpus.run(["review", mailbox, "--tree", folder.path, "--base", commits[0], "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect((json["source"] as? [String: Any])?["base"] as? String == commits[0])
        #expect((json["source"] as? [String: Any])?["baseline"] as? String == "tree")
        let patches = try #require(json["patches"] as? [[String: Any]])
        #expect(patches.count == 5)
        let applies = patches.map { $0["apply"] as? [String: Any] ?? [:] }
        // 1/5 to 3/5 touch only files the subset holds, and apply; 4/5 and 5/5 touch files it lacks.
        #expect(applies.map { $0["status"] as? String } == ["applied", "applied", "applied", "partial", "partial"])
        let notes = applies[3]["notes"] as? [String] ?? []
        #expect(notes.contains("patch 4/5: mm/rmap.c: not in the tree, skipped"))
        #expect(!notes.contains { $0.contains("does not apply") })
    }

    /// Applied in memory, the series reproduces the snapshots: after 3/5 the files equal `after/`
    /// (the snapshot just after the central patch), for every file the snapshot holds.
    @Test func appliedStatesMatchTheSnapshots() throws {
        let root = try #require(Corpus.root)
        let mailbox = try #require(Self.mailbox)
        let (folder, commits) = try Self.history()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (series, _) = try SeriesLoader.load(path: mailbox)
        let repository = try Repository(path: folder.path)
        let applied = try repository.apply(series.patches, onto: commits[0])
        let afterCentral = applied.states.after(2)
        let touched = Set(series.patches[2].files.map(\.path))
        #expect(touched.contains("arch/arm64/include/asm/tlbflush.h"))
        for path in touched.sorted() {
            let expected = try? [UInt8](Data(contentsOf: root.appendingPathComponent("kernel/after/\(path)")))
            #expect(try applied.states.contents(of: path, in: afterCentral) == expected, "\(path) after 3/5")
        }
    }
}
