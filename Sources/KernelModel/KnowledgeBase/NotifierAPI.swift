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

