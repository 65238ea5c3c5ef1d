#ifndef SHOOTDOWN_BENCH_CGIT2_SHIM_H
#define SHOOTDOWN_BENCH_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic and does not import into Swift. */
static inline int bench_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
#endif
