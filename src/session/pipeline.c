/* pipeline.c - the stages after the splitter, in order. */
#include "pipeline.h"

#include <stdlib.h>

#include "boyin.h"
#include "plan.h"

static int print_line(FILE *out, const char *s)
{
    if (!s)
        return BOYIN_ENOMEM;
    int bad = fputs(s, out) < 0 || fputc('\n', out) < 0 || fflush(out) != 0;
    return bad ? BOYIN_EOUTPUT : BOYIN_OK;
}

int boyin_pipeline_chunk(boyin_pipeline *p, boyin_chunk *c)
{
    int st = boyin_normalize_chunk(p->normalizer, c);
    if (st == BOYIN_OK && p->pronouncer && !c->skipped)
        st = boyin_pronounce_chunk(p->pronouncer, c);
    if (st == BOYIN_OK && !c->skipped) {
        c->index = ++p->count; /* chunks not read on air have no segment */
        if (p->count > 1 && c->item != p->last_item && p->item_pause_ms > p->last_pause_ms)
            c->pause_before_ms = p->item_pause_ms - p->last_pause_ms; /* --item-pause */
        p->last_item = c->item;
        p->last_pause_ms = c->pause_after_ms;
    }
    if (st == BOYIN_OK && c->skipped && p->mode != BOYIN_MODE_PLAN) {
        for (size_t i = 0; st == BOYIN_OK && i < p->nsinks; i++) {
            st = boyin_sink_skipped(p->sinks[i], c);
            if (st)
                p->failed = p->sinks[i];
        }
    } else if (st == BOYIN_OK && p->mode == BOYIN_MODE_PLAN) {
        char *ph = NULL, *json = NULL;
        if (p->plan_phonemes && !c->skipped)
            st = boyin_engine_phonemes(p->engine, c->runs, c->nruns, &ph);
        if (st == BOYIN_OK) {
            json = boyin_plan_chunk_json(c, p->voice, p->english, NULL, ph);
            st = print_line(p->out, json);
        }
        free(ph);
        free(json);
    } else if (st == BOYIN_OK && p->mode == BOYIN_MODE_PHONEMES) {
        char *ph = NULL;
        st = boyin_engine_phonemes(p->engine, c->runs, c->nruns, &ph);
        if (st == BOYIN_OK)
            st = print_line(p->out, ph);
        free(ph);
    } else if (st == BOYIN_OK && p->mode == BOYIN_MODE_PINYIN) {
        char *line = boyin_chunk_engine_text(c);
        st = print_line(p->out, line);
        free(line);
    } else if (st == BOYIN_OK) {
        st = boyin_engine_synth(p->engine, c->runs, c->nruns, &c->pcm, &c->samples);
        p->samples += c->samples;
        for (size_t i = 0; st == BOYIN_OK && i < p->nsinks; i++) {
            st = boyin_sink_segment(p->sinks[i], c);
            if (st)
                p->failed = p->sinks[i];
        }
    }
    boyin_chunk_destroy(c);
    return st;
}
