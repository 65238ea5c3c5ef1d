import Foundation
import Testing
import TestSupport

/// Hostile input through the built binary: truncated, binary, huge, mis-encoded mail, lying hunk
/// counts and paths that leave the tree. Every run must end by itself within its time, with 0, 1 or
/// 65, and print either nothing or one whole JSON object.
@Suite("hostile input", .serialized)
struct HostileInputTests {
    static let example = CommandRunner.fixture("examples/tlb-secondary-v2.mbox")
    static let seconds = 10.0

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stdout: Data
        var stderr: String
    }

    /// A folder of its own for one test's files, removed afterwards by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs the binary with a deadline: past it the process is killed and the run counts as a hang.
    static func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        var timedOut = false
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        group.wait()
        return Outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `review --format json` and `series --format json` on `file`, each held to the bars.
    static func check(_ file: URL, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for command in ["review", "series"] {
            let outcome = try run([command, file.path, "--format", "json"])
            let name = "\(command) on \(label)"
            #expect(!outcome.timedOut, "\(name): still running after \(seconds) s", sourceLocation: sourceLocation)
            #expect(!outcome.signalled, "\(name): killed by signal \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
            if outcome.timedOut || outcome.signalled { continue }
            #expect([0, 1, 65].contains(outcome.status), "\(name): exit \(outcome.status): \(outcome.stderr)",
                    sourceLocation: sourceLocation)
            if !outcome.stdout.isEmpty {
                let object = try? JSONSerialization.jsonObject(with: outcome.stdout)
                #expect(object is [String: Any], "\(name): stdout is not one JSON object", sourceLocation: sourceLocation)
            }
            if outcome.status == 65 {
                #expect(outcome.stdout.isEmpty, "\(name): output despite the error", sourceLocation: sourceLocation)
                let lines = outcome.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(name): stderr is not one line: \(outcome.stderr)", sourceLocation: sourceLocation)
            }
        }
    }

    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// A patch mail around `diff`, with `headers` added and `body` before the diff.
    static func patchMail(subject: String = "[PATCH] mm: hostile", headers: String = "", body: String = "Text.\n",
                          diff: String) -> String {
        """
        From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001
        From: Hostile Sender <hostile@example.org>
        Date: Tue, 14 Nov 2023 09:12:30 +0100
        Subject: \(subject)
        Message-Id: <hostile@example.org>
        \(headers)
        \(body)
        Signed-off-by: Hostile Sender <hostile@example.org>
        ---
        \(diff)
        """
    }

    static let smallDiff = """
        diff --git a/mm/rmap.c b/mm/rmap.c
        --- a/mm/rmap.c
        +++ b/mm/rmap.c
        @@ -1,3 +1,3 @@
         a
        -b
        +c
         d

        """

    @Test func truncationsOfARealMailbox() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.example)))
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            let file = try Self.write(Array(bytes[..<cut]), "cut-\(cut).mbox", in: folder)
            try Self.check(file, "the example cut at byte \(cut)")
        }
    }

    @Test func randomBytes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix(seed: 7)
        for round in 0..<6 {
            let size = [0, 1, 100, 4096, 65536, 1 << 20][round]
            var bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Half the rounds look like a mailbox at first glance.
            if round % 2 == 1 { bytes = Array("From x Mon Sep 17 00:00:00 2001\nSubject: [PATCH 1/1] x\n\n".utf8) + bytes }
            try Self.check(try Self.write(bytes, "random-\(round).mbox", in: folder), "\(size) random bytes")
        }
    }

    @Test func crlfMailbox() throws {
        let text = try String(contentsOf: URL(fileURLWithPath: Self.example), encoding: .utf8)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        try Self.check(try Self.write(Array(crlf.utf8), "crlf.mbox", in: folder), "the example with CRLF")
        let mixed = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 3 == 0 ? $0.element + "\r" : String($0.element) }.joined(separator: "\n")
        try Self.check(try Self.write(Array(mixed.utf8), "mixed.mbox", in: folder), "the example with some CRLF")
    }

    @Test func threeMegabyteLines() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = String(repeating: "x", count: 3 << 20)
        let inBody = Self.patchMail(body: long + "\n", diff: Self.smallDiff)
        try Self.check(try Self.write(Array(inBody.utf8), "body.mbox", in: folder), "a 3 MB body line")
        let inHeader = Self.patchMail(headers: "X-Long: " + long + "\n", diff: Self.smallDiff)
        try Self.check(try Self.write(Array(inHeader.utf8), "header.mbox", in: folder), "a 3 MB header line")
        let inSubject = Self.patchMail(subject: "[PATCH] " + long, diff: Self.smallDiff)
        try Self.check(try Self.write(Array(inSubject.utf8), "subject.mbox", in: folder), "a 3 MB subject")
        let inDiff = Self.patchMail(diff: Self.smallDiff.replacingOccurrences(of: "+c", with: "+" + long))
        try Self.check(try Self.write(Array(inDiff.utf8), "diff.mbox", in: folder), "a 3 MB added line")
    }

    @Test func hunkHeadersThatLie() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lies = ["@@ -1,3 +1,3 @@": ["@@ -1,30 +1,30 @@", "@@ -1,1 +1,1 @@", "@@ -1,0 +1,0 @@",
                                        "@@ -1,99999999999 +1,3 @@", "@@ -99999999,3 +1,3 @@", "@@ -1,-3 +1,3 @@",
                                        "@@ -1,3 +1,3"]]
        for (index, lie) in lies["@@ -1,3 +1,3 @@", default: []].enumerated() {
            let mail = Self.patchMail(diff: Self.smallDiff.replacingOccurrences(of: "@@ -1,3 +1,3 @@", with: lie))
            try Self.check(try Self.write(Array(mail.utf8), "lie-\(index).mbox", in: folder), "hunk header \(lie)")
        }
    }

    @Test func badTransferEncodingsAndCharsets() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String, String)] = [
            ("bad base64", "Content-Transfer-Encoding: base64\nContent-Type: text/plain; charset=utf-8\n", "!!!not*base64***\n===\n"),
            ("cut base64", "Content-Transfer-Encoding: base64\n", "ZGlmZiAtLWdpdCBhL21tL3JtYXAuYyBiL21t"),
            ("bad quoted-printable", "Content-Transfer-Encoding: quoted-printable\n", "=ZZ=\n=4=\nline=\n=\n=0"),
            ("unknown charset", "Content-Type: text/plain; charset=x-no-such-charset\n", "caf\u{E9}\n"),
            ("latin1 said utf-8", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", "caf\u{FFFD}\n"),
            ("unknown encoding", "Content-Transfer-Encoding: x-uuencode\n", "begin 644 x\n"),
        ]
        for (index, (label, headers, body)) in cases.enumerated() {
            let mail = Self.patchMail(headers: "MIME-Version: 1.0\n" + headers, body: body, diff: Self.smallDiff)
            var bytes = Array(mail.utf8)
            if label == "latin1 said utf-8" { bytes = bytes.map { $0 == 0xBD ? 0xE9 : $0 } }
            try Self.check(try Self.write(bytes, "encoding-\(index).mbox", in: folder), label)
        }
    }

    @Test func multipartNestedAHundredDeep() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for depth in [100, 1000] {
            var body = "Content-Type: text/plain\n\nText.\n\n---\n" + Self.smallDiff
            for level in (0..<depth).reversed() {
                body = "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n" + body + "\n--b\(level)--\n"
            }
            let mail = """
                From x Mon Sep 17 00:00:00 2001
                From: Hostile Sender <hostile@example.org>
                Subject: [PATCH] mm: nested
                MIME-Version: 1.0
                \(body)
                """
            try Self.check(try Self.write(Array(mail.utf8), "nested-\(depth).mbox", in: folder), "multipart nested \(depth) deep")
        }
    }

    /// Paths that leave the tree: exit 65, nothing on stdout, one line naming the message and the path.
    @Test(arguments: [
        ("diff --git a/../../etc/passwd b/../../etc/passwd\n--- a/../../etc/passwd\n+++ b/../../etc/passwd\n", "../../etc/passwd"),
        ("diff --git /etc/passwd /etc/passwd\n--- /etc/passwd\n+++ /etc/passwd\n", "/etc/passwd"),
        ("diff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/../../../etc/passwd\n", "mm/../../../etc/passwd"),
    ])
    func pathsOutsideTheTreeAreRefused(header: String, path: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let diff = header + "@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n"
        let file = try Self.write(Array(Self.patchMail(diff: diff).utf8), "traversal.mbox", in: folder)
        try Self.check(file, "a diff naming \(path)")
        let outcome = try Self.run(["review", file.path, "--format", "json"])
        #expect(outcome.status == 65)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("message 1"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\"\(path)\""), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }
}

