import KernelModel

/// The explicit-state model checker: breadth-first over packed states, so a failing run's trace is
/// a shortest one. Paths of an entry point are branches the search takes nondeterministically.
public enum ModelChecker {
    /// Runs one scenario on one placement.
    public static func run(_ scenario: Scenario, on placement: ArchPlacement, bounds: Bounds = .default) -> SimulationRun {
        let clock = ContinuousClock()
        let start = clock.now
        let layout = scenario.layout(bounds: bounds)
        var builder = ProgramBuilder(placement: placement, layout: layout, maxDepth: bounds.maxCallDepth)
        let program = builder.build()
        let engine = Engine(layout: layout, program: program, bounds: bounds)
        var run = SimulationRun(arch: placement.arch, state: placement.state, scenario: scenario, result: .holds,
                                states: 0, transitions: 0, seconds: 0, trace: [], unresolved: program.unresolved)
        if engine.overflow || layout.slots.count > 32 {
            run.result = .capped(states: 0)
            run.trace = ["bounds too large: the state does not fit in 128 bits (\(layout.slots.count) pages, \(layout.cpus) CPUs, \(bounds.devices) devices)"]
            run.seconds = seconds(clock.now - start)
            return run
        }
        var search = Search(engine: engine, maxStates: bounds.maxStates)
        let outcome = search.explore()
        run.states = search.store.count
        run.transitions = search.transitions
        run.bytes = search.store.bytes
        switch outcome {
        case .holds:
            run.result = .holds
        case .capped:
            run.result = .capped(states: search.store.count)
        case .fails(let parent, let successor):
            run.result = .fails(failureClass(successor.failure) ?? .useAfterFree)
            run.trace = TraceWriter(engine: engine, store: search.store).trace(to: parent, last: successor)
        }
        run.seconds = seconds(clock.now - start)
        return run
    }

    /// Every scenario on one placement.
    public static func runAll(on placement: ArchPlacement, bounds: Bounds = .default) -> [SimulationRun] {
        Scenario.allCases.map { run($0, on: placement, bounds: bounds) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// The breadth-first search over an engine's states.
struct Search {
    enum Outcome {
        case holds
        case capped
        case fails(parent: Int, successor: Successor)
    }

    let engine: Engine
    let maxStates: Int
    var store: StateStore
    var transitions = 0
    /// Keeps the prefetching loads of the table alive.
    private(set) var sink: UInt32 = 0

    init(engine: Engine, maxStates: Int) {
        self.engine = engine
        self.maxStates = min(max(1, maxStates), StateStore.capacityLimit)
        store = StateStore(words: engine.words)
    }

    mutating func explore() -> Outcome {
        for s in engine.initialStates() {
            _ = store.insert(s, parent: UInt32.max)
        }
        var buffer: [Successor] = []
        buffer.reserveCapacity(64)
        var hashes = [Int](repeating: 0, count: 64)
        var cursor = 0
        while cursor < store.count {
            let s = store.state(cursor)
            engine.successors(of: s, into: &buffer)
            if buffer.count > hashes.count { hashes = [Int](repeating: 0, count: buffer.count * 2) }
            store.reserve(buffer.count)
            // Load every successor's first slot before inserting any: the misses overlap.
            var touched: UInt32 = 0
            for i in buffer.indices {
                let h = StateStore.hash(buffer[i].state)
                hashes[i] = h
                touched |= store.peek(h)
            }
            sink |= touched
            for i in buffer.indices {
                transitions += 1
                let successor = buffer[i]
                if successor.failure != 0 { return .fails(parent: cursor, successor: successor) }
                if store.insert(successor.state, hash: hashes[i], parent: UInt32(cursor)), store.count >= maxStates {
                    return .capped
                }
            }
            cursor += 1
        }
        return .holds
    }
}
