/*
 * test_meter.c - boyin's loudness meter (src/audio/meter.c) against
 * libebur128 1.2.6, the reference, on the same signals: tones at several
 * levels and frequencies, level steps, noise, tone bursts between exact
 * silence, silence, inputs under 400 ms, and speech rendered here by boyin's
 * engine; at 22050, 44100 and 48000 Hz, mono (dual mono in both) and stereo.
 * Each signal is also fed in odd-sized pieces and (the shorter ones) a frame
 * at a time, which must give exactly the same figures.  The true peak
 * against libebur128's, and the meter's speed (printed, not judged).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ebur128.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audiofile.h"
#include "boyin.h"
#include "chunk.h"
#include "master.h"
#include "meter.h"
#include "tsv.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Tolerances against libebur128 (LU). */
#define TOL_INTEGRATED 0.05
#define TOL_RANGE 0.2
#define TOL_MAX 0.1

static char g_tmp[] = "/tmp/boyin-meter-XXXXXX";
static float *g_speech;   /* the example article rendered, mono, 22050 Hz (speech()) */
static size_t g_speech_n;

static void speech(void);

enum { SINE, STEPS, NOISE, LOWNOISE, BURSTS, SILENCE, SPEECH, SPEECH_GAPS };

typedef struct {
    const char *name;
    int kind;
    double seconds; /* 0: the whole render (speech) */
    double db;      /* level, dBFS (sine amplitude, noise RMS) */
    double freq;    /* Hz */
    size_t extra;   /* frames beyond the seconds */
} signal_case;

static const signal_case cases[] = {
    {"sine 1 kHz -20 dBFS", SINE, 5, -20, 1000, 3},
    {"sine 100 Hz -6 dBFS", SINE, 5, -6, 100, 1},
    {"sine 40 Hz -12 dBFS", SINE, 5, -12, 40, 0},
    {"sine 25 Hz -3 dBFS", SINE, 5, -3, 25, 2},
    {"sine 10 kHz -40 dBFS", SINE, 5, -40, 10000, 0},
    {"sine 1 kHz -66 dBFS, just over the -70 LUFS gate", SINE, 5, -66, 1000, 0},
    {"sine 1 kHz -80 dBFS, under the gate", SINE, 5, -80, 1000, 0},
    {"1 kHz -12 and -32 dBFS by turns every 3 s", STEPS, 36, -12, 1000, 5},
    {"white noise -20 dBFS", NOISE, 8, -20, 0, 7},
    {"low-passed noise -18 dBFS", LOWNOISE, 8, -18, 0, 0},
    {"440 Hz 0.5 s bursts, 2.5 s of exact zeros between", BURSTS, 15, -10, 440, 0},
    {"silence", SILENCE, 5, 0, 0, 0},
    {"300 ms tone", SINE, 0.3, -10, 1000, 0},
    {"400 ms tone", SINE, 0.4, -10, 1000, 0},
    {"500 ms tone", SINE, 0.5, -10, 1000, 0},
    {"1 frame", SINE, 0, -10, 1000, 1},
    {"speech, the example article", SPEECH, 0, 0, 0, 0},
    {"speech, its first 5 s", SPEECH, 5, 0, 0, 0},
    {"speech with 4 s of exact zeros every 10 s", SPEECH_GAPS, 40, 0, 0, 0},
};

/* Fed a frame at a time: the signals up to this long. */
#define FRAMES_MAX_SECONDS 5
static const int rates[] = {22050, 44100, 48000};

static unsigned g_seed;
static double noise(void) /* about uniform in [-0.5, 0.5) */
{
    g_seed = g_seed * 1103515245 + 12345;
    return ((g_seed >> 16) & 0x7fff) / 32768.0 - 0.5;
}

/* The render at `rate` (boyin's chain resamples it, in the pieces it is
 * given in a render: libsoxr takes long over one huge piece); kept. */
