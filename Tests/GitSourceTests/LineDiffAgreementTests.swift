import Foundation
import CLibGit2
@testable import GitSource
import PatchModel
import Testing

/// `LineDiff` against libgit2's xdiff (`git_patch_from_buffers` with the indent heuristic) on
/// generated file pairs: the same hunks, line for line, with the same section headings.
@Suite struct LineDiffAgreementTests {
    /// A seeded generator, so a failure names a case that can be run again.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// libgit2's hunks for the same pair.
    static func libgit2Hunks(_ old: [UInt8], _ new: [UInt8]) -> [Hunk] {
        _ = LibGit2.ready
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue | GIT_DIFF_FORCE_TEXT.rawValue
        var patch: OpaquePointer?
        let code = old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                git_patch_from_buffers(&patch, a.baseAddress, a.count, "f.c", b.baseAddress, b.count, "f.c", &options)
            }
        }
        guard code == 0, let patch else { return [] }
        defer { git_patch_free(patch) }
        return Repository.fileDiff(patch)?.hunks ?? []
    }

    /// Kernel-like lines: a few very common ones (blank, braces, returns), indented blocks, and
    /// function openings that make section headings.
    static func line(_ random: inout Generator, _ serial: Int, blanks: Int = 2) -> String {
        if random.next(14) < blanks - 2 { return "" }
        switch random.next(14) {
        case 0, 1: return ""
        case 2: return "}"
        case 3: return "\t}"
        case 4: return "\treturn 0;"
        case 5: return "static void fn_\(random.next(40))(struct mm_struct *mm)"
        case 6: return "{"
        case 7: return "\tif (cond_\(random.next(6)))"
        case 8: return "\t\tflush_tlb_range(vma, start, end);"
        case 9: return "\tmmu_notifier_invalidate_range_end(&range);"
        case 10: return "#ifdef CONFIG_MMU_NOTIFIER"
        case 11: return "        spaces_\(random.next(5));"
        default: return "\tstep_\(random.next(30))(mm, \(serial));"
        }
    }

    static func pair(seed: UInt64) -> (old: [UInt8], new: [UInt8]) {
        var random = Generator(state: seed)
        // One pair in three is mostly blank lines and braces, which xdiff sets aside when they sit
        // among lines without partners.
        let blanks = seed % 3 == 0 ? 9 : 2
        var lines = (0..<(5 + random.next(220))).map { line(&random, $0, blanks: blanks) }
        let old = lines
        for edit in 0..<(1 + random.next(12)) {
            let at = random.next(lines.count + 1)
            switch random.next(4) {
            case 0 where at < lines.count: lines.remove(at: at)
            case 1:
                // New lines, sometimes a whole block (a new function) whose blank lines and braces
                // are very common in the other version.
                let count = random.next(3) == 0 ? 10 + random.next(40) : 1 + random.next(6)
                lines.insert(contentsOf: (0..<count).map { line(&random, 1000 + edit * 100 + $0, blanks: blanks) }, at: at)
            case 2 where at < lines.count: lines[at] = line(&random, 2000 + edit)
            default:
                // A block moved: the shape that shows the sliding rules.
                let length = min(1 + random.next(8), lines.count - min(at, lines.count))
                let block = Array(lines[at..<(at + length)])
                lines.removeSubrange(at..<(at + length))
                lines.insert(contentsOf: block, at: random.next(lines.count + 1))
            }
        }
        func bytes(_ lines: [String], newline: Bool) -> [UInt8] {
            Array((lines.joined(separator: "\n") + (newline && !lines.isEmpty ? "\n" : "")).utf8)
        }
        return (bytes(old, newline: random.next(8) != 0), bytes(lines, newline: random.next(8) != 0))
    }

    @Test func generatedPairsMatchLibgit2() {
        var mismatches: [UInt64] = []
        for seed in UInt64(1)...3000 {
            let (old, new) = Self.pair(seed: seed)
            if LineDiff.hunks(old: old, new: new) != Self.libgit2Hunks(old, new) { mismatches.append(seed) }
        }
        #expect(mismatches.isEmpty, "seeds: \(mismatches.prefix(20))")
    }

    /// Large changes (thousands of lines, many of them repeated) take the search past its cost
    /// cut-offs; the result must still be libgit2's.
    @Test func costlyPairsMatchLibgit2() {
        // Long runs of shared lines between changed stretches, in files long enough (over 32,000
        // lines each) that the search's cost limit rises past 256: snakes past 20 lines at a cost
        // past 256 make it take an early split.
        var old: [String] = []
        var new: [String] = []
        var random = Generator(state: 11)
        for block in 0..<1200 {
            for line in 0..<25 { old.append("\tshared_\(block)_\(line)();"); new.append("\tshared_\(block)_\(line)();") }
            // Lines from a pool both sides share, in different orders: the search must pair them.
            for _ in 0..<(block % 7 + 3) { old.append("\tpool_\(random.next(200))();") }
            for _ in 0..<(block % 5 + 4) { new.append("\tpool_\(random.next(200))();") }
        }
        let a = Array(old.joined(separator: "\n").utf8), b = Array(new.joined(separator: "\n").utf8)
        let same = LineDiff.hunks(old: a, new: b) == Self.libgit2Hunks(a, b)
        #expect(same)
    }

    @Test func densePairsMatchLibgit2() {
        var random = Generator(state: 7)
        var old: [String] = []
        var new: [String] = []
        for index in 0..<6000 {
            let shared = Self.line(&random, index % 50)
            if random.next(3) != 0 { old.append(shared) }
            if random.next(3) != 0 { new.append(random.next(4) == 0 ? Self.line(&random, index) : shared) }
        }
        let a = Array(old.joined(separator: "\n").utf8), b = Array(new.joined(separator: "\n").utf8)
        let ours = LineDiff.hunks(old: a, new: b), theirs = Self.libgit2Hunks(a, b)
        #expect(theirs.count > 2)
        let same = ours == theirs
        #expect(same, "\(ours.count) hunks against libgit2's \(theirs.count)")
    }

    /// A replaced stretch of new lines with a blank line every few: the blank lines, very common in
    /// the file, are set aside with the lines around them only when those make up enough of the run.
    @Test func commonLinesAmongNewLinesMatchLibgit2() {
        for every in 1...10 {
            func file(_ name: String) -> [UInt8] {
                var lines = (0..<12).map { "\tbefore_\($0)();" }
                for index in 0..<200 { lines.append(index % (every + 1) == every ? "" : "\t\(name)_\(index)();") }
                lines += (0..<12).map { "\tafter_\($0)();" }
                return Array((lines.joined(separator: "\n") + "\n").utf8)
            }
            let a = file("old"), b = file("new")
            let same = LineDiff.hunks(old: a, new: b) == Self.libgit2Hunks(a, b)
            #expect(same, "a blank line after every \(every)")
        }
    }

    @Test func edgesMatchLibgit2() {
        let cases: [(String, String)] = [
            ("", ""), ("", "a\n"), ("a\n", ""), ("a", "a\n"), ("a\n", "a"), ("a\nb", "a\nc"),
            ("x\n\n\ny\n", "x\n\n\n\ny\n"), (String(repeating: "}\n", count: 300), String(repeating: "}\n", count: 301)),
            ("static int " + String(repeating: "long_name_", count: 20) + "(void)\n{\n\ta;\n\tb;\n\tc;\n\td;\n}\n",
             "static int " + String(repeating: "long_name_", count: 20) + "(void)\n{\n\ta;\n\tb;\n\tX;\n\td;\n}\n"),
        ]
        for (old, new) in cases {
            let a = Array(old.utf8), b = Array(new.utf8)
            let same = LineDiff.hunks(old: a, new: b) == Self.libgit2Hunks(a, b)
            #expect(same, "\(old.debugDescription) -> \(new.debugDescription)")
        }
    }
}

