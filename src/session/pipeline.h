/*
 * pipeline.h - one chunk's way through the stages after the splitter:
 * normalize -> pronounce -> (plan output | synthesize -> sinks).
 *
 * The pipeline does not own the engine, the sinks or the plan stream; it
 * takes ownership of each chunk passed to boyin_pipeline_chunk and frees it.
 */
#ifndef BOYIN_PIPELINE_H
#define BOYIN_PIPELINE_H

#include <stddef.h>
#include <stdio.h>

#include "chunk.h"
#include "engine.h"
#include "normalize.h"
#include "pronounce.h"
#include "sink.h"

#define BOYIN_PIPELINE_MAX_SINKS 4

typedef enum {
    BOYIN_MODE_AUDIO = 0,   /* synthesize and hand to the sinks */
    BOYIN_MODE_PLAN,        /* print the chunk plan as JSON Lines */
    BOYIN_MODE_PHONEMES,    /* print eSpeak-NG phoneme mnemonics, one line a chunk */
    BOYIN_MODE_PINYIN       /* print what the engine is given (toned pinyin), one line a chunk */
} boyin_mode;

typedef struct {
    boyin_mode mode;
    int plan_phonemes;        /* plan mode: add a phonemes field (needs engine) */
    const char *voice;        /* voice name shown in the plan */
    const char *english;      /* voice of Latin runs shown in the plan */
    const boyin_normalizer *normalizer;
    boyin_pronouncer *pronouncer; /* NULL: the engine reads the characters itself */
    boyin_engine *engine;     /* needed for audio and phonemes */
    FILE *out;                /* plan / phonemes output */
    boyin_sink *sinks[BOYIN_PIPELINE_MAX_SINKS];
    size_t nsinks;
    unsigned count;           /* chunks so far; sets chunk indices */
    unsigned item_pause_ms;   /* pause between items (0: the paragraph pause) */
    unsigned last_item, last_pause_ms; /* the last chunk read on air */
    uint64_t samples;         /* speech samples synthesized so far */
    const boyin_sink *failed; /* the sink that failed, for its message */
} boyin_pipeline;

/* Run one chunk through the stages; frees it.  Returns BOYIN_OK or the
 * status of the stage that failed (see p->failed for a sink's message). */
int boyin_pipeline_chunk(boyin_pipeline *p, boyin_chunk *c);

#endif
