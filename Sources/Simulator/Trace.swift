/// Renders a path of the search in kernel terms, one line per step, with what each TLB held.
struct TraceWriter {
    let engine: Engine
    let store: StateStore

    func trace(to index: Int, last: Successor) -> [String] {
        var chain: [Int] = []
        var i = index
        while i != Int(UInt32.max) {
            chain.append(i)
            let p = store.parents[i]
            i = p == UInt32.max ? Int(UInt32.max) : Int(p)
        }
        chain.reverse()
        var lines = ["initially: " + summary(store.state(chain[0]))]
        var buffer = SuccessorBuffer(capacity: engine.maxSuccessors)
        defer { buffer.deallocate() }
        for k in 1..<max(1, chain.count) where chain.count > 1 {
            let from = store.state(chain[k - 1])
            let to = store.state(chain[k])
            engine.successors(of: from, into: &buffer)
            if let i = (0..<buffer.count).first(where: { buffer[$0].state == to && buffer[$0].failure == 0 }) {
                lines.append(describe(buffer[i].move, from: from, to: to))
            }
        }
        let before = store.state(index)
        if last.move.kind == .cycle {
            lines.append(cycleLine(last.move, before))
        } else {
            lines.append(describe(last.move, from: before, to: last.state))
            lines.append(failureLine(last))
        }
        return lines
    }

    private var layout: ScenarioLayout { engine.layout }

    private func page(_ v: Int) -> String { layout.slots.indices.contains(v) ? layout.slots[v].name : "?" }

    private func entryText(_ v: Int, _ e: UInt64) -> String {
        let frame = engine.frameOf[v * 2 + Int(e >> 2)]
        return "\(page(v)) \(Perm.name(UInt8(e & 3))) \(layout.frameNames[frame])"
    }

    func summary(_ s: PackedState) -> String {
        var parts: [String] = []
        let ptes = (0..<engine.pageCount).map { v -> String in
            let p = s.get(engine.pte[v])
            return p & 3 == 0 ? "\(page(v)) none" : entryText(v, p)
        }
        parts.append("PTE " + ptes.joined(separator: ", "))
        for c in 0..<engine.cpus {
            let held = (0..<engine.pageCount).compactMap { v -> String? in
                let e = s.get(engine.cpuTLB[c * engine.pageCount + v])
                return e & 3 == 0 ? nil : entryText(v, e)
            }
            parts.append("CPU\(c) TLB " + (held.isEmpty ? "empty" : held.joined(separator: ", ")))
        }
        for d in 0..<engine.devices {
            let held = (0..<engine.pageCount).compactMap { v -> String? in
                let e = s.get(engine.devTLB[d * engine.pageCount + v])
                return e & 3 == 0 ? nil : entryText(v, e)
            }
            parts.append("secondary TLB\(engine.devices > 1 ? String(d) : "") " + (held.isEmpty ? "empty" : held.joined(separator: ", ")))
        }
        let freed = engine.frame.indices.filter { engine.frame[$0].mask != 0 && s.get(engine.frame[$0]) != 0 }
        if !freed.isEmpty {
            parts.append("freed " + freed.map { layout.frameNames[$0] + (s.get(engine.frame[$0]) == 2 ? " (reused)" : "") }
                .joined(separator: ", "))
        }
        return "[" + parts.joined(separator: "; ") + "]"
    }

    private func device(_ d: Int) -> String { engine.devices > 1 ? "device \(d)" : "device" }

