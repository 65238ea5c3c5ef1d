#ifndef SHOOTDOWN_CLIBGIT2_SHIM_H
#define SHOOTDOWN_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic and does not import into Swift: these wrap the calls we need. */
static inline int shootdown_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int shootdown_git_set_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

#endif
