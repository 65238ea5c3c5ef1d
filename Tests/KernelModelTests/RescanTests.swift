import Foundation
import Testing
@testable import KernelModel
import PatchModel
import TestSupport

/// Kernel-like C made of lines this test writes: functions with ifs, loops, gotos and notifier calls,
/// `#ifdef` blocks around and inside functions, macros, comments and strings.
enum GeneratedC {
    static let statements = [
        "\tflush_tlb_range(vma, start, end);",
        "\tmmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);",
        "\tif (pte_young(*ptep))",
        "\t\tret = -EINVAL;",
        "\tif (!mm)",
        "\t\treturn;",
        "\tspin_lock(&mm->page_table_lock);",
        "\tspin_unlock(&mm->page_table_lock);",
        "\t/* step: invalidate the secondary TLB first */",
        "\tval = READ_ONCE(entry[3]);",
        "\tpr_debug(\"flush %lx-%lx\\n\", start, end);",
        "\tfor (addr = start; addr < end; addr += PAGE_SIZE)",
        "\t\t__flush_tlb_one(addr);",
        "\tif (end - start > tlb_flush_ceiling) {",
        "\t\tflush_tlb_mm(mm);",
        "\t\tgoto out;",
        "\t}",
        "\twhile (count--)",
        "\t\tcpu_relax();",
        "out:",
        "\tarch_tlbbatch_flush(&batch); // trailing comment",
        "\tstart = round_down(start, PAGE_SIZE);",
    ]

    /// Lines an edit may bring in anywhere: statements, but also what breaks the shortcut (braces,
    /// directives, an open comment, quotes, a function head).
    static let hostile = [
        "}", "{", "#ifdef CONFIG_MMU_NOTIFIER", "#endif", "#else", "/* an open comment", " * and its end */",
        "\tchar c = '}';", "\tconst char *s = \"{ not a brace\";", "static void extra(struct mm_struct *mm)",
        "#define local_flush(mm) flush_tlb_mm(mm)", "\tx = (a + b;", "\ty = a + b);", "",
        "static int counter;", "EXPORT_SYMBOL(extra);", "\tline \\", "struct ops demo_ops = {",
    ]

    static func function(_ name: String, _ random: inout SplitMix) -> [String] {
        var lines = ["static void \(name)(struct mm_struct *mm, unsigned long start, unsigned long end)", "{"]
        var open = 0
        for _ in 0..<Int.random(in: 3...12, using: &random) {
            let line = statements.randomElement(using: &random)!
            if line.hasSuffix("{") { open += 1 }
            if line == "\t}" {
                guard open > 0 else { continue }
                open -= 1
            }
            lines.append(line)
        }
        lines += Array(repeating: "\t}", count: open)
        if Int.random(in: 0..<4, using: &random) == 0 {
            lines += ["#ifdef CONFIG_DEMO", "\tdemo_flush(mm);", "#endif"]
        }
        lines.append("}")
        return lines
    }

    static func file(_ random: inout SplitMix) -> [String] {
        var lines = ["// SPDX-License-Identifier: GPL-2.0", "#include <linux/mm.h>", ""]
        for index in 0..<Int.random(in: 3...10, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: lines += ["#ifdef CONFIG_SMP"] + function("smp_\(index)", &random) + ["#endif"]
            case 1: lines += ["#define demo_\(index)(mm) do { flush_tlb_mm(mm); } while (0)"]
            case 2: lines += ["/*", " * Flush what \(index) cached.", " */"] + function("doc_\(index)", &random)
            default: lines += function("f_\(index)", &random)
            }
            lines.append("")
        }
        return lines
    }

    /// `count` edits at random lines: replaced, inserted or deleted lines; `bodyOnly` keeps them to
    /// body statements.
    static func edit(_ lines: [String], count: Int, bodyOnly: Bool, _ random: inout SplitMix) -> [String] {
        var lines = lines
        for _ in 0..<count {
            let candidates = lines.indices.filter { !bodyOnly || (lines[$0].hasPrefix("\t") && lines[$0] != "\t}" && !lines[$0].hasSuffix("{")) }
            guard let at = candidates.randomElement(using: &random) else { break }
            let pool = bodyOnly ? statements.filter { !$0.hasSuffix("{") && $0 != "\t}" } : statements + hostile
            switch Int.random(in: 0..<3, using: &random) {
            case 0: lines[at] = pool.randomElement(using: &random)!
            case 1: lines.insert(contentsOf: (0..<Int.random(in: 1...3, using: &random)).map { _ in pool.randomElement(using: &random)! },
                                 at: at + 1)
            default: lines.remove(at: at)
            }
        }
        return lines
    }

    static func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
}

