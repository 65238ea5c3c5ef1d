extension KnowledgeBase {
    /// arm64: TLBI by VA or ASID, SMMUv3 SVA as the secondary-TLB user (BTM snoops TLBI, but the
    /// ATC does not, and the SMMU caches read-only entries and faults on write).
    public static let arm64 = ArchKnowledge(
        name: "arm64",
        secondaryUsers: ["SMMUv3 SVA (IOMMU TLB and PCIe ATC)"],
        deviceCachesFaultingEntries: true,
        entryPoints: [
            "flush_tlb_all", "flush_tlb_mm", "flush_tlb_page", "flush_tlb_range", "flush_tlb_kernel_range",
            "flush_pmd_tlb_range", "flush_hugetlb_tlb_range", "flush_tlb_fix_spurious_fault",
            "arch_tlbbatch_add_pending", "arch_tlbbatch_flush", "arch_flush_tlb_batched_pending",
            "tlb_flush", "ptep_set_access_flags", "ptep_clear_flush", "pmdp_set_access_flags",
            "pmdp_invalidate", "local_flush_tlb_page", "local_flush_tlb_contpte",
        ],
        helpers: [
            "flush_tlb_page_nosync", "__flush_tlb_page_nosync", "__flush_tlb_range", "__flush_tlb_range_nosync",
            "__ptep_set_access_flags", "contpte_ptep_set_access_flags", "__flush_tlb_kernel_pgtable",
            "local_flush_tlb_all", "__local_flush_tlb_page_nonotify_nosync", "flush_tlb_page_nonotify",
        ],
        cpuPrimitives: [
            CPUPrimitive("__tlbi", .byOperation([
                "vale1is": .page, "vae1is": .page, "vale1": .page, "vae1": .page,
                "rvale1is": .range, "rvae1is": .range, "aside1is": .wholeMM, "aside1": .wholeMM,
                "vmalle1is": .kernel, "vmalle1": .kernel, "vaale1is": .kernel, "vaae1is": .kernel,
            ])),
            CPUPrimitive("__tlbi_user", .byOperation([
                "vale1is": .page, "vae1is": .page, "rvale1is": .range, "rvae1is": .range, "aside1is": .wholeMM,
            ])),
            CPUPrimitive("__tlbi_level", .page),
            CPUPrimitive("__tlbi_user_level", .page),
            CPUPrimitive("__flush_tlb_range_op", .range),
            CPUPrimitive("__flush_s2_tlb_range_op", .range),
        ],
        files: [
            "arch/arm64/include/asm/tlbflush.h", "arch/arm64/include/asm/tlb.h", "arch/arm64/include/asm/pgtable.h",
            "arch/arm64/include/asm/hugetlb.h", "arch/arm64/mm/fault.c", "arch/arm64/mm/contpte.c",
            "arch/arm64/mm/hugetlbpage.c", "arch/arm64/mm/context.c",
        ],
        folders: ["arch/arm64/mm/"]
    )
}
