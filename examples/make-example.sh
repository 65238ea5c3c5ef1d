#!/bin/sh
# Regenerates the example series from a small, made-up kernel subset.
#
#   examples/make-example.sh [WORKDIR]
#
# Builds a throwaway git repository in WORKDIR (default: a new temporary directory) holding a fake
# kernel subset (a few dozen lines per file, written for this project, not taken from Linux), commits a
# base and a 3-patch series on top, runs `git format-patch --cover-letter --thread --base`, appends two
# hand-written review replies, and writes:
#
#   examples/tlb-secondary-v2.mbox                      the series as an mboxo mailbox (6 messages)
#   Tests/PatchModelTests/Fixtures/mbox/maildir/        the same 6 messages as a maildir
#
# Output is deterministic: identities, dates and the signature are fixed, git's global and system
# configuration is ignored, and the time stamp git puts into generated Message-IDs is replaced by a
# fixed one. The repository is left in WORKDIR/tree so `shootdown review --tree` can use it as a base:
#
#   shootdown review examples/tlb-secondary-v2.mbox --tree WORKDIR/tree
#
# Needs only git and a POSIX shell.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/shootdown-example.XXXXXX)}
mkdir -p "$work"
tree="$work/tree"
rm -rf "$tree" "$work/out"

export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null
export HOME="$work"
export TZ=UTC
export LC_ALL=C

author_name='Ines Kowalczyk'
author_email='ines.kowalczyk@example.org'
export GIT_AUTHOR_NAME="$author_name" GIT_AUTHOR_EMAIL="$author_email"
export GIT_COMMITTER_NAME="$author_name" GIT_COMMITTER_EMAIL="$author_email"

at() { # at DATE: commit and author date for the next commit
	export GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1"
}

git init -q -b main "$tree"
cd "$tree"
git config format.signature '2.42.1'
git config core.abbrev 12

mkdir -p arch/arm64/include/asm arch/x86/mm include/asm-generic include/linux mm

# ---------------------------------------------------------------------------------------------------
# The base tree.
# ---------------------------------------------------------------------------------------------------
cat > arch/arm64/include/asm/tlbflush.h <<'EOF'
/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 TLB maintenance, cut down for the shootdown example tree.
 */
#ifndef __ASM_TLBFLUSH_H
#define __ASM_TLBFLUSH_H

#include <linux/mm_types.h>
#include <linux/sched.h>
#include <asm/cputype.h>
#include <asm/mmu.h>

#define __tlbi(op, arg)		asm volatile("tlbi " #op ", %0" : : "r" (arg) : "memory")

#define __tlbi_user(op, arg) do {				\
	if (arm64_kernel_unmapped_at_el0())			\
		__tlbi(op, (arg) | USER_ASID_FLAG);		\
} while (0)

/* VA[55:12] in bits [43:0], ASID in bits [63:48] */
#define __TLBI_VADDR(addr, asid)				\
	({							\
		unsigned long __va = (addr) >> 12;		\
		__va &= GENMASK_ULL(43, 0);			\
		__va |= (unsigned long)(asid) << 48;		\
		__va;						\
	})

/* Past this many pages, one ASID-wide invalidation is cheaper. */
#define MAX_TLBI_OPS	PTRS_PER_PTE

static inline void flush_tlb_mm(struct mm_struct *mm)
{
	unsigned long asid;

	dsb(ishst);
	asid = __TLBI_VADDR(0, ASID(mm));
	__tlbi(aside1is, asid);
	__tlbi_user(aside1is, asid);
	dsb(ish);
}

static inline void __flush_tlb_page_nosync(struct mm_struct *mm,
					   unsigned long uaddr)
{
	unsigned long addr;

	dsb(ishst);
	addr = __TLBI_VADDR(uaddr, ASID(mm));
	__tlbi(vale1is, addr);
	__tlbi_user(vale1is, addr);
}

static inline void flush_tlb_page_nosync(struct vm_area_struct *vma,
					 unsigned long uaddr)
{
	__flush_tlb_page_nosync(vma->vm_mm, uaddr);
}

static inline void flush_tlb_page(struct vm_area_struct *vma,
				  unsigned long uaddr)
{
	flush_tlb_page_nosync(vma, uaddr);
	dsb(ish);
}

