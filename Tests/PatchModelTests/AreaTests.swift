import Testing
import PatchModel

@Suite("areas")
struct AreaTests {
    @Test(arguments: [
        ("arch/arm64/include/asm/tlbflush.h", "arm64"),
        ("arch/powerpc/mm/book3s64/radix_tlb.c", "powerpc"),
        ("arch/x86/mm/tlb.c", "x86"),
        ("arch/x86/kvm/mmu/mmu.c", "kvm"),
        ("virt/kvm/kvm_main.c", "kvm"),
        ("include/asm-generic/tlb.h", "generic"),
        ("mm/rmap.c", "core-mm"),
        ("include/linux/mmu_notifier.h", "core-mm"),
        ("include/linux/mm_types.h", "core-mm"),
        ("include/linux/pgtable.h", "core-mm"),
        ("include/linux/sched.h", "other"),
        ("drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c", "iommu"),
        ("drivers/iommu/intel/svm.c", "iommu"),
        ("drivers/misc/ocxl/link.c", "notifier-user"),
        ("drivers/gpu/drm/amd/amdkfd/kfd_svm.c", "notifier-user"),
        ("drivers/net/ethernet/foo.c", "other"),
        ("Documentation/mm/mmu_notifier.rst", "docs"),
        ("arch", "other"),
        ("", "other"),
        ("/mm//rmap.c", "core-mm"),
        ("arch//x86/mm/tlb.c", "x86"),
        ("arch/x86", "other"),
        ("arch/x86/", "other"),
        ("include/linux/mm/extra.h", "other"),
        ("include/linux/mmzone.h", "core-mm"),
        ("drivers/iommu", "other"),
        ("drivers/gpu/drm/nouveau/nouveau_svm.c", "notifier-user"),
        ("drivers/infiniband/core/umem_odp.c", "notifier-user"),
        ("drivers/misc/sgi-gru/grutlbpurge.c", "notifier-user"),
        ("virt/kvm", "kvm"),
        ("virt", "other"),
        ("mmx/file.c", "other"),
        ("arch/arm64/kvm/mmu.c", "kvm"),
        ("arch/riscv/mm/tlbflush.c", "riscv"),
        ("include/asm-generic", "other"),
        ("Documentation", "docs"),
    ])
    func area(path: String, expected: String) {
        #expect(Area(path: path).description == expected)
    }

    @Test func ordering() {
        let sorted = [Area.other, .coreMM, .arch("x86"), .generic, .arch("arm64")].sorted()
        #expect(sorted.map(\.description) == ["arm64", "x86", "generic", "core-mm", "other"])
    }
}
