/*
 * timeline.h - where every chunk sits in the bulletin.
 *
 * The session places each chunk here after it is synthesized and before
 * any sink sees it: its index (chunks read on air count from 1; a chunk not
 * read on air gets 0), the pause before it (what the item pause adds at a
 * new item), the first frame of its speech at the engine's rate (`start`,
 * after the previous chunk's pause and its own pause before), and the same
 * span at the output rate inside the bulletin, the intro included
 * (`out_start`, `out_end`, mapped with boyin_frames_map as the master stage
 * maps them).  It is the one place positions are computed; chunks come to
 * it in order.
 */
#ifndef BOYIN_TIMELINE_H
#define BOYIN_TIMELINE_H

#include <stdint.h>

#include "chunk.h"
#include "sink.h"

typedef struct {
    int in_rate, out_rate;
    uint64_t intro_frames, outro_frames; /* output rate */
    unsigned item_pause_ms;              /* pause between items (0: the paragraph pause) */
    unsigned count;                      /* chunks read on air so far */
    unsigned last_item, last_pause_ms;   /* of the last chunk read on air */
    uint64_t at;                         /* engine rate: the end of the last chunk's pause */
    uint64_t last_end;                   /* output rate: the end of the last chunk's speech */
} boyin_timeline;

void boyin_timeline_init(boyin_timeline *t, int in_rate, int out_rate, uint64_t intro_frames, uint64_t outro_frames,
                         unsigned item_pause_ms);

/* Place chunk c (its samples known) after the chunks placed so far. */
void boyin_timeline_place(boyin_timeline *t, boyin_chunk *c);

/* The bulletin so far (report NULL). */
boyin_bulletin boyin_timeline_bulletin(const boyin_timeline *t);

#endif
