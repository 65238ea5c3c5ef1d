import KernelModel
@testable import Simulator

/// Placement tables written for the tests, modelled on the real kernels: arm64 before and after the
/// v6.6 series (the shipped reference tables), x86 before and after (`flush_tlb_mm_range`), riscv
/// with the notifier after an early return and fixed, and single-entry mutations that break one rule.
enum Fixtures {
    typealias R = ReferencePlacements

    static let arm64Before = R.arm64Before
    static let arm64After = R.arm64After

    /// The middle of a bad series: the generic calls removed, the arch ones not yet added.
    static let arm64Intermediate = ArchPlacement(
        arch: "arm64", state: "intermediate", secondaryUsers: true,
        entryPoints: R.table(R.generic(notifies: false) + R.arm64(notifies: false)))

    /// The other bad middle: the arch calls added, the generic ones still there.
    static let arm64Both = ArchPlacement(
        arch: "arm64", state: "both", secondaryUsers: true,
        entryPoints: R.table(R.generic(notifies: true) + R.arm64(notifies: true)))

    static let x86Before = ArchPlacement(arch: "x86", state: "before", secondaryUsers: true,
                                         entryPoints: R.table(R.generic(notifies: true) + x86(notifies: false)))
    static let x86After = ArchPlacement(arch: "x86", state: "after", secondaryUsers: true,
                                        entryPoints: R.table(R.generic(notifies: false) + x86(notifies: true)))

    static func x86(notifies: Bool) -> [EntryPointPlacement] {
        let c = "arch/x86/mm/tlb.c", h = "arch/x86/include/asm/tlbflush.h"
        let span = InvalidationRange(.span, arguments: ["start", "end"])
        let whole = InvalidationRange(.wholeMM, arguments: ["0", "-1UL"])
        return [
            R.entry("ptep_set_access_flags", "arch/x86/mm/pgtable.c", 489, [
                R.path(["changed && dirty"], [.pteWrite("set_pte(ptep, entry)")]),
            ]),
            R.entry("flush_tlb_mm_range", c, 1001, [R.path(
                notifies ? [.cpuInvalidate(span), R.notify("mm", span)] : [.cpuInvalidate(span)])]),
            R.entry("flush_tlb_mm", h, 238, [R.path(
                notifies ? [.cpuInvalidate(whole), R.notify("mm", whole)] : [.cpuInvalidate(whole)])]),
            R.entry("flush_tlb_page", h, 254, [R.path([.call("flush_tlb_mm_range")])]),
            R.entry("flush_tlb_range", h, 241, [R.path([.call("flush_tlb_mm_range")])]),
            R.entry("flush_hugetlb_tlb_range", "include/linux/hugetlb.h", 1200, [R.path([.call("flush_tlb_range")])]),
            R.entry("tlb_flush", "arch/x86/include/asm/tlb.h", 20, [R.path([.call("flush_tlb_mm_range")])]),
            R.entry("arch_tlbbatch_add_pending", h, 280, [R.path(
                notifies ? [.deferToBatch(mm: .recorded("mm"), range: whole), R.notify("mm", whole)]
                         : [.deferToBatch(mm: .recorded("mm"), range: whole)])]),
            R.entry("arch_tlbbatch_flush", c, 1242, [R.path([.cpuInvalidate(whole)])]),
            R.entry("arch_flush_tlb_batched_pending", h, 289, [R.path([.call("flush_tlb_mm")])]),
        ]
    }

    static func riscv(notifierFirst: Bool) -> ArchPlacement {
        let c = "arch/riscv/mm/tlbflush.c"
        let span = InvalidationRange(.span, arguments: ["start", "start + size"])
        let early = PlacementStep.earlyReturn(condition: "cpumask_empty(cmask)")
        let notify = R.notify("mm", span)
        let cpu = PlacementStep.cpuInvalidate(span)
        let arch = [
            R.entry("__flush_tlb_range", c, 120, [R.path(notifierFirst ? [notify, early, cpu] : [early, cpu, notify])]),
            R.entry("flush_tlb_range", c, 170, [R.path([.call("__flush_tlb_range")])]),
            R.entry("flush_tlb_page", c, 160, [R.path([.call("__flush_tlb_range")])]),
            R.entry("flush_tlb_mm", c, 150, [R.path([.call("__flush_tlb_range")])]),
            R.entry("flush_hugetlb_tlb_range", c, 180, [R.path([.call("__flush_tlb_range")])]),
            R.entry("ptep_set_access_flags", "arch/riscv/mm/pgtable.c", 9, [
                R.path([.earlyReturn(condition: "pte_same(ptep_get(ptep), entry)"), .pteWrite("__set_pte_at"),
                        .cpuInvalidate(.page)]),
            ]),
            R.entry("tlb_flush", "include/asm-generic/tlb.h", 400, [
                R.path(["tlb->fullmm || tlb->need_flush_all"], [.call("flush_tlb_mm")]),
                R.path(["!(tlb->fullmm || tlb->need_flush_all)"], [.call("flush_tlb_range")]),
            ]),
            R.entry("arch_tlbbatch_add_pending", c, 220, [R.path([
                .deferToBatch(mm: .recorded("mm"), range: .wholeMM), R.notify("mm", .page)])]),
            R.entry("arch_tlbbatch_flush", c, 230, [R.path([.cpuInvalidate(.wholeMM)])]),
            R.entry("arch_flush_tlb_batched_pending", c, 210, [R.path([.call("flush_tlb_mm")])]),
        ]
        return ArchPlacement(arch: "riscv", state: notifierFirst ? "fixed" : "notifier-after-early-return",
                             secondaryUsers: true, entryPoints: R.table(R.generic(notifies: false) + arch))
    }

