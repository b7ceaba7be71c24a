/* meter.c - loudness per BS.1770-4 / EBU R128 and the true peak, boyin's own. */
#include "meter.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "grow.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ---- K-weighting ----------------------------------------------------------- */

/*
 * The two filters of BS.1770-4, a high shelf and then the RLB high-pass,
 * with coefficients for any rate from their analogue prototypes, derived as
 * libebur128 derives them.
 *
 * A sample's output depends on the one before through a multiply and an
 * add, so a filter run sample by sample waits on that chain (about 2.5 ns a
 * sample here).  The filters run instead on blocks of 4 frames in
 * state-space form: each of a block's 4 outputs is a fixed weighted sum of
 * the block's inputs and the state before it, with the weights worked out
 * once, in double, by running the recursion on unit inputs; the 4 outputs
 * are one vector, and the chain is waited on once a block.  The high-pass's
 * numerator, (1 - 1/z)^2, is taken exactly before its poles rather than
 * folded into the weights: rounded weights would leave it some response at
 * DC, and tones under 40 Hz would read up to 0.06 dB off.  Float is enough
 * then: within 0.003 dB of the double recursion from 20 Hz up.
 *
 * Blocks sit on a grid from frame 0 (frames short of a block wait for the
 * next call), so the figures do not depend on how the audio came in.
 */
#define KW_BLOCK 4

typedef float v4f __attribute__((vector_size(16)));
typedef int v4i __attribute__((vector_size(16)));
/* lanes of (a, b) from lane `i` on: (a3 b0 b1 b2) for 3, (a2 a3 b0 b1) for 2 */
#ifdef __clang__
#define SHIFT3(a, b) __builtin_shufflevector(a, b, 3, 4, 5, 6)
#define SHIFT2(a, b) __builtin_shufflevector(a, b, 2, 3, 4, 5)
#else
#define SHIFT3(a, b) __builtin_shuffle(a, b, (v4i){3, 4, 5, 6})
#define SHIFT2(a, b) __builtin_shuffle(a, b, (v4i){2, 3, 4, 5})
#endif

/* Silence: once every filter's state is under QUIET_EPS (checked every
 * QUIET_GRID frames, on the grid from frame 0) it is set to exactly zero,
 * and from then on frames of exact zeros are skipped: a zero state fed
 * zeros stays zero and adds nothing, so skipping them is exact.  What
 * setting it to zero drops is a tail at least 130 dB under full scale (the
 * high-pass's poles lift a state of the worst signs by up to 50 dB on the
 * way out, at 48 kHz). */
#define QUIET_GRID 256
#define QUIET_EPS 1e-9f

#define KW_MAX 6 /* channels libebur128 gives a weight by default (L R C LFE Ls Rs) */
#define BINS 1000 /* 0.1 LU bins from -70 LUFS up, as libebur128's histogram */

typedef struct {
    float x1, x2; /* the last two inputs */
    float y1, y2; /* the last two outputs of the shelf */
    float z1, z2; /* the last two outputs */
    float ev[4];  /* energy of the current 100 ms so far, by lane of the blocks */
} kchan;

/* Everything the loudness figures come from; plain data, so that
 * boyin_meter_result can finish a copy.  Counts of blocks per bin add up:
 * two meters' could be pooled as libebur128's *_multiple functions do. */
typedef struct {
    kchan ch[KW_MAX];
    uint64_t pos;        /* frames K-weighted, a multiple of KW_BLOCK */
    uint64_t sub_end;    /* where the current 100 ms sub-block ends */
    uint64_t subs;       /* sub-blocks done */
    int quiet;           /* every state is exactly zero */
    double ring[30];     /* weighted energy of the last 30 sub-blocks, at subs % 30 */
    double max_m, max_s; /* the largest 400 ms and 3 s mean energy read */
    uint64_t gate[BINS]; /* 400 ms blocks above -70 LUFS, every 100 ms */
    uint64_t st[BINS];   /* 3 s blocks above -70 LUFS, every second (loudness range) */
} kgate;

