import KernelModel

/// The simulator's benchmark: every scenario on the reference placements at larger bounds.
public enum SimulatorBenchmark {
    /// Runs every scenario on arm64 before and after with the given bounds (no state cap beyond 50M).
    public static func run(pages: Int, cpus: Int, devices: Int) -> [SimulationRun] {
        let bounds = Bounds(pages: pages, cpus: cpus, devices: devices, maxStates: 50_000_000)
        return [ReferencePlacements.arm64Before, ReferencePlacements.arm64After].flatMap {
            ModelChecker.runAll(on: $0, bounds: bounds)
        }
    }

    /// Totals over runs: states, transitions, seconds, states per second, bytes per state.
    public static func summary(_ runs: [SimulationRun]) -> (states: Int, transitions: Int, seconds: Double,
                                                            statesPerSecond: Double, bytesPerState: Double) {
        let states = runs.reduce(0) { $0 + $1.states }
        let transitions = runs.reduce(0) { $0 + $1.transitions }
        let seconds = runs.reduce(0) { $0 + $1.seconds }
        let bytes = runs.reduce(0) { $0 + $1.bytes }
        return (states, transitions, seconds, seconds > 0 ? Double(states) / seconds : 0,
                states > 0 ? Double(bytes) / Double(states) : 0)
    }
}
