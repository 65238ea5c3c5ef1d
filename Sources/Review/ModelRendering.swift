import KernelModel

/// Formats the placement table (`shootdown model`, design section 8).
public enum ModelRendering {
    public static func json(_ model: PlacementModel, source: JSONValue, arch: String? = nil) -> JSONValue {
        .object([
            ("source", source),
            ("archs", .array(model.archs.filter { arch == nil || $0.knowledge.name == arch }.filter(\.present).map { archModel in
                .object([
                    ("arch", .string(archModel.knowledge.name)),
                    ("secondaryUsers", .bool(archModel.knowledge.hasSecondaryUsers)),
                    ("entryPoints", .array(archModel.entryPoints.map(json))),
                ])
            })),
        ])
    }

    static func json(_ entry: EntryPointSummary) -> JSONValue {
        .object([
            ("name", .string(entry.name)),
            ("file", .string(entry.file)),
            ("line", .int(entry.line)),
            ("cpu", .bool(entry.cpu)),
            ("secondary", .string(entry.secondaryName)),
            ("conditional", .bool(entry.conditional)),
            ("count", .int(entry.count)),
            ("chain", .array(entry.chain.map(JSONValue.string))),
            ("paths", .array(entry.paths.map { path in
                .object([
                    ("conditions", .array(path.conditions.map(JSONValue.string))),
                    ("steps", .array(path.steps.map { .string(describe($0)) })),
                ])
            })),
        ])
    }

    /// A step in kernel terms: `flush_tlb_page > __flush_tlb_page_nosync > mmu_notifier_invalidate_range(mm, page)`.
    public static func describe(_ traced: TracedStep) -> String {
        let place = traced.chain.joined(separator: " > ")
        switch traced.step {
        case .cpuInvalidate(let range): return "\(place): CPU invalidation (\(range.shape.name))"
        case .secondaryInvalidate(let mm, let range):
            var facts: [String] = []
            if range.facts.contains(.consumedVariable) { facts.append("from a variable the loop consumed") }
            if range.facts.contains(.precedenceSuspect) { facts.append("C precedence") }
            if range.facts.contains(.overflowsAtMax) { facts.append("overflows at -1UL") }
            if range.facts.contains(.inclusiveEnd) { facts.append("inclusive end") }
            let suffix = facts.isEmpty ? "" : " [" + facts.joined(separator: ", ") + "]"
            return "\(place): secondary invalidation of \(describe(mm)) (\(range.shape.name): \(range.arguments.joined(separator: ", ")))\(suffix)"
        case .deferToBatch(let mm, let range): return "\(place): deferred to the batch (\(describe(mm)), \(range.shape.name))"
        case .earlyReturn(let condition): return "\(place): returns early when \(condition) (line \(traced.line))"
        case .call(let name): return "\(place): calls \(name) (not in this tree)"
        case .pteWrite(let what): return "\(place): PTE write \(what)"
        case .lock: return "\(place): takes the PTL"
        case .unlock: return "\(place): drops the PTL"
        case .free: return "\(place): frees"
        }
    }

    static func describe(_ mm: MMReference) -> String {
        switch mm {
        case .recorded(let text): text
        case .current: "current's mm"
        case .none: "no mm"
        case .unknown(let text): text
        }
    }

    public static func text(_ model: PlacementModel, arch: String? = nil, style: TextStyle = .plain) -> String {
        var out = "Placement of \(model.label)\n"
        for archModel in model.archs where archModel.present && (arch == nil || archModel.knowledge.name == arch) {
            let users = archModel.knowledge.hasSecondaryUsers ? archModel.knowledge.secondaryUsers.joined(separator: ", ") : "none"
            out += "\n" + style.bold("\(archModel.knowledge.name)") + " (secondary-TLB users: \(users))\n"
            for entry in archModel.entryPoints {
                var line = "  \(entry.name)".padding(to: 34)
                line += entry.cpu ? " cpu" : " -  "
                line += "  secondary: \(entry.secondaryName)"
                if entry.count > 1 { line += " x\(entry.count)" }
                if entry.conditional { line += " (on some paths)" }
                out += line + "\n"
                if entry.chain.count > 1 { out += "      via " + entry.chain.joined(separator: " > ") + "\n" }
                out += "      \(entry.file):\(entry.line)\n"
            }
        }
        return out
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
