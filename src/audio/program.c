/* program.c - intro, speech with its bed, outro: one mastered stream. */
#include "program.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audiofile.h"
#include "boyin.h"
#include "grow.h"
#include "master.h"

#define SILENCE_BLOCK 4096
#define BED_FADE_OUT_MS 2000

struct boyin_program {
    boyin_program_config c;
    boyin_assembly as;
    boyin_emit_fn emit;
    void *ctx;
    boyin_master *chain; /* the speech */
    boyin_bed *bed;
    int started;         /* the intro went out */
    uint64_t at;         /* speech frames fed through boyin_program_chunk, input rate */
    float *fbuf;         /* a chunk's speech as float */
    size_t fcap;
    char error[600];
};

/* The live chain's limiter sits this far under the true-peak ceiling: its
 * gain comes from the voice, not from a measurement, so it leaves room. */
#define LIVE_CEILING_MARGIN_DB 0.5

boyin_program_config boyin_program_live(const boyin_format *fmt, int in_rate, double voice_lufs, double codec_db,
                                        const boyin_assembly *assembly)
{
    boyin_program_config c = {in_rate, fmt->rate, fmt->channels, 0, 1, assembly, -HUGE_VAL, 0};
    double speech = voice_lufs < 0 ? voice_lufs : -HUGE_VAL;
    if (fmt->normalize) {
        c.gain_db = fmt->loudness - voice_lufs - codec_db;
        c.ceiling_db = fmt->true_peak - LIVE_CEILING_MARGIN_DB;
        c.element_level = fmt->loudness;
    } else {
        c.element_level = speech;
    }
    return c;
}

int boyin_program_create(const boyin_program_config *c, boyin_emit_fn emit, void *ctx, boyin_program **out,
                         char *err, size_t errlen)
{
    boyin_program *p = calloc(1, sizeof *p);
    *out = p;
    if (!p)
        return BOYIN_ENOMEM;
    p->c = *c;
    if (c->assembly)
        p->as = *c->assembly;
    p->c.assembly = &p->as;
    p->emit = emit;
    p->ctx = ctx;
    int st = boyin_master_create(c->in_rate, c->out_rate, 1, c->channels, c->gain_db, c->ceiling_db, &p->chain);
    if (st == BOYIN_OK && p->as.bed[0]) {
        double gain = boyin_element_gain(p->as.bed_lufs, c->element_level) + c->element_delta;
        st = boyin_bed_create(p->as.bed, c->out_rate, c->channels, gain, p->as.duck_db, &p->bed, err, errlen);
        if (st == BOYIN_OK)
            boyin_master_set_mix(p->chain, boyin_bed_mix, p->bed);
        return st;
    }
    if (st)
        snprintf(err, errlen, "out of memory");
    return st;
}

int boyin_program_speech_span(boyin_program *p, uint64_t start, uint64_t end)
{
    return p->bed ? boyin_bed_speech(p->bed, start, end) : BOYIN_OK;
}

void boyin_program_bed_fade(boyin_program *p, uint64_t last_end, uint64_t end)
{
    uint64_t most = (uint64_t)BED_FADE_OUT_MS * (uint64_t)p->c.out_rate / 1000;
    uint64_t at = last_end, len = end > at ? end - at : 0;
    if (len > most) {
        at = end - most;
        len = most;
    }
    if (p->bed)
        boyin_bed_fade_out(p->bed, at, len);
}

static int element(boyin_program *p, const char *path, double lufs)
{
    double gain = boyin_element_gain(lufs, p->c.element_level) + p->c.element_delta;
    return boyin_element_play(path, p->c.out_rate, p->c.channels, gain, p->c.ceiling_db, p->emit, p->ctx, p->error,
                              sizeof p->error);
}

static int start(boyin_program *p)
{
    if (p->started)
        return BOYIN_OK;
    p->started = 1;
    return p->as.intro[0] ? element(p, p->as.intro, p->as.intro_lufs) : BOYIN_OK;
}

int boyin_program_feed(boyin_program *p, const float *x, size_t n)
{
    static const float SILENCE[SILENCE_BLOCK];
    int st = start(p);
    while (st == BOYIN_OK && n) {
        size_t k = x || n < SILENCE_BLOCK ? n : SILENCE_BLOCK;
        const float *y;
        size_t ny;
        st = boyin_master_process(p->chain, x ? x : SILENCE, k, &y, &ny);
        if (st == BOYIN_OK && ny)
            st = p->emit(p->ctx, y, ny);
        if (x)
            x += k;
        n -= k;
    }
    return st;
}

int boyin_program_finish(boyin_program *p)
{
    int st = start(p);
    const float *y;
    size_t ny;
    if (st == BOYIN_OK)
        st = boyin_master_process(p->chain, NULL, 0, &y, &ny);
    if (st == BOYIN_OK && ny)
        st = p->emit(p->ctx, y, ny);
    if (st == BOYIN_OK && p->as.outro[0])
        st = element(p, p->as.outro, p->as.outro_lufs);
    return st;
}

/* 16-bit speech (NULL: silence) into the chain. */
static int feed_pcm16(boyin_program *p, const int16_t *pcm, size_t n)
{
    if (pcm && boyin_grow(&p->fbuf, &p->fcap, n, sizeof *p->fbuf))
        return BOYIN_ENOMEM;
    for (size_t i = 0; pcm && i < n; i++)
        p->fbuf[i] = pcm[i] / 32768.0f;
    p->at += n;
    return boyin_program_feed(p, pcm ? p->fbuf : NULL, n);
}

int boyin_program_chunk(boyin_program *p, const boyin_chunk *c)
{
    uint64_t intro = p->as.intro_frames;
    int st = boyin_program_speech_span(p, c->out_start - intro, c->out_end - intro);
    if (st == BOYIN_OK)
        st = feed_pcm16(p, NULL, c->start - p->at);
    if (st == BOYIN_OK)
        st = feed_pcm16(p, c->pcm, c->samples);
    return st;
}

int boyin_program_end(boyin_program *p, uint64_t speech_frames, uint64_t last_end, uint64_t end)
{
    uint64_t intro = p->as.intro_frames;
    boyin_program_bed_fade(p, last_end - intro, end - intro);
    int st = feed_pcm16(p, NULL, speech_frames - p->at);
    return st ? st : boyin_program_finish(p);
}

uint64_t boyin_program_limited(const boyin_program *p)
{
    return p->chain ? boyin_master_limited(p->chain) : 0;
}

const char *boyin_program_error(const boyin_program *p)
{
    return p->error;
}

void boyin_program_destroy(boyin_program *p)
{
    if (!p)
        return;
    boyin_master_destroy(p->chain);
    boyin_bed_destroy(p->bed);
    free(p->fbuf);
    free(p);
}
