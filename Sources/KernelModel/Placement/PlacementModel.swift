import PatchModel

/// What one entry point does, summarised for the placement table (design section 8, `model`).
public struct EntryPointSummary: Sendable, Hashable {
    public var name: String
    public var file: String
    public var line: Int
    /// Some path invalidates the CPU TLB.
    public var cpu: Bool
    /// The secondary range on the main path, `nil` when no path notifies.
    public var secondary: RangeShape?
    /// Some paths notify and others do not, or the notifier sits under a run-time condition.
    public var conditional: Bool
    /// The most secondary invalidations on one path.
    public var count: Int
    /// The call chain from the entry point to its (first) secondary invalidation, else to its CPU flush.
    public var chain: [String]
    /// Every path, expanded.
    public var paths: [ExpandedPath]

    /// The name of the secondary range in output (`none` when no path notifies).
    public var secondaryName: String { secondary?.name ?? "none" }
}

/// The placement table of one state of a tree: for each arch, what every entry point it defines
/// invalidates and how, and the full placements the simulator expands.
public struct PlacementModel: Sendable {
    public var label: String
    public var archs: [ArchModel]

    /// One arch's part of the table.
    public struct ArchModel: Sendable {
        public var knowledge: ArchKnowledge
        /// The entry points the tree defines in this arch's own files (or, for `generic`, in generic files).
        public var entryPoints: [EntryPointSummary]
        /// Everything the simulator may call, own and inherited.
        public var placement: ArchPlacement
        /// Whether the tree holds any of this arch's files.
        public var present: Bool
        /// Every name this part was built from: the names expansion looked up, what they call and
        /// alias, transitively. A change to the files that leaves all of them alone leaves this part
        /// as it is.
        public var dependencies: Set<String> = []
    }

    public func arch(_ name: String) -> ArchModel? { archs.first { $0.knowledge.name == name } }
}

/// Builds the placement table from the files of a tree (design section 4, "How placement is computed").
public enum PlacementBuilder {
    public static func build(_ sources: KernelSources, archs: [ArchKnowledge] = KnowledgeBase.archs) -> PlacementModel {
        build(ScannedTree(sources), archs: archs)
    }

    public static func build(_ tree: ScannedTree, archs: [ArchKnowledge] = KnowledgeBase.archs) -> PlacementModel {
        let graph = PlacementExpander.CallGraph(tree)
        let all = archs + [KnowledgeBase.generic]
        // One arch at a time on each core.
        let models = Runs.map(all.count, minimum: 2) { range in range.map { model(of: all[$0], in: tree, graph: graph) } }
        return PlacementModel(label: tree.label, archs: models)
    }

    /// The table of a state that differs from `previous` only in `changed` files: archs that read
    /// none of them keep their part of `previous`; so do archs none of whose `dependencies` is among
    /// `changedNames` (the names those files define differently, from `ScannedTree.changedNames`),
    /// when given. The others are built again from the files they see.
    public static func update(_ previous: PlacementModel, tree: ScannedTree, changed: Set<String>,
                              changedNames: Set<String>? = nil) -> PlacementModel {
        let genericChanged = changed.contains { KnowledgeBase.generic.reads($0) || !$0.hasPrefix("arch/") && KnowledgeBase.reads($0) }
        var models: [PlacementModel.ArchModel] = []
        for old in previous.archs {
            let knowledge = old.knowledge
            let affected = genericChanged || changed.contains { knowledge.reads($0) }
            guard affected else {
                models.append(old)
                continue
            }
            // A file added or removed can change whether the arch is present at all.
            if let changedNames, old.dependencies.isDisjoint(with: changedNames),
               tree.files.keys.contains(where: { knowledge.reads($0) }) == old.present {
                models.append(old)
                continue
            }
            // The files this arch sees are all it reads: a smaller tree builds the same part faster.
            let seen = tree.files.filter { ScannedTree.sees($0.key, knowledge) }
            var subtree = ScannedTree(label: tree.label, scanned: seen)
            // The generic defaults are the whole tree's, as a whole build has them (an alias in
            // another arch's file leaves a default out).
            subtree.fallbacks = tree.fallbacks
            models.append(model(of: knowledge, in: subtree, graph: PlacementExpander.CallGraph(subtree)))
        }
        return PlacementModel(label: tree.label, archs: models)
    }

