import PatchModel

/// How one patch of a mailed series applied to the tree in memory.
public struct PatchApplication: Sendable, Hashable {
    /// Applied whole, in part (files missing or binary), or not (a hunk fits nowhere).
    public enum Status: String, Sendable, Hashable {
        /// Every hunk of every file applied.
        case applied
        /// What the tree holds applied; files the tree lacks or binary changes were skipped.
        case partial
        /// A hunk fits nowhere (or a new file already exists): `git apply` would refuse the patch.
        case failed
    }

    public var status: Status
    /// What was skipped, moved or refused, one line each.
    public var notes: [String]

    public init(status: Status, notes: [String]) {
        self.status = status
        self.notes = notes
    }
}

/// A mailed series applied in memory onto a base commit: the file states and each patch's outcome.
public struct AppliedSeries: Sendable {
    /// The base commit's full id.
    public var base: ObjectName
    public var states: SeriesStates
    public var applications: [PatchApplication]
}

extension Repository {
    /// Applies `patches` in order onto the tree of commit `base`, in memory: nothing is written to
    /// the repository. Hunks are placed by `HunkLocator`; a patch whose hunk fits nowhere is
    /// `failed`, and the patches after it go on from what could be applied.
    public func apply(_ patches: [Patch], onto base: ObjectName) throws(GitError) -> AppliedSeries {
        let baseTree = try tree(ofCommit: base)
        let reader = TreeReader(self)
        var current = TreeState(tree: baseTree)
        var states = [current]
        var applications: [PatchApplication] = []
        let shell = SeriesStates(states: [], parents: [], reader: reader)
        for (position, patch) in patches.enumerated() {
            let label = "patch \(patch.subject.index ?? position + 1)/\(patch.subject.total ?? patches.count)"
            var notes: [String] = []
            var failed = false
            var skipped = false
            for file in patch.files {
                let sourcePath = file.kind == .added ? file.path : (file.oldPath ?? file.path)
                // DiffParser refuses such paths; a FileDiff made elsewhere is checked here too.
                guard [sourcePath, file.path].allSatisfy({ $0.isEmpty || DiffParser.isInsideTree($0) }) else {
                    failed = true
                    notes.append("\(label): \(file.path): path outside the tree, refused")
                    continue
                }
                let original = try shell.contents(of: sourcePath, in: current)
                let outcome = HunkLocator.applyAll(file, to: original)
                for failure in outcome.failures {
                    let path = failure.kind == .missing ? sourcePath : file.path
                    switch failure.kind {
                    case .hunkDoesNotApply, .alreadyExists:
                        failed = true
                        notes.append("\(label): \(path): \(failure)")
                    case .missing:
                        skipped = true
                        notes.append("\(label): \(path): not in the tree, skipped")
                    case .binary:
                        skipped = true
                        notes.append("\(label): \(path): binary change, skipped")
                    }
                }
                for (index, offset) in outcome.offsets.enumerated() {
                    guard let offset, offset != 0 else { continue }
                    notes.append("\(label): \(file.path): hunk #\(index + 1) applied at offset \(offset) line\(abs(offset) == 1 ? "" : "s")")
                }
                if outcome.failures.contains(where: { $0.kind == .missing || $0.kind == .binary || $0.kind == .alreadyExists }) {
                    continue
                }
                switch file.kind {
                case .deleted:
                    current.changed[sourcePath] = .some(nil)
                case .renamed:
                    current.changed[sourcePath] = .some(nil)
                    current.changed[file.path] = .some(outcome.contents)
                case .added, .modified, .copied:
                    current.changed[file.path] = .some(outcome.contents)
                }
            }
            states.append(current)
            let status: PatchApplication.Status = failed ? .failed : (skipped ? .partial : .applied)
            applications.append(PatchApplication(status: status, notes: notes))
        }
        let parents = Array(states.dropLast())
        return AppliedSeries(base: base, states: SeriesStates(states: states, parents: parents, reader: reader),
                             applications: applications)
    }
}
