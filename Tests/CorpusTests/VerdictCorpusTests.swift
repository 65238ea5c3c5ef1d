import Foundation
import Testing

/// `make corpus`: what the simulation and the reply say about the real v4 series, applied to the
/// kernel snapshots in memory.
@Suite("corpus: simulation and reply", .enabled(if: Corpus.isPresent))
struct VerdictCorpusTests {
    static func review() throws -> [String: Any] {
        let (folder, commits) = try GitCorpusTests.history()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mailbox = try #require(GitCorpusTests.mailbox)
        let result = try Corpus.run(["review", mailbox, "--tree", folder.path, "--base", commits[0], "--format", "json"])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    /// The central patch fixes the permission upgrade on arm64 (the series' purpose) and breaks
    /// nothing on arm64 or x86.
    @Test func theCentralPatchFixesTheUpgradeOnArm64() throws {
        let object = try Self.review()
        let patches = try #require(object["patches"] as? [[String: Any]])
        let central = try #require(patches.first { $0["index"] as? Int == 3 })
        let simulation = try #require(central["simulation"] as? [[String: Any]])
        let upgrade = try #require(simulation.first { $0["arch"] as? String == "arm64" && $0["scenario"] as? String == "upgrade-with-cached-ro" })
        #expect(upgrade["before"] as? String == "fails")
        #expect(upgrade["after"] as? String == "holds")
        #expect(upgrade["failure"] as? String == "infinite-device-fault")
        let trace = upgrade["trace"] as? [String] ?? []
        #expect(trace.contains { $0.contains("repeats forever") })
        let broken = simulation.filter { ($0["arch"] as? String).map { ["arm64", "x86"].contains($0) } == true
            && $0["before"] as? String == "holds" && $0["after"] as? String == "fails" }
        #expect(broken.isEmpty, "\(broken)")
        // The range flush notifies after its loop has consumed `start`: the empty range is reported.
        let findings = central["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["code"] as? String == "empty-range" && $0["arch"] as? String == "arm64" })
        // The rename is a rename, and earns its trailer.
        let rename = try #require(patches.first { $0["index"] as? Int == 5 })
        #expect(rename["verdict"] as? String == "reviewed-by")
        let series = try #require(object["series"] as? [String: Any])
        let fixes = series["fixes"] as? [[String: Any]] ?? []
        #expect(fixes.contains { $0["arch"] as? String == "arm64" && $0["scenario"] as? String == "upgrade-with-cached-ro" && $0["patch"] as? Int == 3 })
        Self.expectOnlyPowerpcPageFlushQuestions(series)
    }

    /// The series breaks nothing on arm64 and x86. On powerpc it asks one question, at patch 4:
    /// `radix__flush_tlb_page()` never calls the notifier, so once the `_notify` helpers and
    /// `range_end` stop notifying, a single-page invalidation reaches only what snoops the global
    /// tlbie (the nest MMU), not a device ATC (ocxl's). Nothing else, and nothing through a local
    /// flush a coprocessor rules out, or through a reclaim batch powerpc does not have.
    static func expectOnlyPowerpcPageFlushQuestions(_ series: [String: Any]) {
        let breaks = series["breaks"] as? [[String: Any]] ?? []
        #expect(breaks.allSatisfy { $0["arch"] as? String == "powerpc" && $0["patch"] as? Int == 4 }, "\(breaks)")
        let pageScenarios: Set<String> = ["invalidate-before-pte-write", "reclaim-batched", "reclaim-racing-munmap",
                                          "cow-or-migrate", "range-encoding"]
        #expect(breaks.allSatisfy { pageScenarios.contains($0["scenario"] as? String ?? "") }, "\(breaks)")
        #expect(breaks.contains { $0["scenario"] as? String == "invalidate-before-pte-write" }, "\(breaks)")
    }

    /// From the hunks alone (no tree), the same conclusions: patch 4 deletes the `_notify` helpers and
    /// patch 5 renames a call whose second line is context; neither breaks arm64 or x86.
    @Test func fromTheKnowledgeBaseTheSeriesReadsAsFromTheTree() throws {
        let mailbox = try #require(GitCorpusTests.mailbox)
        let result = try Corpus.run(["review", mailbox, "--format", "json"])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let series = try #require(object["series"] as? [String: Any])
        let fixes = series["fixes"] as? [[String: Any]] ?? []
        #expect(fixes.contains { $0["arch"] as? String == "arm64" && $0["scenario"] as? String == "upgrade-with-cached-ro" && $0["patch"] as? Int == 3 })
        Self.expectOnlyPowerpcPageFlushQuestions(series)
        let patches = try #require(object["patches"] as? [[String: Any]])
        // The rename is only a rename.
        #expect(patches.first { $0["index"] as? Int == 5 }?["verdict"] as? String == "reviewed-by")
        // Each state is updated from the one before (patches 1 and 2 touch no model file): no arch the
        // series does not reach, and no riscv, which the baselines do not hold, is simulated.
        let simulated = Set(patches.flatMap { ($0["simulation"] as? [[String: Any]] ?? []).compactMap { $0["arch"] as? String } })
        #expect(simulated == ["arm64", "powerpc", "x86"])
    }

    /// A draft for every patch of the v4 thread parses back with `git mailsplit` as one message each.
    @Test func draftsForEveryPatchOfV4() throws {
        let mailbox = try #require(GitCorpusTests.mailbox)
        let result = try Corpus.run(["reply", mailbox, "--all", "--mbox", "--as", "Corpus Reviewer <reviewer@example.org>",
                                     "--date", "Wed, 26 Jul 2023 10:00:00 +0200", "--conditional"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        let drafts = text.components(separatedBy: "\nFrom shootdown Mon Sep 17 00:00:00 2001\n").count
        #expect(drafts == 5)
        #expect(text.contains("In-Reply-To: <0287ae32d91393a582897d6c4db6f7456b1001f2.1690292440.git-series.apopple@nvidia.com>"))
        #expect(text.contains("Reviewed-by: Corpus Reviewer <reviewer@example.org>"))
    }
}
