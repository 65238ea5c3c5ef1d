import GitSource
import KernelModel
import PatchModel

/// The placement of the model's files before and after one patch, when whole files are known.
public struct PatchPlacement: Sendable {
    public var before: PlacementModel
    public var after: PlacementModel

    /// The archs whose entry points behave differently after the patch (a generic change shows up
    /// in every arch that inherits it).
    public var changedArchs: [String] {
        after.archs.compactMap { archModel -> String? in
            guard let old = before.arch(archModel.knowledge.name) else { return nil }
            // Equal tables (most often one table a commit left alone) have equal paths.
            if old.placement.entryPoints == archModel.placement.entryPoints { return nil }
            let names = Set(old.placement.entryPoints.keys).union(archModel.placement.entryPoints.keys)
            let changed = names.contains { old.placement.entryPoints[$0]?.paths != archModel.placement.entryPoints[$0]?.paths }
            return changed ? archModel.knowledge.name : nil
        }
    }
}

/// Scans each file once per content: consecutive states share most files. A file rescanned keeps
/// the line starts its rescan found, for its next rescan.
struct ScanCache {
    private var scanned: [String: (bytes: [UInt8], file: ScannedFile, lines: LineStarts?)] = [:]

    mutating func tree(_ sources: KernelSources) -> ScannedTree {
        var files: [String: ScannedFile] = [:]
        for (path, bytes) in sources.files { files[path] = scan(bytes, path: path) }
        return ScannedTree(label: sources.label, scanned: files)
    }

    /// The scan of `bytes`; `hunks`, when they turn the file last scanned at this path into `bytes`,
    /// let only the functions they touch be scanned again.
    mutating func scan(_ bytes: [UInt8], path: String, hunks: [Hunk]? = nil) -> ScannedFile {
        let cached = scanned[path]
        if let cached, cached.bytes == bytes { return cached.file }
        let (file, lines) = if let cached, let hunks {
            KernelScanner.rescan(bytes, path: path, old: cached.bytes, oldLines: cached.lines, scanned: cached.file, hunks: hunks)
        } else {
            (KernelScanner.scan(bytes, path: path), nil)
        }
        scanned[path] = (bytes, file, lines)
        return file
    }
}

/// The placement of the states of a range or series, built one after the other: a state a few
/// linear patches after the last one built reads only the model files those patches touched, scans
/// only those, and builds again only the archs whose placement rests on what changed (long ranges
/// touch one arch at a time, and mostly functions no flush reaches). Only the last state is kept.
struct StateChain {
    let patches: [Patch]
    let states: SeriesStates
    private var cache = ScanCache()
    private var last: (index: Int, sources: KernelSources, tree: ScannedTree, model: PlacementModel)?

    init(patches: [Patch], states: SeriesStates) {
        self.patches = patches
        self.states = states
    }

    /// State `index` (0 is the base, k the files after patch k).
    mutating func state(_ index: Int) throws(GitError) -> (tree: ScannedTree, model: PlacementModel) {
        if let last, last.index == index { return (last.tree, last.model) }
        let treeState = states.states[index]
        let label = index == 0 ? "base" : "after patch \(index)"
        if var previous = last, previous.index < index,
           (previous.index..<index).allSatisfy({ states.before($0) == states.states[$0] }) {
            // The state is made from the previous one in place: once the caller has let go of it,
            // nothing else holds its tables, and they are changed without being copied.
            last = nil
            previous.sources.label = label
            var changed = Set<String>()
            for patchIndex in previous.index..<index {
                for path in ReviewPipeline.modelPaths(patches[patchIndex]) {
                    let bytes = try states.contents(of: path, in: treeState)
                    if previous.sources.files[path] != bytes {
                        previous.sources.files[path] = bytes
                        changed.insert(path)
                    }
                }
            }
            // One patch's hunks of a file it edits in place say which functions to scan again.
            let edits = index == previous.index + 1
                ? Dictionary(patches[previous.index].files.compactMap { file in
                    file.oldPath == file.newPath ? file.newPath.map { ($0, file.hunks) } : nil
                }, uniquingKeysWith: { first, _ in first })
                : [:]
            var rescanned: [String: ScannedFile?] = [:]
            var names = Set<String>()
            for path in changed {
                let file = previous.sources.files[path].map { cache.scan($0, path: path, hunks: edits[path]) }
                rescanned[path] = .some(file)
                names.formUnion(ScannedTree.changedNames(from: previous.tree.files[path], to: file))
            }
            var tree = ScannedTree.empty
            swap(&tree, &previous.tree)
            tree.replace(rescanned, label: label)
            let model = PlacementBuilder.update(previous.model, tree: tree, changed: changed, changedNames: names)
            self.last = (index, previous.sources, tree, model)
            return (tree, model)
        }
        let sources = try ReviewPipeline.modelSources(states, treeState, label: label)
        let tree = cache.tree(sources)
        let model = PlacementBuilder.build(tree)
        last = (index, sources, tree, model)
        return (tree, model)
    }

