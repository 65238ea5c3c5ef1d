import Foundation
import GitSource
import PatchModel
import Testing

/// Our `FileDiff`s read from libgit2's `git_patch` objects agree with `DiffParser.parse` of
/// `git log -p` for the same commits: same files, hunks and line counts.
@Suite struct CommitDiffAgreementTests {
    /// A dozen varied commits: edits with several hunks, additions, deletions, a file without a final
    /// newline, a binary file, indented blocks that the indent heuristic places, a mode change.
    static func varied() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        func function(_ name: String, _ body: Int) -> String {
            "static void \(name)(struct mm_struct *mm)\n{\n" + (1...body).map { "\tstep_\(name)_\($0)(mm);\n" }.joined() + "}\n\n"
        }
        var tlb = (1...8).map { function("flush_\($0)", 6) }.joined()
        try repo.write("arch/x86/mm/tlb.c", tlb)
        try repo.write("mm/notifier.c", ScratchRepository.lines(80, "notifier"))
        try repo.commit("start")
        tlb = tlb.replacingOccurrences(of: "\tstep_flush_2_3(mm);\n", with: "\tstep_flush_2_3(mm);\n\tnotify(mm);\n")
        tlb = tlb.replacingOccurrences(of: "\tstep_flush_7_1(mm);\n", with: "")
        try repo.write("arch/x86/mm/tlb.c", tlb)
        try repo.commit("two hunks")
        tlb += function("flush_9", 3)
        try repo.write("arch/x86/mm/tlb.c", tlb)
        try repo.commit("append a function (indent heuristic)")
        try repo.write("include/linux/new.h", "#ifndef NEW_H\n#define NEW_H\n#endif")
        try repo.commit("new file without final newline")
        try repo.write("include/linux/new.h", "#ifndef NEW_H\n#define NEW_H\nint x;\n#endif\n")
        try repo.commit("give it a newline")
        try repo.write("firmware/blob.bin", [0, 1, 2, 3, 0, 9])
        try repo.commit("binary")
        try repo.git("rm", "-q", "mm/notifier.c")
        try repo.commit("delete")
        try repo.write("mm/notifier.c", ScratchRepository.lines(30, "again"))
        try repo.write("scripts/run.sh", "#!/bin/sh\necho\n")
        try repo.commit("back again")
        try FileManager.default.setAttributes([.posixPermissions: 0o755],
                                              ofItemAtPath: repo.url.appendingPathComponent("scripts/run.sh").path)
        try repo.commit("mode change")
        var notifier = ScratchRepository.lines(30, "again")
        for n in [3, 11, 19, 27] { notifier = notifier.replacingOccurrences(of: "again \(n)\n", with: "again \(n)\nextra \(n)\n") }
        try repo.write("mm/notifier.c", notifier)
        try repo.commit("four hunks")
        try repo.write("firmware/blob.bin", [0, 1, 2, 3, 0, 10])
        try repo.write("mm/notifier.c", notifier.replacingOccurrences(of: "again 1\n", with: ""))
        try repo.commit("binary and text")
        try repo.write("mm/empty.c", "")
        try repo.commit("empty file")
        try repo.git("mv", "arch/x86/mm/tlb.c", "arch/x86/mm/flush.c")
        try repo.write("arch/x86/mm/flush.c", tlb.replacingOccurrences(of: "\tstep_flush_4_2(mm);\n", with: "\tstep_flush_4_2(mm);\n\tmoved(mm);\n"))
        try repo.commit("rename with a change")
        return repo
    }

    @Test func libgit2PatchesMatchGitLogText() throws {
        let repo = try Self.varied()
        let root = try repo.revParse("HEAD~12")
        let read = try RangeReader.read(repository: repo.path, range: "\(root)..HEAD", workers: 2)
        #expect(read.patches.count == 12)
        #expect(read.patches.last?.files.first?.kind == .renamed)
        for patch in read.patches {
            let commit = try #require(patch.commit)
            let text = try repo.bytes("show", "--no-color", "--format=", "-p", commit)
            let parsed = try DiffParser.parse(text)
            let place = patch.subject.title
            #expect(patch.files.count == parsed.count, "\(place): files")
            for (ours, theirs) in zip(patch.files, parsed) {
                #expect(ours.path == theirs.path, "\(place)")
                #expect(ours.kind == theirs.kind, "\(place): \(ours.path)")
                #expect(ours.isBinary == theirs.isBinary, "\(place): \(ours.path)")
                #expect(ours.hunks.count == theirs.hunks.count, "\(place): \(ours.path)")
                if theirs.oldMode != nil || theirs.newMode != nil, ours.kind == .modified, theirs.oldMode != theirs.newMode {
                    #expect(ours.oldMode == theirs.oldMode && ours.newMode == theirs.newMode, "\(place): modes")
                }
                for (a, b) in zip(ours.hunks, theirs.hunks) {
                    let mine: [Int] = [a.oldStart, a.oldCount, a.newStart, a.newCount]
                    let gits: [Int] = [b.oldStart, b.oldCount, b.newStart, b.newCount]
                    #expect(mine == gits, "\(place): \(ours.path)")
                    #expect(a.section == b.section, "\(place): \(ours.path)")
                    #expect(a.lines == b.lines, "\(place): \(ours.path)")
                }
            }
        }
    }

    @Test func wholeRangeTextAgrees() throws {
        let repo = try Self.varied()
        let root = try repo.revParse("HEAD~12")
        let read = try RangeReader.read(repository: repo.path, range: "\(root)..HEAD", workers: 2)
        let text = try repo.bytes("log", "-p", "--no-color", "--reverse", "--format=", "\(root)..HEAD")
        let parsed = try DiffParser.parse(text)
        let ours = read.patches.flatMap(\.files)
        #expect(ours.count == parsed.count)
        #expect(ours.map(\.path) == parsed.map(\.path))
        #expect(ours.map(\.addedCount) == parsed.map(\.addedCount))
        #expect(ours.map(\.removedCount) == parsed.map(\.removedCount))
        #expect(ours.map(\.hunks.count) == parsed.map(\.hunks.count))
    }

    /// C files whose hunks sit under labels, in a repository whose .gitattributes sets `diff=cpp`
    /// (as the kernel's does) and in one without: the section headings are git's in both.
    @Test(arguments: [true, false]) func sectionHeadingsFollowTheDiffDriver(cppDriver: Bool) throws {
        let repo = try ScratchRepository()
        if cppDriver { try repo.write(".gitattributes", "*.c diff=cpp\n") }
        func body(_ changed: Int?) -> String {
            var text = "static int __flush_range(struct mm_struct *mm)\n{\n"
            for index in 0..<40 {
                if index % 10 == 5 { text += ["out:\n", "default:\n", "retry: /* again */\n", "$weird:\n"][index / 10] }
                text += index == changed ? "\tchanged_\(index)();\n" : "\tstep_\(index)(mm);\n"
            }
            return text + "}\n"
        }
        try repo.write("mm/labels.c", body(nil))
        try repo.commit("start")
        for changed in [8, 19, 27, 38] {
            try repo.write("mm/labels.c", body(changed))
            try repo.commit("change \(changed)")
        }
        let read = try RangeReader.read(repository: repo.path, range: "HEAD~4..HEAD", workers: 1)
        var sections: [String] = []
        for patch in read.patches {
            let commit = try #require(patch.commit)
            let parsed = try DiffParser.parse(try repo.bytes("show", "--no-color", "--format=", "-p", commit))
            let gits = parsed.flatMap(\.hunks).map(\.section)
            sections += gits
            #expect(patch.files.flatMap(\.hunks).map(\.section) == gits, "\(patch.subject.title)")
            #expect(patch.files.flatMap(\.hunks) .map(\.lines) == parsed.flatMap(\.hunks).map(\.lines))
        }
        // The drivers part ways on these labels, so the test tells them apart.
        #expect(sections.contains { $0.hasSuffix(":") } != cppDriver)
    }
}
