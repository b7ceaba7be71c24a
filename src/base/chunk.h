/*
 * chunk.h - the unit that flows through boyin's stages.
 *
 * The splitter creates a chunk with its source span and original text; the
 * normalize stage fills `spoken`; the engine fills `pcm`; sinks read it.  A
 * chunk owns every pointer in it and is freed in one call.
 */
#ifndef BOYIN_CHUNK_H
#define BOYIN_CHUNK_H

#include <stddef.h>
#include <stdint.h>

/* A piece of spoken text and the voice that says it. */
typedef struct {
    char *text;  /* owned by the chunk */
    char *pinyin; /* Mandarin runs: the toned pinyin sent to the engine instead
                     of text (pronounce stage); NULL otherwise; owned */
    int english; /* 0: the bulletin's (Mandarin) voice, 1: its English voice */
    size_t src_off, src_len; /* the original characters it says, as bytes of the chunk's text */
    size_t samples;          /* its length in the chunk's audio (engine stage) */
} boyin_run;

/* What ends a chunk; sets the pause after it. */
typedef enum {
    BOYIN_END_CUT = 0,       /* hard cut inside a run with no mark at all */
    BOYIN_END_CLAUSE = 1,    /* a long sentence cut at a clause mark */
    BOYIN_END_SENTENCE = 2,  /* 。！？ etc. */
    BOYIN_END_PARAGRAPH = 3  /* last chunk of a paragraph (or of an item) */
} boyin_end_kind;

typedef struct boyin_chunk {
    unsigned index;          /* 1-based position in the bulletin (set by the pipeline) */
    unsigned item;           /* 1-based input item (file) */
    unsigned paragraph;      /* 1-based paragraph within the item */
    uint64_t source_offset;  /* byte offset of the chunk's first character in the item */
    uint64_t source_length;  /* bytes from first to last character, inclusive */
    boyin_end_kind end;
    unsigned pause_after_ms; /* silence after the chunk in the bulletin */
    unsigned pause_before_ms; /* more silence before it: the first chunk of a new item
                                 gets what --item-pause adds to the pause before it (pipeline) */
    char *text;              /* original text, whitespace runs folded to one space */
    char *spoken;            /* what is handed to the engine (normalize stage) */
    const char *skipped;     /* static reason ("credit") when not read on air, else NULL */
    boyin_run *runs;         /* spoken split by voice (normalize stage) */
    size_t nruns;
    int16_t *pcm;            /* mono samples at the engine's rate (engine stage) */
    size_t samples;
    char *phonemes;          /* eSpeak-NG's mnemonics, when an output asks for them (engine stage) */
    /* Where it sits (the timeline, before any sink sees it): */
    uint64_t start;          /* first frame of its speech, engine rate, from the start of the speech */
    uint64_t out_start, out_end; /* its speech in the bulletin, output rate, the intro included */
} boyin_chunk;

/* Free a chunk and everything it owns; NULL is allowed. */
void boyin_chunk_destroy(boyin_chunk *c);

/* Free the chunk's runs (the chunk itself stays). */
void boyin_chunk_clear_runs(boyin_chunk *c);

/* What the engine is given for the chunk: each run's pinyin (or its text
 * when it has none), joined by spaces.  malloc'd, owned by the caller; NULL
 * when out of memory. */
char *boyin_chunk_engine_text(const boyin_chunk *c);

/* Whether any run of the chunk has pinyin. */
int boyin_chunk_has_pinyin(const boyin_chunk *c);

/* Number of samples of a pause of `ms` milliseconds at `rate` Hz (rounded). */
size_t boyin_pause_samples(unsigned ms, int rate);

/* A position in frames at in_rate as a position at out_rate, rounded to
 * the nearest frame (how the master stage maps segment edges). */
uint64_t boyin_frames_map(uint64_t pos, int in_rate, int out_rate);

/* Names for end kinds as used in the plan: "cut", "clause", "sentence", "paragraph". */
const char *boyin_end_kind_name(boyin_end_kind k);

#endif