/// `make corpus` (its `--filter CorpusTests` takes this suite in too): `LineDiff` against libgit2 on
/// every file the whole linux-source-6.1 and -6.12 trees both hold (`SHOOTDOWN_KERNELS`), the
/// real changes of three years of mm, arch and IOMMU code.
@Suite("corpus: LineDiff on kernel files", .enabled(if: kernelTreePair != nil))
struct LineDiffCorpusTests {
    @Test func kernelFilesMatchLibgit2() throws {
        let (oldRoot, newRoot) = try #require(kernelTreePair)
        let enumerator = try #require(FileManager.default.enumerator(atPath: oldRoot.path))
        var compared = 0
        var changed = 0
        var mismatches: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard let old = FileManager.default.contents(atPath: oldRoot.appendingPathComponent(relative).path),
                  let new = FileManager.default.contents(atPath: newRoot.appendingPathComponent(relative).path) else { continue }
            let a = [UInt8](old), b = [UInt8](new)
            let theirs = LineDiffAgreementTests.libgit2Hunks(a, b)
            if LineDiff.hunks(old: a, new: b) != theirs { mismatches.append(relative) }
            compared += 1
            if !theirs.isEmpty { changed += 1 }
        }
        #expect(compared > 1000 && changed > 300, "\(compared) files, \(changed) changed")
        #expect(mismatches.isEmpty, "\(mismatches.count) files differ: \(mismatches.prefix(10))")
    }
}

/// The 6.1 and 6.12 trees of `SHOOTDOWN_KERNELS`, when both are there (outside the suite: its
/// trait cannot read the suite's own members).
let kernelTreePair: (old: URL, new: URL)? = {
    let folders = (ProcessInfo.processInfo.environment["SHOOTDOWN_KERNELS"] ?? "").split(separator: ":").map {
        URL(fileURLWithPath: String($0))
    }
    guard let old = folders.first(where: { $0.lastPathComponent == "6.1" }),
          let new = folders.first(where: { $0.lastPathComponent == "6.12" }) else { return nil }
    return (old, new)
}()