/// Every error path leaves stdout empty: the commands render the whole output to a string first and
/// write it once, after everything that can fail.
@Suite("all or nothing on stdout")
struct AllOrNothingTests {
    @Test func errorPathsPrintNothingOnStdout() throws {
        let folder = try HostileInputTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try HostileInputTests.write([], "empty.mbox", in: folder)
        let example = HostileInputTests.example
        let cases: [([String], Int32)] = [
            (["review", folder.appendingPathComponent("absent.mbox").path, "--format", "json"], 66),
            (["series", folder.appendingPathComponent("absent.mbox").path, "--format", "json"], 66),
            (["review", empty.path, "--format", "json"], 65),
            (["series", empty.path, "--format", "json"], 65),
            (["review", example, "--version", "99", "--format", "json"], 66),
            (["review", example, "--series", "9", "--format", "json"], 66),
            (["review", example, "--tree", folder.path, "--format", "json"], 66),
            (["review", example, "--base", "HEAD", "--format", "json"], 64),
            (["check", folder.path, "HEAD~1..HEAD", "--format", "json"], 66),
        ]
        for (arguments, status) in cases {
            let outcome = try HostileInputTests.run(arguments)
            #expect(outcome.status == status, "\(arguments): exit \(outcome.status): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(arguments): stdout holds \(outcome.stdout.count) bytes")
            #expect(!outcome.stderr.isEmpty, "\(arguments): no message on stderr")
            if status != 64 {
                #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
            }
        }
    }
}
