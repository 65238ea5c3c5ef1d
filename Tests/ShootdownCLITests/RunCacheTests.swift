import KernelModel
@testable import Review
import Simulator
import Testing

/// The simulation runs a range's judging keeps by placement: a series' own judging takes the runs
/// its patches' judging made (the caches of the range's runs) instead of making them again.
@Suite("run cache")
struct RunCacheTests {
    static func placement(_ state: String, secondary: Bool) -> ArchPlacement {
        var steps: [PlacementStep] = [.cpuInvalidate(InvalidationRange(.span))]
        if secondary { steps.append(.secondaryInvalidate(mm: .recorded("mm"), range: InvalidationRange(.span))) }
        return ArchPlacement(arch: "arm64", state: state, secondaryUsers: true, entryPoints: [
            "flush_tlb_range": EntryPointPlacement(name: "flush_tlb_range", paths: [PlacementPath(conditions: [], steps: steps)]),
        ])
    }

    static func storage(_ runs: [SimulationRun]) -> UnsafeRawPointer? {
        runs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func aCacheTakesWhatAFinishedRunsCacheMade() {
        let bounds = ReviewPipeline.bounds(for: "arm64")
        let first = ReviewPipeline.RunCache()
        let made = first.runAll(Self.placement("before", secondary: false), bounds: bounds)
        let feasible = first.feasible(Self.placement("before", secondary: false))
        let series = ReviewPipeline.RunCache(consulting: [ReviewPipeline.RunCache(), first])
        // The same placement under another state label: taken, not made again.
        let taken = series.runAll(Self.placement("series-before", secondary: false), bounds: bounds)
        #expect(taken == made)
        #expect(Self.storage(taken) == Self.storage(made))
        #expect(series.feasible(Self.placement("series-before", secondary: false)).entryPoints == feasible.entryPoints)
        // A placement no run made is made here, as a cache of its own would.
        let other = Self.placement("after", secondary: true)
        let fresh = series.runAll(other, bounds: bounds)
        let checked = ModelChecker.runAll(on: other, bounds: bounds)
        #expect(fresh.map(\.scenario) == checked.map(\.scenario))
        #expect(fresh.map(\.result.name) == checked.map(\.result.name))
        #expect(fresh.map(\.trace) == checked.map(\.trace))
        #expect(Self.storage(fresh) != Self.storage(made))
    }
}
