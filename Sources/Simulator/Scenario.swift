import KernelModel

/// The scenario catalogue of SEMANTICS.md: a kernel operation skeleton of generic-mm steps and calls
/// to entry points, run against an arch's placement.
public enum Scenario: String, Sendable, Hashable, CaseIterable {
    case upgradeWithCachedRO = "upgrade-with-cached-ro"
    case unmapThenFree = "unmap-then-free"
    case invalidateAfterFree = "invalidate-after-free"
    case invalidateBeforePTEWrite = "invalidate-before-pte-write"
    case reclaimBatched = "reclaim-batched"
    case reclaimRacingMunmap = "reclaim-racing-munmap"
    case cowOrMigrate = "cow-or-migrate"
    case writeProtect = "write-protect"
    case thpSplit = "thp-split"
    case thpCollapse = "thp-collapse"
    case hugetlbUnshare = "hugetlb-unshare"
    case doubleInvalidation = "double-invalidation"
    case rangeEncoding = "range-encoding"
    case earlyReturn = "early-return"
    case exitMmap = "exit-mmap"

    /// What the scenario checks: `safety`, `liveness`, `efficiency`.
    public var checks: [String] {
        switch self {
        case .upgradeWithCachedRO: ["liveness", "safety"]
        case .doubleInvalidation: ["efficiency", "safety"]
        default: ["safety"]
        }
    }

    /// The failure classes a run of this scenario can end with.
    public var failureClasses: [FailureClass] {
        let safety: [FailureClass] = [.useAfterFree, .stalePermission, .staleFrame, .wrongMM, .rangeTooSmall, .emptyRange]
        switch self {
        case .upgradeWithCachedRO: return [.infiniteDeviceFault] + safety
        case .doubleInvalidation: return [.doubleInvalidation] + safety
        default: return safety
        }
    }

    /// The kernel operation in one line.
    public var operation: String {
        switch self {
        case .upgradeWithCachedRO: "device caches RO; write fault upgrades via ptep_set_access_flags; device writes"
        case .unmapThenFree: "zap through mmu_gather, tlb_finish_mmu, free"
        case .invalidateAfterFree: "tlb_flush_mmu: flush and free in the order the placement gives"
        case .invalidateBeforePTEWrite: "ptep_clear_flush then free: notifier order against the PTE update"
        case .reclaimBatched: "try_to_unmap_one with batching: add pending, drop PTL, batch flush, free"
        case .reclaimRacingMunmap: "batched reclaim while mprotect runs flush_tlb_batched_pending"
        case .cowOrMigrate: "clear and flush, new frame, unlock"
        case .writeProtect: "fork write-protects the parent: range_end, flush_tlb_mm"
        case .thpSplit: "THP split with freeze for migration: pmdp_invalidate, migration entries, free"
        case .thpCollapse: "khugepaged collapse: clear PMD, flush_pmd_tlb_range, free the small pages"
        case .hugetlbUnshare: "huge_pmd_unshare, flush_hugetlb_tlb_range, the last sharer frees"
        case .doubleInvalidation: "zap with range_start/end plus the gather flush"
        case .rangeEncoding: "unmap through flush_tlb_page, flush_tlb_range and flush_tlb_mm, each then free"
        case .earlyReturn: "unmap through flush_tlb_range and range_end with no CPU in the mm's cpumask"
        case .exitMmap: "exit_mmap: mmu_notifier_release, fullmm gather, free"
        }
    }
}

// MARK: - Skeletons

/// A set of virtual pages named by the skeleton; extra pages from the bounds join `.span` and `.all`.
enum PageSet: Hashable {
    case target
    case span
    case all
    case pages([Int])
}

/// What a PTE write does.
enum PTEEffect: Hashable {
    case clear
    case writeProtect
    case upgrade
    /// Point at the page's replacement frame, writable (COW break, migration, collapse).
    case replace

    var verb: String {
        switch self {
        case .clear: "clears"
        case .writeProtect: "write-protects"
        case .upgrade: "makes writable"
        case .replace: "points at the new frame (RW)"
        }
    }
}

/// The context a skeleton gives a called entry point: which page `uaddr` is, which range `start..end`
/// is, what its PTE writes do, what its frees free, whether it runs as a deferred flush.
struct CallSite: Hashable {
    var target: Int
    var range: PageSet
    var effect: PTEEffect?
    var effectPages: PageSet
    var frees: PageSet?
    var deferred: Bool
    /// Conditions known to hold at this call (`tlb->fullmm`); a path under the negation is not taken.
    var assumptions: [String]
    var arguments: String

