import Dispatch
import Foundation

/// Work cut into one run of consecutive items per core (the commits of a long range, the files of
/// a tree), the results back in order.
public enum Runs {
    /// The cores to use: `SHOOTDOWN_CORES` in the environment when set (tests compare one core with
    /// several), else every active one.
    public static let cores: Int = {
        if let text = ProcessInfo.processInfo.environment["SHOOTDOWN_CORES"], let count = Int(text), count > 0 { return count }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// The bounds of `runs` runs over `0..<count`.
    public static func bounds(_ count: Int, runs: Int) -> [Range<Int>] {
        (0..<runs).map { run in (run * count / runs)..<((run + 1) * count / runs) }
    }

    /// `body` over runs of `0..<count` (one run when `count` is below `minimum` or there is one
    /// core), concatenated in order.
    public static func map<T: Sendable>(_ count: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
        let runs = count >= minimum ? max(1, min(cores, count)) : 1
        return map(bounds(count, runs: runs), body)
    }

    /// `body` over the given runs, on at most `cores` threads at once (each takes the next run when it
    /// is done with one), concatenated in order.
    public static func map<T: Sendable>(_ ranges: [Range<Int>], _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
        map(ranges) { _, range in body(range) }
    }

    /// `body` over the given runs as `map` runs them, each told which worker (`0..<cores`) runs it:
    /// a worker runs one run at a time, so what it keeps from run to run is its own.
    public static func map<T: Sendable>(_ ranges: [Range<Int>], byWorker body: @Sendable (_ worker: Int, Range<Int>) -> [T]) -> [T] {
        guard ranges.count > 1, cores > 1 else { return ranges.flatMap { body(0, $0) } }
        let slots = Slots<[T]>(count: ranges.count)
        let queue = RunQueue(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: min(cores, ranges.count)) { worker in
            while let run = queue.take() { slots.set(run, body(worker, ranges[run])) }
        }
        return slots.values.flatMap { $0 ?? [] }
    }
}

/// One slot per concurrent run for its result; each run writes only its own slot.
public final class Slots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    public var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

/// The runs not yet taken: each thread takes the next one when it is done with one.
final class RunQueue: @unchecked Sendable {
    private var next = 0
    private let count: Int
    private let lock = NSLock()

    init(count: Int) { self.count = count }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