@Suite("KernelScanner: rescanning the functions an edit touches")
struct RescanTests {
    /// The rescan of an edit, checked against the whole scan; whether the shortcut was taken.
    @discardableResult
    static func check(_ old: [UInt8], _ new: [UInt8], path: String = "edit.c",
                      sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let scanned = KernelScanner.scan(old, path: path)
        let hunks = LineDiff.hunks(old: old, new: new)
        let spliced = KernelScanner.splicedScan(new, path: path, old: old, scanned: scanned, hunks: hunks)
        let whole = KernelScanner.scan(new, path: path)
        if let spliced {
            #expect(spliced == whole, "\(String(decoding: old, as: UTF8.self))\n---\n\(String(decoding: new, as: UTF8.self))",
                    sourceLocation: sourceLocation)
        }
        #expect(KernelScanner.rescan(new, path: path, old: old, scanned: scanned, hunks: hunks) == whole,
                sourceLocation: sourceLocation)
        return spliced != nil
    }

    /// A file edited version after version, each rescan told the line starts the one before found
    /// (as the state chain's scan cache does): each reads as the whole scan, and the line starts it
    /// gives are the new version's.
    @Test func rescansHandLineStartsOnToTheNext() {
        var random = SplitMix(seed: 20261205)
        var lines = GeneratedC.file(&random)
        var old = GeneratedC.bytes(lines)
        var scanned = KernelScanner.scan(old, path: "edit.c")
        var known: LineStarts?
        var handedOn = 0
        for _ in 0..<120 {
            lines = GeneratedC.edit(lines, count: Int.random(in: 1...3, using: &random), bodyOnly: true, &random)
            let new = GeneratedC.bytes(lines)
            let rescan = KernelScanner.rescan(new, path: "edit.c", old: old, oldLines: known, scanned: scanned,
                                              hunks: LineDiff.hunks(old: old, new: new))
            #expect(rescan.file == KernelScanner.scan(new, path: "edit.c"))
            if let found = rescan.lines {
                #expect(found == LineStarts(new))
                if known != nil { handedOn += 1 }
            }
            (old, scanned, known) = (new, rescan.file, rescan.lines)
        }
        #expect(handedOn > 30, "\(handedOn) rescans were told the line starts")
    }

    @Test("edits of function bodies are rescanned function by function, as the whole scan reads them")
    func bodyEdits() {
        var random = SplitMix(seed: 20261204)
        var spliced = 0
        let trials = 400
        for _ in 0..<trials {
            let lines = GeneratedC.file(&random)
            let edited = GeneratedC.edit(lines, count: Int.random(in: 1...4, using: &random), bodyOnly: true, &random)
            if Self.check(GeneratedC.bytes(lines), GeneratedC.bytes(edited)) { spliced += 1 }
        }
        // Bodies with an #ifdef inside, or an edit next to one, take the whole scan.
        #expect(spliced > trials / 2, "\(spliced) of \(trials) took the shortcut")
    }

    @Test("any edit, braces, directives, comments and quotes included, gives the whole scan's result")
    func hostileEdits() {
        var random = SplitMix(seed: 7)
        var spliced = 0
        for _ in 0..<1500 {
            let lines = GeneratedC.file(&random)
            let edited = GeneratedC.edit(lines, count: Int.random(in: 1...3, using: &random), bodyOnly: false, &random)
            if Self.check(GeneratedC.bytes(lines), GeneratedC.bytes(edited)) { spliced += 1 }
            // Edits of an edited file: a file the scanner no longer reads whole.
            let again = GeneratedC.edit(edited, count: 2, bodyOnly: false, &random)
            Self.check(GeneratedC.bytes(edited), GeneratedC.bytes(again))
        }
        #expect(spliced > 100)
    }

    @Test("the shortcut declines what could change the file around the stretch")
    func declined() {
        let base = """
            static void a(struct mm_struct *mm)
            {
            \tflush_tlb_mm(mm);
            }

            static void b(struct mm_struct *mm)
            {
            \tflush_tlb_mm(mm);
            \tmmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, -1UL);
            }

            static void c(struct mm_struct *mm)
            {
            \tflush_tlb_mm(mm);
            }

            """
        let old = Array(base.utf8)
        func edited(_ from: String, _ to: String) -> [UInt8] {
            Array(base.replacingOccurrences(of: from, with: to).utf8)
        }
        // A body edit is rescanned alone.
        #expect(Self.check(old, edited("\tmmu_notifier_arch", "\tif (mm)\n\t\tmmu_notifier_arch")))
        // A comment left open, a directive, an unpaired brace or quote: the whole file.
        #expect(!Self.check(old, edited("\tmmu_notifier_arch", "\t/* open\n\tmmu_notifier_arch")))
        #expect(!Self.check(old, edited("\tmmu_notifier_arch", "#ifdef X\n\tmmu_notifier_arch")))
        #expect(!Self.check(old, edited("\tmmu_notifier_arch", "\tif (mm) {\n\tmmu_notifier_arch")))
        #expect(!Self.check(old, edited("\tmmu_notifier_arch", "\tx = ')';\n\tmmu_notifier_arch") + [0x27]))
        // Under an #ifdef, the function keeps the condition it sits in.
        let guarded = Array(("#ifdef CONFIG_SMP\n" + base + "#endif\n").utf8)
        let guardedEdit = Array(String(decoding: guarded, as: UTF8.self).replacingOccurrences(of: "\tmmu_notifier_arch", with: "\tif (mm)\n\t\tmmu_notifier_arch").utf8)
        #expect(Self.check(guarded, guardedEdit))
        // A head changed between two functions: rescanned from the function before to the one after.
        #expect(Self.check(old, edited("static void b(", "static inline void b2(")))
        // Before the first function: the whole file.
        #expect(!Self.check(old, Array("#include <linux/mm.h>\n".utf8) + old))
        // Hunks that do not turn the old file into the new one are not trusted.
        let scanned = KernelScanner.scan(old, path: "edit.c")
        let stale = LineDiff.hunks(old: old, new: edited("\tflush_tlb_mm(mm);\n\tmmu", "\tmmu"))
        let new = edited("static void c(struct mm_struct *mm)\n{\n\tflush_tlb_mm(mm);", "static void c(struct mm_struct *mm)\n{")
        #expect(KernelScanner.splicedScan(new, path: "edit.c", old: old, scanned: scanned, hunks: stale) == nil)
        #expect(KernelScanner.rescan(new, path: "edit.c", old: old, scanned: scanned, hunks: stale)
                == KernelScanner.scan(new, path: "edit.c"))
    }

    @Test("a stretch whose old brackets paired outside it is scanned whole: the function before read them")
    func oldBracketsPairedOutside() {
        // f0's `{` pairs with a's last `}` (its own `if {` takes f0's `}`), so its body ends at the
        // `}` in column 0; once a loses its inner `}`, f0's `{` pairs with nothing: another note.
        let old = Array("""
            static void f0(void)
            {
            	if (x) {
            	foo();
            }

            static void a(void)
            {
            	bar();
            	}
            }

            """.utf8)
        let new = Array(String(decoding: old, as: UTF8.self).replacingOccurrences(of: "\tbar();\n\t}\n", with: "\tbar();\n").utf8)
        #expect(!Self.check(old, new))
        #expect(KernelScanner.scan(old, path: "edit.c").unreadable.map(\.reason)
                != KernelScanner.scan(new, path: "edit.c").unreadable.map(\.reason))
    }

    @Test("hunks that miss a change to a head or to a closing line are caught")
    func staleHunksAtTheEdges() {
        let base = """
            static void a(struct mm_struct *mm)
            {
            	flush_tlb_mm(mm);
            }
            static void b(struct mm_struct *mm)
            {
            	flush_tlb_mm(mm);
            }

            """
        let old = Array(base.utf8)
        let scanned = KernelScanner.scan(old, path: "edit.c")
        // The hunks of a body edit of a, applied to files that also change a's head or its last line.
        let hunks = LineDiff.hunks(old: old, new: Array(base.replacingOccurrences(of: "{\n\tflush_tlb_mm(mm);\n}\nstatic void b",
                                                                                   with: "{\n\tflush_tlb_page(mm);\n}\nstatic void b").utf8))
        for new in [base.replacingOccurrences(of: "static void a(struct mm_struct *mm)", with: "static void a(struct mm_struct *mm, int cpu)"),
                    base.replacingOccurrences(of: "}\nstatic void b", with: "} static\nstatic void b")] {
            let bytes = Array(new.replacingOccurrences(of: "{\n\tflush_tlb_mm(mm);\n} static", with: "{\n\tflush_tlb_page(mm);\n} static")
                .replacingOccurrences(of: "int cpu)\n{\n\tflush_tlb_mm", with: "int cpu)\n{\n\tflush_tlb_page").utf8)
            #expect(KernelScanner.splicedScan(bytes, path: "edit.c", old: old, scanned: scanned, hunks: hunks) == nil, "\(new)")
            #expect(KernelScanner.rescan(bytes, path: "edit.c", old: old, scanned: scanned, hunks: hunks)
                    == KernelScanner.scan(bytes, path: "edit.c"))
        }
    }

    @Test("the scanner fixtures, edited at random, rescan as they scan")
    func fixtures() throws {
        var random = SplitMix(seed: 99)
        for name in ["demo_tlb.c", "demo_tlbflush.h", "demo_unbalanced.c"] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scanner/\(name)")
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<200 {
                let edited = GeneratedC.edit(lines, count: Int.random(in: 1...3, using: &random),
                                             bodyOnly: Bool.random(using: &random), &random)
                Self.check(Array(text.utf8), Array(edited.joined(separator: "\n").utf8), path: name)
            }
        }
    }
}

