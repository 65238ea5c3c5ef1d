import Foundation
import KernelModel
import Review
import Testing

/// The whole kernel trees `make corpus` unpacks (`SHOOTDOWN_KERNELS`: folders named by version,
/// colon-separated; see `Tests/Corpus/kernel-trees.sh`).
enum KernelTrees {
    static let folders: [String: String] = {
        let value = ProcessInfo.processInfo.environment["SHOOTDOWN_KERNELS"] ?? ""
        var folders: [String: String] = [:]
        for path in value.split(separator: ":").map(String.init) where FileManager.default.fileExists(atPath: path) {
            folders[URL(fileURLWithPath: path).lastPathComponent] = path
        }
        return folders
    }()

    static var isPresent: Bool { !folders.isEmpty }

    /// Each tree's model is built once for every test of the suite.
    static let models: [String: PlacementModel] = {
        var models: [String: PlacementModel] = [:]
        for (version, folder) in folders {
            if let sources = try? KernelSources.load(folder: folder, label: "linux-\(version)") {
                models[version] = PlacementBuilder.build(sources)
            }
        }
        return models
    }()
}

/// `make corpus`: the placement model on Debian's whole linux-source-6.1 (before the v6.6 series moved
/// secondary invalidation into the arch flushes) and linux-source-6.12 (after it, with the later
/// arm64 batched-flush and contpte work): the same move the corpus snapshots show, on every arch.
@Suite("corpus: whole kernel trees", .enabled(if: KernelTrees.isPresent), .serialized)
struct KernelTreeTests {
    static func model(_ version: String) throws -> PlacementModel {
        try #require(KernelTrees.models[version], "SHOOTDOWN_KERNELS has no \(version) tree")
    }

    static func secondary(_ model: PlacementModel, _ arch: String, _ name: String) -> String? {
        model.arch(arch)?.entryPoints.first { $0.name == name }?.secondaryName
    }

    /// Every path of an entry point notifies (no `(on some paths)`).
    static func always(_ model: PlacementModel, _ arch: String, _ name: String) -> Bool? {
        model.arch(arch)?.entryPoints.first { $0.name == name }.map { !$0.conditional && $0.secondary != nil }
    }

    @Test func tablesOfBothTrees() throws {
        for version in ["6.1", "6.12"] {
            let model = try Self.model(version)
            print(ModelRendering.text(model))
            for arch in KnowledgeBase.archs.map(\.name) + ["generic"] {
                #expect(model.arch(arch)?.present == true, "\(version): no \(arch) files")
                #expect((model.arch(arch)?.entryPoints.count ?? 0) >= 5, "\(version): \(arch) entry points")
            }
        }
    }

    @Test func genericGatherStopsNotifying() throws {
        let old = try Self.model("6.1"), new = try Self.model("6.12")
        #expect(Self.secondary(old, "generic", "tlb_flush_mmu_tlbonly") == "range")
        #expect(Self.secondary(new, "generic", "tlb_flush_mmu_tlbonly") == "none")
        // To v6.5 the `_notify` helper notified; from v6.6 it is an alias of the plain clear-and-flush.
        #expect(Self.secondary(old, "generic", "ptep_clear_flush_notify") == "page")
        #expect(Self.secondary(new, "generic", "ptep_clear_flush_notify") == "none")
        #expect(Self.secondary(old, "generic", "mmu_notifier_invalidate_range_end") == "range")
        #expect(Self.secondary(new, "generic", "mmu_notifier_invalidate_range_end") == "none")
    }

    @Test func arm64FlushesStartNotifying() throws {
        let old = try Self.model("6.1"), new = try Self.model("6.12")
        for name in ["flush_tlb_page", "flush_tlb_mm", "flush_tlb_range", "tlb_flush", "ptep_set_access_flags"] {
            #expect(Self.secondary(old, "arm64", name) == "none", "6.1 arm64 \(name)")
        }
        #expect(Self.secondary(new, "arm64", "flush_tlb_page") == "page")
        #expect(Self.secondary(new, "arm64", "flush_tlb_mm") == "whole-mm")
        // `__flush_tlb_range_nosync` notifies (start, end) after the range TLBI (whose macro works on
        // copies, so the range is whole), or falls back to `flush_tlb_mm` for large ranges.
        #expect(Self.secondary(new, "arm64", "flush_tlb_range") == "range")
        #expect(Self.always(new, "arm64", "flush_tlb_range") == true)
        #expect(Self.secondary(new, "arm64", "tlb_flush") == "range")
        // Batched reclaim (new since 6.1): the notifier is in add_pending, the batch flush is a DSB.
        #expect(Self.secondary(new, "arm64", "arch_tlbbatch_add_pending") == "page")
        #expect(Self.secondary(new, "arm64", "arch_tlbbatch_flush") == "none")
        // The permission upgrade flushes (and notifies) only when the PTE changed, through contpte
        // or the plain page path.
        #expect(Self.secondary(new, "arm64", "ptep_set_access_flags") != "none")
        #expect(Self.always(new, "arm64", "ptep_set_access_flags") == false)
    }

