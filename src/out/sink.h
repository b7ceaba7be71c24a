/*
 * sink.h - the one interface every output shares.
 *
 * A sink is created by its own constructor (with the audio format), then
 * receives each chunk in order with boyin_sink_segment: the chunk's pcm is
 * its speech, and the sink itself adds pause_after_ms of silence after it.
 * A chunk that is not read on air (c->skipped) goes to boyin_sink_skipped
 * instead; sinks that do not record such chunks leave that op NULL.
 * boyin_sink_close finishes the output (for file sinks: completes the staged
 * files); boyin_sink_destroy frees it and discards anything not finished.
 * On failure a sink returns a status and keeps a one-line message that
 * boyin_sink_error returns.
 */
#ifndef BOYIN_SINK_H
#define BOYIN_SINK_H

#include "chunk.h"

typedef struct boyin_sink boyin_sink;

typedef struct {
    int (*segment)(boyin_sink *s, const boyin_chunk *c);
    int (*skipped)(boyin_sink *s, const boyin_chunk *c); /* may be NULL */
    int (*close)(boyin_sink *s);
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
static inline int boyin_sink_close(boyin_sink *s) { return s->ops->close(s); }
static inline void boyin_sink_destroy(boyin_sink *s) { if (s) s->ops->destroy(s); }
static inline const char *boyin_sink_error(const boyin_sink *s) { return s->error; }

#endif
