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
}
