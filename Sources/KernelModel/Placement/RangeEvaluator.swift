/// Evaluates the range arguments of an invalidation call (design section 4, item 3): parses them
/// with C precedence, then computes them on sample values of the caller's variables (an unaligned
/// address inside a five-page range) with the kernel's page macros, and names the shape the result has.
public enum RangeEvaluator {
    /// The sample configuration: 4 KiB pages, 2 MiB PMDs, 1 GiB PUDs, 64 KiB contiguous PTEs.
    static let pageSize: UInt64 = 4096
    static let sampleStart: UInt64 = 0x7f00_0020_1000
    static let sampleEnd: UInt64 = sampleStart + 5 * pageSize
    static let sampleAddress: UInt64 = sampleStart + 0x2abc

    static let constants: [String: UInt64] = [
        "PAGE_SIZE": 4096, "PAGE_SHIFT": 12, "PAGE_MASK": ~UInt64(4095),
        "PMD_SIZE": 1 << 21, "PMD_SHIFT": 21, "PMD_MASK": ~UInt64((1 << 21) - 1),
        "PUD_SIZE": 1 << 30, "PUD_SHIFT": 30, "PUD_MASK": ~UInt64((1 << 30) - 1),
        "HPAGE_SIZE": 1 << 21, "HPAGE_SHIFT": 21, "HPAGE_MASK": ~UInt64((1 << 21) - 1),
        "HPAGE_PMD_SIZE": 1 << 21, "HPAGE_PMD_SHIFT": 21, "HPAGE_PMD_MASK": ~UInt64((1 << 21) - 1),
        "HPAGE_PUD_SIZE": 1 << 30, "HPAGE_PMD_NR": 512, "HPAGE_PMD_ORDER": 9, "PMD_ORDER": 9,
        "CONT_PTE_SIZE": 1 << 16, "CONT_PTE_MASK": ~UInt64((1 << 16) - 1), "CONT_PTES": 16,
        "CONT_PMD_SIZE": 1 << 25, "CONT_PMD_MASK": ~UInt64((1 << 25) - 1),
        "PTRS_PER_PTE": 512, "PTRS_PER_PMD": 512,
        "TLB_FLUSH_ALL": UInt64.max, "ULONG_MAX": UInt64.max, "U64_MAX": UInt64.max,
        "FLUSH_TLB_MAX_SIZE": UInt64.max,
        "NULL": 0, "true": 1, "false": 0,
    ]

    static let hugeSizes: Set<UInt64> = [1 << 16, 1 << 21, 1 << 25, 1 << 30]

    /// Values for the caller's variables, by the last part of their name (`tlb->start` is a start).
    static func sample(_ name: String, endIsMax: Bool) -> UInt64? {
        var field = Substring(name.split(separator: ">").last ?? Substring(name))
        // Macro locals and parameters carry underscores (`___addr`, `__haddr`).
        while field.hasPrefix("_"), field.count > 1 { field = field.dropFirst() }
        switch field {
        case "start", "vm_start", "s", "range_start", "addr_start", "begin": return sampleStart
        case "end", "vm_end", "e", "range_end", "addr_end": return endIsMax ? UInt64.max : sampleEnd
        case "uaddr", "addr", "address", "vaddr", "va", "ea", "vmaddr", "haddr", "a", "kaddr": return sampleAddress
        case "stride", "page_size", "psize_size": return pageSize
        case "size", "len", "length": return 5 * pageSize
        case "nr", "nr_pages", "pages", "npages", "count": return 5
        default: return nil
        }
    }

    /// The range that `start` and `end` arguments invalidate. `consumed` names variables a loop or
    /// macro advanced before the call: a range read from them no longer says what it meant.
    public static func evaluate(start: String, end: String, consumed: Set<String> = []) -> InvalidationRange {
        let startExpression = CExpression.parse(start)
        let endExpression = CExpression.parse(end)
        var facts: RangeFacts = []
        if startExpression.hasPrecedenceSuspect || endExpression.hasPrecedenceSuspect { facts.insert(.precedenceSuspect) }
        if !startExpression.names.union(endExpression.names).isDisjoint(with: consumed) { facts.insert(.consumedVariable) }
        let arguments = [start, end]
        guard let s = value(startExpression, endIsMax: false), let e = value(endExpression, endIsMax: false) else {
            return InvalidationRange(.unknown, facts: facts, arguments: arguments)
        }
        let readsEnd = endExpression.names.contains { sample($0, endIsMax: false) == sampleEnd }
        if readsEnd, e > s, let sMax = value(startExpression, endIsMax: true),
           let eMax = value(endExpression, endIsMax: true), eMax <= sMax {
            facts.insert(.overflowsAtMax)
        }
        var shape = classify(start: s, end: e, facts: &facts)
        if facts.contains(.consumedVariable), shape == .span {
            // After the loop the variable has reached its bound: `start` is `end` now.
            shape = .empty
        }
        return InvalidationRange(shape, facts: facts, arguments: arguments)
    }

