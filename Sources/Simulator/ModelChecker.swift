import KernelModel

/// The explicit-state model checker: breadth-first over packed states, so a failing run's trace is
/// a shortest one.
///
/// The model, in short:
/// - A scenario's skeleton is expanded through the placement: each `call` is inlined (depth limit,
///   cycle guard); the paths of an entry point are alternatives the search takes nondeterministically
///   (conditions are not evaluated, except that a path whose condition is the negation of something
///   the call site assumes, such as `tlb->fullmm`, is not taken); an `earlyReturn` is taken or not.
/// - State, packed into one or two words: per page the PTE (none, or RO/RW of the page's own frame or
///   of its replacement frame), per CPU and per device a TLB entry per page, the frames (in use, freed,
///   reused), each kernel thread's micro-step, the PTL holder, the deferred batch's recorded pages, the
///   device's access in progress and whether it waits on a fault (upgrade scenario only: elsewhere the
///   device only issues accesses the PTE allows), and which deficient invalidation ran (to name a
///   failure `wrong-mm`, `empty-range` or `range-too-small`).
/// - One secondary TLB per device: the IOMMU's TLB and the device's ATC collapsed into one cache,
///   at 4 KiB granularity (so a huge page's halves are separate entries, as an ATC may hold them).
/// - Using a cached entry is not a transition: a TLB entry that maps a freed frame is a
///   `use-after-free` (a reused one a `stale-frame`) the moment both hold. A stale permission or frame
///   is a failure only where the kernel relies on the change (the skeleton's reliance points: after
///   the PTL is dropped over a new frame, when mprotect or fork returns).
/// - Ranges: `.page` covers the call's page, `.huge` its huge block, `.span` the call's range (in a
///   deferred flush, what the batch recorded), `.wholeMM` every page, `.empty` nothing; `.unknown`
///   covers nothing for a secondary invalidation (conservative) and the call's range for a CPU one.
///   `current->mm` in a deferred flush reaches another mm: nothing of this one.
/// - Liveness: when no kernel step is left, a device waiting on a fault whose PTE already allows the
///   access, and whose retry hits the same cached entry and faults again into the same state, is an
///   `infinite-device-fault`.
public enum ModelChecker {
    /// Runs one scenario on one placement.
    public static func run(_ scenario: Scenario, on placement: ArchPlacement, bounds: Bounds = .default) -> SimulationRun {
        let clock = ContinuousClock()
        let start = clock.now
        let layout = scenario.layout(bounds: bounds, batchesReclaim: placement.batchesReclaim)
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
        var buffer = SuccessorBuffer(capacity: engine.maxSuccessors)
        defer { buffer.deallocate() }
        var hashes = [Int](repeating: 0, count: buffer.capacity)
        var cursor = 0
        while cursor < store.count {
            let s = store.state(cursor)
            engine.successors(of: s, into: &buffer)
            store.reserve(buffer.count)
            // Load every successor's first slot before inserting any: the misses overlap.
            var touched: UInt32 = 0
            for i in 0..<buffer.count {
                let h = StateStore.hash(buffer[i].state)
                hashes[i] = h
                touched |= store.peek(h)
            }
            sink |= touched
            for i in 0..<buffer.count {
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
