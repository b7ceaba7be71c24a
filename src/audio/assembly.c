/* assembly.c - intro, outro and the music bed. */
#include "assembly.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audiofile.h"
#include "boyin.h"
#include "grow.h"
#include "master.h"
#include "meter.h"

#define BLOCK 65536
#define BED_LEAD_MS 250   /* the bed goes down this long before speech */
#define BED_HOLD_MS 600   /* and stays down this long after it */
#define BED_ATTACK_MS 50
#define BED_RELEASE_MS 400
#define BED_FADE_IN_MS 1000

/* The channels an element is read with: stereo stays stereo when the
 * bulletin is stereo; anything else is mixed to mono. */
static int element_channels(int file_channels, int out_channels)
{
    return file_channels == 2 && out_channels == 2 ? 2 : 1;
}

double boyin_element_gain(double lufs, double level)
{
    return isfinite(lufs) && isfinite(level) ? level - lufs : 0;
}

/* An element's file with buffers for boyin_audiofile_read; on failure a
 * message and nothing to free. */
static int element_open(const char *path, boyin_audiofile **f, int *rate, int *channels, float **frames, float **tmp,
                        char *err, size_t errlen)
{
    *f = boyin_audiofile_open(path, rate, channels, NULL);
    if (!*f) {
        snprintf(err, errlen, "%.400s: cannot read: %s", path, boyin_audiofile_error(NULL));
        return BOYIN_EINPUT;
    }
    *frames = malloc(BLOCK * 2 * sizeof **frames);
    *tmp = malloc(BLOCK * (size_t)*channels * sizeof **tmp);
    if (*frames && *tmp)
        return BOYIN_OK;
    free(*frames);
    free(*tmp);
    boyin_audiofile_close(*f);
    snprintf(err, errlen, "out of memory reading %.400s", path);
    return BOYIN_ENOMEM;
}

int boyin_element_loudness(const char *path, int channels, double *lufs, int *stereo, char *err, size_t errlen)
{
    boyin_audiofile *f;
    int rate, fch;
    float *frames, *tmp;
    int st = element_open(path, &f, &rate, &fch, &frames, &tmp, err, errlen);
    if (st)
        return st;
    int ch = element_channels(fch, channels);
    *stereo |= ch == 2;
    boyin_meter *m = NULL;
    st = boyin_meter_create(rate, ch, BOYIN_METER_LOUDNESS, &m);
    size_t got;
    while (st == BOYIN_OK && (got = boyin_audiofile_read(f, ch, frames, tmp, BLOCK)) > 0)
        st = boyin_meter_add(m, frames, got);
    boyin_loudness l;
    if (st == BOYIN_OK)
        st = boyin_meter_result(m, &l);
    *lufs = st == BOYIN_OK ? l.integrated : -HUGE_VAL;
    if (st)
        snprintf(err, errlen, "out of memory measuring %.400s", path);
    boyin_meter_destroy(m);
    free(frames);
    free(tmp);
    boyin_audiofile_close(f);
    return st;
}

int boyin_element_play(const char *path, int rate, int channels, double gain_db, double ceiling_db, boyin_emit_fn emit,
                       void *ctx, char *err, size_t errlen)
{
    boyin_audiofile *f;
    int frate, fch;
    float *frames, *tmp;
    int st = element_open(path, &f, &frate, &fch, &frames, &tmp, err, errlen);
    if (st)
        return st;
    boyin_master *m = NULL;
    int ch = element_channels(fch, channels);
    st = boyin_master_create(frate, rate, ch, channels, gain_db, ceiling_db, &m);
    for (int done = 0; st == BOYIN_OK && !done;) {
        size_t got = boyin_audiofile_read(f, ch, frames, tmp, BLOCK);
        const float *y;
        size_t ny;
        done = got == 0;
        st = boyin_master_process(m, done ? NULL : frames, got, &y, &ny);
        if (st == BOYIN_OK)
            st = emit(ctx, y, ny);
    }
    boyin_master_destroy(m);
    free(frames);
    free(tmp);
    boyin_audiofile_close(f);
    return st;
}

struct boyin_bed {
    boyin_audiofile *f;
    int file_channels, rate, channels;
    uint64_t file_frames; /* as its header says */
    boyin_master *m;     /* the bed's own chain: gain, resampling */
    float *in;           /* BLOCK frames of 2 channels, then BLOCK of the file's */
    float *ring;         /* resampled frames waiting to be mixed (ring_cap: values) */
    size_t ring_cap, have, off;
    double duck, env;    /* the ducked gain; the gain now */
    uint64_t (*spans)[2];
    size_t nspans, capspans, span; /* the next span that can still duck */
    uint64_t fade_at, fade_len;
};