/// `make corpus`: real kernel files of `SHOOTDOWN_KERNELS` (the model's files of linux-source-6.12),
/// their function bodies edited at random, rescanned and scanned whole.
@Suite("corpus: rescanning edited kernel files",
       .enabled(if: ProcessInfo.processInfo.environment["SHOOTDOWN_KERNELS"] != nil))
struct RescanCorpusTests {
    @Test func kernelFilesRescanAsTheyScan() throws {
        let roots = (ProcessInfo.processInfo.environment["SHOOTDOWN_KERNELS"] ?? "").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)) }
        let root = try #require(roots.first { $0.lastPathComponent == "6.12" })
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        var random = SplitMix(seed: 612)
        var files = 0
        var spliced = 0
        var edits = 0
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".c") || relative.hasSuffix(".h"),
                  let data = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path),
                  data.count < 400_000 else { continue }
            files += 1
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // Lines strictly inside the bodies of the file's functions (0-based).
            let inside = KernelScanner.scan(Array(data), path: relative).functions.filter { $0.kind == .function }
                .flatMap { $0.span.last - 1 > $0.bodySpan.first ? Array($0.bodySpan.first..<($0.span.last - 1)) : [] }
            guard !inside.isEmpty else { continue }
            for _ in 0..<2 {
                var edited = lines
                for at in inside.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)).sorted(by: >) where at < edited.count {
                    let statement = GeneratedC.statements.filter { !$0.hasSuffix("{") && $0 != "\t}" }.randomElement(using: &random)!
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: edited[at] = statement
                    case 1: edited.insert(statement, at: at + 1)
                    default: edited.remove(at: at)
                    }
                }
                edits += 1
                if RescanTests.check(Array(data), Array(edited.joined(separator: "\n").utf8), path: relative) { spliced += 1 }
            }
        }
        #expect(files > 1000)
        // Most kernel functions hold no directive: most body edits take the shortcut (an edit may
        // also break what it lands in: a comment, a macro's continued line, an initializer).
        #expect(spliced * 3 > edits * 2, "\(spliced) of \(edits) edits rescanned by function")
    }
}

