/*
 * test_assembly.c - intro, outro and bed in the written bulletin: the bed's
 * ducking and fades, times and chapters shifted by the intro, stereo
 * elements kept stereo.
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
#include <ebur128.h>
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
#include "filetest.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif


/* The bed: mixed under the speech, 15 dB down while speech plays, up in a
 * long pause between items, faded in; measured as the difference between
 * the bulletin with and without it (no target: the chain is linear). */
static void test_bed_ducking(void **state)
{
    (void)state;
    char with[700], without[700], second[700], path[800];
    snprintf(with, sizeof with, "%s/bed-with", g_tmp);
    snprintf(without, sizeof without, "%s/bed-without", g_tmp);
    snprintf(second, sizeof second, "%s/bed-second.txt", g_tmp);
    FILE *f = fopen(second, "w");
    fputs("第二条新闻，本台记者报道。\n", f);
    fclose(f);
    char *a1[] = {"boyin", "-q", "-o", with, "--bed", g_bed, "--item-pause", "4000", g_input, second, NULL};
    char *a2[] = {"boyin", "-q", "-o", without, "--item-pause", "4000", g_input, second, NULL};
    assert_int_equal(run_boyin(a1), 0);
    assert_int_equal(run_boyin(a2), 0);
    snprintf(path, sizeof path, "%s/bulletin.wav", with);
    audio a = read_audio(path);
    snprintf(path, sizeof path, "%s/bulletin.wav", without);
    audio b = read_audio(path);
    assert_int_equal(a.frames, b.frames); /* the bed adds no time */
    cJSON *m = load_json(without, "manifest.json");
    const cJSON *segs = get(m, "segments");
    int n = cJSON_GetArraySize(segs);
    /* the bed's level under a long segment and in the 4 s pause between items */
    const cJSON *longest = NULL, *seg, *last1 = NULL, *first2 = NULL;
    cJSON_ArrayForEach(seg, segs)
    {
        if (!longest || get(seg, "duration")->valuedouble > get(longest, "duration")->valuedouble)
            longest = seg;
        if (get(seg, "item")->valuedouble == 1)
            last1 = seg;
        else if (!first2)
            first2 = seg;
    }
    assert_true(n >= 3 && last1 && first2);
    double rate = a.rate;
    size_t s0 = (size_t)((get(longest, "start")->valuedouble + 0.5) * rate);
    size_t s1 = (size_t)((get(longest, "start")->valuedouble + get(longest, "duration")->valuedouble - 0.7) * rate);
    double gap_start = get(last1, "start")->valuedouble + get(last1, "duration")->valuedouble;
    size_t g0 = (size_t)((gap_start + 1.5) * rate), g1 = (size_t)((get(first2, "start")->valuedouble - 0.5) * rate);
    assert_true(s1 > s0 + rate && g1 > g0 + rate / 2);
    double e_s = 0, e_g = 0, e_start = 0;
    for (size_t i = s0; i < s1; i++)
        e_s += pow(a.x[i] - b.x[i], 2);
    for (size_t i = g0; i < g1; i++)
        e_g += pow(a.x[i] - b.x[i], 2);
    for (size_t i = 0; i < (size_t)(0.1 * rate); i++)
        e_start += pow(a.x[i] - b.x[i], 2);
    double under = 10 * log10(e_s / (double)(s1 - s0)), up = 10 * log10(e_g / (double)(g1 - g0));
    if (fabs((up - under) - 15) > 1.5)
        fail_msg("bed: %.1f dB under speech, %.1f dB in the pause; want 15 dB apart", under, up);
    /* faded in: the first 100 ms are far quieter than the pause */
    assert_true(10 * log10(e_start / (0.1 * rate) + 1e-20) < up - 10);
    free(a.x);
    free(b.x);
    cJSON_Delete(m);
}

/* Intro and outro: the bulletin starts with the intro and ends with the
 * outro, every time in the manifest is shifted by the intro, chapters name
 * them, and segments still equal the bulletin where the manifest says. */