static inline void __flush_tlb_range(struct vm_area_struct *vma,
				     unsigned long start, unsigned long end,
				     unsigned long stride, bool last_level)
{
	unsigned long asid, addr, pages;

	start = round_down(start, stride);
	end = round_up(end, stride);
	pages = (end - start) >> PAGE_SHIFT;

	if (pages >= MAX_TLBI_OPS) {
		flush_tlb_mm(vma->vm_mm);
		return;
	}

	dsb(ishst);
	asid = ASID(vma->vm_mm);
	for (addr = start; addr < end; addr += stride) {
		unsigned long va = __TLBI_VADDR(addr, asid);

		if (last_level) {
			__tlbi(vale1is, va);
			__tlbi_user(vale1is, va);
		} else {
			__tlbi(vae1is, va);
			__tlbi_user(vae1is, va);
		}
	}
	dsb(ish);
}

static inline void flush_tlb_range(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	/* No walk-cache hint: the range may have held table entries. */
	__flush_tlb_range(vma, start, end, PAGE_SIZE, false);
}

#endif /* __ASM_TLBFLUSH_H */
EOF

cat > arch/x86/mm/tlb.c <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86 TLB shootdown, cut down for the shootdown example tree.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <asm/tlbflush.h>

/* Flushing more than this many pages one by one costs more than a full flush. */
unsigned long tlb_single_page_flush_ceiling __read_mostly = 33;

static DEFINE_PER_CPU(struct flush_tlb_info, flush_tlb_info);

static void flush_tlb_func(void *info)
{
	const struct flush_tlb_info *f = info;
	unsigned long addr;

	if (f->end == TLB_FLUSH_ALL) {
		flush_tlb_local();
		return;
	}

	for (addr = f->start; addr < f->end; addr += 1UL << f->stride_shift)
		flush_tlb_one_user(addr);
}

static void flush_tlb_multi(const struct cpumask *cpumask,
			    const struct flush_tlb_info *info)
{
	on_each_cpu_mask(cpumask, flush_tlb_func, (void *)info, true);
}

static struct flush_tlb_info *get_flush_tlb_info(struct mm_struct *mm,
			unsigned long start, unsigned long end,
			unsigned int stride_shift, bool freed_tables,
			u64 new_tlb_gen)
{
	struct flush_tlb_info *info = this_cpu_ptr(&flush_tlb_info);

	info->mm		= mm;
	info->start		= start;
	info->end		= end;
	info->stride_shift	= stride_shift;
	info->freed_tables	= freed_tables;
	info->new_tlb_gen	= new_tlb_gen;

	return info;
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, unsigned int stride_shift,
			bool freed_tables)
{
	struct flush_tlb_info *info;
	u64 new_tlb_gen;
	int cpu;

	cpu = get_cpu();

	/* A large range is flushed whole. */
	if (end == TLB_FLUSH_ALL ||
	    ((end - start) >> stride_shift) > tlb_single_page_flush_ceiling) {
		start = 0;
		end = TLB_FLUSH_ALL;
	}

	new_tlb_gen = inc_mm_tlb_gen(mm);
	info = get_flush_tlb_info(mm, start, end, stride_shift, freed_tables,
				  new_tlb_gen);

	if (cpumask_any_but(mm_cpumask(mm), cpu) < nr_cpu_ids) {
		flush_tlb_multi(mm_cpumask(mm), info);
	} else if (mm == this_cpu_read(cpu_tlbstate.loaded_mm)) {
		local_irq_disable();
		flush_tlb_func(info);
		local_irq_enable();
	}

	put_cpu();
}
EOF

cat > include/asm-generic/tlb.h <<'EOF'
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generic mmu_gather TLB batching, cut down for the shootdown example tree.
 */
#ifndef _ASM_GENERIC__TLB_H
#define _ASM_GENERIC__TLB_H

#include <linux/mmu_notifier.h>
#include <linux/swap.h>
#include <asm/tlbflush.h>

struct mmu_gather {
	struct mm_struct	*mm;
	unsigned long		start;
	unsigned long		end;
	unsigned int		fullmm : 1;
	unsigned int		need_flush_all : 1;
	unsigned int		freed_tables : 1;
	unsigned int		cleared_ptes : 1;
	unsigned int		cleared_pmds : 1;
};

