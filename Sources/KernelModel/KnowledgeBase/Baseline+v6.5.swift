// The v6.5 baseline of the knowledge base: for each function the placement model follows, its
// place, parameters and the calls, returns and assignments that matter to placement.
// Taken from the kernel files by BaselineTableTests (Tests/CorpusTests) and checked against them there.

extension KnowledgeBase {
    /// mainline just before the secondary-TLB series' central patch (v6.5-rc).
    public static let baseline_v6_5 = KernelBaseline(
        version: "v6.5",
        origin: "mainline just before the secondary-TLB series' central patch (v6.5-rc)",
        functions: [
            BaselineFunction("flush_pmd_tlb_range", "arch/arm64/include/asm/pgtable.h", 42...43, macro: true, parameters: ["vma", "addr", "end"], condition: ["p:!defined(__ASSEMBLY__)", "p:defined(CONFIG_TRANSPARENT_HUGEPAGE)"], calls: [
                .init(43, "__flush_tlb_range", ["vma", "addr", "end", "PMD_SIZE", "false", "2"]),
            ]),
            BaselineFunction("flush_tlb_fix_spurious_fault", "arch/arm64/include/asm/pgtable.h", 60...60, macro: true, parameters: ["vma", "address", "ptep"], condition: ["p:!defined(__ASSEMBLY__)"]),
            BaselineFunction("pmdp_set_access_flags", "arch/arm64/include/asm/pgtable.h", 833...838, parameters: ["vma", "address", "pmdp", "entry", "dirty"], condition: ["p:!defined(__ASSEMBLY__)", "p:defined(CONFIG_TRANSPARENT_HUGEPAGE)"], calls: [
                .init(837, "ptep_set_access_flags", ["vma", "address", "(pte_t *)pmdp", "pmd_pte(entry)", "dirty"]),
            ]),
            BaselineFunction("__tlbi", "arch/arm64/include/asm/tlbflush.h", 49...49, macro: true, parameters: ["op", "..."], condition: ["p:!defined(__ASSEMBLY__)"]),
            BaselineFunction("__tlbi_user", "arch/arm64/include/asm/tlbflush.h", 51...54, macro: true, parameters: ["op", "arg"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(53, "__tlbi", ["op", "(arg) | USER_ASID_FLAG"], ["s:arm64_kernel_unmapped_at_el0()"]),
            ]),
            BaselineFunction("__tlbi_level", "arch/arm64/include/asm/tlbflush.h", 104...116, macro: true, parameters: ["op", "addr", "level"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(115, "__tlbi", ["op", "arg"]),
            ], assignments: [
                .init(105, "arg", "=", "addr"),
                .init(111, "arg", "&=", "~TLBI_TTL_MASK", ["s:cpus_have_const_cap(ARM64_HAS_ARMv8_4_TTL) && level"]),
                .init(112, "arg", "|=", "FIELD_PREP(TLBI_TTL_MASK, ttl)", ["s:cpus_have_const_cap(ARM64_HAS_ARMv8_4_TTL) && level"]),
            ]),
            BaselineFunction("__tlbi_user_level", "arch/arm64/include/asm/tlbflush.h", 118...121, macro: true, parameters: ["op", "arg", "level"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(120, "__tlbi_level", ["op", "(arg | USER_ASID_FLAG)", "level"], ["s:arm64_kernel_unmapped_at_el0()"]),
            ]),
            BaselineFunction("local_flush_tlb_all", "arch/arm64/include/asm/tlbflush.h", 230...236, parameters: [], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(233, "__tlbi", ["vmalle1"]),
            ]),
            BaselineFunction("flush_tlb_all", "arch/arm64/include/asm/tlbflush.h", 238...244, parameters: [], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(241, "__tlbi", ["vmalle1is"]),
            ]),
            BaselineFunction("flush_tlb_mm", "arch/arm64/include/asm/tlbflush.h", 246...255, parameters: ["mm"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(252, "__tlbi", ["aside1is", "asid"]),
                .init(253, "__tlbi_user", ["aside1is", "asid"]),
            ], assignments: [
                .init(251, "asid", "=", "__TLBI_VADDR(0, ASID(mm))"),
            ]),
            BaselineFunction("__flush_tlb_page_nosync", "arch/arm64/include/asm/tlbflush.h", 257...266, parameters: ["mm", "uaddr"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(264, "__tlbi", ["vale1is", "addr"]),
                .init(265, "__tlbi_user", ["vale1is", "addr"]),
            ], assignments: [
                .init(263, "addr", "=", "__TLBI_VADDR(uaddr, ASID(mm))"),
            ]),
            BaselineFunction("flush_tlb_page_nosync", "arch/arm64/include/asm/tlbflush.h", 268...272, parameters: ["vma", "uaddr"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(271, "__flush_tlb_page_nosync", ["vma->vm_mm", "uaddr"]),
            ]),
            BaselineFunction("flush_tlb_page", "arch/arm64/include/asm/tlbflush.h", 274...279, parameters: ["vma", "uaddr"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(277, "flush_tlb_page_nosync", ["vma", "uaddr"]),
            ]),
            BaselineFunction("arch_tlbbatch_add_pending", "arch/arm64/include/asm/tlbflush.h", 296...301, parameters: ["batch", "mm", "uaddr"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(300, "__flush_tlb_page_nosync", ["mm", "uaddr"]),
            ]),
            BaselineFunction("arch_flush_tlb_batched_pending", "arch/arm64/include/asm/tlbflush.h", 303...306, parameters: ["mm"], condition: ["p:!defined(__ASSEMBLY__)"]),
            BaselineFunction("arch_tlbbatch_flush", "arch/arm64/include/asm/tlbflush.h", 308...311, parameters: ["batch"], condition: ["p:!defined(__ASSEMBLY__)"]),
            BaselineFunction("__flush_tlb_range", "arch/arm64/include/asm/tlbflush.h", 319...399, parameters: ["vma", "start", "end", "stride", "last_level", "tlb_level"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(341, "flush_tlb_mm", ["vma->vm_mm"], ["s:(!system_supports_tlb_range() && (end - start) >= (MAX_TLBI_OPS * stride)) || pages >= MAX_TLBI_RANGE_PAGES"]),
                .init(371, "__tlbi_level", ["vale1is", "addr", "tlb_level"], ["l:pages > 0", "s:!system_supports_tlb_range() || pages % 2 == 1", "s:last_level"]),
                .init(372, "__tlbi_user_level", ["vale1is", "addr", "tlb_level"], ["l:pages > 0", "s:!system_supports_tlb_range() || pages % 2 == 1", "s:last_level"]),
                .init(374, "__tlbi_level", ["vae1is", "addr", "tlb_level"], ["l:pages > 0", "s:!system_supports_tlb_range() || pages % 2 == 1", "s:!(last_level)"]),
                .init(375, "__tlbi_user_level", ["vae1is", "addr", "tlb_level"], ["l:pages > 0", "s:!system_supports_tlb_range() || pages % 2 == 1", "s:!(last_level)"]),
                .init(387, "__tlbi", ["rvale1is", "addr"], ["l:pages > 0", "s:num >= 0", "s:last_level"]),
                .init(388, "__tlbi_user", ["rvale1is", "addr"], ["l:pages > 0", "s:num >= 0", "s:last_level"]),
                .init(390, "__tlbi", ["rvae1is", "addr"], ["l:pages > 0", "s:num >= 0", "s:!(last_level)"]),
                .init(391, "__tlbi_user", ["rvae1is", "addr"], ["l:pages > 0", "s:num >= 0", "s:!(last_level)"]),
            ], returns: [.init(342, ["s:(!system_supports_tlb_range() && (end - start) >= (MAX_TLBI_OPS * stride)) || pages >= MAX_TLBI_RANGE_PAGES"])], assignments: [
                .init(369, "addr", "=", "__TLBI_VADDR(start, asid)", ["l:pages > 0", "s:!system_supports_tlb_range() || pages % 2 == 1"]),
                .init(384, "addr", "=", "__TLBI_VADDR_RANGE(start, asid, scale, num, tlb_level)", ["l:pages > 0", "s:num >= 0"]),
            ]),
            BaselineFunction("flush_tlb_range", "arch/arm64/include/asm/tlbflush.h", 401...410, parameters: ["vma", "start", "end"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(409, "__flush_tlb_range", ["vma", "start", "end", "PAGE_SIZE", "false", "0"]),
            ]),
            BaselineFunction("flush_tlb_kernel_range", "arch/arm64/include/asm/tlbflush.h", 412...429, parameters: ["start", "end"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(417, "flush_tlb_all", [], ["s:(end - start) > (MAX_TLBI_OPS * PAGE_SIZE)"]),
                .init(426, "__tlbi", ["vaale1is", "addr"], ["l:addr = start; addr < end; addr += 1 << (PAGE_SHIFT - 12)"]),
            ], returns: [.init(418, ["s:(end - start) > (MAX_TLBI_OPS * PAGE_SIZE)"])], assignments: [
                .init(425, "addr", "=", "start"),
                .init(425, "addr", "+=", "1 << (PAGE_SHIFT - 12)"),
            ]),
            BaselineFunction("__flush_tlb_kernel_pgtable", "arch/arm64/include/asm/tlbflush.h", 435...443, parameters: ["kaddr"], condition: ["p:!defined(__ASSEMBLY__)"], calls: [
                .init(440, "__tlbi", ["vaae1is", "addr"]),
            ], assignments: [
                .init(437, "addr", "=", "__TLBI_VADDR(kaddr, 0)"),
            ]),
            BaselineFunction("ptep_set_access_flags", "arch/arm64/mm/fault.c", 212...245, parameters: ["vma", "address", "ptep", "entry", "dirty"], calls: [
                .init(238, "cmpxchg_relaxed", ["&pte_val(*ptep)", "old_pteval", "pteval"], ["l:pteval != old_pteval"]),
                .init(243, "flush_tlb_page", ["vma", "address"], ["s:dirty"]),
            ], returns: [.init(220, ["s:pte_same(pte, entry)"])], assignments: [
                .init(223, "pte_val(entry)", "&=", "PTE_RDONLY | PTE_AF | PTE_WRITE | PTE_DIRTY"),
                .init(231, "pte_val(entry)", "^=", "PTE_RDONLY"),
                .init(232, "pteval", "=", "pte_val(pte)"),
                .init(234, "old_pteval", "=", "pteval", ["l:pteval != old_pteval"]),
                .init(235, "pteval", "^=", "PTE_RDONLY", ["l:pteval != old_pteval"]),
                .init(236, "pteval", "|=", "pte_val(entry)", ["l:pteval != old_pteval"]),
                .init(237, "pteval", "^=", "PTE_RDONLY", ["l:pteval != old_pteval"]),
                .init(238, "pteval", "=", "cmpxchg_relaxed(&pte_val(*ptep), old_pteval, pteval)", ["l:pteval != old_pteval"]),
            ]),
            BaselineFunction("flush_pmd_tlb_range", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 46...51, parameters: ["vma", "start", "end"], calls: [
                .init(50, "radix__flush_pmd_tlb_range", ["vma", "start", "end"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("flush_hugetlb_tlb_range", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 54...60, parameters: ["vma", "start", "end"], calls: [
                .init(59, "radix__flush_hugetlb_tlb_range", ["vma", "start", "end"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("flush_tlb_range", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 62...67, parameters: ["vma", "start", "end"], calls: [
                .init(66, "radix__flush_tlb_range", ["vma", "start", "end"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("flush_tlb_kernel_range", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 69...74, parameters: ["start", "end"], calls: [
                .init(73, "radix__flush_tlb_kernel_range", ["start", "end"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("tlb_flush", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 96...102, parameters: ["tlb"], calls: [
                .init(99, "radix__tlb_flush", ["tlb"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("flush_tlb_mm", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 105...109, parameters: ["mm"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(108, "radix__flush_tlb_mm", ["mm"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("flush_tlb_page", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 111...116, parameters: ["vma", "vmaddr"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(115, "radix__flush_tlb_page", ["vma", "vmaddr"], ["s:radix_enabled()"]),
            ]),
            BaselineFunction("flush_tlb_fix_spurious_fault", "arch/powerpc/include/asm/book3s/64/tlbflush.h", 123...150, parameters: ["vma", "address", "ptep"]),
            BaselineFunction("radix__flush_hugetlb_page", "arch/powerpc/mm/book3s64/radix_hugetlbpage.c", 10...17, parameters: ["vma", "vmaddr"], calls: [
                .init(16, "radix__flush_tlb_page_psize", ["vma->vm_mm", "vmaddr", "psize"]),
            ], assignments: [
                .init(15, "psize", "=", "hstate_get_psize(hstate)"),
            ]),
            BaselineFunction("radix__local_flush_hugetlb_page", "arch/powerpc/mm/book3s64/radix_hugetlbpage.c", 19...26, parameters: ["vma", "vmaddr"], calls: [
                .init(25, "radix__local_flush_tlb_page_psize", ["vma->vm_mm", "vmaddr", "psize"]),
            ], assignments: [
                .init(24, "psize", "=", "hstate_get_psize(hstate)"),
            ]),
            BaselineFunction("radix__flush_hugetlb_tlb_range", "arch/powerpc/mm/book3s64/radix_hugetlbpage.c", 28...42, parameters: ["vma", "start", "end"], calls: [
                .init(39, "radix__flush_tlb_pwc_range_psize", ["vma->vm_mm", "start", "end", "psize"], ["s:end - start >= PUD_SIZE"]),
                .init(41, "radix__flush_tlb_range_psize", ["vma->vm_mm", "start", "end", "psize"], ["s:!(end - start >= PUD_SIZE)"]),
            ], assignments: [
                .init(34, "psize", "=", "hstate_get_psize(hstate)"),
            ]),
            BaselineFunction("__tlbiel_pid", "arch/powerpc/mm/book3s64/radix_tlb.c", 100...114, parameters: ["pid", "set", "ric"]),
            BaselineFunction("__tlbie_pid", "arch/powerpc/mm/book3s64/radix_tlb.c", 116...128, parameters: ["pid", "ric"]),
            BaselineFunction("__tlbiel_va", "arch/powerpc/mm/book3s64/radix_tlb.c", 173...187, parameters: ["va", "pid", "ap", "ric"]),
            BaselineFunction("__tlbie_va", "arch/powerpc/mm/book3s64/radix_tlb.c", 189...203, parameters: ["va", "pid", "ap", "ric"]),
            BaselineFunction("fixup_tlbie_va", "arch/powerpc/mm/book3s64/radix_tlb.c", 239...251, parameters: ["va", "pid", "ap"], calls: [
                .init(244, "__tlbie_va", ["va", "0", "ap", "RIC_FLUSH_TLB"], ["s:cpu_has_feature(CPU_FTR_P9_TLBIE_ERAT_BUG)"]),
                .init(249, "__tlbie_va", ["va", "pid", "ap", "RIC_FLUSH_TLB"], ["s:cpu_has_feature(CPU_FTR_P9_TLBIE_STQ_BUG)"]),
            ]),
            BaselineFunction("fixup_tlbie_va_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 253...265, parameters: ["va", "pid", "ap"], calls: [
                .init(258, "__tlbie_pid", ["0", "RIC_FLUSH_TLB"], ["s:cpu_has_feature(CPU_FTR_P9_TLBIE_ERAT_BUG)"]),
                .init(263, "__tlbie_va", ["va", "pid", "ap", "RIC_FLUSH_TLB"], ["s:cpu_has_feature(CPU_FTR_P9_TLBIE_STQ_BUG)"]),
            ]),
            BaselineFunction("fixup_tlbie_pid", "arch/powerpc/mm/book3s64/radix_tlb.c", 283...300, parameters: ["pid"], calls: [
                .init(293, "__tlbie_pid", ["0", "RIC_FLUSH_TLB"], ["s:cpu_has_feature(CPU_FTR_P9_TLBIE_ERAT_BUG)"]),
                .init(298, "__tlbie_va", ["va", "pid", "mmu_get_ap(MMU_PAGE_64K)", "RIC_FLUSH_TLB"], ["s:cpu_has_feature(CPU_FTR_P9_TLBIE_STQ_BUG)"]),
            ], assignments: [
                .init(289, "va", "=", "((1UL << 52) - 1)"),
            ]),
            BaselineFunction("_tlbiel_pid", "arch/powerpc/mm/book3s64/radix_tlb.c", 358...392, parameters: ["pid", "ric"], calls: [
                .init(368, "__tlbiel_pid", ["pid", "0", "RIC_FLUSH_PWC"], ["c:ric: RIC_FLUSH_PWC"]),
                .init(372, "__tlbiel_pid", ["pid", "0", "RIC_FLUSH_TLB"], ["c:ric: RIC_FLUSH_TLB"]),
                .init(381, "__tlbiel_pid", ["pid", "0", "RIC_FLUSH_ALL"], ["c:ric: RIC_FLUSH_ALL, default"]),
                .init(387, "__tlbiel_pid", ["pid", "set", "RIC_FLUSH_TLB"], ["s:!cpu_has_feature(CPU_FTR_ARCH_31)", "l:set = 1; set < POWER9_TLB_SETS_RADIX ; set++"]),
            ], returns: [.init(370, ["c:ric: RIC_FLUSH_PWC"])], assignments: [
                .init(386, "set", "=", "1", ["s:!cpu_has_feature(CPU_FTR_ARCH_31)"]),
                .init(386, "set", "+=", "1", ["s:!cpu_has_feature(CPU_FTR_ARCH_31)"]),
            ]),
            BaselineFunction("_tlbie_pid", "arch/powerpc/mm/book3s64/radix_tlb.c", 394...417, parameters: ["pid", "ric"], calls: [
                .init(405, "__tlbie_pid", ["pid", "RIC_FLUSH_TLB"], ["c:ric: RIC_FLUSH_TLB"]),
                .init(406, "fixup_tlbie_pid", ["pid"], ["c:ric: RIC_FLUSH_TLB"]),
                .init(409, "__tlbie_pid", ["pid", "RIC_FLUSH_PWC"], ["c:ric: RIC_FLUSH_PWC"]),
                .init(413, "__tlbie_pid", ["pid", "RIC_FLUSH_ALL"], ["c:ric: RIC_FLUSH_ALL, default"]),
                .init(414, "fixup_tlbie_pid", ["pid"], ["c:ric: RIC_FLUSH_ALL, default"]),
            ]),
            BaselineFunction("_tlbiel_pid_multicast", "arch/powerpc/mm/book3s64/radix_tlb.c", 461...475, parameters: ["mm", "pid", "ric"], calls: [
                .init(474, "_tlbie_pid", ["pid", "RIC_FLUSH_ALL"], ["s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("__tlbiel_va_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 524...533, parameters: ["start", "end", "pid", "page_size", "psize"], calls: [
                .init(532, "__tlbiel_va", ["addr", "pid", "ap", "RIC_FLUSH_TLB"], ["l:addr = start; addr < end; addr += page_size"]),
            ], assignments: [
                .init(529, "ap", "=", "mmu_get_ap(psize)"),
                .init(531, "addr", "=", "start"),
                .init(531, "addr", "+=", "page_size"),
            ]),
            BaselineFunction("_tlbiel_va", "arch/powerpc/mm/book3s64/radix_tlb.c", 535...543, parameters: ["va", "pid", "psize", "ric"], calls: [
                .init(541, "__tlbiel_va", ["va", "pid", "ap", "ric"]),
            ], assignments: [
                .init(538, "ap", "=", "mmu_get_ap(psize)"),
            ]),
            BaselineFunction("_tlbiel_va_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 545...554, parameters: ["start", "end", "pid", "page_size", "psize", "also_pwc"], calls: [
                .init(551, "__tlbiel_pid", ["pid", "0", "RIC_FLUSH_PWC"], ["s:also_pwc"]),
                .init(552, "__tlbiel_va_range", ["start", "end", "pid", "page_size", "psize"]),
            ]),
            BaselineFunction("__tlbie_va_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 556...567, parameters: ["start", "end", "pid", "page_size", "psize"], calls: [
                .init(564, "__tlbie_va", ["addr", "pid", "ap", "RIC_FLUSH_TLB"], ["l:addr = start; addr < end; addr += page_size"]),
                .init(566, "fixup_tlbie_va_range", ["addr - page_size", "pid", "ap"]),
            ], assignments: [
                .init(561, "ap", "=", "mmu_get_ap(psize)"),
                .init(563, "addr", "=", "start"),
                .init(563, "addr", "+=", "page_size"),
            ]),
            BaselineFunction("_tlbie_va", "arch/powerpc/mm/book3s64/radix_tlb.c", 583...592, parameters: ["va", "pid", "psize", "ric"], calls: [
                .init(589, "__tlbie_va", ["va", "pid", "ap", "ric"]),
                .init(590, "fixup_tlbie_va", ["va", "pid", "ap"]),
            ], assignments: [
                .init(586, "ap", "=", "mmu_get_ap(psize)"),
            ]),
            BaselineFunction("_tlbiel_va_multicast", "arch/powerpc/mm/book3s64/radix_tlb.c", 613...622, parameters: ["mm", "va", "pid", "psize", "ric"], calls: [
                .init(621, "_tlbie_va", ["va", "pid", "psize", "RIC_FLUSH_TLB"], ["s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("_tlbie_lpid_va", "arch/powerpc/mm/book3s64/radix_tlb.c", 641...650, parameters: ["va", "lpid", "psize", "ric"]),
            BaselineFunction("_tlbie_va_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 652...661, parameters: ["start", "end", "pid", "page_size", "psize", "also_pwc"], calls: [
                .init(658, "__tlbie_pid", ["pid", "RIC_FLUSH_PWC"], ["s:also_pwc"]),
                .init(659, "__tlbie_va_range", ["start", "end", "pid", "page_size", "psize"]),
            ]),
            BaselineFunction("_tlbiel_va_range_multicast", "arch/powerpc/mm/book3s64/radix_tlb.c", 675...688, parameters: ["mm", "start", "end", "pid", "page_size", "psize", "also_pwc"], calls: [
                .init(687, "_tlbie_va_range", ["start", "end", "pid", "page_size", "psize", "also_pwc"], ["s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("radix__local_flush_tlb_mm", "arch/powerpc/mm/book3s64/radix_tlb.c", 701...711, parameters: ["mm"], calls: [
                .init(709, "_tlbiel_pid", ["pid", "RIC_FLUSH_TLB"]),
            ], returns: [.init(706, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(703, "pid", "=", "mm->context.id"),
            ]),
            BaselineFunction("radix__local_flush_all_mm", "arch/powerpc/mm/book3s64/radix_tlb.c", 715...725, parameters: ["mm"], condition: ["p:!defined(CONFIG_SMP)"], calls: [
                .init(723, "_tlbiel_pid", ["pid", "RIC_FLUSH_ALL"]),
            ], returns: [.init(720, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(717, "pid", "=", "mm->context.id"),
            ]),
            BaselineFunction("radix__local_flush_tlb_page_psize", "arch/powerpc/mm/book3s64/radix_tlb.c", 734...745, parameters: ["mm", "vmaddr", "psize"], calls: [
                .init(743, "_tlbiel_va", ["vmaddr", "pid", "psize", "RIC_FLUSH_TLB"]),
            ], returns: [.init(740, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(737, "pid", "=", "mm->context.id"),
            ]),
            BaselineFunction("radix__local_flush_tlb_page", "arch/powerpc/mm/book3s64/radix_tlb.c", 747...755, parameters: ["vma", "vmaddr"], calls: [
                .init(752, "radix__local_flush_hugetlb_page", ["vma", "vmaddr"], ["p:defined(CONFIG_HUGETLB_PAGE)", "s:is_vm_hugetlb_page(vma)"]),
                .init(754, "radix__local_flush_tlb_page_psize", ["vma->vm_mm", "vmaddr", "mmu_virtual_psize"]),
            ], returns: [.init(752, ["p:defined(CONFIG_HUGETLB_PAGE)", "s:is_vm_hugetlb_page(vma)"])]),
            BaselineFunction("exit_lazy_flush_tlb", "arch/powerpc/mm/book3s64/radix_tlb.c", 782...831, parameters: ["mm", "always_flush"], calls: [
                .init(830, "_tlbiel_pid", ["pid", "RIC_FLUSH_ALL"], ["s:always_flush"]),
            ], assignments: [
                .init(784, "pid", "=", "mm->context.id"),
            ]),
            BaselineFunction("exit_flush_lazy_tlbs", "arch/powerpc/mm/book3s64/radix_tlb.c", 840...851, parameters: ["mm"], condition: ["p:defined(CONFIG_SMP)"]),
            BaselineFunction("flush_type_needed", "arch/powerpc/mm/book3s64/radix_tlb.c", 884...950, parameters: ["mm", "fullmm"], calls: [
                .init(899, "exit_lazy_flush_tlb", ["mm", "true"], ["s:active_cpus == 1 && cpumask_test_cpu(cpu, mm_cpumask(mm))", "s:current->mm != mm", "s:tick_and_test_trim_clock()"]),
                .init(945, "exit_lazy_flush_tlb", ["mm", "true"], ["s:tick_and_test_trim_clock()", "s:cpumask_test_cpu(cpu, mm_cpumask(mm))"]),
            ], returns: [.init(890, ["s:active_cpus == 0"]), .init(900, ["s:active_cpus == 1 && cpumask_test_cpu(cpu, mm_cpumask(mm))", "s:current->mm != mm", "s:tick_and_test_trim_clock()"]), .init(903, ["s:active_cpus == 1 && cpumask_test_cpu(cpu, mm_cpumask(mm))"]), .init(908, ["s:atomic_read(&mm->context.copros) > 0"]), .init(916, ["s:fullmm"]), .init(933, ["s:atomic_read(&mm->mm_users) <= 1 && current->mm == mm"]), .init(943, ["s:tick_and_test_trim_clock()", "s:current->mm == mm"])]),
            BaselineFunction("radix__flush_tlb_mm", "arch/powerpc/mm/book3s64/radix_tlb.c", 953...990, parameters: ["mm"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(969, "flush_type_needed", ["mm", "false"]),
                .init(971, "_tlbiel_pid", ["pid", "RIC_FLUSH_TLB"], ["s:type == FLUSH_TYPE_LOCAL"]),
                .init(978, "pseries_rpt_invalidate", ["pid", "tgt", "H_RPTI_TYPE_TLB", "H_RPTI_PAGE_ALL", "0", "-1UL"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(982, "_tlbie_pid", ["pid", "RIC_FLUSH_ALL"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:cputlb_use_tlbie()", "s:mm_needs_flush_escalation(mm)"]),
                .init(984, "_tlbie_pid", ["pid", "RIC_FLUSH_TLB"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:cputlb_use_tlbie()", "s:!(mm_needs_flush_escalation(mm))"]),
                .init(986, "_tlbiel_pid_multicast", ["mm", "pid", "RIC_FLUSH_TLB"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:!(cputlb_use_tlbie())"]),
            ], returns: [.init(960, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(958, "pid", "=", "mm->context.id"),
                .init(974, "tgt", "=", "H_RPTI_TARGET_CMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(977, "tgt", "|=", "H_RPTI_TARGET_NMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)", "s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("__flush_all_mm", "arch/powerpc/mm/book3s64/radix_tlb.c", 993...1023, parameters: ["mm", "fullmm"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(1004, "flush_type_needed", ["mm", "fullmm"]),
                .init(1006, "_tlbiel_pid", ["pid", "RIC_FLUSH_ALL"], ["s:type == FLUSH_TYPE_LOCAL"]),
                .init(1015, "pseries_rpt_invalidate", ["pid", "tgt", "type", "H_RPTI_PAGE_ALL", "0", "-1UL"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1018, "_tlbie_pid", ["pid", "RIC_FLUSH_ALL"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:cputlb_use_tlbie()"]),
                .init(1020, "_tlbiel_pid_multicast", ["mm", "pid", "RIC_FLUSH_ALL"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:!(cputlb_use_tlbie())"]),
            ], returns: [.init(1000, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(998, "pid", "=", "mm->context.id"),
                .init(1004, "type", "=", "flush_type_needed(mm, fullmm)"),
                .init(1009, "tgt", "=", "H_RPTI_TARGET_CMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1010, "type", "=", "H_RPTI_TYPE_TLB | H_RPTI_TYPE_PWC | H_RPTI_TYPE_PRT", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1014, "tgt", "|=", "H_RPTI_TARGET_NMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)", "s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("radix__flush_all_mm", "arch/powerpc/mm/book3s64/radix_tlb.c", 1025...1028, parameters: ["mm"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(1027, "__flush_all_mm", ["mm", "false"]),
            ]),
            BaselineFunction("radix__flush_tlb_page_psize", "arch/powerpc/mm/book3s64/radix_tlb.c", 1031...1065, parameters: ["mm", "vmaddr", "psize"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(1043, "flush_type_needed", ["mm", "false"]),
                .init(1045, "_tlbiel_va", ["vmaddr", "pid", "psize", "RIC_FLUSH_TLB"], ["s:type == FLUSH_TYPE_LOCAL"]),
                .init(1056, "pseries_rpt_invalidate", ["pid", "tgt", "H_RPTI_TYPE_TLB", "pg_sizes", "vmaddr", "vmaddr + size"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1060, "_tlbie_va", ["vmaddr", "pid", "psize", "RIC_FLUSH_TLB"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:cputlb_use_tlbie()"]),
                .init(1062, "_tlbiel_va_multicast", ["mm", "vmaddr", "pid", "psize", "RIC_FLUSH_TLB"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:!(cputlb_use_tlbie())"]),
            ], returns: [.init(1039, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(1037, "pid", "=", "mm->context.id"),
                .init(1050, "tgt", "=", "H_RPTI_TARGET_CMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1051, "pg_sizes", "=", "psize_to_rpti_pgsize(psize)", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1052, "size", "=", "1UL << mmu_psize_to_shift(psize)", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1055, "tgt", "|=", "H_RPTI_TARGET_NMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)", "s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("radix__flush_tlb_page", "arch/powerpc/mm/book3s64/radix_tlb.c", 1067...1074, parameters: ["vma", "vmaddr"], condition: ["p:defined(CONFIG_SMP)"], calls: [
                .init(1071, "radix__flush_hugetlb_page", ["vma", "vmaddr"], ["p:defined(CONFIG_HUGETLB_PAGE)", "s:is_vm_hugetlb_page(vma)"]),
                .init(1073, "radix__flush_tlb_page_psize", ["vma->vm_mm", "vmaddr", "mmu_virtual_psize"]),
            ], returns: [.init(1071, ["p:defined(CONFIG_HUGETLB_PAGE)", "s:is_vm_hugetlb_page(vma)"])]),
            BaselineFunction("_tlbiel_kernel_broadcast", "arch/powerpc/mm/book3s64/radix_tlb.c", 1084...1095, parameters: [], calls: [
                .init(1093, "_tlbie_pid", ["0", "RIC_FLUSH_ALL"], ["s:tlbie_capable"]),
            ]),
            BaselineFunction("radix__flush_tlb_kernel_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 1102...1115, parameters: ["start", "end"], calls: [
                .init(1109, "pseries_rpt_invalidate", ["0", "tgt", "type", "H_RPTI_PAGE_ALL", "start", "end"], ["s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1112, "_tlbie_pid", ["0", "RIC_FLUSH_ALL"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:cputlb_use_tlbie()"]),
                .init(1114, "_tlbiel_kernel_broadcast", [], ["s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:!(cputlb_use_tlbie())"]),
            ], assignments: [
                .init(1105, "tgt", "=", "H_RPTI_TARGET_CMMU | H_RPTI_TARGET_NMMU", ["s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1106, "type", "=", "H_RPTI_TYPE_TLB | H_RPTI_TYPE_PWC | H_RPTI_TYPE_PRT", ["s:!mmu_has_feature(MMU_FTR_GTSE)"]),
            ]),
            BaselineFunction("__radix__flush_tlb_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 1135...1231, parameters: ["mm", "start", "end"], calls: [
                .init(1153, "flush_type_needed", ["mm", "false"]),
                .init(1180, "pseries_rpt_invalidate", ["pid", "tgt", "type", "pg_sizes", "start", "end"], ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1186, "_tlbiel_pid", ["pid", "RIC_FLUSH_ALL"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:type == FLUSH_TYPE_LOCAL"]),
                .init(1189, "_tlbie_pid", ["pid", "RIC_FLUSH_ALL"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()"]),
                .init(1191, "_tlbiel_pid_multicast", ["mm", "pid", "RIC_FLUSH_ALL"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:!(type == FLUSH_TYPE_LOCAL)", "s:!(cputlb_use_tlbie())"]),
                .init(1206, "__tlbiel_pid", ["pid", "0", "RIC_FLUSH_PWC"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:type == FLUSH_TYPE_LOCAL", "s:flush_pwc"]),
                .init(1207, "__tlbiel_va_range", ["start", "end", "pid", "page_size", "mmu_virtual_psize"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:type == FLUSH_TYPE_LOCAL"]),
                .init(1209, "__tlbiel_va_range", ["hstart", "hend", "pid", "PMD_SIZE", "MMU_PAGE_2M"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:type == FLUSH_TYPE_LOCAL", "s:hflush"]),
                .init(1215, "__tlbie_pid", ["pid", "RIC_FLUSH_PWC"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()", "s:flush_pwc"]),
                .init(1216, "__tlbie_va_range", ["start", "end", "pid", "page_size", "mmu_virtual_psize"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()"]),
                .init(1218, "__tlbie_va_range", ["hstart", "hend", "pid", "PMD_SIZE", "MMU_PAGE_2M"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()", "s:hflush"]),
                .init(1222, "_tlbiel_va_range_multicast", ["mm", "start", "end", "pid", "page_size", "mmu_virtual_psize", "flush_pwc"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:!(cputlb_use_tlbie())"]),
                .init(1225, "_tlbiel_va_range_multicast", ["mm", "hstart", "hend", "pid", "PMD_SIZE", "MMU_PAGE_2M", "flush_pwc"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:!(cputlb_use_tlbie())", "s:hflush"]),
            ], returns: [.init(1147, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(1140, "page_size", "=", "1UL << page_shift"),
                .init(1142, "flush_pwc", "=", "false"),
                .init(1145, "pid", "=", "mm->context.id"),
                .init(1153, "type", "=", "flush_type_needed(mm, false)"),
                .init(1167, "flush_pwc", "=", "true", ["s:!flush_pid && (end - start) >= PMD_SIZE"]),
                .init(1170, "type", "=", "H_RPTI_TYPE_TLB", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1171, "tgt", "=", "H_RPTI_TARGET_CMMU", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1172, "pg_sizes", "=", "psize_to_rpti_pgsize(mmu_virtual_psize)", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1175, "pg_sizes", "|=", "psize_to_rpti_pgsize(MMU_PAGE_2M)", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL", "s:IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE)"]),
                .init(1177, "tgt", "|=", "H_RPTI_TARGET_NMMU", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL", "s:atomic_read(&mm->context.copros) > 0"]),
                .init(1179, "type", "|=", "H_RPTI_TYPE_PWC", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL", "s:flush_pwc"]),
                .init(1198, "hstart", "=", "(start + PMD_SIZE - 1) & PMD_MASK", ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)"]),
                .init(1199, "hend", "=", "end & PMD_MASK", ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)"]),
            ]),
            BaselineFunction("radix__flush_tlb_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 1233...1243, parameters: ["vma", "start", "end"], calls: [
                .init(1239, "radix__flush_hugetlb_tlb_range", ["vma", "start", "end"], ["p:defined(CONFIG_HUGETLB_PAGE)", "s:is_vm_hugetlb_page(vma)"]),
                .init(1242, "__radix__flush_tlb_range", ["vma->vm_mm", "start", "end"]),
            ], returns: [.init(1239, ["p:defined(CONFIG_HUGETLB_PAGE)", "s:is_vm_hugetlb_page(vma)"])]),
            BaselineFunction("radix__flush_tlb_lpid_page", "arch/powerpc/mm/book3s64/radix_tlb.c", 1264...1271, parameters: ["lpid", "addr", "page_size"], calls: [
                .init(1270, "_tlbie_lpid_va", ["addr", "lpid", "psize", "RIC_FLUSH_TLB"]),
            ], assignments: [
                .init(1268, "psize", "=", "radix_get_mmu_psize(page_size)"),
            ]),
            BaselineFunction("radix__tlb_flush", "arch/powerpc/mm/book3s64/radix_tlb.c", 1300...1328, parameters: ["tlb"], calls: [
                .init(1316, "__flush_all_mm", ["mm", "true"], ["s:tlb->fullmm"]),
                .init(1319, "radix__flush_tlb_mm", ["mm"], ["s:!(tlb->fullmm)", "s:(psize = radix_get_mmu_psize(page_size)) == -1", "s:!tlb->freed_tables"]),
                .init(1321, "radix__flush_all_mm", ["mm"], ["s:!(tlb->fullmm)", "s:(psize = radix_get_mmu_psize(page_size)) == -1", "s:!(!tlb->freed_tables)"]),
                .init(1324, "radix__flush_tlb_range_psize", ["mm", "start", "end", "psize"], ["s:!(tlb->fullmm)", "s:!((psize = radix_get_mmu_psize(page_size)) == -1)", "s:!tlb->freed_tables"]),
                .init(1326, "radix__flush_tlb_pwc_range_psize", ["mm", "start", "end", "psize"], ["s:!(tlb->fullmm)", "s:!((psize = radix_get_mmu_psize(page_size)) == -1)", "s:!(!tlb->freed_tables)"]),
            ], assignments: [
                .init(1302, "psize", "=", "0"),
                .init(1303, "mm", "=", "tlb->mm"),
                .init(1305, "start", "=", "tlb->start"),
                .init(1306, "end", "=", "tlb->end"),
                .init(1317, "psize", "=", "radix_get_mmu_psize(page_size)", ["s:!(tlb->fullmm)"]),
            ]),
            BaselineFunction("__radix__flush_tlb_range_psize", "arch/powerpc/mm/book3s64/radix_tlb.c", 1330...1395, parameters: ["mm", "start", "end", "psize", "also_pwc"], calls: [
                .init(1349, "flush_type_needed", ["mm", "false"]),
                .init(1367, "pseries_rpt_invalidate", ["pid", "tgt", "type", "pg_sizes", "start", "end"], ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1370, "_tlbiel_pid", ["pid", "also_pwc ? RIC_FLUSH_ALL : RIC_FLUSH_TLB"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:type == FLUSH_TYPE_LOCAL"]),
                .init(1376, "_tlbie_pid", ["pid", "also_pwc ? RIC_FLUSH_ALL : RIC_FLUSH_TLB"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()"]),
                .init(1379, "_tlbiel_pid_multicast", ["mm", "pid", "also_pwc ? RIC_FLUSH_ALL : RIC_FLUSH_TLB"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:!(type == FLUSH_TYPE_LOCAL)", "s:!(cputlb_use_tlbie())"]),
                .init(1386, "_tlbiel_va_range", ["start", "end", "pid", "page_size", "psize", "also_pwc"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:type == FLUSH_TYPE_LOCAL"]),
                .init(1388, "_tlbie_va_range", ["start", "end", "pid", "page_size", "psize", "also_pwc"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()"]),
                .init(1390, "_tlbiel_va_range_multicast", ["mm", "start", "end", "pid", "page_size", "psize", "also_pwc"], ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:!(flush_pid)", "s:!(type == FLUSH_TYPE_LOCAL)", "s:!(cputlb_use_tlbie())"]),
            ], returns: [.init(1343, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"])], assignments: [
                .init(1336, "page_size", "=", "1UL << page_shift"),
                .init(1341, "pid", "=", "mm->context.id"),
                .init(1349, "type", "=", "flush_type_needed(mm, false)"),
                .init(1359, "tgt", "=", "H_RPTI_TARGET_CMMU", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1360, "type", "=", "H_RPTI_TYPE_TLB", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1361, "pg_sizes", "=", "psize_to_rpti_pgsize(psize)", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL"]),
                .init(1364, "type", "|=", "H_RPTI_TYPE_PWC", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL", "s:also_pwc"]),
                .init(1366, "tgt", "|=", "H_RPTI_TARGET_NMMU", ["s:!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL", "s:atomic_read(&mm->context.copros) > 0"]),
                .init(1374, "also_pwc", "=", "true", ["s:!(!mmu_has_feature(MMU_FTR_GTSE) && type == FLUSH_TYPE_GLOBAL)", "s:flush_pid", "s:!(type == FLUSH_TYPE_LOCAL)", "s:cputlb_use_tlbie()", "s:mm_needs_flush_escalation(mm)"]),
            ]),
            BaselineFunction("radix__flush_tlb_range_psize", "arch/powerpc/mm/book3s64/radix_tlb.c", 1397...1401, parameters: ["mm", "start", "end", "psize"], calls: [
                .init(1400, "__radix__flush_tlb_range_psize", ["mm", "start", "end", "psize", "false"]),
            ]),
            BaselineFunction("radix__flush_tlb_pwc_range_psize", "arch/powerpc/mm/book3s64/radix_tlb.c", 1403...1407, parameters: ["mm", "start", "end", "psize"], calls: [
                .init(1406, "__radix__flush_tlb_range_psize", ["mm", "start", "end", "psize", "true"]),
            ]),
            BaselineFunction("radix__flush_tlb_collapsed_pmd", "arch/powerpc/mm/book3s64/radix_tlb.c", 1410...1454, parameters: ["mm", "addr"], condition: ["p:defined(CONFIG_TRANSPARENT_HUGEPAGE)"], calls: [
                .init(1421, "radix__flush_all_mm", ["mm"], ["s:PAGE_SIZE == 0x1000"]),
                .init(1430, "flush_type_needed", ["mm", "false"]),
                .init(1432, "_tlbiel_va_range", ["addr", "end", "pid", "PAGE_SIZE", "mmu_virtual_psize", "true"], ["s:type == FLUSH_TYPE_LOCAL"]),
                .init(1444, "pseries_rpt_invalidate", ["pid", "tgt", "type", "pg_sizes", "addr", "end"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1447, "_tlbie_va_range", ["addr", "end", "pid", "PAGE_SIZE", "mmu_virtual_psize", "true"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:cputlb_use_tlbie()"]),
                .init(1449, "_tlbiel_va_range_multicast", ["mm", "addr", "end", "pid", "PAGE_SIZE", "mmu_virtual_psize", "true"], ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!(!mmu_has_feature(MMU_FTR_GTSE))", "s:!(cputlb_use_tlbie())"]),
            ], returns: [.init(1417, ["s:WARN_ON_ONCE(pid == MMU_NO_CONTEXT)"]), .init(1422, ["s:PAGE_SIZE == 0x1000"])], assignments: [
                .init(1415, "pid", "=", "mm->context.id"),
                .init(1425, "end", "=", "addr + HPAGE_PMD_SIZE"),
                .init(1430, "type", "=", "flush_type_needed(mm, false)"),
                .init(1437, "tgt", "=", "H_RPTI_TARGET_CMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1438, "type", "=", "H_RPTI_TYPE_TLB | H_RPTI_TYPE_PWC | H_RPTI_TYPE_PRT", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1440, "pg_sizes", "=", "psize_to_rpti_pgsize(mmu_virtual_psize)", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)"]),
                .init(1443, "tgt", "|=", "H_RPTI_TARGET_NMMU", ["s:!(type == FLUSH_TYPE_LOCAL)", "s:type == FLUSH_TYPE_GLOBAL", "s:!mmu_has_feature(MMU_FTR_GTSE)", "s:atomic_read(&mm->context.copros) > 0"]),
            ]),
            BaselineFunction("radix__flush_pmd_tlb_range", "arch/powerpc/mm/book3s64/radix_tlb.c", 1457...1461, parameters: ["vma", "start", "end"], calls: [
                .init(1460, "radix__flush_tlb_range_psize", ["vma->vm_mm", "start", "end", "MMU_PAGE_2M"]),
            ]),
            BaselineFunction("flush_tlb_mm", "arch/x86/include/asm/tlbflush.h", 236...237, macro: true, parameters: ["mm"], condition: ["p:!defined(MODULE)"], calls: [
                .init(237, "flush_tlb_mm_range", ["mm", "0UL", "TLB_FLUSH_ALL", "0UL", "true"]),
            ]),
            BaselineFunction("flush_tlb_range", "arch/x86/include/asm/tlbflush.h", 239...243, macro: true, parameters: ["vma", "start", "end"], condition: ["p:!defined(MODULE)"], calls: [
                .init(240, "flush_tlb_mm_range", ["(vma)->vm_mm", "start", "end", "((vma)->vm_flags & VM_HUGETLB) ? huge_page_shift(hstate_vma(vma)) : PAGE_SHIFT", "false"]),
            ]),
            BaselineFunction("flush_tlb_page", "arch/x86/include/asm/tlbflush.h", 251...254, parameters: ["vma", "a"], condition: ["p:!defined(MODULE)"], calls: [
                .init(253, "flush_tlb_mm_range", ["vma->vm_mm", "a", "a + PAGE_SIZE", "PAGE_SHIFT", "false"]),
            ]),
            BaselineFunction("arch_tlbbatch_add_pending", "arch/x86/include/asm/tlbflush.h", 279...285, parameters: ["batch", "mm", "uaddr"], condition: ["p:!defined(MODULE)"]),
            BaselineFunction("arch_flush_tlb_batched_pending", "arch/x86/include/asm/tlbflush.h", 287...290, parameters: ["mm"], condition: ["p:!defined(MODULE)"], calls: [
                .init(289, "flush_tlb_mm", ["mm"]),
            ]),
            BaselineFunction("__flush_tlb_one_user", "arch/x86/mm/tlb.c", 30...30, macro: true, parameters: ["addr"], condition: ["p:!defined(CONFIG_PARAVIRT)"], calls: [
                .init(30, "native_flush_tlb_one_user", ["addr"]),
            ]),
            BaselineFunction("__flush_tlb_multi", "arch/x86/mm/tlb.c", 31...31, macro: true, parameters: ["msk", "info"], condition: ["p:!defined(CONFIG_PARAVIRT)"], calls: [
                .init(31, "native_flush_tlb_multi", ["msk", "info"]),
            ]),
            BaselineFunction("switch_mm_irqs_off", "arch/x86/mm/tlb.c", 494...662, parameters: ["prev", "next", "tsk"], calls: [
                .init(543, "__flush_tlb_all", [], ["p:defined(CONFIG_DEBUG_VM)", "s:WARN_ON_ONCE(__read_cr3() != build_cr3(real_prev->pgd, prev_asid, tlbstate_lam_cr3_mask()))"]),
            ]),
            BaselineFunction("flush_tlb_func", "arch/x86/mm/tlb.c", 742...898, parameters: ["info"], calls: [
                .init(789, "switch_mm_irqs_off", ["NULL", "&init_mm", "NULL"], ["s:this_cpu_read(cpu_tlbstate_shared.is_lazy)"]),
                .init(875, "flush_tlb_one_user", ["addr"], ["s:f->end != TLB_FLUSH_ALL && f->new_tlb_gen == local_tlb_gen + 1 && f->new_tlb_gen == mm_tlb_gen", "l:addr < f->end"]),
                .init(884, "flush_tlb_local", [], ["s:!(f->end != TLB_FLUSH_ALL && f->new_tlb_gen == local_tlb_gen + 1 && f->new_tlb_gen == mm_tlb_gen)"]),
            ], returns: [.init(770, ["s:!local", "s:f->mm && f->mm != loaded_mm"]), .init(774, ["s:unlikely(loaded_mm == &init_mm)"]), .init(790, ["s:this_cpu_read(cpu_tlbstate_shared.is_lazy)"]), .init(801, ["s:unlikely(f->new_tlb_gen != TLB_GENERATION_INVALID && f->new_tlb_gen <= local_tlb_gen)"])], assignments: [
                .init(864, "addr", "=", "f->start", ["s:f->end != TLB_FLUSH_ALL && f->new_tlb_gen == local_tlb_gen + 1 && f->new_tlb_gen == mm_tlb_gen"]),
                .init(876, "addr", "+=", "1UL << f->stride_shift", ["s:f->end != TLB_FLUSH_ALL && f->new_tlb_gen == local_tlb_gen + 1 && f->new_tlb_gen == mm_tlb_gen", "l:addr < f->end"]),
            ]),
            BaselineFunction("native_flush_tlb_multi", "arch/x86/mm/tlb.c", 908...938, parameters: ["cpumask", "info"]),
            BaselineFunction("flush_tlb_multi", "arch/x86/mm/tlb.c", 940...944, parameters: ["cpumask", "info"], calls: [
                .init(943, "__flush_tlb_multi", ["cpumask", "info"]),
            ]),
            BaselineFunction("get_flush_tlb_info", "arch/x86/mm/tlb.c", 964...989, parameters: ["mm", "start", "end", "stride_shift", "freed_tables", "new_tlb_gen"]),
            BaselineFunction("put_flush_tlb_info", "arch/x86/mm/tlb.c", 991...998, parameters: []),
            BaselineFunction("flush_tlb_mm_range", "arch/x86/mm/tlb.c", 1000...1039, parameters: ["mm", "start", "end", "stride_shift", "freed_tables"], calls: [
                .init(1029, "flush_tlb_multi", ["mm_cpumask(mm)", "info"], ["s:cpumask_any_but(mm_cpumask(mm), cpu) < nr_cpu_ids"]),
                .init(1033, "flush_tlb_func", ["info"], ["s:!(cpumask_any_but(mm_cpumask(mm), cpu) < nr_cpu_ids)", "s:mm == this_cpu_read(cpu_tlbstate.loaded_mm)"]),
            ], assignments: [
                .init(1020, "info", "=", "get_flush_tlb_info(mm, start, end, stride_shift, freed_tables, new_tlb_gen)"),
            ]),
            BaselineFunction("flush_tlb_all", "arch/x86/mm/tlb.c", 1048...1052, parameters: [], calls: [
                .init(1051, "on_each_cpu", ["do_flush_tlb_all", "NULL", "1"]),
            ]),
            BaselineFunction("flush_tlb_kernel_range", "arch/x86/mm/tlb.c", 1064...1082, parameters: ["start", "end"], calls: [
                .init(1069, "on_each_cpu", ["do_flush_tlb_all", "NULL", "1"], ["s:end == TLB_FLUSH_ALL || (end - start) > tlb_single_page_flush_ceiling << PAGE_SHIFT"]),
                .init(1077, "on_each_cpu", ["do_kernel_range_flush", "info", "1"], ["s:!(end == TLB_FLUSH_ALL || (end - start) > tlb_single_page_flush_ceiling << PAGE_SHIFT)"]),
            ], assignments: [
                .init(1074, "info", "=", "get_flush_tlb_info(NULL, start, end, 0, false, TLB_GENERATION_INVALID)", ["s:!(end == TLB_FLUSH_ALL || (end - start) > tlb_single_page_flush_ceiling << PAGE_SHIFT)"]),
            ]),
            BaselineFunction("native_flush_tlb_one_user", "arch/x86/mm/tlb.c", 1141...1158, parameters: ["addr"]),
            BaselineFunction("flush_tlb_one_user", "arch/x86/mm/tlb.c", 1160...1163, parameters: ["addr"], calls: [
                .init(1162, "__flush_tlb_one_user", ["addr"]),
            ]),
            BaselineFunction("native_flush_tlb_global", "arch/x86/mm/tlb.c", 1168...1193, parameters: []),
            BaselineFunction("native_flush_tlb_local", "arch/x86/mm/tlb.c", 1198...1211, parameters: []),
            BaselineFunction("flush_tlb_local", "arch/x86/mm/tlb.c", 1213...1216, parameters: [], calls: [
                .init(1215, "__flush_tlb_local", []),
            ]),
            BaselineFunction("__flush_tlb_all", "arch/x86/mm/tlb.c", 1221...1237, parameters: [], calls: [
                .init(1230, "__flush_tlb_global", [], ["s:cpu_feature_enabled(X86_FEATURE_PGE)"]),
                .init(1235, "flush_tlb_local", [], ["s:!(cpu_feature_enabled(X86_FEATURE_PGE))"]),
            ]),
            BaselineFunction("arch_tlbbatch_flush", "arch/x86/mm/tlb.c", 1240...1266, parameters: ["batch"], calls: [
                .init(1254, "flush_tlb_multi", ["&batch->cpumask", "info"], ["s:cpumask_any_but(&batch->cpumask, cpu) < nr_cpu_ids"]),
                .init(1258, "flush_tlb_func", ["info"], ["s:!(cpumask_any_but(&batch->cpumask, cpu) < nr_cpu_ids)", "s:cpumask_test_cpu(cpu, &batch->cpumask)"]),
            ], assignments: [
                .init(1246, "info", "=", "get_flush_tlb_info(NULL, 0, TLB_FLUSH_ALL, 0, false, TLB_GENERATION_INVALID)"),
            ]),
            BaselineFunction("tlb_flush_rmaps", "include/asm-generic/tlb.h", 287...287, parameters: ["tlb", "vma"], condition: ["p:defined(CONFIG_MMU)", "p:!defined(tlb_delay_rmap)"]),
            BaselineFunction("__tlb_reset_range", "include/asm-generic/tlb.h", 363...381, parameters: ["tlb"], condition: ["p:defined(CONFIG_MMU)"]),
            BaselineFunction("tlb_flush", "include/asm-generic/tlb.h", 397...401, parameters: ["tlb"], condition: ["p:defined(CONFIG_MMU)", "p:defined(CONFIG_MMU_GATHER_NO_RANGE)"], calls: [
                .init(400, "flush_tlb_mm", ["tlb->mm"], ["s:tlb->end"]),
            ]),
            BaselineFunction("tlb_flush_mmu_tlbonly", "include/asm-generic/tlb.h", 448...461, parameters: ["tlb"], condition: ["p:defined(CONFIG_MMU)"], calls: [
                .init(458, "tlb_flush", ["tlb"]),
                .init(459, "mmu_notifier_invalidate_range", ["tlb->mm", "tlb->start", "tlb->end"]),
            ], returns: [.init(456, ["s:!(tlb->freed_tables || tlb->cleared_ptes || tlb->cleared_pmds || tlb->cleared_puds || tlb->cleared_p4ds)"])]),
            BaselineFunction("tlb_end_vma", "include/asm-generic/tlb.h", 532...550, parameters: ["tlb", "vma"], condition: ["p:defined(CONFIG_MMU)"], calls: [
                .init(548, "tlb_flush_mmu_tlbonly", ["tlb"], ["s:tlb->vma_pfn || !IS_ENABLED(CONFIG_MMU_GATHER_MERGE_VMAS)"]),
            ], returns: [.init(535, ["s:tlb->fullmm"])]),
            BaselineFunction("mmu_notifier_invalidate_range_end", "include/linux/mmu_notifier.h", 477...485, parameters: ["range"], condition: ["p:defined(CONFIG_MMU_NOTIFIER)"], calls: [
                .init(484, "__mmu_notifier_invalidate_range_end", ["range", "false"], ["s:mm_has_notifiers(range->mm)"]),
            ]),
            BaselineFunction("mmu_notifier_invalidate_range_only_end", "include/linux/mmu_notifier.h", 487...492, parameters: ["range"], condition: ["p:defined(CONFIG_MMU_NOTIFIER)"]),
            BaselineFunction("mmu_notifier_invalidate_range", "include/linux/mmu_notifier.h", 494...499, parameters: ["mm", "start", "end"], condition: ["p:defined(CONFIG_MMU_NOTIFIER)"], calls: [
                .init(498, "__mmu_notifier_invalidate_range", ["mm", "start", "end"], ["s:mm_has_notifiers(mm)"]),
            ]),
            BaselineFunction("ptep_clear_flush_notify", "include/linux/mmu_notifier.h", 585...596, macro: true, parameters: ["__vma", "__address", "__ptep"], condition: ["p:defined(CONFIG_MMU_NOTIFIER)"], calls: [
                .init(591, "ptep_clear_flush", ["__vma", "__address", "__ptep"]),
                .init(592, "mmu_notifier_invalidate_range", ["___mm", "___addr", "___addr + PAGE_SIZE"]),
            ], assignments: [
                .init(587, "___addr", "=", "__address & PAGE_MASK"),
                .init(588, "___mm", "=", "(__vma)->vm_mm"),
            ]),
            BaselineFunction("pmdp_huge_clear_flush_notify", "include/linux/mmu_notifier.h", 598...609, macro: true, parameters: ["__vma", "__haddr", "__pmd"], condition: ["p:defined(CONFIG_MMU_NOTIFIER)"], calls: [
                .init(604, "pmdp_huge_clear_flush", ["__vma", "__haddr", "__pmd"]),
                .init(605, "mmu_notifier_invalidate_range", ["___mm", "___haddr", "___haddr + HPAGE_PMD_SIZE"]),
            ], assignments: [
                .init(600, "___haddr", "=", "__haddr & HPAGE_PMD_MASK"),
                .init(601, "___mm", "=", "(__vma)->vm_mm"),
            ]),
            BaselineFunction("pudp_huge_clear_flush_notify", "include/linux/mmu_notifier.h", 611...622, macro: true, parameters: ["__vma", "__haddr", "__pud"], condition: ["p:defined(CONFIG_MMU_NOTIFIER)"], calls: [
                .init(618, "mmu_notifier_invalidate_range", ["___mm", "___haddr", "___haddr + HPAGE_PUD_SIZE"]),
            ], assignments: [
                .init(613, "___haddr", "=", "__haddr & HPAGE_PUD_MASK"),
                .init(614, "___mm", "=", "(__vma)->vm_mm"),
            ]),
        ],
        aliases: [
            "pmdp_huge_clear_flush_notify": "pmdp_huge_clear_flush",
            "ptep_clear_flush_notify": "ptep_clear_flush",
            "pudp_huge_clear_flush_notify": "pudp_huge_clear_flush",
        ]
    )
}
