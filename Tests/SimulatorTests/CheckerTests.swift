import KernelModel
import Testing
@testable import Simulator

@Suite("Model checker")
struct CheckerTests {
    @Test func sameRunTwiceGivesIdenticalTracesAndCounts() {
        for placement in Fixtures.all {
            let a = ModelChecker.runAll(on: placement)
            let b = ModelChecker.runAll(on: placement)
            #expect(a.map(\.trace) == b.map(\.trace))
            #expect(a.map(\.result) == b.map(\.result))
            #expect(a.map(\.states) == b.map(\.states))
            #expect(a.map(\.transitions) == b.map(\.transitions))
        }
    }

    /// Breadth-first: the counterexample is the shortest. A longer failing interleaving exists
    /// (the device reads first and caches RO legitimately, a CPU fills its TLB, then the write
    /// faults); the search must not return it.
    @Test func theTraceIsAShortestCounterexample() {
        let run = ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.arm64Before)
        // initially; PTL taken; device writes (caches RO, faults); PTE upgraded; CPU TLBI; PTL released; cycle.
        #expect(run.trace.count == 7, "\(run.trace.joined(separator: "\n"))")
        #expect(!run.trace.contains { $0.contains("device reads") })
        #expect(!run.trace.contains { $0.hasPrefix("CPU0 accesses") })

        let longer = ModelChecker.run(.upgradeWithCachedRO, on: Fixtures.arm64Before, bounds: Bounds(pages: 2, cpus: 2))
        #expect(longer.result == .fails(.infiniteDeviceFault))
        #expect(longer.trace.count == run.trace.count)
        #expect(longer.states > run.states)
    }

    @Test func aTinyCapEndsTheRunAsCapped() {
        let run = ModelChecker.run(.writeProtect, on: Fixtures.arm64After, bounds: Bounds(maxStates: 10))
        #expect(run.result == .capped(states: 10))
        #expect(run.states == 10)
        let full = ModelChecker.run(.writeProtect, on: Fixtures.arm64After)
        #expect(full.result == .holds)
        #expect(full.states > 10)
    }

    @Test func largerBoundsGrowTheSearchAndKeepTheVerdicts() {
        let small = ModelChecker.runAll(on: Fixtures.arm64Before)
        let large = ModelChecker.runAll(on: Fixtures.arm64Before, bounds: Bounds(pages: 3, cpus: 2))
        #expect(small.map(\.result) == large.map(\.result))
        #expect(zip(small, large).allSatisfy { $0.states < $1.states })
    }

    @Test func boundsTooLargeForTheStateAreCappedWithAReason() {
        let run = ModelChecker.run(.unmapThenFree, on: Fixtures.arm64After, bounds: Bounds(pages: 16, cpus: 4, devices: 2))
        #expect(run.result == .capped(states: 0))
        #expect(run.trace.first?.hasPrefix("bounds too large") == true)
    }

    @Test func theStateStoreFindsWhatItStored() {
        var store = StateStore(words: 2, capacity: 8)
        var fresh = 0, again = 0
        for i in 0..<1000 where store.insert(PackedState(w0: UInt64(i), w1: UInt64(i % 7)), parent: 0) { fresh += 1 }
        for i in 0..<1000 where store.insert(PackedState(w0: UInt64(i), w1: UInt64(i % 7)), parent: 0) { again += 1 }
        #expect(fresh == 1000)
        #expect(again == 0)
        #expect(store.count == 1000)
        #expect(store.state(999) == PackedState(w0: 999, w1: 999 % 7))
    }

    @Test func unknownSecondaryRangesCountAsNothing() {
        let placement = Fixtures.replacing(Fixtures.arm64After, state: "unknown-range", [
            EntryPointPlacement(name: "__flush_tlb_page_nosync", paths: [PlacementPath(steps: [
                .cpuInvalidate(.page), .secondaryInvalidate(mm: .recorded("mm"), range: InvalidationRange(.unknown)),
            ])]),
        ])
        #expect(ModelChecker.run(.upgradeWithCachedRO, on: placement).result == .fails(.infiniteDeviceFault))
    }

    @Test func pathsAreBranchesOfTheSearch() {
        // One path of __flush_tlb_range notifies, the other does not: the search finds the bad one.
        let placement = Fixtures.replacing(Fixtures.arm64After, state: "one-path-silent", [
            EntryPointPlacement(name: "__flush_tlb_range", paths: [
                PlacementPath(conditions: ["system_supports_tlb_range()"], steps: [.cpuInvalidate(.span)]),
                PlacementPath(conditions: ["!system_supports_tlb_range()"],
                              steps: [.cpuInvalidate(.span), .secondaryInvalidate(mm: .recorded("mm"), range: .span)]),
            ]),
        ])
        let run = ModelChecker.run(.earlyReturn, on: placement)
        #expect(run.result == .fails(.useAfterFree))
        #expect(run.trace.contains { $0.contains("[system_supports_tlb_range()]") })
    }
}