static float *g_rs[3]; /* at 22050 (unused), 44100, 48000 Hz */
static size_t g_rs_n[3];

static const float *resampled(int rate, size_t *n)
{
    int k = rate == 22050 ? 0 : rate == 44100 ? 1 : 2;
    speech();
    if (k == 0) {
        *n = g_speech_n;
        return g_speech;
    }
    if (!g_rs[k]) {
        boyin_master *ms;
        assert_int_equal(boyin_master_create(22050, rate, 1, 1, 0, 0, &ms), 0);
        size_t m = (size_t)boyin_frames_map(g_speech_n, 22050, rate), got = 0;
        float *s = malloc((m + 1) * sizeof *s);
        for (size_t at = 0;; at += 65536) {
            size_t piece = at < g_speech_n ? (g_speech_n - at < 65536 ? g_speech_n - at : 65536) : 0;
            const float *y;
            size_t ny;
            assert_int_equal(boyin_master_process(ms, piece ? g_speech + at : NULL, piece, &y, &ny), 0);
            assert_true(got + ny <= m);
            memcpy(s + got, y, ny * sizeof *y);
            got += ny;
            if (!piece)
                break;
        }
        assert_int_equal(got, m);
        boyin_master_destroy(ms);
        g_rs[k] = s;
        g_rs_n[k] = m;
    }
    *n = g_rs_n[k];
    return g_rs[k];
}

/* One channel of a case at `rate`; `other` makes the second channel of a
 * stereo pair (another phase, level or stretch of the same kind). */
static float *make(const signal_case *c, int rate, int other, size_t *n_out)
{
    size_t n;
    if (c->kind == SPEECH)
        speech();
    if (c->kind == SPEECH && c->seconds == 0) /* the whole article at the engine's rate, 90 s at the others */
        n = rate == 22050 ? g_speech_n : (size_t)rate * 90;
    else
        n = (size_t)(c->seconds * rate + 0.5) + c->extra;
    float *x = calloc(n + 1, sizeof *x);
    double a = pow(10, c->db / 20) * (other ? 0.6 : 1), ph = other ? 1.1 : 0;
    g_seed = other ? 99 : 7;
    double lp = 0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate, v = 0;
        switch (c->kind) {
        case SINE:
            v = a * sin(2 * M_PI * c->freq * t + ph);
            break;
        case STEPS:
            v = a * ((int)(t / 3) % 2 ? 0.1 : 1) * sin(2 * M_PI * c->freq * t + ph);
            break;
        case NOISE:
            v = a * sqrt(12) * noise();
            break;
        case LOWNOISE:
            lp += 0.1 * (noise() - lp);
            v = a * 8 * lp;
            break;
        case BURSTS:
            v = fmod(t, 3.0) < 0.5 ? a * sin(2 * M_PI * c->freq * t + ph) : 0;
            break;
        default:
            break;
        }
        x[i] = (float)v;
    }
    if (c->kind == SPEECH || c->kind == SPEECH_GAPS) {
        speech();
        /* the render, resampled by boyin's chain when the rate differs;
         * the second channel is it at 0.6, 0.25 s later */
        size_t m;
        const float *s = resampled(rate, &m);
        size_t lag = other ? (size_t)rate / 4 : 0;
        for (size_t i = 0; i < n; i++) {
            double t = (double)i / rate;
            size_t k = i >= lag ? i - lag : m; /* m: before the start, silence */
            float v = k < m ? s[k] * (other ? 0.6f : 1.0f) : 0;
            if (c->kind == SPEECH_GAPS && fmod(t, 10.0) >= 6.0)
                v = 0;
            x[i] = v;
        }
    }
    *n_out = n;
    return x;
}

/* libebur128 as boyin's meter used it: integrated loudness and range from
 * its histogram, the momentary and short-term loudness read every 100 ms. */
