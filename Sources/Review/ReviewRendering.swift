import GitSource
import KernelModel
import PatchModel
import Simulator
import Synchronization

/// Formats a review as the JSON of design section 8 and as text notes for a terminal.
public enum ReviewRendering {
    // MARK: JSON

    public static func json(_ review: SeriesReview) -> JSONValue {
        let series = review.series
        let source: JSONValue = .object([
            ("kind", .string(review.source.kind.rawValue)),
            ("path", .string(review.source.path)),
            ("range", .optional(review.source.range)),
            ("baseline", .string(review.source.baseline.rawValue)),
            ("base", .optional(review.source.base)),
        ])
        let seriesObject: JSONValue = .object([
            ("title", .string(series.title)),
            ("version", .int(series.version)),
            ("total", .int(series.total)),
            ("coverLetter", .bool(series.cover != nil)),
            ("fixes", .array(review.fixes.map(json))),
            ("breaks", .array(review.breaks.map(json))),
            ("verdict", .string(review.verdict.rawValue)),
            ("missing", .array(series.missing.map(JSONValue.int))),
            ("areas", .array(review.areas.map { .string($0.description) })),
        ])
        return .object([
            ("tool", .string(Shootdown.name)),
            ("version", .string(Shootdown.version)),
            ("source", source),
            ("series", seriesObject),
            ("patches", .elements(count: review.patches.count) { [patches = review.patches] in
                let outcomes = OutcomeFragments()
                return { json(patches[$0], outcomes: outcomes) }
            }),
        ])
    }

    static func json(_ review: PatchReview, outcomes: OutcomeFragments = OutcomeFragments()) -> JSONValue {
        let patch = review.patch
        return .object([
            ("index", .int(patch.subject.index ?? 1)),
            ("total", .int(patch.subject.total ?? 1)),
            ("version", .int(patch.subject.version)),
            ("subject", .string(patch.subject.title)),
            ("author", .object([("name", .string(patch.author.name)), ("email", .string(patch.author.email))])),
            ("date", .optional(patch.date?.iso8601)),
            ("messageId", .optional(patch.messageID)),
            ("commit", .optional(patch.commit)),
            ("trailers", .array(patch.trailers.map { .object([("key", .string($0.key)), ("value", .string($0.value))]) })),
            ("receivedTrailers", .array(patch.receivedTrailers.map {
                .object([("key", .string($0.key)), ("value", .string($0.value)), ("from", .string($0.from))])
            })),
            ("files", .array(review.files.map(json))),
            ("changes", .array(review.changes.map(json))),
            ("simulation", .array(review.simulation.map(outcomes.json))),
            ("findings", .array(review.findings.map(json))),
            ("verdict", .string(review.verdict.rawValue)),
        ] + applyMember(review.apply))
    }

    /// Each simulation outcome's JSON, encoded once for a run of the document's patches (one core's):
    /// the patches of a long range repeat the same few outcomes (the runs of one placement are
    /// shared, so telling two outcomes apart is mostly comparing the same storage). A memo shared by
    /// the cores made them wait on its lock and on the fragments' reference counts.
    final class OutcomeFragments {
        private var known: [Key: JSONValue] = [:]

        func json(_ outcome: ScenarioOutcome) -> JSONValue {
            let key = Key(outcome: outcome)
            if let known = known[key] { return known }
            let value = ReviewRendering.json(outcome).fragment
            known[key] = value
            return value
        }

        /// An outcome hashed by its short fields only.
        struct Key: Hashable {
            var outcome: ScenarioOutcome

            func hash(into hasher: inout Hasher) {
                hasher.combine(outcome.arch)
                hasher.combine(outcome.scenario)
                hasher.combine(outcome.before.states)
                hasher.combine(outcome.after.states)
                hasher.combine(outcome.before.trace.count)
                hasher.combine(outcome.after.trace.count)
            }
        }
    }

