import Foundation
import Testing

@testable import PatchModel

@Suite struct MIMETests {
    private func text(_ name: String) throws -> String {
        String(decoding: try parsedMailFixture(name).decodedText(), as: UTF8.self)
    }

    private func expected(_ name: String) throws -> String {
        String(decoding: try mailFixture(name), as: UTF8.self)
    }

    @Test func quotedPrintablePatchFromExchange() throws {
        let mail = try parsedMailFixture("qp-patch.eml")
        #expect(mail.contentType == "text/plain")
        let decoded = try text("qp-patch.eml")
        #expect(decoded == (try expected("qp-patch.expected")))
        #expect(decoded.contains("+\tnotify_secondary_tlbs(mm, start, start + size, flags != PAGE_SIZE);\n"))
        #expect(decoded.contains("diff --git a/arch/powerpc/mm/book3s64/radix_tlb.c b/arch/powerpc/mm/book3s64/radix_tlb.c\n"))
    }

    @Test func quotedPrintableEdgeCases() {
        func qp(_ s: String) -> String {
            String(decoding: TransferEncoding.decodeQuotedPrintable(Array(s.utf8)[...]), as: UTF8.self)
        }
        #expect(qp("a=3Db") == "a=b")
        #expect(qp("a=3db") == "a=b")
        #expect(qp("soft=\nbreak") == "softbreak")
        #expect(qp("soft=  \r\nbreak") == "softbreak")
        #expect(qp("bad =ZZ escape") == "bad =ZZ escape")
        #expect(qp("x == y") == "x == y")
        #expect(qp("ends with =") == "ends with ")
        #expect(qp("=4") == "=4")
        #expect(qp("caf=C3=A9") == "café")
    }

    @Test func base64ReplyFromOutlook() throws {
        let decoded = try text("base64-reply.eml")
        #expect(decoded == (try expected("base64-reply.expected")))
        #expect(!decoded.contains("\r"))
    }

    @Test func badBase64IsMalformedWithItsLine() throws {
        let mail = try parsedMailFixture("bad-base64.eml")
        #expect(mail.bodyFirstLine == 6)
        #expect(throws: IngestError.self) { try mail.decodedText() }
        do {
            _ = try mail.decodedText()
        } catch {
            #expect(error.category == .malformed)
            // The bad character is on the third body line: message line 8, file line 100 + 7.
            #expect(error.location == InputLocation(file: "list.mbox", message: 3, line: 107))
            #expect(error.reason.contains("'!'"))
        }
    }

    @Test func base64Decoding() {
        func b64(_ s: String) -> (String, Int?) {
            let result = TransferEncoding.decodeBase64(Array(s.utf8)[...])
            return (String(decoding: result.bytes, as: UTF8.self), result.invalidAt)
        }
        #expect(b64("aGVs\r\nbG8=") == ("hello", nil))
        #expect(b64("aGVsbG8") == ("hello", nil))
        #expect(b64(" aG Vs bG 8= ") == ("hello", nil))
        #expect(b64("aGk=aGk=") == ("hihi", nil))
        #expect(b64("aGk*") == ("hi", 3))
    }

