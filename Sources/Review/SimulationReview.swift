import KernelModel
import PatchModel
import Simulator

/// One scenario on one arch, before and after a patch (design section 8, `simulation`).
public struct ScenarioOutcome: Sendable, Hashable {
    public var arch: String
    public var scenario: Scenario
    public var before: SimulationRun
    public var after: SimulationRun

    /// Fails before, holds after.
    public var isFix: Bool { before.result.failure != nil && after.result == .holds }
    /// Holds before, fails after.
    public var isBreak: Bool { before.result == .holds && after.result.failure != nil }
}

/// A scenario a patch (or the series) fixes or breaks: `{"arch", "scenario", "failure", "patch"}`.
public struct Outcome: Sendable, Hashable {
    public var arch: String
    public var scenario: Scenario
    public var failure: FailureClass
    /// The patch's index (1-based) in the series; `nil` for the series as a whole.
    public var patch: Int?
}

extension ReviewPipeline {
    /// The archs a patch's simulation runs on: those it touches and those whose placement it changes
    /// (a generic change reaches every arch that inherits it), among the archs whose files the state
    /// before holds, or the state after when it comes from whole files (without a tree, an arch the
    /// knowledge base has no baseline for is only the patch's own hunks: nothing to simulate).
    static func simulatedArchs(_ review: PatchReview, _ placement: PatchPlacement) -> [String] {
        let touched = Set(review.files.compactMap { $0.area.archName })
        let changed = Set(placement.changedArchs)
        let afterFromFiles = review.changes.allSatisfy(\.fromTree)
        return KnowledgeBase.archs.map(\.name).filter { name in
            (touched.contains(name) || changed.contains(name))
                && (placement.before.arch(name)?.present == true
                    || (afterFromFiles && placement.after.arch(name)?.present == true))
        }
    }

    static func bounds(for arch: String) -> Bounds {
        let caches = KnowledgeBase.arch(named: arch)?.deviceCachesFaultingEntries ?? true
        // No CPU threads: the CPU side is taken as correct (the kernel's own question), and the
        // review asks only what the secondary TLBs see.
        return Bounds(cpus: 0, device: caches ? .cachesFaultingEntries : .dropsFaultingEntries)
    }

    /// Runs already made, by placement: a long range repeats the same placement of an arch over
    /// and over (only the arch a commit touches changes). A cache is written by one thread; the
    /// caches of a range's runs are handed on (`consulting`) only once their runs are done, and are
    /// then only read.
    final class RunCache: @unchecked Sendable {
        private var runs = PlacementMemo<[SimulationRun]>()
        private var rules = PlacementMemo<[RuleFinding]>()
        private var feasible = PlacementMemo<ArchPlacement>()
        /// Caches of finished runs, asked before anything is made here.
        private let earlier: [RunCache]

        init(consulting earlier: [RunCache] = []) { self.earlier = earlier }

        /// The placement with only the paths a bound device can take (`FeasiblePaths`).
        func feasible(_ placement: ArchPlacement) -> ArchPlacement {
            var result = feasible.value(for: placement) {
                earlier.lazy.compactMap { $0.feasible.known(placement) }.first ?? FeasiblePaths.placement(placement)
            }
            result.state = placement.state
            return result
        }

        /// The rule findings of a placement (the state after one patch is the state before the next).
        func rules(_ placement: ArchPlacement) -> [RuleFinding] {
            rules.value(for: placement) { PlacementRules.check(placement) }
        }

        func runAll(_ placement: ArchPlacement, bounds: Bounds) -> [SimulationRun] {
            runs.value(for: placement) {
                earlier.lazy.compactMap { $0.runs.known(placement) }.first ?? ModelChecker.runAll(on: placement, bounds: bounds)
            }
        }
    }

    /// Results by placement, whatever its state label. Hashing a placement walks all its entry
    /// points, so the last few placements are compared first: a placement a commit left alone
    /// shares its storage with the one before, and comparing the two is then almost free.
    struct PlacementMemo<Value> {
        private var recent: [(key: ArchPlacement, value: Value)] = []
        private var all: [ArchPlacement: Value] = [:]

        /// The value made for `placement`, if one was.
        func known(_ placement: ArchPlacement) -> Value? {
            var key = placement
            key.state = ""
            if let index = recent.firstIndex(where: { $0.key == key }) { return recent[index].value }
            return all[key]
        }

        mutating func value(for placement: ArchPlacement, _ make: () -> Value) -> Value {
            var key = placement
            key.state = ""
            if let index = recent.firstIndex(where: { $0.key == key }) { return recent[index].value }
            let value: Value
            if let known = all[key] {
                value = known
            } else {
                value = make()
                all[key] = value
            }
            recent.insert((key, value), at: 0)
            if recent.count > 8 { recent.removeLast() }
            return value
        }
    }