static void test_intro_outro(void **state)
{
    (void)state;
    char dir[700], path[800];
    snprintf(dir, sizeof dir, "%s/intro", g_tmp);
    char *args[] = {"boyin", "-q", "-o", dir, "--preset", "broadcast", "--sample-rate", "48000", "--intro", g_intro,
                    "--outro", g_outro, g_input, NULL};
    assert_int_equal(run_boyin(args), 0);
    cJSON *m = load_json(dir, "manifest.json"), *ch = load_json(dir, "chapters.json");
    const cJSON *list = get(ch, "chapters");
    assert_int_equal(cJSON_GetArraySize(list), 3);
    assert_string_equal(get(cJSON_GetArrayItem(list, 0), "title")->valuestring, "片头");
    assert_string_equal(get(cJSON_GetArrayItem(list, 2), "title")->valuestring, "片尾");
    double intro = 2.0, outro = 1.5; /* the test sounds' lengths */
    assert_true(fabs(get(cJSON_GetArrayItem(list, 0), "endTime")->valuedouble - intro) < 1e-4);
    const cJSON *segs = get(m, "segments"), *bul = get(m, "bulletin");
    assert_true(fabs(get(cJSON_GetArrayItem(segs, 0), "start")->valuedouble - intro) < 1e-4);
    snprintf(path, sizeof path, "%s/bulletin.wav", dir);
    audio a = read_audio(path);
    assert_int_equal(a.frames, (size_t)get(bul, "samples")->valuedouble);
    assert_true(fabs(get(cJSON_GetArrayItem(list, 2), "endTime")->valuedouble - (double)a.frames / a.rate) < 1e-4);
    assert_true(fabs(get(cJSON_GetArrayItem(list, 2), "endTime")->valuedouble -
                     get(cJSON_GetArrayItem(list, 2), "startTime")->valuedouble - outro) < 1e-3);
    /* the intro is sound, the speech starts after it */
    double e = 0;
    for (size_t i = 0; i < (size_t)(intro * a.rate); i++)
        e += a.x[i] * a.x[i];
    assert_true(e > 0);
    const cJSON *seg;
    cJSON_ArrayForEach(seg, segs)
    {
        snprintf(path, sizeof path, "%s/%s", dir, get(seg, "file")->valuestring);
        audio sgm = read_audio(path);
        size_t at = (size_t)llround(get(seg, "start")->valuedouble * a.rate);
        for (size_t i = 0; i < sgm.frames; i++)
            if (sgm.x[i] != a.x[at + i])
                fail_msg("%s differs from the bulletin at frame %zu", get(seg, "file")->valuestring, i);
        free(sgm.x);
    }
    double lufs, tp;
    measure(&a, &lufs, &tp);
    assert_true(fabs(lufs + 23) <= 0.5 && tp <= -1.0 + 0.05);
    free(a.x);
    cJSON_Delete(m);
    cJSON_Delete(ch);
}

/* --channels 2 keeps a stereo intro and bed in stereo: with both only in
 * the left channel, the right channel of the bulletin is the speech alone
 * (the same samples as without them, after the intro), and the left one
 * carries them.  In the chain, a stereo input goes out mono as the mean
 * of its channels, and mono goes out stereo as two equal channels. */
static void test_stereo_elements(void **state)
{
    (void)state;
    char intro[700], bed[700], with[700], without[700], path[800];
    snprintf(intro, sizeof intro, "%s/left-intro.wav", g_tmp);
    snprintf(bed, sizeof bed, "%s/left-bed.wav", g_tmp);
    make_sound_in(intro, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 1.0, 0, 0.3, 1);
    make_sound_in(bed, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 3.0, 1, 0.2, 1);
    snprintf(with, sizeof with, "%s/stereo-with", g_tmp);
    snprintf(without, sizeof without, "%s/stereo-without", g_tmp);
    char *a1[] = {"boyin", "-q", "-o", with, "--channels", "2", "--intro", intro, "--bed", bed, g_input, NULL};
    char *a2[] = {"boyin", "-q", "-o", without, "--channels", "2", g_input, NULL};
    assert_int_equal(run_boyin(a1), 0);
    assert_int_equal(run_boyin(a2), 0);
    snprintf(path, sizeof path, "%s/bulletin.wav", with);
    audio a = read_audio(path);
    snprintf(path, sizeof path, "%s/bulletin.wav", without);
    audio b = read_audio(path);
    assert_int_equal(a.channels, 2);
    size_t lead = (size_t)a.rate; /* the one-second intro */
    assert_int_equal(a.frames, b.frames + lead);
    double el = 0, er = 0, bedl = 0;
    for (size_t i = 0; i < lead; i++) {
        el += a.x[2 * i] * a.x[2 * i];
        er += a.x[2 * i + 1] * a.x[2 * i + 1];
    }
    assert_true(el > 100 && er == 0);
    size_t diff = 0;
    for (size_t i = 0; i < b.frames; i++) {
        diff += a.x[2 * (lead + i) + 1] != b.x[2 * i + 1];
        bedl += pow(a.x[2 * (lead + i)] - b.x[2 * i], 2);
    }
    if (diff)
        fail_msg("the right channel differs from the speech alone at %zu frames", diff);
    assert_true(bedl > 1);
    free(a.x);
    free(b.x);
    /* the chain itself */
    float st[8] = {1, 0, 0.5f, 0.5f, 0, 1, 0.2f, -0.2f}, mono[4] = {0.1f, 0.2f, 0.3f, 0.4f};
    boyin_master *m;
    const float *y;
    size_t ny;
    assert_int_equal(boyin_master_create(48000, 48000, 2, 1, 0, 1, &m), 0);
    assert_int_equal(boyin_master_process(m, st, 4, &y, &ny), 0);
    assert_int_equal(ny, 4);
    assert_true(y[0] == 0.5f && y[1] == 0.5f && y[2] == 0.5f && y[3] == 0.0f);
    boyin_master_destroy(m);
    assert_int_equal(boyin_master_create(48000, 48000, 1, 2, 0, 1, &m), 0);
    assert_int_equal(boyin_master_process(m, mono, 4, &y, &ny), 0);
    assert_int_equal(ny, 4);
    for (int i = 0; i < 4; i++)
        assert_true(y[2 * i] == mono[i] && y[2 * i + 1] == mono[i]);
    boyin_master_destroy(m);
    assert_int_equal(boyin_master_create(48000, 48000, 3, 1, 0, 1, &m), BOYIN_EINVAL);
    assert_null(m);
}

int main(void)
{
    filetest_setup();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bed_ducking),
        cmocka_unit_test(test_intro_outro),
        cmocka_unit_test(test_stereo_elements),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    return filetest_teardown() ? 1 : r;
}
