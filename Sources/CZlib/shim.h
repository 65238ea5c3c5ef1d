#ifndef SHOOTDOWN_CZLIB_SHIM_H
#define SHOOTDOWN_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro: wrap it so Swift can call it. */
static inline int shootdown_inflate_init_gzip(z_streamp stream) {
    /* 15 window bits + 32: detect gzip or zlib headers automatically. */
    return inflateInit2(stream, 15 + 32);
}

#endif
