#ifndef EASEL_C_MALLOC_ARENAS_H
#define EASEL_C_MALLOC_ARENAS_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Keeps the C allocator to one arena where it can (glibc), so that memory one thread frees is reused by the others.
static inline void easel_use_one_malloc_arena(void) {
#ifdef M_ARENA_MAX
    mallopt(M_ARENA_MAX, 1);
#endif
}

#endif
