import Foundation
import Testing
@testable import KernelModel

/// A state built from the previous one (the files it changed scanned again, the archs whose
/// placement rests on a changed name built again) is the state built whole: on the tree-shapes
/// fixture, with an edit no flush reaches, an edit of a function one does, an added and a removed
/// file, and an alias.
@Suite("placement: incremental states")
struct IncrementalPlacementTests {
    static let sources = TreePlacementTests.sources(label: "before")

    static let arm64Header = "arch/arm64/include/asm/tlbflush.h"

    /// The sources with some files replaced (`nil`: removed).
    static func edited(_ changes: [String: String?]) -> KernelSources {
        var sources = Self.sources
        sources.label = "after"
        for (path, text) in changes { sources.files[path] = text.map { Array($0.utf8) } }
        return sources
    }

    /// The previous state's scan and table carried to `after` the way `check` does it.
    static func incremental(_ after: KernelSources) -> (tree: ScannedTree, model: PlacementModel, names: Set<String>) {
        let before = ScannedTree(sources)
        let model = PlacementBuilder.build(before)
        let changed = Set(after.files.keys).union(sources.files.keys).filter { after.files[$0] != sources.files[$0] }
        var rescanned: [String: ScannedFile?] = [:]
        var names = Set<String>()
        for path in changed {
            let file = after.files[path].map { KernelScanner.scan($0, path: path) }
            rescanned[path] = .some(file)
            names.formUnion(ScannedTree.changedNames(from: before.files[path], to: file))
        }
        let tree = before.replacing(rescanned, label: after.label)
        return (tree, PlacementBuilder.update(model, tree: tree, changed: changed, changedNames: names), names)
    }

    /// A tree's indexes as comparable values.
    static func indexes(_ tree: ScannedTree) -> [String] {
        var lines: [String] = []
        for name in tree.definitions.keys.sorted() {
            for definition in tree.definitions[name] ?? [] { lines.append("def \(name) \(definition.file) \(definition.function)") }
        }
        for name in tree.aliasSites.keys.sorted() {
            for site in tree.aliasSites[name] ?? [] { lines.append("alias \(name) \(site.file) \(site.target)") }
        }
        lines.append(contentsOf: tree.aliases.sorted { $0.key < $1.key }.map { "last \($0.key) \($0.value)" })
        lines.append(contentsOf: tree.fallbacks.keys.sorted().map { "fallback \($0) \(tree.fallbacks[$0]?.calls.count ?? 0)" })
        return lines
    }

    /// Every arch's placement as a comparable value (the state label left out: a kept arch keeps its own).
    static func placements(_ model: PlacementModel) -> [String: ArchPlacement] {
        var result: [String: ArchPlacement] = [:]
        for arch in model.archs {
            var placement = arch.placement
            placement.state = ""
            result[arch.knowledge.name] = placement
        }
        return result
    }

    static func expectSameAsWhole(_ after: KernelSources) -> (model: PlacementModel, names: Set<String>) {
        let (tree, model, names) = incremental(after)
        let whole = ScannedTree(after)
        #expect(indexes(tree) == indexes(whole))
        #expect(Set(tree.files.keys) == Set(whole.files.keys))
        let rebuilt = PlacementBuilder.build(whole)
        #expect(placements(model) == placements(rebuilt))
        #expect(model.archs.map(\.present) == rebuilt.archs.map(\.present))
        #expect(model.archs.map { $0.entryPoints.map(\.name) } == rebuilt.archs.map { $0.entryPoints.map(\.name) })
        return (model, names)
    }

    @Test func fixtureIsRead() {
        #expect(Self.sources.files[Self.arm64Header] != nil)
    }

    @Test func anEditNoFlushReachesKeepsTheArch() throws {
        let text = String(decoding: try #require(Self.sources.files[Self.arm64Header]), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "#endif", with: """
            static inline void demo_unrelated_helper(struct mm_struct *mm)
            {
            \tmmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, 1);
            }

            #endif
            """)
        let (model, names) = Self.expectSameAsWhole(Self.edited([Self.arm64Header: edited]))
        #expect(names == ["demo_unrelated_helper"])
        let arm64 = try #require(model.arch("arm64"))
        #expect(!arm64.dependencies.contains("demo_unrelated_helper"))
        #expect(arm64.dependencies.contains("flush_tlb_range"))
    }

    @Test func anEditOfAReachedFunctionBuildsTheArchAgain() throws {
        let text = String(decoding: try #require(Self.sources.files[Self.arm64Header]), as: UTF8.self)
        // The notifier of the range flush moves before the TLBI loop and reads the advanced `start`.
        let edited = text.replacingOccurrences(of: "\tmmu_notifier_arch_invalidate_secondary_tlbs(vma->vm_mm, start, end);\n}",
                                               with: "}")
        #expect(edited != text)
        let before = PlacementBuilder.build(ScannedTree(Self.sources))
        let (model, names) = Self.expectSameAsWhole(Self.edited([Self.arm64Header: edited]))
        #expect(names.contains("__demo_flush_range_nosync"))
        #expect(Self.placements(model)["arm64"] != Self.placements(before)["arm64"])
    }

    /// A body edit in a file that defines the same names in the same order is written into the
    /// index in place: a name the file defines twice (two `#if` branches) takes its k-th entry,
    /// and a name another file defines too keeps that file's entry where it was.
    @Test func bodyEditsOfRepeatedAndSharedNamesInPlace() throws {
        let path = "arch/x86/mm/tlb_demo.c"
        func file(_ first: String, _ second: String) -> String {
            """
            #ifdef CONFIG_DEMO
            static void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
            {
            \t\(first)
            }
            #else
            static void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
            {
            \t\(second)
            }
            #endif

            void demo_other(struct mm_struct *mm)
            {
            \tflush_tlb_mm(mm);
            }
            """
        }
        var before = Self.sources
        before.files[path] = Array(file("flush_tlb_all();", "flush_tlb_mm(mm);").utf8)
        for (first, second) in [("flush_tlb_all();", "mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);\n\tflush_tlb_mm(mm);"),
                                ("\n\n\tflush_tlb_mm(mm);", "flush_tlb_mm(mm);")] {
            var after = before
            after.label = "after"
            after.files[path] = Array(file(first, second).utf8)
            let old = ScannedTree(before)
            let new = KernelScanner.scan(after.files[path]!, path: path)
            #expect(ScannedTree.sameDefinitions(try #require(old.files[path]), new))
            let tree = old.replacing([path: .some(new)], label: "after")
            #expect(Self.indexes(tree) == Self.indexes(ScannedTree(after)))
        }
    }

    @Test func addedAndRemovedFilesAndAnAlias() throws {
        let riscv = Self.sources.files.keys.filter { $0.hasPrefix("arch/riscv/") }.sorted()
        #expect(riscv.count == 2)
        let added = """
            #define flush_tlb_page demo_flush_tlb_page
            static inline void demo_flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
            {
            \tflush_tlb_mm(vma->vm_mm);
            }
            """
        // Each riscv file removed in turn: without its pgtable.c, riscv falls back to the generic
        // `ptep_set_access_flags`, which an arm64 alias of that name keeps out of a whole build.
        for removed in riscv {
            _ = Self.expectSameAsWhole(Self.edited([removed: nil, "arch/arm64/mm/tlb_demo.c": added]))
        }
    }
}
