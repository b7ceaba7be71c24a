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

int main(void)
{
    assert_int_equal(boyin_engine_create(&g_engine), BOYIN_OK);
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_ENGLISH, "en-us", 170, 50, 50, 100), BOYIN_OK);
    assert_int_equal(boyin_engine_set_voice(g_engine, BOYIN_SLOT_MAIN, "cmn-latn-pinyin", 236, 50, 50, 100),
                     BOYIN_OK);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_runs_join_cleanly), cmocka_unit_test(test_one_engine),
                                       cmocka_unit_test(test_engines_in_sequence)};
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    boyin_engine_destroy(g_engine);
    return r;
}
