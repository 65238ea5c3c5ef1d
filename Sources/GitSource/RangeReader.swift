import Dispatch
import Foundation
import PatchModel

/// The commits of a range read as patches, in order, with the tree states around each.
public struct RangePatches: Sendable {
    public var range: RevisionRange
    public var patches: [Patch]
    public var states: SeriesStates
}

/// Reads the commits of a range into patches, diffing them on several threads: libgit2 handles are
/// not thread-safe, so every worker opens its own `Repository` and diffs a strided share of the
/// commits, striding by blocks of consecutive commits so that a commit's parent tree is usually
/// still in the worker's object cache; the results are merged back in order.
public enum RangeReader {
    /// Reads `range` in the repository at `path`. `progress` is called (from any thread) with the
    /// number of commits done and the total. `SHOOTDOWN_GIT_WORKERS` in the environment overrides
    /// `workers` (for benchmarks).
    public static func read(repository path: String, range text: String, options: WalkOptions = WalkOptions(),
                            workers: Int = Runs.cores,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) throws(GitError) -> RangePatches {
        let range = try RevisionRange.parse(text)
        let repository = try Repository(path: path)
        let ids = try repository.commits(in: range, merges: options.merges)
        guard !ids.isEmpty else {
            throw GitError(.missingInput, InputLocation(file: path), "empty range \(range): no commits to check")
        }
        let diffs = try diff(ids, repository: repository, options: options, workers: workers, progress: progress)
        var patches = diffs.map(\.patch)
        let total = patches.count
        for index in patches.indices {
            patches[index].subject.index = index + 1
            patches[index].subject.total = total
        }
        let states = SeriesStates(trees: diffs.map { ($0.tree, $0.parent) }, repository: repository)
        return RangePatches(range: range, patches: patches, states: states)
    }

    static func diff(_ ids: [ObjectName], repository: Repository, options: WalkOptions, workers requested: Int,
                     progress: (@Sendable (Int, Int) -> Void)?) throws(GitError) -> [CommitDiff] {
        var requested = requested
        if let text = ProcessInfo.processInfo.environment["SHOOTDOWN_GIT_WORKERS"], let count = Int(text) { requested = count }
        let workers = max(1, min(requested, ids.count / 8, 16))
        if workers == 1 {
            var patches: [CommitDiff] = []
            patches.reserveCapacity(ids.count)
            for (index, id) in ids.enumerated() {
                patches.append(try repository.commitDiff(id, findRenames: options.findRenames))
                progress?(index + 1, ids.count)
            }
            return patches
        }
        let results = WorkerResults(workers: workers)
        let done = Counter()
        let path = repository.path
        let block = Self.block
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var mine: [CommitDiff] = []
            do throws(GitError) {
                let own = try Repository(path: path)
                for start in stride(from: worker * block, to: ids.count, by: workers * block) {
                    for index in start..<min(start + block, ids.count) {
                        mine.append(try own.commitDiff(ids[index], findRenames: options.findRenames))
                        if let progress { progress(done.increment(), ids.count) }
                    }
                }
                results.set(worker, .success(mine))
            } catch {
                results.set(worker, .failure(error))
            }
        }
        var shares: [[CommitDiff]] = []
        for worker in 0..<workers {
            switch results.get(worker) {
            case .success(let share)?: shares.append(share)
            case .failure(let error)?: throw error
            case nil: throw GitError(.inputOutput, InputLocation(file: path), "a diff worker did not finish")
            }
        }
        var patches: [CommitDiff] = []
        patches.reserveCapacity(ids.count)
        for index in ids.indices {
            let share = shares[(index / block) % workers]
            let position = (index / (block * workers)) * block + index % block
            guard position < share.count else { break }
            patches.append(share[position])
        }
        return patches
    }

    /// Consecutive commits one worker diffs before the next worker's block.
    static let block = 32
}

/// A commit read as a patch, with its tree and its first parent's tree (`nil`: a root commit).
struct CommitDiff: Sendable {
    var patch: Patch
    var tree: ObjectName?
    var parent: ObjectName?
}

/// One slot per worker for its result; each worker writes only its own slot.
final class WorkerResults: @unchecked Sendable {
    private var slots: [Result<[CommitDiff], GitError>?]
    private let lock = NSLock()

    init(workers: Int) { slots = Array(repeating: nil, count: workers) }

    func set(_ worker: Int, _ result: Result<[CommitDiff], GitError>) {
        lock.lock()
        slots[worker] = result
        lock.unlock()
    }

    func get(_ worker: Int) -> Result<[CommitDiff], GitError>? {
        lock.lock()
        defer { lock.unlock() }
        return slots[worker]
    }
}

/// A shared count of finished items.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
