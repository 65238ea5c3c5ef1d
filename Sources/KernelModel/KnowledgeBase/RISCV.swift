extension KnowledgeBase {
    /// riscv: `__flush_tlb_range()` behind every user flush, SBI remote fences for other harts; the
    /// riscv IOMMU (SVA) is the secondary-TLB user, and caches like the others.
    public static let riscv = ArchKnowledge(
        name: "riscv",
        secondaryUsers: ["RISC-V IOMMU SVA"],
        deviceCachesFaultingEntries: true,
        entryPoints: [
            "flush_tlb_all", "flush_tlb_mm", "flush_tlb_mm_range", "flush_tlb_page", "flush_tlb_range",
            "flush_tlb_kernel_range", "flush_pmd_tlb_range", "flush_hugetlb_tlb_range", "flush_tlb_fix_spurious_fault",
            "arch_tlbbatch_add_pending", "arch_tlbbatch_flush", "arch_flush_tlb_batched_pending", "tlb_flush",
            "ptep_set_access_flags", "ptep_clear_flush", "pmdp_set_access_flags", "pmdp_invalidate",
        ],
        helpers: ["__flush_tlb_range", "__ipi_flush_tlb_range_asid", "update_mmu_cache", "update_mmu_cache_range"],
        cpuPrimitives: [
            CPUPrimitive("local_flush_tlb_all_asid", .wholeMM),
            CPUPrimitive("local_flush_tlb_all", .kernel),
            CPUPrimitive("local_flush_tlb_page_asid", .page),
            CPUPrimitive("local_flush_tlb_page", .page),
            CPUPrimitive("local_flush_tlb_range_asid", .range),
            CPUPrimitive("local_flush_tlb_range_threshold_asid", .range),
            CPUPrimitive("local_flush_tlb_range", .range),
            CPUPrimitive("sbi_remote_sfence_vma_asid", .range),
            CPUPrimitive("sbi_remote_sfence_vma", .range),
            CPUPrimitive("on_each_cpu_mask", .range),
        ],
        files: [
            "arch/riscv/include/asm/tlbflush.h", "arch/riscv/include/asm/tlb.h", "arch/riscv/mm/tlbflush.c",
            "arch/riscv/mm/pgtable.c", "arch/riscv/include/asm/pgtable.h", "arch/riscv/mm/fault.c",
        ],
        folders: ["arch/riscv/mm/"]
    )
}