static void reference(const float *x, size_t n, int rate, int ch, boyin_loudness *out)
{
    ebur128_state *st = ebur128_init((unsigned)ch, (unsigned long)rate,
                                     EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_HISTOGRAM);
    assert_non_null(st);
    if (ch == 1)
        ebur128_set_channel(st, 0, EBUR128_DUAL_MONO);
    size_t hop = ((size_t)rate + 5) / 10;
    out->max_momentary = out->max_short_term = -HUGE_VAL;
    for (size_t at = 0, k = 1; at < n; at += hop, k++) {
        size_t len = n - at < hop ? n - at : hop;
        assert_int_equal(ebur128_add_frames_float(st, x + at * (size_t)ch, len), EBUR128_SUCCESS);
        if (len < hop)
            break;
        double v;
        if (k >= 4 && ebur128_loudness_momentary(st, &v) == EBUR128_SUCCESS && v > out->max_momentary)
            out->max_momentary = v;
        if (k >= 30 && ebur128_loudness_shortterm(st, &v) == EBUR128_SUCCESS && v > out->max_short_term)
            out->max_short_term = v;
    }
    assert_int_equal(ebur128_loudness_global(st, &out->integrated), EBUR128_SUCCESS);
    assert_int_equal(ebur128_loudness_range(st, &out->range), EBUR128_SUCCESS);
    ebur128_destroy(&st);
}

enum { WHOLE, PIECES, FRAMES };

/* boyin's meter, fed all at once, in odd pieces, or a frame at a time. */
static void measure(const float *x, size_t n, int rate, int ch, int what, int feed, boyin_loudness *out)
{
    static const size_t pieces[] = {1, 4409, 2, 997, 3, 5, 65536, 7, 4};
    boyin_meter *m;
    assert_int_equal(boyin_meter_create(rate, ch, what, &m), 0);
    size_t at = 0;
    for (size_t i = 0; at < n; i++) {
        size_t k = feed == WHOLE ? n : feed == FRAMES ? 1 : pieces[i % (sizeof pieces / sizeof *pieces)];
        k = k < n - at ? k : n - at;
        assert_int_equal(boyin_meter_add(m, x + at * (size_t)ch, k), 0);
        at += k;
    }
    assert_int_equal(boyin_meter_result(m, out), 0);
    boyin_meter_destroy(m);
}

static int close_to(double a, double b, double tol)
{
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= tol;
}

static double diff(double a, double b)
{
    return isinf(a) || isinf(b) ? 0 : fabs(a - b);
}

static int same(const boyin_loudness *a, const boyin_loudness *b)
{
    return a->integrated == b->integrated && a->range == b->range && a->true_peak == b->true_peak &&
           a->max_momentary == b->max_momentary && a->max_short_term == b->max_short_term;
}

