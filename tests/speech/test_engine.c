/* test_engine.c - eSpeak-NG behind the engine: runs join without clicks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "engine.h"
#include "pool.h"

static boyin_engine *g_engine;

static size_t synth(boyin_run *runs, size_t n, int16_t **pcm)
{
    size_t samples;
    assert_int_equal(boyin_engine_synth(g_engine, runs, n, pcm, &samples), BOYIN_OK);
    return samples;
}

static void test_runs_join_cleanly(void **state)
{
    (void)state;
    boyin_run runs[] = {{.text = "iPhone", .english = 1}, {.text = "十四发布"}, {.text = "N B A", .english = 1}, {.text = "总决赛"}};
    int16_t *all;
    size_t n = synth(runs, 4, &all);
    /* The audio is the runs one after another... */
    size_t sum = 0;
    for (size_t i = 0; i < 4; i++) {
        assert_true(runs[i].samples > 1000);
        sum += runs[i].samples;
    }
    assert_int_equal(n, sum);
    /* ...and at every join both sides are silent or faded: nothing clicks.
     * (iPhone starts on a sound, at 416, before the fade.) */
    size_t at = 0;
    for (size_t i = 0; i < 4; i++) {
        assert_true(abs(all[at]) <= BOYIN_ENGINE_SILENT);
        at += runs[i].samples;
        assert_true(abs(all[at - 1]) <= BOYIN_ENGINE_SILENT);
    }
    /* (Repeating a synthesis in the same process may differ by a few samples:
     * eSpeak-NG keeps some state from the utterance before.  Whole runs of
     * boyin are byte-identical; test_cli checks that.) */
    free(all);
}

static void test_one_engine(void **state)
{
    (void)state;
    boyin_engine *second;
    assert_int_equal(boyin_engine_create(&second), BOYIN_EENGINE); /* eSpeak-NG is process-global */
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_MAIN, "no-such-voice", -1, -1, -1, -1),
                     BOYIN_EVOICE);
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_MAIN, "cmn-latn-pinyin", 236, 50, 50, 100),
                     BOYIN_OK);
    boyin_engine_destroy(NULL);
}

/* Engines one after another in one process (sessions in sequence): each
 * speaks (eSpeak-NG 1.51 hung on the second start after it had spoken). */
static void test_engines_in_sequence(void **state)
{
    (void)state;
    boyin_engine_destroy(g_engine);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(boyin_engine_create(&g_engine), BOYIN_OK);
        assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_MAIN, "cmn-latn-pinyin", 236, 50, 50, 100),
                         BOYIN_OK);
        boyin_run run = {.text = "ni3 hao3", .pinyin = NULL};
        int16_t *pcm;
        assert_true(synth(&run, 1, &pcm) > 1000);
        free(pcm);
        if (i < 2)
            boyin_engine_destroy(g_engine);
    }
}

/* The same run, spoken by different worker processes after different
 * runs, gives the same samples; English runs go to their own worker. */
static void test_pool_runs_do_not_depend_on_history(void **state)
{
    (void)state;
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_ENGLISH, "en-us", 170, 50, 50, 100), BOYIN_OK);
    boyin_pool *p;
    char err[256] = "";
    assert_int_equal(boyin_pool_create(g_engine, 2, 1, &p, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_pool_workers(p), 3);
    boyin_run x = {.text = "zhen4 jiang1 jin1 tian1 duo1 yun2\xe3\x80\x81zhuan3 qing2\xe3\x80\x82"};
    boyin_run y = {.text = "ta1 qiang2 diao4\xef\xbc\x8c\xe2\x80\x9c liang3 ge4 que4 li4\xe2\x80\x9d"};
    boyin_run en = {.text = "NASA", .english = 1};
    const boyin_run *order[] = {&x, &y, &y, &x, &en, &x, &y, &x};
    int16_t *pcm[8] = {0};
    size_t n[8] = {0};
    for (size_t i = 0, got = 0; got < 8;) {
        while (i < 8 && boyin_pool_can_take(p, order[i]->english)) {
            assert_int_equal(boyin_pool_submit(p, i, order[i], err, sizeof err), BOYIN_OK);
            i++;
        }
        boyin_pool_done d;
        assert_int_equal(boyin_pool_wait(p, NULL, &d, err, sizeof err), BOYIN_OK);
        assert_true(d.tag < 8 && !pcm[d.tag]);
        pcm[d.tag] = d.pcm;
        n[d.tag] = d.samples;
        got++;
    }
    assert_int_equal(boyin_pool_outstanding(p), 0);
    for (size_t i = 0; i < 8; i++) {
        const boyin_run *first = order[i] == &x ? order[0] : order[1];
        size_t k = order[i] == &x ? 0 : 1;
        assert_true(n[i] > 1000);
        if (order[i] != &en && first == order[i]) {
            assert_int_equal(n[i], n[k]);
            assert_memory_equal(pcm[i], pcm[k], n[k] * sizeof *pcm[k]);
        }
    }
    for (size_t i = 0; i < 8; i++)
        free(pcm[i]);
    boyin_pool_destroy(p);
    boyin_pool_destroy(NULL);
}

/* A checkpointed engine speaks one voice and repeats itself exactly. */
static void test_checkpoint(void **state)
{
    (void)state;
    assert_int_equal(boyin_engine_checkpoint(g_engine, BOYIN_SLOT_MAIN), BOYIN_OK);
    boyin_run x = {.text = "ni3 hao3\xe3\x80\x82"}, y = {.text = "zhong1 guo2\xef\xbc\x8c ren2 min2"};
    int16_t *a, *b, *c;
    size_t na = synth(&x, 1, &a), nb = synth(&y, 1, &b), nc = synth(&x, 1, &c);
    assert_true(nb > 1000);
    assert_int_equal(na, nc);
    assert_memory_equal(a, c, na * sizeof *a);
    boyin_run en = {.text = "NASA", .english = 1};
    int16_t *pcm;
    size_t samples;
    assert_int_equal(boyin_engine_synth(g_engine, &en, 1, &pcm, &samples), BOYIN_EINVAL);
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    assert_int_equal(boyin_engine_create(&g_engine), BOYIN_OK);
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_ENGLISH, "en-us", 170, 50, 50, 100), BOYIN_OK);
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_MAIN, "cmn-latn-pinyin", 236, 50, 50, 100),
                     BOYIN_OK);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_runs_join_cleanly), cmocka_unit_test(test_one_engine),
                                       cmocka_unit_test(test_engines_in_sequence),
                                       cmocka_unit_test(test_pool_runs_do_not_depend_on_history),
                                       cmocka_unit_test(test_checkpoint)};
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    boyin_engine_destroy(g_engine);
    return r;
}
