import Foundation
import Testing

/// The command line end to end: the built binary on the example series and the fixtures.
@Suite("shootdown review and series")
struct ReviewCommandTests {
    static let example = CommandRunner.fixture("examples/tlb-secondary-v2.mbox")
    static func mbox(_ name: String) -> String { CommandRunner.fixture("Tests/PatchModelTests/Fixtures/mbox/\(name)") }

    @Test func reviewsTheExampleAsText() throws {
        let result = try CommandRunner.run(["review", "examples/tlb-secondary-v2.mbox"], directory: CommandRunner.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try CommandRunner.expectGolden(result.stdout, "review-example.txt")
    }

    @Test func reviewsTheExampleAsJSON() throws {
        let result = try CommandRunner.run(["review", "examples/tlb-secondary-v2.mbox", "--format", "json"], directory: CommandRunner.repository)
        #expect(result.status == 0, "\(result.stderr)")
        try CommandRunner.expectGolden(result.stdout, "review-example.json")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let patches = object?["patches"] as? [[String: Any]]
        #expect(patches?.count == 3)
        let first = patches?.first
        let received = first?["receivedTrailers"] as? [[String: Any]] ?? []
        #expect(received.contains { $0["key"] as? String == "Reviewed-by" })
        let files = first?["files"] as? [[String: Any]] ?? []
        #expect(files.first?["area"] as? String == "arm64")
    }

    @Test func reviewsMarkdown() throws {
        let result = try CommandRunner.run(["review", "examples/tlb-secondary-v2.mbox", "--format", "markdown"], directory: CommandRunner.repository)
        #expect(result.status == 0)
        try CommandRunner.expectGolden(result.stdout, "review-example.md")
    }

    @Test func readsStandardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.example))
        let piped = try CommandRunner.run(["review", "-", "--format", "json"], stdin: data)
        let direct = try CommandRunner.run(["review", Self.example, "--format", "json"])
        #expect(piped.status == 0)
        #expect(piped.stdout.replacingOccurrences(of: "\"path\": \"-\"", with: "") ==
                direct.stdout.replacingOccurrences(of: "\"path\": \"\(Self.example)\"", with: ""))
    }

    @Test func picksAVersionAndASeries() throws {
        let older = try CommandRunner.run(["review", Self.mbox("v1-v2-threaded.mbox"), "--version", "1", "--format", "json"])
        #expect(older.status == 0)
        #expect(older.stdout.contains("\"version\": 1"))
        let second = try CommandRunner.run(["review", Self.mbox("two-series.mbox"), "--series", "2"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("x86/mm: Add flush_whole_mm()"))
        let none = try CommandRunner.run(["review", Self.mbox("v1-v2-threaded.mbox"), "--version", "9"])
        #expect(none.status == 66)
        #expect(none.stderr.contains("no version 9"))
    }

    @Test func listsSeries() throws {
        let result = try CommandRunner.run(["series", "Tests/PatchModelTests/Fixtures/mbox/v1-v2-threaded.mbox", "--format", "json"],
                                           directory: CommandRunner.repository)
        #expect(result.status == 0)
        try CommandRunner.expectGolden(result.stdout, "series-v1-v2.json")
        let text = try CommandRunner.run(["series", "Tests/PatchModelTests/Fixtures/mbox/two-series.mbox"], directory: CommandRunner.repository)
        try CommandRunner.expectGolden(text.stdout, "series-two.txt")
    }

    @Test func missingInputIsExit66WithOneLine() throws {
        let result = try CommandRunner.run(["review", "/nonexistent/series.mbox"])
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "shootdown: /nonexistent/series.mbox: no such file or directory\n")
    }

    @Test func malformedInputIsExit65() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let noPatch = directory.appendingPathComponent("chat.mbox")
        try Data("From a@b Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nSubject: hello\n\nno patches here\n".utf8).write(to: noPatch)
        let result = try CommandRunner.run(["review", noPatch.path, "--format", "json"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("shootdown: \(noPatch.path): "))
        #expect(result.stderr.split(separator: "\n").count == 1)

        let badHunk = directory.appendingPathComponent("bad-hunk.mbox")
        try Data("""
            From a@b Mon Sep 17 00:00:00 2001
            From: A <a@example.org>
            Subject: [PATCH] mm: x
            Message-ID: <bad@example.org>

            text
            ---
            diff --git a/mm/x.c b/mm/x.c
            --- a/mm/x.c
            +++ b/mm/x.c
            @@ -1,5 +1,5 @@
             a
            -b

            """.utf8).write(to: badHunk)
        let bad = try CommandRunner.run(["review", badHunk.path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("message 1"), "\(bad.stderr)")
        #expect(bad.stderr.contains("line"), "\(bad.stderr)")
        #expect(bad.stdout.isEmpty)
    }

    @Test func usageErrorIsExit64() throws {
        let result = try CommandRunner.run(["review", "--no-such-flag", Self.example])
        #expect(result.status == 64)
        let bad = try CommandRunner.run(["review", Self.example, "--format", "yaml"])
        #expect(bad.status == 64)
    }

    @Test func helpHasExamples() throws {
        let result = try CommandRunner.run(["review", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        let completions = try CommandRunner.run(["--generate-completion-script", "bash"])
        #expect(completions.status == 0)
        #expect(completions.stdout.contains("review"))
    }
}