@Suite("ScannedTree: names a commit changes")
struct ChangedNamesTests {
    @Test("side by side and by name agree on generated edits")
    func sideBySideAgreesWithIndex() {
        var random = SplitMix(seed: 41)
        for _ in 0..<600 {
            let lines = GeneratedC.file(&random)
            let edited = GeneratedC.edit(lines, count: Int.random(in: 1...3, using: &random),
                                         bodyOnly: Bool.random(using: &random), &random)
            let old = KernelScanner.scan(GeneratedC.bytes(lines), path: "f.c")
            let new = KernelScanner.scan(GeneratedC.bytes(edited), path: "f.c")
            #expect(ScannedTree.changedNames(from: old, to: new) == ScannedTree.changedNamesByName(from: old, to: new))
        }
        let file = KernelScanner.scan(GeneratedC.bytes(GeneratedC.file(&random)), path: "f.c")
        #expect(ScannedTree.changedNames(from: nil, to: file) == Set(file.functions.map(\.name)))
        #expect(ScannedTree.changedNames(from: file, to: file).isEmpty)
    }
}

/// A moved function keeps its calls, returns, labels, gotos and assignments where they were
/// recorded and a shift beside them: what it reads and how it compares are as if every line had moved.
@Suite struct MovedFunctionTests {
    static func function(at first: Int) -> CFunction {
        CFunction(name: "flush_range", kind: .function, span: LineSpan(first: first, last: first + 9),
                  bodySpan: LineSpan(first: first + 1, last: first + 9),
                  calls: [CallSite(callee: "flush_tlb_range", arguments: ["vma", "start", "end"], line: first + 3, conditions: [])],
                  returns: [EarlyReturn(line: first + 2, value: nil, conditions: [], isBeforeEnd: true)],
                  labels: [CLabel(name: "out", line: first + 7)],
                  gotos: [CGoto(label: "out", line: first + 4, conditions: [])],
                  assignments: [Assignment(variable: "end", operation: "=", expression: "start + PAGE_SIZE", line: first + 5,
                                                conditions: [], isDeclaration: false)])
    }

