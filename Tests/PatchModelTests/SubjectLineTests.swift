import Testing
@testable import PatchModel

@Suite("SubjectLine")
struct SubjectLineTests {
    @Test func versionedPatchOfASeries() {
        let subject = SubjectLine(parsing: "[PATCH v3 3/5] mm/rmap: flush before dropping the PTL")
        #expect(subject.isPatch)
        #expect(!subject.isReply)
        #expect(!subject.isRFC)
        #expect(subject.version == 3)
        #expect(subject.index == 3)
        #expect(subject.total == 5)
        #expect(subject.prefixes == ["PATCH", "v3", "3/5"])
        #expect(subject.tags.isEmpty)
        #expect(subject.title == "mm/rmap: flush before dropping the PTL")
        #expect(!subject.isCoverLetter)
    }

    @Test func rfcWithTreeTagAndLeadingZeros() {
        let subject = SubjectLine(parsing: "[RFC PATCH net-next v2 01/10] net: page_pool: keep the DMA mapping")
        #expect(subject.isPatch)
        #expect(subject.isRFC)
        #expect(subject.version == 2)
        #expect(subject.index == 1)
        #expect(subject.total == 10)
        #expect(subject.tags == ["net-next"])
        #expect(subject.title == "net: page_pool: keep the DMA mapping")
    }

    @Test func resendWithoutNumbers() {
        let subject = SubjectLine(parsing: "[PATCH RESEND] riscv: call the notifier from flush_tlb_range()")
        #expect(subject.isPatch)
        #expect(subject.isResend)
        #expect(subject.version == 1)
        #expect(subject.index == nil)
        #expect(subject.total == nil)
        #expect(subject.title == "riscv: call the notifier from flush_tlb_range()")
    }

    @Test func replyToCoverLetter() {
        let subject = SubjectLine(parsing: "Re: [PATCH 0/4] Invalidate secondary TLBs on upgrade")
        #expect(subject.isReply)
        #expect(subject.isPatch)
        #expect(subject.index == 0)
        #expect(subject.total == 4)
        #expect(subject.isCoverLetter)
        #expect(subject.title == "Invalidate secondary TLBs on upgrade")
    }

    @Test func b4StyleDashVersion() {
        let subject = SubjectLine(parsing: "[PATCH -v3 2/2] x86/mm: notify on lazy flush")
        #expect(subject.version == 3)
        #expect(subject.index == 2)
        #expect(subject.total == 2)
        #expect(subject.tags.isEmpty)
    }

    @Test func stackedRepliesOfMixedCase() {
        let subject = SubjectLine(parsing: "RE: Re: [RFC PATCH v2 0/3] Move the secondary TLB notifier")
        #expect(subject.isReply)
        #expect(subject.isRFC)
        #expect(subject.isPatch)
        #expect(subject.version == 2)
        #expect(subject.index == 0)
        #expect(subject.total == 3)
        #expect(subject.title == "Move the secondary TLB notifier")
    }

    @Test func otherReplyMarkers() {
        for raw in ["Fwd: [PATCH] a", "FW: [PATCH] a", "AW: [PATCH] a", "Re[2]: [PATCH] a", "re:re: [PATCH] a"] {
            let subject = SubjectLine(parsing: raw)
            #expect(subject.isReply, "\(raw)")
            #expect(subject.title == "a", "\(raw)")
        }
        let notReply = SubjectLine(parsing: "Rework: the flush path")
        #expect(!notReply.isReply)
        #expect(notReply.title == "Rework: the flush path")
    }

    @Test func coverLetterOfAVersion() {
        let subject = SubjectLine(parsing: "[PATCH v4 0/5] Invalidate secondary IOMMU TLB on permission upgrade")
        #expect(subject.version == 4)
        #expect(subject.isCoverLetter)
        #expect(subject.total == 5)
    }

    @Test func noBracketsAtAll() {
        let subject = SubjectLine(parsing: "  arm64: tlbflush: add a barrier  ")
        #expect(!subject.isPatch)
        #expect(!subject.isReply)
        #expect(subject.prefixes.isEmpty)
        #expect(subject.version == 1)
        #expect(subject.index == nil)
        #expect(subject.title == "arm64: tlbflush: add a barrier")
    }

    @Test func lowercasePatch() {
        let subject = SubjectLine(parsing: "[patch] mm: fix the flush")
        #expect(subject.isPatch)
        #expect(subject.prefixes == ["patch"])
        #expect(subject.title == "mm: fix the flush")
    }

    @Test func listTagGroupBeforePatchGroup() {
        let subject = SubjectLine(parsing: "[linux-next] [PATCH mm-hotfixes V2 1/1] mm: fix")
        #expect(subject.isPatch)
        #expect(subject.version == 2)
        #expect(subject.index == 1)
        #expect(subject.tags == ["linux-next", "mm-hotfixes"])
        #expect(subject.title == "mm: fix")
    }

    @Test func rfcAloneWithCounterIsAPatch() {
        let subject = SubjectLine(parsing: "[RFC 1/2] mm: idea")
        #expect(subject.isPatch)
        #expect(subject.isRFC)
        #expect(subject.index == 1)
        let discussion = SubjectLine(parsing: "[RFC] Should secondary TLBs follow the CPU?")
        #expect(discussion.isRFC)
        #expect(!discussion.isPatch)
    }

    @Test func gluedAndOddVersions() {
        #expect(SubjectLine(parsing: "[PATCHv5 2/3] x").version == 5)
        #expect(SubjectLine(parsing: "[PATCH v2.1 2/3] x").version == 2)
        #expect(SubjectLine(parsing: "[PATCH v0] x").version == 0)
        #expect(SubjectLine(parsing: "[PATCH,v3,1/2] x").version == 3)
        #expect(SubjectLine(parsing: "[PATCH,v3,1/2] x").index == 1)
        #expect(SubjectLine(parsing: "[PATCH vfio] x").tags == ["vfio"])
        #expect(SubjectLine(parsing: "[PATCH vfio] x").version == 1)
    }

    @Test func normalizedTitleMatchesVersions() {
        let v1 = SubjectLine(parsing: "[PATCH 1/4] mm_notifiers: Rename  invalidate_range notifier")
        let v4 = SubjectLine(parsing: "[PATCH v4 5/5] mm_notifiers: rename invalidate_range\tnotifier ")
        #expect(v1.normalizedTitle == "mm_notifiers: rename invalidate_range notifier")
        #expect(v1.normalizedTitle == v4.normalizedTitle)
    }

    @Test func malformedBracketsDoNotCrash() {
        let open = SubjectLine(parsing: "[PATCH v2 1/3 unterminated title")
        #expect(open.prefixes.isEmpty)
        #expect(open.title == "[PATCH v2 1/3 unterminated title")
        let empty = SubjectLine(parsing: "[] [ ] Re:")
        #expect(empty.isReply)
        #expect(empty.title == "")
        #expect(SubjectLine(parsing: "").title == "")
        #expect(SubjectLine(parsing: "[PATCH 99999999999999/1] x").index == nil)
    }
}
