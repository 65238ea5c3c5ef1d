import KernelModel

/// One micro-step of a kernel thread after expansion through the placement.
struct Instruction {
    enum Kind: UInt8 {
        case end, lock, unlock, pte, cpuInvalidate, secondaryInvalidate, deferRecord, free, reuse, rely,
             detach, batchDone, signal, wait, nop
    }

    var kind: Kind
    /// Pages (frames for `free` and `reuse`).
    var mask: UInt64 = 0
    /// Also cover what the deferred batch recorded.
    var useRecorded = false
    var effect: PTEEffect = .clear
    /// Reason flags set when it runs (wrong mm, empty range, short range).
    var reason: UInt8 = 0
    /// A secondary invalidation counted by the efficiency check.
    var counts = false
    var next: [Int32] = []
    var label: String
}

/// Reason flags kept in the state to name a safety failure after its cause.
enum Reason {
    static let wrongMM: UInt8 = 1
    static let emptyRange: UInt8 = 2
    static let shortRange: UInt8 = 4
}

/// The kernel threads of one scenario on one placement, as instructions with successor lists
/// (several successors: the paths of an entry point, an early return taken or not; chosen
/// nondeterministically by the search).
struct Program {
    var instructions: [Instruction]
    /// Per thread, the instructions it may start at.
    var starts: [[Int32]]
    /// The condition of the path an instruction starts, for the trace.
    var pathNotes: [Int32: String]
    var unresolved: [String]
}

/// Expands a scenario's skeleton through an `ArchPlacement`, following `call`s.
struct ProgramBuilder {
    let placement: ArchPlacement
    let layout: ScenarioLayout
    let maxDepth: Int
    var instructions: [Instruction] = []
    var pathNotes: [Int32: String] = [:]
    var unresolved: [String] = []

    init(placement: ArchPlacement, layout: ScenarioLayout, maxDepth: Int) {
        self.placement = placement
        self.layout = layout
        self.maxDepth = maxDepth
    }

    mutating func build() -> Program {
        var starts: [[Int32]] = []
        for (t, steps) in layout.threads.enumerated() {
            let end = add(Instruction(kind: .end, label: "\(layout.threadNames[t]) done"))
            var current: [Int32] = [end]
            for step in steps.reversed() {
                current = emit(step, next: current)
            }
            starts.append(current)
        }
        return Program(instructions: instructions, starts: starts, pathNotes: pathNotes, unresolved: unresolved)
    }

    private mutating func add(_ instruction: Instruction) -> Int32 {
        instructions.append(instruction)
        return Int32(instructions.count - 1)
    }

    private func frames(_ set: PageSet) -> UInt64 {
        layout.pages(set).reduce(0) { $0 | (1 << UInt64(layout.slots[$1].frame)) }
    }

    private func describe(_ mask: UInt64) -> String {
        let names = layout.slots.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { layout.slots[$0].name }
        if names.isEmpty { return "nothing" }
        if names.count == layout.slots.count && names.count > 1 { return "every page" }
        return names.joined(separator: ", ")
    }

    private mutating func emit(_ step: SkeletonStep, next: [Int32]) -> [Int32] {
        switch step {
        case .lock(let text):
            return [add(Instruction(kind: .lock, next: next, label: "\(text): PTL taken"))]
        case .unlock(let text):
            return [add(Instruction(kind: .unlock, next: next, label: "\(text): PTL released"))]
        case .pte(let effect, let set, let text):
            let mask = layout.mask(set)
            return [add(Instruction(kind: .pte, mask: mask, effect: effect, next: next,
                                    label: "\(text): \(effect.verb) \(describe(mask))"))]
        case .call(let name, let site):
            return emitCall(name, site: site, chain: [], next: next)
        case .free(let set, let text):
            return [add(Instruction(kind: .free, mask: frames(set), next: next, label: text))]
        case .reuse(let set, let text):
            return [add(Instruction(kind: .reuse, mask: frames(set), next: next, label: text))]
        case .rely(let set, let text):
            return [add(Instruction(kind: .rely, mask: layout.mask(set), next: next, label: text))]
        case .detachDevice(let text):
            return [add(Instruction(kind: .detach, next: next, label: text))]
        case .batchDone(let text):
            return [add(Instruction(kind: .batchDone, next: next, label: text))]
        case .signal(let text):
            return [add(Instruction(kind: .signal, next: next, label: text))]
        case .wait(let text):
            return [add(Instruction(kind: .wait, next: next, label: text))]
        }
    }

