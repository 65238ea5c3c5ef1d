import PatchModel
import Testing

/// `HunkLocator` places hunks as `git apply` does: stated line, then the nearest exact match.
@Suite struct HunkLocatorTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func file(_ diff: String) throws -> FileDiff {
        let files = try DiffParser.parse(bytes(diff))
        return try #require(files.first)
    }

    static let change = """
        diff --git a/f.c b/f.c
        --- a/f.c
        +++ b/f.c
        @@ -3,3 +3,4 @@
         c
         d
        +inserted
         e

        """

    @Test func appliesAtTheStatedLine() throws {
        let result = HunkLocator.apply(try Self.file(Self.change), to: Self.bytes("a\nb\nc\nd\ne\nf\n"))
        #expect(try result.get() == Self.bytes("a\nb\nc\nd\ninserted\ne\nf\n"))
    }

    @Test func searchesOutwardForMovedLines() throws {
        let moved = HunkLocator.applyAll(try Self.file(Self.change), to: Self.bytes("x\ny\nz\na\nb\nc\nd\ne\nf\n"))
        #expect(moved.failures.isEmpty)
        #expect(moved.offsets == [3])
        #expect(moved.contents == Self.bytes("x\ny\nz\na\nb\nc\nd\ninserted\ne\nf\n"))
        let earlier = HunkLocator.applyAll(try Self.file(Self.change), to: Self.bytes("c\nd\ne\nf\n"))
        #expect(earlier.offsets == [-2])
    }

    @Test func nearestMatchWins() throws {
        // "c d e" occurs at lines 1 and 6; the stated line 3 is nearer to 1.
        let result = HunkLocator.applyAll(try Self.file(Self.change), to: Self.bytes("c\nd\ne\nq\nq\nc\nd\ne\n"))
        #expect(result.contents == Self.bytes("c\nd\ninserted\ne\nq\nq\nc\nd\ne\n"))
    }

    @Test func noFuzz() throws {
        let result = HunkLocator.apply(try Self.file(Self.change), to: Self.bytes("a\nb\nc\nD\ne\n"))
        guard case .failure(let failure) = result else { Issue.record("applied with fuzz"); return }
        #expect(failure.kind == .hunkDoesNotApply)
        #expect(failure.description == "hunk @@ -3,3 +3,4 @@ does not apply")
    }

    @Test func noNewlineAtEndOfFile() throws {
        let diff = """
            diff --git a/f.c b/f.c
            --- a/f.c
            +++ b/f.c
            @@ -1,2 +1,2 @@
             one
            -two
            \\ No newline at end of file
            +two
            
            """
        let file = try Self.file(diff)
        #expect(try HunkLocator.apply(file, to: Self.bytes("one\ntwo")).get() == Self.bytes("one\ntwo\n"))
        // The preimage says "no newline": a file that has one does not match.
        #expect((try? HunkLocator.apply(file, to: Self.bytes("one\ntwo\n")).get()) == nil)
    }

    @Test func newAndDeletedFiles() throws {
        let added = try Self.file("""
            diff --git a/n.c b/n.c
            new file mode 100644
            --- /dev/null
            +++ b/n.c
            @@ -0,0 +1,2 @@
            +x
            +y

            """)
        #expect(try HunkLocator.apply(added, to: nil).get() == Self.bytes("x\ny\n"))
        guard case .failure(let exists) = HunkLocator.apply(added, to: Self.bytes("q\n")) else { Issue.record("overwrote"); return }
        #expect(exists.kind == .alreadyExists)
        let deleted = try Self.file("""
            diff --git a/n.c b/n.c
            deleted file mode 100644
            --- a/n.c
            +++ /dev/null
            @@ -1,2 +0,0 @@
            -x
            -y

            """)
        #expect(try HunkLocator.apply(deleted, to: Self.bytes("x\ny\n")).get() == nil)
        guard case .failure(let missing) = HunkLocator.apply(deleted, to: nil) else { Issue.record("deleted nothing"); return }
        #expect(missing.kind == .missing)
    }

    @Test func laterHunksFollowTheOffsetOfEarlierOnes() throws {
        let diff = """
            diff --git a/f.c b/f.c
            --- a/f.c
            +++ b/f.c
            @@ -2,1 +2,2 @@
             k2
            +new2
            @@ -8,1 +9,2 @@
             k8
            +new8

            """
        var lines = (1...12).map { "k\($0)\n" }
        lines.insert("top\n", at: 0)
        lines.insert("top\n", at: 0)
        let result = HunkLocator.applyAll(try Self.file(diff), to: Self.bytes(lines.joined()))
        #expect(result.offsets == [2, 2])
        #expect(result.failures.isEmpty)
    }

    @Test func emptyAndHostileInputsDoNotCrash() throws {
        let file = try Self.file(Self.change)
        #expect(HunkLocator.applyAll(file, to: []).failures.count == 1)
        var odd = file
        odd.hunks[0].newStart = Int.max / 2
        odd.hunks[0].oldStart = -5
        #expect(HunkLocator.applyAll(odd, to: Self.bytes("c\nd\ne\n")).failures.isEmpty)
        var two = file
        two.hunks.insert(file.hunks[0], at: 0)
        two.hunks[0].newStart = 1
        two.hunks[1].newStart = Int.max
        two.hunks[1].oldStart = Int.min
        let result = HunkLocator.applyAll(two, to: Self.bytes("x\ny\nz\nc\nd\ne\nc\nd\ne\n"))
        #expect(result.failures.isEmpty)
        #expect(result.offsets.first == 3)
    }
}
