import KernelModel

/// What a transition did, enough to print it.
struct Move: Equatable {
    enum Kind: UInt8 { case kernel, deviceAccess, deviceRetry, deviceHandler, cpuFill, cycle }
    var kind: Kind
    var actor: Int
    var page: Int = 0
    var write = false
    var instruction: Int32 = 0
}

/// A successor with the check it failed, if any (`failure` 0: none, else index into FailureClass.allCases + 1).
struct Successor {
    var state: PackedState
    var move: Move
    var failure: UInt8
    /// Which TLB entry was at fault: bit 16 CPU, bits 8-15 the CPU or device, bits 0-7 the page.
    var culprit: Int32
}

/// The successors of one state: a fixed block of memory reused for every state, so the search
/// loop appends without uniqueness checks or reallocation.
struct SuccessorBuffer {
    private let base: UnsafeMutablePointer<Successor>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func removeAll() { count = 0 }

    /// Appends unless full (the engine sizes the buffer for its largest fan-out).
    @inline(__always) mutating func append(_ successor: Successor) {
        guard count < capacity else { return }
        (base + count).initialize(to: successor)
        count += 1
    }

    @inline(__always) subscript(_ i: Int) -> Successor { base[i] }

    func deallocate() { base.deallocate() }
}

@inline(__always) func failureCode(_ f: FailureClass) -> UInt8 {
    UInt8(FailureClass.allCases.firstIndex(of: f).map { $0 + 1 } ?? 0)
}

func failureClass(_ code: UInt8) -> FailureClass? {
    code == 0 ? nil : FailureClass.allCases[Int(code) - 1]
}

/// The transition system of one scenario on one placement: packed state layout, initial states and
/// the successor relation with its checks.
struct Engine {
    let layout: ScenarioLayout
    let program: Program
    let instructions: [Instruction]
    let cachesFaulting: Bool
    let devices: Int
    let cpus: Int
    let pageCount: Int
    let genBits: Int
    var pte: [Field] = []
    var cpuTLB: [Field] = []
    var devTLB: [Field] = []
    var frame: [Field] = []
    var pc: [Field] = []
    var ptl = Field.absent
    var batch = Field.absent
    var devPage: [Field] = []
    var devWrite: [Field] = []
    var devPending: [Field] = []
    var devWaiting: [Field] = []
    var detached = Field.absent
    var gate = Field.absent
    var reasons = Field.absent
    var count = Field.absent
    var words = 1
    var overflow = false
    /// Frame of page v with generation g at `v * 2 + g`.
    var frameOf: [Int] = []
    var isEnd: [Bool] = []
    // The instructions' hot fields as flat arrays (no reference counting in the search loop).
    var kinds: [Instruction.Kind] = []
    var masks: [UInt64] = []
    var recorded: [Bool] = []
    var effects: [PTEEffect] = []
    var reasonOf: [UInt8] = []
    var countsOf: [Bool] = []
    var nextStart: [Int] = []
    var nextFlat: [Int32] = []
    var tracksFrames = false
    /// The most successors a state can have.
    var maxSuccessors = 0