static inline void __tlb_reset_range(struct mmu_gather *tlb)
{
	if (tlb->fullmm) {
		tlb->start = tlb->end = ~0;
	} else {
		tlb->start = TASK_SIZE;
		tlb->end = 0;
	}
	tlb->freed_tables = 0;
	tlb->cleared_ptes = 0;
	tlb->cleared_pmds = 0;
}

#ifndef tlb_flush
static inline void tlb_flush(struct mmu_gather *tlb)
{
	if (tlb->fullmm || tlb->need_flush_all) {
		flush_tlb_mm(tlb->mm);
	} else if (tlb->end) {
		struct vm_area_struct vma = TLB_FLUSH_VMA(tlb->mm, 0);

		flush_tlb_range(&vma, tlb->start, tlb->end);
	}
}
#endif

static inline void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	/* Nothing was unmapped or freed since the last flush. */
	if (!(tlb->freed_tables || tlb->cleared_ptes || tlb->cleared_pmds))
		return;

	tlb_flush(tlb);
	mmu_notifier_invalidate_range(tlb->mm, tlb->start, tlb->end);
	__tlb_reset_range(tlb);
}

#endif /* _ASM_GENERIC__TLB_H */
EOF

cat > include/linux/mmu_notifier.h <<'EOF'
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MMU notifiers, cut down for the shootdown example tree.
 */
#ifndef _LINUX_MMU_NOTIFIER_H
#define _LINUX_MMU_NOTIFIER_H

#include <linux/list.h>
#include <linux/mm_types.h>

struct mmu_notifier;

struct mmu_notifier_ops {
	/*
	 * Called after the CPU TLB of @mm was invalidated for [start, end),
	 * so that devices that cache the CPU page tables (an IOMMU walking
	 * them for SVA, for instance) drop their copies too.
	 */
	void (*invalidate_range)(struct mmu_notifier *subscription,
				 struct mm_struct *mm,
				 unsigned long start, unsigned long end);
};

#ifdef CONFIG_MMU_NOTIFIER

extern void __mmu_notifier_invalidate_range(struct mm_struct *mm,
					    unsigned long start,
					    unsigned long end);

static inline bool mm_has_notifiers(struct mm_struct *mm)
{
	return unlikely(mm->notifier_subscriptions);
}

static inline void mmu_notifier_invalidate_range(struct mm_struct *mm,
						 unsigned long start,
						 unsigned long end)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_invalidate_range(mm, start, end);
}

#else /* CONFIG_MMU_NOTIFIER */

static inline void mmu_notifier_invalidate_range(struct mm_struct *mm,
						 unsigned long start,
						 unsigned long end)
{
}

#endif /* CONFIG_MMU_NOTIFIER */

#endif /* _LINUX_MMU_NOTIFIER_H */
EOF

cat > mm/memory.c <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page faults and unmapping, cut down for the shootdown example tree.
 */
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <asm/tlb.h>

/*
 * A write fault on a page we may keep: make the PTE young, dirty and
 * writable in place. ptep_set_access_flags() flushes the CPU TLB for
 * the address when the entry changed.
 */
static void wp_page_reuse(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t entry;

	entry = pte_mkyoung(vmf->orig_pte);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	if (ptep_set_access_flags(vma, vmf->address, vmf->pte, entry, 1))
		update_mmu_cache(vma, vmf->address, vmf->pte);
	pte_unmap_unlock(vmf->pte, vmf->ptl);
}

