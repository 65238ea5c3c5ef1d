import Foundation
import PatchModel
@testable import Review
import Testing

/// The reply view model without the command line: findings at hunk lines, verdicts, and the
/// pieces of mail formatting the drafts rest on.
@Suite("reply drafts")
struct ReplyDraftTests {
    static let reviewer = Person(name: "Example Reviewer", email: "reviewer@example.org")
    static let date = MailDate(rfc2822: "Wed, 15 Nov 2023 10:27:45 +0000") ?? MailDate(secondsSinceEpoch: 0, utcOffsetMinutes: 0)
    static let file = "arch/arm64/include/asm/tlbflush.h"

    static func example() throws -> SeriesReview {
        try ReviewPipeline.review(mailbox: CommandRunner.fixture("examples/tlb-secondary-v2.mbox"))
    }

    /// Patch 1 with findings at its hunk lines: the flush_tlb_mm() notifier (new line 42), the
    /// page notifier (new line 54, two findings on one line), the range notifier (new line 100),
    /// and one finding that points at no line.
    static func reviewedWithFindings() throws -> PatchReview {
        var review = try example().patches[0]
        review.findings = [
            Finding(severity: .warning, code: "double-invalidation", arch: "arm64", file: file, line: 42,
                    function: "flush_tlb_mm",
                    message: "Until patch 3 lands, tlb_flush_mmu_tlbonly() still calls the notifier after this flush, so every mmu_gather flush invalidates the secondary TLB twice. Is that cost acceptable for the intermediate commits?"),
            Finding(severity: .note, code: "range-rounding", arch: "arm64", file: file, line: 54,
                    function: "__flush_tlb_page_nosync", message: "The range is rounded to the page here, as the generic code does."),
            Finding(severity: .note, code: "baseline", arch: "arm64", file: file, line: 54,
                    function: "__flush_tlb_page_nosync", message: "This rests on the knowledge base, not on a tree."),
            Finding(severity: .warning, code: "range-after-stride", arch: "arm64", file: file, line: 100,
                    function: "__flush_tlb_range", message: "start and end were rounded to the stride above; is the notifier meant to see the rounded range?"),
            Finding(severity: .note, code: "api-rename", message: "mmu_notifier_invalidate_range() is renamed later in the mm tree."),
        ]
        review.verdict = VerdictRules.verdict(findings: review.findings, placementChanged: true, fixShown: true, touchesModel: true)
        return review
    }