int boyin_bed_create(const char *path, int rate, int channels, double gain_db, double duck_db, boyin_bed **out,
                     char *err, size_t errlen)
{
    boyin_bed *b = calloc(1, sizeof *b);
    *out = b;
    if (!b)
        return BOYIN_ENOMEM;
    int frate;
    b->f = boyin_audiofile_open(path, &frate, &b->file_channels, &b->file_frames);
    if (!b->f) {
        snprintf(err, errlen, "%.400s: cannot read: %s", path, boyin_audiofile_error(NULL));
        return BOYIN_EINPUT;
    }
    b->rate = rate;
    b->channels = channels;
    b->in = malloc(BLOCK * ((size_t)b->file_channels + 2) * sizeof *b->in);
    b->duck = pow(10, -duck_db / 20);
    b->env = b->duck; /* speech comes first: start ducked */
    b->fade_at = UINT64_MAX;
    if (!b->in)
        return BOYIN_ENOMEM;
    return boyin_master_create(frate, rate, element_channels(b->file_channels, channels), channels, gain_db, 1, &b->m);
}

void boyin_bed_destroy(boyin_bed *b)
{
    if (!b)
        return;
    boyin_audiofile_close(b->f);
    boyin_master_destroy(b->m);
    free(b->in);
    free(b->ring);
    free(b->spans);
    free(b);
}

int boyin_bed_speech(boyin_bed *b, uint64_t start, uint64_t end)
{
    if (boyin_grow(&b->spans, &b->capspans, b->nspans + 1, sizeof *b->spans))
        return BOYIN_ENOMEM;
    b->spans[b->nspans][0] = start;
    b->spans[b->nspans][1] = end;
    b->nspans++;
    return BOYIN_OK;
}

void boyin_bed_fade_out(boyin_bed *b, uint64_t at, uint64_t len)
{
    b->fade_at = at;
    b->fade_len = len;
}

/* More bed frames at the output rate (and channels) into the ring (the
 * file loops). */
static int refill(boyin_bed *b, size_t need)
{
    size_t ch = (size_t)b->channels;
    while (b->have - b->off < need) {
        if (b->off > 0) { /* move what is left to the front */
            memmove(b->ring, b->ring + b->off * ch, (b->have - b->off) * ch * sizeof *b->ring);
            b->have -= b->off;
            b->off = 0;
        }
        float *frames = b->in, *tmp = b->in + 2 * BLOCK;
        size_t got = boyin_audiofile_read(b->f, element_channels(b->file_channels, b->channels), frames, tmp, BLOCK);
        if (got == 0) { /* loop; an empty file would loop for ever */
            if (boyin_audiofile_rewind(b->f) < 0 || b->file_frames == 0)
                return -1;
            continue;
        }
        const float *y;
        size_t ny;
        if (boyin_master_process(b->m, frames, got, &y, &ny))
            return -1;
        if (boyin_grow(&b->ring, &b->ring_cap, (b->have + ny) * ch, sizeof *b->ring)) /* cap in values */
            return -1;
        if (ny) /* the resampler's first blocks can give nothing (ring still NULL) */
            memcpy(b->ring + b->have * ch, y, ny * ch * sizeof *y);
        b->have += ny;
    }
    return 0;
}

void boyin_bed_mix(void *ctx, uint64_t pos, float *x, size_t n)
{
    boyin_bed *b = ctx;
    int rate = b->rate;
    size_t ch = (size_t)b->channels;
    if (refill(b, n))
        return;
    double attack = 1 - exp(-1.0 / (BED_ATTACK_MS / 1000.0 * rate));
    double release = 1 - exp(-1.0 / (BED_RELEASE_MS / 1000.0 * rate));
    uint64_t lead = (uint64_t)BED_LEAD_MS * (uint64_t)rate / 1000, hold = (uint64_t)BED_HOLD_MS * (uint64_t)rate / 1000;
    uint64_t fade_in = (uint64_t)BED_FADE_IN_MS * (uint64_t)rate / 1000;
    for (size_t i = 0; i < n; i++) {
        uint64_t p = pos + i;
        while (b->span < b->nspans && b->spans[b->span][1] + hold < p)
            b->span++;
        int speech = b->span < b->nspans && p + lead >= b->spans[b->span][0];
        double target = speech ? b->duck : 1.0;
        b->env += (target - b->env) * (target < b->env ? attack : release);
        double fade = p < fade_in ? (double)p / (double)fade_in : 1.0;
        if (p >= b->fade_at) {
            double left = b->fade_len ? 1.0 - (double)(p - b->fade_at) / (double)b->fade_len : 0;
            fade *= left > 0 ? left : 0;
        }
        for (size_t c = 0; c < ch; c++)
            x[i * ch + c] += (float)(b->ring[(b->off + i) * ch + c] * b->env * fade);
    }
    b->off += n;
}