    init(layout: ScenarioLayout, program: Program, bounds: Bounds) {
        self.layout = layout
        self.program = program
        instructions = program.instructions
        cachesFaulting = bounds.device.deviceCachesFaultingEntries
        devices = max(0, bounds.devices)
        cpus = layout.cpus
        pageCount = layout.slots.count
        genBits = layout.slots.contains { $0.newFrame != nil } ? 1 : 0
        let entryBits = 2 + genBits
        var alloc = FieldAllocator()
        let pcBits = bitsFor(instructions.count)
        for _ in layout.threads { pc.append(alloc.take(pcBits)) }
        ptl = alloc.take(bitsFor(layout.threads.count + 1))
        for _ in 0..<pageCount { pte.append(alloc.take(entryBits)) }
        for _ in 0..<devices {
            for _ in 0..<pageCount { devTLB.append(alloc.take(entryBits)) }
        }
        let pageBits = bitsFor(pageCount)
        for _ in 0..<devices {
            devPending.append(alloc.take(1))
            if layout.checksLiveness {
                devWaiting.append(alloc.take(1))
                devWrite.append(alloc.take(1))
                devPage.append(alloc.take(pageBits))
            } else {
                devWaiting.append(.absent)
                devWrite.append(.absent)
                devPage.append(.absent)
            }
        }
        for _ in 0..<cpus {
            for _ in 0..<pageCount { cpuTLB.append(alloc.take(entryBits)) }
        }
        let usesFrameStates = instructions.contains { $0.kind == .free || $0.kind == .reuse }
        for _ in layout.frameNames { frame.append(usesFrameStates ? alloc.take(2) : .absent) }
        if instructions.contains(where: { $0.kind == .deferRecord || $0.useRecorded }) { batch = alloc.take(pageCount) }
        if instructions.contains(where: { $0.kind == .detach }) { detached = alloc.take(1) }
        if instructions.contains(where: { $0.kind == .signal }) { gate = alloc.take(1) }
        if instructions.contains(where: { $0.reason != 0 }) { reasons = alloc.take(3) }
        if layout.checksEfficiency { count = alloc.take(2) }
        words = alloc.words
        overflow = alloc.overflow
        for slot in layout.slots {
            frameOf.append(slot.frame)
            frameOf.append(slot.newFrame ?? slot.frame)
        }
        isEnd = instructions.map { $0.kind == .end }
        kinds = instructions.map(\.kind)
        masks = instructions.map(\.mask)
        recorded = instructions.map(\.useRecorded)
        effects = instructions.map(\.effect)
        reasonOf = instructions.map(\.reason)
        countsOf = instructions.map(\.counts)
        for ins in instructions {
            nextStart.append(nextFlat.count)
            nextFlat.append(contentsOf: ins.next)
        }
        nextStart.append(nextFlat.count)
        tracksFrames = frame.contains { $0.mask != 0 }
        let fanOut = instructions.map(\.next.count).max() ?? 1
        maxSuccessors = layout.threads.count * fanOut + devices * (2 * pageCount + 2) + cpus * pageCount + 8
    }

    func initialStates() -> [PackedState] {
        var base = PackedState(w0: 0, w1: 0)
        for (v, slot) in layout.slots.enumerated() { base.set(pte[v], UInt64(slot.initial)) }
        var states = [base]
        for (t, starts) in program.starts.enumerated() {
            var next: [PackedState] = []
            for s in states {
                for start in starts {
                    var n = s
                    n.set(pc[t], UInt64(start))
                    next.append(n)
                }
            }
            states = next
        }
        return states
    }

    @inline(__always) private func perm(_ e: UInt64) -> UInt64 { e & 3 }
    @inline(__always) private func frameIndex(_ v: Int, _ e: UInt64) -> Int { frameOf[v &* 2 &+ Int(e >> 2)] }

    /// The first TLB entry (devices first, then CPUs) whose frame is in the given state (1 freed, 2 reused).
    func staleEntry(_ s: PackedState, frameState: UInt64) -> Int32? {
        for d in 0..<devices {
            for v in 0..<pageCount {
                let e = s.get(devTLB[d &* pageCount &+ v])
                if perm(e) != 0 && s.get(frame[frameIndex(v, e)]) == frameState { return Int32(d << 8 | v) }
            }
        }
        for c in 0..<cpus {
            for v in 0..<pageCount {
                let e = s.get(cpuTLB[c &* pageCount &+ v])
                if perm(e) != 0 && s.get(frame[frameIndex(v, e)]) == frameState { return Int32(1 << 16 | c << 8 | v) }
            }
        }
        return nil
    }

    /// The first TLB entry of the pages that grants more than the PTE, or another frame.
    func relyViolation(_ s: PackedState, pages: UInt64) -> (FailureClass, Int32)? {
        func check(_ e: UInt64, _ v: Int) -> FailureClass? {
            guard perm(e) != 0 else { return nil }
            let p = s.get(pte[v])
            if perm(p) == 0 { return .stalePermission }
            if (e >> 2) != (p >> 2) { return .staleFrame }
            if perm(e) > perm(p) { return .stalePermission }
            return nil
        }
        for d in 0..<devices {
            for v in 0..<pageCount where pages & (1 << UInt64(v)) != 0 {
                if let f = check(s.get(devTLB[d &* pageCount &+ v]), v) { return (f, Int32(d << 8 | v)) }
            }
        }
        for c in 0..<cpus {
            for v in 0..<pageCount where pages & (1 << UInt64(v)) != 0 {
                if let f = check(s.get(cpuTLB[c &* pageCount &+ v]), v) { return (f, Int32(1 << 16 | c << 8 | v)) }
            }
        }
        return nil
    }

    /// A safety failure named after its cause when a deficient invalidation ran.
    @inline(__always) func classify(_ base: FailureClass, _ s: PackedState) -> UInt8 {
        let r = s.get(reasons)
        if r & UInt64(Reason.wrongMM) != 0 { return failureCode(.wrongMM) }
        if r & UInt64(Reason.emptyRange) != 0 { return failureCode(.emptyRange) }
        if r & UInt64(Reason.shortRange) != 0 { return failureCode(.rangeTooSmall) }
        return failureCode(base)
    }

