/* Shootdown fixture: a function in one #if branch, an alias of the same name in the other. */
#ifndef __DEMO_PGTABLE_H
#define __DEMO_PGTABLE_H

extern int __ptep_set_access_flags(struct vm_area_struct *vma, unsigned long address,
				   pte_t *ptep, pte_t entry, int dirty);

#ifdef CONFIG_DEMO_CONTIGUOUS
#define ptep_set_access_flags ptep_set_access_flags
static inline int ptep_set_access_flags(struct vm_area_struct *vma, unsigned long addr,
					pte_t *ptep, pte_t entry, int dirty)
{
	if (!demo_contiguous(entry))
		return __ptep_set_access_flags(vma, addr, ptep, entry, dirty);
	flush_tlb_range(vma, addr, addr + DEMO_BLOCK_SIZE);
	return 1;
}
#else
#define ptep_set_access_flags __ptep_set_access_flags
#endif

#endif
