/*
 * test_master.c - the master chain on synthetic signals: exact lengths and
 * alignment through the resampler, the limiter holding its ceiling without
 * steps.  The meter is tested in test_meter.c; the files the chain makes
 * end to end in tests/out/.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <poll.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chunk.h"
#include "boyin.h"
#include "master.h"
#include "tsv.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static float *run_chain(int in_rate, int out_rate, double gain, double ceiling, const float *x, size_t n,
                        size_t *nout, uint64_t *limited)
{
    boyin_master *m;
    assert_int_equal(boyin_master_create(in_rate, out_rate, 1, 1, gain, ceiling, &m), 0);
    float *all = NULL;
    size_t total = 0;
    for (size_t at = 0;; at += 997) { /* odd block sizes */
        const float *y;
        size_t ny;
        size_t k = at < n ? (n - at < 997 ? n - at : 997) : 0;
        assert_int_equal(boyin_master_process(m, k ? x + at : NULL, k, &y, &ny), 0);
        all = realloc(all, (total + ny + 1) * sizeof *all);
        memcpy(all + total, y, ny * sizeof *y);
        total += ny;
        if (!k)
            break;
    }
    *limited = boyin_master_limited(m);
    boyin_master_destroy(m);
    *nout = total;
    return all;
}

static void test_chain_lengths_and_alignment(void **state)
{
    (void)state;
    const int outs[] = {22050, 44100, 48000};
    size_t n = 22050 * 2 + 123;
    float *x = calloc(n, sizeof *x);
    x[30000] = 0.5f; /* an impulse */
    for (int t = 0; t < 3; t++) {
        size_t got;
        uint64_t lim;
        float *y = run_chain(22050, outs[t], 0, 1, x, n, &got, &lim);
        assert_int_equal(got, boyin_frames_map(n, 22050, outs[t]));
        size_t best = 0;
        for (size_t i = 0; i < got; i++)
            if (fabsf(y[i]) > fabsf(y[best]))
                best = i;
        /* the impulse comes out where its position maps to */
        assert_true(llabs((long long)best - (long long)boyin_frames_map(30000, 22050, outs[t])) <= 1);
        assert_int_equal(lim, 0);
        free(y);
    }
    free(x);
}

static void test_limiter(void **state)
{
    (void)state;
    size_t n = 48000;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) /* a tone whose loud half is 6 dB over the ceiling */
        x[i] = (float)((i > n / 2 ? 0.9 : 0.2) * sin(2 * M_PI * 440.0 * i / 48000));
    size_t got;
    uint64_t lim;
    double ceiling = -6.0, c = pow(10, ceiling / 20);
    float *y = run_chain(48000, 48000, 0, ceiling, x, n, &got, &lim);
    assert_int_equal(got, n);
    assert_true(lim > 0);
    float peak = 0, step = 0;
    for (size_t i = 0; i < n; i++) {
        peak = fabsf(y[i]) > peak ? fabsf(y[i]) : peak;
        /* gain never jumps: the output follows the input's shape */
        if (i > 0 && fabsf(y[i] - y[i - 1]) > step)
            step = fabsf(y[i] - y[i - 1]);
    }
    assert_true(peak <= c + 1e-4);
    assert_true(step < 0.07f); /* a 440 Hz tone at 0.9 moves at most 0.052 a frame */
    /* quiet frames far from the loud part pass unchanged */
    for (size_t i = 1000; i < n / 2 - 1000; i++)
        assert_true(fabsf(y[i] - x[i]) < 1e-6);
    free(y);
    /* a peak in the very first frames is limited too */
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.99 * sin(2 * M_PI * 1000.0 * i / 48000 + M_PI / 2));
    y = run_chain(48000, 48000, 0, ceiling, x, n, &got, &lim);
    for (size_t i = 0; i < n; i++)
        if (fabsf(y[i]) > c + 1e-4)
            fail_msg("frame %zu: %.4f over the %.4f ceiling", i, fabsf(y[i]), c);
    free(y);
    /* a long fall above the ceiling (the required gain rises every frame) */
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.99 - 0.4 * (double)i / (double)n);
    y = run_chain(8000, 8000, 0, ceiling, x, n, &got, &lim);
    for (size_t i = 0; i < n; i++)
        assert_true(fabsf(y[i]) <= c + 1e-4);
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_lengths_and_alignment), cmocka_unit_test(test_limiter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
