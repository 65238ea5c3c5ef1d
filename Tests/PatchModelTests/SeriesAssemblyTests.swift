import Foundation
import Testing
@testable import PatchModel

/// The mailbox fixtures against `Fixtures/mbox/expected.tsv`: every message found, every patch in its
/// series and version, every received trailer on the right patch.
@Suite("series assembly")
struct SeriesAssemblyTests {
    struct Row {
        var file: String, message: Int, subject: String, messageID: String, inReplyTo: String
        var isPatch: Bool, received: Set<String>, role: String, series: String
        var version: Int, index: Int?, total: Int?, own: [String]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mbox")

    static let rows: [Row] = {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("expected.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func list(_ s: String) -> [String] {
                s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let file = f[0].hasPrefix("maildir/") ? "maildir" : f[0]
            return Row(file: file, message: Int(f[1]) ?? 0, subject: f[2], messageID: f[3], inReplyTo: f[4],
                       isPatch: f[5] == "yes", received: Set(list(f[6])), role: f[7], series: f[8],
                       version: Int(f[9]) ?? 1, index: Int(f[10]), total: Int(f[11]), own: list(f[13]))
        }
    }()

    static var files: [String] { Array(Set(rows.map(\.file))).sorted() }

    @Test func fixturesAreListed() {
        #expect(Self.files.count >= 12)
    }

    @Test(arguments: files)
    func mailbox(file: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let expected = Self.rows.filter { $0.file == file }
        let mailbox = try SeriesLoader.index(path: path)
        #expect(mailbox.messages == expected.count, "messages in \(file)")
        #expect(mailbox.series.count == Set(expected.filter(\.isPatch).map(\.series)).count, "series in \(file)")

        for row in expected where row.isPatch {
            let match = mailbox.series.flatMap(\.versions).compactMap { version -> (SeriesVersion, MessageSummary)? in
                let all = (version.cover.map { [$0] } ?? []) + version.patches
                let found = all.first { row.messageID.isEmpty ? $0.subject.raw == row.subject : $0.messageID == row.messageID }
                return found.map { (version, $0) }
            }.first
            guard let (version, summary) = match else {
                Issue.record("\(file) message \(row.message) (\(row.subject)) is in no series")
                continue
            }
            #expect(version.version == row.version, "\(file) #\(row.message) version")
            #expect((summary.subject.index ?? 1) == (row.index ?? 1), "\(file) #\(row.message) index")
            if (row.index ?? 1) > 0 {
                let got = Set(version.received(forPatch: row.index ?? 1).map { "\($0.key): \($0.value)" })
                #expect(got == row.received, "\(file) #\(row.message) received trailers")
            }
        }
    }

    @Test(arguments: files)
    func newestVersionReadsWhole(file: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let expected = Self.rows.filter { $0.file == file && $0.isPatch && ($0.index ?? 1) > 0 }
        let mailbox = try SeriesLoader.index(path: path)
        for number in mailbox.series.indices {
            let (series, _) = try SeriesLoader.load(path: path, selection: SeriesSelection(series: number + 1))
            #expect(!series.patches.isEmpty)
            for patch in series.patches {
                let row = expected.first { $0.messageID.isEmpty ? $0.subject == patch.subject.raw : $0.messageID == patch.messageID }
                #expect(row != nil, "\(file): \(patch.subject.raw)")
                if let row {
                    #expect(patch.trailers.map { "\($0.key): \($0.value)" } == row.own, "\(file) #\(row.message) own trailers")
                    #expect(Set(patch.receivedTrailers.map { "\($0.key): \($0.value)" }) == row.received)
                    #expect(!patch.files.isEmpty, "\(file) #\(row.message) has a diff")
                }
            }
        }
    }

    @Test func olderVersionOnRequest() throws {
        let path = Self.folder.appendingPathComponent("v1-v2-threaded.mbox").path
        let (newest, _) = try SeriesLoader.load(path: path)
        #expect(newest.version == 2)
        #expect(newest.otherVersions == [1])
        let (older, _) = try SeriesLoader.load(path: path, selection: SeriesSelection(version: 1))
        #expect(older.version == 1)
        #expect(older.patches.allSatisfy { patch in !patch.receivedTrailers.contains { $0.key == "Tested-by" } })
        #expect(throws: IngestError.self) { try SeriesLoader.load(path: path, selection: SeriesSelection(version: 7)) }
    }