    /// The table of `tree`, which is `old` (the tree `previous` was built from) with the `changed`
    /// files replaced: the names those files define differently decide which archs are built again.
    public static func update(_ previous: PlacementModel, from old: ScannedTree, to tree: ScannedTree,
                              changed: Set<String>) -> PlacementModel {
        var names = Set<String>()
        for path in changed {
            names.formUnion(ScannedTree.changedNames(from: old.files[path], to: tree.files[path]))
        }
        return update(previous, tree: tree, changed: changed, changedNames: names)
    }

    static func model(of knowledge: ArchKnowledge, in tree: ScannedTree, graph: PlacementExpander.CallGraph) -> PlacementModel.ArchModel {
        let expander = PlacementExpander(tree: tree, arch: knowledge, graph: graph)
        let memo = PlacementExpander.Memo()
        let present = tree.files.keys.contains { knowledge.reads($0) }
        var summaries: [EntryPointSummary] = []
        var placements: [String: EntryPointPlacement] = [:]
        let names = knowledge.entryPoints + knowledge.helpers + KnowledgeBase.generic.entryPoints + KnowledgeBase.generic.helpers
        var seen = Set<String>()
        for name in names where seen.insert(name).inserted {
            guard let expanded = expander.expand(name, memo: memo) else { continue }
            let summary = summarize(name: name, file: expanded.file, line: expanded.function.span.first, paths: expanded.paths)
            placements[name] = EntryPointPlacement(name: name, file: expanded.file, line: expanded.function.span.first,
                                                   chain: summary.chain, paths: expanded.paths.map(\.placementPath))
            let own = knowledge.name == KnowledgeBase.generic.name
                ? !expanded.file.hasPrefix("arch/") : knowledge.reads(expanded.file)
            if own && knowledge.entryPoints.contains(name) { summaries.append(summary) }
        }
        summaries.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        let placement = ArchPlacement(arch: knowledge.name, state: tree.label, secondaryUsers: knowledge.hasSecondaryUsers,
                                      entryPoints: placements)
        return PlacementModel.ArchModel(knowledge: knowledge, entryPoints: summaries, placement: placement, present: present,
                                        dependencies: expander.dependencies(memo))
    }

    static func summarize(name: String, file: String, line: Int, paths: [ExpandedPath]) -> EntryPointSummary {
        func secondaries(_ path: ExpandedPath) -> [TracedStep] {
            path.steps.filter { if case .secondaryInvalidate = $0.step { return true } else { return false } }
        }
        func cpus(_ path: ExpandedPath) -> [TracedStep] {
            path.steps.filter { if case .cpuInvalidate = $0.step { return true } else { return false } }
        }
        func returnsEarly(_ path: ExpandedPath) -> Bool {
            path.steps.contains { step in
                if case .earlyReturn = step.step, step.chain.count == 1 { return true } else { return false }
            }
        }
        func earlyReturns(_ path: ExpandedPath) -> Int {
            path.steps.count { if case .earlyReturn = $0.step { return true } else { return false } }
        }
        // The main path: one that runs to the end of the entry point and of every function it calls
        // (a callee's fallback that returns early, like arm64's large-range `flush_tlb_mm`, is not the
        // main path), with the most work on it.
        // Among those, the one that takes the fewest `if`s (the common case, not the fallback a
        // condition selects: the whole-mm flush of a large range, the fullmm teardown).
        func taken(_ path: ExpandedPath) -> Int { path.conditions.filter { !$0.hasPrefix("!") }.count }
        let main = paths.filter { !returnsEarly($0) }.max {
            (-earlyReturns($0), -taken($0), $0.steps.count) < (-earlyReturns($1), -taken($1), $1.steps.count)
        }
            ?? paths.max { (-earlyReturns($0), $0.steps.count) < (-earlyReturns($1), $1.steps.count) }
        let counts = paths.map { secondaries($0).count }
        let mainSecondary = main.flatMap { secondaries($0).first }
        let anySecondary = paths.lazy.compactMap { secondaries($0).first }.first
        let chosen = mainSecondary ?? anySecondary
        var shape: RangeShape?
        if case .secondaryInvalidate(_, let range)? = chosen?.step { shape = range.shape }
        let conditional = Set(counts.map { $0 > 0 }).count > 1
        let chain = chosen?.chain ?? main.flatMap { cpus($0).first?.chain } ?? [name]
        return EntryPointSummary(name: name, file: file, line: line, cpu: paths.contains { !cpus($0).isEmpty },
                                 secondary: shape, conditional: conditional, count: counts.max() ?? 0,
                                 chain: chain, paths: paths)
    }
}
