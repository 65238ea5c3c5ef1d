import Foundation
import KernelModel
import Testing

/// `make corpus`: the placement model on the real kernel files before and after the central patch
/// of the v6.6 series shows the notifier leaving the generic mmu_gather and arriving in the arch
/// flush functions.
@Suite("corpus: placement", .enabled(if: Corpus.isPresent))
struct PlacementCorpusTests {
    static func model(_ state: String) throws -> PlacementModel {
        let root = try #require(Corpus.root)
        return PlacementBuilder.build(try KernelSources.load(folder: root.appendingPathComponent("kernel/\(state)").path, label: state))
    }

    static func secondary(_ model: PlacementModel, _ arch: String, _ name: String) -> String? {
        model.arch(arch)?.entryPoints.first { $0.name == name }?.secondaryName
    }

    @Test func notifierMovesFromTheGatherToTheArchFlushes() throws {
        let before = try Self.model("before")
        let after = try Self.model("after")
        #expect(Self.secondary(before, "generic", "tlb_flush_mmu_tlbonly") == "range")
        #expect(Self.secondary(after, "generic", "tlb_flush_mmu_tlbonly") == "none")

        for name in ["flush_tlb_page", "flush_tlb_mm", "flush_tlb_range"] {
            #expect(Self.secondary(before, "arm64", name) == "none", "arm64 \(name) before")
        }
        #expect(Self.secondary(after, "arm64", "flush_tlb_page") == "page")
        #expect(Self.secondary(after, "arm64", "flush_tlb_mm") == "whole-mm")
        // The range flush notifies after its loop has consumed `start`: an empty range.
        #expect(Self.secondary(after, "arm64", "flush_tlb_range") == "empty")

        #expect(Self.secondary(before, "x86", "flush_tlb_mm_range") == "none")
        #expect(Self.secondary(after, "x86", "flush_tlb_mm_range") == "range")
        #expect(Self.secondary(after, "x86", "flush_tlb_page") == "page")

        #expect(Self.secondary(before, "powerpc", "radix__flush_tlb_range") == "none")
        #expect(Self.secondary(after, "powerpc", "radix__flush_tlb_range") == "range")
        #expect(Self.secondary(after, "powerpc", "radix__flush_tlb_mm") == "whole-mm")
    }

    @Test func theRenameChangesNoPlacement() throws {
        let after = try Self.model("after")
        let renamed = try Self.model("series-after")
        for arch in ["arm64", "x86", "powerpc"] {
            let a = after.arch(arch)?.entryPoints.map { "\($0.name) \($0.secondaryName) \($0.count)" } ?? []
            let b = renamed.arch(arch)?.entryPoints.map { "\($0.name) \($0.secondaryName) \($0.count)" } ?? []
            #expect(a == b, "\(arch)")
        }
    }

    @Test func permissionUpgradeReachesTheNotifierOnlyAfter() throws {
        let before = try Self.model("before")
        let after = try Self.model("after")
        #expect(Self.secondary(before, "arm64", "ptep_set_access_flags") == "none")
        #expect(Self.secondary(after, "arm64", "ptep_set_access_flags") == "page")
    }
}
