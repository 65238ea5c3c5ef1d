// SPDX-License-Identifier: GPL-2.0
/* Made-up code whose braces only balance per #ifdef branch. */

#ifdef CONFIG_DEMO_SMP
void demo_flush_all(struct mm_struct *mm)
{
	demo_flush_smp(mm);
#else
void demo_flush_all(struct mm_struct *mm)
{
	demo_flush_up(mm);
#endif
	demo_flush_tail(mm);
}

static void demo_twice(struct mm_struct *mm, int global)
{
#ifdef CONFIG_DEMO_GLOBAL
	if (global) {
#else
	if (global && demo_can_broadcast()) {
#endif
		demo_broadcast(mm);
	}
	demo_after(mm);
}

static void demo_broken(struct mm_struct *mm)
{
	if (demo_cond(mm)) {
		demo_inner(mm);
	demo_lost(mm);
}

static void demo_survivor(struct mm_struct *mm)
{
	demo_ok(mm);
}
