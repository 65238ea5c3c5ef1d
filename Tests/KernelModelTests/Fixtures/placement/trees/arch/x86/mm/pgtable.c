/* Shootdown fixture: x86 upgrades without a flush; arm64's alias must not rename this. */
int ptep_set_access_flags(struct vm_area_struct *vma, unsigned long address, pte_t *ptep,
			  pte_t entry, int dirty)
{
	int changed = !pte_same(*ptep, entry);

	if (changed && dirty)
		set_pte(ptep, entry);
	return changed;
}