    @Test func aMovedFunctionReadsAndComparesAsOneRecordedThere() {
        let recorded = Self.function(at: 10)
        let moved = recorded.moved(by: 4)
        let there = Self.function(at: 14)
        #expect(moved.calls.map(\.line) == [17] && moved.returns.map(\.line) == [16])
        #expect(moved.labels.map(\.line) == [21] && moved.gotos.map(\.line) == [18] && moved.assignments.map(\.line) == [19])
        #expect(moved.callsAtRecordedLines.map(\.line) == [13])
        #expect(moved == there && moved.hashValue == there.hashValue)
        #expect(moved != recorded)
        // Back where it was: equal again, though its lines went there and back.
        #expect(moved.moved(by: -4) == recorded)
        #expect(recorded.moved(by: 1).moved(by: 3) == moved)
        // A list changed after the move keeps every line in its place.
        var edited = moved
        edited.calls.append(CallSite(callee: "mmu_notifier_arch_invalidate_secondary_tlbs", arguments: ["mm", "start", "end"],
                                     line: 20, conditions: []))
        #expect(edited.calls.map(\.line) == [17, 20])
        #expect(edited.returns.map(\.line) == [16] && edited.labels.map(\.line) == [21])
        #expect(edited.moved(by: -4).calls.map(\.line) == [13, 16])
        // Differences beyond the lines still count.
        var renamed = there
        renamed.calls[0].callee = "flush_tlb_page"
        #expect(moved != renamed)
    }
}
