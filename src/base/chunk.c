/* chunk.c - chunk lifetime helpers. */
#include "chunk.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void boyin_chunk_destroy(boyin_chunk *c)
{
    if (!c)
        return;
    free(c->text);
    free(c->spoken);
    boyin_chunk_clear_runs(c);
    free(c->pcm);
    free(c->phonemes);
    free(c);
}

void boyin_chunk_clear_runs(boyin_chunk *c)
{
    for (size_t i = 0; i < c->nruns; i++)
    {
        free(c->runs[i].text);
        free(c->runs[i].pinyin);
    }
    free(c->runs);
    c->runs = NULL;
    c->nruns = 0;
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

char *boyin_chunk_engine_text(const boyin_chunk *c)
{
    boyin_sb b = {0};
    for (size_t i = 0; i < c->nruns; i++) {
        if (i)
            boyin_sb_add(&b, " ", 1);
        boyin_sb_adds(&b, c->runs[i].pinyin ? c->runs[i].pinyin : c->runs[i].text);
    }
    if (b.failed) {
        boyin_sb_free(&b);
        return NULL;
    }
    return b.s ? b.s : strdup("");
}

int boyin_chunk_has_pinyin(const boyin_chunk *c)
{
    for (size_t i = 0; i < c->nruns; i++)
        if (c->runs[i].pinyin)
            return 1;
    return 0;
}

uint64_t boyin_frames_map(uint64_t pos, int in_rate, int out_rate)
{
    if (in_rate == out_rate)
        return pos;
    return (pos * (uint64_t)out_rate + (uint64_t)in_rate / 2) / (uint64_t)in_rate;
}
