import Foundation
import Testing
@testable import KernelModel

/// The placement model on a small tree written to hold the shapes the whole linux 6.1 and 6.12
/// trees showed: a function and a same-named alias in two `#if` branches, an alias of one arch
/// beside another arch's function, a callee's large-range fallback, a helper told `NULL` for its mm,
/// a flushing path reached only through a label, and a notify macro with its own locals.
@Suite("placement: tree shapes")
struct TreePlacementTests {
    /// The fixture tree's files (empty when the fixture cannot be read: the tests then fail).
    static func sources(label: String) -> KernelSources {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/placement/trees").path
        return (try? KernelSources.load(folder: folder, label: label)) ?? KernelSources(label: label, files: [:])
    }

    static let model = PlacementBuilder.build(sources(label: "trees"))

    static func entry(_ arch: String, _ name: String) -> EntryPointSummary? {
        model.arch(arch)?.entryPoints.first { $0.name == name }
    }

    @Test func ownFunctionWinsOverAnAliasInTheOtherBranch() throws {
        let entry = try #require(Self.entry("arm64", "ptep_set_access_flags"))
        #expect(entry.file == "arch/arm64/include/asm/pgtable.h")
        // Both ways notify: the contiguous block through the range flush, the page through `__ptep_...`.
        #expect(entry.chain.first == "ptep_set_access_flags")
        #expect(entry.paths.contains { path in path.steps.contains { $0.chain.contains("__ptep_set_access_flags") } })
        #expect(entry.paths.contains { path in path.steps.contains { $0.chain.contains("flush_tlb_range") } })
    }

    @Test func anotherArchsAliasRenamesNothing() throws {
        let entry = try #require(Self.entry("x86", "ptep_set_access_flags"))
        #expect(entry.file == "arch/x86/mm/pgtable.c")
        #expect(entry.secondary == nil)
    }

    @Test func mainPathIsNotACalleesFallback() throws {
        let entry = try #require(Self.entry("arm64", "flush_tlb_range"))
        #expect(entry.secondary == .span)
        #expect(!entry.conditional)
        // The fallback is still a path, notifying the whole mm.
        #expect(entry.paths.contains { path in
            path.steps.contains { if case .secondaryInvalidate(_, let range) = $0.step { range.shape == .wholeMM } else { false } }
        })
    }

    @Test func nullMMSettlesTheNotifierCondition() throws {
        #expect(Self.entry("riscv", "flush_tlb_kernel_range")?.secondary == nil)
        #expect(Self.entry("riscv", "flush_tlb_kernel_range")?.cpu == true)
        let page = try #require(Self.entry("riscv", "flush_tlb_page"))
        #expect(page.secondary == .page)
        // The empty-cpumask return skips it: a real "on some paths".
        #expect(page.conditional)
        #expect(Self.entry("riscv", "flush_tlb_mm")?.secondary == .wholeMM)
    }

    @Test func codeAfterAReturnIsReachedThroughItsLabel() throws {
        let entry = try #require(Self.entry("riscv", "ptep_set_access_flags"))
        #expect(entry.secondary == .page)
        #expect(entry.conditional)
        #expect(entry.paths.contains { path in
            path.steps.contains { if case .earlyReturn(let condition) = $0.step { condition == "!(goto demo_ext)" } else { false } }
        })
    }

    @Test func notifyMacroLocalsAreValued() throws {
        let entry = try #require(Self.entry("generic", "ptep_clear_flush_notify"))
        #expect(entry.secondary == .page)
        #expect(entry.chain == ["ptep_clear_flush_notify", "mmu_notifier_invalidate_range"])
    }
}