/* ---- the true peak --------------------------------------------------------- */

/*
 * libebur128's true peak oversamples every frame and would cost more than
 * the rest of mastering together.  Here only around a local maximum of |x|
 * at least half the largest value so far (where a peak between samples can
 * be) are the intervals on both sides interpolated at 1/4, 1/2 and 3/4,
 * with a 12-tap Hann-windowed sinc: the 4x oversampling of ITU-R BS.1770-4
 * Annex 2, only where it can matter.  Tests compare it with libebur128's.
 */
#define TP_TAPS 12 /* per phase: 48 taps in all, as libebur128 and BS.1770 */
#define TP_HALF (TP_TAPS / 2)

struct boyin_meter {
    int channels, what;
    int any; /* frames were added */
    /* loudness (not for BOYIN_METER_PEAK) */
    size_t s100;               /* frames per 100 ms, (rate + 5) / 10 as libebur128 */
    int nk;                    /* channels K-weighted */
    int kidx[KW_MAX];          /* ... which they are */
    double kweight[KW_MAX];    /* ... and their weights */
    float shelf[8][4];         /* block weights of x[0..3], x[-1], x[-2], y[-1], y[-2] */
    float pole[6][4];          /* block weights of u[0..3], z[-1], z[-2] */
    double floor0;             /* the energy of -70 LUFS, the absolute gate */
    float *pend;               /* frames waiting for a whole block */
    size_t npend;
    kgate *g;
    /* the true peak */
    float coef[3][TP_TAPS]; /* phases 1/4, 1/2, 3/4: weights of x[n - 5 .. n + 6] */
    float *work;            /* per channel: TP_TAPS history + the new frames + TP_TAPS */
    size_t work_cap;
    float *hist;            /* per channel: the last TP_TAPS frames */
    size_t pending;         /* frames at the end of hist not yet checked (<= TP_HALF) */
    double peak;            /* largest |value| so far, linear */
};

/* The shelf (b0 b1 b2 a1 a2) and the high-pass's poles (a1 a2) at `rate`;
 * the high-pass's numerator is 1 -2 1.  As libebur128 1.2.6. */
static void kw_filters(int rate, double shelf[5], double hp[2])
{
    double f0 = 1681.974450955533, G = 3.999843853973347, Q = 0.7071752369554196;
    double K = tan(M_PI * f0 / (double)rate);
    double Vh = pow(10.0, G / 20.0), Vb = pow(Vh, 0.4996667741545416);
    double a0 = 1.0 + K / Q + K * K;
    shelf[0] = (Vh + Vb * K / Q + K * K) / a0;
    shelf[1] = 2.0 * (K * K - Vh) / a0;
    shelf[2] = (Vh - Vb * K / Q + K * K) / a0;
    shelf[3] = 2.0 * (K * K - 1.0) / a0;
    shelf[4] = (1.0 - K / Q + K * K) / a0;
    f0 = 38.13547087602444;
    Q = 0.5003270373238773;
    K = tan(M_PI * f0 / (double)rate);
    hp[0] = 2.0 * (K * K - 1.0) / (1.0 + K / Q + K * K);
    hp[1] = (1.0 - K / Q + K * K) / (1.0 + K / Q + K * K);
}

/* The block weights: column c is the 4 outputs when input or state c is 1
 * and the rest 0. */
static void kw_weights(boyin_meter *m, int rate)
{
    double b[5], p[2];
    kw_filters(rate, b, p);
    for (int c = 0; c < 8; c++) {
        double in[4] = {0}, s[4] = {0}; /* x[-1] x[-2] y[-1] y[-2] */
        if (c < 4)
            in[c] = 1;
        else
            s[c - 4] = 1;
        for (int i = 0; i < 4; i++) {
            double y = b[0] * in[i] + b[1] * s[0] + b[2] * s[1] - b[3] * s[2] - b[4] * s[3];
            s[1] = s[0];
            s[0] = in[i];
            s[3] = s[2];
            s[2] = y;
            m->shelf[c][i] = (float)y;
        }
    }
    for (int c = 0; c < 6; c++) {
        double in[4] = {0}, s[2] = {0}; /* z[-1] z[-2] */
        if (c < 4)
            in[c] = 1;
        else
            s[c - 4] = 1;
        for (int i = 0; i < 4; i++) {
            double z = in[i] - p[0] * s[0] - p[1] * s[1];
            s[1] = s[0];
            s[0] = z;
            m->pole[c][i] = (float)z;
        }
    }
}

