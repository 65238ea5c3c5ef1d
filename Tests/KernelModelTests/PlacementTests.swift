import Foundation
import Testing
@testable import KernelModel

/// The placement expander on small kernel-like files written for each pattern of design section 4.
@Suite("placement")
struct PlacementTests {
    static let tree: ScannedTree = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/placement/patterns")
        let path = "arch/arm64/include/asm/tlbflush.h"
        let bytes = (try? Data(contentsOf: folder.appendingPathComponent(path))).map(Array.init) ?? []
        return ScannedTree(KernelSources(label: "patterns", files: [path: bytes]))
    }()

    static var expander: PlacementExpander { PlacementExpander(tree: tree, arch: KnowledgeBase.arm64) }

    static func secondaries(_ name: String) -> [[(MMReference, InvalidationRange)]] {
        guard let expanded = expander.expand(name) else { return [] }
        return expanded.paths.map { path in
            path.steps.compactMap { step in
                if case .secondaryInvalidate(let mm, let range) = step.step { return (mm, range) }
                return nil
            }
        }
    }

    static func summary(_ name: String) -> EntryPointSummary? {
        guard let expanded = expander.expand(name) else { return nil }
        return PlacementBuilder.summarize(name: name, file: expanded.file, line: expanded.function.span.first, paths: expanded.paths)
    }

    @Test func notifierInAHelperReachedThroughAMacro() throws {
        let summary = try #require(Self.summary("pattern_macro"))
        #expect(summary.secondary == .page)
        #expect(summary.cpu)
        #expect(summary.chain == ["pattern_macro", "demo_flush_via_macro", "__demo_notify_page", "mmu_notifier_arch_invalidate_secondary_tlbs"])
        // The entry point reaches it through two levels.
        #expect(Self.summary("flush_tlb_page")?.secondary == .page)
    }

    @Test func callUnderIfdefIsConditional() throws {
        let expanded = try #require(Self.expander.expand("pattern_ifdef"))
        #expect(expanded.paths.count == 2)
        let notifying = expanded.paths.filter { path in path.steps.contains { if case .secondaryInvalidate = $0.step { true } else { false } } }
        #expect(notifying.count == 1)
        #expect(notifying.first?.conditions.contains("defined(CONFIG_MMU_NOTIFIER)") == true)
        #expect(Self.summary("pattern_ifdef")?.conditional == true)
    }

    @Test func earlyReturnBeforeTheCall() throws {
        let expanded = try #require(Self.expander.expand("pattern_early_return"))
        let early = expanded.paths.filter { path in path.steps.contains { if case .earlyReturn = $0.step { true } else { false } } }
        #expect(early.count == 1)
        #expect(early.first?.steps.contains { if case .secondaryInvalidate = $0.step { true } else { false } } == false)
        #expect(early.first?.conditions == ["cpumask_empty(mm_cpumask(mm))"])
    }

    @Test func loopThatAdvancesStartLeavesAnEmptyRange() throws {
        let ranges = Self.secondaries("pattern_loop").flatMap { $0 }
        #expect(ranges.count == 1)
        #expect(ranges.first?.1.shape == .empty)
        #expect(ranges.first?.1.facts.contains(.consumedVariable) == true)
    }

    @Test func precedenceMistakeIsSeen() throws {
        let range = try #require(Self.secondaries("pattern_precedence").first?.first?.1)
        #expect(range.facts.contains(.precedenceSuspect))
        #expect(range.shape == .empty)
    }

    @Test func wholeMMRange() {
        #expect(Self.summary("pattern_whole")?.secondary == .wholeMM)
    }

    @Test func oldAndNewAPINamesMeanTheSame() {
        #expect(Self.summary("pattern_old_api")?.secondary == .span)
        #expect(Self.summary("pattern_old_api")?.count == 1)
    }

    @Test func assignmentsBeforeTheCallArePathSensitive() {
        let shapes = Set(Self.secondaries("pattern_widen").compactMap { $0.first?.1.shape })
        #expect(shapes == [.wholeMM, .span])
    }

    @Test func argumentsAreFollowedIntoTheCallee() throws {
        let range = try #require(Self.secondaries("pattern_substitution").first?.first)
        #expect(range.1.shape == .page)
        #expect(range.0 == .recorded("(vma->vm_mm)"))
    }

    @Test func currentMMIsNamed() {
        #expect(Self.secondaries("pattern_current").first?.first?.0 == .current)
    }

    @Test func twoInvalidationsOnOnePathAreCounted() {
        #expect(Self.summary("pattern_twice")?.count == 2)
    }

    @Test func unknownNamesAreNotDefined() {
        #expect(Self.expander.expand("no_such_function") == nil)
    }
}
