import KernelModel

/// Hand-written placement tables of arm64 before and after the v6.6 series that moved secondary-TLB
/// invalidation into the arch flush functions. Reference models for the simulator's benchmark and for
/// `shootdown simulate --reference`; review never uses them (it computes placements from the code).
public enum ReferencePlacements {
    /// Reference tables by name: `arm64-before`, `arm64-after`.
    public static let all: [String: ArchPlacement] = ["arm64-before": arm64Before, "arm64-after": arm64After]

    public static func named(_ name: String) -> ArchPlacement? { all[name] }

    /// arm64 at v6.5: the arch flushes only the CPU TLBs; generic code notifies
    /// (`tlb_flush_mmu_tlbonly`, `mmu_notifier_invalidate_range_end`, the `_notify` helpers).
    public static let arm64Before = ArchPlacement(
        arch: "arm64", state: "before", secondaryUsers: true,
        entryPoints: table(generic(notifies: true) + arm64(notifies: false)))

    /// arm64 at v6.6: `__flush_tlb_page_nosync`, `__flush_tlb_range` and `flush_tlb_mm` notify;
    /// the generic calls are gone.
    public static let arm64After = ArchPlacement(
        arch: "arm64", state: "after", secondaryUsers: true,
        entryPoints: table(generic(notifies: false) + arm64(notifies: true)))

    static func table(_ entries: [EntryPointPlacement]) -> [String: EntryPointPlacement] {
        var result: [String: EntryPointPlacement] = [:]
        for entry in entries { result[entry.name] = entry }
        return result
    }

    static func entry(_ name: String, _ file: String, _ line: Int, _ paths: [PlacementPath]) -> EntryPointPlacement {
        EntryPointPlacement(name: name, file: file, line: line, chain: [name], paths: paths)
    }

    static func path(_ steps: [PlacementStep]) -> PlacementPath {
        PlacementPath(conditions: [], steps: steps)
    }

    static func path(_ conditions: [String], _ steps: [PlacementStep]) -> PlacementPath {
        PlacementPath(conditions: conditions, steps: steps)
    }

    static func notify(_ mm: String, _ range: InvalidationRange) -> PlacementStep {
        .secondaryInvalidate(mm: .recorded(mm), range: range)
    }

    static let pageRange = InvalidationRange(.page, arguments: ["uaddr & PAGE_MASK", "(uaddr & PAGE_MASK) + PAGE_SIZE"])
    static let spanRange = InvalidationRange(.span, arguments: ["start", "end"])
    static let wholeRange = InvalidationRange(.wholeMM, arguments: ["0", "-1UL"])

    /// The generic helpers every arch inherits (asm-generic/tlb.h, mm/pgtable-generic.c, mm/rmap.c,
    /// mmu_notifier.h), before v6.6 (`notifies`) or after.
    static func generic(notifies: Bool) -> [EntryPointPlacement] {
        let tlbh = "include/asm-generic/tlb.h", mn = "include/linux/mmu_notifier.h"
        return [
            entry("tlb_flush_mmu_tlbonly", tlbh, 448, [path(
                notifies ? [.call("tlb_flush"), notify("tlb->mm", InvalidationRange(.span, arguments: ["tlb->start", "tlb->end"]))]
                         : [.call("tlb_flush")])]),
            entry("tlb_flush_mmu", "mm/mmu_gather.c", 365, [path([.call("tlb_flush_mmu_tlbonly"), .free])]),
            entry("mmu_notifier_invalidate_range_end", mn, 458, [path(
                notifies ? [notify("range->mm", InvalidationRange(.span, arguments: ["range->start", "range->end"]))] : [])]),
            entry("mmu_notifier_release", "mm/mmu_notifier.c", 46, [path(
                [notify("mm", InvalidationRange(.wholeMM, arguments: ["->release: arm_smmu_mm_release"]))])]),
            entry("ptep_clear_flush", "mm/pgtable-generic.c", 88, [path(["pte_accessible(mm, pte)"],
                [.pteWrite("ptep_get_and_clear"), .call("flush_tlb_page")])]),
            entry("ptep_clear_flush_notify", mn, 600, [path(
                notifies ? [.call("ptep_clear_flush"), notify("___mm", pageRange)] : [.call("ptep_clear_flush")])]),
            entry("pmdp_invalidate", "mm/pgtable-generic.c", 194, [path(
                [.pteWrite("pmdp_establish(pmd_mkinvalid(*pmdp))"), .call("flush_pmd_tlb_range")])]),
            entry("flush_pmd_tlb_range", "include/linux/pgtable.h", 1500, [path([.call("flush_tlb_range")])]),
            entry("flush_tlb_batched_pending", "mm/rmap.c", 720, [path(["mm->tlb_flush_batched"],
                [.call("arch_flush_tlb_batched_pending")])]),
        ]
    }

    /// arm64's own entry points (arch/arm64/include/asm/tlbflush.h, tlb.h, mm/fault.c, mm/hugetlbpage.c).
    static func arm64(notifies: Bool) -> [EntryPointPlacement] {
        let h = "arch/arm64/include/asm/tlbflush.h"
        return [
            entry("ptep_set_access_flags", "arch/arm64/mm/fault.c", 205, [
                path(["dirty"], [.earlyReturn(condition: "pte_same(pte, entry)"),
                                 .pteWrite("cmpxchg_relaxed(&pte_val(*ptep), old_pteval, pteval)"),
                                 .call("flush_tlb_page")]),
                path(["!dirty"], [.earlyReturn(condition: "pte_same(pte, entry)"),
                                  .pteWrite("cmpxchg_relaxed(&pte_val(*ptep), old_pteval, pteval)")]),
            ]),
            entry("flush_tlb_mm", h, 247, [path(
                notifies ? [.cpuInvalidate(wholeRange), notify("mm", wholeRange)] : [.cpuInvalidate(wholeRange)])]),
            entry("__flush_tlb_page_nosync", h, 259, [path(
                notifies ? [.cpuInvalidate(pageRange), notify("mm", pageRange)] : [.cpuInvalidate(pageRange)])]),
            entry("flush_tlb_page_nosync", h, 272, [path([.call("__flush_tlb_page_nosync")])]),
            entry("flush_tlb_page", h, 278, [path([.call("flush_tlb_page_nosync")])]),
            entry("__flush_tlb_range", h, 323, [
                path(["(end - start) >= (MAX_TLBI_OPS * stride)"], [.call("flush_tlb_mm")]),
                path(["!((end - start) >= (MAX_TLBI_OPS * stride))"],
                     notifies ? [.cpuInvalidate(spanRange), notify("vma->vm_mm", spanRange)] : [.cpuInvalidate(spanRange)]),
            ]),
            entry("flush_tlb_range", h, 406, [path([.call("__flush_tlb_range")])]),
            entry("flush_hugetlb_tlb_range", "arch/arm64/include/asm/hugetlb.h", 70, [path([.call("__flush_tlb_range")])]),
            entry("tlb_flush", "arch/arm64/include/asm/tlb.h", 53, [
                path(["tlb->fullmm", "!last_level"], [.call("flush_tlb_mm")]),
                path(["tlb->fullmm", "last_level"], []),
                path(["!tlb->fullmm"], [.call("__flush_tlb_range")]),
            ]),
            entry("arch_tlbbatch_add_pending", h, 300, [path([.call("__flush_tlb_page_nosync")])]),
            entry("arch_tlbbatch_flush", h, 312, [path([])]),
            entry("arch_flush_tlb_batched_pending", h, 307, [path([])]),
        ]
    }
}