/*
 * Unmap [address, address + size) of one VMA. The mmu_gather batches
 * the TLB flush until tlb_finish_mmu().
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size)
{
	struct mmu_notifier_range range;
	struct mmu_gather tlb;
	unsigned long end = address + size;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma->vm_mm,
				address, end);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	mmu_notifier_invalidate_range_start(&range);
	unmap_single_vma(&tlb, vma, address, end);
	mmu_notifier_invalidate_range_end(&range);
	tlb_finish_mmu(&tlb);
}
EOF

at '2023-11-02T10:04:51+0100'
git add -A
git commit -q -m 'Example kernel subset for shootdown

The arm64, x86 and generic TLB flush code and the mmu_notifier header,
cut down to what the example series touches.'
git tag base

# ---------------------------------------------------------------------------------------------------
# The series.
# ---------------------------------------------------------------------------------------------------
git checkout -q -b tlb-secondary-v2

# 1/3: arm64.
perl -0pi -e 's/(\t__tlbi\(aside1is, asid\);\n\t__tlbi_user\(aside1is, asid\);\n\tdsb\(ish\);\n)/$1\tmmu_notifier_invalidate_range(mm, 0, -1UL);\n/' \
	arch/arm64/include/asm/tlbflush.h
perl -0pi -e 's/(\t__tlbi\(vale1is, addr\);\n\t__tlbi_user\(vale1is, addr\);\n)/$1\tmmu_notifier_invalidate_range(mm, uaddr & PAGE_MASK,\n\t\t\t\t      (uaddr & PAGE_MASK) + PAGE_SIZE);\n/' \
	arch/arm64/include/asm/tlbflush.h
perl -0pi -e 's/(\t\t\t__tlbi_user\(vae1is, va\);\n\t\t\}\n\t\}\n\tdsb\(ish\);\n)/$1\tmmu_notifier_invalidate_range(vma->vm_mm, start, end);\n/' \
	arch/arm64/include/asm/tlbflush.h
perl -0pi -e 's/(#include <linux\/mm_types.h>\n)/$1#include <linux\/mmu_notifier.h>\n/' \
	arch/arm64/include/asm/tlbflush.h
at '2023-11-13T17:52:10+0100'
git commit -q -a -F - <<'EOF'
arm64: tlbflush: Invalidate secondary TLBs with the CPU TLB

An SMMU sharing a process address space (SVA) can cache a read-only
entry. When a write fault upgrades that PTE in place,
ptep_set_access_flags() flushes the CPU TLB with flush_tlb_page(), but
nothing tells the SMMU, which keeps its stale read-only entry and
raises the same fault again. Secondary TLBs are only invalidated from
the generic mmu_gather path today, which a permission upgrade never
takes.

From the device's point of view a TLBI that misses its TLB is the same
as no TLBI at all, so call mmu_notifier_invalidate_range() right after
the TLBIs in __flush_tlb_page_nosync() and __flush_tlb_range(), and for
the whole address space in flush_tlb_mm(). The notifier is called
once the CPU invalidation is issued, as the generic code does; in
__flush_tlb_page_nosync() that is before the caller's final DSB, which
only orders the CPU side and does not concern the SMMU.

Suggested-by: Tobias Lindqvist <tobias.lindqvist@example.com>
Signed-off-by: Ines Kowalczyk <ines.kowalczyk@example.org>
EOF
git notes add -m 'v2: also notify from flush_tlb_mm(), which __flush_tlb_range() falls
back to for large ranges (Haruto)'

# 2/3: x86.
perl -0pi -e 's/(\tput_cpu\(\);\n)/$1\n\tmmu_notifier_invalidate_range(mm, start, end);\n/' arch/x86/mm/tlb.c
perl -0pi -e 's/(#include <linux\/mm.h>\n)/$1#include <linux\/mmu_notifier.h>\n/' arch/x86/mm/tlb.c
at '2023-11-13T18:03:44+0100'
git commit -q -a -F - <<'EOF'
x86/mm: Invalidate secondary TLBs in flush_tlb_mm_range()

flush_tlb_mm_range() is where every x86 user-space TLB flush ends up,
batched or not. Call mmu_notifier_invalidate_range() there once the
CPUs have flushed, so that IOMMUs sharing the page tables (VT-d and
AMD SVA) are invalidated on the same paths as the CPU.

A range larger than tlb_single_page_flush_ceiling has already been
widened to 0..TLB_FLUSH_ALL at that point, so the notifier sees the
whole address space in that case, as the CPUs do.

Signed-off-by: Ines Kowalczyk <ines.kowalczyk@example.org>
EOF
git notes add -m 'v2: call the notifier after put_cpu(), it may sleep in some notifiers'

# 3/3: generic.
perl -0pi -e 's/\tmmu_notifier_invalidate_range\(tlb->mm, tlb->start, tlb->end\);\n//' include/asm-generic/tlb.h
at '2023-11-13T18:11:02+0100'
git commit -q -a -F - <<'EOF'
asm-generic/tlb: Stop invalidating secondary TLBs in tlb_flush_mmu_tlbonly()

With arm64 and x86 invalidating secondary TLBs from their own TLB flush
functions, the call in tlb_flush_mmu_tlbonly() invalidates the same
range a second time on those architectures. Remove it.

Architectures that have no secondary TLB users do not need it; the
ones that do must notify from their flush functions as arm64 and x86
now do.

Signed-off-by: Ines Kowalczyk <ines.kowalczyk@example.org>
EOF

git config branch.tlb-secondary-v2.description 'mm: Invalidate secondary TLBs from the arch TLB flush functions

Secondary TLBs (an SMMU or a VT-d/AMD IOMMU walking the CPU page tables
for SVA) are invalidated through mmu_notifier_invalidate_range(), which
generic code calls from tlb_flush_mmu_tlbonly() when an mmu_gather is
flushed. Paths that flush the CPU TLB without going through them miss
the secondary TLB. The one that hurts is a permission upgrade on arm64:
ptep_set_access_flags() flushes the page with flush_tlb_page(), the SMMU
keeps its read-only entry, and the device faults on the same address
forever.

This series moves the notifier call next to the CPU invalidation in the
arm64 and x86 flush functions and drops it from the generic mmu_gather
path, where it would now be issued twice.

Changes since v1:
- arm64: notify from flush_tlb_mm() too; __flush_tlb_range() falls back
  to it for large ranges and v1 missed that path (Haruto)
- x86: call the notifier after put_cpu()
- reworded the commit messages; no functional change to patch 3

v1: https://lists.example.org/linux-mm/20231102093015.4117-1-ines.kowalczyk@example.org/'

mkdir -p "$work/out"
at '2023-11-14T09:12:30+0100'
git format-patch -q --cover-letter --cover-from-description=subject --thread --notes \
	--subject-prefix=PATCH -v2 --base=base \
	--to='Dana Okafor <dana.okafor@example.org>' \
	--cc='Priya Castellanos <priya.castellanos@example.com>' \
	--cc='Haruto Mbeki <haruto.mbeki@example.com>' \
	--cc='Tobias Lindqvist <tobias.lindqvist@example.com>' \
	--cc='linux-mm@lists.example.org' \
	--cc='linux-arm-kernel@lists.example.org' \
	--cc='iommu@lists.example.org' \
	-o "$work/out" base..tlb-secondary-v2

# git puts the current time into the Message-IDs it generates; fix it. Give every message its own
# Date (the cover letter's is the time of the run) as git send-email would, a second apart.
stamp=1699949550
n=0
for f in "$work/out"/*.patch; do
	sed -i -E "s/\.[0-9]{9,11}\.git\./.$stamp.git./g" "$f"
	sed -i -E "0,/^Date: /s/^Date: .*/Date: Tue, 14 Nov 2023 09:12:3$n +0100/" "$f"
	n=$((n + 1))
