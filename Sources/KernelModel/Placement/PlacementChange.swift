/// What a hunk does to flush/notifier placement (design section 4, "Hunk mapping").
public enum PlacementChangeKind: String, Sendable, Hashable, CaseIterable {
    case secondaryAdded = "secondary-added"
    case secondaryRemoved = "secondary-removed"
    case secondaryMoved = "secondary-moved"
    case secondaryRangeChanged = "secondary-range-changed"
    case cpuFlushAdded = "cpu-flush-added"
    case cpuFlushRemoved = "cpu-flush-removed"
    case entryPointCallAdded = "entry-point-call-added"
    case entryPointCallRemoved = "entry-point-call-removed"
    case apiRenamed = "api-renamed"
    case noPlacementChange = "no-placement-change"
}

/// One placement change a patch makes, where it makes it.
public struct PlacementChange: Sendable, Hashable {
    public var kind: PlacementChangeKind
    /// The area's arch (`arm64`, `generic`, `core-mm` ...).
    public var arch: String
    public var file: String
    /// The line in the new file (the old file for removals).
    public var line: Int
    /// The function the change sits in, when known.
    public var function: String?
    /// The range of a secondary invalidation added, removed or changed (`page`, `range`, `whole-mm` ...).
    public var range: String?
    /// The call text that was added or removed.
    public var call: String?
    /// Whether the function came from whole files (`false`: from the hunk and the knowledge base).
    public var fromTree: Bool

    public init(kind: PlacementChangeKind, arch: String, file: String, line: Int, function: String?,
                range: String? = nil, call: String? = nil, fromTree: Bool = true) {
        self.kind = kind
        self.arch = arch
        self.file = file
        self.line = line
        self.function = function
        self.range = range
        self.call = call
        self.fromTree = fromTree
    }
}