    /// Runs every scenario on the archs a patch reaches, before and after it.
    static func simulate(_ review: PatchReview, cache: RunCache = RunCache()) -> [ScenarioOutcome] {
        guard let placement = review.placement else { return [] }
        var outcomes: [ScenarioOutcome] = []
        for arch in simulatedArchs(review, placement) {
            guard let rawBefore = placement.before.arch(arch)?.placement,
                  let rawAfter = placement.after.arch(arch)?.placement else { continue }
            let before = cache.feasible(rawBefore)
            let after = cache.feasible(rawAfter)
            let bounds = bounds(for: arch)
            let runsBefore = cache.runAll(before, bounds: bounds)
            let runsAfter = cache.runAll(after, bounds: bounds)
            for (old, new) in zip(runsBefore, runsAfter) where old.scenario == new.scenario {
                outcomes.append(ScenarioOutcome(arch: arch, scenario: old.scenario, before: old, after: new))
            }
        }
        return outcomes
    }
}

extension ReviewPipeline {
    /// Simulation, findings and verdict of one patch.
    static func judge(_ patch: PatchReview, source: ReviewSource, cache: RunCache) -> PatchReview {
        var patch = patch
        let outcomes = simulate(patch, cache: cache)
        patch.simulation = outcomes
        let findings = FindingRules.findings(for: patch, outcomes: outcomes, source: source, cache: cache)
        patch.findings = findings
        let placementChanged = patch.changes.contains { $0.kind != .noPlacementChange && $0.kind != .apiRenamed }
            || !(patch.placement?.changedArchs.isEmpty ?? true)
        patch.verdict = VerdictRules.verdict(
            findings: findings, placementChanged: placementChanged, fixShown: outcomes.contains(where: \.isFix),
            touchesModel: VerdictRules.touchesModel(patch.files))
        return patch
    }

    /// Simulation, findings and verdicts for every patch, and the series' fixes and breaks from its
    /// first state to its last.
    static func judge(_ review: SeriesReview) -> SeriesReview {
        var review = review
        // Patch by patch on every core, each run with its own cache of runs (a long range repeats
        // a few placements over and over).
        let patches = review.patches
        let source = review.source
        review.patches = Runs.map(patches.count, minimum: 64) { range in
            let cache = RunCache()
            return patches[range].map { patch in judge(patch, source: source, cache: cache) }
        }
        judgeSeries(&review)
        return review
    }

    /// The series' fixes and breaks from its first judged state to its last; the runs of `caches`
    /// (those of the patches' own judging) are taken rather than made again.
    static func judgeSeries(_ review: inout SeriesReview, consulting caches: [RunCache] = []) {
        let cache = RunCache(consulting: caches)
        let judged = review.patches.indices.filter { review.patches[$0].placement != nil }
        if let first = judged.first, let last = judged.last,
           let before = review.patches[first].placement?.before, let after = review.patches[last].placement?.after {
            // The few arch names, gathered by comparing (a set hashed each of a long range's outcomes).
            var archs: [String] = []
            for index in judged {
                for outcome in review.patches[index].simulation where !archs.contains(outcome.arch) { archs.append(outcome.arch) }
            }
            archs.sort()
            for arch in archs {
                guard let rawOld = before.arch(arch)?.placement, let rawNew = after.arch(arch)?.placement else { continue }
                let old = cache.feasible(rawOld)
                let new = cache.feasible(rawNew)
                let bounds = bounds(for: arch)
                for (runBefore, runAfter) in zip(cache.runAll(old, bounds: bounds), cache.runAll(new, bounds: bounds)) {
                    let outcome = ScenarioOutcome(arch: arch, scenario: runBefore.scenario, before: runBefore, after: runAfter)
                    guard outcome.isFix || outcome.isBreak else { continue }
                    // The patch that made the change, where one patch shows it alone.
                    let responsible = judged.first { index in
                        review.patches[index].simulation.contains { run in
                            guard run.arch == arch, run.scenario == outcome.scenario else { return false }
                            return outcome.isFix ? run.isFix : run.isBreak
                        }
                    }.map { $0 + 1 }
                    if outcome.isFix, let failure = runBefore.result.failure {
                        review.fixes.append(Outcome(arch: arch, scenario: outcome.scenario, failure: failure, patch: responsible))
                    }
                    if outcome.isBreak, let failure = runAfter.result.failure {
                        review.breaks.append(Outcome(arch: arch, scenario: outcome.scenario, failure: failure, patch: responsible))
                    }
                }
            }
        }
    }
}
