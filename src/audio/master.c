/* master.c - gain, peak limiter, resampling (libsoxr). */
#include "master.h"

#include <math.h>
#include <soxr.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "chunk.h"
#include "dynlib.h"
#include "grow.h"

/* libsoxr's functions, loaded with the first resampler (dynlib.h); it
 * brings in the OpenMP runtime. */
#define SOXR_FUNCTIONS(X) X(soxr_io_spec) X(soxr_quality_spec) X(soxr_create) X(soxr_process) X(soxr_delete)
static struct { SOXR_FUNCTIONS(BOYIN_DYNLIB_POINTER) } sx;
static const char *const SOXR_NAMES[] = {SOXR_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(sx, SOXR_NAMES);
static boyin_dynlib SOXR = {BOYIN_SOXR_SONAME, SOXR_NAMES, &sx, 0, ""};

/* ---- gain, limiter, resampler --------------------------------------------- */

/* Make *buf hold at least `need` floats. */
static int grow(float **buf, size_t *cap, size_t need)
{
    return boyin_grow(buf, cap, need, sizeof **buf) ? BOYIN_ENOMEM : BOYIN_OK;
}

/*
 * Channels: a stereo input going out mono is mixed down before the gain; a
 * mono input going out stereo is resampled as mono and then copied to both
 * channels, before the mix hook, so a stereo bed can be added.
 *
 * The limiter works at the output rate, after resampling, and looks D
 * frames ahead: each frame's required gain (ceiling over its largest
 * channel peak, at most 1; the channels share one gain, so the stereo image
 * does not move) goes through a sliding minimum over 2D + 1 frames and then
 * a moving average over D + 1 frames, so the gain is already down when a
 * peak arrives and never moves in a step.  Output is delayed by D frames,
 * which the chain takes back, so frame k out is frame k in.
 */
struct boyin_master {
    int in_rate, out_rate;
    int in_ch, out_ch, rch; /* channels in, out, and through the resampler */
    float gain, ceiling; /* linear; ceiling <= 0: no limiter */
    size_t d;            /* lookahead in frames */
    float *delay;        /* the last d + 1 gained frames, ring (out_ch values each) */
    uint64_t *dq_idx;    /* sliding minimum: a ring deque of frames ... */
    float *dq_val;       /* ... and their required gains, rising */
    size_t dq_head, dq_len;
    float *mins;         /* the last d + 1 sliding minimums, ring (start at 1) */
    double min_sum;
    size_t pw, pd;       /* ring positions */
    uint64_t in_count;   /* frames that entered the limiter */
    uint64_t limited;
    float *lim_out;      /* gained frames for one call (rch values each) */
    size_t lim_cap;      /* in floats, as every cap below */
    soxr_t soxr;
    float *out;          /* resampled frames (rch values each) */
    size_t out_cap;
    float *up;           /* mono copied to stereo */
    size_t up_cap;
    uint64_t total_in, total_resampled;
    int ended;
    boyin_master_mix_fn mix;
    void *mix_ctx;
    uint64_t mix_pos;
};


int boyin_master_create(int in_rate, int out_rate, int in_channels, int out_channels, double gain_db,
                        double ceiling_db, boyin_master **out)
{
    *out = NULL;
    if (in_channels < 1 || in_channels > 2 || out_channels < 1 || out_channels > 2)
        return BOYIN_EINVAL;
    boyin_master *m = calloc(1, sizeof *m);
    if (!m)
        return BOYIN_ENOMEM;
    m->in_rate = in_rate;
    m->out_rate = out_rate;
    m->in_ch = in_channels;
    m->out_ch = out_channels;
    m->rch = in_channels == 2 && out_channels == 2 ? 2 : 1;
    m->gain = (float)pow(10, gain_db / 20);
    m->ceiling = ceiling_db < 0 ? (float)pow(10, ceiling_db / 20) : 0;
    m->d = m->ceiling > 0 ? (size_t)lround(0.005 * out_rate) : 0;
    size_t w = 2 * m->d + 1;
    m->delay = calloc((m->d + 1) * (size_t)out_channels, sizeof *m->delay);
    m->dq_idx = calloc(w, sizeof *m->dq_idx);
    m->dq_val = calloc(w, sizeof *m->dq_val);
    m->mins = calloc(m->d + 1, sizeof *m->mins);
    int ok = m->delay && m->dq_idx && m->dq_val && m->mins;
    for (size_t i = 0; ok && i <= m->d; i++)
        m->mins[i] = 1.0f;
    m->min_sum = (double)(m->d + 1);
    int st = ok && in_rate != out_rate ? boyin_dynlib_load(&SOXR, NULL, 0) : BOYIN_OK;
    ok = ok && st == BOYIN_OK;
    if (ok && in_rate != out_rate) {
        soxr_io_spec_t io = sx.soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        soxr_quality_spec_t q = sx.soxr_quality_spec(SOXR_HQ, 0);
        soxr_error_t e = NULL;
        m->soxr = sx.soxr_create(in_rate, out_rate, (unsigned)m->rch, &e, &io, &q, NULL);
        ok = !e && m->soxr;
    }
    if (!ok) {
        boyin_master_destroy(m);
        return st ? st : BOYIN_ENOMEM;
    }
    *out = m;
    return BOYIN_OK;
}

void boyin_master_destroy(boyin_master *m)
{
    if (!m)
        return;
    if (m->soxr)
        sx.soxr_delete(m->soxr);
    free(m->delay);
    free(m->dq_idx);
    free(m->dq_val);
    free(m->mins);
    free(m->lim_out);
    free(m->out);
    free(m->up);
    free(m);
}

void boyin_master_set_mix(boyin_master *m, boyin_master_mix_fn fn, void *ctx)
{
    m->mix = fn;
    m->mix_ctx = ctx;
}

uint64_t boyin_master_limited(const boyin_master *m)
{
    return m->limited;
}

/* One gained frame (out_ch values; NULL: silence) into the limiter; writes
 * a frame out once the lookahead is full.  Returns 1 when a frame was
 * written to y. */
static int limit_one(boyin_master *m, const float *x, float *y)
{
    size_t d = m->d, w = 2 * d + 1, ch = (size_t)m->out_ch;
    uint64_t i = m->in_count++;
    float a = 0;
    size_t pw = m->pw, pd = m->pd; /* i mod w, i mod (d + 1) */
    for (size_t c = 0; c < ch; c++) {
        float v = x ? x[c] : 0.0f;
        m->delay[pd * ch + c] = v;
        if (fabsf(v) > a)
            a = fabsf(v);
    }
    float r = a > m->ceiling ? m->ceiling / a : 1.0f;
    m->pw = pw + 1 == w ? 0 : pw + 1;
    m->pd = pd + 1 == d + 1 ? 0 : pd + 1;
    /* sliding minimum over the last 2d + 1 required gains: a deque of
     * (frame, gain) with rising gains; the expired front goes first, so a
     * full deque always has room */
    if (m->dq_len && m->dq_idx[m->dq_head] + w <= i) {
        m->dq_head = m->dq_head + 1 == w ? 0 : m->dq_head + 1;
        m->dq_len--;
    }
    while (m->dq_len) {
        size_t last = m->dq_head + m->dq_len - 1;
        if (last >= w)
            last -= w;
        if (m->dq_val[last] < r)
            break;
        m->dq_len--;
    }
    size_t at = m->dq_head + m->dq_len;
    if (at >= w)
        at -= w;
    m->dq_idx[at] = i;
    m->dq_val[at] = r;
    m->dq_len++;
    if (i < d)
        return 0;
    /* frame k = i - d (it sits at pd + 1 in the delay ring): the minimum
     * over [k - d, k + d], averaged over the last d + 1 frames */
    size_t pk = pd + 1 == d + 1 ? 0 : pd + 1;
    float mn = m->dq_val[m->dq_head];
    if (i == d) { /* the first frame out: its window covers frames 0..2d, so the
                   * average starts there, not at unity (a peak at the very
                   * start is limited too) */
        for (size_t k = 0; k <= d; k++)
            m->mins[k] = mn;
        m->min_sum = (double)mn * (double)(d + 1);
    }
    m->min_sum += mn - m->mins[pk];
    m->mins[pk] = mn;
    double g = m->min_sum / (double)(d + 1);
    if (g > 1)
        g = 1;
    if (g < 1)
        m->limited++;
    for (size_t c = 0; c < ch; c++)
        y[c] = (float)(m->delay[pk * ch + c] * g);
    return 1;
}

/* Resample the k frames of m->lim_out into m->out; at the end, flush and
 * make the total exact.  Sets *got (frames). */
static int resample(boyin_master *m, size_t k, int end, size_t *got)
{
    size_t ch = (size_t)m->rch, used = 0, done_out = 0;
    while (used < k) {
        size_t done_in = 0, n = 0;
        if (grow(&m->out, &m->out_cap, (done_out + 4096) * ch))
            return BOYIN_ENOMEM;
        soxr_error_t e = sx.soxr_process(m->soxr, m->lim_out + used * ch, k - used, &done_in, m->out + done_out * ch,
                                      m->out_cap / ch - done_out, &n);
        if (e)
            return BOYIN_ENOMEM;
        used += done_in;
        done_out += n;
    }
    if (end) {
        uint64_t exact = boyin_frames_map(m->total_in, m->in_rate, m->out_rate);
        for (;;) {
            size_t n = 0;
            if (grow(&m->out, &m->out_cap, (done_out + 4096) * ch))
                return BOYIN_ENOMEM;
            if (sx.soxr_process(m->soxr, NULL, 0, NULL, m->out + done_out * ch, m->out_cap / ch - done_out, &n))
                return BOYIN_ENOMEM;
            done_out += n;
            if (n == 0)
                break;
        }
        uint64_t have = m->total_resampled + done_out;
        if (have > exact) {
            done_out -= (size_t)(have - exact);
        } else if (have < exact) {
            size_t pad = (size_t)(exact - have);
            if (grow(&m->out, &m->out_cap, (done_out + pad) * ch))
                return BOYIN_ENOMEM;
            memset(m->out + done_out * ch, 0, pad * ch * sizeof *m->out);
            done_out += pad;
        }
    }
    m->total_resampled += done_out;
    *got = done_out;
    return BOYIN_OK;
}

int boyin_master_process(boyin_master *m, const float *in, size_t n, const float **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (m->ended)
        return BOYIN_OK;
    int end = in == NULL;
    size_t rch = (size_t)m->rch, och = (size_t)m->out_ch;
    /* gain (a stereo input going out mono is mixed down here) */
    if (grow(&m->lim_out, &m->lim_cap, (n + 1) * rch))
        return BOYIN_ENOMEM;
    if (m->in_ch == 2 && rch == 1)
        for (size_t i = 0; i < n; i++)
            m->lim_out[i] = (in[2 * i] + in[2 * i + 1]) * 0.5f * m->gain;
    else
        for (size_t i = 0; i < n * rch; i++)
            m->lim_out[i] = in[i] * m->gain;
    m->total_in += n;
    /* resample (at the output rate from here on) */
    float **owner = &m->lim_out;
    size_t *cap = &m->lim_cap;
    size_t rn = n;
    if (m->soxr) {
        int st = resample(m, n, end, &rn);
        if (st)
            return st;
        owner = &m->out;
        cap = &m->out_cap;
    }
    m->ended = end;
    if (och == 2 && rch == 1) { /* mono out to both channels */
        if (grow(&m->up, &m->up_cap, (rn + 1) * 2))
            return BOYIN_ENOMEM;
        for (size_t i = 0; i < rn; i++)
            m->up[2 * i] = m->up[2 * i + 1] = (*owner)[i];
        owner = &m->up;
        cap = &m->up_cap;
    }
    if (m->mix && rn) {
        m->mix(m->mix_ctx, m->mix_pos, *owner, rn);
        m->mix_pos += rn;
    }
    if (m->ceiling <= 0) {
        *out = *owner;
        *nout = rn;
        return BOYIN_OK;
    }
    /* limit, in place: the limiter's output never runs ahead of its input */
    size_t tail = end ? m->d : 0;
    if (grow(owner, cap, (rn + tail + 1) * och))
        return BOYIN_ENOMEM;
    float *buf = *owner;
    size_t k = 0;
    for (size_t i = 0; i < rn + tail; i++)
        k += (size_t)limit_one(m, i < rn ? buf + i * och : NULL, buf + k * och);
    *out = buf;
    *nout = k;
    return BOYIN_OK;
}
