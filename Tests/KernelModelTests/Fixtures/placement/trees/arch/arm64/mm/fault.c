/* Shootdown fixture: the permission upgrade flushes one page when the entry changed. */
int __ptep_set_access_flags(struct vm_area_struct *vma, unsigned long address,
			    pte_t *ptep, pte_t entry, int dirty)
{
	if (pte_same(*ptep, entry))
		return 0;
	set_pte(ptep, entry);
	if (dirty)
		flush_tlb_page(vma, address);
	return 1;
}