    static func classify(start s: UInt64, end e: UInt64, facts: inout RangeFacts) -> RangeShape {
        if s == 0 && e == UInt64.max { return .wholeMM }
        if e <= s { return .empty }
        let length = e - s
        if length == pageSize { return .page }
        if hugeSizes.contains(length) { return .huge }
        if s == sampleStart && e == sampleEnd { return .span }
        if s <= sampleStart && e >= sampleEnd { return .span }
        if s >= sampleStart && e <= sampleEnd {
            if length == sampleEnd - sampleStart - 1 { facts.insert(.inclusiveEnd) }
            if length < pageSize { facts.insert(.unitsMismatch) }
            return .span
        }
        return .unknown
    }

    /// The value of an expression on the sample, or `nil` when it reads something unknown.
    static func value(_ expression: CExpression, endIsMax: Bool) -> UInt64? {
        switch expression {
        case .number(let value): return value
        case .name(let name), .member(let name):
            if let constant = constants[name] { return constant }
            return sample(name, endIsMax: endIsMax)
        case .parenthesized(let inner), .cast(_, let inner): return value(inner, endIsMax: endIsMax)
        case .unary(let op, let operand):
            guard let v = value(operand, endIsMax: endIsMax) else { return nil }
            switch op {
            case "-": return 0 &- v
            case "~": return ~v
            case "!": return v == 0 ? 1 : 0
            case "+": return v
            default: return nil
            }
        case .binary(let op, let lhs, let rhs):
            guard let a = value(lhs, endIsMax: endIsMax), let b = value(rhs, endIsMax: endIsMax) else { return nil }
            switch op {
            case "+": return a &+ b
            case "-": return a &- b
            case "*": return a &* b
            case "/": return b == 0 ? nil : a / b
            case "%": return b == 0 ? nil : a % b
            case "&": return a & b
            case "|": return a | b
            case "^": return a ^ b
            case "<<": return b >= 64 ? 0 : a << b
            case ">>": return b >= 64 ? 0 : a >> b
            case "==": return a == b ? 1 : 0
            case "!=": return a != b ? 1 : 0
            case "<": return a < b ? 1 : 0
            case "<=": return a <= b ? 1 : 0
            case ">": return a > b ? 1 : 0
            case ">=": return a >= b ? 1 : 0
            case "&&": return (a != 0 && b != 0) ? 1 : 0
            case "||": return (a != 0 || b != 0) ? 1 : 0
            default: return nil
            }
        case .conditional(let condition, let then, let otherwise):
            guard let c = value(condition, endIsMax: endIsMax) else { return nil }
            return value(c != 0 ? then : otherwise, endIsMax: endIsMax)
        case .call(let name, let arguments):
            let values = arguments.map { value($0, endIsMax: endIsMax) }
            func argument(_ index: Int) -> UInt64? { values.indices.contains(index) ? values[index] : nil }
            switch name {
            case "round_down", "ALIGN_DOWN":
                guard let x = argument(0), let a = argument(1), a != 0 else { return nil }
                return x & ~(a &- 1)
            case "round_up", "ALIGN":
                guard let x = argument(0), let a = argument(1), a != 0 else { return nil }
                return (x &+ a &- 1) & ~(a &- 1)
            case "PAGE_ALIGN":
                guard let x = argument(0) else { return nil }
                return (x &+ pageSize &- 1) & ~(pageSize &- 1)
            case "PAGE_ALIGN_DOWN":
                return argument(0).map { $0 & ~(pageSize &- 1) }
            case "min", "max", "min_t", "max_t":
                let operands = name.hasSuffix("_t") ? Array(values.dropFirst()) : values
                guard operands.count == 2, let a = operands[0], let b = operands[1] else { return nil }
                return name.hasPrefix("min") ? Swift.min(a, b) : Swift.max(a, b)
            case "huge_page_size", "HPAGE_SIZE": return 1 << 21
            case "page_size", "PAGE_SIZE": return pageSize
            // The mmu_gather's stride: the smallest level it cleared, a page on the sample.
            case "tlb_get_unmap_size": return pageSize
            case "BIT": return argument(0).map { $0 >= 64 ? 0 : 1 << $0 }
            default: return nil
            }
        case .unreadable: return nil
        }
    }

    /// The mm an invalidation names: a recorded mm (`mm`, `vma->vm_mm`, `tlb->mm`), `current`'s, or none.
    public static func mm(_ argument: String) -> MMReference {
        let text = argument.filter { !$0.isWhitespace }
        if text.isEmpty || text == "NULL" { return .none }
        if text.hasPrefix("current->") || text == "current->mm" || text.contains("current->active_mm") { return .current }
        if text.contains("(") && !text.hasPrefix("(") { return .unknown(argument) }
        return .recorded(text)
    }
}
