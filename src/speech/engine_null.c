/* engine_null.c - an engine with no eSpeak-NG, for tests of the session:
 * deterministic tones whose lengths follow the text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "engine.h"

#define NULL_MS_PER_CHAR 10
#define NULL_TONE_HZ 440.0

/* What the engine is given for a run. */
static const char *run_text(const boyin_run *r)
{
    return r->pinyin ? r->pinyin : r->text ? r->text : "";
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int null_set_voice(boyin_engine *e, int slot, const char *name, int rate, int pitch, int range, int volume)
{
    (void)e, (void)slot, (void)rate, (void)pitch, (void)range, (void)volume;
    return strcmp(name, "no-such-voice") == 0 ? BOYIN_EVOICE : BOYIN_OK;
}

static int null_synth(boyin_engine *e, boyin_run *runs, size_t nruns, int16_t **pcm, size_t *samples)
{
    size_t per = (size_t)e->rate * NULL_MS_PER_CHAR / 1000, n = 0;
    *pcm = NULL;
    *samples = 0;
    for (size_t i = 0; i < nruns; i++)
        n += chars(run_text(&runs[i])) * per;
    if (e->interrupt && *e->interrupt)
        return BOYIN_EINTERRUPTED;
    if (!n)
        return BOYIN_OK;
    int16_t *x = malloc(n * sizeof *x);
    if (!x)
        return BOYIN_ENOMEM;
    for (size_t k = 0; k < n; k++)
        x[k] = (int16_t)(8000.0 * sin(2 * M_PI * NULL_TONE_HZ * (double)k / e->rate));
    for (size_t i = 0; i < nruns; i++)
        runs[i].samples = chars(run_text(&runs[i])) * per;
    *pcm = x;
    *samples = n;
    return BOYIN_OK;
}

static int null_phonemes(boyin_engine *e, boyin_run *runs, size_t nruns, char **out)
{
    (void)e;
    size_t len = 1;
    for (size_t i = 0; i < nruns; i++)
        len += strlen(run_text(&runs[i])) + 3;
    char *s = malloc(len), *w = s;
    if (!s)
        return BOYIN_ENOMEM;
    *w = '\0';
    for (size_t i = 0; i < nruns; i++)
        w += sprintf(w, "%s[%s]", i ? " " : "", run_text(&runs[i]));
    *out = s;
    return BOYIN_OK;
}

static char *null_voice_list(boyin_engine *e)
{
    (void)e;
    return strdup("null");
}

static void null_destroy(boyin_engine *e)
{
    free(e);
}

static const boyin_engine_ops NULL_OPS = {null_set_voice, null_synth, null_phonemes, null_voice_list, null_destroy,
                                         NULL};

int boyin_engine_create_null(int rate, boyin_engine **out)
{
    boyin_engine *e = calloc(1, sizeof *e);
    *out = e;
    if (!e)
        return BOYIN_ENOMEM;
    e->ops = &NULL_OPS;
    e->rate = rate;
    return BOYIN_OK;
}
