/* fake_sink.c - a recording sink for the session tests. */
#include "fake_sink.h"

#include "boyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    boyin_sink base;
    fake_log *log;
    int fail_at, fail_status, ncalls;
    char msg[256];
    int has_msg;
} fake_sink;

/* Record a call; returns the status the sink was told to give for it. */
static int record(fake_sink *f, fake_call *call)
{
    fake_log *log = f->log;
    fake_call *grown = realloc(log->calls, (log->n + 1) * sizeof *grown);
    if (!grown)
        return BOYIN_ENOMEM;
    log->calls = grown;
    log->calls[log->n++] = *call;
    if (++f->ncalls == f->fail_at) {
        if (f->has_msg)
            boyin_sink_set_error(&f->base, "%s", f->msg);
        return f->fail_status;
    }
    return BOYIN_OK;
}

static int chunk_call(boyin_sink *base, const boyin_chunk *c, fake_kind kind)
{
    fake_call call = {.kind = kind,
                      .index = c->index,
                      .item = c->item,
                      .pause_before_ms = c->pause_before_ms,
                      .pause_after_ms = c->pause_after_ms,
                      .start = c->start,
                      .out_start = c->out_start,
                      .out_end = c->out_end,
                      .samples = c->samples,
                      .has_pcm = c->pcm != NULL};
    snprintf(call.text, sizeof call.text, "%s", c->text ? c->text : "");
    return record((fake_sink *)base, &call);
}

static int fake_segment(boyin_sink *base, const boyin_chunk *c)
{
    return chunk_call(base, c, FAKE_SEGMENT);
}

static int fake_skipped(boyin_sink *base, const boyin_chunk *c)
{
    return chunk_call(base, c, FAKE_SKIPPED);
}

static int fake_finish(boyin_sink *base, const boyin_bulletin *b, boyin_master_report *report)
{
    fake_call call = {.kind = FAKE_FINISH, .bulletin = *b, .report = report};
    return record((fake_sink *)base, &call);
}

static int fake_close(boyin_sink *base, const boyin_bulletin *b)
{
    fake_call call = {.kind = FAKE_CLOSE, .bulletin = *b, .report = b->report};
    return record((fake_sink *)base, &call);
}

static void fake_destroy(boyin_sink *base)
{
    fake_sink *f = (fake_sink *)base;
    f->log->destroyed++;
    free(f);
}

static const boyin_sink_ops FAKE_OPS = {fake_segment, fake_skipped, fake_finish, fake_close, fake_destroy};

int fake_sink_create(fake_log *log, int fail_at, int fail_status, const char *msg, boyin_sink **out)
{
    fake_sink *f = calloc(1, sizeof *f);
    *out = f ? &f->base : NULL;
    if (!f)
        return BOYIN_ENOMEM;
    f->base.ops = &FAKE_OPS;
    f->log = log;
    f->fail_at = fail_at;
    f->fail_status = fail_status;
    if (msg) {
        snprintf(f->msg, sizeof f->msg, "%s", msg);
        f->has_msg = 1;
    }
    return BOYIN_OK;
}

void fake_log_free(fake_log *log)
{
    free(log->calls);
    *log = (fake_log){0};
}

char *fake_log_dump(const fake_log *log)
{
    static const char *const KIND[] = {"segment", "skipped", "finish", "close"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    for (size_t i = 0; i < log->n; i++) {
        const fake_call *c = &log->calls[i];
        const boyin_bulletin *b = &c->bulletin;
        if (c->kind == FAKE_SEGMENT || c->kind == FAKE_SKIPPED)
            fprintf(f, "%s %u item %u start %llu out %llu-%llu samples %zu pauses %u/%u %s\n", KIND[c->kind],
                    c->index, c->item, (unsigned long long)c->start, (unsigned long long)c->out_start,
                    (unsigned long long)c->out_end, c->samples, c->pause_before_ms, c->pause_after_ms, c->text);
        else
            fprintf(f, "%s rates %d/%d speech %llu intro %llu outro %llu out %llu segments %u report %s\n",
                    KIND[c->kind], b->in_rate, b->out_rate, (unsigned long long)b->speech_frames,
                    (unsigned long long)b->intro_frames, (unsigned long long)b->outro_frames,
                    (unsigned long long)b->out_frames, b->segments, c->report ? "yes" : "no");
    }
    fclose(f);
    return buf;
}
