import KernelModel

/// The paths the simulator takes from a placement. The CPU side is taken as correct: a path on
/// which an entry point flushes no CPU TLB entry at all, while other paths do, is either the
/// kernel's "nothing to flush" exit (`tlb_flush_mmu_tlbonly()` with nothing gathered) or a mix of
/// branch decisions the code cannot take together (the scanner does not evaluate conditions), and
/// is left out, unless
/// it leaves because no CPU has the mm loaded (an empty cpumask, a single local user): the secondary TLB may
/// still hold entries then, which is the `early-return` scenario's question.
enum FeasiblePaths {
    static let keptExits = ["cpumask", "cpus", "mm_users"]

    /// Conditions that hold whenever a device is bound to the mm: its notifiers are registered and
    /// the kernel is built with them (and, as every arch here runs, with SMP).
    static func contradictsBoundDevice(_ condition: String) -> Bool {
        contradictsBoundDevice(normalized: compact(condition))
    }

    private static func contradictsBoundDevice(normalized text: String) -> Bool {
        guard text.hasPrefix("!") else { return false }
        // powerpc coprocessors behind the nest MMU work with the radix MMU only.
        return text.contains("mm_has_notifiers") || text.contains("defined(CONFIG_MMU_NOTIFIER)") || text.contains("defined(CONFIG_SMP)")
            || text.contains("radix_enabled()")
    }

    /// A condition under which the kernel warns that it has a bug (`WARN_ON_ONCE(pid == MMU_NO_CONTEXT)`):
    /// the path it guards is not how a working kernel runs.
    static func isKernelBug(_ condition: String) -> Bool {
        isKernelBug(normalized: compact(condition))
    }

    private static let warnings = ["WARN_ON(", "WARN_ON_ONCE(", "WARN(", "WARN_ONCE(", "BUG_ON(", "VM_WARN_ON(",
                                   "VM_WARN_ON_ONCE(", "VM_BUG_ON("]

    private static func isKernelBug(normalized text: String) -> Bool {
        warnings.contains { text.hasPrefix($0) || text.hasPrefix("unlikely(" + $0) }
    }

    /// The condition without its blanks (C conditions are ASCII; other bytes are kept).
    static func compact(_ condition: String) -> String {
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
        return String(decoding: condition.utf8.filter { !blanks.contains($0) }, as: UTF8.self)
    }

    static func placement(_ placement: ArchPlacement) -> ArchPlacement {
        var result = placement
        let impossible = Set((KnowledgeBase.arch(named: placement.arch)?.impossibleWithDevice ?? []).map(compact))
        // Paths repeat their conditions: each distinct text is judged once.
        var judged: [String: Bool] = [:]
        func rulesOut(_ condition: String) -> Bool {
            if let known = judged[condition] { return known }
            let text = compact(condition)
            let verdict = contradictsBoundDevice(normalized: text) || isKernelBug(normalized: text) || impossible.contains(text)
            judged[condition] = verdict
            return verdict
        }
        for (name, entry) in result.entryPoints {
            let possible = entry.paths.filter { path in !path.conditions.contains(where: rulesOut) }
            if !possible.isEmpty { result.entryPoints[name]?.paths = possible }
        }
        for (name, entry) in result.entryPoints {
            let flushing = entry.paths.filter(flushesOrCalls)
            guard !flushing.isEmpty, flushing.count < entry.paths.count else { continue }
            let kept = entry.paths.filter { path in
                flushesOrCalls(path) || path.steps.contains { step in
                    if case .earlyReturn(let condition) = step { return keptExits.contains { condition.contains($0) } }
                    return false
                }
            }
            result.entryPoints[name]?.paths = kept
        }
        // The secondary-TLB consumers widen an empty range to the whole address space (the SMMU
        // driver invalidates the ASID when `start == end`): simulate that, and leave the empty
        // range itself to the `empty-range` rule finding.
        // A CPU flush that an IOMMU snoops (powerpc's nest MMU and tlbie, an SMMU with BTM) is not
        // a secondary invalidation here: the device's own ATC does not snoop, and software must
        // invalidate it (SEMANTICS.md, the actors).
        for (name, entry) in result.entryPoints {
            result.entryPoints[name]?.paths = entry.paths.map { path in
                PlacementPath(conditions: path.conditions, steps: path.steps.map { step in
                    if case .secondaryInvalidate(let mm, var range) = step, range.shape == .empty {
                        range.shape = .wholeMM
                        range.facts = []
                        return .secondaryInvalidate(mm: mm, range: range)
                    }
                    return step
                })
            }
        }
        return result
    }

    /// A path that flushes the CPU TLB, or hands the work to an entry point the placement lacks.
    static func flushesOrCalls(_ path: PlacementPath) -> Bool {
        path.steps.contains { step in
            switch step {
            case .cpuInvalidate, .call: true
            default: false
            }
        }
    }
}

/// The placement the simulator runs, as review prepares it.
public enum SimulationPlacement {
    public static func feasible(_ placement: ArchPlacement) -> ArchPlacement { FeasiblePaths.placement(placement) }
}
