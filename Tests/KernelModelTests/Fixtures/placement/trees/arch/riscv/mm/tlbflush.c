/* Shootdown fixture: one helper behind every flush, notifying only when given an mm. */
static void __flush_tlb_range(struct mm_struct *mm, struct cpumask *cmask, unsigned long start,
			      unsigned long size, unsigned long stride)
{
	if (cpumask_empty(cmask))
		return;

	local_flush_tlb_range_asid(start, size, stride, get_mm_asid(mm));

	if (mm)
		mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, start + size);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	__flush_tlb_range(mm, mm_cpumask(mm), 0, FLUSH_TLB_MAX_SIZE, PAGE_SIZE);
}

void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	__flush_tlb_range(vma->vm_mm, mm_cpumask(vma->vm_mm), addr, PAGE_SIZE, PAGE_SIZE);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	__flush_tlb_range(NULL, cpu_online_mask, start, end - start, PAGE_SIZE);
}