    init(target: Int = 0, range: PageSet = .target, effect: PTEEffect? = nil, effectPages: PageSet = .target,
         frees: PageSet? = nil, deferred: Bool = false, assumptions: [String] = [], arguments: String) {
        self.target = target
        self.range = range
        self.effect = effect
        self.effectPages = effectPages
        self.frees = frees
        self.deferred = deferred
        self.assumptions = assumptions
        self.arguments = arguments
    }
}

/// One step of a kernel operation skeleton: generic-mm code, or a call into the placement.
enum SkeletonStep: Hashable {
    case lock(String)
    case unlock(String)
    case pte(PTEEffect, PageSet, String)
    case call(String, CallSite)
    /// Free the frames the pages map (their original frames).
    case free(PageSet, String)
    /// The page allocator hands the freed frames to another user.
    case reuse(PageSet, String)
    /// The kernel relies on the change: no TLB may hold more than the PTE grants, or another frame.
    case rely(PageSet, String)
    /// `->release` quiesces the device's context: it can no longer walk the page table.
    case detachDevice(String)
    /// The deferred batch is done with (its recorded range is forgotten).
    case batchDone(String)
    /// Sets the scenario's one flag (`mm->tlb_flush_batched`).
    case signal(String)
    /// Waits until the flag is set: orders another thread after a point of this one.
    case wait(String)
}

/// A virtual page of a scenario.
struct Slot: Hashable {
    var name: String
    var address: UInt64
    /// Pages in one block share a huge page: `.huge` covers the whole block.
    var block: Int
    var frame: Int
    var newFrame: Int?
    var initial: UInt8
}

/// Permissions as stored: 0 none, 1 RO, 2 RW.
enum Perm {
    static let none: UInt8 = 0
    static let ro: UInt8 = 1
    static let rw: UInt8 = 2
    static func name(_ p: UInt8) -> String { p == 0 ? "none" : p == 1 ? "RO" : "RW" }
}

/// A scenario made concrete for given bounds: pages, frames, threads of skeleton steps.
struct ScenarioLayout {
    var slots: [Slot]
    var frameNames: [String]
    var span: [Int]
    var target: Int
    var cpus: Int
    var threads: [[SkeletonStep]]
    var threadNames: [String]
    var checksLiveness = false
    var checksEfficiency = false
    var deviceWrites = true

    func pages(_ set: PageSet) -> [Int] {
        switch set {
        case .target: [target]
        case .span: span
        case .all: Array(slots.indices)
        case .pages(let list): list.filter { $0 < slots.count }
        }
    }

    func mask(_ set: PageSet) -> UInt64 {
        pages(set).reduce(0) { $0 | (1 << UInt64($1)) }
    }
}

