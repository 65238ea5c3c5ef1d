import Foundation
import PatchModel
import Review
import Testing

/// Which archs a patch's simulation runs on when there is no tree: those it touches or changes, among
/// the archs whose files the state holds. The knowledge base has no riscv baseline, so a riscv patch
/// reviewed from it simulates nothing, where an arm64 one simulates arm64.
@Suite struct SimulatedArchsTests {
    static func mailbox(path: String, function: String) throws -> String {
        let text = """
        From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
        From: Ada Author <ada@example.org>
        Date: Wed, 15 Nov 2023 10:27:45 +0000
        Subject: [PATCH] mm: notify secondary TLBs in \(function)

        Signed-off-by: Ada Author <ada@example.org>
        ---
        diff --git a/\(path) b/\(path)
        --- a/\(path)
        +++ b/\(path)
        @@ -10,3 +10,4 @@ static void \(function)(struct mm_struct *mm)
         {
         \tlocal_flush(mm);
        +\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, -1UL);
         }
        -- 
        2.42.0

        """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-archs-\(UUID().uuidString).mbox")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func archWithoutBaselineFilesIsNotSimulated() throws {
        let path = try Self.mailbox(path: "arch/riscv/mm/tlbflush.c", function: "flush_tlb_mm")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let review = try ReviewPipeline.review(mailbox: path)
        #expect(review.source.baseline == .knowledgeBase)
        #expect(!review.patches[0].simulation.contains { $0.arch == "riscv" })
    }

    @Test func touchedArchWithBaselineFilesIsSimulated() throws {
        let path = try Self.mailbox(path: "arch/arm64/include/asm/tlbflush.h", function: "flush_tlb_mm")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let review = try ReviewPipeline.review(mailbox: path)
        #expect(review.source.baseline == .knowledgeBase)
        #expect(review.patches[0].simulation.contains { $0.arch == "arm64" })
    }
}