done

cover_id=$(sed -n 's/^Message-ID: //Ip' "$work/out"/v2-0000-*.patch | head -n1)
patch1_id=$(sed -n 's/^Message-ID: //Ip' "$work/out"/v2-0001-*.patch | head -n1)
patch1_subject=$(sed -n 's/^Subject: //p' "$work/out"/v2-0001-*.patch | head -n1)
patch1_subject_cont=$(sed -n '/^Subject: /{n;/^ /p;}' "$work/out"/v2-0001-*.patch | head -n1)
cover_subject=$(sed -n 's/^Subject: //p' "$work/out"/v2-0000-*.patch | head -n1)
cover_subject_cont=$(sed -n '/^Subject: /{n;/^ /p;}' "$work/out"/v2-0000-*.patch | head -n1)

# A review of 1/3, with its trailer under a short quote.
cat > "$work/out/reply-1.eml" <<EOF
From haruto.mbeki@example.com Wed Nov 15 11:27:45 2023
Date: Wed, 15 Nov 2023 10:27:45 +0000
From: Haruto Mbeki <haruto.mbeki@example.com>
To: Ines Kowalczyk <ines.kowalczyk@example.org>
Cc: Dana Okafor <dana.okafor@example.org>,
 Priya Castellanos <priya.castellanos@example.com>,
 Tobias Lindqvist <tobias.lindqvist@example.com>, linux-mm@lists.example.org,
 linux-arm-kernel@lists.example.org, iommu@lists.example.org
