/// The secondary-TLB invalidation API over kernel versions (SEMANTICS.md, "the API over time").
public enum NotifierAPI {
    /// Calls that invalidate the secondary TLBs of an mm: `(mm, start, end)`.
    /// `mmu_notifier_invalidate_range` to v6.5, renamed `mmu_notifier_arch_invalidate_secondary_tlbs` in v6.6.
    public static let invalidationCalls: Set<String> = [
        "mmu_notifier_invalidate_range",
        "mmu_notifier_arch_invalidate_secondary_tlbs",
        "__mmu_notifier_invalidate_range",
        "__mmu_notifier_arch_invalidate_secondary_tlbs",
    ]

    /// `__mmu_notifier_invalidate_range_end(range, only_end)` (to v6.5) invalidated secondary TLBs
    /// unless `only_end`; from v6.6 it takes only the range and does not.
    public static let rangeEnd = "__mmu_notifier_invalidate_range_end"

    /// Names that changed in v6.6 with the same meaning (old, new): a hunk swapping one for the
    /// other is `api-renamed`.
    public static let renames: [(old: String, new: String)] = [
        ("mmu_notifier_invalidate_range", "mmu_notifier_arch_invalidate_secondary_tlbs"),
        ("__mmu_notifier_invalidate_range", "__mmu_notifier_arch_invalidate_secondary_tlbs"),
        ("invalidate_range", "arch_invalidate_secondary_tlbs"),
        ("arch_tlbbatch_add_mm", "arch_tlbbatch_add_pending"),
    ]

    /// Whether a callee invalidates secondary TLBs, given its arguments (`__mmu_notifier_invalidate_range_end`
    /// only with `only_end` false).
    public static func isInvalidation(_ callee: String, arguments: [String]) -> Bool {
        if invalidationCalls.contains(callee) { return true }
        if callee == rangeEnd, arguments.count == 2 {
            let flag = arguments[1].filter { $0 != " " && $0 != "\t" }
            return flag == "false" || flag == "0"
        }
        return false
    }

    /// Helpers that clear a PTE, flush the CPU TLB and (to v6.5) notify: in v6.6 they became plain
    /// aliases; reading `include/linux/mmu_notifier.h` of the tree tells which.
    public static let notifyHelpers: [String] = [
        "ptep_clear_flush_notify", "pmdp_huge_clear_flush_notify", "pudp_huge_clear_flush_notify",
    ]
}


/// Calls that write a page-table entry (the PTE write a secondary invalidation must follow).
public enum PTEWrites {
    public static let writers: Set<String> = [
        "set_pte_at", "set_ptes", "set_pte", "__set_pte", "__set_pte_at", "__set_ptes", "set_pmd_at", "set_pud_at",
        "set_pte_atomic", "native_set_pte", "ptep_get_and_clear", "__ptep_get_and_clear", "ptep_get_and_clear_full",
        "ptep_clear", "pte_clear", "__pte_clear", "ptep_set_wrprotect", "__ptep_set_wrprotect", "pmdp_establish",
        "pmdp_huge_get_and_clear", "pmdp_set_wrprotect", "pte_update", "__radix_pte_update", "radix__pte_update",
        "pmd_hugepage_update", "ptep_modify_prot_commit", "set_huge_pte_at", "huge_ptep_get_and_clear",
    ]

    /// Atomics that write a PTE when their target names one (`cmpxchg_relaxed(&pte_val(*ptep), ...)`).
    public static let atomics: Set<String> = ["cmpxchg_relaxed", "try_cmpxchg_relaxed", "cmpxchg", "try_cmpxchg", "cmpxchg64", "WRITE_ONCE", "xchg_relaxed"]

    /// Whether a call writes a page-table entry.
    public static func isWrite(_ callee: String, arguments: [String]) -> Bool {
        if writers.contains(callee) { return true }
        guard atomics.contains(callee), let target = arguments.first else { return false }
        return target.contains("pte") || target.contains("pmd") || target.contains("pud")
    }
}
