/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A made-up arch TLB header for the scanner tests. Nothing here is real
 * kernel code; it only has the shapes the real headers have.
 */
#ifndef __DEMO_TLBFLUSH_H
#define __DEMO_TLBFLUSH_H

#ifndef __ASSEMBLY__

#include <linux/mm_types.h>
#include <linux/mmu_notifier.h>
#include "demo_internal.h"

#define DEMO_TLB_FLUSH_ALL	-1UL
#define DEMO_MAX_OPS		512

/* Issue one invalidation; a statement macro. */
#define demo_tlbi(op, arg) do {					\
	demo_barrier(op);						\
	demo_write_tlbi(op, (arg));	/* the write */			\
} while (0)

/* An operand for the invalidation, as a statement expression. */
#define DEMO_VADDR(addr, asid)					\
	({								\
		unsigned long __va = (addr) >> 12;			\
		__va |= (unsigned long)(asid) << 48;			\
		__va;							\
	})

static __always_inline unsigned long demo_asid(struct mm_struct *mm)
{
	return mm->context.id & 0xffff;
}

static inline void __demo_flush_page_nosync(struct mm_struct *mm,
					    unsigned long uaddr)
{
	unsigned long addr;

	demo_barrier(ishst);
	addr = DEMO_VADDR(uaddr, demo_asid(mm));
	demo_tlbi(vale1is, addr);
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, uaddr & PAGE_MASK,
					(uaddr & PAGE_MASK) + PAGE_SIZE);
}

/* The page flush is reached through this macro. */
#define demo_flush_page_nosync(vma, addr)	__demo_flush_page_nosync((vma)->vm_mm, addr)

static inline void demo_flush_page(struct vm_area_struct *vma,
				   unsigned long uaddr)
{
	demo_flush_page_nosync(vma, uaddr);
	demo_barrier(ish);
}

static inline void demo_flush_mm(struct mm_struct *mm)
{
	demo_barrier(ishst);
	demo_tlbi(aside1is, demo_asid(mm));
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, 0, -1UL);
}

/* A range helper with a precedence slip in the end address. */
static inline void demo_flush_block(struct mm_struct *mm, unsigned long addr)
{
	demo_tlbi(vae1is, addr);
	mmu_notifier_arch_invalidate_secondary_tlbs(mm, addr, addr & DEMO_BLOCK_MASK + DEMO_BLOCK_SIZE);
}

static inline notrace void demo_flush_local(void)
{
#ifdef CONFIG_MMU_NOTIFIER
	demo_notify_local(current->mm);
#endif
	demo_barrier(nsh);
}

extern void demo_flush_kernel_range(unsigned long start, unsigned long end);

#endif /* __ASSEMBLY__ */

#endif /* __DEMO_TLBFLUSH_H */