extension Scenario {
    /// `try_to_unmap_one()` for reclaim: with a batch, clear the PTE, add the flush to the batch and
    /// flush it after `range_end`; without one, `ptep_clear_flush()` at once. `signal` marks the
    /// point another thread waits for.
    static func reclaim(_ target: Int, batches: Bool, signal: String?, flushArguments: String) -> [SkeletonStep] {
        var steps: [SkeletonStep] = [.lock("try_to_unmap_one: page_vma_mapped_walk takes the PTL")]
        if batches {
            steps += [
                .pte(.clear, .target, "try_to_unmap_one: ptep_get_and_clear"),
                .call("arch_tlbbatch_add_pending", CallSite(target: target, deferred: true,
                                                            arguments: "&tlb_ubc->arch, mm, 0x1000")),
            ]
        } else {
            steps.append(.call("ptep_clear_flush", CallSite(target: target, effect: .clear, effectPages: .target,
                                                            arguments: "vma, 0x1000, ptep (no batched flush on this arch)")))
        }
        if let signal { steps.append(.signal(signal)) }
        steps += [
            .unlock("page_vma_mapped_walk_done"),
            .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .target, arguments: "&range")),
        ]
        if batches {
            steps += [
                .call("arch_tlbbatch_flush", CallSite(target: target, deferred: true, arguments: flushArguments)),
                .batchDone("try_to_unmap_flush: batch done"),
            ]
        }
        steps.append(.free(.target, "shrink_folio_list: folio freed"))
        return steps
    }

    // Base addresses: three base pages in one 2 MiB block, and a huge page (two 4 KiB halves modelled).
    private static let p0 = Slot(name: "0x1000", address: 0x1000, block: 0, frame: 0, newFrame: nil, initial: Perm.rw)

    /// The scenario for `bounds`. `batchesReclaim`: the arch defers reclaim's flushes
    /// (`arch_tlbbatch_add_pending()`); without it `try_to_unmap_one()` clears and flushes each PTE
    /// at once with `ptep_clear_flush()`, as the kernel does without
    /// `CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH`, and the reclaim scenarios run that way.
    func layout(bounds: Bounds, batchesReclaim: Bool = true) -> ScenarioLayout {
        var slots: [Slot] = []
        var frames: [String] = []
        func base(_ address: UInt64, perm: UInt8 = Perm.rw, replaceable: Bool = false) -> Int {
            let frame = frames.count
            frames.append("f\(frame)")
            var newFrame: Int?
            if replaceable {
                newFrame = frames.count
                frames.append("f\(frames.count)(new)")
            }
            slots.append(Slot(name: hex(address), address: address, block: 0, frame: frame, newFrame: newFrame, initial: perm))
            return slots.count - 1
        }
        func huge(perm: UInt8 = Perm.rw, split: Bool) -> [Int] {
            // A PMD mapping: both halves map one huge frame (or, for collapse, small frames to be replaced).
            var result: [Int] = []
            if split {
                let hugeFrame = frames.count
                frames.append("f\(hugeFrame)(huge)")
                for i in 0..<2 {
                    slots.append(Slot(name: hex(0x200000 + UInt64(i) * 0x1000), address: 0x200000 + UInt64(i) * 0x1000,
                                      block: 1, frame: hugeFrame, newFrame: nil, initial: perm))
                    result.append(slots.count - 1)
                }
            } else {
                var small: [Int] = []
                for _ in 0..<2 { small.append(frames.count); frames.append("f\(frames.count)") }
                let hugeFrame = frames.count
                frames.append("f\(hugeFrame)(huge)")
                for i in 0..<2 {
                    slots.append(Slot(name: hex(0x200000 + UInt64(i) * 0x1000), address: 0x200000 + UInt64(i) * 0x1000,
                                      block: 1, frame: small[i], newFrame: hugeFrame, initial: perm))
                    result.append(slots.count - 1)
                }
            }
            return result
        }
        var threads: [[SkeletonStep]] = []
        var names: [String] = []
        var span: [Int] = []
        var target = 0
        var cpus = bounds.cpus
        var liveness = false
        var efficiency = false
        let zapSite = { (target: Int) in
            CallSite(target: target, range: .span, frees: .span, assumptions: ["!tlb->fullmm"], arguments: "tlb")
        }

        switch self {
        case .upgradeWithCachedRO:
            target = base(0x1000, perm: Perm.ro)
            span = [target]
            liveness = true
            threads = [[
                .lock("handle_pte_fault: pte_offset_map_lock"),
                .call("ptep_set_access_flags", CallSite(target: target, effect: .upgrade, effectPages: .target,
                                                       assumptions: ["dirty"], arguments: "vma, 0x1000, ptep, entry (RW), dirty=1")),
                .unlock("handle_pte_fault: pte_unmap_unlock"),
            ]]
            names = ["write fault"]
        case .unmapThenFree:
            target = base(0x1000); span = [target, base(0x2000)]
            threads = [[
                .lock("zap_pte_range: pte_offset_map_lock"),
                .pte(.clear, .span, "zap_pte_range: ptep_get_and_clear_full, tlb_remove_tlb_entry"),
                .unlock("zap_pte_range: pte_unmap_unlock"),
                .call("tlb_flush_mmu_tlbonly", zapSite(target)),
                .free(.span, "tlb_finish_mmu -> tlb_flush_mmu_free: pages freed"),
            ]]
            names = ["munmap"]
        case .invalidateAfterFree:
            target = base(0x1000); span = [target, base(0x2000)]
            threads = [[
                .lock("zap_pte_range: pte_offset_map_lock"),
                .pte(.clear, .span, "zap_pte_range: ptep_get_and_clear_full"),
                .unlock("zap_pte_range: pte_unmap_unlock"),
                .call("tlb_flush_mmu", zapSite(target)),
                .free(.span, "tlb_finish_mmu: remaining pages freed"),
                .reuse(.span, "page allocator: frames handed to another user"),
            ]]
            names = ["munmap"]
        case .invalidateBeforePTEWrite:
            target = base(0x1000); span = [target]
            threads = [[
                .lock("try_to_migrate_one: page_vma_mapped_walk takes the PTL"),
                .call("ptep_clear_flush_notify", CallSite(target: target, effect: .clear, effectPages: .target,
                                                          arguments: "vma, 0x1000, ptep")),
                .unlock("page_vma_mapped_walk_done"),
                .free(.target, "folio_put: page freed"),
            ]]
            names = ["unmap one page"]
        case .reclaimBatched:
            target = base(0x1000); span = [target]
            threads = [Self.reclaim(target, batches: batchesReclaim, signal: nil,
                                    flushArguments: "&tlb_ubc->arch (pages of two mms; kswapd has no mm)")]
            names = ["kswapd reclaim"]
        case .reclaimRacingMunmap:
            target = base(0x1000)
            let other = base(0x2000)
            span = [target, other]
            cpus = min(cpus, 1)
            let signal = batchesReclaim ? "set_tlb_ubc_flush_pending: mm->tlb_flush_batched = true"
                : "try_to_unmap_one: 0x1000 cleared and flushed"
            var mprotect: [SkeletonStep] = [
                .wait("mprotect finds 0x1000 already cleared by reclaim"),
                .lock("change_pte_range: pte_offset_map_lock"),
                .pte(.writeProtect, .pages([other]), "change_pte_range: ptep_modify_prot_commit RO"),
                .unlock("change_pte_range: pte_unmap_unlock"),
                .call("flush_tlb_range", CallSite(target: other, range: .pages([other]),
                                                  arguments: "vma, 0x2000, 0x3000 (the gather saw only the PTE it changed)")),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .rely(.span, "mprotect returns: 0x1000..0x3000 must not be writable"),
            ]
            if batchesReclaim {
                // Without a batch nothing is pending, and flush_tlb_batched_pending() is empty.
                mprotect.insert(.call("flush_tlb_batched_pending", CallSite(target: target, range: .span, deferred: true,
                                                                            arguments: "vma->vm_mm")), at: 2)
            }
            threads = [Self.reclaim(target, batches: batchesReclaim, signal: signal, flushArguments: "&tlb_ubc->arch"),
                       mprotect]
            names = ["kswapd reclaim", "mprotect"]
        case .cowOrMigrate:
            target = base(0x1000, replaceable: true); span = [target]
            threads = [[
                .lock("wp_page_copy: pte_offset_map_lock"),
                .call("ptep_clear_flush_notify", CallSite(target: target, effect: .clear, effectPages: .target,
                                                          arguments: "vma, 0x1000, ptep")),
                .pte(.replace, .target, "wp_page_copy: set_pte_at_notify(new page)"),
                .unlock("wp_page_copy: pte_unmap_unlock"),
                .rely(.target, "wp_page_copy returns: 0x1000 maps only the new page"),
            ]]
            names = ["COW break"]
        case .writeProtect:
            target = base(0x1000); span = [target, base(0x2000)]
            threads = [[
                .lock("copy_pte_range: pte_offset_map_lock"),
                .pte(.writeProtect, .span, "copy_present_pte: ptep_set_wrprotect on the parent"),
                .unlock("copy_pte_range: pte_unmap_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .call("flush_tlb_mm", CallSite(target: target, range: .all, arguments: "oldmm")),
                .rely(.span, "dup_mmap returns: the parent's pages are write-protected"),
            ]]
            names = ["fork"]
        case .thpSplit:
            let halves = huge(split: true)
            target = halves[0]; span = halves
            threads = [[
                .lock("__split_huge_pmd: pmd_lock"),
                .call("pmdp_invalidate", CallSite(target: target, range: .span, effect: .clear, effectPages: .span,
                                                  arguments: "vma, 0x200000, pmd")),
                .pte(.clear, .span, "__split_huge_pmd_locked (freeze): migration entries in the new PTE table"),
                .unlock("__split_huge_pmd: spin_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .free(.span, "migrate_pages: the old THP freed after the copy"),
            ]]
            names = ["split (freeze) for migration"]
        case .thpCollapse:
            let halves = huge(split: false)
            target = halves[0]; span = halves
            threads = [[
                .lock("collapse_huge_page: pmd_lock"),
                .pte(.clear, .span, "pmdp_collapse_flush: pmdp_huge_get_and_clear"),
                .call("flush_pmd_tlb_range", CallSite(target: target, range: .span, arguments: "vma, 0x200000, 0x400000")),
                .unlock("collapse_huge_page: spin_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .free(.span, "collapse_huge_page: small pages and the PTE table freed after the copy"),
                .pte(.replace, .span, "set_pmd_at: huge PMD installed"),
            ]]
            names = ["khugepaged"]
        case .hugetlbUnshare:
            let halves = huge(split: true)
            target = halves[0]; span = halves
            threads = [[
                .lock("hugetlb_unshare_pmds: i_mmap_lock_write, huge_pte_lock"),
                .pte(.clear, .span, "huge_pmd_unshare: pud_clear"),
                .call("flush_hugetlb_tlb_range", CallSite(target: target, range: .span, arguments: "vma, 0x200000, 0x400000")),
                .unlock("hugetlb_unshare_pmds: spin_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .free(.span, "the last sharer unmaps and frees the huge page"),
            ]]
            names = ["unshare"]
        case .doubleInvalidation:
            target = base(0x1000); span = [target, base(0x2000)]
            efficiency = true
            threads = [[
                .lock("zap_pte_range: pte_offset_map_lock"),
                .pte(.clear, .span, "zap_pte_range: ptep_get_and_clear_full"),
                .unlock("zap_pte_range: pte_unmap_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .call("tlb_flush_mmu_tlbonly", zapSite(target)),
                .free(.span, "tlb_finish_mmu: pages freed"),
            ]]
            names = ["munmap"]
        case .rangeEncoding:
            let a = base(0x1000), b = base(0x2000), c = base(0x3000)
            target = a; span = [b]
            threads = [[
                .lock("unmap 0x1000: pte_offset_map_lock"),
                .pte(.clear, .pages([a]), "ptep_get_and_clear 0x1000"),
                .call("flush_tlb_page", CallSite(target: a, range: .pages([a]), arguments: "vma, 0x1000")),
                .unlock("pte_unmap_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: a, range: .pages([a]), arguments: "&range (0x1000, 0x2000)")),
                .free(.pages([a]), "page 0x1000 freed"),
                .lock("unmap 0x2000: pte_offset_map_lock"),
                .pte(.clear, .span, "ptep_get_and_clear 0x2000"),
                .call("flush_tlb_range", CallSite(target: b, range: .span, arguments: "vma, 0x2000, 0x3000")),
                .unlock("pte_unmap_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: b, range: .span, arguments: "&range (0x2000, 0x3000)")),
                .free(.span, "page 0x2000 freed"),
                .lock("unmap 0x3000: pte_offset_map_lock"),
                .pte(.clear, .pages([c]), "ptep_get_and_clear 0x3000"),
                .call("flush_tlb_mm", CallSite(target: c, range: .all, arguments: "mm (0, -1UL)")),
                .unlock("pte_unmap_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: c, range: .all, arguments: "&range (0, -1UL)")),
                .free(.pages([c]), "page 0x3000 freed"),
            ]]
            names = ["unmap"]
        case .earlyReturn:
            target = base(0x1000); span = [target, base(0x2000)]
            cpus = 0
            threads = [[
                .lock("unmap: pte_offset_map_lock"),
                .pte(.clear, .span, "ptep_get_and_clear"),
                .call("flush_tlb_range", CallSite(target: target, range: .span, arguments: "vma, 0x1000, 0x3000")),
                .unlock("pte_unmap_unlock"),
                .call("mmu_notifier_invalidate_range_end", CallSite(target: target, range: .span, arguments: "&range")),
                .free(.span, "pages freed"),
            ]]
            names = ["unmap (mm on no CPU)"]
        case .exitMmap:
            target = base(0x1000); span = [target, base(0x2000)]
            cpus = 0  // no user thread of the mm runs any more
            threads = [[
                .detachDevice("mmu_notifier_release -> ->release: the driver quiesces the device's context, no new walks"),
                .call("mmu_notifier_release", CallSite(target: target, range: .all, arguments: "mm")),
                .lock("unmap_vmas: zap_pte_range"),
                .pte(.clear, .span, "zap_pte_range: ptep_get_and_clear_full (fullmm)"),
                .unlock("zap_pte_range: pte_unmap_unlock"),
                .call("tlb_flush_mmu_tlbonly", CallSite(target: target, range: .all, frees: .span,
                                                        assumptions: ["tlb->fullmm"], arguments: "tlb (fullmm)")),
                .free(.span, "tlb_finish_mmu: pages freed"),
            ]]
            names = ["exit_mmap"]
        }

        // Extra pages from the bounds join the operation's range with frames of their own.
        if let wanted = bounds.pages, wanted > slots.count {
            let extendsSpan = self != .upgradeWithCachedRO && self != .cowOrMigrate && self != .thpSplit
                && self != .thpCollapse && self != .hugetlbUnshare && self != .rangeEncoding
            var address: UInt64 = 0x10000
            while slots.count < wanted {
                let index = base(address, perm: self == .upgradeWithCachedRO ? Perm.ro : Perm.rw)
                if extendsSpan { span.append(index) }
                address += 0x1000
            }
        }
        return ScenarioLayout(slots: slots, frameNames: frames, span: span, target: target, cpus: max(0, cpus),
                              threads: threads, threadNames: names, checksLiveness: liveness,
                              checksEfficiency: efficiency)
    }
}

func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
