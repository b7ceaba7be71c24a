/* sink_print.c - the plan, phonemes and pinyin printers. */
#include "sink_print.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "plan.h"

typedef struct {
    boyin_sink base;
    boyin_prints what;
    FILE *out;
    char voice[64], english[64];
} print_sink;

static int print_line(print_sink *s, char *line)
{
    if (!line)
        return BOYIN_ENOMEM;
    int bad = fputs(line, s->out) < 0 || fputc('\n', s->out) < 0 || fflush(s->out) != 0;
    free(line);
    if (bad)
        boyin_sink_set_error(&s->base, "cannot write %s: %s", s->out == stdout ? "to standard output" : "the printed output",
                             strerror(errno));
    return bad ? BOYIN_EOUTPUT : BOYIN_OK;
}

static int print_segment(boyin_sink *base, const boyin_chunk *c)
{
    print_sink *s = (print_sink *)base;
    switch (s->what) {
    case BOYIN_PRINTS_PLAN: return print_line(s, boyin_plan_chunk_json(c, s->voice, s->english, NULL, c->phonemes));
    case BOYIN_PRINTS_PHONEMES: return print_line(s, strdup(c->phonemes ? c->phonemes : ""));
    default: return print_line(s, boyin_chunk_engine_text(c));
    }
}

static int print_skipped(boyin_sink *base, const boyin_chunk *c)
{
    print_sink *s = (print_sink *)base;
    return s->what == BOYIN_PRINTS_PLAN ? print_segment(base, c) : BOYIN_OK;
}

static void print_destroy(boyin_sink *base)
{
    free(base);
}

static const boyin_sink_ops PRINT_OPS = {print_segment, print_skipped, NULL, NULL, print_destroy};

int boyin_sink_print_create(boyin_prints what, FILE *out, const char *voice, const char *english, boyin_sink **sink)
{
    print_sink *s = calloc(1, sizeof *s);
    *sink = s ? &s->base : NULL;
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &PRINT_OPS;
    s->what = what;
    s->out = out;
    snprintf(s->voice, sizeof s->voice, "%s", voice);
    snprintf(s->english, sizeof s->english, "%s", english);
    return BOYIN_OK;
}
