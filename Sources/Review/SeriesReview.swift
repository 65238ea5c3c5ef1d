import GitSource
import KernelModel
import PatchModel

/// Where the reviewed patches came from (design section 8, `source`).
public struct ReviewSource: Sendable, Hashable {
    /// A mailbox or a git range.
    public enum Kind: String, Sendable { case mbox, git }
    /// What placement rests on: whole files of a tree, or the built-in knowledge base.
    public enum Baseline: String, Sendable { case tree, knowledgeBase = "knowledge-base" }

    public var kind: Kind
    public var path: String
    public var range: String?
    public var baseline: Baseline
    public var base: String?

    public init(kind: Kind, path: String, range: String? = nil, baseline: Baseline = .knowledgeBase, base: String? = nil) {
        self.kind = kind
        self.path = path
        self.range = range
        self.baseline = baseline
        self.base = base
    }
}

/// One file a patch touches, with its area and line counts.
public struct FileSummary: Sendable, Hashable {
    public var path: String
    public var oldPath: String?
    public var area: Area
    public var kind: FileChangeKind
    public var added: Int
    public var removed: Int
    public var isBinary: Bool
}

/// The review of one patch.
public struct PatchReview: Sendable {
    public var patch: Patch
    public var files: [FileSummary]
    /// How the patch applied to the tree in memory (`review --tree`); `nil` when nothing was applied.
    public var apply: PatchApplication? = nil
    /// What the hunks do to flush/notifier placement.
    public var changes: [PlacementChange] = []
    /// The placement tables before and after the patch, when whole files are known.
    public var placement: PatchPlacement? = nil
    /// Every scenario on every arch the patch reaches, before and after it.
    public var simulation: [ScenarioOutcome] = []
    public var findings: [Finding] = []
    /// Set by `VerdictRules.verdict(findings:placementChanged:fixShown:touchesModel:)`.
    public var verdict: Verdict

    /// The areas the patch touches, in display order.
    public var areas: [Area] { Array(Set(files.map(\.area))).sorted() }
}

/// The whole review of a series (or of a git range), as a value: what every command formats.
public struct SeriesReview: Sendable {
    public var source: ReviewSource
    public var series: Series
    public var patches: [PatchReview]
    /// The whole files before and after every patch, when a tree was given.
    public var states: SeriesStates? = nil
    /// Scenarios the series fixes and breaks, from its first state to its last.
    public var fixes: [Outcome] = []
    public var breaks: [Outcome] = []

    /// The areas the series touches, in display order.
    public var areas: [Area] { Array(Set(patches.flatMap(\.areas))).sorted() }

    /// The worst verdict of its patches (`VerdictRules.series`).
    public var verdict: Verdict { VerdictRules.series(patches.map(\.verdict)) }
}

/// Runs the review stages in order over a series and returns the review as a value.
public enum ReviewPipeline {
    public static func review(_ series: Series, source: ReviewSource) -> SeriesReview {
        SeriesReview(source: source, series: series, patches: series.patches.map(review))
    }

    /// A patch before any analysis: its files and the verdict of a patch with no findings.
    static func review(_ patch: Patch) -> PatchReview {
        let files = patch.files.map(fileSummary)
        let findings: [Finding] = []
        let verdict = VerdictRules.verdict(findings: findings, placementChanged: false, fixShown: false,
                                           touchesModel: VerdictRules.touchesModel(files))
        return PatchReview(patch: patch, files: files, findings: findings, verdict: verdict)
    }

    /// Reads a mailbox and reviews the chosen version of its series.
    public static func review(mailbox path: String, format: MboxFormat = .auto,
                              selection: SeriesSelection = SeriesSelection(), kernel: String? = nil) throws(IngestError) -> SeriesReview {
        let assembled = try assemble(mailbox: path, format: format, selection: selection)
        do {
            return try complete(assembled, kernel: kernel)
        } catch {
            // Without tree states no git object is read: analysis cannot fail here.
            return assembled
        }
    }

    /// The ingest stage alone: the chosen version of the mailbox's series, before any analysis.
    static func assemble(mailbox path: String, format: MboxFormat, selection: SeriesSelection) throws(IngestError) -> SeriesReview {
        let (series, _) = try SeriesLoader.load(path: path, format: format, selection: selection)
        return review(series, source: ReviewSource(kind: .mbox, path: path, base: series.baseCommit))
    }

    /// Runs the stages after ingest: placement changes (and, with tree states, placement tables).
    public static func complete(_ review: SeriesReview, kernel: String? = nil) throws(GitError) -> SeriesReview {
        judge(try analyzePlacement(review, kernel: kernel))
    }

    static func fileSummary(_ file: FileDiff) -> FileSummary {
        FileSummary(path: file.path, oldPath: file.kind == .renamed || file.kind == .copied ? file.oldPath : nil,
                    area: Area(path: file.path), kind: file.kind, added: file.addedCount,
                    removed: file.removedCount, isBinary: file.isBinary)
    }
}
