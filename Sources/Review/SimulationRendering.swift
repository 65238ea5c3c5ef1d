import Simulator

/// Formats simulator runs (`shootdown simulate`, design section 8).
public enum SimulationRendering {
    public static func json(_ runs: [SimulationRun]) -> JSONValue {
        .object([("runs", .array(runs.map { run in
            .object([
                ("arch", .string(run.arch)),
                ("scenario", .string(run.scenario.rawValue)),
                ("result", .string(run.result.name)),
                ("failure", .optional(run.result.failure?.rawValue)),
                ("states", .int(run.states)),
                ("transitions", .int(run.transitions)),
                ("seconds", .double(run.seconds)),
                ("bytes", .int(run.bytes)),
                ("trace", .array(run.trace.map(JSONValue.string))),
                ("unresolved", .array(run.unresolved.map(JSONValue.string))),
            ])
        }))])
    }

    public static func text(_ runs: [SimulationRun], style: TextStyle = .plain) -> String {
        var out = ""
        for run in runs {
            let verdict = run.result.failure.map { style.warning("fails: \($0.rawValue)") } ?? style.good(run.result.name)
            out += "\(run.arch) \(run.scenario.rawValue): \(verdict) (\(run.states) states, \(run.transitions) transitions)\n"
            if !run.unresolved.isEmpty { out += "  not in the placement: " + run.unresolved.joined(separator: ", ") + "\n" }
            if run.result.failure != nil {
                for line in run.trace { out += "    " + line + "\n" }
            }
        }
        return out
    }
}
