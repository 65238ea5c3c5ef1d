import Testing
@testable import PatchModel
import TestSupport

@Suite("Trailers")
struct TrailerTests {
    @Test func plainTrailerBlock() {
        let message = """
        Flush the TLB while the PTL is held.

        Fixes: 0123456789ab ("mm: an older change")
        Signed-off-by: Mira Okafor <mira@example.org>
        Reviewed-by: "Lin, Wei" <wei.lin@example.com>

        """
        let (body, trailers) = Trailers.split(message: message)
        #expect(body == "Flush the TLB while the PTL is held.")
        #expect(trailers == [
            Trailer(key: "Fixes", value: "0123456789ab (\"mm: an older change\")"),
            Trailer(key: "Signed-off-by", value: "Mira Okafor <mira@example.org>"),
            Trailer(key: "Reviewed-by", value: "\"Lin, Wei\" <wei.lin@example.com>"),
        ])
    }

    @Test func notesInsideTheBlockDoNotBreakIt() {
        let message = """
        Body text.

        Signed-off-by: Mira Okafor <mira@example.org>
        [ akpm: rebased on v6.5 ]
        Signed-off-by: Paul Brenner <paul@example.com>
        (cherry picked from commit 0123456789abcdef)
        """
        let (body, trailers) = Trailers.split(message: message)
        #expect(body == "Body text.")
        #expect(trailers.map(\.key) == ["Signed-off-by", "Signed-off-by"])
        #expect(trailers.last?.value == "Paul Brenner <paul@example.com>")
    }

    @Test func foldedReviewedByIsJoined() {
        let message = """
        Body.

        Reviewed-by: Sam Kowalczyk
          <sam.kowalczyk@example.com>
        Signed-off-by: Ann <ann@example.org>
        """
        let (_, trailers) = Trailers.split(message: message)
        #expect(trailers == [
            Trailer(key: "Reviewed-by", value: "Sam Kowalczyk <sam.kowalczyk@example.com>"),
            Trailer(key: "Signed-off-by", value: "Ann <ann@example.org>"),
        ])
    }

    @Test func ccKeepsItsComment() {
        let (_, trailers) = Trailers.split(message: "Body.\n\nCc: stable@vger.kernel.org # 6.1.x\nSigned-off-by: A <a@b.c>")
        #expect(trailers.first == Trailer(key: "Cc", value: "stable@vger.kernel.org # 6.1.x"))
    }

    @Test func paragraphWithTooFewTrailersIsText() {
        let message = """
        First paragraph.

        This paragraph mentions a trailer on one line and goes on
        for a while, so only one line in five looks like one:
        Signed-off-by: Someone <someone@example.org>
        and then more prose follows it on two
        more lines of text.
        """
        let (body, trailers) = Trailers.split(message: message)
        #expect(trailers.isEmpty)
        #expect(body == message)
    }

    @Test func quarterIsEnoughWithAKnownKey() {
        let message = "Body.\n\nSigned-off-by: A <a@b.c>\nnote one\nnote two\nnote three"
        let (body, trailers) = Trailers.split(message: message)
        #expect(trailers.count == 1)
        #expect(body == "Body.")
    }

    @Test func unknownKeysNeedAnAllTrailerParagraph() {
        let allTrailers = Trailers.split(message: "Body.\n\nChange-Id: I1234\nBug: 42")
        #expect(allTrailers.trailers.map(\.key) == ["Change-Id", "Bug"])
        let mixed = Trailers.split(message: "Body.\n\nChange-Id: I1234\nsome text")
        #expect(mixed.trailers.isEmpty)
    }

    @Test func proseWithColonsIsNotATrailer() {
        let message = "Body.\n\nThe fix is simple: flush first.\nSee: below"
        let (_, trailers) = Trailers.split(message: message)
        #expect(trailers.isEmpty)
    }

    @Test func onlyTrailers() {
        let (body, trailers) = Trailers.split(message: "\n\nSigned-off-by: A <a@b.c>\n\n")
        #expect(body == "")
        #expect(trailers.count == 1)
        #expect(Trailers.split(message: "").trailers.isEmpty)
    }

    @Test func replyTrailersSkipQuotesAndSignature() {
        let reply = """
        On Tue, Jul 18, 2023 at 05:56:15PM +1000, Ann wrote:
        > Signed-off-by: Ann <ann@example.org>
        > Reviewed-by: Quoted Person <quoted@example.org>
        > diff --git a/mm/rmap.c b/mm/rmap.c
        > +Acked-by: In A Diff <diff@example.org>

        Looks right to me, the flush now happens under the lock.

        reviewed-by: Jason Example <jason@example.org>
        Tested-by: Tess Runner
        <tess.runner@example.net>
        Acked-by: Ann Other
          <ann.other@example.com>
        Reviewed-by: Jason Example <jason@example.org>
        Fixes: 0123456789ab ("mm: older")
        Acked-by: nobody in particular
        Thanks

        -- 
        Acked-by: Signature Person <sig@example.org>
        """
        #expect(Trailers.received(inReply: reply) == [
            Trailer(key: "Reviewed-by", value: "Jason Example <jason@example.org>"),
            Trailer(key: "Tested-by", value: "Tess Runner <tess.runner@example.net>"),
            Trailer(key: "Acked-by", value: "Ann Other <ann.other@example.com>"),
            Trailer(key: "Fixes", value: "0123456789ab (\"mm: older\")"),
        ])
    }

    @Test func replyWithoutTrailers() {
        let reply = "> Reviewed-by: A <a@b.c>\n\nDoes this compile?\n"
        #expect(Trailers.received(inReply: reply).isEmpty)
    }

    @Test func replyFoldAcrossBlankLine() {
        let reply = "Acked-by: Catalin Example\n\n<catalin@example.com>\n"
        #expect(Trailers.received(inReply: reply) == [Trailer(key: "Acked-by", value: "Catalin Example <catalin@example.com>")])
    }

    @Test func replyDiffIsNotSearched() {
        let reply = "Try this:\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\nReviewed-by: In Diff <d@example.org>\n"
        #expect(Trailers.received(inReply: reply).isEmpty)
    }

    @Test func crlfReply() {
        let reply = "> quoted\r\nReviewed-by: A <a@b.c>\r\n"
        #expect(Trailers.received(inReply: reply) == [Trailer(key: "Reviewed-by", value: "A <a@b.c>")])
    }
}

