import Foundation
import GitSource
import PatchModel
import Testing

/// Mailed patches (made by `git format-patch` in a scratch repository) applied in memory onto a
/// base whose lines moved, is missing a file, or changed under a hunk.
@Suite struct TreeApplyTests {
    static let header = ScratchRepository.lines(60, "int line")

    /// A repository whose `base` has `tlb.h`, and a mailbox of two patches made on a branch from it.
    /// Returns the repository, the base commit and the patches read from the mailbox.
    static func mailedSeries() throws -> (ScratchRepository, String, [Patch]) {
        let repo = try ScratchRepository()
        try repo.write("arch/arm64/include/asm/tlbflush.h", header)
        try repo.write("include/asm-generic/tlb.h", ScratchRepository.lines(20, "generic"))
        try repo.write("mm/gone.c", "gone 1\ngone 2\n")
        let base = try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "series")
        var changed = header.replacingOccurrences(of: "int line 10\n", with: "int line 10\nflush_secondary();\n")
        changed = changed.replacingOccurrences(of: "int line 50\n", with: "int line fifty\n")
        try repo.write("arch/arm64/include/asm/tlbflush.h", changed)
        try repo.commit("arm64: notify secondary TLBs")
        try repo.write("include/asm-generic/tlb.h", ScratchRepository.lines(20, "generic")
            .replacingOccurrences(of: "generic 5\n", with: "generic five\n"))
        try repo.write("mm/new.c", "new\n")
        try repo.write("mm/gone.c", "gone 1\ngone two\n")
        try repo.commit("generic: five")
        let mbox = try repo.git("format-patch", "--stdout", "--thread=shallow", "--cover-letter", "--base=\(base)", "\(base)..series")
        let mboxURL = repo.url.appendingPathComponent("series.mbox")
        try Data(mbox.utf8).write(to: mboxURL)
        let (series, _) = try SeriesLoader.load(path: mboxURL.path)
        try repo.git("checkout", "-q", "main")
        return (repo, base, series.patches)
    }

    @Test func appliesOnItsBase() throws {
        let (repo, base, patches) = try Self.mailedSeries()
        #expect(patches.count == 2)
        let applied = try Repository(path: repo.path).apply(patches, onto: base)
        #expect(applied.applications.map(\.status) == [.applied, .applied])
        #expect(applied.states.states.count == 3)
        let after = try applied.states.contents(of: "arch/arm64/include/asm/tlbflush.h", in: applied.states.after(0))
        let text = String(decoding: try #require(after), as: UTF8.self)
        #expect(text.contains("int line 10\nflush_secondary();\nint line 11\n"))
        #expect(text.contains("int line fifty\n"))
        #expect(try applied.states.contents(of: "mm/new.c", in: applied.states.after(1)) == Array("new\n".utf8))
        #expect(try applied.states.contents(of: "mm/new.c", in: applied.states.before(1)) == nil)
        // The base is untouched: no new objects, refs or files.
        #expect(try repo.git("status", "--porcelain").split(separator: "\n").allSatisfy { $0.hasSuffix("series.mbox") })
    }

    @Test func appliesWithAnOffsetWhenLinesMoved() throws {
        let (repo, _, patches) = try Self.mailedSeries()
        try repo.write("arch/arm64/include/asm/tlbflush.h", "/* a */\n/* b */\n/* c */\n" + Self.header)
        let moved = try repo.commit("move lines down")
        let objectsBefore = try repo.git("count-objects", "-v")
        let applied = try Repository(path: repo.path).apply(patches, onto: moved)
        #expect(applied.applications.first?.status == .applied)
        #expect(applied.applications.first?.notes.contains { $0.contains("offset 3 lines") } == true)
        let text = String(decoding: try #require(try applied.states.contents(
            of: "arch/arm64/include/asm/tlbflush.h", in: applied.states.after(0))), as: UTF8.self)
        #expect(text.hasPrefix("/* a */\n/* b */\n/* c */\nint line 1\n"))
        #expect(text.contains("int line 10\nflush_secondary();\n"))
        #expect(try repo.git("count-objects", "-v") == objectsBefore)
    }

    @Test func aHunkThatFitsNowhereFailsThePatchAndTheNextGoesOn() throws {
        let (repo, _, patches) = try Self.mailedSeries()
        try repo.write("arch/arm64/include/asm/tlbflush.h", Self.header.replacingOccurrences(of: "int line 49\n", with: "int line 49 changed\n"))
        let changed = try repo.commit("change under the second hunk")
        let applied = try Repository(path: repo.path).apply(patches, onto: changed)
        #expect(applied.applications.map(\.status) == [.failed, .applied])
        let notes = try #require(applied.applications.first?.notes)
        #expect(notes.contains("patch 1/2: arch/arm64/include/asm/tlbflush.h: hunk @@ -47,7 +48,7 @@ does not apply"))
        // The first hunk still applied, and the state carries it.
        let text = String(decoding: try #require(try applied.states.contents(
            of: "arch/arm64/include/asm/tlbflush.h", in: applied.states.after(1))), as: UTF8.self)
        #expect(text.contains("flush_secondary();"))
        #expect(!text.contains("fifty"))
    }

    @Test func filesTheTreeLacksAreReportedAndSkipped() throws {
        let (repo, _, patches) = try Self.mailedSeries()
        try repo.git("rm", "-q", "include/asm-generic/tlb.h")
        let without = try repo.commit("drop the generic header")
        let applied = try Repository(path: repo.path).apply(patches, onto: without)
        #expect(applied.applications.map(\.status) == [.applied, .partial])
        #expect(applied.applications[1].notes == ["patch 2/2: include/asm-generic/tlb.h: not in the tree, skipped"])
        #expect(try applied.states.contents(of: "mm/gone.c", in: applied.states.after(1)) == Array("gone 1\ngone two\n".utf8))
    }

    @Test func deletionsRenamesAndModeChanges() throws {
        let repo = try ScratchRepository()
        try repo.write("a.c", ScratchRepository.lines(12, "a"))
        try repo.write("b.c", "b\n")
        try repo.write("run.sh", "echo\n")
        let base = try repo.commit("base")
        try repo.git("mv", "a.c", "renamed.c")
        try repo.write("renamed.c", ScratchRepository.lines(12, "a").replacingOccurrences(of: "a 6\n", with: "a six\n"))
        try repo.git("rm", "-q", "b.c")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.url.appendingPathComponent("run.sh").path)
        try repo.commit("move, drop, chmod")
        let text = try repo.git("format-patch", "--stdout", "-M", "\(base)..HEAD")
        let files = try DiffParser.parse(Array(text.utf8))
        #expect(Set(files.map(\.kind)) == [.renamed, .deleted, .modified])
        let patch = Patch(subject: SubjectLine(parsing: "[PATCH] x"), author: Person(name: "A", email: "a@b"), date: nil,
                          messageID: nil, message: "", trailers: [], files: files, location: InputLocation())
        let applied = try Repository(path: repo.path).apply([patch], onto: base)
        #expect(applied.applications.first?.status == .applied)
        let after = applied.states.after(0)
        #expect(try applied.states.contents(of: "a.c", in: after) == nil)
        #expect(try applied.states.contents(of: "b.c", in: after) == nil)
        #expect(try applied.states.contents(of: "run.sh", in: after) == Array("echo\n".utf8))
        let renamed = String(decoding: try #require(try applied.states.contents(of: "renamed.c", in: after)), as: UTF8.self)
        #expect(renamed.contains("a six\n"))
    }

    @Test func binaryChangesAreSkippedWithANote() throws {
        let repo = try ScratchRepository()
        try repo.write("fw.bin", [0, 1, 2, 3])
        let base = try repo.commit("base")
        try repo.write("fw.bin", [0, 1, 9, 3])
        try repo.commit("firmware")
        let text = try repo.git("format-patch", "--stdout", "\(base)..HEAD")
        let files = try DiffParser.parse(Array(text.utf8))
        let patch = Patch(subject: SubjectLine(parsing: "[PATCH] fw"), author: Person(name: "A", email: "a@b"), date: nil,
                          messageID: nil, message: "", trailers: [], files: files, location: InputLocation())
        let applied = try Repository(path: repo.path).apply([patch], onto: base)
        #expect(applied.applications.first?.status == .partial)
        #expect(applied.applications.first?.notes == ["patch 1/1: fw.bin: binary change, skipped"])
    }

    /// A patch made elsewhere than DiffParser (which refuses them) with paths that leave the tree:
    /// refused, nothing read or written.
    @Test func pathsOutsideTheTreeAreRefused() throws {
        let repo = try ScratchRepository()
        try repo.write("a.c", "a\n")
        let base = try repo.commit("base")
        let hunk = Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 1, section: "",
                        lines: [DiffLine(kind: .removed, text: Array("a".utf8)), DiffLine(kind: .added, text: Array("b".utf8))],
                        headerLine: 1)
        for (old, new) in [("../../etc/passwd", "../../etc/passwd"), ("/etc/passwd", "/etc/passwd"), ("a.c", "mm/../../a.c")] {
            let file = FileDiff(oldPath: old, newPath: new, kind: old == new ? .modified : .renamed, hunks: [hunk])
            let patch = Patch(subject: SubjectLine(parsing: "[PATCH] x"), author: Person(name: "A", email: "a@b"), date: nil,
                              messageID: nil, message: "", trailers: [], files: [file], location: InputLocation())
            let applied = try Repository(path: repo.path).apply([patch], onto: base)
            #expect(applied.applications.first?.status == .failed)
            #expect(applied.applications.first?.notes.first?.contains("path outside the tree, refused") == true)
            #expect(applied.states.after(0).changed.isEmpty)
        }
    }
}
