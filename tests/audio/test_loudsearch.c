/*
 * test_loudsearch.c - the loudness-target search on a model of the chain,
 * with no audio and no files: a pass turns the gain into loudness and true
 * peak the way the master chain does (the limiter holds the peak near its
 * ceiling and takes away some loudness as it works; a lossy codec changes
 * the level).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "boyin.h"
#include "loudsearch.h"

typedef struct {
    double lufs, peak;     /* the engine's output */
    double squash;         /* loudness the limiter takes per dB it turns down */
    double overshoot;      /* how far over its ceiling the limiter lets the true peak go */
    double codec;          /* dB the codec adds to the final pass */
    int broken_limiter;    /* the limiter does nothing */
    int fail_at;           /* fail this pass (1-based; 0: never) */
    int passes, finals, peak_only_finals;
} model;

static int model_pass(void *ctx, double gain, double ceiling, int final, int peak_only, boyin_loudness *got,
                      uint64_t *limited)
{
    model *m = ctx;
    if (++m->passes == m->fail_at)
        return BOYIN_EOUTPUT;
    double peak = m->peak + gain, loud = m->lufs + gain;
    *limited = 0;
    if (ceiling < 0 && peak > ceiling && !m->broken_limiter) {
        loud -= (peak - ceiling) * m->squash;
        peak = ceiling + m->overshoot;
        *limited = 1000;
    }
    if (final) {
        loud += m->codec;
        peak += m->codec;
        m->finals++;
        m->peak_only_finals += peak_only;
    }
    got->integrated = peak_only ? NAN : loud; /* the search fills it from the source */
    got->true_peak = peak;
    got->range = 5;
    got->max_momentary = got->max_short_term = loud + 3;
    return BOYIN_OK;
}

static boyin_loudness source(const model *m)
{
    return (boyin_loudness){m->lufs, 5, m->peak, m->lufs + 3, m->lufs + 3};
}

/* Quiet speech under the ceiling: one pass, the true peak alone measured. */
static void test_gain_only(void **state)
{
    (void)state;
    model m = {.lufs = -30, .peak = -12, .squash = 0.2};
    boyin_search_target t = {-23, -1, 0, 0, 0};
    boyin_loudness src = source(&m);
    boyin_search_result r;
    assert_int_equal(boyin_loudness_search(&t, &src, model_pass, &m, &r), BOYIN_OK);
    assert_int_equal(m.passes, 1);
    assert_int_equal(m.peak_only_finals, 1);
    assert_true(fabs(r.gain_db - 7) < 1e-9);
    assert_true(fabs(r.got.integrated + 23) < 1e-9);
    assert_false(r.missed);
}

/* Peaks the gain would push over: trial passes find the limiter's ceiling
 * and the gain that make up what it takes; the final pass lands. */
static void test_limited(void **state)
{
    (void)state;
    model m = {.lufs = -30, .peak = -4, .squash = 0.3, .overshoot = 0.05};
    boyin_search_target t = {-16, -1, 0, 0, 0};
    boyin_loudness src = source(&m);
    boyin_search_result r;
    assert_int_equal(boyin_loudness_search(&t, &src, model_pass, &m, &r), BOYIN_OK);
    assert_true(fabs(r.got.integrated - t.loudness) <= BOYIN_SEARCH_FINAL_LU);
    assert_true(r.got.true_peak <= t.true_peak - BOYIN_SEARCH_FINAL_PEAK_DB);
    assert_true(m.passes <= BOYIN_SEARCH_PASSES);
    assert_true(m.finals >= 1);
    assert_true(r.gain_db > 14); /* more than the plain difference: it made up the limiter's loss */
    assert_true(r.limited > 0);
    assert_false(r.missed);
}

/* A lossy codec changes the level: the final pass is corrected by it. */
static void test_codec_gain(void **state)
{
    (void)state;
    model m = {.lufs = -26, .peak = -15, .squash = 0.2, .codec = -0.45};
    boyin_search_target t = {-16, -1, 1, 0, -0.45};
    boyin_loudness src = source(&m);
    boyin_search_result r;
    assert_int_equal(boyin_loudness_search(&t, &src, model_pass, &m, &r), BOYIN_OK);
    assert_true(fabs(r.got.integrated - t.loudness) <= BOYIN_SEARCH_FINAL_LU);
    assert_true(fabs(r.gain_db - (10 + 0.45)) < 1e-9); /* the codec's loss made up */
    assert_int_equal(m.peak_only_finals, 0); /* lossy: measured whole, decoded */
}

/* Elements mixed in: the limiter runs even when the speech stays under. */
static void test_elements_limit(void **state)
{
    (void)state;
    model m = {.lufs = -30, .peak = -20, .squash = 0.2};
    boyin_search_target t = {-23, -1, 0, 1, 0};
    boyin_loudness src = source(&m);
    boyin_search_result r;
    assert_int_equal(boyin_loudness_search(&t, &src, model_pass, &m, &r), BOYIN_OK);
    assert_int_equal(m.peak_only_finals, 0);
    assert_false(r.missed);
}

/* A limiter that cannot hold: the search stops within its passes and says
 * the ceiling was missed. */
static void test_missed(void **state)
{
    (void)state;
    model m = {.lufs = -30, .peak = -2, .squash = 0.2, .broken_limiter = 1};
    boyin_search_target t = {-16, -1, 0, 0, 0};
    boyin_loudness src = source(&m);
    boyin_search_result r;
    assert_int_equal(boyin_loudness_search(&t, &src, model_pass, &m, &r), BOYIN_OK);
    assert_true(m.passes <= BOYIN_SEARCH_PASSES);
    assert_true(r.missed);
}

/* A pass that fails stops the search with its status. */
static void test_pass_fails(void **state)
{
    (void)state;
    for (int at = 1; at <= 3; at++) {
        model m = {.lufs = -30, .peak = -4, .squash = 0.3, .fail_at = at};
        boyin_search_target t = {-16, -1, 0, 0, 0};
        boyin_loudness src = source(&m);
        boyin_search_result r;
        assert_int_equal(boyin_loudness_search(&t, &src, model_pass, &m, &r), BOYIN_EOUTPUT);
        assert_int_equal(m.passes, at);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gain_only),     cmocka_unit_test(test_limited),  cmocka_unit_test(test_codec_gain),
        cmocka_unit_test(test_elements_limit), cmocka_unit_test(test_missed),  cmocka_unit_test(test_pass_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
