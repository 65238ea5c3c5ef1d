import GitSource
import PatchModel

extension ReviewPipeline {
    /// Reviews the commits of a git range (`A..B`, `A...B`, or one revision) as a series whose
    /// title is the range; placement rests on the commits' trees. The range is cut into one run of
    /// consecutive commits per core, and each run is read, analysed and judged on its own core.
    public static func review(range: String, repository path: String, options: WalkOptions = WalkOptions(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(GitError) -> SeriesReview {
        let title = try RevisionRange.parse(range).description
        let source = ReviewSource(kind: .git, path: path, range: title, baseline: .tree, base: nil)
        let read: (RevisionRange, [JudgedRun]) = try RangeReader.read(
            repository: path, range: range, options: options, progress: progress
        ) { (run: CommitRun) throws(GitError) -> [JudgedRun] in
            let analyses = try analyze(run.patches, states: run.states, in: run.patches.indices)
            let cache = RunCache()
            let patches = zip(run.patches, analyses).map { patch, analysis in
                var patchReview = Self.review(patch)
                patchReview.placement = analysis.placement
                patchReview.changes = analysis.changes
                return judge(patchReview, source: source, cache: cache)
            }
            // The run's repository handle (and its caches) goes here, on the run's own thread.
            return [JudgedRun(patches: patches, states: run.states.states, parents: run.states.parents, cache: cache)]
        }
        let runs = read.1
        var patches = runs.flatMap { $0.patches }
        RangeReader.number(&patches, \.patch.subject)
        let series = Series(title: title, version: 1, total: patches.count, cover: nil,
                            patches: patches.map { $0.patch }, missing: [])
        var result = SeriesReview(source: source, series: series, patches: patches)
        result.states = SeriesStates(joining: runs.map { ($0.states, $0.parents) }, repository: try Repository(path: path))
        judgeSeries(&result, consulting: runs.map(\.cache))
        return result
    }

    /// One run of a range, read, analysed and judged.
    private struct JudgedRun: Sendable {
        var patches: [PatchReview]
        var states: [TreeState]
        var parents: [TreeState]
        /// The simulation runs the run made, which the series' own judging takes again.
        var cache: RunCache
    }

    /// Reads a mailbox, reviews the chosen version of its series, and applies it in memory onto a
    /// base in the repository at `tree`: `base` when given, else the series' `base-commit:` when
    /// the repository has it, else `HEAD`. Nothing is written to the repository.
    public static func review(mailbox path: String, format: MboxFormat = .auto,
                              selection: SeriesSelection = SeriesSelection(),
                              tree repositoryPath: String, base: String?) throws -> SeriesReview {
        let repository = try Repository(path: repositoryPath)
        var review = try assemble(mailbox: path, format: format, selection: selection)
        let baseCommit: ObjectName
        if let base {
            baseCommit = try repository.commit(base)
        } else if let named = review.series.baseCommit, let found = try? repository.commit(named) {
            baseCommit = found
        } else {
            baseCommit = try repository.commit("HEAD")
        }
        let applied = try repository.apply(review.series.patches, onto: baseCommit)
        for index in review.patches.indices where index < applied.applications.count {
            review.patches[index].apply = applied.applications[index]
        }
        review.states = applied.states
        review.source.baseline = .tree
        review.source.base = applied.base
        return try complete(review)
    }
}