    @Test func multipartWithPatchAttachment() throws {
        let mail = try parsedMailFixture("multipart-attachment.eml")
        #expect(mail.contentType == "multipart/mixed")
        let decoded = try text("multipart-attachment.eml")
        #expect(decoded == """
            The patch is attached, my mail client mangles inline diffs. 
            Sorry about that.
            diff --git a/mm/huge_memory.c b/mm/huge_memory.c
            --- a/mm/huge_memory.c
            +++ b/mm/huge_memory.c
            @@ -1,3 +1,3 @@
             void example(void)
            -\tnotify_then_flush();
            +\tflush_then_notify();

            """)
        // The line break before a boundary belongs to the boundary (RFC 2046): of the two line
        // ends after "Sorry about that." only the first is text.
        #expect(!decoded.contains("iVBOR"))
        #expect(!decoded.contains("Epilogue"))
        #expect(!decoded.contains("multi-part message"))
    }

    @Test func multipartSignedSkipsTheSignature() throws {
        let decoded = try text("signed.eml")
        #expect(decoded.hasPrefix("On Tue, Jul 18, 2023 at 05:56:16PM +1000, Dana Okafor wrote:\n"))
        #expect(decoded.contains("\nAcked-by: Sam Vale <sam@example.org>\n"))
        #expect(!decoded.contains("PGP"))
        #expect(try parsedMailFixture("signed.eml").contentType == "multipart/signed")
    }

    @Test func nestedAlternativeTakesPlainTextAndPatchAttachments() throws {
        let decoded = try text("nested-alternative.eml")
        #expect(decoded == """
            Tested on a Cortex-A78 board à la maître.

            Tested-by: Lee Chan <lee@example.com>
            --- a/x
            +++ b/x
            @@ -1 +1 @@
            -old
            +new

            """)
    }

    @Test func latin1Body() throws {
        let mail = try parsedMailFixture("latin1-body.eml")
        #expect(mail.headers.first("From") == "José Peña <jose@example.es>")
        #expect(mail.headers.first("Subject") == "Re: [PATCH] mm: façade")
        #expect(try text("latin1-body.eml") == "Le test a réussi après la correction, © 2023.\n")
    }

    @Test func missingClosingBoundaryKeepsWhatIsThere() throws {
        #expect(try text("missing-close.eml") == "first part\n--- a/f\n+++ b/f\n")
    }

    @Test func charsets() {
        #expect(Charset(label: "ISO-8859-15").string([0xA4, 0xBD]) == "€œ")
        #expect(Charset(label: "\"windows-1252\"").string([0x80, 0x96, 0x81]) == "€–\u{81}")
        #expect(Charset(label: "latin1").string([0xE9]) == "é")
        #expect(Charset(label: "utf-8").string([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(Charset(label: "klingon").string([0xC3, 0xA9]) == "é")
        #expect(Charset(label: "").string([0xE9]) == "é")
        #expect(Charset(label: "US-ASCII").string([0xC3, 0xA9]) == "é")
    }

    @Test func contentTypeParameters() {
        let type = MIMEValue(parsing: "Multipart/Mixed; boundary=\"a;b\\\"c\"; charset=UTF-8 ;format=flowed")
        #expect(type.value == "multipart/mixed")
        #expect(type.parameters["boundary"] == "a;b\"c")
        #expect(type.parameters["charset"] == "UTF-8")
        #expect(type.parameters["format"] == "flowed")
        let disposition = MIMEValue(parsing: "attachment; filename*=UTF-8''caf%C3%A9.patch")
        #expect(disposition.parameters["filename"] == "café.patch")
        let split = MIMEValue(parsing: "attachment; filename*0=\"0001-long\"; filename*1=\"-name.diff\"")
        #expect(split.parameters["filename"] == "0001-long-name.diff")
    }

    @Test func singlePartVariants() throws {
        let noType = try parseMail("Subject: x\n\nplain\r\ntext\n")
        #expect(noType.contentType == "text/plain")
        #expect(String(decoding: try noType.decodedText(), as: UTF8.self) == "plain\ntext\n")
        let badType = try parseMail("Content-Type: garbage\n\nbody")
        #expect(badType.contentType == "text/plain")
        let flowed = try parseMail("Content-Type: text/plain; format=flowed\n\nline one \nline two\n")
        #expect(String(decoding: try flowed.decodedText(), as: UTF8.self) == "line one \nline two\n")
        let noBoundary = try parseMail("Content-Type: multipart/mixed\n\nstill text\n")
        #expect(String(decoding: try noBoundary.decodedText(), as: UTF8.self) == "still text\n")
    }

    @Test func alternativeWithoutPlainTextYieldsNothing() throws {
        let mail = try parseMail("""
            Content-Type: multipart/alternative; boundary=b

            --b
            Content-Type: text/html

            <p>only html</p>
            --b--

            """)
        #expect(try mail.decodedText().isEmpty)
    }

    @Test func deepNestingDoesNotOverflow() throws {
        var text = "Content-Type: multipart/mixed; boundary=b0\n\n"
        for level in 0..<200 {
            text += "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n"
        }
        text += "--b200\nContent-Type: text/plain\n\ndeep\n"
        let mail = try parseMail(text)
        #expect(try mail.decodedText().isEmpty)
    }

    @Test func largeBodyIsLinear() throws {
        let line = "+\tflush_tlb_range(vma, start, end); /* =3D */=\n"
        let body = String(repeating: line, count: 200_000)
        let mail = try parseMail("Content-Transfer-Encoding: quoted-printable\n\n" + body)
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try mail.decodedText() }
        #expect(elapsed < .seconds(5))
    }
}
