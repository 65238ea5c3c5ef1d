import Foundation
import TestSupport
import Testing

/// `shootdown check` and `shootdown review --tree` end to end, on repositories built with `git`.
@Suite struct GitCommandTests {
    /// A scratch repository: base commit with `tlb.c`, then two commits on `topic`, mailed as a series.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-cli-\(UUID().uuidString)")
        var clock = 1_690_243_200

        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try git("init", "-q", "-b", "main")
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        @discardableResult
        func git(_ arguments: String...) throws -> String {
            clock += 60
            let result = try ChildProcess.run("/usr/bin/git", ["-c", "user.name=Cora Committer", "-c", "user.email=cora@example.org",
                                                               "-c", "commit.gpgsign=false"] + arguments,
                                              environment: ChildProcess.environment([
                                                  "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.org",
                                                  "GIT_COMMITTER_NAME": "Cora Committer", "GIT_COMMITTER_EMAIL": "cora@example.org",
                                                  "GIT_AUTHOR_DATE": "\(clock) +0200", "GIT_COMMITTER_DATE": "\(clock) +0200",
                                                  "GIT_CONFIG_NOSYSTEM": "1", "HOME": url.path,
                                              ]), directory: url)
            if result.status != 0 { throw CocoaError(.fileReadUnknown) }
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func write(_ path: String, _ text: String) throws {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }

        func commit(_ message: String) throws -> String {
            try git("add", "-A")
            try git("commit", "-q", "-m", message)
            return try git("rev-parse", "HEAD")
        }
    }

    static let tlb = (1...40).map { "\tline_\($0)();\n" }.joined()

    static func scratch() throws -> (Scratch, base: String, mbox: String) {
        let repo = try Scratch()
        try repo.write("arch/x86/mm/tlb.c", tlb)
        try repo.write("mm/rmap.c", "a\nb\nc\n")
        let base = try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("arch/x86/mm/tlb.c", tlb.replacingOccurrences(of: "\tline_20();\n", with: "\tline_20();\n\tnotify_secondary();\n"))
        _ = try repo.commit("x86/mm: notify secondary TLBs\n\nSigned-off-by: Ada Author <ada@example.org>")
        try repo.write("mm/rmap.c", "a\nB\nc\n")
        _ = try repo.commit("mm: rmap")
        let mbox = repo.url.appendingPathComponent("series.mbox").path
        try Data(try repo.git("format-patch", "--stdout", "--thread=shallow", "--cover-letter", "--base=\(base)", "\(base)..topic").utf8)
            .write(to: URL(fileURLWithPath: mbox))
        try repo.git("checkout", "-q", "main")
        return (repo, base, mbox)
    }

