import Foundation
import KernelModel
import Testing

/// The same scan at size N and 4N: a linear scanner takes about 4 times as long, a quadratic one 16.
private func growthRatio(_ n: Int, make: (Int) -> [UInt8], work: ([UInt8]) -> Void) -> Double {
    func best(_ input: [UInt8], runs: Int) -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            work(input)
            let elapsed = ContinuousClock.now - start
            fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return fastest
    }
    let small = make(n), large = make(4 * n)
    return best(large, runs: 2) / max(best(small, runs: 3), 1e-6)
}

@Suite("KernelScanner: linear time on hostile files", .serialized)
struct ScannerLinearityTests {
    /// `levels` nested `#ifdef`s around a function that flushes.
    static func nestedConditionals(_ levels: Int) -> [UInt8] {
        var text = ""
        for level in 0..<levels { text += "#ifdef CONFIG_LEVEL_\(level)\n" }
        text += "static void f(struct mm_struct *mm)\n{\n\tflush_tlb_mm(mm);\n}\n"
        for _ in 0..<levels { text += "#endif\n" }
        return Array(text.utf8)
    }

    /// A chain of `levels` macros, each calling the one before, down to a flush.
    static func macroChain(_ levels: Int) -> [UInt8] {
        var text = "#define M0(mm) flush_tlb_mm(mm)\n"
        for level in 1..<levels { text += "#define M\(level)(mm) M\(level - 1)(mm)\n" }
        text += "void f(struct mm_struct *mm)\n{\n\tM\(levels - 1)(mm);\n}\n"
        return Array(text.utf8)
    }

    /// `levels` nested blocks and parentheses inside one function.
    static func nestedBlocks(_ levels: Int) -> [UInt8] {
        let text = "void f(void)\n{\n" + String(repeating: "if (x) {\n", count: levels) + "flush_tlb_all();\n"
            + String(repeating: "}\n", count: levels) + "g(" + String(repeating: "(", count: levels) + "1"
            + String(repeating: ")", count: levels) + ");\n}\n"
        return Array(text.utf8)
    }

    @Test func tenThousandNestedConditionals() {
        let file = KernelScanner.scan(Self.nestedConditionals(10_000), path: "mm/deep.c")
        #expect(file.functions.count == 1)
        let ratio = growthRatio(2_500, make: Self.nestedConditionals) { _ = KernelScanner.scan($0, path: "mm/deep.c") }
        #expect(ratio < 8, "4x the nesting took \(ratio)x the time")
    }

    @Test func fiftyThousandDeepMacroChain() {
        let file = KernelScanner.scan(Self.macroChain(50_000), path: "mm/chain.c")
        #expect(file.macros.count == 50_000)
        let ratio = growthRatio(12_500, make: Self.macroChain) { bytes in
            let scanned = KernelScanner.scan(bytes, path: "mm/chain.c")
            let tree = ScannedTree(label: "chain", scanned: ["mm/chain.c": scanned])
            _ = tree.resolve("M\(scanned.macros.count - 1)")
        }
        #expect(ratio < 8, "4x the chain took \(ratio)x the time")
    }

    @Test func deeplyNestedBlocksAndParentheses() {
        let ratio = growthRatio(5_000, make: Self.nestedBlocks) { _ = KernelScanner.scan($0, path: "mm/blocks.c") }
        #expect(ratio < 8, "4x the nesting took \(ratio)x the time")
    }
}
