import Foundation
import GitSource
import PatchModel
import Testing

/// `RangeReader` over real repositories: range syntax, order, merges, renames, binary, root commits,
/// trailers and dates.
@Suite struct RangeTests {
    /// main: c1 - c2 - c3 (merge of side) - c4; side: s1 branched from c1.
    static func history() throws -> (ScratchRepository, [String: String]) {
        let repo = try ScratchRepository()
        var ids: [String: String] = [:]
        try repo.write("mm/a.c", ScratchRepository.lines(40, "a"))
        ids["c1"] = try repo.commit("mm: add a.c")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("mm/side.c", "side\n")
        ids["s1"] = try repo.commit("mm: add side.c")
        try repo.git("checkout", "-q", "main")
        try repo.write("mm/a.c", ScratchRepository.lines(40, "a").replacingOccurrences(of: "a 10\n", with: "a ten\n"))
        ids["c2"] = try repo.commit("mm: ten")
        try repo.run(["merge", "-q", "--no-ff", "-m", "Merge side", "side"])
        ids["m"] = try repo.head()
        try repo.write("mm/a.c", ScratchRepository.lines(40, "a").replacingOccurrences(of: "a 10\n", with: "a ten\n")
            .replacingOccurrences(of: "a 30\n", with: "a thirty\n"))
        ids["c4"] = try repo.commit("mm: thirty")
        return (repo, ids)
    }

    func titles(_ patches: [Patch]) -> [String] { patches.map(\.subject.title) }

    @Test func twoDotRangeIsOldestFirstWithoutMerges() throws {
        let (repo, ids) = try Self.history()
        let read = try RangeReader.read(repository: repo.path, range: "\(ids["c1"]!)..main", workers: 1)
        #expect(Set(titles(read.patches)) == ["mm: add side.c", "mm: ten", "mm: thirty"])
        #expect(titles(read.patches).last == "mm: thirty")
        #expect(read.patches.map { $0.subject.index } == [1, 2, 3])
        #expect(read.patches.allSatisfy { $0.subject.total == 3 })
        #expect(read.states.states.count == 4)
    }

    @Test func mergesAreKeptWhenAsked() throws {
        let (repo, ids) = try Self.history()
        let read = try RangeReader.read(repository: repo.path, range: "\(ids["c1"]!)..main",
                                        options: WalkOptions(merges: true), workers: 1)
        #expect(titles(read.patches).contains("Merge side"))
        #expect(read.patches.count == 4)
        let merge = try #require(read.patches.first { $0.subject.title == "Merge side" })
        // Against the first parent, the merge brings in side.c.
        #expect(merge.files.map(\.path) == ["mm/side.c"])
    }

    /// Merges are skipped as the runs read them: a merge alone is an empty range, and runs that
    /// skipped merges still number the range's patches 1 to N.
    @Test func mergesSkippedByTheRunsLeaveNoGaps() throws {
        let (repo, ids) = try Self.history()
        do {
            _ = try RangeReader.read(repository: repo.path, range: ids["m"]!, workers: 1)
            Issue.record("a merge alone read as a range")
        } catch {
            #expect(error.category == .missingInput)
        }
        let merge = try RangeReader.read(repository: repo.path, range: ids["m"]!, options: WalkOptions(merges: true), workers: 1)
        #expect(titles(merge.patches) == ["Merge side"])

        // Every fourth commit merges a side branch, over several runs.
        for index in 1...40 {
            if index % 4 == 0 {
                try repo.git("checkout", "-q", "-b", "side\(index)")
                try repo.write("mm/s\(index).c", "side \(index)\n")
                _ = try repo.commit("side \(index)")
                try repo.git("checkout", "-q", "main")
                try repo.write("mm/m\(index).c", "main \(index)\n")
                _ = try repo.commit("main \(index)")
                try repo.run(["merge", "-q", "--no-ff", "-m", "Merge side \(index)", "side\(index)"])
            } else {
                try repo.write("mm/f\(index % 3).c", ScratchRepository.lines(index, "v\(index)"))
                _ = try repo.commit("change \(index)")
            }
        }
        let read = try RangeReader.read(repository: repo.path, range: "\(ids["c4"]!)..main", workers: 3)
        #expect(!titles(read.patches).contains { $0.hasPrefix("Merge") })
        // 30 changes, and 10 side and 10 main commits around the 10 merges.
        #expect(read.patches.count == 50)
        #expect(read.patches.map { $0.subject.index } == Array(1...read.patches.count))
        #expect(read.patches.allSatisfy { $0.subject.total == read.patches.count })
        #expect(read.states.parents.count == read.patches.count)
    }

    @Test func symmetricDifference() throws {
        let (repo, ids) = try Self.history()
        let read = try RangeReader.read(repository: repo.path, range: "\(ids["s1"]!)...\(ids["c2"]!)", workers: 1)
        #expect(Set(titles(read.patches)) == ["mm: add side.c", "mm: ten"])
    }