    private func describe(_ move: Move, from: PackedState, to: PackedState) -> String {
        let text: String
        switch move.kind {
        case .kernel:
            let ins = engine.instructions[Int(move.instruction)]
            let note = engine.program.pathNotes[move.instruction].map { "(path \($0)) " } ?? ""
            let thread = layout.threads.count > 1 ? "\(layout.threadNames[move.actor]): " : ""
            text = thread + note + ins.label
        case .deviceAccess, .deviceRetry:
            let verb = (move.kind == .deviceRetry ? "retries: " : "") + (move.write ? "writes" : "reads")
            let field = engine.devTLB[move.actor * engine.pageCount + move.page]
            let old = from.get(field), new = to.get(field)
            let faulted = engine.devWaiting[move.actor].mask != 0 && to.get(engine.devWaiting[move.actor]) != 0
            var what: String
            if old & 3 != 0 {
                what = "secondary TLB holds \(Perm.name(UInt8(old & 3)))"
                if faulted { what += new & 3 == 0 ? " -> permission fault, entry dropped" : " -> permission fault" }
            } else {
                let p = from.get(engine.pte[move.page])
                what = p & 3 == 0 ? "miss, PTE none" : "miss, walks the PTE (\(entryText(move.page, p)))"
                if new & 3 != 0 { what += ", caches \(Perm.name(UInt8(new & 3)))" }
                if faulted { what += " -> I/O page fault" }
            }
            text = "\(device(move.actor)) \(verb) \(page(move.page)): \(what)"
        case .deviceHandler:
            let p = from.get(engine.pte[move.page])
            text = "I/O page fault: handle_mm_fault(\(page(move.page)), \(move.write ? "FAULT_FLAG_WRITE" : "read")): PTE already \(Perm.name(UInt8(p & 3))), returns; \(device(move.actor)) retries"
        case .cpuFill:
            let p = from.get(engine.pte[move.page])
            text = "CPU\(move.actor) accesses \(page(move.page)): TLB miss, caches \(entryText(move.page, p))"
        case .cycle:
            text = ""
        }
        return text + "  " + summary(to)
    }

    private func cycleLine(_ move: Move, _ s: PackedState) -> String {
        let e = s.get(engine.devTLB[move.actor * engine.pageCount + move.page])
        let p = s.get(engine.pte[move.page])
        let access = move.write ? "writes" : "reads"
        return "\(device(move.actor)) \(access) \(page(move.page)): secondary TLB holds \(Perm.name(UInt8(e & 3))) -> fault; handle_mm_fault: PTE already \(Perm.name(UInt8(p & 3))), returns; repeats forever (infinite-device-fault)"
    }

    private func failureLine(_ s: Successor) -> String {
        let failure = failureClass(s.failure)?.rawValue ?? "failure"
        if failureClass(s.failure) == .doubleInvalidation, engine.count.mask != 0 {
            let n = s.state.get(engine.count)
            return "double-invalidation: \(page(layout.target)) was invalidated in the secondary TLB \(n >= 3 ? "3 or more" : String(n)) times for one change"
        }
        let isCPU = s.culprit & (1 << 16) != 0
        let unit = Int((s.culprit >> 8) & 0xFF)
        let v = Int(s.culprit & 0xFF)
        let who = isCPU ? "CPU\(unit) TLB" : "\(device(unit))'s secondary TLB"
        let field = isCPU ? engine.cpuTLB[unit * engine.pageCount + v] : engine.devTLB[unit * engine.pageCount + v]
        let e = s.state.get(field)
        let p = s.state.get(engine.pte[v])
        let held = e & 3 == 0 ? "nothing" : entryText(v, e)
        let pteText = p & 3 == 0 ? "none" : entryText(v, p)
        var cause = ""
        let r = engine.reasons.mask == 0 ? 0 : s.state.get(engine.reasons)
        if r & UInt64(Reason.wrongMM) != 0 { cause = " (a deferred invalidation went to the wrong mm)" }
        else if r & UInt64(Reason.emptyRange) != 0 { cause = " (a secondary invalidation covered an empty range)" }
        else if r & UInt64(Reason.shortRange) != 0 { cause = " (a secondary invalidation covered less than the range changed)" }
        return "\(failure): \(who) holds \(held) while the PTE is \(pteText)\(cause)"
    }
}
