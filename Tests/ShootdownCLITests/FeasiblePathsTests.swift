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
        let tlbie = InvalidationRange(.page, arguments: ["vmaddr", "pid", "psize", "RIC_FLUSH_TLB"])
        let local = PlacementPath(conditions: ["!(atomic_read(&mm->context.copros) > 0)", "type == FLUSH_TYPE_GLOBAL"],
                                  steps: [.cpuInvalidate(InvalidationRange(.page))])
        let global = PlacementPath(conditions: ["atomic_read(&mm->context.copros) > 0", "type == FLUSH_TYPE_GLOBAL"],
                                   steps: [.cpuInvalidate(tlbie)])
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
        #expect(DeviceFacts(arch: "x86").evaluate("unlikely(WARN_ON(!mm))") == false)
        #expect(DeviceFacts(arch: "powerpc").evaluate("!(WARN_ON_ONCE(pid == MMU_NO_CONTEXT))") == true)
    }

    /// Conditions are judged over `&&`, `||`, `!` and parentheses with three values: a bound
    /// device's facts decide only what they settle.
    @Test func conditionsAreJudgedWithThreeValues() {
        // The negated branch of `if (radix_enabled() && mm_is_thread_local(mm))` is still taken.
        #expect(DeviceFacts(arch: "powerpc").evaluate("!(radix_enabled() && mm_is_thread_local(mm))") == nil)
        #expect(DeviceFacts(arch: "powerpc").evaluate("!radix_enabled() || !mm_has_notifiers(vma->vm_mm)") == false)
        #expect(DeviceFacts(arch: "powerpc").evaluate("(change & _PAGE_RW) && atomic_read(&mm->context.copros) > 0") == nil)
        #expect(DeviceFacts(arch: "powerpc").evaluate("!((change & _PAGE_RW) && atomic_read(&mm->context.copros) > 0)") == nil)
        #expect(DeviceFacts(arch: "powerpc").evaluate("active_cpus == 0 || defined(CONFIG_SMP)") == true)
        #expect(DeviceFacts(arch: "arm64").evaluate("!defined( CONFIG_MMU_NOTIFIER )") == false)
        #expect(DeviceFacts(arch: "arm64").evaluate("a != b") == nil)
        #expect(DeviceFacts(arch: "arm64").evaluate("likely(mm_has_notifiers(mm))") == true)
        // powerpc's facts are powerpc's.
        #expect(DeviceFacts(arch: "x86").evaluate("atomic_read(&mm->context.copros) > 0") == nil)
    }
}
