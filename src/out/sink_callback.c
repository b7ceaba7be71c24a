/* sink_callback.c - segments to the embedding program's callback. */
#include "sink_callback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audiofile.h"
#include "grow.h"
#include "program.h"

typedef struct span {
    boyin_segment_info info;
    char *text, *spoken;
    uint64_t start, end; /* output frames in the bulletin */
    struct span *next;
} span;

typedef struct {
    boyin_sink base;
    boyin_audio_cb cb;
    void *user;
    int rate, channels;
    boyin_program *program;
    boyin_audiofile *conv;
    uint64_t pos;      /* frames the programme has made */
    span *head, *tail; /* segments waiting for their audio */
    int16_t *seg;      /* the head segment's frames so far */
    size_t nseg, capseg; /* frames held; room in values */
    int stopped;
} callback_sink;

static void span_free(span *g)
{
    free(g->text);
    free(g->spoken);
    free(g);
}

/* Keep the frames of the head segment; send it when it is complete. */
static int emit(void *ctx, const float *x, size_t n)
{
    callback_sink *s = ctx;
    size_t ch = (size_t)s->channels;
    for (size_t off = 0; off < n && !s->stopped;) {
        span *g = s->head;
        uint64_t pos = s->pos + off;
        if (!g) /* nothing waits: pauses, the intro or the outro */
            break;
        if (pos < g->start) { /* up to the segment */
            off += (size_t)(g->start - pos < n - off ? g->start - pos : n - off);
            continue;
        }
        size_t k = (size_t)(g->end - pos < n - off ? g->end - pos : n - off);
        if (boyin_grow(&s->seg, &s->capseg, (s->nseg + k) * ch, sizeof *s->seg)) /* cap in values */
            return BOYIN_ENOMEM;
        if (k && boyin_audiofile_to_pcm16(s->conv, x + off * ch, k, s->seg + s->nseg * ch))
            return BOYIN_ENOMEM;
        s->nseg += k;
        off += k;
        if (pos + k >= g->end) { /* complete: send it */
            if (s->cb(s->user, &g->info, s->seg, s->nseg))
                s->stopped = 1;
            s->nseg = 0;
            s->head = g->next;
            if (!s->head)
                s->tail = NULL;
            span_free(g);
        }
    }
    s->pos += n;
    if (s->stopped) {
        boyin_sink_set_error(&s->base, "stopped by the audio callback");
        return BOYIN_ESTOPPED;
    }
    return BOYIN_OK;
}

static int fail(callback_sink *s, int st)
{
    if (st && !s->base.error[0])
        boyin_sink_set_error(&s->base, "%s", boyin_program_error(s->program)[0] ? boyin_program_error(s->program)
                                                                               : boyin_strerror(st));
    return st;
}

static int callback_segment(boyin_sink *base, const boyin_chunk *c)
{
    callback_sink *s = (callback_sink *)base;
    span *g = calloc(1, sizeof *g);
    if (g) {
        g->text = strdup(c->text ? c->text : "");
        g->spoken = strdup(c->spoken ? c->spoken : "");
    }
    if (!g || !g->text || !g->spoken) {
        if (g)
            span_free(g);
        return fail(s, BOYIN_ENOMEM);
    }
    g->info = (boyin_segment_info){c->index, c->item, c->paragraph, g->text, g->spoken,
                                   (double)c->out_start / s->rate, c->pause_after_ms};
    g->start = c->out_start;
    g->end = c->out_end;
    if (s->tail)
        s->tail->next = g;
    else
        s->head = g;
    s->tail = g;
    return fail(s, boyin_program_chunk(s->program, c));
}

static int callback_finish(boyin_sink *base, const boyin_bulletin *b, boyin_master_report *r)
{
    callback_sink *s = (callback_sink *)base;
    (void)r;
    return fail(s, boyin_program_end(s->program, b->speech_frames, b->last_end, boyin_bulletin_speech_end(b)));
}

static void callback_destroy(boyin_sink *base)
{
    callback_sink *s = (callback_sink *)base;
    while (s->head) {
        span *n = s->head->next;
        span_free(s->head);
        s->head = n;
    }
    boyin_program_destroy(s->program);
    boyin_audiofile_close(s->conv);
    free(s->seg);
    free(s);
}

static const boyin_sink_ops CALLBACK_OPS = {callback_segment, NULL, callback_finish, NULL, callback_destroy};

int boyin_sink_callback_create(boyin_audio_cb cb, void *user, int engine_rate, const boyin_format *fmt,
                               double voice_lufs, const boyin_assembly *assembly, boyin_sink **out, char *err,
                               size_t errlen)
{
    callback_sink *s = calloc(1, sizeof *s);
    *out = s ? &s->base : NULL;
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &CALLBACK_OPS;
    s->cb = cb;
    s->user = user;
    s->rate = fmt->rate;
    s->channels = fmt->channels;
    boyin_program_config pc = boyin_program_live(fmt, engine_rate, voice_lufs, 0, assembly);
    int st = (s->conv = boyin_audiofile_pcm16(fmt)) ? BOYIN_OK : BOYIN_ENOMEM;
    if (st == BOYIN_OK)
        st = boyin_program_create(&pc, emit, s, &s->program, err, errlen);
    if (st && !err[0])
        snprintf(err, errlen, "out of memory");
    return st;
}
