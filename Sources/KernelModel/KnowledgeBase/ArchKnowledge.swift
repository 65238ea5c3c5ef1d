import Synchronization
/// How much of an mm's translations a CPU flush primitive drops.
public enum CPUFlushScope: Sendable, Hashable {
    /// One page (a `VALE1IS`-style TLBI, `invlpg`, `_tlbie_va`).
    case page
    /// The caller's range (a range TLBI loop, `flush_tlb_func` with a range).
    case range
    /// Every entry of the mm (ASID/PID-wide: `ASIDE1IS`, `_tlbie_pid`).
    case wholeMM
    /// Kernel or all-context flushes that carry no mm.
    case kernel
    /// Decided by the first argument, the TLBI operation (`__tlbi(vale1is, addr)`).
    case byOperation([String: CPUFlushScope])
}

/// A CPU TLB flush primitive of an arch: its name (or a name prefix) and what it drops.
public struct CPUPrimitive: Sendable, Hashable {
    public var name: String
    public var scope: CPUFlushScope
    /// `name` is a prefix (`_tlbie_va` covers `_tlbie_va_multicast` ...).
    public var isPrefix: Bool

    public init(_ name: String, _ scope: CPUFlushScope, prefix: Bool = false) {
        self.name = name
        self.scope = scope
        self.isPrefix = prefix
    }

    public func matches(_ callee: String) -> Bool { isPrefix ? callee.hasPrefix(name) : callee == name }
}

/// What Shootdown knows of one architecture (or of the generic code every arch inherits): the files
/// its placement lives in, its entry points, internal helpers and CPU primitives, its MMU modes, and
/// whether hardware secondary-TLB users exist on it (SEMANTICS.md, "Where the arch code invalidates").
public struct ArchKnowledge: Sendable, Hashable {
    public var name: String
    /// Hardware that caches translations of a CPU mm and needs secondary invalidation.
    public var secondaryUsers: [String]
    /// Whether a secondary TLB of this arch caches an entry lacking the permission the device needs
    /// (the SMMU caches a read-only entry and faults on write): a permission upgrade must invalidate.
    public var deviceCachesFaultingEntries: Bool
    /// The entry points generic code calls, as this arch names them (design section 4).
    public var entryPoints: [String]
    /// Internal helpers the entry points reach (shown in chains).
    public var helpers: [String]
    public var cpuPrimitives: [CPUPrimitive]
    /// MMU modes selected at run time (powerpc radix and hash), as the condition text names them.
    public var mmuModes: [String]
    /// Files the model reads, relative to the top of the tree.
    public var files: [String]
    /// Folders whose `*tlb*.c` and `fault.c` files the model also reads.
    public var folders: [String]
    /// What is true or false of this arch's code while a device is bound to the mm, by condition
    /// (as written; blanks do not matter): powerpc's `atomic_read(&mm->context.copros) > 0` once a
    /// coprocessor is attached, so `flush_type_needed()` always goes global.
    public var factsWithDevice: [String: Bool] = [:]

    public init(name: String, secondaryUsers: [String], deviceCachesFaultingEntries: Bool, entryPoints: [String],
                helpers: [String], cpuPrimitives: [CPUPrimitive], mmuModes: [String] = [], files: [String],
                folders: [String] = [], factsWithDevice: [String: Bool] = [:]) {
        self.factsWithDevice = factsWithDevice
        self.name = name
        self.secondaryUsers = secondaryUsers
        self.deviceCachesFaultingEntries = deviceCachesFaultingEntries
        self.entryPoints = entryPoints
        self.helpers = helpers
        self.cpuPrimitives = cpuPrimitives
        self.mmuModes = mmuModes
        self.files = files
        self.folders = folders
    }

    public var hasSecondaryUsers: Bool { !secondaryUsers.isEmpty }

    /// The primitive a callee names, if it is one of this arch's.
    public func primitive(_ callee: String) -> CPUPrimitive? {
        cpuPrimitives.first { $0.matches(callee) }
    }

    /// Whether the model reads this path for this arch.
    public func reads(_ path: String) -> Bool {
        if files.contains(path) { return true }
        guard folders.contains(where: { path.hasPrefix($0) }) else { return false }
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.index(after: $0)...] } ?? path[...]
        return (name.hasSuffix(".c") || name.hasSuffix(".h"))
            && (name.contains("tlb") || name == "fault.c" || name.contains("pgtable"))
    }
}

/// The knowledge base: every arch Shootdown models, and the generic code.
public enum KnowledgeBase {
    public static let archs: [ArchKnowledge] = [arm64, powerpc, x86, riscv]

    /// The arch with this name, or `generic`.
    public static func arch(named name: String) -> ArchKnowledge? {
        if name == generic.name { return generic }
        return archs.first { $0.name == name }
    }

    /// The entry points of every arch and of the generic code.
    public static let entryPointNames = Set((archs + [generic]).flatMap(\.entryPoints))

    /// Every file any arch (or the generic code) reads.
    public static func reads(_ path: String) -> Bool {
        ownerIndex(path) != nil
    }

    /// The arch whose files hold this path (`generic` for asm-generic, mm and the notifier header).
    public static func owner(of path: String) -> ArchKnowledge? {
        ownerIndex(path).map { $0 < archs.count ? archs[$0] : generic }
    }

    /// Each path's owner found so far (an index into `archs`, `archs.count` for generic, -1 for
    /// none): a range asks about the same few hundred paths for every commit.
    private static let owners = Mutex<[String: Int]>([:])

    private static func ownerIndex(_ path: String) -> Int? {
        let index: Int
        if let known = owners.withLock({ $0[path] }) {
            index = known
        } else {
            index = archs.firstIndex { $0.reads(path) } ?? (generic.reads(path) ? archs.count : -1)
            owners.withLock { $0[path] = index }
        }
        return index < 0 ? nil : index
    }
}