    static let riscvEarlyReturn = riscv(notifierFirst: false)
    static let riscvFixed = riscv(notifierFirst: true)

    /// A placement with some entry points replaced.
    static func replacing(_ base: ArchPlacement, state: String, _ entries: [EntryPointPlacement]) -> ArchPlacement {
        var result = base
        result.state = state
        for entry in entries { result.entryPoints[entry.name] = entry }
        return result
    }

    /// `tlb_flush_mmu` that frees the pages before the (generic) notifier runs.
    static let notifyAfterFree = replacing(arm64Before, state: "notify-after-free", [
        R.entry("tlb_flush_mmu", "mm/mmu_gather.c", 365, [R.path([
            .call("tlb_flush"), .free, R.notify("tlb->mm", .span)])]),
        R.entry("tlb_flush_mmu_tlbonly", "include/asm-generic/tlb.h", 448, [R.path([.call("tlb_flush")])]),
    ])

    /// `ptep_clear_flush_notify` that notifies before clearing the PTE.
    static let notifyBeforePTEWrite = replacing(arm64Before, state: "notify-before-pte-write", [
        R.entry("ptep_clear_flush_notify", "include/linux/mmu_notifier.h", 600, [R.path([
            R.notify("___mm", .page), .call("ptep_clear_flush")])]),
    ])

    /// x86 whose batch flush notifies `current->mm` instead of the mm recorded at add time.
    static let batchNotifiesCurrent = replacing(x86After, state: "batch-current-mm", [
        R.entry("arch_tlbbatch_add_pending", "arch/x86/include/asm/tlbflush.h", 280, [R.path([
            .deferToBatch(mm: .recorded("mm"), range: .wholeMM)])]),
        R.entry("arch_tlbbatch_flush", "arch/x86/mm/tlb.c", 1242, [R.path([
            .cpuInvalidate(.wholeMM), .secondaryInvalidate(mm: .current, range: .wholeMM)])]),
    ])

    /// x86 whose batch defers the secondary invalidation too, and whose batched-pending flush does
    /// only the CPUs: munmap/mprotect racing reclaim returns with a writable device entry.
    static let batchedPendingCPUOnly = replacing(x86After, state: "batched-pending-cpu-only", [
        R.entry("arch_tlbbatch_add_pending", "arch/x86/include/asm/tlbflush.h", 280, [R.path([
            .deferToBatch(mm: .recorded("mm"), range: .page)])]),
        R.entry("arch_tlbbatch_flush", "arch/x86/mm/tlb.c", 1242, [R.path([
            .cpuInvalidate(.wholeMM), .secondaryInvalidate(mm: .recorded("batch->mm"), range: .span)])]),
        R.entry("arch_flush_tlb_batched_pending", "arch/x86/include/asm/tlbflush.h", 289, [R.path([
            .cpuInvalidate(.wholeMM)])]),
    ])

    /// `flush_pmd_tlb_range` that invalidates only the first base page of the huge page in the secondary TLB.
    static let pmdNotifiesPage = replacing(arm64After, state: "pmd-notifies-page", [
        R.entry("flush_pmd_tlb_range", "arch/arm64/include/asm/tlbflush.h", 420, [R.path([
            .cpuInvalidate(.huge), R.notify("vma->vm_mm", InvalidationRange(.page, arguments: ["addr", "addr + PAGE_SIZE"]))])]),
    ])

    /// `flush_hugetlb_tlb_range` with an inclusive end.
    static let hugetlbInclusiveEnd = replacing(arm64After, state: "hugetlb-inclusive-end", [
        R.entry("flush_hugetlb_tlb_range", "arch/arm64/include/asm/hugetlb.h", 70, [R.path([
            .cpuInvalidate(.span),
            R.notify("vma->vm_mm", InvalidationRange(.span, facts: .inclusiveEnd, arguments: ["start", "end - 1"]))])]),
    ])

    /// `__flush_tlb_page_nosync` whose end lost its parentheses: `uaddr & PAGE_MASK + PAGE_SIZE`.
    static let pagePrecedence = replacing(arm64After, state: "page-precedence", [
        R.entry("__flush_tlb_page_nosync", "arch/arm64/include/asm/tlbflush.h", 259, [R.path([
            .cpuInvalidate(.page),
            R.notify("mm", InvalidationRange(.page, facts: .precedenceSuspect,
                                              arguments: ["uaddr & PAGE_MASK", "uaddr & PAGE_MASK + PAGE_SIZE"]))])]),
    ])

    /// A `->release` that does not invalidate the secondary TLB, on arm64 after the series (whose fullmm
    /// `tlb_flush` with last-level tables flushes nothing).
    static let releaseWithoutInvalidation = replacing(arm64After, state: "release-without-invalidation", [
        R.entry("mmu_notifier_release", "mm/mmu_notifier.c", 46, [R.path([])]),
    ])

    static let all: [ArchPlacement] = [arm64Before, arm64After, x86Before, x86After, riscvEarlyReturn, riscvFixed]
}
