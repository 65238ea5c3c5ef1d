import Foundation
import PatchModel
import Review
import Testing

/// `make corpus`: every real thread is read whole and matches its `.index.tsv`.
@Suite("corpus: list mail", .enabled(if: Corpus.isPresent))
struct IngestCorpusTests {
    @Test(arguments: Corpus.threads)
    func everyMessageFound(thread: URL) throws {
        let rows = Corpus.index(for: thread)
        #expect(!rows.isEmpty, "no index for \(thread.lastPathComponent)")
        let messages = try MailboxReader(path: thread.path).readAll()
        let ids = try messages.map { try SeriesLoader.summary(of: $0).messageID }
        #expect(ids.count == rows.count)
        #expect(Set(ids) == Set(rows.map(\.messageID)))
    }

    @Test(arguments: Corpus.threads)
    func patchesOfEachVersionInOrder(thread: URL) throws {
        let rows = Corpus.index(for: thread)
        let mailbox = try SeriesLoader.index(path: thread.path)
        #expect(mailbox.series.count == 1, "one series per thread file")
        let versions = mailbox.series.flatMap(\.versions)
        let expectedPatches = rows.filter { !$0.isReply }
        let groups = Dictionary(grouping: expectedPatches, by: \.version)
        #expect(versions.count == groups.count)
        for (_, group) in groups {
            let expectedIDs = group.sorted { ($0.patchIndex ?? 0) < ($1.patchIndex ?? 0) }.map(\.messageID)
            let match = versions.first { Set($0.messageIDs) == Set(expectedIDs) }
            #expect(match != nil, "a version with messages \(expectedIDs)")
            if let match {
                #expect(match.messageIDs == expectedIDs, "cover then patches in order")
                #expect(match.missing.isEmpty)
            }
        }
    }

    /// A received trailer sits on the patch its reply answers (by the index's own threading), or on
    /// every patch when the reply answers the cover letter.
    @Test(arguments: Corpus.threads)
    func receivedTrailersOnTheRightPatch(thread: URL) throws {
        let rows = Corpus.index(for: thread)
        let byID = Dictionary(rows.map { ($0.messageID, $0) }, uniquingKeysWith: { first, _ in first })
        func answered(_ id: String) -> IndexRow? {
            var cursor = byID[id]
            var steps = 0
            while let row = cursor, row.isReply, steps < rows.count {
                cursor = row.inReplyTo.flatMap { byID[$0] }
                steps += 1
            }
            return cursor
        }
        let mailbox = try SeriesLoader.index(path: thread.path)
        for version in mailbox.series.flatMap(\.versions) {
            for patch in version.patches {
                for trailer in version.received(forPatch: patch.subject.index ?? 1) {
                    let target = answered(trailer.from)
                    #expect(target?.messageID == patch.messageID || target?.patchIndex == 0,
                            "\(trailer.key) from \(trailer.from) on patch \(patch.subject.index ?? 1)")
                }
            }
        }
    }

    @Test(arguments: Corpus.threads)
    func commandLineReadsEveryThread(thread: URL) throws {
        try #require(Corpus.binary != nil)
        let rows = Corpus.index(for: thread)
        let series = try Corpus.run(["series", thread.path, "--format", "json"])
        #expect(series.status == 0, "\(series.stderr)")
        let listing = try JSONSerialization.jsonObject(with: series.stdout) as? [String: Any]
        #expect(listing?["messages"] as? Int == rows.count)

        let review = try Corpus.run(["review", thread.path, "--format", "json"])
        #expect(review.status == 0, "\(review.stderr)")
        let object = try JSONSerialization.jsonObject(with: review.stdout) as? [String: Any]
        let patches = object?["patches"] as? [[String: Any]] ?? []
        let newest = rows.filter { !$0.isReply && ($0.patchIndex ?? 0) > 0 }
        let versions = Set(newest.map(\.version))
        #expect(versions.count == 1)
        #expect(patches.count == newest.count)
        for patch in patches {
            let files = patch["files"] as? [[String: Any]] ?? []
            #expect(!files.isEmpty, "patch \(patch["index"] ?? "?") has files")
            #expect(files.allSatisfy { $0["area"] is String })
        }
    }
}
