/* Shootdown fixture: a range flush with a large-range fallback that returns early. */
#ifndef __DEMO_TLBFLUSH_H
#define __DEMO_TLBFLUSH_H

static inline void flush_tlb_mm(struct mm_struct *mm)
{
	__tlbi(aside1is, ASID(mm));
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, -1UL);
}

static inline void __demo_flush_range_nosync(struct vm_area_struct *vma, unsigned long start,
					     unsigned long end, unsigned long stride)
{
	unsigned long pages;

	start = round_down(start, stride);
	end = round_up(end, stride);
	pages = (end - start) >> PAGE_SHIFT;

	if (pages > DEMO_MAX_PAGES) {
		flush_tlb_mm(vma->vm_mm);
		return;
	}

	__flush_tlb_range_op(vale1is, start, pages, stride, ASID(vma->vm_mm));
	mmu_notifier_arch_invalidate_secondary_tlbs(vma->vm_mm, start, end);
}

static inline void flush_tlb_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	__demo_flush_range_nosync(vma, start, end, PAGE_SIZE);
	dsb(ish);
}

static inline void flush_tlb_page(struct vm_area_struct *vma, unsigned long uaddr)
{
	__tlbi(vale1is, uaddr);
	mmu_notifier_arch_invalidate_secondary_tlbs(vma->vm_mm, uaddr & PAGE_MASK, (uaddr & PAGE_MASK) + PAGE_SIZE);
}

#endif