    private static func normalized(_ condition: String) -> String {
        String(condition.filter { !$0.isWhitespace })
    }

    /// A path is not taken when one of its conditions is the negation of something the call site assumes.
    static func contradicts(_ conditions: [String], _ assumptions: [String]) -> Bool {
        for assumption in assumptions.map(normalized) {
            for condition in conditions.map(normalized) {
                if condition == "!" + assumption || assumption == "!" + condition
                    || condition == "!(" + assumption + ")" || assumption == "!(" + condition + ")" {
                    return true
                }
            }
        }
        return false
    }

    /// Inlining every path at every call site can grow exponentially; past this many instructions
    /// further calls are not expanded and are reported as unresolved.
    static let instructionBudget = 20_000

    private mutating func emitCall(_ name: String, site: CallSite, chain: [String], next: [Int32]) -> [Int32] {
        if instructions.count >= Self.instructionBudget {
            note("\(name) (expansion limit of \(Self.instructionBudget) micro-steps)")
            return next
        }
        if chain.contains(name) {
            note("\(name) (recursive call from \(chain.joined(separator: " -> ")))")
            return next
        }
        if chain.count >= maxDepth {
            note("\(name) (call depth limit \(maxDepth))")
            return next
        }
        guard let entry = placement[name] else {
            note(name)
            return next
        }
        let paths = entry.paths.filter { !Self.contradicts($0.conditions, site.assumptions) }
        var entries: [Int32] = []
        for path in paths {
            let before = instructions.count
            let start = emitPath(path.steps, site: site, chain: chain + [name], next: next)
            if paths.count > 1 || !path.conditions.isEmpty {
                let text = path.conditions.isEmpty ? "unconditional path" : path.conditions.joined(separator: " && ")
                for s in start where Int(s) >= before && pathNotes[s] == nil {
                    pathNotes[s] = "\(name) [\(text)]"
                }
            }
            for s in start where !entries.contains(s) { entries.append(s) }
        }
        return entries.isEmpty ? next : entries
    }

    private mutating func note(_ text: String) {
        if !unresolved.contains(text) { unresolved.append(text) }
    }

    private func chainText(_ chain: [String], _ site: CallSite) -> String {
        guard let first = chain.first else { return "" }
        return (["\(first)(\(site.arguments))"] + chain.dropFirst()).joined(separator: " -> ")
    }

