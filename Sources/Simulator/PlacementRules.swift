import KernelModel

/// Rules checked on a placement table without search: the mm of deferred notifiers, early returns
/// that skip a notifier, range expressions, notifying twice, whole-mm invalidation per page.
public enum PlacementRules {
    /// Entry points that run as deferred flushes (reclaim batch, mmu_gather): `current->mm` is wrong there.
    public static let deferredFlushes: Set<String> = [
        "arch_tlbbatch_add_pending", "arch_tlbbatch_flush", "arch_flush_tlb_batched_pending",
        "flush_tlb_batched_pending", "try_to_unmap_flush", "tlb_flush", "tlb_flush_mmu_tlbonly",
        "tlb_flush_mmu", "tlb_finish_mmu",
    ]

    /// Entry points generic code calls once per page (in a loop over a range).
    public static let perPage: Set<String> = [
        "arch_tlbbatch_add_pending", "flush_tlb_page", "flush_tlb_page_nosync", "__flush_tlb_page_nosync",
        "ptep_clear_flush", "ptep_clear_flush_notify", "ptep_set_access_flags", "radix__flush_tlb_page",
    ]

    public static func check(_ placement: ArchPlacement) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        var seen = Set<RuleFinding>()
        func report(_ f: RuleFinding) {
            if seen.insert(f).inserted { findings.append(f) }
        }
        let walker = Walker(placement: placement)
        for name in placement.entryPoints.keys.sorted() {
            guard let entry = placement[name] else { continue }
            for path in entry.paths {
                let steps = path.steps
                let conditions = path.conditions

                // The right mm (rule 4).
                if deferredFlushes.contains(name) {
                    if let hit = walker.first(in: steps, from: name, where: { step, _ in
                        switch step {
                        case .secondaryInvalidate(.current, _), .deferToBatch(.current, _): true
                        default: false
                        }
                    }) {
                        report(RuleFinding(failure: .wrongMM, entryPoint: name, conditions: conditions,
                                           step: describe(hit.step, in: hit.function),
                                           message: "\(name) is a deferred flush but invalidates secondary TLBs of current->mm, not the mm whose PTEs changed; reclaim runs in kthreads and batches pages of many mms"))
                    }
                }
                for step in steps {
                    if case .deferToBatch(.current, _) = step, !deferredFlushes.contains(name) {
                        report(RuleFinding(failure: .wrongMM, entryPoint: name, conditions: conditions,
                                           step: describe(step, in: name),
                                           message: "\(name) records current->mm for a deferred flush; the batch must record the mm whose PTEs changed"))
                    }
                }

                // The right range (rule 5).
                for step in steps {
                    let range: InvalidationRange
                    switch step {
                    case .secondaryInvalidate(_, let r), .deferToBatch(_, let r): range = r
                    default: continue
                    }
                    if let (failure, why) = rangeProblem(range) {
                        report(RuleFinding(failure: failure, entryPoint: name, conditions: conditions,
                                           step: describe(step, in: name), message: "\(name): \(why)"))
                    }
                }

                // Every path (rule 3): an early return that skips the notifier after a translation changed.
                for (i, step) in steps.enumerated() {
                    guard case .earlyReturn(let condition) = step else { continue }
                    let prefix = Array(steps[..<i]), skipped = Array(steps[(i + 1)...])
                    let skipsSecondary = walker.reaches(skipped, from: name, where: isSecondary)
                    let writesPTE = skipped.contains { if case .pteWrite = $0 { true } else { false } }
                    let notifiedBefore = walker.reaches(prefix, from: name, where: isSecondary)
                    let cpu = walker.reaches(prefix + skipped, from: name, where: isCPU)
                    if skipsSecondary && !writesPTE && !notifiedBefore && cpu {
                        report(RuleFinding(failure: .useAfterFree, entryPoint: name, conditions: conditions + [condition],
                                           step: "return when \(condition) in \(name)",
                                           message: "\(name) returns early when \(condition) before its secondary TLB invalidation; the caller changed a user translation, so a device may keep using it"))
                    }
                }

                // Once (rule 7): two steps of one path that each invalidate secondary TLBs.
                let notifying = steps.filter { walker.reaches([$0], from: name, where: isSecondary) }
                if notifying.count >= 2 {
                    report(RuleFinding(failure: .doubleInvalidation, entryPoint: name, conditions: conditions,
                                       step: notifying.map { describe($0, in: name) }.joined(separator: "; "),
                                       message: "\(name) invalidates secondary TLBs \(notifying.count) times on one path"))
                }

                // A whole-mm invalidation per page.
                if perPage.contains(name) || conditions.contains(where: isLoop) {
                    for step in steps {
                        if case .call(let callee) = step, perPage.contains(callee) { continue }
                        if let hit = walker.first(in: [step], from: name, where: { s, function in
                            guard !perPage.contains(function) || function == name else { return false }
                            if case .secondaryInvalidate(_, let r) = s { return r.shape == .wholeMM }
                            return false
                        }) {
                            report(RuleFinding(failure: .overInvalidation, entryPoint: name, conditions: conditions,
                                               step: describe(hit.step, in: hit.function),
                                               message: "\(name) runs once per page but invalidates the whole mm's secondary TLBs (0, -1UL) each time"))
                        }
                    }
                }
            }
        }
        return findings
    }

    /// A condition that is a loop's (`for (`, `while`, `for_each...`): the steps under it run per page.
    static func isLoop(_ condition: String) -> Bool {
        let bytes = Array(condition.utf8)
        return loopWords.contains { word in
            word.count <= bytes.count && (0...(bytes.count - word.count)).contains { start in
                bytes[start..<(start + word.count)].elementsEqual(word)
            }
        }
    }

    private static let loopWords = ["for (", "while", "for_each"].map { Array($0.utf8) }

    static func isSecondary(_ step: PlacementStep, _ function: String) -> Bool {
        if case .secondaryInvalidate = step { return true }
        return false
    }

    static func isCPU(_ step: PlacementStep, _ function: String) -> Bool {
        if case .cpuInvalidate = step { return true }
        return false
    }

    static func rangeProblem(_ range: InvalidationRange) -> (FailureClass, String)? {
        if range.shape == .empty { return (.emptyRange, "the secondary invalidation covers an empty range") }
        if range.facts.contains(.precedenceSuspect) {
            return (.emptyRange, "C precedence makes the range wrong (`a & MASK + SIZE` is `a & (MASK + SIZE)`)")
        }
        if range.facts.contains(.consumedVariable) {
            return (.emptyRange, "the range is computed from a variable a loop already advanced, so start == end")
        }
        if range.facts.contains(.inclusiveEnd) { return (.rangeTooSmall, "an inclusive end is passed where the end is exclusive") }
        if range.facts.contains(.overflowsAtMax) { return (.rangeTooSmall, "the end overflows when the range reaches -1UL") }
        if range.facts.contains(.unitsMismatch) { return (.rangeTooSmall, "a page count or page-size index is used as a byte count") }
        if range.facts.contains(.smallerThanCPUFlush) {
            return (.rangeTooSmall, "the secondary range is smaller than the CPU flush beside it")
        }
        return nil
    }

    static func describe(_ step: PlacementStep, in function: String) -> String {
        switch step {
        case .secondaryInvalidate(let mm, let range):
            "secondary invalidation of \(range.shape.name) range of \(mmText(mm))\(arguments(range)) in \(function)"
        case .deferToBatch(let mm, let range):
            "flush of \(range.shape.name) range of \(mmText(mm)) deferred to the batch\(arguments(range)) in \(function)"
        case .cpuInvalidate(let range): "CPU invalidation of \(range.shape.name) range in \(function)"
        case .call(let callee): "call to \(callee) in \(function)"
        case .pteWrite(let text): "PTE write \(text) in \(function)"
        case .earlyReturn(let condition): "return when \(condition) in \(function)"
        case .lock: "PTL taken in \(function)"
        case .unlock: "PTL released in \(function)"
        case .free: "free in \(function)"
        }
    }

    private static func mmText(_ mm: MMReference) -> String {
        switch mm {
        case .recorded(let name): name
        case .current: "current->mm"
        case .none: "no mm"
        case .unknown(let text): text
        }
    }

    private static func arguments(_ range: InvalidationRange) -> String {
        range.arguments.isEmpty ? "" : " (" + range.arguments.joined(separator: ", ") + ")"
    }
}