    /// The state patch `index` was made against, when it is not the previous state (a merge was skipped).
    mutating func parent(of index: Int) throws(GitError) -> (tree: ScannedTree, model: PlacementModel) {
        let tree = cache.tree(try ReviewPipeline.modelSources(states, states.before(index), label: "parent of patch \(index + 1)"))
        return (tree, PlacementBuilder.build(tree))
    }
}

/// What placement analysis found for one patch.
struct PatchAnalysis: Sendable {
    var placement: PatchPlacement?
    var changes: [PlacementChange]
}

extension ReviewPipeline {
    /// Fills each patch's placement changes: from whole files when the review carries tree states
    /// (`--tree`, `check`), else from the hunks alone.
    public static func analyzePlacement(_ review: SeriesReview, kernel: String? = nil) throws(GitError) -> SeriesReview {
        var review = review
        let analyses: [PatchAnalysis]
        if let states = review.states {
            analyses = try analyze(review.patches.map(\.patch), states: states)
        } else {
            analyses = analyzeOnBaseline(&review, kernel: kernel)
        }
        for (index, analysis) in analyses.enumerated() where index < review.patches.count {
            review.patches[index].placement = analysis.placement
            review.patches[index].changes = analysis.changes
        }
        return review
    }

    /// The paths, before and after, of the files a patch touches that the model reads.
    static func modelPaths(_ patch: Patch) -> Set<String> {
        Set(patch.files.flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } }.filter(KnowledgeBase.reads))
    }

    /// Whether a patch touches a file the model reads.
    static func touchesModel(_ patch: Patch) -> Bool {
        patch.files.contains { KnowledgeBase.reads($0.path) || $0.oldPath.map(KnowledgeBase.reads) == true }
    }

    /// Placement from whole files: long ranges are cut into one run of consecutive patches per core,
    /// each run building its first state whole and chaining from there.
    static func analyze(_ patches: [Patch], states: SeriesStates, workers: Int = Runs.cores) throws(GitError) -> [PatchAnalysis] {
        let modelPatches = patches.indices.filter { touchesModel(patches[$0]) }
        let runs = max(1, min(workers, modelPatches.count / 32))
        guard runs > 1 else { return try analyze(patches, states: states, in: patches.indices) }
        let starts = [0] + (1..<runs).map { modelPatches[$0 * modelPatches.count / runs] } + [patches.count]
        let ranges = (0..<runs).map { starts[$0]..<starts[$0 + 1] }
        let results = Runs.map(ranges) { range -> [Result<[PatchAnalysis], GitError>] in
            [Result { () throws(GitError) in try analyze(patches, states: try states.withOwnReader(), in: range) }]
        }
        var analyses: [PatchAnalysis] = []
        analyses.reserveCapacity(patches.count)
        for result in results { analyses.append(contentsOf: try result.get()) }
        return analyses
    }

    /// Placement from whole files for the patches in `range`, in order.
    static func analyze(_ patches: [Patch], states: SeriesStates, in range: Range<Int>) throws(GitError) -> [PatchAnalysis] {
        var chain = StateChain(patches: patches, states: states)
        var analyses: [PatchAnalysis] = []
        analyses.reserveCapacity(range.count)
        for index in range {
            let patch = patches[index]
            var placement: PatchPlacement?
            var before: [String: ScannedFile]?
            var after: [String: ScannedFile]?
            if touchesModel(patch), index < states.count {
                // States: the base is 0, patch k (0-based) goes from its parent to state k+1. Of the
                // state before, only the patch's own files are kept, so the next state can be made
                // from it in place.
                let old = try Self.filesAndModel(
                    states.before(index) == states.states[index] ? try chain.state(index) : try chain.parent(of: index),
                    of: patch)
                let new = try chain.state(index + 1)
                before = old.files
                after = new.tree.files
                placement = PatchPlacement(before: old.model, after: new.model)
            }
            let changes = patch.files.flatMap { HunkMapper.changes(of: $0, beforeFiles: before, afterFiles: after) }
            analyses.append(PatchAnalysis(placement: placement, changes: changes))
        }
        return analyses
    }

    /// A state's scans of the files a patch touches, and its placement (the rest of its tree let go).
    private static func filesAndModel(_ state: (tree: ScannedTree, model: PlacementModel),
                                      of patch: Patch) -> (files: [String: ScannedFile], model: PlacementModel) {
        var files: [String: ScannedFile] = [:]
        for file in patch.files {
            for path in [file.oldPath, file.newPath].compactMap({ $0 }) { files[path] = state.tree.files[path] }
        }
        return (files, state.model)
    }

    /// Placement without whole files: the knowledge base's baseline, with each patch applied to its functions.
    static func analyzeOnBaseline(_ review: inout SeriesReview, kernel: String?) -> [PatchAnalysis] {
        var baselineTrees: [ScannedTree]?
        var baselineModels: [Int: PlacementModel] = [:]
        if review.patches.contains(where: { $0.patch.files.contains { KnowledgeBase.reads($0.path) } }) {
            let files = review.patches.flatMap(\.patch.files)
            let chosen = kernel.flatMap(KnowledgeBase.baseline) ?? BaselinePatcher.closestBaseline(for: files)
            if let chosen {
                var trees = [chosen.scannedTree(label: "\(chosen.version) (knowledge base)")]
                for (offset, patchReview) in review.patches.enumerated() {
                    trees.append(BaselinePatcher.apply(patchReview.patch.files, to: trees[offset],
                                                       label: "\(chosen.version) + patch \(offset + 1)"))
                }
                baselineTrees = trees
                review.source.baseline = .knowledgeBase
                review.source.base = chosen.version
            }
        }
        // State k is state k-1 with patch k's files replaced: each is updated from the one before.
        func baselineModel(_ trees: [ScannedTree], _ index: Int) -> PlacementModel {
            if let known = baselineModels[index] { return known }
            let model: PlacementModel
            if index == 0 {
                model = PlacementBuilder.build(trees[0])
            } else {
                model = PlacementBuilder.update(baselineModel(trees, index - 1), from: trees[index - 1], to: trees[index],
                                                changed: modelPaths(review.patches[index - 1].patch))
            }
            baselineModels[index] = model
            return model
        }
        return review.patches.indices.map { index in
            let patch = review.patches[index].patch
            var placement: PatchPlacement?
            if touchesModel(patch), let trees = baselineTrees {
                placement = PatchPlacement(before: baselineModel(trees, index), after: baselineModel(trees, index + 1))
            }
            let changes = patch.files.flatMap { HunkMapper.changes(of: $0, before: nil, after: nil) }
            return PatchAnalysis(placement: placement, changes: changes)
        }
    }

    /// The files the model reads in one state of a series or range.
    static func modelSources(_ states: SeriesStates, _ state: TreeState, label: String) throws(GitError) -> KernelSources {
        var files: [String: [UInt8]] = [:]
        for knowledge in KnowledgeBase.archs + [KnowledgeBase.generic] {
            for path in knowledge.files where files[path] == nil {
                if let bytes = try states.contents(of: path, in: state) { files[path] = bytes }
            }
            for folder in knowledge.folders {
                let trimmed = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
                for name in try states.fileNames(in: trimmed, state: state) {
                    let path = trimmed + "/" + name
                    guard files[path] == nil, knowledge.reads(path) else { continue }
                    if let bytes = try states.contents(of: path, in: state) { files[path] = bytes }
                }
            }
        }
        return KernelSources(label: label, files: files)
    }
}
