import Foundation
import KernelModel
import PatchModel
import Simulator

/// Turns a patch's placement changes, simulation and placement rules into findings (design section 6).
enum FindingRules {
    /// What a reviewer would write about a rule the placement breaks after the patch.
    static func sentence(for rule: RuleFinding, arch: String, chain: [String]) -> String {
        let entry = "\(rule.entryPoint)()"
        let via = chain.count > 1 ? " (through " + chain.dropFirst().joined(separator: " -> ") + ")" : ""
        switch rule.failure {
        case .doubleInvalidation:
            return "After this patch \(entry) invalidates the secondary TLBs more than once on one path on \(arch)\(via). Is the second invalidation needed, or can one of them go?"
        case .emptyRange:
            return "On \(arch), \(entry) hands the notifier an empty range\(via): \(rule.message.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? rule.message). Consumers that widen an empty range to everything hide it today; should the range be taken before it is consumed?"
        case .rangeTooSmall:
            return "On \(arch), the range \(entry) passes to the notifier looks too small\(via): \(rule.message.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? rule.message). Is that intended?"
        case .overInvalidation:
            return "On \(arch), \(entry) invalidates the whole address space of the secondary TLBs once per page\(via). Would the page's own range do?"
        case .wrongMM:
            return "On \(arch), \(rule.message). Should the mm be recorded when the PTE is changed?"
        default:
            return rule.message.prefix(1).uppercased() + rule.message.dropFirst() + "."
        }
    }

    static func findings(for review: PatchReview, outcomes: [ScenarioOutcome], source: ReviewSource,
                         cache: ReviewPipeline.RunCache = ReviewPipeline.RunCache()) -> [Finding] {
        var findings: [Finding] = []
        let changes = review.changes.filter { $0.kind != .noPlacementChange }

        func anchor(arch: String, function: String? = nil) -> PlacementChange? {
            let onArch = changes.filter { $0.arch == arch || $0.arch == "generic" || $0.arch == "core-mm" }
            if let function, let exact = onArch.first(where: { $0.function == function }) { return exact }
            return onArch.first { $0.kind != .apiRenamed } ?? onArch.first
        }

        // Scenarios the patch breaks.
        for outcome in outcomes where outcome.isBreak {
            guard let failure = outcome.after.result.failure else { continue }
            let place = anchor(arch: outcome.arch)
            let last = outcome.after.trace.suffix(2).joined(separator: "; ")
            findings.append(Finding(
                severity: .error, code: failure.rawValue, arch: outcome.arch, file: place?.file, line: place?.line,
                function: place?.function,
                message: "On \(outcome.arch), \(outcome.scenario.rawValue) held before this patch and fails after it with \(failure.rawValue): \(last). What invalidates the secondary TLB on this path now?"))
        }

        if let placement = review.placement {
            for archModel in placement.after.archs where archModel.knowledge.hasSecondaryUsers {
                let arch = archModel.knowledge.name
                guard let before = placement.before.arch(arch) else { continue }
                // Secondary invalidation removed with no replacement.
                for old in before.entryPoints where old.secondary != nil {
                    guard let new = archModel.entryPoints.first(where: { $0.name == old.name }), new.secondary == nil else { continue }
                    let place = anchor(arch: arch, function: old.chain.dropFirst().first)
                    findings.append(Finding(
                        severity: .error, code: "secondary-removed", arch: arch, file: place?.file ?? new.file,
                        line: place?.line ?? new.line, function: new.name,
                        message: "\(new.name)() no longer invalidates secondary TLBs on \(arch), which has \(archModel.knowledge.secondaryUsers.joined(separator: " and ")); nothing else on its paths does. Where does the invalidation happen now?"))
                }
                // Rules that need no search, new with this patch.
                let known = Set(cache.rules(before.placement).map { "\($0.failure.rawValue)|\($0.entryPoint)|\($0.step)" })
                var reported = Set<String>()
                for rule in cache.rules(archModel.placement) where !known.contains("\(rule.failure.rawValue)|\(rule.entryPoint)|\(rule.step)") {
                    guard archModel.knowledge.entryPoints.contains(rule.entryPoint),
                          reported.insert("\(rule.failure.rawValue)|\(rule.entryPoint)").inserted else { continue }
                    let severity: Severity = switch rule.failure {
                    case .doubleInvalidation, .overInvalidation: .warning
                    case .rangeTooSmall where rule.message.contains("overflows"): .warning
                    default: .error
                    }
                    let summary = archModel.entryPoints.first { $0.name == rule.entryPoint }
                    let place = anchor(arch: arch, function: summary?.chain.last(where: { !NotifierAPI.invalidationCalls.contains($0) }))
                    findings.append(Finding(
                        severity: severity, code: rule.failure.rawValue, arch: arch, file: place?.file ?? summary?.file,
                        line: place?.line ?? summary?.line, function: rule.entryPoint,
                        message: sentence(for: rule, arch: arch, chain: summary?.chain ?? [])))
                }
            }
        }

        // A fix the commit message claims and the simulation does not show.
        let claimsFix = review.patch.trailers.contains { $0.normalizedKey == "fixes" }
            || review.patch.subject.title.lowercased().contains("fix")
        let placementChanged = changes.contains { $0.kind != .apiRenamed }
        if claimsFix, placementChanged, review.placement != nil, !outcomes.contains(where: \.isFix) {
            findings.append(Finding(
                severity: .warning, code: "claimed-fix-not-shown", message:
                    "The commit message describes a fix, but no scenario fails before this patch and holds after it on the archs it touches. Which path did it fix?"))
        }

        if let apply = review.apply, apply.status == .failed {
            findings.append(Finding(severity: .warning, code: "does-not-apply",
                                    message: "This patch does not apply to the tree: " + apply.notes.joined(separator: "; ")))
        }

        let renamed = review.changes.filter { $0.kind == .apiRenamed }
        if let first = renamed.first {
            findings.append(Finding(severity: .note, code: "api-renamed", arch: first.arch, file: first.file, line: first.line,
                                    function: first.function,
                                    message: "\(renamed.count) call\(renamed.count == 1 ? "" : "s") renamed to the v6.6 secondary-TLB API with the same arguments; no placement change."))
        }
        if source.baseline == .knowledgeBase, review.placement != nil, let base = source.base {
            findings.append(Finding(severity: .note, code: "knowledge-base",
                                    message: "No tree was given: the placement before and after this patch rests on the knowledge base's \(base) baseline with the hunks applied to it."))
        }
        var seen = Set<String>()
        return findings.filter { seen.insert("\($0.code)|\($0.arch ?? "")|\($0.function ?? "")|\($0.message)").inserted }
    }
}
