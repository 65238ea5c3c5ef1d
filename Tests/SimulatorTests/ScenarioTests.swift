import KernelModel
import Testing
@testable import Simulator

/// One placement that must fail a scenario with a class, one that must hold it.
struct ScenarioCase: CustomTestStringConvertible, Sendable {
    var scenario: Scenario
    var failing: ArchPlacement
    var expected: FailureClass
    var holding: ArchPlacement
    var testDescription: String { scenario.rawValue }
}

let scenarioCases: [ScenarioCase] = [
    .init(scenario: .upgradeWithCachedRO, failing: Fixtures.arm64Before, expected: .infiniteDeviceFault, holding: Fixtures.arm64After),
    .init(scenario: .unmapThenFree, failing: Fixtures.arm64Intermediate, expected: .useAfterFree, holding: Fixtures.arm64After),
    .init(scenario: .invalidateAfterFree, failing: Fixtures.notifyAfterFree, expected: .useAfterFree, holding: Fixtures.arm64Before),
    .init(scenario: .invalidateBeforePTEWrite, failing: Fixtures.notifyBeforePTEWrite, expected: .useAfterFree, holding: Fixtures.arm64Before),
    .init(scenario: .reclaimBatched, failing: Fixtures.batchNotifiesCurrent, expected: .wrongMM, holding: Fixtures.x86After),
    .init(scenario: .reclaimRacingMunmap, failing: Fixtures.batchedPendingCPUOnly, expected: .stalePermission, holding: Fixtures.arm64After),
    .init(scenario: .cowOrMigrate, failing: Fixtures.arm64Intermediate, expected: .staleFrame, holding: Fixtures.arm64After),
    .init(scenario: .writeProtect, failing: Fixtures.arm64Intermediate, expected: .stalePermission, holding: Fixtures.arm64After),
    .init(scenario: .thpSplit, failing: Fixtures.pmdNotifiesPage, expected: .rangeTooSmall, holding: Fixtures.arm64After),
    .init(scenario: .thpCollapse, failing: Fixtures.pmdNotifiesPage, expected: .rangeTooSmall, holding: Fixtures.arm64After),
    .init(scenario: .hugetlbUnshare, failing: Fixtures.hugetlbInclusiveEnd, expected: .rangeTooSmall, holding: Fixtures.arm64After),
    .init(scenario: .doubleInvalidation, failing: Fixtures.arm64Before, expected: .doubleInvalidation, holding: Fixtures.arm64After),
    .init(scenario: .rangeEncoding, failing: Fixtures.pagePrecedence, expected: .emptyRange, holding: Fixtures.arm64After),
    .init(scenario: .earlyReturn, failing: Fixtures.riscvEarlyReturn, expected: .useAfterFree, holding: Fixtures.riscvFixed),
    .init(scenario: .exitMmap, failing: Fixtures.releaseWithoutInvalidation, expected: .useAfterFree, holding: Fixtures.arm64After),
]

@Suite("Scenarios")
struct ScenarioTests {
    @Test func everyScenarioHasACase() {
        #expect(Set(scenarioCases.map(\.scenario)) == Set(Scenario.allCases))
    }

    @Test(arguments: scenarioCases)
    func failsOnTheBrokenPlacement(_ c: ScenarioCase) {
        let run = ModelChecker.run(c.scenario, on: c.failing)
        #expect(run.result == .fails(c.expected), "\(run.trace.joined(separator: "\n"))")
        #expect(!run.trace.isEmpty)
        #expect(run.unresolved.isEmpty)
    }

    @Test(arguments: scenarioCases)
    func holdsOnTheGoodPlacement(_ c: ScenarioCase) {
        let run = ModelChecker.run(c.scenario, on: c.holding)
        #expect(run.result == .holds, "\(run.trace.joined(separator: "\n"))")
        #expect(run.trace.isEmpty)
        #expect(run.states > 0)
    }

