import Foundation
import PatchModel
import Testing
import TestSupport
@testable import KernelModel

/// Patching functions from hunks alone, and the generic defaults a tree falls back on: a deleted
/// `#define` takes its function with it, a call whose arguments go on in context lines is read
/// whole, and a notifier header without the `_notify` helpers means the plain helpers.
@Suite("baseline patching")
struct BaselinePatchingTests {
    static let header = "include/linux/mmu_notifier.h"

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/baseline/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func headerTree() throws -> ScannedTree {
        ScannedTree(label: "header", scanned: [header: KernelScanner.scan(try fixture("notifier-header.h"), path: header)])
    }

    @Test func aDeletedDefineTakesItsFunctionAndThePlainDefaultTakesOver() throws {
        let tree = try Self.headerTree()
        #expect(tree.definitions["ptep_clear_flush_notify"] != nil)
        let files = try DiffParser.parse(try Self.fixture("drop-notify-helper.diff"))
        let patched = BaselinePatcher.apply(files, to: tree, label: "patched")
        #expect(patched.files[Self.header]?.functions.contains { $0.name == "ptep_clear_flush_notify" } == false)
        #expect(patched.files[Self.header]?.functions.contains { $0.name == "mmu_notifier_invalidate_range" } == true)
        // The header is there without the helper: callers call ptep_clear_flush(), which does not notify.
        let fallback = try #require(patched.fallbacks["ptep_clear_flush_notify"])
        #expect(fallback.calls.map(\.callee) == ["ptep_clear_flush"])
    }

    @Test func aTreeWithoutTheHeaderKeepsTheNotifyingDefaultOfItsAPI() {
        let bare = ScannedTree(label: "no header", scanned: [:])
        let fallback = bare.fallbacks["ptep_clear_flush_notify"]
        #expect(fallback?.calls.map(\.callee) == ["ptep_clear_flush", "mmu_notifier_invalidate_range"])
    }

    @Test func aCallWhoseArgumentsGoOnInContextIsReadWhole() throws {
        let files = try DiffParser.parse(try Self.fixture("rename-two-line-call.diff"))
        let hunk = try #require(files.first?.hunks.first)
        let statements = HunkMapper.statements(of: hunk)
        let added = try #require(statements.first { $0.first.line.kind == .added })
        let removed = try #require(statements.first { $0.first.line.kind == .removed })
        for (statement, callee) in [(added, "mmu_notifier_arch_invalidate_secondary_tlbs"), (removed, "mmu_notifier_invalidate_range")] {
            let call = try #require(HunkMapper.calls(in: statement.text).first { $0.0 == callee })
            #expect(call.1 == ["mm", "uaddr & PAGE_MASK", "(uaddr & PAGE_MASK) + PAGE_SIZE"])
        }
        // The context line is still a statement of its own: nothing is skipped.
        #expect(statements.filter { $0.first.line.kind == .context }.count == 6)
        #expect(HunkMapper.changes(of: files[0], before: nil, after: nil).map(\.kind) == [.apiRenamed])
    }
}

/// `HunkMapper.mayRename` lets a removed line skip the rename reading only when the reading would
/// leave it as it is.
@Suite("hunk mapping: lines that may name the old API")
struct RenameMarkTests {
    @Test func everyOldNameIsMarkedAndUnmarkedLinesStay() {
        for rename in NotifierAPI.renames {
            let line = "\t\(rename.old)(mm, start, end);"
            #expect(HunkMapper.mayRename(Array(line.utf8)))
            #expect(HunkMapper.renaming(line) != line)
        }
        var random = SplitMix(seed: 3)
        let pieces = ["mmu_notifier_", "invalidate", "_range", "arch_tlbbatch_", "add_mm", "(", ")", " ", "mm", "\t", ";", "x"]
        for _ in 0..<3000 {
            let line = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if !HunkMapper.mayRename(Array(line.utf8)) { #expect(HunkMapper.renaming(line) == line, "\(line)") }
        }
    }
}