@Suite("Placement rules")
struct RuleTests {
    @Test func theReferenceTablesHaveNoFindings() {
        #expect(PlacementRules.check(Fixtures.arm64Before).isEmpty)
        #expect(PlacementRules.check(Fixtures.arm64After).isEmpty)
        #expect(PlacementRules.check(Fixtures.riscvFixed).isEmpty)
    }

    @Test func aDeferredFlushOfCurrentMMIsWrongMM() {
        let findings = PlacementRules.check(Fixtures.batchNotifiesCurrent)
        #expect(findings.map(\.failure) == [.wrongMM])
        #expect(findings.first?.entryPoint == "arch_tlbbatch_flush")
    }

    @Test func anEarlyReturnBeforeTheNotifierIsFound() {
        let findings = PlacementRules.check(Fixtures.riscvEarlyReturn)
        #expect(findings.count == 1)
        #expect(findings.first?.entryPoint == "__flush_tlb_range")
        #expect(findings.first?.conditions == ["cpumask_empty(cmask)"])
    }

    @Test func anEarlyReturnBeforeThePTEWriteIsNotAFinding() {
        // arm64 ptep_set_access_flags returns when pte_same() before it writes: nothing changed.
        #expect(!PlacementRules.check(Fixtures.arm64After).contains { $0.entryPoint == "ptep_set_access_flags" })
    }

    @Test func rangeFactsAreFindings() {
        #expect(PlacementRules.check(Fixtures.pagePrecedence).map(\.failure) == [.emptyRange])
        #expect(PlacementRules.check(Fixtures.hugetlbInclusiveEnd).map(\.failure) == [.rangeTooSmall])
        let empty = Fixtures.replacing(Fixtures.arm64After, state: "empty", [
            EntryPointPlacement(name: "flush_tlb_mm", paths: [PlacementPath(steps: [
                .cpuInvalidate(.wholeMM), .secondaryInvalidate(mm: .recorded("mm"), range: .empty)])]),
        ])
        #expect(PlacementRules.check(empty).map(\.failure) == [.emptyRange])
    }

    @Test func genericAndArchNotifiersTogetherAreADoubleInvalidation() {
        let findings = PlacementRules.check(Fixtures.arm64Both)
        #expect(findings.contains { $0.failure == .doubleInvalidation && $0.entryPoint == "tlb_flush_mmu_tlbonly" })
        #expect(findings.contains { $0.failure == .doubleInvalidation && $0.entryPoint == "ptep_clear_flush_notify" })
        #expect(findings.allSatisfy { $0.failure == .doubleInvalidation })
    }

    @Test func aWholeMMNotifierPerPageIsOverInvalidation() {
        let findings = PlacementRules.check(Fixtures.x86After)
        #expect(findings.map(\.failure) == [.overInvalidation])
        #expect(findings.first?.entryPoint == "arch_tlbbatch_add_pending")
    }
}

@Suite("Hostile placements")
struct HostilePlacementTests {
    /// Twenty helpers, each with two paths that both call the next: 2^20 expansions if inlined naively.
    static let branching: ArchPlacement = {
        var entries: [String: EntryPointPlacement] = Fixtures.arm64After.entryPoints
        for i in 0..<20 {
            let next: [PlacementStep] = i == 19 ? [.cpuInvalidate(.page)] : [.call("helper\(i + 1)")]
            entries["helper\(i)"] = EntryPointPlacement(name: "helper\(i)", paths: [
                PlacementPath(conditions: ["a\(i)"], steps: next),
                PlacementPath(conditions: ["!a\(i)"], steps: [.secondaryInvalidate(mm: .recorded("mm"), range: .page)] + next),
            ])
        }
        entries["flush_tlb_page"] = EntryPointPlacement(name: "flush_tlb_page", paths: [
            PlacementPath(steps: [.call("helper0")]),
        ])
        return ArchPlacement(arch: "test", state: "branching", secondaryUsers: true, entryPoints: entries)
    }()

    @Test func anExponentialPlacementIsCutNotExpanded() {
        let run = ModelChecker.run(.upgradeWithCachedRO, on: Self.branching, bounds: Bounds(maxCallDepth: 30))
        #expect(run.unresolved.contains { $0.contains("expansion limit") })
        #expect(run.result != .capped(states: 0))
    }

    @Test func rulesFinishOnAnExponentialPlacement() {
        let findings = PlacementRules.check(Self.branching)
        #expect(findings.contains { $0.failure == .doubleInvalidation })
    }

    @Test func anEmptyPlacementReportsEveryCallUnresolved() {
        let empty = ArchPlacement(arch: "none", state: "empty", secondaryUsers: false, entryPoints: [:])
        let runs = ModelChecker.runAll(on: empty)
        #expect(runs.allSatisfy { !$0.unresolved.isEmpty })
        // Nothing invalidates anything: the zap frees pages the device still maps.
        #expect(runs.first { $0.scenario == .unmapThenFree }?.result == .fails(.useAfterFree))
        #expect(PlacementRules.check(empty).isEmpty)
    }
}