    @Test func x86FlushesStartNotifying() throws {
        let old = try Self.model("6.1"), new = try Self.model("6.12")
        for name in ["flush_tlb_mm_range", "flush_tlb_page", "flush_tlb_mm", "flush_tlb_range", "tlb_flush", "arch_tlbbatch_add_mm"] {
            #expect(Self.secondary(old, "x86", name) == "none", "6.1 x86 \(name)")
        }
        #expect(Self.secondary(new, "x86", "flush_tlb_mm_range") == "range")
        #expect(Self.secondary(new, "x86", "flush_tlb_page") == "page")
        #expect(Self.secondary(new, "x86", "flush_tlb_mm") == "whole-mm")
        #expect(Self.secondary(new, "x86", "arch_tlbbatch_add_pending") == "whole-mm")
        #expect(Self.secondary(new, "x86", "arch_tlbbatch_flush") == "none")
    }

    @Test func powerpcRadixFlushesStartNotifying() throws {
        let old = try Self.model("6.1"), new = try Self.model("6.12")
        for name in ["radix__flush_tlb_range", "radix__flush_tlb_mm", "radix__flush_all_mm", "radix__tlb_flush",
                     "radix__flush_hugetlb_tlb_range"] {
            #expect(Self.secondary(old, "powerpc", name) == "none", "6.1 powerpc \(name)")
        }
        #expect(Self.secondary(new, "powerpc", "radix__flush_tlb_range") == "range")
        #expect(Self.secondary(new, "powerpc", "radix__flush_tlb_mm") == "whole-mm")
        #expect(Self.secondary(new, "powerpc", "radix__flush_all_mm") == "whole-mm")
        #expect(Self.secondary(new, "powerpc", "radix__tlb_flush") == "range")
        // The single-page radix flush never gained a notifier (the nest MMU sees the global tlbie that
        // an mm with coprocessors forces), in either tree.
        #expect(Self.secondary(old, "powerpc", "radix__flush_tlb_page") == "none")
        #expect(Self.secondary(new, "powerpc", "radix__flush_tlb_page") == "none")
        // The hugetlb range flush notifies in `__radix__flush_tlb_range_psize` and again itself: twice.
        let hugetlb = new.arch("powerpc")?.entryPoints.first { $0.name == "radix__flush_hugetlb_tlb_range" }
        #expect(hugetlb?.count == 2)
        // The collapsed-PMD flush notifies (the whole mm) only on 4K pages, through `radix__flush_all_mm`;
        // the 64K path flushes the CPU range and returns without a notifier.
        #expect(Self.secondary(new, "powerpc", "radix__flush_tlb_collapsed_pmd") == "whole-mm")
        #expect(Self.always(new, "powerpc", "radix__flush_tlb_collapsed_pmd") == false)
    }

    @Test func riscvFlushesStartNotifying() throws {
        let old = try Self.model("6.1"), new = try Self.model("6.12")
        for name in ["flush_tlb_page", "flush_tlb_mm", "flush_tlb_range", "tlb_flush"] {
            #expect(Self.secondary(old, "riscv", name) == "none", "6.1 riscv \(name)")
        }
        // 6.12's `__flush_tlb_range` notifies when it has an mm, after returning early on an empty
        // cpumask: the skipped notifier is a real "on some paths".
        #expect(Self.secondary(new, "riscv", "flush_tlb_page") == "page")
        #expect(Self.secondary(new, "riscv", "flush_tlb_range") == "range")
        #expect(Self.secondary(new, "riscv", "flush_tlb_mm") == "whole-mm")
        #expect(Self.always(new, "riscv", "flush_tlb_page") == false)
        #expect(Self.secondary(new, "riscv", "arch_tlbbatch_add_pending") == "page")
        // The permission upgrade flushes (and so notifies) only on the Svvptc path, reached by an
        // `asm goto` label after an unconditional return.
        #expect(Self.secondary(old, "riscv", "ptep_set_access_flags") == "none")
        #expect(Self.secondary(new, "riscv", "ptep_set_access_flags") == "page")
        #expect(Self.always(new, "riscv", "ptep_set_access_flags") == false)
        // The kernel flush and the batch flush pass no mm: `if (mm)` skips the notifier.
        #expect(Self.secondary(new, "riscv", "arch_tlbbatch_flush") == "none")
        #expect(Self.secondary(new, "riscv", "flush_tlb_kernel_range") == "none")
    }

    @Test func kernelFlushesNeverNotify() throws {
        for version in ["6.1", "6.12"] {
            let model = try Self.model(version)
            for arch in KnowledgeBase.archs.map(\.name) {
                for name in ["flush_tlb_kernel_range", "flush_tlb_all"] {
                    if let result = Self.secondary(model, arch, name) {
                        #expect(result == "none", "\(version) \(arch) \(name)")
                    }
                }
            }
        }
    }
}
