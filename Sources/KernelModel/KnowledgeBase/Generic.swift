extension KnowledgeBase {
    /// The generic code every arch inherits: the mmu_gather in `include/asm-generic/tlb.h`, the
    /// notifier API, and the mm functions that clear, flush and free.
    public static let generic = ArchKnowledge(
        name: "generic",
        secondaryUsers: [],
        deviceCachesFaultingEntries: true,
        entryPoints: [
            "tlb_flush_mmu_tlbonly", "tlb_flush_mmu", "tlb_end_vma", "tlb_finish_mmu", "tlb_flush",
            "mmu_notifier_invalidate_range_end", "mmu_notifier_invalidate_range_only_end",
            "ptep_clear_flush_notify", "pmdp_huge_clear_flush_notify", "pudp_huge_clear_flush_notify",
            "ptep_clear_flush", "ptep_set_access_flags", "pmdp_invalidate", "pmdp_huge_clear_flush",
            "flush_tlb_fix_spurious_fault", "flush_tlb_batched_pending", "try_to_unmap_flush", "mmu_notifier_release",
        ],
        helpers: ["__tlb_reset_range", "tlb_flush_mmu_free", "__tlb_end_vma", "tlb_flush_rmaps"],
        cpuPrimitives: [],
        files: [
            "include/asm-generic/tlb.h", "include/asm-generic/tlbflush.h", "include/asm-generic/pgtable.h",
            "include/linux/mmu_notifier.h", "include/linux/pgtable.h", "mm/pgtable-generic.c", "mm/rmap.c",
            "mm/memory.c", "mm/huge_memory.c", "mm/hugetlb.c", "mm/mprotect.c", "mm/migrate.c",
            "mm/migrate_device.c", "mm/mmu_gather.c", "mm/khugepaged.c", "mm/madvise.c", "fs/proc/task_mmu.c",
        ]
    )
}
