/*
 * sink.h - the one interface every output shares.
 *
 * A sink is created by its own constructor (with the audio format).  The
 * session then hands it every chunk in order, already placed on the
 * bulletin's timeline (chunk.h: index, start, out_start, out_end, pauses):
 * a chunk read on air goes to `segment` (its pcm is its speech; the silence
 * around it is what the timeline says), a chunk not read on air
 * (c->skipped) to `skipped`.  A sink never computes positions itself and
 * never reads another sink's state, so the order of the sinks does not
 * matter.
 *
 * At the end, two rounds: `finish` on every sink (the audio is complete; a
 * sink that masters the bulletin measures it and fills the report), then
 * `close` on every sink with the whole bulletin, the report included.
 * boyin_sink_destroy frees a sink and discards anything not finished.
 * Optional ops are NULL.  On failure a sink returns a status and keeps a
 * one-line message that boyin_sink_error returns.
 */
#ifndef BOYIN_SINK_H
#define BOYIN_SINK_H

#include "chunk.h"
#include "format.h"

/* The whole bulletin, as the timeline laid it out. */
typedef struct {
    int in_rate, out_rate;      /* the engine's rate; the files' */
    uint64_t speech_frames;     /* engine rate: every chunk and pause, the last pause included */
    uint64_t intro_frames, outro_frames; /* output rate */
    uint64_t out_frames;        /* output rate: intro, speech and outro */
    uint64_t last_end;          /* output rate: where the last chunk's speech ends (intro included) */
    unsigned segments;          /* chunks read on air */
    const boyin_master_report *report; /* what mastering measured (close only; report->done 0: nothing) */
} boyin_bulletin;

/* Where the speech ends in the bulletin (output frames, the intro included). */
static inline uint64_t boyin_bulletin_speech_end(const boyin_bulletin *b) { return b->out_frames - b->outro_frames; }

typedef struct boyin_sink boyin_sink;

typedef struct {
    int (*segment)(boyin_sink *s, const boyin_chunk *c);
    int (*skipped)(boyin_sink *s, const boyin_chunk *c);                       /* may be NULL */
    int (*finish)(boyin_sink *s, const boyin_bulletin *b, boyin_master_report *report); /* may be NULL */
    int (*close)(boyin_sink *s, const boyin_bulletin *b);                      /* may be NULL */
    void (*destroy)(boyin_sink *s);
} boyin_sink_ops;

struct boyin_sink {
    const boyin_sink_ops *ops;
    char error[512];
};

/* Set the sink's one-line error message, printf style (truncated to fit). */
void boyin_sink_set_error(boyin_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline int boyin_sink_segment(boyin_sink *s, const boyin_chunk *c) { return s->ops->segment(s, c); }
static inline int boyin_sink_skipped(boyin_sink *s, const boyin_chunk *c)
{
    return s->ops->skipped ? s->ops->skipped(s, c) : 0;
}
static inline int boyin_sink_finish(boyin_sink *s, const boyin_bulletin *b, boyin_master_report *r)
{
    return s->ops->finish ? s->ops->finish(s, b, r) : 0;
}
static inline int boyin_sink_close(boyin_sink *s, const boyin_bulletin *b)
{
    return s->ops->close ? s->ops->close(s, b) : 0;
}
static inline void boyin_sink_destroy(boyin_sink *s) { if (s) s->ops->destroy(s); }
static inline const char *boyin_sink_error(const boyin_sink *s) { return s->error; }

#endif
