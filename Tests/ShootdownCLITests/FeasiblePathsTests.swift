import KernelModel
@testable import Review
import Testing

/// The paths the simulator takes once a device is bound: what the bound device makes impossible
/// (powerpc's local flush when a coprocessor is attached) and the kernel's own bug paths.
@Suite("feasible paths")
struct FeasiblePathsTests {
    static func paths(_ placement: ArchPlacement, _ name: String) -> [PlacementPath] {
        placement.entryPoints[name]?.paths ?? []
    }

    /// With a coprocessor attached every powerpc flush of the mm is a global tlbie: the local path
    /// goes. The nest MMU snoops tlbie, but a device's ATC does not: no secondary invalidation is added.
    @Test func aCoprocessorMakesPowerpcFlushesGlobal() throws {
        var snooped = InvalidationRange(.page)
        snooped.facts.insert(.snoopedBySecondary)
        let local = PlacementPath(conditions: ["!(atomic_read(&mm->context.copros) > 0)", "type == FLUSH_TYPE_GLOBAL"],
                                  steps: [.cpuInvalidate(InvalidationRange(.page))])
        let global = PlacementPath(conditions: ["atomic_read(&mm->context.copros) > 0", "type == FLUSH_TYPE_GLOBAL"],
                                   steps: [.cpuInvalidate(snooped)])
        let raw = ArchPlacement(arch: "powerpc", state: "test", secondaryUsers: true, entryPoints: [
            "flush_tlb_page": EntryPointPlacement(name: "flush_tlb_page", paths: [local, global]),
        ])
        #expect(Self.paths(FeasiblePaths.placement(raw), "flush_tlb_page") == [global])
        // Another arch knows nothing of coprocessors: both paths stay.
        var other = raw
        other.arch = "arm64"
        #expect(Self.paths(FeasiblePaths.placement(other), "flush_tlb_page").count == 2)
    }

    @Test func pathsUnderAKernelWarningAreNotHowTheKernelRuns() {
        let bug = PlacementPath(conditions: ["radix_enabled()", "WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"],
                                steps: [.pteWrite("pmdp_establish(vma, address, pmdp, pmd_mkinvalid(*pmdp))"),
                                        .cpuInvalidate(InvalidationRange(.page)),
                                        .earlyReturn(condition: "WARN_ON_ONCE(pid == MMU_NO_CONTEXT)")])
        let normal = PlacementPath(conditions: ["radix_enabled()", "!(WARN_ON_ONCE(pid == MMU_NO_CONTEXT))"],
                                   steps: [.pteWrite("pmdp_establish(vma, address, pmdp, pmd_mkinvalid(*pmdp))"),
                                           .cpuInvalidate(InvalidationRange(.huge))])
        let raw = ArchPlacement(arch: "powerpc", state: "test", secondaryUsers: true, entryPoints: [
            "pmdp_invalidate": EntryPointPlacement(name: "pmdp_invalidate", paths: [bug, normal]),
        ])
        #expect(Self.paths(FeasiblePaths.placement(raw), "pmdp_invalidate") == [normal])
        #expect(FeasiblePaths.holds("unlikely(WARN_ON(!mm))", arch: "x86") == false)
        #expect(FeasiblePaths.holds("!(WARN_ON_ONCE(pid == MMU_NO_CONTEXT))", arch: "powerpc") == true)
    }

    /// Conditions are judged over `&&`, `||`, `!` and parentheses with three values: a bound
    /// device's facts decide only what they settle.
    @Test func conditionsAreJudgedWithThreeValues() {
        // The negated branch of `if (radix_enabled() && mm_is_thread_local(mm))` is still taken.
        #expect(FeasiblePaths.holds("!(radix_enabled() && mm_is_thread_local(mm))", arch: "powerpc") == nil)
        #expect(FeasiblePaths.holds("!radix_enabled() || !mm_has_notifiers(vma->vm_mm)", arch: "powerpc") == false)
        #expect(FeasiblePaths.holds("(change & _PAGE_RW) && atomic_read(&mm->context.copros) > 0", arch: "powerpc") == nil)
        #expect(FeasiblePaths.holds("!((change & _PAGE_RW) && atomic_read(&mm->context.copros) > 0)", arch: "powerpc") == nil)
        #expect(FeasiblePaths.holds("active_cpus == 0 || defined(CONFIG_SMP)", arch: "powerpc") == true)
        #expect(FeasiblePaths.holds("!defined( CONFIG_MMU_NOTIFIER )", arch: "arm64") == false)
        #expect(FeasiblePaths.holds("a != b", arch: "arm64") == nil)
        #expect(FeasiblePaths.holds("likely(mm_has_notifiers(mm))", arch: "arm64") == true)
        // powerpc's facts are powerpc's.
        #expect(FeasiblePaths.holds("atomic_read(&mm->context.copros) > 0", arch: "x86") == nil)
    }
}
