import CLibGit2
import Foundation
import PatchModel

/// The commits of a range read as patches, in order, with the tree states around each.
public struct RangePatches: Sendable {
    public var range: RevisionRange
    public var patches: [Patch]
    public var states: SeriesStates
}

/// A run of consecutive commits of a range, read by one worker: its patches (numbered in the whole
/// range) and the tree states around them (state 0 is the first commit's parent).
public struct CommitRun: Sendable {
    /// The position of the run's first commit in the range.
    public var offset: Int
    public var patches: [Patch]
    public var states: SeriesStates
}

/// Reads the commits of a range into patches on several threads: libgit2 handles are not
/// thread-safe, so the range is cut into one run of consecutive commits per worker and every worker
/// opens its own `Repository` (a commit's parent tree is then still in its object cache).
public enum RangeReader {
    /// Reads `range` in the repository at `path`. `progress` is called (from any thread) with the
    /// number of commits done and the total. `workers` is the cores to use; a range of 512 commits or
    /// more is cut into twice as many runs when there are several. `SHOOTDOWN_GIT_WORKERS` in the
    /// environment sets the number of runs (for benchmarks).
    public static func read(repository path: String, range text: String, options: WalkOptions = WalkOptions(),
                            workers: Int = Runs.cores,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) throws(GitError) -> RangePatches {
        let (range, runs) = try read(repository: path, range: text, options: options, workers: workers,
                                     progress: progress) { run throws(GitError) in [run] }
        let repository = try Repository(path: path)
        var patches = runs.flatMap(\.patches)
        number(&patches, \.subject)
        return RangePatches(range: range, patches: patches,
                            states: SeriesStates(joining: runs.map(\.states), repository: repository))
    }

    /// Numbers the patches of a range in it: index k of the total. Runs skip merges as they read, so
    /// a patch's place is known only once every run is done.
    public static func number<Item>(_ items: inout [Item], _ subject: WritableKeyPath<Item, SubjectLine>) {
        for index in items.indices {
            items[index][keyPath: subject].index = index + 1
            items[index][keyPath: subject].total = items.count
        }
    }

    /// Reads `range` in runs and hands each run, on the worker that read it, to `each` (the later
    /// stages of a review run there too, so no core waits for the whole range to be diffed); the
    /// results of all runs come back in order. The first error in range order is thrown. A run reads
    /// its commits up to their diffs, reads the blobs those diffs need ahead, path by path, then
    /// diffs. Merges are skipped (unless `options.merges`) as the runs read them, so the patches are
    /// not numbered: `number` does it on the joined results.
    public static func read<T: Sendable>(repository path: String, range text: String, options: WalkOptions = WalkOptions(),
                                         workers requested: Int = Runs.cores,
                                         progress: (@Sendable (Int, Int) -> Void)? = nil,
                                         _ each: @Sendable (CommitRun) throws(GitError) -> [T]) throws(GitError) -> (RevisionRange, [T]) {
        let range = try RevisionRange.parse(text)
        let ids = try Repository(path: path).commits(in: range)
        let empty = GitError(.missingInput, InputLocation(file: path), "empty range \(range): no commits to check")
        guard !ids.isEmpty else { throw empty }
        // A long range is cut into two runs a core: cores take the next run as they finish one, and
        // one run that takes longer no longer leaves the other cores idle at the end (on the
        // 4,199-commit benchmark the second half ran ~0.3 s ahead of the first). Each run starts
        // with a whole build of its first state, so a short range keeps one run a core.
        var workers = ids.count >= 512 && requested > 1 ? 2 * requested : requested
        if let text = ProcessInfo.processInfo.environment["SHOOTDOWN_GIT_WORKERS"], let count = Int(text) { workers = count }
        workers = max(1, min(workers, ids.count / 8, 16))
        let done = Counter()
        let read = Counter()
        let runs = Runs.bounds(ids.count, runs: workers)
        let results = Runs.map(runs) { bounds -> [Result<[T], GitError>] in
            [Result { () throws(GitError) in
                let repository = try Repository(path: path)
                if runs.count > 1 { repository.openOwnPackHandles(run: runs.firstIndex(of: bounds) ?? 0) }
                // Every commit is read up to its diff first, so the blobs the diffs ask for can be
                // read ahead path by path.
                var plans: [CommitPlan] = []
                plans.reserveCapacity(bounds.count)
                for index in bounds {
                    if let plan = try repository.plan(ids[index], findRenames: options.findRenames, merges: options.merges) {
                        plans.append(plan)
                        _ = read.increment()
                    } else if let progress {
                        progress(done.increment(), ids.count)
                    }
                }
                try repository.readAhead(plans.compactMap(\.walked))
                var diffs: [CommitDiff] = []
                diffs.reserveCapacity(plans.count)
                for plan in plans {
                    diffs.append(try repository.commitDiff(plan))
                    if let progress { progress(done.increment(), ids.count) }
                }
                guard !diffs.isEmpty else { return [] }
                let states = SeriesStates(trees: diffs.map { ($0.tree, $0.parent) }, repository: repository)
                return try each(CommitRun(offset: bounds.lowerBound, patches: diffs.map(\.patch), states: states))
            }]
        }
        var values: [T] = []
        for result in results { values.append(contentsOf: try result.get()) }
        // A range of merges alone, without `--merges`.
        guard read.value > 0 else { throw empty }
        return (range, values)
    }
}

/// A commit read up to its diff: its patch without files, its tree and its first parent's tree
/// (`nil`: a root commit), and the changes the diff walks itself (`nil`: libgit2 diffs the trees).
struct CommitPlan {
    var patch: Patch
    var tree: git_oid
    var parent: git_oid?
    var walked: [WalkedChange]?
    var findRenames: Bool
}

/// A commit read as a patch, with its tree and its first parent's tree (`nil`: a root commit).
struct CommitDiff: Sendable {
    var patch: Patch
    var tree: ObjectName?
    var parent: ObjectName?
}

/// A shared count of finished items.
final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
