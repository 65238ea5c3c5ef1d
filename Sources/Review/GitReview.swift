import GitSource
import PatchModel

extension ReviewPipeline {
    /// Reviews the commits of a git range (`A..B`, `A...B`, or one revision) as a series whose
    /// title is the range; placement rests on the commits' trees.
    public static func review(range: String, repository path: String, options: WalkOptions = WalkOptions(),
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(GitError) -> SeriesReview {
        let read = try RangeReader.read(repository: path, range: range, options: options, progress: progress)
        let series = Series(title: read.range.description, version: 1, total: read.patches.count, cover: nil,
                            patches: read.patches, missing: [])
        var review = review(series, source: ReviewSource(kind: .git, path: path, range: read.range.description,
                                                         baseline: .tree, base: nil))
        review.states = read.states
        return try complete(review)
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