static void test_against_libebur128(void **state)
{
    (void)state;
    double worst[4] = {0};
    int failed = 0;
    for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ci++) {
        const signal_case *c = &cases[ci];
        for (size_t ri = 0; ri < sizeof rates / sizeof *rates; ri++) {
            for (int ch = 1; ch <= 2; ch++) {
                int rate = rates[ri];
                size_t n, n2;
                float *l = make(c, rate, 0, &n), *x = l;
                if (ch == 2) {
                    float *r = make(c, rate, 1, &n2);
                    assert_int_equal(n, n2);
                    x = malloc(2 * n * sizeof *x);
                    for (size_t i = 0; i < n; i++) {
                        x[2 * i] = l[i];
                        x[2 * i + 1] = r[i];
                    }
                    free(l);
                    free(r);
                }
                boyin_loudness want, got, other;
                reference(x, n, rate, ch, &want);
                measure(x, n, rate, ch, BOYIN_METER_RANGE, WHOLE, &got);
                double d[4] = {diff(got.integrated, want.integrated), diff(got.range, want.range),
                               diff(got.max_momentary, want.max_momentary),
                               diff(got.max_short_term, want.max_short_term)};
                for (int k = 0; k < 4; k++)
                    worst[k] = d[k] > worst[k] ? d[k] : worst[k];
                int ok = close_to(got.integrated, want.integrated, TOL_INTEGRATED) &&
                         close_to(got.range, want.range, TOL_RANGE) &&
                         close_to(got.max_momentary, want.max_momentary, TOL_MAX) &&
                         close_to(got.max_short_term, want.max_short_term, TOL_MAX);
                print_message("%-52s %5d %d: I %7.2f/%7.2f  LRA %5.2f/%5.2f  M %7.2f/%7.2f  S %7.2f/%7.2f%s\n",
                              c->name, rate, ch, got.integrated, want.integrated, got.range, want.range,
                              got.max_momentary, want.max_momentary, got.max_short_term, want.max_short_term,
                              ok ? "" : "  <- outside the tolerance");
                failed |= !ok;
                /* the same figures however the frames come */
                measure(x, n, rate, ch, BOYIN_METER_RANGE, PIECES, &other);
                if (!same(&got, &other))
                    fail_msg("%s at %d Hz, %d ch: fed in pieces, integrated %.17g range %.17g", c->name, rate, ch,
                             other.integrated, other.range);
                if (n <= FRAMES_MAX_SECONDS * (size_t)rate) {
                    measure(x, n, rate, ch, BOYIN_METER_RANGE, FRAMES, &other);
                    if (!same(&got, &other))
                        fail_msg("%s at %d Hz, %d ch: fed a frame at a time, integrated %.17g", c->name, rate, ch,
                                 other.integrated);
                }
                /* the true peak alone: the same peak, no loudness */
                if (rate == 22050) {
                    measure(x, n, rate, ch, BOYIN_METER_PEAK, PIECES, &other);
                    assert_true(other.true_peak == got.true_peak);
                    assert_true(isinf(other.integrated) && other.range == 0 && isinf(other.max_momentary));
                }
                free(x);
            }
        }
    }
    print_message("largest differences from libebur128: integrated %.4f LU, range %.4f LU, max momentary %.4f LU, "
                  "max short-term %.4f LU\n", worst[0], worst[1], worst[2], worst[3]);
    if (failed)
        fail_msg("figures outside the tolerance (marked above)");
}

/* boyin's true peak against libebur128's on tones whose peaks fall between
 * samples (a quarter of the rate, phase-shifted) and on low-passed noise. */