Subject: Re: $patch1_subject
${patch1_subject_cont:+$patch1_subject_cont
}Message-ID: <ZVSd8x2Lq0tKe7Wm@vantage.example.com>
References: $cover_id
 $patch1_id
In-Reply-To: $patch1_id
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline

On Tue, Nov 14, 2023 at 09:12:31AM +0100, Ines Kowalczyk wrote:
> From the device's point of view a TLBI that misses its TLB is the same
> as no TLBI at all, so call mmu_notifier_invalidate_range() right after
> the TLBIs in __flush_tlb_page_nosync() and __flush_tlb_range(), and for
> the whole address space in flush_tlb_mm().

Thanks for picking up the flush_tlb_mm() case. I checked the callers of
__flush_tlb_page_nosync() once more: the batched reclaim path ends in a
single DSB too, so calling the notifier before that DSB is fine there as
well.

Reviewed-by: Haruto Mbeki <haruto.mbeki@example.com>

Haruto

EOF

# An ack for the whole series, on the cover letter.
cat > "$work/out/reply-0.eml" <<EOF
From priya.castellanos@example.com Thu Nov 16 08:02:19 2023
Date: Thu, 16 Nov 2023 08:02:19 +0000
From: Priya Castellanos <priya.castellanos@example.com>
To: Ines Kowalczyk <ines.kowalczyk@example.org>
Cc: Dana Okafor <dana.okafor@example.org>,
 Haruto Mbeki <haruto.mbeki@example.com>,
 Tobias Lindqvist <tobias.lindqvist@example.com>, linux-mm@lists.example.org,
 linux-arm-kernel@lists.example.org, iommu@lists.example.org
Subject: Re: $cover_subject
${cover_subject_cont:+$cover_subject_cont
}Message-ID: <ZVXMe4kQ2bR9sT1c@arm-review.example.com>
References: $cover_id
In-Reply-To: $cover_id
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline

On Tue, Nov 14, 2023 at 09:12:30AM +0100, Ines Kowalczyk wrote:
> This series moves the notifier call next to the CPU invalidation in the
> arm64 and x86 flush functions and drops it from the generic mmu_gather
> path, where it would now be issued twice.

For the arm64 bits, and for the series going through the mm tree:

Acked-by: Priya Castellanos <priya.castellanos@example.com>

Dana, I assume you will pick this up.

Priya

EOF

mbox="$here/examples/tlb-secondary-v2.mbox"
maildir="$here/Tests/PatchModelTests/Fixtures/mbox/maildir"
out="$work/out"
# In the order the list received them: the series, then the review, then the ack.
cat "$out"/v2-0000-*.patch "$out"/v2-0001-*.patch "$out"/v2-0002-*.patch "$out"/v2-0003-*.patch \
	"$out/reply-1.eml" "$out/reply-0.eml" > "$mbox"

# The maildir: the same messages without their "From " lines; the two replies are unread (new/), and
# tmp/ holds a message still being delivered, which readers must ignore.
rm -rf "$maildir"
mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp"
strip() { sed 1d "$1"; }
strip "$out"/v2-0000-*.patch > "$maildir/cur/1699949550.M100001P4242.mail.example.org:2,S"
strip "$out"/v2-0001-*.patch > "$maildir/cur/1699949551.M100002P4242.mail.example.org:2,S"
strip "$out"/v2-0002-*.patch > "$maildir/cur/1699949552.M100003P4242.mail.example.org:2,RS"
strip "$out"/v2-0003-*.patch > "$maildir/cur/1699949553.M100004P4242.mail.example.org:2,S"
strip "$out/reply-1.eml" > "$maildir/new/1700044065.M200001P5150.mail.example.org"
strip "$out/reply-0.eml" > "$maildir/new/1700121739.M200002P5150.mail.example.org"
sed -n '2,12p' "$out/reply-0.eml" > "$maildir/tmp/1700121740.M200003P5150.mail.example.org"

echo "wrote $mbox"
echo "wrote $maildir"
echo "base tree: $tree (branch tlb-secondary-v2 holds the series, tag base its base)"
