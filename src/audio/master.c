/* master.c - loudness (libebur128), gain, peak limiter, resampling (libsoxr). */
#include "master.h"

#include <ebur128.h>
#include <math.h>
#include <soxr.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "chunk.h"
#include "dynlib.h"
#include "grow.h"

/* libebur128's and libsoxr's functions, loaded with the first meter or
 * resampler (dynlib.h); libsoxr brings in the OpenMP runtime. */
#define EBUR128_FUNCTIONS(X)                                                                                         \
    X(ebur128_init) X(ebur128_destroy) X(ebur128_set_channel) X(ebur128_add_frames_float)                          \
    X(ebur128_loudness_momentary) X(ebur128_loudness_shortterm) X(ebur128_loudness_global) X(ebur128_loudness_range)
static struct { EBUR128_FUNCTIONS(BOYIN_DYNLIB_POINTER) } eb;
static const char *const EBUR128_NAMES[] = {EBUR128_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(eb, EBUR128_NAMES);
static boyin_dynlib EBUR128 = {BOYIN_EBUR128_SONAME, EBUR128_NAMES, &eb, 0, ""};

#define SOXR_FUNCTIONS(X) X(soxr_io_spec) X(soxr_quality_spec) X(soxr_create) X(soxr_process) X(soxr_delete)
static struct { SOXR_FUNCTIONS(BOYIN_DYNLIB_POINTER) } sx;
static const char *const SOXR_NAMES[] = {SOXR_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(sx, SOXR_NAMES);
static boyin_dynlib SOXR = {BOYIN_SOXR_SONAME, SOXR_NAMES, &sx, 0, ""};

/* ---- the meter ------------------------------------------------------------ */

/*
 * Integrated loudness and loudness range come from libebur128.  The true
 * peak is boyin's own: libebur128's oversamples every frame and would cost
 * more than the rest of mastering together.  Here only around a local
 * maximum of |x| at least half the largest value so far (where a peak
 * between samples can be) are the intervals on both sides interpolated at
 * 1/4, 1/2 and 3/4, with a 12-tap Hann-windowed sinc: the 4x oversampling of ITU-R
 * BS.1770-4 Annex 2, only where it can matter.  Tests compare it with
 * libebur128's.
 */
#define TP_TAPS 12 /* per phase: 48 taps in all, as libebur128 and BS.1770 */
#define TP_HALF (TP_TAPS / 2)

struct boyin_meter {
    ebur128_state *st;
    int channels;
    int any; /* frames were added */
    float coef[3][TP_TAPS]; /* phases 1/4, 1/2, 3/4: weights of x[n - 5 .. n + 6] */
    float *work;            /* per channel: TP_TAPS history + the new frames + TP_TAPS */
    size_t work_cap;
    float *hist;            /* per channel: the last TP_TAPS frames */
    size_t pending;         /* frames at the end of hist not yet checked (<= TP_HALF) */
    double peak;            /* largest |value| so far, linear */
    size_t hop, to_hop;     /* RANGE: frames per 100 ms, and left until the next reading */
    uint64_t fed;           /* frames added */
    double max_m, max_s;    /* the largest momentary and short-term loudness read */
};

static void tp_init(boyin_meter *m)
{
    for (int ph = 0; ph < 3; ph++) {
        double f = (ph + 1) / 4.0; /* position between x[n] and x[n + 1] */
        for (int k = 0; k < TP_TAPS; k++) {
            double t = (k - (TP_HALF - 1)) - f; /* tap k is x[n - 5 + k] */
            double sinc = fabs(t) < 1e-12 ? 1.0 : sin(M_PI * t) / (M_PI * t);
            double w = 0.5 + 0.5 * cos(M_PI * t / (TP_HALF + 0.125));
            m->coef[ph][k] = (float)(sinc * w);
        }
    }
}

/* Check the frames x[lo .. hi) of one channel's contiguous buffer x (which
 * has TP_HALF - 1 frames of history before lo and TP_HALF after hi - 1). */
static void tp_scan(boyin_meter *m, const float *x, size_t lo, size_t hi)
{
    for (size_t n = lo; n < hi; n++) {
        float a = fabsf(x[n]);
        if (a > m->peak)
            m->peak = a;
        /* A peak between samples sits beside a local maximum of |x|, and
         * one 6 dB under the peak so far cannot hold the peak. */
        if (a < 0.5 * m->peak || a < fabsf(x[n - 1]) || a < fabsf(x[n + 1]))
            continue;
        for (size_t at = n - 1; at <= n; at++) { /* the intervals on both sides */
            const float *base = x + at - (TP_HALF - 1);
            for (int ph = 0; ph < 3; ph++) {
                float v = 0;
                for (int k = 0; k < TP_TAPS; k++)
                    v += base[k] * m->coef[ph][k];
                if (fabsf(v) > m->peak)
                    m->peak = fabsf(v);
            }
        }
    }
}

int boyin_meter_create(int rate, int channels, int what, boyin_meter **out)
{
    *out = NULL;
    boyin_meter *m = calloc(1, sizeof *m);
    if (!m)
        return BOYIN_ENOMEM;
    m->channels = channels;
    m->hist = calloc((size_t)channels * TP_TAPS, sizeof *m->hist);
    int st = what == BOYIN_METER_PEAK ? BOYIN_OK : boyin_dynlib_load(&EBUR128, NULL, 0);
    if (what != BOYIN_METER_PEAK && st == BOYIN_OK)
        m->st = eb.ebur128_init((unsigned)channels, (unsigned long)rate,
                             EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM |
                                 (what == BOYIN_METER_RANGE ? EBUR128_MODE_LRA : 0));
    if ((what != BOYIN_METER_PEAK && !m->st) || !m->hist) {
        boyin_meter_destroy(m);
        return st ? st : BOYIN_ENOMEM;
    }
    if (channels == 1 && m->st)
        eb.ebur128_set_channel(m->st, 0, EBUR128_DUAL_MONO);
    m->max_m = m->max_s = -HUGE_VAL;
    if (what == BOYIN_METER_RANGE)
        m->hop = m->to_hop = (size_t)rate / 10;
    tp_init(m);
    *out = m;
    return BOYIN_OK;
}

/* Make *buf hold at least `need` floats. */
static int grow(float **buf, size_t *cap, size_t need)
{
    return boyin_grow(buf, cap, need, sizeof **buf) ? BOYIN_ENOMEM : BOYIN_OK;
}

/* The true peak of n more frames (n == 0 with end: the frames held back). */
static int tp_add(boyin_meter *m, const float *frames, size_t n, int end)
{
    if (grow(&m->work, &m->work_cap, TP_TAPS + n + TP_TAPS))
        return BOYIN_ENOMEM;
    for (int c = 0; c < m->channels; c++) {
        float *w = m->work, *h = m->hist + (size_t)c * TP_TAPS;
        memcpy(w, h, TP_TAPS * sizeof *w);
        for (size_t i = 0; i < n; i++)
            w[TP_TAPS + i] = frames[i * (size_t)m->channels + (size_t)c];
        size_t len = TP_TAPS + n;
        if (end) {
            memset(w + len, 0, TP_TAPS * sizeof *w);
            len += TP_TAPS;
        }
        /* frames still to check: the pending ones at the end of hist, then the new */
        size_t lo = TP_TAPS - m->pending, hi = len > TP_HALF ? len - TP_HALF : 0;
        if (end)
            hi = TP_TAPS + n;
        if (hi > lo)
            tp_scan(m, w, lo, hi);
        if (!end)
            memcpy(h, w + (TP_TAPS + n) - TP_TAPS, TP_TAPS * sizeof *w);
    }
    if (!end)
        m->pending = n + m->pending < TP_HALF ? n + m->pending : TP_HALF;
    return BOYIN_OK;
}

int boyin_meter_add(boyin_meter *m, const float *frames, size_t n)
{
    if (n == 0)
        return BOYIN_OK;
    m->any = 1;
    if (m->st && !m->hop && eb.ebur128_add_frames_float(m->st, frames, n) != EBUR128_SUCCESS)
        return BOYIN_ENOMEM;
    /* With the range: the momentary (400 ms) and short-term (3 s) loudness
     * read every 100 ms, as EBU Tech 3341 meters show them. */
    for (size_t at = 0; m->hop && at < n;) {
        size_t k = n - at < m->to_hop ? n - at : m->to_hop;
        if (eb.ebur128_add_frames_float(m->st, frames + at * (size_t)m->channels, k) != EBUR128_SUCCESS)
            return BOYIN_ENOMEM;
        at += k;
        m->fed += k;
        m->to_hop -= k;
        if (m->to_hop)
            continue;
        m->to_hop = m->hop;
        double v;
        if (m->fed >= 4 * m->hop && eb.ebur128_loudness_momentary(m->st, &v) == EBUR128_SUCCESS && v > m->max_m)
            m->max_m = v;
        if (m->fed >= 30 * m->hop && eb.ebur128_loudness_shortterm(m->st, &v) == EBUR128_SUCCESS && v > m->max_s)
            m->max_s = v;
    }
    return tp_add(m, frames, n, 0);
}

int boyin_meter_result(boyin_meter *m, boyin_loudness *out)
{
    out->integrated = out->true_peak = -HUGE_VAL;
    out->range = 0;
    out->max_momentary = m->max_m;
    out->max_short_term = m->max_s;
    if (!m->any)
        return BOYIN_OK;
    double v;
    if (m->st && eb.ebur128_loudness_global(m->st, &v) == EBUR128_SUCCESS)
        out->integrated = v;
    if (m->st && eb.ebur128_loudness_range(m->st, &v) == EBUR128_SUCCESS) /* when measured */
        out->range = v;
    if (m->pending) {
        int st = tp_add(m, NULL, 0, 1);
        if (st)
            return st;
        m->pending = 0;
    }
    out->true_peak = m->peak > 0 ? 20 * log10(m->peak) : -HUGE_VAL;
    return BOYIN_OK;
}

void boyin_meter_destroy(boyin_meter *m)
{
    if (!m)
        return;
    if (m->st)
        eb.ebur128_destroy(&m->st);
    free(m->work);
    free(m->hist);
    free(m);
}

/* ---- gain, limiter, resampler --------------------------------------------- */

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