    func kernelCanMove(_ s: PackedState) -> Bool {
        let holder = s.get(ptl)
        for t in 0..<pc.count {
            let i = Int(s.get(pc[t]))
            if isEnd[i] { continue }
            if kinds[i] == .lock && holder != 0 && holder != UInt64(t + 1) { continue }
            if kinds[i] == .wait && s.get(gate) == 0 { continue }
            return true
        }
        return false
    }

    /// All successors of a state, in a fixed order: kernel threads, devices, CPUs.
    func successors(of s: PackedState, into out: inout SuccessorBuffer) {
        out.removeAll()
        kernelSuccessors(s, &out)
        if detached.mask == 0 || s.get(detached) == 0 {
            for d in 0..<devices { deviceSuccessors(s, d, &out) }
        }
        guard cpus > 0 else { return }
        cpuTLB.withUnsafeBufferPointer { cpuFields in
            pte.withUnsafeBufferPointer { pteFields in
                for v in 0..<pageCount {
                    let p = s.get(pteFields[v])
                    guard perm(p) != 0 else { continue }
                    var failure: UInt8 = 0
                    if tracksFrames {
                        let st = s.get(frame[frameIndex(v, p)])
                        if st != 0 { failure = classify(st == 1 ? .useAfterFree : .staleFrame, s) }
                    }
                    for c in 0..<cpus {
                        let f = cpuFields[c &* pageCount &+ v]
                        guard perm(s.get(f)) == 0 else { continue }
                        var n = s
                        n.set(f, p)
                        out.append(Successor(state: n, move: Move(kind: .cpuFill, actor: c, page: v), failure: failure,
                                             culprit: Int32(1 << 16 | c << 8 | v)))
                    }
                }
            }
        }
    }

    private func kernelSuccessors(_ s: PackedState, _ out: inout SuccessorBuffer) {
        for t in 0..<pc.count {
            let i = Int(s.get(pc[t]))
            let kind = kinds[i]
            let insMask = masks[i]
            var n = s
            var failure: UInt8 = 0
            var culprit: Int32 = 0
            switch kind {
            case .end:
                continue
            case .lock:
                let holder = s.get(ptl)
                if holder != 0 && holder != UInt64(t + 1) { continue }
                n.set(ptl, UInt64(t + 1))
            case .unlock:
                if s.get(ptl) == UInt64(t + 1) { n.set(ptl, 0) }
            case .pte:
                for v in 0..<pageCount where insMask & (1 << UInt64(v)) != 0 {
                    let p = n.get(pte[v])
                    switch effects[i] {
                    case .clear: n.set(pte[v], 0)
                    case .writeProtect: if perm(p) == 2 { n.set(pte[v], (p & ~3) | 1) }
                    case .upgrade: if perm(p) != 0 { n.set(pte[v], (p & ~3) | 2) }
                    case .replace: n.set(pte[v], genBits == 1 ? (4 | 2) : 2)
                    }
                }
            case .cpuInvalidate:
                let m = insMask | (recorded[i] ? s.get(batch) : 0)
                for c in 0..<cpus {
                    for v in 0..<pageCount where m & (1 << UInt64(v)) != 0 { n.set(cpuTLB[c &* pageCount &+ v], 0) }
                }
            case .secondaryInvalidate:
                let m = insMask | (recorded[i] ? s.get(batch) : 0)
                for d in 0..<devices {
                    for v in 0..<pageCount where m & (1 << UInt64(v)) != 0 { n.set(devTLB[d &* pageCount &+ v], 0) }
                }
                if reasonOf[i] != 0 { n.set(reasons, s.get(reasons) | UInt64(reasonOf[i])) }
                if countsOf[i] && count.mask != 0 { n.set(count, min(3, s.get(count) + 1)) }
            case .deferRecord:
                n.set(batch, s.get(batch) | insMask)
                if reasonOf[i] != 0 { n.set(reasons, s.get(reasons) | UInt64(reasonOf[i])) }
            case .free, .reuse:
                let target: UInt64 = kind == .free ? 1 : 2
                for (f, field) in frame.enumerated() where insMask & (1 << UInt64(f)) != 0 {
                    let st = n.get(field)
                    if (target == 1 && st == 0) || (target == 2 && st == 1) { n.set(field, target) }
                }
                if let c = staleEntry(n, frameState: target) {
                    failure = classify(target == 1 ? .useAfterFree : .staleFrame, n)
                    culprit = c
                }
            case .rely:
                if let (f, c) = relyViolation(n, pages: insMask) {
                    failure = classify(f, n)
                    culprit = c
                }
            case .detach:
                n.set(detached, 1)
            case .batchDone:
                n.set(batch, 0)
            case .signal:
                n.set(gate, 1)
            case .wait:
                if gate.mask == 0 || s.get(gate) == 0 { continue }
            case .nop:
                break
            }
            for k in nextStart[i]..<nextStart[i + 1] {
                let next = nextFlat[k]
                var m = n
                m.set(pc[t], UInt64(next))
                var f = failure
                if f == 0 && count.mask != 0 && isEnd[Int(next)] && m.get(count) >= 2
                    && (0..<pc.count).allSatisfy({ isEnd[Int(m.get(pc[$0]))] }) {
                    f = failureCode(.doubleInvalidation)
                }
                out.append(Successor(state: m, move: Move(kind: .kernel, actor: t, instruction: Int32(i)),
                                     failure: f, culprit: culprit))
            }
        }
    }