/// The byte split of ASCII text into lines against the character split it stands for.
@Suite struct TrailerLineSplitTests {
    @Test("ASCII text splits into the same lines over bytes as over characters")
    func bytesAgreeWithCharacters() {
        let pieces = ["a", " ", "\t", "\r", "\n", "\r\n", "\r\r\n", "Acked-by: X <x@y>", ""]
        var random = SplitMix(seed: 5)
        var cases = ["", "\n", "\r\n", "\r", "a\r", "\ra", "a\r\nb\nc\r\r\n"]
        for _ in 0..<5000 {
            cases.append((0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        for text in cases {
            #expect(Trailers.splitLines(text) == Trailers.splitLinesByCharacter(text), "\(text.debugDescription)")
        }
    }

    @Test("an ASCII trailer line reads the same over bytes as over characters")
    func trailerLinesAgree() {
        let pieces = ["Signed-off-by", "Acked-by", "X", "-", "9", ":", " ", "\t", "a b", " <x@y>", "_", "é", "::"]
        var random = SplitMix(seed: 9)
        var cases = ["", ":", " :", "a:", "a :b", "a\t: b ", "-: x", "a b: c", "a:b:c", "Reviewed-by:\t Name <n@m>\t"]
        for _ in 0..<5000 {
            cases.append((0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        for text in cases where text.utf8.allSatisfy({ $0 < 0x80 }) {
            let line = Substring(text)
            #expect(Trailers.parseASCIITrailerLine(line) == Trailers.parseTrailerLineByCharacter(line), "\(text.debugDescription)")
        }
    }
}