static v4f ld(const float *p)
{
    v4f v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* K-weight nb blocks of channel c (x: its first value, frames interleaved),
 * adding the squares to c->ev.  The hot loop: state in locals, no branch. */
static void kw_blocks(const boyin_meter *m, kchan *c, const float *x, size_t nb)
{
    const size_t s = (size_t)m->channels;
    const v4f w0 = ld(m->shelf[0]), w1 = ld(m->shelf[1]), w2 = ld(m->shelf[2]), w3 = ld(m->shelf[3]);
    const v4f w4 = ld(m->shelf[4]), w5 = ld(m->shelf[5]), w6 = ld(m->shelf[6]), w7 = ld(m->shelf[7]);
    const v4f p0 = ld(m->pole[0]), p1 = ld(m->pole[1]), p2 = ld(m->pole[2]), p3 = ld(m->pole[3]);
    const v4f p4 = ld(m->pole[4]), p5 = ld(m->pole[5]);
    float x1 = c->x1, x2 = c->x2, z1 = c->z1, z2 = c->z2;
    v4f yp = {0, 0, c->y2, c->y1}; /* the shelf's previous block */
    v4f e = ld(c->ev);
    for (size_t i = 0; i < nb; i++, x += KW_BLOCK * s) {
        float a = x[0], b = x[s], d = x[2 * s], f = x[3 * s];
        v4f y = ((w0 * a + w1 * b) + (w2 * d + w3 * f) + (w4 * x1 + w5 * x2)) + (w6 * yp[3] + w7 * yp[2]);
        v4f u = (y - 2.0f * SHIFT3(yp, y)) + SHIFT2(yp, y);
        v4f z = ((p0 * u[0] + p1 * u[1]) + (p2 * u[2] + p3 * u[3])) + (p4 * z1 + p5 * z2);
        x1 = f;
        x2 = d;
        yp = y;
        z1 = z[3];
        z2 = z[2];
        e += z * z;
    }
    c->x1 = x1;
    c->x2 = x2;
    c->y1 = yp[3];
    c->y2 = yp[2];
    c->z1 = z1;
    c->z2 = z2;
    memcpy(c->ev, &e, sizeof c->ev);
}

/* ---- gating ---------------------------------------------------------------- */

/* libebur128's bins, with its arithmetic: bin i holds energies from
 * bin_floor(i), and counts as bin_energy(i), its middle. */
static double bin_floor(int i)
{
    return pow(10.0, ((double)i / 10.0 - 70.0 + 0.691) / 10.0);
}

static double bin_energy(int i)
{
    return pow(10.0, ((double)i / 10.0 - 69.95 + 0.691) / 10.0);
}

/* The bin of energy e >= bin_floor(0): the last i < BINS with e >=
 * bin_floor(i), the one libebur128's binary search finds. */
static int bin_of(double e)
{
    double at = (10 * log10(e) + 70 - 0.691) * 10;
    int i = at < 0 ? 0 : at >= BINS - 1 ? BINS - 1 : (int)at;
    while (i > 0 && e < bin_floor(i))
        i--;
    while (i < BINS - 1 && e >= bin_floor(i + 1))
        i++;
    return i;
}

static double energy_to_loudness(double e)
{
    return 10 * (log(e) / log(10.0)) - 0.691;
}

static double last_subs(const kgate *g, unsigned k)
{
    double sum = 0;
    for (unsigned i = 1; i <= k; i++)
        sum += g->ring[(g->subs - i) % 30];
    return sum;
}

/* A 100 ms sub-block is done: the 400 ms block ending here is gated and
 * read as the momentary loudness, the 3 s one as the short-term loudness
 * (and every second, from 3 s, counted for the range), as libebur128 reads
 * them. */
static void close_sub(const boyin_meter *m, kgate *g)
{
    double e = 0;
    for (int i = 0; i < m->nk; i++) {
        kchan *c = &g->ch[i];
        e += m->kweight[i] * (((double)c->ev[0] + c->ev[1]) + ((double)c->ev[2] + c->ev[3]));
        memset(c->ev, 0, sizeof c->ev);
    }
    g->ring[g->subs % 30] = e;
    g->subs++;
    g->sub_end += m->s100;
    if (g->subs >= 4) {
        double b = last_subs(g, 4) / (double)(m->s100 * 4);
        if (b >= m->floor0)
            g->gate[bin_of(b)]++;
        if (b > g->max_m)
            g->max_m = b;
    }
    if (g->subs >= 30) {
        double b = last_subs(g, 30) / (double)(m->s100 * 30);
        if ((g->subs - 30) % 10 == 0 && b >= m->floor0)
            g->st[bin_of(b)]++;
        if (b > g->max_s)
            g->max_s = b;
    }
}

/* Every filter's state is nearly zero. */
static int settled(const boyin_meter *m, const kgate *g)
{
    float a = 0;
    for (int i = 0; i < m->nk; i++) {
        const kchan *c = &g->ch[i];
        float v[6] = {c->x1, c->x2, c->y1, c->y2, c->z1, c->z2};
        for (int k = 0; k < 6; k++)
            a = fabsf(v[k]) > a ? fabsf(v[k]) : a;
    }
    return a < QUIET_EPS;
}

static int zero_block(const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (x[i] != 0.0f)
            return 0;
    return 1;
}

/* K-weight nb whole blocks of frames at x (g->pos is on the block grid),
 * closing sub-blocks on the way. */
static void kw_run(const boyin_meter *m, kgate *g, const float *x, size_t nb)
{
    const size_t fr = KW_BLOCK * (size_t)m->channels; /* values a block */
    while (nb) {
        if (!g->quiet && g->pos % QUIET_GRID == 0 && settled(m, g)) {
            for (int i = 0; i < m->nk; i++) {
                kchan *c = &g->ch[i];
                c->x1 = c->x2 = c->y1 = c->y2 = c->z1 = c->z2 = 0;
            }
            g->quiet = 1;
        }
        if (g->quiet) {
            size_t k = 0;
            while (k < nb && zero_block(x + k * fr, fr))
                k++;
            if (k) {
                g->pos += KW_BLOCK * (uint64_t)k;
                while (g->sub_end <= g->pos)
                    close_sub(m, g);
                x += k * fr;
                nb -= k;
                continue;
            }
            g->quiet = 0; /* this block is K-weighted, from the zero state */
        }
        uint64_t left = g->sub_end - g->pos; /* > 0 */
        if (left < KW_BLOCK) { /* the sub-block ends inside this block */
            float after[KW_MAX][4];
            for (int i = 0; i < m->nk; i++) {
                kchan *c = &g->ch[i];
                float before[4];
                memcpy(before, c->ev, sizeof before);
                memset(c->ev, 0, sizeof c->ev);
                kw_blocks(m, c, x + m->kidx[i], 1);
                for (unsigned l = 0; l < 4; l++) {
                    after[i][l] = l < left ? 0 : c->ev[l];
                    c->ev[l] = l < left ? before[l] + c->ev[l] : before[l];
                }
            }
            close_sub(m, g);
            for (int i = 0; i < m->nk; i++)
                memcpy(g->ch[i].ev, after[i], sizeof after[i]);
            g->pos += KW_BLOCK;
            x += fr;
            nb--;
            continue;
        }
        size_t run = (size_t)(left / KW_BLOCK), grid = (QUIET_GRID - g->pos % QUIET_GRID) / KW_BLOCK;
        run = run < grid ? run : grid;
        run = run < nb ? run : nb;
        for (int i = 0; i < m->nk; i++)
            kw_blocks(m, &g->ch[i], x + m->kidx[i], run);
        g->pos += KW_BLOCK * (uint64_t)run;
        x += run * fr;
        nb -= run;
        if (g->pos == g->sub_end)
            close_sub(m, g);
    }
}

/* Integrated loudness from the gating blocks' bins, as libebur128's
 * histogram mode: the -70 LUFS gate was applied when counting; the
 * relative gate is 10 LU under the mean of the blocks above it. */
static double integrated(const uint64_t *gate, const double *be)
{
    double sum = 0;
    uint64_t n = 0;
    for (int i = 0; i < BINS; i++) {
        sum += (double)gate[i] * be[i];
        n += gate[i];
    }
    if (!n)
        return -HUGE_VAL;
    double rel = sum / (double)n * pow(10.0, -10.0 / 10.0);
    int start = 0;
    if (rel >= bin_floor(0)) {
        start = bin_of(rel);
        if (rel > be[start])
            start++;
    }
    sum = 0;
    n = 0;
    for (int i = start; i < BINS; i++) {
        sum += (double)gate[i] * be[i];
        n += gate[i];
    }
    return n ? energy_to_loudness(sum / (double)n) : -HUGE_VAL;
}

/* Loudness range (EBU Tech 3342) from the 3 s blocks' bins, as
 * libebur128's histogram mode: blocks 20 LU under their mean left out, then
 * the 95th percentile less the 10th. */
static double range(const uint64_t *st, const double *be)
{
    double power = 0;
    uint64_t n = 0;
    for (int i = 0; i < BINS; i++) {
        n += st[i];
        power += (double)st[i] * be[i];
    }
    if (!n)
        return 0;
    double gate = pow(10.0, -20.0 / 10.0) * (power / (double)n);
    int j = 0;
    if (gate >= bin_floor(0)) {
        j = bin_of(gate);
        if (gate > be[j])
            j++;
    }
    n = 0;
    for (int i = j; i < BINS; i++)
        n += st[i];
    if (!n)
        return 0;
    uint64_t lo = (uint64_t)((double)(n - 1) * 0.1 + 0.5), hi = (uint64_t)((double)(n - 1) * 0.95 + 0.5);
    uint64_t seen = 0;
    while (seen <= lo)
        seen += st[j++];
    double lo_e = be[j - 1];
    while (seen <= hi)
        seen += st[j++];
    double hi_e = be[j - 1];
    return energy_to_loudness(hi_e) - energy_to_loudness(lo_e);
}

/* ---- the true peak, continued ----------------------------------------------- */

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

/* The true peak of n more frames (n == 0 with end: the frames held back,
 * followed by silence; only m->peak changes then). */
static int tp_add(boyin_meter *m, const float *frames, size_t n, int end)
{
    if (boyin_grow(&m->work, &m->work_cap, TP_TAPS + n + TP_TAPS, sizeof *m->work))
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

/* ---- the meter ------------------------------------------------------------- */

int boyin_meter_create(int rate, int channels, int what, boyin_meter **out)
{
    *out = NULL;
    if (rate < 1000 || channels < 1 || channels > 64 || what < BOYIN_METER_PEAK || what > BOYIN_METER_RANGE)
        return BOYIN_EINVAL;
    boyin_meter *m = calloc(1, sizeof *m);
    if (!m)
        return BOYIN_ENOMEM;
    m->channels = channels;
    m->what = what;
    m->hist = calloc((size_t)channels * TP_TAPS, sizeof *m->hist);
    if (what != BOYIN_METER_PEAK) {
        m->g = calloc(1, sizeof *m->g);
        m->pend = calloc((size_t)channels * KW_BLOCK, sizeof *m->pend);
    }
    if (!m->hist || (what != BOYIN_METER_PEAK && (!m->g || !m->pend))) {
        boyin_meter_destroy(m);
        return BOYIN_ENOMEM;
    }
    if (what != BOYIN_METER_PEAK) {
        /* libebur128's default channel map; mono as dual mono */
        static const double map4[4] = {1, 1, 1.41, 1.41}, map5[5] = {1, 1, 1, 1.41, 1.41},
                            map6[KW_MAX] = {1, 1, 1, 0, 1.41, 1.41};
        for (int c = 0; c < channels && c < KW_MAX; c++) {
            double w = channels == 1 ? 2.0 : channels == 4 ? map4[c] : channels == 5 ? map5[c] : map6[c];
            if (w > 0) {
                m->kidx[m->nk] = c;
                m->kweight[m->nk++] = w;
            }
        }
        m->s100 = ((size_t)rate + 5) / 10;
        m->floor0 = bin_floor(0);
        m->g->sub_end = m->s100;
        kw_weights(m, rate);
    }
    tp_init(m);
    *out = m;
    return BOYIN_OK;
}

int boyin_meter_add(boyin_meter *m, const float *frames, size_t n)
{
    if (n == 0)
        return BOYIN_OK;
    m->any = 1;
    if (m->g) {
        size_t ch = (size_t)m->channels, at = 0;
        if (m->npend) { /* the block begun last time */
            at = KW_BLOCK - m->npend < n ? KW_BLOCK - m->npend : n;
            memcpy(m->pend + m->npend * ch, frames, at * ch * sizeof *frames);
            m->npend += at;
            if (m->npend == KW_BLOCK) {
                kw_run(m, m->g, m->pend, 1);
                m->npend = 0;
            }
        }
        size_t nb = (n - at) / KW_BLOCK;
        kw_run(m, m->g, frames + at * ch, nb);
        at += nb * KW_BLOCK;
        if (at < n) {
            memcpy(m->pend, frames + at * ch, (n - at) * ch * sizeof *frames);
            m->npend = n - at;
        }
    }
    return tp_add(m, frames, n, 0);
}

int boyin_meter_result(boyin_meter *m, boyin_loudness *out)
{
    out->integrated = out->true_peak = out->max_momentary = out->max_short_term = -HUGE_VAL;
    out->range = 0;
    if (!m->any)
        return BOYIN_OK;
    if (m->g) {
        kgate *g = malloc(sizeof *g);
        double *be = malloc(BINS * sizeof *be);
        if (!g || !be) {
            free(g);
            free(be);
            return BOYIN_ENOMEM;
        }
        *g = *m->g;
        /* Frames waiting for a block count when they end a sub-block: the
         * block is finished on the copy with zeros, whose outputs fall
         * after the sub-block's end. */
        if (m->npend && g->sub_end - g->pos <= m->npend) {
            float blk[KW_BLOCK * 64] = {0};
            memcpy(blk, m->pend, m->npend * (size_t)m->channels * sizeof *blk);
            kw_run(m, g, blk, 1);
        }
        for (int i = 0; i < BINS; i++)
            be[i] = bin_energy(i);
        out->integrated = integrated(g->gate, be);
        if (m->what == BOYIN_METER_RANGE) {
            out->range = range(g->st, be);
            if (g->max_m > 0)
                out->max_momentary = energy_to_loudness(g->max_m);
            if (g->max_s > 0)
                out->max_short_term = energy_to_loudness(g->max_s);
        }
        free(g);
        free(be);
    }
    /* The frames held back by the true peak, as if silence followed; the
     * meter's own peak stays as it was, for frames that may still come. */
    double peak = m->peak;
    if (m->pending) {
        int st = tp_add(m, NULL, 0, 1);
        if (st)
            return st;
    }
    out->true_peak = m->peak > 0 ? 20 * log10(m->peak) : -HUGE_VAL;
    m->peak = peak;
    return BOYIN_OK;
}

void boyin_meter_destroy(boyin_meter *m)
{
    if (!m)
        return;
    free(m->g);
    free(m->pend);
    free(m->work);
    free(m->hist);
    free(m);
}
