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
            let names = Set(old.placement.entryPoints.keys).union(archModel.placement.entryPoints.keys)
            let changed = names.contains { old.placement.entryPoints[$0]?.paths != archModel.placement.entryPoints[$0]?.paths }
            return changed ? archModel.knowledge.name : nil
        }
    }
}

/// Scans each file once per content: consecutive states share most files.
struct ScanCache {
    private var scanned: [String: (bytes: [UInt8], file: ScannedFile)] = [:]

    mutating func tree(_ sources: KernelSources) -> ScannedTree {
        var files: [String: ScannedFile] = [:]
        for (path, bytes) in sources.files { files[path] = scan(bytes, path: path) }
        return ScannedTree(label: sources.label, scanned: files)
    }

    mutating func scan(_ bytes: [UInt8], path: String) -> ScannedFile {
        if let cached = scanned[path], cached.bytes == bytes { return cached.file }
        let file = KernelScanner.scan(bytes, path: path)
        scanned[path] = (bytes, file)
        return file
    }
}

extension ReviewPipeline {
    /// Fills each patch's placement changes: from whole files when the review carries tree states
    /// (`--tree`, `check`), else from the hunks alone.
    public static func analyzePlacement(_ review: SeriesReview, kernel: String? = nil) throws(GitError) -> SeriesReview {
        var review = review
        var cache = ScanCache()
        var models: [Int: (tree: ScannedTree, model: PlacementModel)] = [:]
        var sourcesOf: [Int: KernelSources] = [:]
        func state(_ index: Int, _ treeState: TreeState, _ states: SeriesStates) throws(GitError) -> (tree: ScannedTree, model: PlacementModel) {
            if let known = models[index] { return known }
            let label = index == 0 ? "base" : "after patch \(index)"
            // A state a few linear patches after the last one built (patches that touch no model
            // file build nothing): read only the model files those patches touched, scan only
            // those, and build again only the archs whose placement rests on what changed (long
            // ranges touch one arch at a time, and mostly functions no flush reaches).
            if let last = models.keys.max(), last < index, let previous = sourcesOf[last], let previousState = models[last],
               (last..<index).allSatisfy({ states.before($0) == states.states[$0] }) {
                var sources = previous
                sources.label = label
                var changed = Set<String>()
                for patchIndex in last..<index {
                    for file in review.patches[patchIndex].patch.files {
                        for path in Set([file.oldPath, file.newPath].compactMap { $0 }) where KnowledgeBase.reads(path) {
                            let bytes = try states.contents(of: path, in: treeState)
                            if sources.files[path] != bytes {
                                sources.files[path] = bytes
                                changed.insert(path)
                            }
                        }
                    }
                }
                var rescanned: [String: ScannedFile?] = [:]
                var changedNames = Set<String>()
                for path in changed {
                    let file = sources.files[path].map { cache.scan($0, path: path) }
                    rescanned[path] = .some(file)
                    changedNames.formUnion(ScannedTree.changedNames(from: previousState.tree.files[path], to: file))
                }
                let tree = previousState.tree.replacing(rescanned, label: label)
                let model = changed.isEmpty ? previousState.model
                    : PlacementBuilder.update(previousState.model, tree: tree, changed: changed, changedNames: changedNames)
                // The states before are not asked for again: keep memory to one state's scan.
                sourcesOf = [index: sources]
                models = [index: (tree, model)]
                return (tree, model)
            }
            let sources = try modelSources(states, treeState, label: label)
            let tree = cache.tree(sources)
            let result = (tree, PlacementBuilder.build(tree))
            sourcesOf[index] = sources
            models[index] = result
            return result
        }
        // Without whole files: the knowledge base's baseline, with each patch applied to its functions.
        var baselineTrees: [ScannedTree]?
        var baselineModels: [Int: PlacementModel] = [:]
        if review.states == nil, review.patches.contains(where: { $0.patch.files.contains { KnowledgeBase.reads($0.path) } }) {
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
        func baselineModel(_ trees: [ScannedTree], _ index: Int) -> PlacementModel {
            if let known = baselineModels[index] { return known }
            let model = PlacementBuilder.build(trees[index])
            baselineModels[index] = model
            return model
        }
        for index in review.patches.indices {
            let patch = review.patches[index].patch
            let touchesModel = patch.files.contains { KnowledgeBase.reads($0.path) || $0.oldPath.map(KnowledgeBase.reads) == true }
            var before: ScannedTree?
            var after: ScannedTree?
            if touchesModel, let states = review.states, index < states.count {
                // States: the base is 0, patch k (0-based) goes from its parent to state k+1.
                let old: (tree: ScannedTree, model: PlacementModel)
                if states.before(index) == states.states[index] {
                    old = try state(index, states.before(index), states)
                } else {
                    // A commit whose first parent is not the previous state (a merge was skipped).
                    let tree = cache.tree(try modelSources(states, states.before(index), label: "parent of patch \(index + 1)"))
                    old = (tree, PlacementBuilder.build(tree))
                }
                let new = try state(index + 1, states.after(index), states)
                before = old.tree
                after = new.tree
                review.patches[index].placement = PatchPlacement(before: old.model, after: new.model)
            }
            if touchesModel, review.states == nil, let trees = baselineTrees {
                review.patches[index].placement = PatchPlacement(before: baselineModel(trees, index),
                                                                 after: baselineModel(trees, index + 1))
            }
            var changes: [PlacementChange] = []
            for file in patch.files {
                changes.append(contentsOf: HunkMapper.changes(of: file, before: before, after: after))
            }
            review.patches[index].changes = changes
        }
        return review
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
