import KernelModel

/// The stable names of what can go wrong (SEMANTICS.md "Failure classes").
public enum FailureClass: String, Sendable, Hashable, CaseIterable, Comparable {
    case useAfterFree = "use-after-free"
    case stalePermission = "stale-permission"
    case staleFrame = "stale-frame"
    case infiniteDeviceFault = "infinite-device-fault"
    case wrongMM = "wrong-mm"
    case rangeTooSmall = "range-too-small"
    case emptyRange = "empty-range"
    case doubleInvalidation = "double-invalidation"
    case overInvalidation = "over-invalidation"

    public static func < (lhs: FailureClass, rhs: FailureClass) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What one bounded search concluded.
public enum SimulationResult: Sendable, Hashable {
    /// Every reachable state within the bounds satisfies the scenario's checks.
    case holds
    /// A reachable state violates a check; the run's trace is the shortest way there.
    case fails(FailureClass)
    /// The search stopped at `Bounds.maxStates` before it was exhaustive.
    case capped(states: Int)

    /// `"holds"`, `"fails"` or `"capped"`, as in `simulate --format json`.
    public var name: String {
        switch self {
        case .holds: "holds"
        case .fails: "fails"
        case .capped: "capped"
        }
    }

    public var failure: FailureClass? {
        if case .fails(let failure) = self { return failure }
        return nil
    }
}

/// How the secondary TLB of the modelled device behaves (chosen by the caller per arch and IOMMU).
public struct DeviceModel: Sendable, Hashable {
    public var name: String
    /// The IOMMU keeps a translation that lacked the permission the device needed (an SMMUv3 caches a
    /// read-only entry and faults on a write); when false, a permission fault drops the entry and the
    /// retry walks the page table again (as the x86 IOMMUs behave).
    public var deviceCachesFaultingEntries: Bool

    public init(name: String, deviceCachesFaultingEntries: Bool) {
        self.name = name
        self.deviceCachesFaultingEntries = deviceCachesFaultingEntries
    }

    /// An arm SMMUv3 with its ATC: read-only entries stay cached across a write fault.
    public static let cachesFaultingEntries = DeviceModel(name: "smmuv3", deviceCachesFaultingEntries: true)
    /// An IOMMU that re-walks after a permission fault (Intel VT-d, AMD IOMMU).
    public static let dropsFaultingEntries = DeviceModel(name: "vt-d", deviceCachesFaultingEntries: false)
}

/// The bounds of one search.
public struct Bounds: Sendable, Hashable {
    /// Virtual pages; `nil` keeps each scenario's own layout, a larger number adds pages to its range.
    public var pages: Int?
    /// CPUs running user threads of the mm (each with its own TLB); scenarios may use fewer.
    public var cpus: Int
    /// Devices bound to the mm, each with its own secondary TLB (IOMMU TLB and ATC collapsed into one).
    public var devices: Int
    /// The search ends with `.capped` after storing this many states.
    public var maxStates: Int
    /// How deep `call` steps are followed through the placement.
    public var maxCallDepth: Int
    public var device: DeviceModel

    public init(pages: Int? = nil, cpus: Int = 1, devices: Int = 1, maxStates: Int = 2_000_000,
                maxCallDepth: Int = 12, device: DeviceModel = .cachesFaultingEntries) {
        self.pages = pages
        self.cpus = cpus
        self.devices = devices
        self.maxStates = maxStates
        self.maxCallDepth = maxCallDepth
        self.device = device
    }

    public static let `default` = Bounds()
}

/// One scenario checked on one placement: the verdict, the search's size and the shortest trace.
public struct SimulationRun: Sendable, Hashable {
    public var arch: String
    /// The placement's state (`before`, `after`, a version).
    public var state: String
    public var scenario: Scenario
    public var result: SimulationResult
    public var states: Int
    public var transitions: Int
    public var seconds: Double
    /// One line per step in kernel terms; empty when the scenario holds.
    public var trace: [String]
    /// Entry points the skeleton calls that the placement does not have (and calls cut by the depth
    /// limit or a cycle), in the order met.
    public var unresolved: [String]
    /// Memory the visited set uses at the end: packed states, parent indices and hash table slots.
    public var bytes: Int

    public init(arch: String, state: String, scenario: Scenario, result: SimulationResult, states: Int,
                transitions: Int, seconds: Double, trace: [String], unresolved: [String], bytes: Int = 0) {
        self.arch = arch
        self.state = state
        self.scenario = scenario
        self.result = result
        self.states = states
        self.transitions = transitions
        self.seconds = seconds
        self.trace = trace
        self.unresolved = unresolved
        self.bytes = bytes
    }
}

/// A finding of a rule checked on the placement table alone, without search.
public struct RuleFinding: Sendable, Hashable {
    public var failure: FailureClass
    public var entryPoint: String
    /// The `#if`/`if` conditions of the path the finding is on.
    public var conditions: [String]
    /// The step concerned, as text (`secondary invalidation of empty range in __flush_tlb_range`).
    public var step: String
    public var message: String

    public init(failure: FailureClass, entryPoint: String, conditions: [String], step: String, message: String) {
        self.failure = failure
        self.entryPoint = entryPoint
        self.conditions = conditions
        self.step = step
        self.message = message
    }
}