    @Test func singleRevisionIsItsOwnCommit() throws {
        let (repo, ids) = try Self.history()
        let read = try RangeReader.read(repository: repo.path, range: ids["c2"]!, workers: 1)
        #expect(titles(read.patches) == ["mm: ten"])
        let file = try #require(read.patches.first?.files.first)
        #expect(file.path == "mm/a.c")
        #expect(file.hunks.count == 1)
        #expect(file.hunks.first?.oldStart == 7)
        #expect(file.addedCount == 1 && file.removedCount == 1)
        #expect(read.patches.first?.commit == ids["c2"])
    }

    @Test func parallelReadingKeepsTheOrder() throws {
        let repo = try ScratchRepository()
        var expected: [String] = []
        for index in 1...40 {
            try repo.write("f\(index % 5).c", ScratchRepository.lines(index, "v\(index)"))
            expected.append(try repo.commit("change \(index)"))
        }
        let read = try RangeReader.read(repository: repo.path, range: "\(expected[0])..HEAD", workers: 3)
        #expect(read.patches.compactMap(\.commit) == Array(expected.dropFirst()))
        #expect(read.patches.map(\.subject.title) == (2...40).map { "change \($0)" })
    }

    /// Runs on several cores read objects through pack handles of their own: a history half packed
    /// (deltas included) and half loose reads the same over three runs as over one.
    @Test func runsReadPackedAndLooseObjectsAlike() throws {
        let repo = try ScratchRepository()
        var commits: [String] = []
        for index in 1...60 {
            if index == 40 { try repo.git("repack", "-adq") }
            try repo.write("mm/f\(index % 4).c", ScratchRepository.lines(40 + index % 7) + "version \(index)\n"
                           + ScratchRepository.lines(40, "tail"))
            commits.append(try repo.commit("change \(index)"))
        }
        let packs = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/objects/pack")
        #expect(packs.contains { $0.hasSuffix(".pack") })
        let range = "\(commits[0])..HEAD"
        let one = try RangeReader.read(repository: repo.path, range: range, workers: 1)
        let three = try RangeReader.read(repository: repo.path, range: range, workers: 3)
        #expect(three.patches.map(\.files) == one.patches.map(\.files))
        #expect(three.patches.map(\.commit) == one.patches.map(\.commit))
        #expect(three.patches.count == 59)
        for index in [0, 20, 38, 39, 58] {
            let path = one.patches[index].files[0].path
            #expect(try three.states.contents(of: path, in: three.states.after(index))
                    == one.states.contents(of: path, in: one.states.after(index)))
        }
    }

    /// A linked work tree (its `.git` a file naming the git directory) opens as its repository, and
    /// its runs read the main repository's packs through handles of their own.
    @Test func aLinkedWorkTreeReadsAsItsRepository() throws {
        let repo = try ScratchRepository()
        var commits: [String] = []
        for index in 1...30 {
            try repo.write("mm/f\(index % 3).c", ScratchRepository.lines(20 + index % 5) + "version \(index)\n")
            commits.append(try repo.commit("change \(index)"))
        }
        try repo.git("repack", "-adq")
        let linked = repo.path + "-linked"
        defer { try? FileManager.default.removeItem(atPath: linked) }
        try repo.git("worktree", "add", "-q", "--detach", linked, commits[27])
        let range = "\(commits[0])..HEAD"
        let fromLinked = try RangeReader.read(repository: linked, range: range, workers: 3)
        let fromMain = try RangeReader.read(repository: repo.path, range: "\(commits[0])..\(commits[27])", workers: 1)
        #expect(fromLinked.patches.map(\.commit) == Array(commits[1...27]))
        #expect(fromLinked.patches.map(\.files) == fromMain.patches.map(\.files))
    }

    @Test func rootCommitDiffsAgainstTheEmptyTree() throws {
        let repo = try ScratchRepository()
        try repo.write("README", "hello\nworld\n")
        let root = try repo.commit("initial")
        let read = try RangeReader.read(repository: repo.path, range: root, workers: 1)
        let file = try #require(read.patches.first?.files.first)
        #expect(file.kind == .added)
        #expect(file.newPath == "README")
        #expect(file.addedCount == 2)
        #expect(read.states.before(0).tree == nil)
        #expect(try read.states.contents(of: "README", in: read.states.before(0)) == nil)
        #expect(try read.states.contents(of: "README", in: read.states.after(0)) == Array("hello\nworld\n".utf8))
    }

    @Test func renamesAsGitLogFindsThem() throws {
        let repo = try ScratchRepository()
        try repo.write("old.c", ScratchRepository.lines(30))
        let first = try repo.commit("add")
        try repo.git("mv", "old.c", "new.c")
        try repo.commit("move")
        let plain = try RangeReader.read(repository: repo.path, range: "\(first)..HEAD",
                                         options: WalkOptions(findRenames: false), workers: 1)
        #expect(plain.patches.first?.files.map(\.kind) == [.added, .deleted])
        let found = try RangeReader.read(repository: repo.path, range: "\(first)..HEAD", workers: 1)
        let file = try #require(found.patches.first?.files.first)
        #expect(found.patches.first?.files.count == 1)
        #expect(file.kind == .renamed)
        #expect(file.oldPath == "old.c" && file.newPath == "new.c")
        #expect(file.similarity == 100)
    }

    @Test func binaryFilesAreMarked() throws {
        let repo = try ScratchRepository()
        try repo.write("blob.bin", [0, 1, 2, 0, 255])
        try repo.write("text.c", "int x;\n")
        let id = try repo.commit("add both")
        let read = try RangeReader.read(repository: repo.path, range: id, workers: 1)
        let files = try #require(read.patches.first?.files)
        let binary = try #require(files.first { $0.path == "blob.bin" })
        #expect(binary.isBinary)
        #expect(binary.hunks.isEmpty)
        #expect(files.first { $0.path == "text.c" }?.isBinary == false)
    }

    @Test func trailersAndDates() throws {
        let repo = try ScratchRepository()
        try repo.write("x.c", "a\n")
        let message = """
            arm64: tlb: notify secondary TLBs
            when flushing a page

            The SMMU caches the read-only entry.

            Signed-off-by: Ada Author <ada@example.org>
            Reviewed-by: Rita Reviewer <rita@example.org>
            Fixes: 0123456789ab ("arm64: old change")
            """
        let id = try repo.commit(message, date: "1690243200 +1000", author: ("Ada Author", "ada@example.org"))
        let patch = try #require(try RangeReader.read(repository: repo.path, range: id, workers: 1).patches.first)
        #expect(patch.subject.title == "arm64: tlb: notify secondary TLBs when flushing a page")
        #expect(patch.message == "The SMMU caches the read-only entry.")
        #expect(patch.trailers.map(\.key) == ["Signed-off-by", "Reviewed-by", "Fixes"])
        #expect(patch.trailers[1].value == "Rita Reviewer <rita@example.org>")
        #expect(patch.author == Person(name: "Ada Author", email: "ada@example.org"))
        #expect(patch.date == MailDate(secondsSinceEpoch: 1_690_243_200, utcOffsetMinutes: 600))
        #expect(patch.date?.iso8601 == "2023-07-25T10:00:00+10:00")
    }

    @Test func noNewlineAtEndOfFile() throws {
        let repo = try ScratchRepository()
        try repo.write("n.c", "one\ntwo")
        let first = try repo.commit("add")
        try repo.write("n.c", "one\ntwo\nthree\n")
        try repo.commit("grow")
        let file = try #require(try RangeReader.read(repository: repo.path, range: "\(first)..HEAD", workers: 1).patches.first?.files.first)
        let lines = try #require(file.hunks.first?.lines)
        #expect(lines.first { $0.kind == .removed }?.noNewlineAtEnd == true)
        #expect(lines.filter { $0.kind == .added }.allSatisfy { !$0.noNewlineAtEnd })
    }

    @Test func rangeSyntax() throws {
        #expect(try RevisionRange.parse("a..b") == .between("a", "b"))
        #expect(try RevisionRange.parse("a...b") == .symmetric("a", "b"))
        #expect(try RevisionRange.parse("v6.5") == .single("v6.5"))
        #expect(try RevisionRange.parse("a..") == .between("a", "HEAD"))
        #expect(try RevisionRange.parse("HEAD~3") == .single("HEAD~3"))
        for bad in ["", "a..b..c", "a....b", "..", "a b..c"] {
            #expect(throws: GitError.self, "\(bad)") { try RevisionRange.parse(bad) }
            #expect((try? RevisionRange.parse(bad)) == nil)
            do { _ = try RevisionRange.parse(bad) } catch { #expect(error.category == .usage) }
        }
    }

    @Test func errorsNameTheirCategory() throws {
        let (repo, _) = try Self.history()
        func category(_ path: String, _ range: String) -> FailureCategory? {
            do { _ = try RangeReader.read(repository: path, range: range, workers: 1); return nil } catch { return error.category }
        }
        #expect(category("/nonexistent/repository", "HEAD") == .missingInput)
        #expect(category(FileManager.default.temporaryDirectory.path, "HEAD") == .missingInput)
        #expect(category(repo.path, "no-such-branch") == .missingInput)
        #expect(category(repo.path, "main..main") == .missingInput)
        #expect(category(repo.path, "a..b..c") == .usage)
    }

    @Test func lockedOrCorruptRepositoryIsAnIOError() throws {
        let repo = try ScratchRepository()
        try repo.write("x.c", ScratchRepository.lines(5))
        let id = try repo.commit("add")
        // Corrupt the loose object of the commit's blob: reading its diff must fail as I/O.
        let blob = try repo.revParse("HEAD:x.c")
        let object = repo.url.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        try Data([1, 2, 3, 4]).write(to: object)
        do {
            _ = try RangeReader.read(repository: repo.path, range: id, workers: 1)
            Issue.record("a corrupt object was read")
        } catch {
            #expect(error.category == .inputOutput)
        }
    }
}
