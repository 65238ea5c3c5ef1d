import Foundation
import PatchModel
import Testing

/// Time that grows with the input, not its square: the same work at size N and 4N; a linear parser
/// takes about 4 times as long, a quadratic one 16 times. The bar is 8, on the best of a few runs.
func growthRatio<Input>(_ n: Int, make: (Int) -> Input, work: (Input) -> Void) -> Double {
    func best(_ input: Input, runs: Int) -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            work(input)
            let elapsed = ContinuousClock.now - start
            fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return fastest
    }
    let small = make(n)
    let large = make(4 * n)
    let smallTime = best(small, runs: 3)
    let largeTime = best(large, runs: 2)
    return largeTime / max(smallTime, 1e-6)
}

@Suite("linear time on long inputs", .serialized)
struct LinearityTests {
    static func diff(hunks: Int) -> [UInt8] {
        var text = "diff --git a/mm/rmap.c b/mm/rmap.c\n--- a/mm/rmap.c\n+++ b/mm/rmap.c\n"
        for hunk in 0..<hunks {
            let line = hunk * 10 + 1
            text += "@@ -\(line),3 +\(line),3 @@ static void f\(hunk)(void)\n a\n-b\n+c\n d\n"
        }
        return Array(text.utf8)
    }

    @Test func thousandsOfHunks() throws {
        #expect(try DiffParser.parse(Self.diff(hunks: 4000)).first?.hunks.count == 4000)
        let ratio = growthRatio(4000, make: Self.diff(hunks:)) { _ = try? DiffParser.parse($0) }
        #expect(ratio < 8, "4x the hunks took \(ratio)x the time")
        let files = growthRatio(2000, make: { count in
            Array((0..<count).map { "diff --git a/f\($0).c b/f\($0).c\n--- a/f\($0).c\n+++ b/f\($0).c\n@@ -1 +1 @@\n-a\n+b\n" }.joined().utf8)
        }) { _ = try? DiffParser.parse($0) }
        #expect(files < 8, "4x the files took \(files)x the time")
    }

    /// One message of `megabytes` (up to 50 MB at 4N): a patch mail whose diff adds that many lines.
    static func message(bytes: Int) -> [UInt8] {
        let line = "+\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);\n"
        let count = bytes / line.utf8.count
        var text = "From x Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nSubject: [PATCH] mm: big\n\n"
        text += "Text.\n\nSigned-off-by: A <a@example.org>\n---\n"
        text += "diff --git a/mm/big.c b/mm/big.c\nnew file mode 100644\n--- /dev/null\n+++ b/mm/big.c\n"
        text += "@@ -0,0 +1,\(count) @@\n"
        var bytes = Array(text.utf8)
        bytes.reserveCapacity(bytes.count + count * line.utf8.count)
        let lineBytes = Array(line.utf8)
        for _ in 0..<count { bytes += lineBytes }
        return bytes
    }

    @Test func fiftyMegabyteMessage() throws {
        let ratio = growthRatio(50 << 18, make: Self.message(bytes:)) { bytes in
            let messages = MboxSplitter.split(bytes)
            guard let message = messages.first, let mail = try? ParsedMail(parsing: message),
                  let text = try? mail.decodedText() else { return }
            let body = PatchMailBody(text: text)
            let files = try? DiffParser.parse(body.diff)
            precondition(files?.first?.hunks.first?.lines.count ?? 0 > 1000)
        }
        #expect(ratio < 8, "4x the message took \(ratio)x the time")
    }

    @Test func longHeaderAndBodyLines() {
        let header = growthRatio(1 << 20, make: { size in
            MailMessage(bytes: Array(("Subject: [PATCH] " + String(repeating: "x ", count: size / 2) + "\n\nbody\n").utf8))
        }) { message in _ = (try? ParsedMail(parsing: message))?.headers.first("Subject").map(SubjectLine.init(parsing:)) }
        #expect(header < 8, "4x the header took \(header)x the time")
        let folded = growthRatio(20_000, make: { lines in
            MailMessage(bytes: Array(("Subject: Re: [PATCH] x\nReferences: " + (0..<lines).map { "<\($0)@example.org>" }.joined(separator: "\n ") + "\n\nbody\n").utf8))
        }) { message in _ = (try? SeriesLoader.summary(of: message))?.references.count }
        #expect(folded < 8, "4x the folded lines took \(folded)x the time")
        let trailers = growthRatio(5_000, make: { count in
            "Title\n\nText.\n\n" + (0..<count).map { "Reviewed-by: R\($0) <r\($0)@example.org>" }.joined(separator: "\n") + "\n"
        }) { text in _ = Trailers.split(message: text) }
        #expect(trailers < 8, "4x the trailers took \(trailers)x the time")
    }

    @Test func base64AndQuotedPrintableBodies() {
        for encoding in ["base64", "quoted-printable"] {
            let ratio = growthRatio(1 << 20, make: { size in
                let raw = String(repeating: "=3D+abc/xyz=\n", count: size / 13)
                return ParsedMail(parsing: "Content-Transfer-Encoding: \(encoding)\n\n" + raw)
            }) { mail in _ = try? mail?.decodedText() }
            #expect(ratio < 8, "\(encoding): 4x the body took \(ratio)x the time")
        }
    }
}

extension ParsedMail {
    init?(parsing text: String) {
        guard let mail = try? ParsedMail(parsing: MailMessage(bytes: Array(text.utf8))) else { return nil }
        self = mail
    }
}