/// Follows `call` steps through a placement, depth-limited, cycle-guarded, and with a budget of
/// steps visited per query (a query that exhausts it answers "not reached").
struct Walker {
    let placement: ArchPlacement
    var maxDepth = 12
    var budget = 50_000

    struct Hit {
        var step: PlacementStep
        var function: String
    }

    func reaches(_ steps: [PlacementStep], from function: String,
                 where predicate: (PlacementStep, String) -> Bool) -> Bool {
        first(in: steps, from: function, where: predicate) != nil
    }

    /// The first step, on any path through the callees, that satisfies the predicate.
    func first(in steps: [PlacementStep], from function: String,
               where predicate: (PlacementStep, String) -> Bool) -> Hit? {
        var stack = [function]
        var left = budget
        return search(steps, function, &stack, &left, predicate)
    }

    private func search(_ steps: [PlacementStep], _ function: String, _ stack: inout [String], _ left: inout Int,
                        _ predicate: (PlacementStep, String) -> Bool) -> Hit? {
        for step in steps {
            left -= 1
            if left < 0 { return nil }
            if predicate(step, function) { return Hit(step: step, function: function) }
            guard case .call(let callee) = step, !stack.contains(callee), stack.count < maxDepth,
                  let entry = placement[callee] else { continue }
            stack.append(callee)
            defer { stack.removeLast() }
            for path in entry.paths {
                if let hit = search(path.steps, callee, &stack, &left, predicate) { return hit }
            }
        }
        return nil
    }
}