    static func json(_ outcome: ScenarioOutcome) -> JSONValue {
        let failing = outcome.after.result.failure != nil ? outcome.after : outcome.before
        return .object([
            ("arch", .string(outcome.arch)),
            ("scenario", .string(outcome.scenario.rawValue)),
            ("before", .string(outcome.before.result.name)),
            ("after", .string(outcome.after.result.name)),
            ("failure", .optional(failing.result.failure?.rawValue)),
            ("states", .int(outcome.before.states + outcome.after.states)),
            ("trace", .array((failing.result.failure != nil ? failing.trace : []).map(JSONValue.string))),
        ])
    }

    static func json(_ outcome: Outcome) -> JSONValue {
        .object([
            ("arch", .string(outcome.arch)),
            ("scenario", .string(outcome.scenario.rawValue)),
            ("failure", .string(outcome.failure.rawValue)),
            ("patch", .optional(outcome.patch)),
        ])
    }

    static func json(_ finding: Finding) -> JSONValue {
        .object([
            ("severity", .string(finding.severity.rawValue)),
            ("code", .string(finding.code)),
            ("arch", .optional(finding.arch)),
            ("file", .optional(finding.file)),
            ("line", .optional(finding.line)),
            ("function", .optional(finding.function)),
            ("message", .string(finding.message)),
        ])
    }

    static func applyMember(_ apply: PatchApplication?) -> [(String, JSONValue)] {
        guard let apply else { return [] }
        return [("apply", .object([("status", .string(apply.status.rawValue)),
                                   ("notes", .array(apply.notes.map(JSONValue.string)))]))]
    }

    static func json(_ change: PlacementChange) -> JSONValue {
        .object([
            ("kind", .string(change.kind.rawValue)),
            ("arch", .string(change.arch)),
            ("file", .string(change.file)),
            ("line", .int(change.line)),
            ("function", .optional(change.function)),
            ("range", .optional(change.range)),
            ("call", .optional(change.call)),
            ("fromTree", .bool(change.fromTree)),
        ])
    }