    @Test func checkRangeAsJSON() throws {
        let (repo, base, _) = try Self.scratch()
        let result = try CommandRunner.run(["check", repo.url.path, "\(base)..topic", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["kind"] as? String == "git")
        #expect(source["range"] as? String == "\(base)..topic")
        #expect(source["baseline"] as? String == "tree")
        let patches = try #require(json["patches"] as? [[String: Any]])
        #expect(patches.map { $0["subject"] as? String } == ["x86/mm: notify secondary TLBs", "mm: rmap"])
        #expect(patches.map { $0["index"] as? Int } == [1, 2])
        #expect(patches.first?["date"] as? String != nil)
        #expect((patches.first?["commit"] as? String)?.count == 40)
        #expect((json["series"] as? [String: Any])?["title"] as? String == "\(base)..topic")
    }

    @Test func checkTextNumbersCommits() throws {
        let (repo, base, _) = try Self.scratch()
        let result = try CommandRunner.run(["check", repo.url.path, "\(base)...topic"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[1/2] x86/mm: notify secondary TLBs"))
        #expect(result.stdout.contains("[2/2] mm: rmap"))
        #expect(result.stdout.contains("x86:"))
    }

    @Test func checkErrorsExitCodes() throws {
        let (repo, _, _) = try Self.scratch()
        let notRepo = try CommandRunner.run(["check", repo.url.appendingPathComponent("arch").path, "HEAD"])
        #expect(notRepo.status == 66)
        #expect(notRepo.stderr.hasPrefix("shootdown: ") && notRepo.stderr.split(separator: "\n").count == 1)
        let missing = try CommandRunner.run(["check", "/nonexistent/shootdown/repo", "HEAD"])
        #expect(missing.status == 66)
        let badRevision = try CommandRunner.run(["check", repo.url.path, "no-such-branch..topic"])
        #expect(badRevision.status == 66)
        #expect(badRevision.stderr.contains("no-such-branch"))
        let badSyntax = try CommandRunner.run(["check", repo.url.path, "main..topic..x"])
        #expect(badSyntax.status == 64)
        let empty = try CommandRunner.run(["check", repo.url.path, "topic..topic"])
        #expect(empty.status == 66)
        #expect(empty.stderr.contains("empty range"))
    }

    @Test func corruptObjectIsAnIOError() throws {
        let repo = try Scratch()
        try repo.write("x.c", "one\ntwo\n")
        _ = try repo.commit("add")
        let blob = try repo.git("rev-parse", "HEAD:x.c")
        let object = repo.url.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        try Data([7, 7, 7]).write(to: object)
        let result = try CommandRunner.run(["check", repo.url.path, "HEAD"])
        #expect(result.status == 74)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func reviewTreeAppliesOnTheSeriesBase() throws {
        let (repo, base, mbox) = try Self.scratch()
        // HEAD moves on with lines inserted above the hunk: the named base-commit still wins.
        try repo.write("arch/x86/mm/tlb.c", "/* moved */\n" + Self.tlb)
        _ = try repo.commit("move")
        let result = try CommandRunner.run(["review", mbox, "--tree", repo.url.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["baseline"] as? String == "tree")
        #expect(source["base"] as? String == base)
        let patches = try #require(json["patches"] as? [[String: Any]])
        let statuses = patches.map { ($0["apply"] as? [String: Any])?["status"] as? String }
        #expect(statuses == ["applied", "applied"])
        // On HEAD the first hunk moved one line down.
        let onHead = try CommandRunner.run(["review", mbox, "--tree", repo.url.path, "--base", "HEAD"])
        #expect(onHead.status == 0)
        #expect(onHead.stdout.contains("applies: applied"))
        #expect(onHead.stdout.contains("offset 1 line"))
    }

    @Test func reviewTreeReportsWhatDoesNotApply() throws {
        let (repo, _, mbox) = try Self.scratch()
        try repo.write("arch/x86/mm/tlb.c", Self.tlb.replacingOccurrences(of: "\tline_21();\n", with: "\tline_21(x);\n"))
        try repo.git("rm", "-q", "mm/rmap.c")
        _ = try repo.commit("conflict")
        let result = try CommandRunner.run(["review", mbox, "--tree", repo.url.path, "--base", "main", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let patches = try #require(json["patches"] as? [[String: Any]])
        let applies = patches.compactMap { $0["apply"] as? [String: Any] }
        #expect(applies.map { $0["status"] as? String } == ["failed", "partial"])
        #expect(applies.first?["notes"] as? [String] == ["patch 1/2: arch/x86/mm/tlb.c: hunk @@ -18,6 +18,7 @@ does not apply"])
        #expect(applies.last?["notes"] as? [String] == ["patch 2/2: mm/rmap.c: not in the tree, skipped"])
    }

    @Test func reviewTreeErrors() throws {
        let (repo, _, mbox) = try Self.scratch()
        let badBase = try CommandRunner.run(["review", mbox, "--tree", repo.url.path, "--base", "nope"])
        #expect(badBase.status == 66)
        let badTree = try CommandRunner.run(["review", mbox, "--tree", "/nonexistent/shootdown/repo"])
        #expect(badTree.status == 66)
    }

    /// A long range over arch TLB code, as `check` cuts it into runs of consecutive commits for each
    /// core: most commits edit a function no flush reaches, every tenth moves the x86 notifier or
    /// changes its range, and a few touch no model file. One core and two give the same output.
    @Test func checkOnOneCoreAndOnTwoAgree() throws {
        let repo = try Scratch()
        func tlb(_ serial: Int) -> String {
            let notifier = serial / 10 % 2 == 0
                ? "\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);\n"
                : "\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end + PAGE_SIZE);\n"
            return """
                void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end,
                \t\t\tunsigned int stride_shift, bool freed_tables)
                {
                \tflush_tlb_func(mm, start, end);
                \(notifier)}

                static void demo_helper_\(serial % 7)(struct mm_struct *mm)
                {
                \tval = READ_ONCE(entry[\(serial)]);
                }

                """
        }
        try repo.write("arch/x86/mm/tlb.c", tlb(0))
        try repo.write("drivers/iommu/demo.c", "int demo;\n")
        let base = try repo.commit("base")
        for serial in 1...140 {
            if serial % 13 == 0 {
                try repo.write("drivers/iommu/demo.c", "int demo = \(serial);\n")
            } else {
                try repo.write("arch/x86/mm/tlb.c", tlb(serial))
            }
            _ = try repo.commit("x86/mm: change \(serial)")
        }
        let one = try CommandRunner.run(["check", repo.url.path, "\(base)..main", "--format", "json"],
                                        environment: ["SHOOTDOWN_CORES": "1"])
        let two = try CommandRunner.run(["check", repo.url.path, "\(base)..main", "--format", "json"],
                                        environment: ["SHOOTDOWN_CORES": "2"])
        #expect(one.status == two.status)
        #expect(one.stderr == two.stderr)
        #expect(one.stdout == two.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(two.stdout.utf8)) as? [String: Any])
        let patches = try #require(json["patches"] as? [[String: Any]])
        #expect(patches.count == 140)
        // The notifier's range changes every tenth commit: those commits show it.
        let changed = patches.filter { patch in
            (patch["changes"] as? [[String: Any]])?.contains { $0["kind"] as? String == "secondary-range-changed" } == true
        }
        #expect(changed.count >= 10)
    }
}
