/* Shootdown fixture: the flushing path is reached only through an asm goto label. */
int ptep_set_access_flags(struct vm_area_struct *vma, unsigned long address, pte_t *ptep,
			  pte_t entry, int dirty)
{
	asm goto(ALTERNATIVE("nop", "j %l[demo_ext]", 0, DEMO_EXT, 1) : : : : demo_ext);

	if (!pte_same(ptep_get(ptep), entry))
		__set_pte_at(vma->vm_mm, ptep, entry);
	return true;

demo_ext:
	if (!pte_same(ptep_get(ptep), entry)) {
		__set_pte_at(vma->vm_mm, ptep, entry);
		flush_tlb_page(vma, address);
		return true;
	}
	return false;
}