    static func json(_ file: FileSummary) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("path", .string(file.path)),
            ("area", .string(file.area.description)),
            ("added", .int(file.added)),
            ("removed", .int(file.removed)),
            ("status", .string(file.kind.rawValue)),
        ]
        if let old = file.oldPath { members.append(("oldPath", .string(old))) }
        if file.isBinary { members.append(("binary", .bool(true))) }
        return .object(members)
    }

    // MARK: Text

    /// Review notes for a terminal; `style` adds colour only when asked.
    public static func text(_ review: SeriesReview, style: TextStyle = .plain) -> String {
        let series = review.series
        var out = ""
        out += style.bold("Series: \(series.title)") + "\n"
        out += "  v\(series.version), \(series.patches.count) of \(series.total) patch\(series.total == 1 ? "" : "es")"
        out += series.cover != nil ? ", cover letter" : ", no cover letter"
        if !series.otherVersions.isEmpty {
            out += "; also in the mailbox: " + series.otherVersions.map { "v\($0)" }.joined(separator: ", ")
        }
        out += "\n"
        out += "  source: \(review.source.path)"
        if let range = review.source.range { out += " \(range)" }
        if let base = review.source.base {
            out += review.source.baseline == .knowledgeBase && review.source.kind == .mbox
                ? " (no tree: placement from the knowledge base's \(base) baseline)" : " (base \(base))"
        }
        out += "\n"
        if !series.missing.isEmpty {
            out += "  " + style.warning("missing: " + series.missing.map { "\($0)/\(series.total)" }.joined(separator: ", ")) + "\n"
        }
        if !review.areas.isEmpty {
            out += "  areas: " + review.areas.map(\.description).joined(separator: ", ") + "\n"
        }
        for outcome in review.fixes {
            out += "  " + style.good("series fixes \(outcome.scenario.rawValue) on \(outcome.arch)") + " (\(outcome.failure.rawValue) before\(outcome.patch.map { ", patch \($0)" } ?? ""))\n"
        }
        for outcome in review.breaks {
            out += "  " + style.warning("series breaks \(outcome.scenario.rawValue) on \(outcome.arch)") + " (\(outcome.failure.rawValue) after\(outcome.patch.map { ", patch \($0)" } ?? ""))\n"
        }
        out += "  verdict: \(review.verdict.rawValue)\n"
        for patchReview in review.patches {
            out += "\n" + text(patchReview, style: style)
        }
        return out
    }

    static func text(_ review: PatchReview, style: TextStyle) -> String {
        let patch = review.patch
        var out = ""
        let number = "[\(patch.subject.index ?? 1)/\(patch.subject.total ?? 1)]"
        out += style.bold("\(number) \(patch.subject.title)") + "\n"
        var byline = "  From: \(patch.author.formatted)"
        if let date = patch.date { byline += ", \(date.rfc2822)" }
        out += byline + "\n"
        if let commit = patch.commit { out += "  commit \(commit)\n" }
        let grouped = Dictionary(grouping: review.files, by: \.area)
        for area in grouped.keys.sorted() {
            out += "  \(area.description):\n"
            for file in grouped[area] ?? [] {
                var line = "    \(file.path)"
                if let old = file.oldPath { line += " (from \(old))" }
                line += file.isBinary ? " (binary)" : " +\(file.added) -\(file.removed)"
                if file.kind == .added || file.kind == .deleted { line += " (\(file.kind.rawValue))" }
                out += line + "\n"
            }
        }
        if review.files.isEmpty { out += "  no diff\n" }
        let moved = review.changes.filter { $0.kind != .noPlacementChange }
        if !moved.isEmpty {
            out += "  placement changes" + (moved.allSatisfy(\.fromTree) ? "" : " (from the hunks alone)") + ":\n"
            for change in moved {
                var line = "    \(change.kind.rawValue) in \(change.function ?? "?")() [\(change.arch)] \(change.file):\(change.line)"
                if let range = change.range { line += ", range \(range)" }
                out += line + "\n"
            }
        } else if !review.changes.isEmpty {
            out += "  no placement change\n"
        }
        if let apply = review.apply {
            let line = "  applies: \(apply.status.rawValue)"
            out += (apply.status == .applied ? line : style.warning(line)) + "\n"
            for note in apply.notes { out += "    \(note)\n" }
        }
        let fixed = review.simulation.filter(\.isFix)
        let broken = review.simulation.filter(\.isBreak)
        if !review.simulation.isEmpty {
            let archs = Array(Set(review.simulation.map(\.arch))).sorted().joined(separator: ", ")
            out += "  simulation on \(archs): \(review.simulation.count) runs"
            out += fixed.isEmpty && broken.isEmpty ? ", no scenario changes\n" : "\n"
            for outcome in fixed {
                out += "    " + style.good("fixes \(outcome.scenario.rawValue) on \(outcome.arch)") + " (failed before with \(outcome.before.result.failure?.rawValue ?? "?"))\n"
            }
            for outcome in broken {
                out += "    " + style.warning("breaks \(outcome.scenario.rawValue) on \(outcome.arch)") + " (fails after with \(outcome.after.result.failure?.rawValue ?? "?")):\n"
                for line in outcome.after.trace.suffix(8) { out += "      \(line)\n" }
            }
        }
        for finding in review.findings {
            var head = "  \(finding.severity.rawValue): \(finding.code)"
            if let arch = finding.arch { head += " [\(arch)]" }
            if let file = finding.file { head += " \(file)" + (finding.line.map { ":\($0)" } ?? "") }
            let painted = finding.severity == .note ? head : style.warning(head)
            out += painted + "\n"
            out += wrap(finding.message, indent: "      ", width: 96)
        }
        switch review.verdict {
        case .reviewedBy: out += "  verdict: " + style.good("earns Reviewed-by") + "\n"
        case .needsWork: out += "  verdict: " + style.warning("needs work") + "\n"
        case .notApplicable: out += "  verdict: not applicable (no file the model reads)\n"
        }
        let given = patch.trailers.filter { ["reviewed-by", "acked-by", "tested-by"].contains($0.normalizedKey) }
        for trailer in given { out += "  \(trailer.key): \(trailer.value)\n" }
        for trailer in patch.receivedTrailers {
            out += "  " + style.good("\(trailer.key): \(trailer.value)") + " (received in reply \(trailer.from))\n"
        }
        return out
    }
}

/// How text output is decorated: plain, or with ANSI colours for a terminal.
public struct TextStyle: Sendable {
    public var color: Bool