static void test_true_peak_matches_libebur128(void **state)
{
    (void)state;
    const int rate = 22050;
    size_t n = rate * 2;
    float *x = malloc(n * sizeof *x);
    for (int kind = 0; kind < 3; kind++) {
        unsigned seed = 7;
        for (size_t i = 0; i < n; i++) {
            if (kind == 0)
                x[i] = (float)(0.5 * sin(2 * M_PI * (rate / 4.0) * i / rate + M_PI / 4));
            else if (kind == 1)
                x[i] = (float)(0.6 * sin(2 * M_PI * 5000.0 * i / rate + 0.3));
            else { /* noise, low-passed like speech (full-band noise reads up to 0.4 dB high) */
                double v = 0;
                for (int k = 0; k < 4; k++) {
                    seed = seed * 1103515245 + 12345;
                    v += ((seed >> 16) & 0x7fff) / 32768.0 - 0.5;
                }
                x[i] = (float)(0.5 * v);
            }
        }
        boyin_meter *m;
        assert_int_equal(boyin_meter_create(rate, 1, BOYIN_METER_LOUDNESS, &m), 0);
        ebur128_state *st = ebur128_init(1, rate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
        ebur128_set_channel(st, 0, EBUR128_DUAL_MONO);
        for (size_t at = 0; at < n; at += 1000) {
            size_t k = n - at < 1000 ? n - at : 1000;
            assert_int_equal(boyin_meter_add(m, x + at, k), 0);
            ebur128_add_frames_float(st, x + at, k);
        }
        boyin_loudness got;
        assert_int_equal(boyin_meter_result(m, &got), 0);
        double tp, li;
        ebur128_true_peak(st, 0, &tp);
        ebur128_loudness_global(st, &li);
        if (fabs(got.true_peak - 20 * log10(tp)) > 0.25 || fabs(got.integrated - li) > 0.05)
            fail_msg("signal %d: boyin %.2f dBTP %.2f LUFS, libebur128 %.2f dBTP %.2f LUFS", kind, got.true_peak,
                     got.integrated, 20 * log10(tp), li);
        ebur128_destroy(&st);
        boyin_meter_destroy(m);
    }
    free(x);
}

/* A result in the middle changes nothing that follows. */
static void test_result_midway(void **state)
{
    (void)state;
    size_t n;
    float *x = make(&cases[9], 44100, 0, &n);
    boyin_loudness mid, end, once;
    boyin_meter *m;
    assert_int_equal(boyin_meter_create(44100, 1, BOYIN_METER_RANGE, &m), 0);
    assert_int_equal(boyin_meter_add(m, x, 39691), 0); /* the 9th sub-block ends among the 3 frames waiting */
    assert_int_equal(boyin_meter_result(m, &mid), 0);
    assert_true(isfinite(mid.integrated));
    assert_int_equal(boyin_meter_add(m, x + 39691, n - 39691), 0);
    assert_int_equal(boyin_meter_result(m, &end), 0);
    boyin_meter_destroy(m);
    measure(x, n, 44100, 1, BOYIN_METER_RANGE, WHOLE, &once);
    assert_true(same(&end, &once));
    free(x);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    boyin_meter *m = (boyin_meter *)1;
    assert_int_equal(boyin_meter_create(500, 1, BOYIN_METER_RANGE, &m), BOYIN_EINVAL);
    assert_null(m);
    assert_int_equal(boyin_meter_create(48000, 0, BOYIN_METER_RANGE, &m), BOYIN_EINVAL);
    assert_int_equal(boyin_meter_create(48000, 2, 7, &m), BOYIN_EINVAL);
    boyin_meter_destroy(NULL);
    /* nothing added: nothing known */
    boyin_loudness l;
    assert_int_equal(boyin_meter_create(48000, 2, BOYIN_METER_RANGE, &m), 0);
    assert_int_equal(boyin_meter_result(m, &l), 0);
    assert_true(isinf(l.integrated) && isinf(l.true_peak) && l.range == 0 && isinf(l.max_momentary));
    boyin_meter_destroy(m);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ns per sample, the best of 3 runs. */
static double time_boyin(const float *x, size_t n, int rate, int ch, int what)
{
    double best = HUGE_VAL;
    for (int r = 0; r < 3; r++) {
        boyin_meter *m;
        boyin_loudness l;
        double t = now();
        assert_int_equal(boyin_meter_create(rate, ch, what, &m), 0);
        for (size_t at = 0; at < n; at += 65536) /* the writer's blocks */
            assert_int_equal(boyin_meter_add(m, x + at * (size_t)ch, n - at < 65536 ? n - at : 65536), 0);
        assert_int_equal(boyin_meter_result(m, &l), 0);
        t = now() - t;
        boyin_meter_destroy(m);
        best = t < best ? t : best;
    }
    return best / (double)(n * (size_t)ch) * 1e9;
}

static double time_libebur128(const float *x, size_t n, int rate, int ch)
{
    double best = HUGE_VAL;
    for (int r = 0; r < 3; r++) {
        boyin_loudness l;
        double t = now();
        reference(x, n, rate, ch, &l);
        t = now() - t;
        best = t < best ? t : best;
    }
    return best / (double)(n * (size_t)ch) * 1e9;
}

/* What the meter costs, printed for the record (the machine decides; on
 * a shared one the figures vary by tens of percent).  The K-weighting and
 * gating cost is the loudness mode's less the true peak's alone, on noise
 * after a full-scale click (so the true peak does almost nothing) and on
 * speech. */
static void test_speed(void **state)
{
    (void)state;
    const signal_case noise_case = {"noise", NOISE, 30, -30, 0, 0};
    for (size_t ri = 0; ri < sizeof rates / sizeof *rates; ri += 2) {
        int rate = rates[ri];
        size_t n;
        float *x = make(&noise_case, rate, 0, &n);
        x[0] = 1;
        float *st = malloc(2 * n * sizeof *st);
        for (size_t i = 0; i < n; i++)
            st[2 * i] = st[2 * i + 1] = x[i];
        double pm = time_boyin(x, n, rate, 1, BOYIN_METER_PEAK), rm = time_boyin(x, n, rate, 1, BOYIN_METER_RANGE);
        double ps = time_boyin(st, n, rate, 2, BOYIN_METER_PEAK), rs = time_boyin(st, n, rate, 2, BOYIN_METER_RANGE);
        print_message("%d Hz noise, ns a sample: mono: boyin %.2f (true peak %.2f, loudness %.2f), libebur128 %.2f; "
                      "stereo: boyin %.2f (true peak %.2f, loudness %.2f)\n",
                      rate, rm, pm, rm - pm, time_libebur128(x, n, rate, 1), rs, ps, rs - ps);
        free(x);
        free(st);
    }
    speech();
    double p = time_boyin(g_speech, g_speech_n, 22050, 1, BOYIN_METER_PEAK);
    double r = time_boyin(g_speech, g_speech_n, 22050, 1, BOYIN_METER_RANGE);
    print_message("22050 Hz speech (the example), ns a sample: boyin %.2f (true peak %.2f, loudness %.2f), "
                  "libebur128 %.2f\n", r, p, r - p, time_libebur128(g_speech, g_speech_n, 22050, 1));
}

/* The example article through boyin's engine into a WAV file, read back
 * (once, when a test first needs it). */
static void speech(void)
{
    if (g_speech)
        return;
    char path[64];
    snprintf(path, sizeof path, "%s/speech.wav", g_tmp);
    size_t len;
    char *text = read_file(BOYIN_EXAMPLE, &len);
    assert_non_null(text);
    boyin_session_config cfg = boyin_session_config_init();
    cfg.output_file = path;
    cfg.date = "2024-05-01";
    boyin_session *s = NULL;
    int st = boyin_session_create(&cfg, &s);
    if (st == BOYIN_OK)
        st = boyin_session_push(s, text, len);
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    if (st != BOYIN_OK)
        fail_msg("render: %s", s ? boyin_session_error(s) : boyin_strerror(st));
    boyin_session_destroy(s);
    free(text);
    int rate, ch;
    uint64_t frames;
    boyin_audiofile *f = boyin_audiofile_open(path, &rate, &ch, &frames);
    assert_non_null(f);
    assert_int_equal(rate, 22050);
    g_speech = malloc((size_t)frames * sizeof *g_speech);
    float *tmp = malloc(4096 * (size_t)ch * sizeof *tmp);
    size_t got;
    while (g_speech_n < frames &&
           (got = boyin_audiofile_read(f, 1, g_speech + g_speech_n, tmp,
                                       frames - g_speech_n < 4096 ? (size_t)(frames - g_speech_n) : 4096)) > 0)
        g_speech_n += got;
    free(tmp);
    boyin_audiofile_close(f);
    assert_int_equal(g_speech_n, frames);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_libebur128),
        cmocka_unit_test(test_true_peak_matches_libebur128),
        cmocka_unit_test(test_result_midway),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_speed),
    };
    int failed = RUN_TESTS_IN_TMP(tests, g_tmp);
    free(g_speech);
    free(g_rs[1]);
    free(g_rs[2]);
    return failed;
}
