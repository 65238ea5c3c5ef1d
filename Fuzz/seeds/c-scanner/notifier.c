// SPDX-License-Identifier: GPL-2.0
#include <linux/mmu_notifier.h>

#define flush_pair(mm, s, e)					\
	do {							\
		flush_tlb_mm_range(mm, s, e, PAGE_SHIFT, false);	\
		mmu_notifier_arch_invalidate_secondary_tlbs(mm, s, e); \
	} while (0)

#ifdef CONFIG_MMU_NOTIFIER
static inline void demo_invalidate(struct mm_struct *mm, unsigned long start,
				   unsigned long end)
{
	if (!mm_has_notifiers(mm))
		return;
#if defined(CONFIG_X86) && !defined(CONFIG_PARAVIRT)
	flush_pair(mm, start, end);
#else
	flush_tlb_all();
#endif
}
#else
static inline void demo_invalidate(struct mm_struct *mm, unsigned long start,
				   unsigned long end) { }
#endif

void __weak arch_demo(struct mm_struct *mm)
{
	const char *s = "} not a brace { /* nor a comment";
	char c = '{';
	unsigned long (*fn)(unsigned long) = NULL;

	switch (mm->flags) {
	case 1:
		demo_invalidate(mm, 0, -1UL);
		break;
	default:
		goto out;
	}
out:
	return;
}
