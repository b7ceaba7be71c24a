/* chunk.c - chunk lifetime helpers. */
#include "chunk.h"

#include <stdlib.h>

void boyin_chunk_destroy(boyin_chunk *c)
{
    if (!c)
        return;
    free(c->text);
    free(c->spoken);
    free(c->pcm);
    free(c);
}

size_t boyin_pause_samples(unsigned ms, int rate)
{
    return (size_t)(((uint64_t)ms * (uint64_t)rate + 500) / 1000);
}

const char *boyin_end_kind_name(boyin_end_kind k)
{
    static const char *const names[] = {"cut", "clause", "sentence", "paragraph"};
    return (unsigned)k < 4 ? names[k] : "cut";
}
