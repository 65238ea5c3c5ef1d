// SPDX-License-Identifier: GPL-2.0
/*
 * Made-up arch TLB code for the scanner tests: early returns, loops that
 * consume the range, names on their own line, #if 0, braces in strings.
 */
#include <linux/mm.h>
#include <asm/demo_tlbflush.h>

static const char demo_banner[] = "flush { not a body } mmu_notifier_invalidate_range(x)";

struct demo_ops {
	void (*flush)(struct mm_struct *mm, unsigned long start, unsigned long end);
	int count;
};

static struct demo_ops demo_default_ops = {
	.flush = NULL,
	.count = 0,
};

static DEFINE_PER_CPU(unsigned int, demo_flush_count);

void demo_flush_range(struct mm_struct *mm, unsigned long start,
		      unsigned long end);

/*
 * In a comment: if (x) { mmu_notifier_invalidate_range(mm, 0, 0); }
 */
static void
demo_flush_range_early(struct mm_struct *mm,
		       unsigned long start, unsigned long end)
{
	unsigned long size = end - start;

	if (!mm_has_cpus(mm))
		return;
	if (size > DEMO_MAX_OPS * PAGE_SIZE) {
		demo_flush_mm(mm);
		return;
	}
	demo_flush_cpu_range(mm, start, end);
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);
}

void __init
demo_flush_range_loop(struct mm_struct *mm, unsigned long start,
		      unsigned long end)
{
	unsigned long pages = (end - start) >> PAGE_SHIFT;

	while (pages > 0) {
		demo_tlbi(vale1is, DEMO_VADDR(start, demo_asid(mm)));
		start += PAGE_SIZE;
		pages--;
	}
	/* start == end here: the range below is empty */
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, start, end);
}
EXPORT_SYMBOL(demo_flush_range_loop);

#if 0
static void demo_old_flush(struct mm_struct *mm)
{
	demo_legacy_flush(mm);
}
#endif

static int demo_flush_kind(int kind)
{
	const char *name = "}{";
	char brace = '{';

	switch (kind) {
	case 0:
	case 1:
		demo_log(name, brace);
		break;
	default:
		goto out;
	}
	for (int i = 0; i < kind; i++)
		demo_step(i);
	do {
		demo_retry(kind);
	} while (demo_busy());
	return 0;
out:
	return -1;
}

static inline int demo_pick(int a)
{
	if (a)
		return demo_first(a);
	else
		return demo_second(a);
}

static void demo_flush_ops(struct mm_struct *mm, struct demo_ops *ops)
{
	ops->flush(mm, 0, DEMO_TLB_FLUSH_ALL);
	demo_default_ops.count++;
	sizeof(demo_not_a_call(mm));
	asm volatile("dsb ish" : : : "memory");
}