    @Test func quotesTheHunksTheFindingsConcern() throws {
        let review = try Self.reviewedWithFindings()
        #expect(review.verdict == .needsWork)
        let templates = try ReplyTemplates(directories: [])
        let options = ReplyOptions(reviewer: Self.reviewer, date: Self.date, conditional: true)
        let draft = ReplyDraft(review: review, options: options)
        let text = templates.render(draft)
        try CommandRunner.expectGolden(text, "reply-inline-findings.eml")

        #expect(draft.parts.count == 4)
        #expect(draft.parts.map(\.cut) == [false, false, true, false])
        #expect(draft.parts[0].quoted.first == "> diff --git a/\(Self.file) b/\(Self.file)")
        #expect(draft.parts[0].quoted[1] == "> @@ -38,6 +39,7 @@ static inline void flush_tlb_mm(struct mm_struct *mm)")
        // Up to the finding's line and three lines after it.
        #expect(draft.parts[0].quoted.last == ">  static inline void __flush_tlb_page_nosync(struct mm_struct *mm,")
        #expect(draft.parts[0].comment.allSatisfy { $0.count <= 72 })
        #expect(draft.parts[1].quoted.first == "> @@ -49,6 +51,8 @@ static inline void __flush_tlb_page_nosync(struct mm_struct *mm,")
        #expect(draft.parts[1].comment == ["The range is rounded to the page here, as the generic code does.", "",
                                           "This rests on the knowledge base, not on a tree."])
        #expect(draft.parts[3].quoted.isEmpty)
        #expect(draft.condition == "With the double-invalidation above addressed:")
        #expect(text.contains("\nWith the double-invalidation above addressed:\nReviewed-by: Example Reviewer <reviewer@example.org>\n\nExample\n"))
        // The commit message is not quoted when findings sit inline.
        #expect(!text.contains("> An SMMU sharing"))

        let parsed = try DraftParsing.parse(text)
        #expect(parsed.inReplyTo == "<27875b5decd07b671bed8cc294e0af43fbb204ee.1699949550.git.ines.kowalczyk@example.org>")
        #expect(parsed.mailinfoSubject == "arm64: tlbflush: Invalidate secondary TLBs with the CPU TLB")
        #expect(parsed.mailinfoMessage.contains("Reviewed-by: Example Reviewer <reviewer@example.org>"))
    }

    /// A patch that moves invalidation with nothing shown fixed, and only notes: the condition names
    /// what is missing, not the note.
    @Test func conditionsOnTheCommitMessageWhenOnlyNotesAreFound() throws {
        var review = try Self.example().patches[2]
        review.findings = review.findings.filter { $0.severity == .note }
        review.verdict = .needsWork
        let options = ReplyOptions(reviewer: Self.reviewer, date: Self.date, conditional: true)
        let draft = ReplyDraft(review: review, options: options)
        #expect(draft.condition == "With the commit message saying what the placement change fixes:")
        #expect(draft.trailer == "Reviewed-by: Example Reviewer <reviewer@example.org>")
        let plain = ReplyDraft(review: review, options: ReplyOptions(reviewer: Self.reviewer, date: Self.date))
        #expect(plain.condition == nil && plain.trailer == nil)
    }

    @Test func givesNoTrailerForWorkNeededUnlessAskedToCondition() throws {
        let review = try Self.reviewedWithFindings()
        let draft = ReplyDraft(review: review, options: ReplyOptions(reviewer: Self.reviewer, date: Self.date))
        #expect(draft.trailer == nil)
        #expect(draft.condition == nil)
        let text = try ReplyTemplates(directories: []).render(draft)
        #expect(!text.contains("Reviewed-by: Example"))
        #expect(text.hasSuffix("renamed later in the mm tree.\n\nExample\n"))
        _ = try DraftParsing.parse(text)
    }

    @Test func findingsOutsideTheHunksFollowTheQuotedMessage() throws {
        var review = try Self.example().patches[1]
        review.findings = [Finding(severity: .warning, code: "claimed-fix-not-shown",
                                   message: "The message says this fixes a device fault on x86, but no x86 scenario fails before it."),
                           Finding(severity: .note, code: "elsewhere", file: "arch/x86/mm/tlb.c", line: 9999, message: "Far away.")]
        review.verdict = VerdictRules.verdict(findings: review.findings, placementChanged: true, fixShown: false, touchesModel: true)
        let draft = ReplyDraft(review: review, options: ReplyOptions(reviewer: Self.reviewer, date: Self.date))
        #expect(draft.parts.count == 1)
        #expect(draft.parts[0].quoted.last == ">  1 file changed, 3 insertions(+)")
        #expect(draft.parts[0].comment.first == "The message says this fixes a device fault on x86, but no x86 scenario")
        #expect(draft.parts[0].comment.last == "Far away.")
    }

    @Test func copesWithAPatchWithoutIdOrDate() throws {
        var review = try Self.example().patches[0]
        review.patch.messageID = nil
        review.patch.date = nil
        review.patch.references = []
        review.patch.author = Person(name: "", email: "anon@example.org")
        review.patch.subject = SubjectLine(parsing: "[PATCH]\r\nBcc: everyone@example.org")
        review.findings = []
        review.verdict = .reviewedBy
        let text = try ReplyTemplates(directories: []).render(ReplyDraft(review: review, options: ReplyOptions(reviewer: Self.reviewer, date: Self.date)))
        #expect(!text.contains("In-Reply-To:"))
        #expect(!text.contains("References:"))
        #expect(!text.contains("\nBcc:"))
        #expect(text.contains("\n\nanon@example.org wrote:\n> An SMMU"))
        let parsed = try DraftParsing.parse(text)
        #expect(parsed.to == "anon@example.org")
        #expect(parsed.body.contains("\nReviewed-by: Example Reviewer <reviewer@example.org>\n"))
    }

    @Test func rendersNotesFromTheirTemplate() throws {
        let review = try Self.reviewedWithFindings()
        let notes = try ReplyTemplates(directories: []).renderNotes(review)
        #expect(notes.hasPrefix("[1/3] arm64: tlbflush: Invalidate secondary TLBs with the CPU TLB\n  From: Ines Kowalczyk <ines.kowalczyk@example.org>\n"))
        #expect(notes.contains("  arm64: \(Self.file) +5 -0\n"))
        #expect(notes.contains("  warning: \(Self.file):42: Until patch 3 lands"))
        #expect(notes.hasSuffix("  verdict: needs-work\n"))
    }

    @Test func verdictRulesFollowTheDesign() {
        let warning = Finding(severity: .warning, code: "double-invalidation", message: "m")
        let error = Finding(severity: .error, code: "lost-secondary-invalidation", message: "m")
        let note = Finding(severity: .note, code: "api-rename", message: "m")
        #expect(VerdictRules.verdict(findings: [], placementChanged: false, fixShown: false, touchesModel: true) == .reviewedBy)
        #expect(VerdictRules.verdict(findings: [note], placementChanged: true, fixShown: true, touchesModel: true) == .reviewedBy)
        #expect(VerdictRules.verdict(findings: [], placementChanged: true, fixShown: false, touchesModel: true) == .needsWork)
        #expect(VerdictRules.verdict(findings: [warning], placementChanged: false, fixShown: true, touchesModel: true) == .needsWork)
        #expect(VerdictRules.verdict(findings: [error], placementChanged: true, fixShown: true, touchesModel: true) == .needsWork)
        #expect(VerdictRules.verdict(findings: [], placementChanged: false, fixShown: false, touchesModel: false) == .notApplicable)
        #expect(VerdictRules.series([.reviewedBy, .notApplicable]) == .reviewedBy)
        #expect(VerdictRules.series([.reviewedBy, .needsWork, .notApplicable]) == .needsWork)
        #expect(VerdictRules.series([.notApplicable]) == .notApplicable)
    }

    @Test func b4CheckStatusFollowsTheVerdict() throws {
        var review = try Self.example().patches[0]
        func status(_ findings: [Finding]) -> JSONValue {
            review.findings = findings
            review.verdict = VerdictRules.verdict(findings: findings, placementChanged: true, fixShown: true, touchesModel: true)
            return B4Check.result(review)
        }
        func field(_ value: JSONValue, _ name: String) -> String? {
            guard case .array(let items) = value, case .object(let members)? = items.first,
                  case .string(let text)? = members.first(where: { $0.0 == name })?.1 else { return nil }
            return text
        }
        let warning = Finding(severity: .warning, code: "double-invalidation", arch: "arm64", file: Self.file, line: 42,
                              function: "flush_tlb_mm", message: "Twice.")
        let error = Finding(severity: .error, code: "lost-secondary-invalidation", arch: "powerpc", message: "Lost.")
        #expect(field(status([]), "status") == "pass")
        #expect(field(status([warning]), "status") == "warn")
        #expect(field(status([warning]), "details") == "warning: \(Self.file):42: flush_tlb_mm(): Twice. [double-invalidation]")
        #expect(field(status([warning, error]), "status") == "fail")
        #expect(field(status([warning, error]), "summary") == "needs-work: 1 error, 1 warning")
        review.verdict = .notApplicable
        review.findings = []
        #expect(B4Check.result(review) == .array([]))
    }

    @Test func foldsAndEncodesHeaders() {
        #expect(MailText.phrase("Tian, Kevin") == "\"Tian, Kevin\"")
        #expect(MailText.phrase("Jo \"JJ\" Doe") == "\"Jo \\\"JJ\\\" Doe\"")
        #expect(MailText.phrase("Plain Name") == "Plain Name")
        #expect(MailText.headerSafe("a\r\nBcc: x") == "a  Bcc: x")
        let long = String(repeating: "é", count: 40)
        let words = MailText.encodedWords(long).split(separator: " ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?Q?") && $0.hasSuffix("?=") })
        let folded = MailText.fold(name: "Cc", items: (1...12).map { "person\($0)@example.org" })
        #expect(folded.split(separator: "\n").enumerated().allSatisfy { ($0.offset == 0 ? 4 : 0) + $0.element.count <= 78 })
        #expect(folded.replacingOccurrences(of: "\n", with: "") == (1...12).map { "person\($0)@example.org" }.joined(separator: ", "))
        #expect(MailText.unstructured("Re: [PATCH] mm: fix für Geräte") == "Re: [PATCH] mm: fix =?UTF-8?Q?f=C3=BCr_Ger=C3=A4te?=")
        #expect(MailText.wrap("a b c", width: 3) == ["a b", "c"])
    }

    @Test func namesFilesAndEscapesMboxLines() {
        #expect(ReplyMailbox.fileName(index: 3, title: "mmu_notifiers: Call invalidate_range() when invalidating TLBs")
                == "0003-mmu_notifiers-Call-invalidate_range-when-invalidatin.eml")
        #expect(ReplyMailbox.fileName(index: 12, title: "...") == "0012.eml")
        let mbox = ReplyMailbox.mbox(["Subject: a\n\nFrom here\n>From there\n> From quoted\n"])
        #expect(mbox == "From shootdown Mon Sep 17 00:00:00 2001\nSubject: a\n\n>From here\n>>From there\n> From quoted\n\n")
    }

    @Test func keepsTheOriginalSubjectAndAttributesInTheAuthorsZone() throws {
        let patch = try Self.example().patches[2].patch
        #expect(ReplyDraft.originalSubject(patch.subject)
                == "[PATCH v2 3/3] asm-generic/tlb: Stop invalidating secondary TLBs in tlb_flush_mmu_tlbonly()")
        let late = try #require(MailDate(rfc2822: "Thu, 20 Jul 2023 18:39:25 +1000"))
        #expect(MailDateFields(late).mutt == "Thu, Jul 20, 2023 at 06:39:25PM +1000")
        let midnight = try #require(MailDate(rfc2822: "Mon, 1 Jan 2024 00:05:00 -0800"))
        #expect(MailDateFields(midnight).mutt == "Mon, Jan 01, 2024 at 12:05:00AM -0800")
    }
}
