#ifndef SHOOTDOWN_CMALLOC_SHIM_H
#define SHOOTDOWN_CMALLOC_SHIM_H

#if defined(__GLIBC__) || (defined(__linux__) && __has_include(<malloc.h>))
#include <malloc.h>
#endif

/*
 * glibc's allocator, set for a process whose cores each build and free a run's worth of heap
 * (blobs read ahead, diffs, scanned trees): a thread's arena keeps 64 MiB of free space at its
 * top instead of handing it back to the kernel (with madvise) and faulting it in again when the
 * next run grows it, and blocks up to 32 MiB come from the arenas rather than from mmap.
 * Without it, the worker thread's runs of `check` took ~8% longer than the main thread's.
 * Elsewhere: nothing.
 */
static inline void shootdown_tune_malloc(void) {
#if defined(M_TOP_PAD) && defined(M_MMAP_THRESHOLD)
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

#endif
