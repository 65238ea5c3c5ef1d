/* Placement patterns for Shootdown's tests: each function shows one way a
 * notifier call can sit in (or escape from) an arch flush path. */
#ifndef __DEMO_TLBFLUSH_H
#define __DEMO_TLBFLUSH_H

#include <linux/mmu_notifier.h>

static inline void __demo_notify_page(struct mm_struct *mm, unsigned long addr)
{
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, addr & PAGE_MASK,
						    (addr & PAGE_MASK) + PAGE_SIZE);
}

#define demo_flush_via_macro(vma, a)				\
	do {							\
		__tlbi(vale1is, a);				\
		__demo_notify_page((vma)->vm_mm, a);		\
	} while (0)

static inline void pattern_macro(struct vm_area_struct *vma, unsigned long uaddr)
{
	demo_flush_via_macro(vma, uaddr);
}

static inline void pattern_ifdef(struct mm_struct *mm)
{
	__tlbi(aside1is, ASID(mm));
#ifdef CONFIG_MMU_NOTIFIER
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, -1UL);
#endif
}

static inline void pattern_early_return(struct mm_struct *mm, unsigned long start,
					unsigned long end)
{
	if (cpumask_empty(mm_cpumask(mm)))
		return;
	__tlbi(aside1is, ASID(mm));
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);
}

static inline void pattern_loop(struct vm_area_struct *vma, unsigned long start,
				unsigned long end)
{
	while (start < end) {
		__tlbi(vale1is, start);
		start += PAGE_SIZE;
	}
	mmu_notifier_arch_invalidate_secondary_tlbs(vma->vm_mm, start, end);
}

static inline void pattern_precedence(struct mm_struct *mm, unsigned long uaddr)
{
	__tlbi(vale1is, uaddr);
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, uaddr & PAGE_MASK,
						    uaddr & PAGE_MASK + PAGE_SIZE);
}

static inline void pattern_whole(struct mm_struct *mm)
{
	__tlbi(aside1is, ASID(mm));
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, -1UL);
}

static inline void pattern_old_api(struct mm_struct *mm, unsigned long start,
				   unsigned long end)
{
	__tlbi(aside1is, ASID(mm));
	mmu_notifier_invalidate_range(mm, start, end);
}

static inline void pattern_widen(struct mm_struct *mm, unsigned long start,
				 unsigned long end)
{
	if ((end - start) >> PAGE_SHIFT > demo_flush_ceiling) {
		start = 0;
		end = TLB_FLUSH_ALL;
	}
	__tlbi(aside1is, ASID(mm));
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);
}

static inline void pattern_inner(struct mm_struct *mm, unsigned long start,
				 unsigned long end)
{
	__tlbi(vale1is, start);
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);
}

static inline void pattern_substitution(struct vm_area_struct *vma, unsigned long a)
{
	pattern_inner(vma->vm_mm, a, a + PAGE_SIZE);
}

static inline void pattern_current(void)
{
	mmu_notifier_arch_invalidate_secondary_tlbs(current->mm, 0, -1UL);
}

static inline void pattern_twice(struct mm_struct *mm, unsigned long uaddr)
{
	pattern_precedence(mm, uaddr);
	__demo_notify_page(mm, uaddr);
}

static inline void flush_tlb_page(struct vm_area_struct *vma, unsigned long uaddr)
{
	pattern_macro(vma, uaddr);
}

#endif