    private mutating func emitPath(_ steps: [PlacementStep], site: CallSite, chain: [String], next: [Int32]) -> [Int32] {
        var current = next
        let where_ = chainText(chain, site)
        for step in steps.reversed() {
            switch step {
            case .pteWrite(let text):
                guard let effect = site.effect else { continue }
                let mask = layout.mask(site.effectPages)
                current = [add(Instruction(kind: .pte, mask: mask, effect: effect, next: current,
                                           label: "\(where_): \(text) \(effect.verb) \(describe(mask))"))]
            case .cpuInvalidate(let range):
                let c = coverage(range, site: site, secondary: false)
                current = [add(Instruction(kind: .cpuInvalidate, mask: c.mask, useRecorded: c.recorded, next: current,
                                           label: "\(where_): CPU invalidation of \(c.text)"))]
            case .secondaryInvalidate(let mm, let range):
                let wrong = isWrong(mm, site: site)
                var c = coverage(range, site: site, secondary: true)
                var reason = c.reason
                var text = c.text
                if wrong != nil {
                    c.mask = 0
                    c.recorded = false
                    reason = Reason.wrongMM
                    text += ", but of \(wrong ?? "another mm")"
                }
                let counts = c.recorded || c.mask & (1 << UInt64(site.target)) != 0
                current = [add(Instruction(kind: .secondaryInvalidate, mask: c.mask, useRecorded: c.recorded,
                                           reason: reason, counts: counts, next: current,
                                           label: "\(where_): secondary invalidation of \(text)"))]
            case .deferToBatch(let mm, let range):
                var local = site
                local.deferred = false
                let c = coverage(range, site: local, secondary: true)
                let wrong: String? = if case .current = mm { "current->mm (not the mm of the page)" } else { nil }
                current = [add(Instruction(kind: .deferRecord, mask: wrong == nil ? c.mask : 0,
                                           reason: wrong == nil ? 0 : Reason.wrongMM, next: current,
                                           label: "\(where_): flush deferred to the batch, recorded \(wrong ?? c.text)"))]
            case .lock:
                current = [add(Instruction(kind: .lock, next: current, label: "\(where_): PTL taken"))]
            case .unlock:
                current = [add(Instruction(kind: .unlock, next: current, label: "\(where_): PTL released"))]
            case .free:
                guard let set = site.frees else { continue }
                current = [add(Instruction(kind: .free, mask: frames(set), next: current,
                                           label: "\(where_): pages freed"))]
            case .earlyReturn(let condition):
                let taken = add(Instruction(kind: .nop, next: next,
                                            label: "\(where_): returns early (\(condition))"))
                current = [taken] + current
            case .call(let callee):
                current = emitCall(callee, site: site, chain: chain, next: current)
            }
        }
        return current
    }

    /// The mm a secondary invalidation reaches, when it is not the mm of the pages.
    private func isWrong(_ mm: MMReference, site: CallSite) -> String? {
        switch mm {
        case .recorded: nil
        case .current: site.deferred ? "current->mm (a deferred flush runs in another task)" : nil
        case .none: "no mm"
        case .unknown(let text): "an unknown mm (\(text))"
        }
    }

    struct Coverage {
        var mask: UInt64
        var recorded: Bool
        var reason: UInt8
        var text: String
    }

    /// The pages a range covers at a call site. `.unknown` covers nothing for a secondary invalidation
    /// (conservative) and the call's range for a CPU invalidation (the simulator judges secondary TLBs).
    func coverage(_ range: InvalidationRange, site: CallSite, secondary: Bool) -> Coverage {
        let siteMask = layout.mask(site.range)
        var mask: UInt64 = 0
        var recorded = false
        var shapeText = range.shape.name
        switch range.shape {
        case .page:
            mask = 1 << UInt64(site.target)
        case .huge:
            let block = layout.slots[site.target].block
            for (i, slot) in layout.slots.enumerated() where slot.block == block { mask |= 1 << UInt64(i) }
        case .span:
            if site.deferred { recorded = true; shapeText = "range recorded in the batch" } else { mask = siteMask }
        case .wholeMM:
            mask = layout.mask(.all)
            shapeText = "whole mm (0, -1UL)"
        case .empty:
            mask = 0
        case .unknown:
            if secondary { mask = 0; shapeText = "unknown range, taken as nothing" } else if site.deferred {
                recorded = true
            } else { mask = siteMask }
        }
        var emptied = range.shape == .empty
        if !range.facts.isDisjoint(with: [.consumedVariable, .precedenceSuspect])
            || (range.facts.contains(.overflowsAtMax) && range.shape == .wholeMM) {
            mask = 0
            recorded = false
            emptied = true
        } else if !range.facts.isDisjoint(with: [.inclusiveEnd, .unitsMismatch, .smallerThanCPUFlush, .overflowsAtMax]),
                  mask.nonzeroBitCount > 1 {
            mask &= ~(1 << UInt64(63 - mask.leadingZeroBitCount))
        }
        var reason: UInt8 = 0
        if secondary && !recorded && siteMask & ~mask != 0 && range.shape != .unknown {
            reason = emptied || mask == 0 ? Reason.emptyRange : Reason.shortRange
        }
        let pages = recorded ? "" : " (\(describe(mask)))"
        let args = range.arguments.isEmpty ? "" : " [\(range.arguments.joined(separator: ", "))]"
        return Coverage(mask: mask, recorded: recorded, reason: reason, text: shapeText + pages + args)
    }
}
