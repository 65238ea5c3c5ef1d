/* Shootdown fixture: the v6.5 notify helper as a statement-expression macro, aliased away without notifiers. */
#ifndef _DEMO_MMU_NOTIFIER_H
#define _DEMO_MMU_NOTIFIER_H

#ifdef CONFIG_MMU_NOTIFIER
#define	ptep_clear_flush_notify(__vma, __address, __ptep)		\
({									\
	unsigned long ___addr = __address & PAGE_MASK;			\
	struct mm_struct *___mm = (__vma)->vm_mm;			\
	pte_t ___pte;							\
									\
	___pte = ptep_clear_flush(__vma, __address, __ptep);		\
	mmu_notifier_invalidate_range(___mm, ___addr,			\
					___addr + PAGE_SIZE);		\
	___pte;								\
})
#else
#define ptep_clear_flush_notify ptep_clear_flush
#endif

#endif
