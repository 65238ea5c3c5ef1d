extension KnowledgeBase {
    /// Names whose effect lives in drivers the model does not read: the knowledge base's model of
    /// them is used even where the tree defines them (`mmu_notifier_release()` runs each
    /// subscriber's `->release`, which for SVA drivers drops the whole device context).
    public static let modelledByKnowledgeBase: Set<String> = ["mmu_notifier_release"]

    /// What generic mm code does in the functions a tree subset (or a baseline) may lack: the
    /// default `ptep_clear_flush()`, `pmdp_invalidate()`, the gather's `tlb_flush_mmu()`, the batched
    /// reclaim's `flush_tlb_batched_pending()`, and the `_notify` helpers, which notified up to v6.5
    /// and became plain aliases in v6.6. Real files win: these are used only for names the files do
    /// not define. `mmu_notifier_release()` is modelled as the SVA drivers' release callback, which
    /// invalidates the whole address space of the device context.
    public static func genericFallbacks(notifyHelpersNotify: Bool) -> [BaselineFunction] {
        let pgtable = "mm/pgtable-generic.c (knowledge base)"
        let gather = "mm/mmu_gather.c (knowledge base)"
        let notifier = "include/linux/mmu_notifier.h (knowledge base)"
        var functions: [BaselineFunction] = [
            BaselineFunction("ptep_clear_flush", pgtable, 1...1, parameters: ["vma", "address", "ptep"], calls: [
                .init(1, "ptep_get_and_clear", ["vma->vm_mm", "address", "ptep"]),
                .init(1, "flush_tlb_page", ["vma", "address"]),
            ]),
            BaselineFunction("pmdp_huge_clear_flush", pgtable, 2...2, parameters: ["vma", "address", "pmdp"], calls: [
                .init(2, "pmdp_huge_get_and_clear", ["vma->vm_mm", "address", "pmdp"]),
                .init(2, "flush_pmd_tlb_range", ["vma", "address", "address + HPAGE_PMD_SIZE"]),
            ]),
            BaselineFunction("pmdp_invalidate", pgtable, 3...3, parameters: ["vma", "address", "pmdp"], calls: [
                .init(3, "pmdp_establish", ["vma", "address", "pmdp", "pmd_mkinvalid(*pmdp)"]),
                .init(3, "flush_pmd_tlb_range", ["vma", "address", "address + HPAGE_PMD_SIZE"]),
            ]),
            BaselineFunction("flush_pmd_tlb_range", pgtable, 4...4, macro: true, parameters: ["vma", "addr", "end"], calls: [
                .init(4, "flush_tlb_range", ["vma", "addr", "end"]),
            ]),
            BaselineFunction("flush_hugetlb_tlb_range", pgtable, 5...5, macro: true, parameters: ["vma", "addr", "end"], calls: [
                .init(5, "flush_tlb_range", ["vma", "addr", "end"]),
            ]),
            BaselineFunction("ptep_set_access_flags", pgtable, 6...6, parameters: ["vma", "address", "ptep", "entry", "dirty"], calls: [
                .init(6, "set_pte_at", ["vma->vm_mm", "address", "ptep", "entry"], ["s:changed"]),
                .init(6, "flush_tlb_fix_spurious_fault", ["vma", "address", "ptep"], ["s:changed"]),
            ]),
            BaselineFunction("flush_tlb_fix_spurious_fault", pgtable, 7...7, macro: true, parameters: ["vma", "address", "ptep"], calls: [
                .init(7, "flush_tlb_page", ["vma", "address"]),
            ]),
            BaselineFunction("tlb_flush_mmu", gather, 1...1, parameters: ["tlb"], calls: [
                .init(1, "tlb_flush_mmu_tlbonly", ["tlb"]),
            ]),
            BaselineFunction("tlb_finish_mmu", gather, 2...2, parameters: ["tlb"], calls: [
                .init(2, "tlb_flush_mmu", ["tlb"]),
            ]),
            BaselineFunction("flush_tlb_batched_pending", "mm/rmap.c (knowledge base)", 1...1, parameters: ["mm"], calls: [
                .init(1, "arch_flush_tlb_batched_pending", ["mm"]),
            ]),
            BaselineFunction("arch_flush_tlb_batched_pending", "mm/rmap.c (knowledge base)", 2...2, parameters: ["mm"], calls: [
                .init(2, "flush_tlb_mm", ["mm"]),
            ]),
            BaselineFunction("mmu_notifier_release", notifier, 1...1, parameters: ["mm"], calls: [
                .init(1, "mmu_notifier_arch_invalidate_secondary_tlbs", ["mm", "0", "-1UL"]),
            ]),
        ]
        if notifyHelpersNotify {
            functions += [
                BaselineFunction("ptep_clear_flush_notify", notifier, 2...2, macro: true, parameters: ["vma", "address", "ptep"], calls: [
                    .init(2, "ptep_clear_flush", ["vma", "address", "ptep"]),
                    .init(2, "mmu_notifier_invalidate_range", ["(vma)->vm_mm", "(address) & PAGE_MASK", "((address) & PAGE_MASK) + PAGE_SIZE"]),
                ]),
                BaselineFunction("pmdp_huge_clear_flush_notify", notifier, 3...3, macro: true, parameters: ["vma", "haddr", "pmd"], calls: [
                    .init(3, "pmdp_huge_clear_flush", ["vma", "haddr", "pmd"]),
                    .init(3, "mmu_notifier_invalidate_range", ["(vma)->vm_mm", "(haddr) & HPAGE_PMD_MASK", "((haddr) & HPAGE_PMD_MASK) + HPAGE_PMD_SIZE"]),
                ]),
            ]
        } else {
            functions += [
                BaselineFunction("ptep_clear_flush_notify", notifier, 2...2, macro: true, parameters: ["vma", "address", "ptep"], calls: [
                    .init(2, "ptep_clear_flush", ["vma", "address", "ptep"]),
                ]),
                BaselineFunction("pmdp_huge_clear_flush_notify", notifier, 3...3, macro: true, parameters: ["vma", "haddr", "pmd"], calls: [
                    .init(3, "pmdp_huge_clear_flush", ["vma", "haddr", "pmd"]),
                ]),
            ]
        }
        return functions
    }
}
