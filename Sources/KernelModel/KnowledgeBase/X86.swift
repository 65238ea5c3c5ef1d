extension KnowledgeBase {
    /// x86: everything goes through `flush_tlb_mm_range()`; Intel VT-d and AMD IOMMU SVA are the
    /// secondary-TLB users. x86 does not flush on a permission upgrade, and its IOMMUs do not keep an
    /// entry that faulted, so the upgrade needs no secondary invalidation there.
    public static let x86 = ArchKnowledge(
        name: "x86",
        secondaryUsers: ["Intel VT-d SVA", "AMD IOMMU v2 / SVA"],
        deviceCachesFaultingEntries: false,
        entryPoints: [
            "flush_tlb_all", "flush_tlb_mm", "flush_tlb_page", "flush_tlb_range", "flush_tlb_kernel_range",
            "flush_pmd_tlb_range", "flush_hugetlb_tlb_range", "flush_tlb_fix_spurious_fault", "tlb_flush",
            "arch_tlbbatch_add_pending", "arch_tlbbatch_add_mm", "arch_tlbbatch_flush",
            "arch_flush_tlb_batched_pending", "ptep_set_access_flags", "ptep_clear_flush",
            "pmdp_set_access_flags", "pmdp_invalidate", "flush_tlb_mm_range",
        ],
        helpers: ["flush_tlb_func", "flush_tlb_multi", "native_flush_tlb_multi", "get_flush_tlb_info", "put_flush_tlb_info"],
        cpuPrimitives: [
            CPUPrimitive("flush_tlb_func", .range),
            CPUPrimitive("flush_tlb_multi", .range),
            CPUPrimitive("native_flush_tlb_multi", .range),
            CPUPrimitive("flush_tlb_on_cpus", .range),
            CPUPrimitive("invlpg", .page),
            CPUPrimitive("invlpgb_flush_user_nr_nosync", .range),
            CPUPrimitive("flush_tlb_one_user", .page),
            CPUPrimitive("native_flush_tlb_one_user", .page),
            CPUPrimitive("flush_tlb_local", .wholeMM),
            CPUPrimitive("native_flush_tlb_local", .wholeMM),
            CPUPrimitive("__flush_tlb_all", .kernel),
            CPUPrimitive("native_flush_tlb_global", .kernel),
            CPUPrimitive("flush_tlb_one_kernel", .kernel),
            CPUPrimitive("on_each_cpu", .kernel),
        ],
        files: [
            "arch/x86/include/asm/tlbflush.h", "arch/x86/include/asm/tlb.h", "arch/x86/mm/tlb.c",
            "arch/x86/mm/pgtable.c", "arch/x86/include/asm/pgtable.h", "arch/x86/include/asm/hugetlb.h",
        ],
        folders: ["arch/x86/mm/"]
    )
}
