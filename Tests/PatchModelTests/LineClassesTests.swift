import Testing
@testable import PatchModel
import TestSupport

/// `ClassifiedLines` takes the classes of the lines the two versions share at their ends from the old
/// version; the result must be what classifying every line gives: equal lines (line end included)
/// share a class, numbered in order of first appearance, old version first, with counts per side.
@Suite struct LineClassesTests {
    static func reference(_ old: [UInt8], _ new: [UInt8]) -> (old: [Int32], new: [Int32], oldCounts: [Int32], newCounts: [Int32]) {
        var ids: [ArraySlice<UInt8>: Int32] = [:]
        var counts: [[Int32]] = [[], []]
        func classes(_ bytes: [UInt8], side: Int) -> [Int32] {
            let starts = LineDiff.lineStarts(bytes)
            return (0..<(starts.count - 1)).map { line in
                let text = bytes[starts[line]..<starts[line + 1]]
                let id = ids[text] ?? {
                    let id = Int32(ids.count)
                    ids[text] = id
                    counts[0].append(0)
                    counts[1].append(0)
                    return id
                }()
                counts[side][Int(id)] += 1
                return id
            }
        }
        let oldClasses = classes(old, side: 0)
        let newClasses = classes(new, side: 1)
        return (oldClasses, newClasses, counts[0], counts[1])
    }

    static func check(_ old: [UInt8], _ new: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let sides = ClassifiedLines(old: old, new: new)
        let expected = reference(old, new)
        let same = sides.old.classes == expected.old && sides.new.classes == expected.new
            && sides.oldCounts == expected.oldCounts && sides.newCounts == expected.newCounts
        #expect(same, "\(String(decoding: old, as: UTF8.self).debugDescription) -> \(String(decoding: new, as: UTF8.self).debugDescription)",
                sourceLocation: sourceLocation)
    }

    @Test("shared ends, line ends and files without a last line end")
    func edges() {
        let cases: [(String, String)] = [
            ("", ""), ("", "a\n"), ("a\n", ""), ("a", "a\n"), ("a\n", "a"), ("a", "a"), ("a", "b"), ("a", "ab"),
            ("ab", "b"), ("a\nb", "a\nb"), ("a\nb", "a\nc"), ("a\nb\n", "b\n"), ("b\n", "a\nb\n"),
            ("x\ny\n", "x\nz\ny\n"), ("x\n", "x\nx\n"), ("x\nx\n", "x\n"), ("x\nx\nx\n", "x\ny\nx\n"),
            ("one\ntwo\n", "one\ntwo"), ("one\ntwo", "one\ntwo\n"), ("\n\n", "\n"), ("\n", "\n\n"),
            ("abc\ndef\n", "abc\nxdef\n"), ("abcdefghij\nklmnopqrstu\n", "abcdefghij\nklmnopqrstu\nv"),
        ]
        for (old, new) in cases { Self.check(Array(old.utf8), Array(new.utf8)) }
    }

    @Test("generated edits of files of repeated and unique lines")
    func generated() {
        var random = SplitMix(seed: 12)
        let pool = ["", "}", "\treturn 0;", "\tflush_tlb_mm(mm);", "{", "static void f(void)", "\tx++;", "a", "ab", "abcdefgh", "abcdefghi"]
        for _ in 0..<3000 {
            var lines = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                Bool.random(using: &random) ? pool.randomElement(using: &random)! : "line \(Int.random(in: 0..<30, using: &random))"
            }
            let old = lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let at = Int.random(in: 0...lines.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where at < lines.count: lines[at] = pool.randomElement(using: &random)!
                case 1: lines.insert(pool.randomElement(using: &random)!, at: at)
                default: if at < lines.count { lines.remove(at: at) }
                }
            }
            let new = lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
            Self.check(Array(old.utf8), Array(new.utf8))
        }
    }

    /// A file's versions diffed one after the other through one `LineHistory` (its class table
    /// going on from diff to diff, filling up and starting again) give each pair's hunks as a diff
    /// of that pair alone; so does a pair whose old side is not the last version.
    @Test("a history of versions diffs as each pair alone")
    func historyAgreesWithPairs() {
        var random = SplitMix(seed: 21)
        let pool = ["", "}", "{", "\treturn 0;", "\tflush_tlb_mm(mm);", "static void f(void)", "\tx++;", "\ty--;"]
        for _ in 0..<40 {
            let history = LineHistory()
            var lines = (0..<Int.random(in: 0...30, using: &random)).map { _ in pool.randomElement(using: &random)! }
            var version = Array((lines.joined(separator: "\n") + "\n").utf8)
            for step in 0..<60 {
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let at = Int.random(in: 0...lines.count, using: &random)
                    let text = Bool.random(using: &random) ? pool.randomElement(using: &random)! : "new \(step) \(at)"
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0 where at < lines.count: lines[at] = text
                    case 1: lines.insert(text, at: at)
                    default: if at < lines.count { lines.remove(at: at) }
                    }
                }
                let next = Array((lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")).utf8)
                // Now and then the old side is not the version the history saw last.
                let old = step % 17 == 16 ? Array(version.dropLast(min(version.count, 3))) : version
                #expect(history.hunks(old: old, new: next, headings: .cpp) == LineDiff.hunks(old: old, new: next, headings: .cpp))
                version = next
            }
        }
    }
}