    /// The device tries an access through its secondary TLB. Returns nil when nothing changes.
    func access(_ s: PackedState, _ d: Int, _ v: Int, write: Bool, retry: Bool) -> (PackedState, UInt8)? {
        let field = devTLB[d &* pageCount &+ v]
        let e = s.get(field)
        var n = s
        let liveness = layout.checksLiveness
        func fault(_ n: inout PackedState) {
            n.set(devPending[d], 1)
            n.set(devWaiting[d], 1)
            n.set(devWrite[d], write ? 1 : 0)
            n.set(devPage[d], UInt64(v))
        }
        if perm(e) != 0 {
            if !write || perm(e) == 2 {
                guard retry else { return nil }
                n.set(devPending[d], 0)
                n.set(devWaiting[d], 0)
                return (n, 0)
            }
            guard liveness else { return nil }
            if !cachesFaulting { n.set(field, 0) }
            fault(&n)
            return (n, 0)
        }
        let p = s.get(pte[v])
        let allowed = write ? perm(p) == 2 : perm(p) != 0
        var failure: UInt8 = 0
        if perm(p) != 0 && tracksFrames {
            let st = s.get(frame[frameIndex(v, p)])
            if st != 0 { failure = classify(st == 1 ? .useAfterFree : .staleFrame, s) }
        }
        if allowed {
            n.set(field, p)
            n.set(devPending[d], 0)
            n.set(devWaiting[d], 0)
            return (n, failure)
        }
        guard liveness else { return nil }
        if perm(p) != 0 && cachesFaulting { n.set(field, p) }
        fault(&n)
        return (n, failure)
    }

    private func deviceSuccessors(_ s: PackedState, _ d: Int, _ out: inout SuccessorBuffer) {
        let culpritBase = Int32(d << 8)
        if devPending[d].mask != 0 && s.get(devPending[d]) != 0 {
            let v = Int(s.get(devPage[d]))
            let write = s.get(devWrite[d]) != 0
            if s.get(devWaiting[d]) != 0 {
                // handle_mm_fault: returns without change when the PTE already allows the access.
                let p = s.get(pte[v])
                guard write ? perm(p) == 2 : perm(p) != 0 else { return }
                var n = s
                n.set(devWaiting[d], 0)
                if layout.checksLiveness && !kernelCanMove(s),
                   let (again, _) = access(n, d, v, write: write, retry: true), again == s {
                    out.append(Successor(state: s, move: Move(kind: .cycle, actor: d, page: v, write: write),
                                         failure: failureCode(.infiniteDeviceFault), culprit: culpritBase | Int32(v)))
                    return
                }
                out.append(Successor(state: n, move: Move(kind: .deviceHandler, actor: d, page: v, write: write),
                                     failure: 0, culprit: 0))
            } else if let (n, f) = access(s, d, v, write: write, retry: true) {
                out.append(Successor(state: n, move: Move(kind: .deviceRetry, actor: d, page: v, write: write),
                                     failure: f, culprit: culpritBase | Int32(v)))
            }
            return
        }
        // Without the fault path a write fills what a read fills, so reads suffice.
        let kinds = layout.checksLiveness && layout.deviceWrites ? 2 : 1
        for v in 0..<pageCount {
            for k in 0..<kinds {
                let write = k == 1
                if let (n, f) = access(s, d, v, write: write, retry: false), n != s {
                    out.append(Successor(state: n, move: Move(kind: .deviceAccess, actor: d, page: v, write: write),
                                         failure: f, culprit: culpritBase | Int32(v)))
                }
            }
        }
    }
}
