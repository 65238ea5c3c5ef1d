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

    static func placement(_ placement: ArchPlacement) -> ArchPlacement {
        var result = placement
        let facts = DeviceFacts(arch: placement.arch)
        // Paths repeat their conditions: each distinct text is judged once.
        var judged: [String: Bool] = [:]
        func rulesOut(_ condition: String) -> Bool {
            if let known = judged[condition] { return known }
            let verdict = facts.evaluate(condition) == false
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

/// What a bound device makes true: its notifiers are registered and the kernel is built with them
/// (and, as every arch here runs, with SMP), a kernel warning does not fire in a working kernel, and
/// each arch's own facts (`ArchKnowledge.factsWithDevice`). A condition is judged over its `&&`, `||`,
/// `!` and parentheses with three values: true, false, or unknown (`nil`) for anything else.
struct DeviceFacts {
    private var exact: [String: Bool]

    private static let generic: [String: Bool] = [
        "defined(CONFIG_MMU_NOTIFIER)": true, "IS_ENABLED(CONFIG_MMU_NOTIFIER)": true,
        "defined(CONFIG_SMP)": true, "IS_ENABLED(CONFIG_SMP)": true,
    ]
    private static let warnings = ["WARN_ON(", "WARN_ON_ONCE(", "WARN(", "WARN_ONCE(", "BUG_ON(", "VM_WARN_ON(",
                                   "VM_WARN_ON_ONCE(", "VM_BUG_ON("]

    init(arch: String) {
        exact = [:]
        let own = KnowledgeBase.arch(named: arch)?.factsWithDevice ?? [:]
        for (text, value) in Self.generic.merging(own, uniquingKeysWith: { $1 }) {
            exact[String(decoding: Self.compact(Array(text.utf8)), as: UTF8.self)] = value
        }
    }

    /// Whether the condition holds while a device is bound to the mm (`nil`: it may or may not).
    func evaluate(_ condition: String) -> Bool? {
        evaluate(Self.compact(Array(condition.utf8))[...])
    }

    /// The condition's bytes without blanks (C conditions are ASCII; other bytes are kept).
    static func compact(_ bytes: [UInt8]) -> [UInt8] {
        bytes.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0B && $0 != 0x0C }
    }

    private func evaluate(_ text: ArraySlice<UInt8>) -> Bool? {
        var text = text
        while Self.enclosed(text) { text = text.dropFirst().dropLast() }
        guard !text.isEmpty else { return nil }
        for (first, second) in [(UInt8(ascii: "|"), UInt8(ascii: "|")), (UInt8(ascii: "&"), UInt8(ascii: "&"))] {
            let parts = Self.split(text, first, second)
            guard parts.count > 1 else { continue }
            let values = parts.map(evaluate)
            if first == UInt8(ascii: "|") {
                if values.contains(true) { return true }
                return values.allSatisfy { $0 == false } ? false : nil
            }
            if values.contains(false) { return false }
            return values.allSatisfy { $0 == true } ? true : nil
        }
        if text.first == UInt8(ascii: "!"), text.dropFirst().first != UInt8(ascii: "=") {
            return evaluate(text.dropFirst()).map { !$0 }
        }
        return atom(text)
    }

    private func atom(_ text: ArraySlice<UInt8>) -> Bool? {
        let string = String(decoding: text, as: UTF8.self)
        if let known = exact[string] { return known }
        if string.hasPrefix("mm_has_notifiers(") { return true }
        if Self.warnings.contains(where: { string.hasPrefix($0) }) { return false }
        for wrapper in ["likely(", "unlikely("] where string.hasPrefix(wrapper) && Self.enclosed(text.dropFirst(wrapper.count - 1)) {
            return evaluate(text.dropFirst(wrapper.count).dropLast())
        }
        return nil
    }

    /// Whether the text is one parenthesised group: `(` at the start closes at the end.
    private static func enclosed(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.first == UInt8(ascii: "("), text.last == UInt8(ascii: ")") else { return false }
        var depth = 0
        for index in text.indices {
            if text[index] == UInt8(ascii: "(") { depth += 1 }
            if text[index] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return index == text.index(before: text.endIndex) }
            }
        }
        return false
    }

    /// The text cut at each `first second` pair outside brackets.
    private static func split(_ text: ArraySlice<UInt8>, _ first: UInt8, _ second: UInt8) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") { depth -= 1 }
            if depth == 0, byte == first, index + 1 < text.endIndex, text[index + 1] == second {
                parts.append(text[start..<index])
                index += 2
                start = index
                continue
            }
            index += 1
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }
}
