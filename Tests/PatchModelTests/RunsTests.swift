import Foundation
import Testing
@testable import PatchModel

@Suite("runs")
struct RunsTests {
    @Test(arguments: [0, 1, 2, 7, 100, 1001])
    func boundsCoverEveryItemOnce(count: Int) {
        for runs in 1...5 {
            let bounds = Runs.bounds(count, runs: runs)
            #expect(bounds.count == runs)
            #expect(bounds.flatMap { Array($0) } == Array(0..<count))
        }
    }

    @Test func resultsComeBackInOrder() {
        let squares = Runs.map(Array(Runs.bounds(1000, runs: 4))) { range in range.map { $0 * $0 } }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(Runs.map(10, minimum: 100) { range in [range] } == [0..<10])
    }

    struct Told: Sendable {
        var worker: Int
        var start: Int
        var sum: Int
    }

    /// Each run is told its worker: one of the cores, and never two runs on one worker at once.
    @Test func runsAreToldTheirWorker() {
        final class Busy: @unchecked Sendable {
            private let lock = NSLock()
            private var running = Set<Int>()
            private(set) var overlapped = false
            func start(_ worker: Int) { lock.withLock { overlapped = overlapped || !running.insert(worker).inserted } }
            func stop(_ worker: Int) { lock.withLock { _ = running.remove(worker) } }
        }
        let busy = Busy()
        let ranges = Runs.bounds(4_000, runs: 40)
        let told = Runs.map(ranges, byWorker: { worker, range -> [Told] in
            busy.start(worker)
            defer { busy.stop(worker) }
            var sum = 0
            for value in range { sum &+= value &* value }
            // Long enough that the workers' runs overlap in time.
            usleep(2_000)
            return [Told(worker: worker, start: range.lowerBound, sum: sum)]
        })
        #expect(!busy.overlapped)
        #expect(told.map(\.start) == ranges.map(\.lowerBound))
        #expect(told.allSatisfy { (0..<max(1, Runs.cores)).contains($0.worker) })
        #expect(told.map(\.sum) == ranges.map { $0.reduce(0) { $0 &+ $1 &* $1 } })
    }
}