    @Test func gzippedMailboxReadsLikeThePlainOne() throws {
        let plain = Self.folder.appendingPathComponent("v1-v2-threaded.mbox")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("thread.mbox")
        try FileManager.default.copyItem(at: plain, to: copy)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-9", copy.path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        let zipped = try SeriesLoader.index(path: copy.path + ".gz")
        let original = try SeriesLoader.index(path: plain.path)
        #expect(zipped.messages == original.messages)
        #expect(zipped.series.map(\.title) == original.series.map(\.title))
        #expect(zipped.series.flatMap(\.versions).map(\.messageIDs) == original.series.flatMap(\.versions).map(\.messageIDs))
    }

    @Test func missingAndEmptyInputs() throws {
        #expect(throws: IngestError.self) { try SeriesLoader.index(path: "/nonexistent/x.mbox") }
        do {
            _ = try SeriesLoader.index(path: "/nonexistent/x.mbox")
        } catch {
            #expect(error.category == .missingInput)
            #expect(error.location.file == "/nonexistent/x.mbox")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("shootdown-empty-\(UUID().uuidString).mbox")
        try Data().write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        do {
            _ = try SeriesLoader.index(path: empty.path)
            Issue.record("an empty mailbox must be an error")
        } catch {
            #expect(error.category == .malformed)
        }
    }

    @Test func threadsWithCyclesEnd() {
        func summary(_ n: Int, replyTo: Int?, subject: String) -> MessageSummary {
            MessageSummary(index: n, messageID: "<m\(n)@x>", inReplyTo: replyTo.map { "<m\($0)@x>" },
                           subject: SubjectLine(parsing: subject))
        }
        let messages = [
            summary(1, replyTo: 3, subject: "[PATCH 1/2] a"),
            summary(2, replyTo: 1, subject: "[PATCH 2/2] b"),
            summary(3, replyTo: 2, subject: "Re: [PATCH 2/2] b"),
        ]
        let mailbox = SeriesAssembler.assemble(messages)
        #expect(mailbox.series.count == 1)
        #expect(mailbox.series.first?.versions.first?.present == [1, 2])
    }
}

@Suite("series assembly: threading")
struct SeriesThreadingTests {
    static func message(_ n: Int, _ subject: String, replyTo: Int? = nil, from: String = "a@example.org", hour: Int = 0) -> MessageSummary {
        MessageSummary(index: n, messageID: "<m\(n)@x>", inReplyTo: replyTo.map { "<m\($0)@x>" },
                       subject: SubjectLine(parsing: subject), from: Person(name: "A", email: from),
                       date: MailDate(secondsSinceEpoch: Int64(1_700_000_000 + hour * 3600), utcOffsetMinutes: 0))
    }

    /// Two series by one author with the same shape, no cover letters: each keeps its own patch 1.
    @Test func patchOneOfAThreadWithoutCoverStaysWithItsThread() {
        let messages = [
            Self.message(1, "[PATCH 1/2] first: a"), Self.message(2, "[PATCH 2/2] first: b", replyTo: 1),
            Self.message(3, "[PATCH 1/2] second: a", hour: 30), Self.message(4, "[PATCH 2/2] second: b", replyTo: 3, hour: 30),
        ]
        let mailbox = SeriesAssembler.assemble(messages)
        #expect(mailbox.series.count == 2)
        #expect(mailbox.series.map { $0.versions.map(\.present) } == [[[1, 2]], [[1, 2]]])
        #expect(mailbox.series.allSatisfy { $0.versions.allSatisfy { $0.supersededMessages.isEmpty } })
    }

    @Test func unthreadedPatchesSentTogetherJoin() {
        let messages = [Self.message(1, "[PATCH 1/2] a"), Self.message(2, "[PATCH 2/2] b"),
                        Self.message(3, "[PATCH 1/2] c", hour: 48)]
        let mailbox = SeriesAssembler.assemble(messages)
        #expect(mailbox.series.count == 2)
        #expect(mailbox.series.first?.versions.first?.present == [1, 2])
    }
}