    public static let plain = TextStyle(color: false)
    public static let ansi = TextStyle(color: true)

    public init(color: Bool) { self.color = color }

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func warning(_ text: String) -> String { color ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
    func good(_ text: String) -> String { color ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
}

extension ReviewRendering {
    /// Review notes in Markdown, for pasting into a tracker.
    public static func markdown(_ review: SeriesReview) -> String {
        let series = review.series
        var out = "## \(series.title) (v\(series.version), \(series.patches.count)/\(series.total))\n\n"
        out += "Source: `\(review.source.path)`"
        if let base = review.source.base { out += ", base `\(base)`" }
        out += "\n\n"
        if !series.missing.isEmpty {
            out += "**Missing:** " + series.missing.map { "\($0)/\(series.total)" }.joined(separator: ", ") + "\n\n"
        }
        out += "**Verdict:** \(review.verdict.rawValue)"
        let outcomes = review.fixes.map { "fixes `\($0.scenario.rawValue)` on \($0.arch)" }
            + review.breaks.map { "**breaks** `\($0.scenario.rawValue)` on \($0.arch)" }
        if !outcomes.isEmpty { out += "; " + outcomes.joined(separator: ", ") }
        out += "\n\n"
        for patchReview in review.patches {
            let patch = patchReview.patch
            out += "### [\(patch.subject.index ?? 1)/\(patch.subject.total ?? 1)] \(patch.subject.title)\n\n"
            out += "From \(patch.author.formatted)\n\n"
            out += "| area | file | + | - |\n| --- | --- | ---: | ---: |\n"
            for file in patchReview.files.sorted(by: { ($0.area, $0.path) < ($1.area, $1.path) }) {
                out += "| \(file.area) | `\(file.path)` | \(file.added) | \(file.removed) |\n"
            }
            let moved = patchReview.changes.filter { $0.kind != .noPlacementChange }
            if !moved.isEmpty {
                out += "\n**Placement changes**" + (moved.allSatisfy(\.fromTree) ? "" : " (from the hunks and the knowledge base)") + ":\n\n"
                for change in moved {
                    out += "- `\(change.kind.rawValue)` in `\(change.function ?? "?")()` [\(change.arch)] `\(change.file):\(change.line)`"
                    out += change.range.map { ", range \($0)" } ?? ""
                    out += "\n"
                }
            }
            let fixed = patchReview.simulation.filter(\.isFix)
            let broken = patchReview.simulation.filter(\.isBreak)
            if !fixed.isEmpty || !broken.isEmpty {
                out += "\n**Simulation:**\n\n"
                for outcome in fixed {
                    out += "- fixes `\(outcome.scenario.rawValue)` on \(outcome.arch) (`\(outcome.before.result.failure?.rawValue ?? "?")` before)\n"
                }
                for outcome in broken {
                    out += "- **breaks** `\(outcome.scenario.rawValue)` on \(outcome.arch) (`\(outcome.after.result.failure?.rawValue ?? "?")` after)\n"
                    out += "\n  ```\n" + outcome.after.trace.suffix(6).map { "  " + $0 }.joined(separator: "\n") + "\n  ```\n"
                }
            }
            if !patchReview.findings.isEmpty {
                out += "\n**Findings:**\n\n"
                for finding in patchReview.findings {
                    var place = finding.arch.map { " [\($0)]" } ?? ""
                    if let file = finding.file { place += " `\(file)" + (finding.line.map { ":\($0)" } ?? "") + "`" }
                    out += "- **\(finding.severity.rawValue)** `\(finding.code)`\(place): \(finding.message)\n"
                }
            }
            out += "\n**Verdict:** \(patchReview.verdict.rawValue)\n"
            if !patch.receivedTrailers.isEmpty {
                out += "\nReceived: " + patch.receivedTrailers.map { "`\($0.key): \($0.value)`" }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        return out
    }
}

extension ReviewRendering {
    /// Words wrapped to a width, each line indented.
    static func wrap(_ text: String, indent: String, width: Int) -> String {
        var out = ""
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                out += indent + line + "\n"
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { out += indent + line + "\n" }
        return out
    }
}
