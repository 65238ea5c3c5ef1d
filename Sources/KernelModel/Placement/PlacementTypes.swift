/// The range a CPU or secondary invalidation covers, as the code computes it, evaluated
/// symbolically from the call's arguments (design section 4, SEMANTICS.md "Core types").
public enum RangeShape: Sendable, Hashable {
    /// The page that contains an address (`uaddr & PAGE_MASK` .. `+ PAGE_SIZE`).
    case page
    /// `[start, end)` of the caller's range.
    case span
    /// A huge or contiguous block around an address (`PMD_SIZE`, `PUD_SIZE`, `CONT_PTE_SIZE` ...).
    case huge
    /// The whole address space: `0, -1UL`.
    case wholeMM
    /// Nothing: `start == end` as written.
    case empty
    /// A range the evaluator could not read.
    case unknown

    /// The name used in output (`"page"`, `"range"`, `"huge"`, `"whole-mm"`, `"empty"`, `"unknown"`).
    public var name: String {
        switch self {
        case .page: "page"
        case .span: "range"
        case .huge: "huge"
        case .wholeMM: "whole-mm"
        case .empty: "empty"
        case .unknown: "unknown"
        }
    }
}

/// What the rules need to know about how a range was computed.
public struct RangeFacts: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Computed from a variable a loop or macro advanced before the call (`start` after `while (start < end) start += stride`).
    public static let consumedVariable = RangeFacts(rawValue: 1 << 0)
    /// An inclusive end passed where an exclusive one is expected (`end - 1`).
    public static let inclusiveEnd = RangeFacts(rawValue: 1 << 1)
    /// Arithmetic that overflows at `-1UL` (`end + PAGE_SIZE` with `end == -1UL`).
    public static let overflowsAtMax = RangeFacts(rawValue: 1 << 2)
    /// C precedence changes the meaning (`a & MASK + SIZE` is `a & (MASK + SIZE)`).
    public static let precedenceSuspect = RangeFacts(rawValue: 1 << 3)
    /// A page-size index or page count used as a byte count.
    public static let unitsMismatch = RangeFacts(rawValue: 1 << 4)
    /// Smaller than the CPU flush beside it (a page where the CPU flushed a huge page or a stride).
    public static let smallerThanCPUFlush = RangeFacts(rawValue: 1 << 5)
}

/// A symbolic range: its shape, the facts about it, and the C expressions it came from.
public struct InvalidationRange: Sendable, Hashable {
    public var shape: RangeShape
    public var facts: RangeFacts
    /// The argument texts as written (`["uaddr & PAGE_MASK", "(uaddr & PAGE_MASK) + PAGE_SIZE"]`).
    public var arguments: [String]

    public init(_ shape: RangeShape, facts: RangeFacts = [], arguments: [String] = []) {
        self.shape = shape
        self.facts = facts
        self.arguments = arguments
    }

    public static let page = InvalidationRange(.page)
    public static let span = InvalidationRange(.span)
    public static let huge = InvalidationRange(.huge)
    public static let wholeMM = InvalidationRange(.wholeMM)
    public static let empty = InvalidationRange(.empty)
}

/// Which mm an invalidation names.
public enum MMReference: Sendable, Hashable {
    /// An mm recorded where the change was made (a parameter such as `mm` or `vma->vm_mm`, or a batch field).
    case recorded(String)
    /// `current->mm` / `current->active_mm`: wrong for a deferred flush (kthreads, many mms per batch).
    case current
    /// No mm (kernel-address flushes).
    case none
    case unknown(String)
}

/// One micro-step of an entry point, an internal helper or a kernel operation.
public enum PlacementStep: Sendable, Hashable {
    /// A page-table entry write (clear, set, write-protect, upgrade).
    case pteWrite(String)
    /// An arch primitive drops CPU TLB entries of a range.
    case cpuInvalidate(InvalidationRange)
    /// The secondary TLBs of an mm are invalidated (`mmu_notifier_arch_invalidate_secondary_tlbs`,
    /// `mmu_notifier_invalidate_range` up to v6.5, and the helpers that reach them).
    case secondaryInvalidate(mm: MMReference, range: InvalidationRange)
    /// The flush is queued for later (reclaim batch, mmu_gather): what is recorded for the deferred flush.
    case deferToBatch(mm: MMReference, range: InvalidationRange)
    /// Page-table lock taken or released.
    case lock
    case unlock
    /// A frame or page-table page is freed.
    case free
    /// The function returns here when the condition holds (empty cpumask, no ASID, range too large).
    case earlyReturn(condition: String)
    /// A call to another entry point or helper, expanded through its own placement.
    case call(String)
}

/// One path through an entry point: the steps in order under the conditions that select it
/// (`#ifdef CONFIG_...`, `if (...)`, MMU mode).
public struct PlacementPath: Sendable, Hashable {
    public var conditions: [String]
    public var steps: [PlacementStep]

    public init(conditions: [String] = [], steps: [PlacementStep]) {
        self.conditions = conditions
        self.steps = steps
    }
}

/// The placement of one entry point (or internal helper) in one state: where it is defined, the call
/// chain to the primitives, and its paths.
public struct EntryPointPlacement: Sendable, Hashable {
    public var name: String
    public var file: String
    public var line: Int
    public var chain: [String]
    public var paths: [PlacementPath]

    public init(name: String, file: String = "", line: Int = 0, chain: [String] = [], paths: [PlacementPath]) {
        self.name = name
        self.file = file
        self.line = line
        self.chain = chain
        self.paths = paths
    }
}

/// The placement table of one arch in one state: every entry point and helper it defines or uses
/// (generic ones it inherits included), and whether hardware secondary-TLB users exist on it.
public struct ArchPlacement: Sendable, Hashable {
    public var arch: String
    /// `before`, `after`, a kernel version, or a commit.
    public var state: String
    public var secondaryUsers: Bool
    public var entryPoints: [String: EntryPointPlacement]

    public init(arch: String, state: String, secondaryUsers: Bool, entryPoints: [String: EntryPointPlacement]) {
        self.arch = arch
        self.state = state
        self.secondaryUsers = secondaryUsers
        self.entryPoints = entryPoints
    }

    public subscript(name: String) -> EntryPointPlacement? { entryPoints[name] }

    /// The arch defers reclaim's flushes to a batch (`CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH`:
    /// it defines `arch_tlbbatch_add_pending()`, before v6.5 `arch_tlbbatch_add_mm()`).
    public var batchesReclaim: Bool {
        entryPoints["arch_tlbbatch_add_pending"] != nil || entryPoints["arch_tlbbatch_add_mm"] != nil
    }
}
