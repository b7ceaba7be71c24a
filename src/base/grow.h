/*
 * grow.h - growing an array in place: the one way boyin's growable buffers
 * and lists get more room.
 */
#ifndef BOYIN_GROW_H
#define BOYIN_GROW_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Make the array whose pointer is at `pp` (an `T **`; malloc'd or NULL,
 * owned by the caller) hold at least `need` elements of `size` bytes; its
 * capacity *cap doubles.  0, or -1 when out of memory (the array and *cap
 * unchanged). */
static inline int boyin_grow(void *pp, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    if (nc > SIZE_MAX / size)
        return -1;
    void *old, *nb;
    memcpy(&old, pp, sizeof old);
    if (!(nb = realloc(old, nc * size)))
        return -1;
    memcpy(pp, &nb, sizeof nb);
    *cap = nc;
    return 0;
}

#endif
