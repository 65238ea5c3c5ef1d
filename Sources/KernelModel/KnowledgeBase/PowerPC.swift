extension KnowledgeBase {
    /// powerpc book3s64: the radix MMU flushes by PID with `tlbie`/`tlbiel`; the hash MMU has its own
    /// paths. Coprocessors behind the nest MMU (ocxl, NX) cache translations of a CPU mm.
    public static let powerpc = ArchKnowledge(
        name: "powerpc",
        secondaryUsers: ["ocxl / nest MMU coprocessors", "NX accelerators"],
        deviceCachesFaultingEntries: true,
        entryPoints: [
            "flush_tlb_all", "flush_tlb_mm", "flush_tlb_page", "flush_tlb_range", "flush_tlb_kernel_range",
            "flush_pmd_tlb_range", "flush_hugetlb_tlb_range", "flush_tlb_fix_spurious_fault", "tlb_flush",
            "ptep_set_access_flags", "ptep_clear_flush", "pmdp_set_access_flags", "pmdp_invalidate",
            "radix__flush_tlb_mm", "radix__flush_all_mm", "radix__flush_tlb_page", "radix__flush_tlb_page_psize",
            "radix__flush_tlb_range", "radix__flush_tlb_range_psize", "radix__flush_tlb_pwc_range_psize",
            "radix__flush_pmd_tlb_range", "radix__flush_hugetlb_tlb_range", "radix__flush_tlb_collapsed_pmd",
            "radix__tlb_flush", "radix__flush_hugetlb_page", "radix__flush_tlb_kernel_range",
            "radix__local_flush_tlb_mm", "radix__local_flush_tlb_page", "radix__local_flush_all_mm",
            "radix__ptep_set_access_flags",
        ],
        helpers: [
            "__flush_all_mm", "__radix__flush_tlb_range", "__radix__flush_tlb_range_psize",
            "radix__local_flush_tlb_page_psize", "__ptep_set_access_flags", "hash__flush_tlb_mm",
            "hash__flush_tlb_page", "hash__flush_tlb_range", "hash__tlb_flush", "exit_flush_lazy_tlbs",
            "radix__local_flush_hugetlb_page", "radix__flush_tlb_lpid_page",
        ],
        cpuPrimitives: [
            CPUPrimitive("_tlbie_pid_lpid", .kernel, prefix: true),
            CPUPrimitive("_tlbiel_pid", .wholeMM, prefix: true),
            CPUPrimitive("_tlbie_pid", .wholeMM, prefix: true),
            CPUPrimitive("__tlbie_pid", .wholeMM, prefix: true),
            CPUPrimitive("__tlbiel_pid", .wholeMM, prefix: true),
            CPUPrimitive("_tlbiel_va_range", .range, prefix: true),
            CPUPrimitive("_tlbie_va_range", .range, prefix: true),
            CPUPrimitive("__tlbie_va_range", .range, prefix: true),
            CPUPrimitive("__tlbiel_va_range", .range, prefix: true),
            CPUPrimitive("_tlbiel_va", .page, prefix: true),
            CPUPrimitive("_tlbie_va", .page, prefix: true),
            CPUPrimitive("__tlbie_va", .page, prefix: true),
            CPUPrimitive("__tlbiel_va", .page, prefix: true),
            CPUPrimitive("_tlbie_lpid", .kernel, prefix: true),
            CPUPrimitive("_tlbiel_lpid", .kernel, prefix: true),
            CPUPrimitive("pseries_rpt_invalidate", .range),
            CPUPrimitive("flush_hash_range", .range),
            CPUPrimitive("flush_hash_page", .page),
            CPUPrimitive("__flush_tlb_pending", .range),
        ],
        mmuModes: ["radix_enabled()", "!(radix_enabled())"],
        files: [
            "arch/powerpc/include/asm/book3s/64/tlbflush.h", "arch/powerpc/include/asm/book3s/64/tlbflush-radix.h",
            "arch/powerpc/include/asm/book3s/64/tlbflush-hash.h", "arch/powerpc/include/asm/tlb.h",
            "arch/powerpc/include/asm/book3s/64/pgtable.h", "arch/powerpc/include/asm/book3s/64/hugetlb.h",
            "arch/powerpc/mm/book3s64/radix_tlb.c", "arch/powerpc/mm/book3s64/radix_hugetlbpage.c",
            "arch/powerpc/mm/book3s64/radix_pgtable.c", "arch/powerpc/mm/book3s64/pgtable.c",
            "arch/powerpc/mm/book3s64/hash_tlb.c", "arch/powerpc/mm/pgtable.c",
        ],
        folders: ["arch/powerpc/mm/book3s64/"],
        // The nest MMU snoops global tlbie (`_tlbie_pid`, `_tlbie_va` ...); with a coprocessor attached
        // the hypervisor's H_RPT_INVALIDATE targets it too (`tgt |= H_RPTI_TARGET_NMMU` when
        // `copros > 0`). A device's own ATC behind it (ocxl's, shot down through the notifier) does not
        // snoop, so these count as CPU flushes only, as every arch's do.
        // Coprocessors work with the radix MMU only. Attaching one (`mm_context_add_copro()`) counts
        // it in `copros` and in `active_cpus`, so that every flush of the mm goes global and reaches
        // the nest MMU.
        factsWithDevice: ["radix_enabled()": true, "atomic_read(&mm->context.copros) > 0": true, "active_cpus == 0": false]
    )
}