    @Test func arm64BeforeFailsTheUpgradeForeverAndAfterHolds() {
        let before = ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.arm64Before)
        #expect(before.result == .fails(.infiniteDeviceFault))
        let last = before.trace.last ?? ""
        #expect(last.contains("secondary TLB holds RO -> fault; handle_mm_fault: PTE already RW, returns; repeats forever"))
        #expect(before.trace.contains { $0.contains("flush_tlb_page") && $0.contains("CPU invalidation") })
        #expect(ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.arm64After).result == .holds)
    }

    @Test func x86HoldsTheUpgradeBecauseItsIOMMUDropsFaultingEntries() {
        let vtd = Bounds(device: .dropsFaultingEntries)
        #expect(ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.x86Before, bounds: vtd).result == .holds)
        #expect(ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.x86After, bounds: vtd).result == .holds)
        // The same x86 placement behind an IOMMU that keeps faulting entries would spin: the device model decides.
        #expect(ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.x86Before).result == .fails(.infiniteDeviceFault))
    }

    @Test func theReferencePlacementsHoldEverythingButTheirKnownFailures() {
        for run in ModelChecker.runAll(on: Fixtures.arm64After) {
            #expect(run.result == .holds, "\(run.scenario.rawValue): \(run.trace.joined(separator: "\n"))")
        }
        let failing = ModelChecker.runAll(on: Fixtures.arm64Before).filter { $0.result != .holds }
        #expect(failing.map(\.scenario) == [.upgradeWithCachedRO, .doubleInvalidation])
    }

    @Test func theSameSkeletonGivesDifferentVerdictsOnDifferentPlacements() {
        let verdicts = Set(Fixtures.all.map { ModelChecker.run(.earlyReturn, on: $0).result })
        #expect(verdicts.count > 1)
    }

    /// An arch without `CONFIG_ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH` (powerpc) reclaims with
    /// `ptep_clear_flush()` at once: the reclaim scenarios run that way, never through a batch it lacks.
    @Test func reclaimWithoutBatchingClearsAndFlushesAtOnce() {
        var unbatched = Fixtures.arm64After
        unbatched.entryPoints["arch_tlbbatch_add_pending"] = nil
        unbatched.entryPoints["arch_tlbbatch_flush"] = nil
        #expect(!unbatched.batchesReclaim && Fixtures.arm64After.batchesReclaim)
        for scenario in [Scenario.reclaimBatched, .reclaimRacingMunmap] {
            let run = ModelChecker.run(scenario, on: unbatched)
            #expect(run.result == .holds, "\(scenario.rawValue): \(run.trace.joined(separator: "\n"))")
            #expect(run.unresolved.isEmpty)
            // The same arch with flush_tlb_page not notifying any more leaves the device a freed page.
            let silent = Fixtures.replacing(unbatched, state: "silent page flush", [
                EntryPointPlacement(name: "flush_tlb_page", paths: [PlacementPath(steps: [.cpuInvalidate(InvalidationRange(.page))])]),
            ])
            let broken = ModelChecker.run(scenario, on: silent)
            #expect(broken.result == .fails(.useAfterFree), "\(scenario.rawValue): \(broken.trace.joined(separator: "\n"))")
            #expect(broken.trace.contains { $0.contains("no batched flush on this arch") })
        }
    }

    @Test func aMissingEntryPointIsReportedNotIgnored() {
        var placement = Fixtures.arm64After
        placement.entryPoints["ptep_set_access_flags"] = nil
        let run = ModelChecker.run(.upgradeWithCachedRO, on: placement)
        #expect(run.unresolved == ["ptep_set_access_flags"])
    }

    @Test func aCallCycleIsCutAndReported() {
        let placement = Fixtures.replacing(Fixtures.arm64After, state: "cycle", [
            EntryPointPlacement(name: "flush_tlb_page", paths: [PlacementPath(steps: [.call("flush_tlb_page_nosync")])]),
            EntryPointPlacement(name: "flush_tlb_page_nosync", paths: [PlacementPath(steps: [.call("flush_tlb_page")])]),
        ])
        let run = ModelChecker.run(.upgradeWithCachedRO, on: placement)
        #expect(run.unresolved.contains { $0.hasPrefix("flush_tlb_page (recursive") })
        #expect(run.result == .fails(.infiniteDeviceFault))
    }

    @Test func wrongMMTraceNamesTheCause() {
        let run = ModelChecker.run(.reclaimBatched, on: Fixtures.batchNotifiesCurrent)
        #expect(run.trace.contains { $0.contains("current->mm") })
        #expect(run.trace.last?.hasPrefix("wrong-mm:") == true)
    }
}
