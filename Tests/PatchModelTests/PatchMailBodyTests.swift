import Foundation
import Testing
@testable import PatchModel

@Suite("PatchMailBody")
struct PatchMailBodyTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures/bodies"))
        return Array(try Data(contentsOf: url))
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func inBodyHeadersAreTakenOut() throws {
        let body = PatchMailBody(text: try Self.fixture("inbody-from"))
        #expect(body.inBodyFrom == "Mira Okafor <mira.okafor@example.org>")
        #expect(body.inBodySubject == "[PATCH v2 2/3] x86/mm: notify secondary TLBs from flush_tlb_mm_range()")
        #expect(body.inBodyDate == "Mon, 4 Mar 2024 10:12:44 +0100")
        #expect(body.message.hasPrefix("The x86 range flush only invalidated the CPU TLBs."))
        #expect(body.message.hasSuffix("invalidated together."))
        #expect(body.trailers.map(\.key) == ["Fixes", "Reported-by", "Signed-off-by", "Signed-off-by"])
        #expect(body.notes == "")
        #expect(body.diffstat == " arch/x86/mm/tlb.c | 3 +++\n 1 file changed, 3 insertions(+)")
        #expect(body.diffFirstLine == 22)
        let diff = Self.text(body.diff)
        #expect(diff.hasPrefix("diff --git a/arch/x86/mm/tlb.c b/arch/x86/mm/tlb.c\n"))
        #expect(diff.hasSuffix(" \tput_cpu();\n }\n \n"))
        #expect(body.signature == "2.43.0")
        #expect(!body.isCoverLetter)
    }

    @Test func scissorsDiscardsTheReplyAbove() throws {
        let body = PatchMailBody(text: try Self.fixture("scissors"))
        #expect(body.inBodyFrom == "Paul Brenner <paul.brenner@example.com>")
        #expect(body.inBodySubject == "powerpc/mm: notify secondary TLBs on radix range flush")
        #expect(body.inBodyDate == nil)
        #expect(body.message == """
        Radix range flushes skipped the notifier when the range was larger
        than the ceiling and the whole PID was flushed instead.
        """)
        #expect(body.trailers == [Trailer(key: "Signed-off-by", value: "Paul Brenner <paul.brenner@example.com>")])
        #expect(body.diffFirstLine == 18)
        #expect(body.signature == nil)
        #expect(Self.text(body.diff).hasSuffix("+\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);\n }\n"))
    }

    @Test func notesAndDiffstatAreSeparated() throws {
        let body = PatchMailBody(text: try Self.fixture("notes-diffstat"))
        #expect(body.message == """
        The SMMUv3 SVA notifier issued one TLBI per page even for ranges that
        cover most of the address space. Past a threshold invalidate the whole
        ASID instead.
        """)
        #expect(body.trailers == [
            Trailer(key: "Signed-off-by", value: "Anneke de Wit <anneke@example.org>"),
            Trailer(key: "Reviewed-by", value: "Sam Kowalczyk <sam.kowalczyk@example.com>"),
            Trailer(key: "Cc", value: "stable@vger.kernel.org # 6.1.x"),
        ])
        #expect(body.notes == """
        v3:
         - use the arm_smmu_tlb_inv_asid() helper rather than open coding it
        v2:
         - add the threshold as a define (Sam)
        """)
        #expect(body.diffstat == """
         drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c | 12 ++++++++++--
         drivers/iommu/arm/arm-smmu-v3/sva-threshold.h   |  4 ++++
         2 files changed, 14 insertions(+), 2 deletions(-)
         create mode 100644 drivers/iommu/arm/arm-smmu-v3/sva-threshold.h
        """)
        #expect(body.diffFirstLine == 24)
        #expect(body.signature == "2.39.0")
        #expect(body.baseCommit == "0fedcba9876543210fedcba9876543210fedcba9")
        #expect(Self.text(body.diff).contains("+\t((end) - (start) >= SVA_INV_THRESHOLD)\n"))
        #expect(!Self.text(body.diff).contains("2.39.0"))
    }

    @Test func diffWithoutSeparator() throws {
        let body = PatchMailBody(text: try Self.fixture("no-separator"))
        #expect(body.message.hasSuffix("Flush before dropping the lock."))
        #expect(body.trailers.map(\.key) == ["Signed-off-by", "Acked-by"])
        #expect(body.notes == "")
        #expect(body.diffstat == "")
        #expect(body.diffFirstLine == 9)
        #expect(Self.text(body.diff).hasPrefix("--- a/fs/proc/task_mmu.c~flush-before-unlock\n+++ a/fs/proc/task_mmu.c\n"))
        #expect(body.signature == nil)
    }

    @Test func removedDashLineAtTheEndIsNotASignature() throws {
        let bytes = try Self.fixture("removed-dash-line")
        let body = PatchMailBody(text: bytes)
        #expect(body.signature == nil)
        #expect(Self.text(body.diff).hasSuffix(" - flush_tlb_mm()\n-- \n-- \n"))
        #expect(body.diffFirstLine == 9)
    }

    @Test func removedDashLineInsideAHunkBeforeTheSignature() throws {
        let body = PatchMailBody(text: try Self.fixture("dash-line-then-signature"))
        #expect(body.signature == "2.44.1")
        #expect(Self.text(body.diff).hasSuffix(" - flush_tlb_range()\n-- \n - flush_tlb_page()\n\n"))
    }

    @Test func coverLetterHasNoDiff() throws {
        let body = PatchMailBody(text: try Self.fixture("cover-letter"))
        #expect(body.isCoverLetter)
        #expect(body.diff.isEmpty)
        #expect(body.diffFirstLine == nil)
        #expect(body.trailers.isEmpty)
        #expect(body.message.hasPrefix("Secondary TLBs (SMMU, IOMMU SVA) are invalidated"))
        #expect(body.message.hasSuffix("  mm/mmu_notifier: stop notifying from invalidate_range_end()"))
        #expect(body.diffstat.hasPrefix(" arch/arm64/include/asm/tlbflush.h |  4 ++++\n"))
        #expect(body.diffstat.hasSuffix(" 3 files changed, 11 insertions(+), 17 deletions(-)"))
        #expect(body.baseCommit == "1234567890abcdef1234567890abcdef12345678")
        #expect(body.signature == "2.43.0")
    }

    @Test func crlfLineEnds() throws {
        let body = PatchMailBody(text: try Self.fixture("crlf"))
        #expect(body.message == "One line of message.")
        #expect(body.trailers == [Trailer(key: "Signed-off-by", value: "A B <ab@example.org>")])
        #expect(body.diffstat == " x | 1 +\n 1 file changed, 1 insertion(+)")
        #expect(body.diffFirstLine == 8)
    }

    @Test func scissorsLineForms() {
        let scissors = ["-- >8 --", "--8<--", "------------------------ >8 ------------------------",
                        "-- >8 -- cut here -- >8 --", "---- 8< ---- cut here"]
        for line in scissors {
            let body = PatchMailBody(text: Array("discarded\n\(line)\nkept\n".utf8))
            #expect(body.message == "kept", "\(line)")
        }
        let notScissors = ["8<", "cut here >8 but mostly words", "-- ", "a -- b -- c"]
        for line in notScissors {
            let body = PatchMailBody(text: Array("first\n\(line)\nsecond\n".utf8))
            #expect(body.message.hasPrefix("first"), "\(line)")
        }
    }

    @Test func separatorWithTrailingSpaceAndHeaderOnly() {
        let body = PatchMailBody(text: Array("\n\nFrom: A <a@b.c>\n\nText.\n---   \nnote\n".utf8))
        #expect(body.inBodyFrom == "A <a@b.c>")
        #expect(body.message == "Text.")
        #expect(body.notes == "note")
        #expect(body.diffFirstLine == nil)
    }

    @Test func survivesOddInput() {
        for input in ["", "\n\n\n", "-- \n", "---", "From:", "@@ -1,2 +1 @@\n-- \n", "diff -", "\u{0}\u{ff}"] {
            let body = PatchMailBody(text: Array(input.utf8))
            #expect(body.diff.count <= input.utf8.count)
        }
        let invalid: [UInt8] = [0xff, 0xfe, 0x0a, 0x2d, 0x2d, 0x2d, 0x0a, 0x64, 0x69, 0x66, 0x66, 0x20, 0x2d, 0x75, 0x0a, 0xc3]
        let body = PatchMailBody(text: invalid)
        #expect(body.diff == [0x64, 0x69, 0x66, 0x66, 0x20, 0x2d, 0x75, 0x0a, 0xc3])
        #expect(body.diffFirstLine == 3)
    }

    @Test func longBodyIsLinear() {
        var text = Array("Message.\n---\n".utf8)
        text += Array("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,200000 +1,200000 @@\n".utf8)
        for _ in 0..<200_000 { text += Array("-- \n".utf8) }
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = PatchMailBody(text: text) }
        #expect(elapsed < .seconds(5))
    }
}
