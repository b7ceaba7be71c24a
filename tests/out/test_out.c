/* test_out.c - plan JSON, the staged output folder, cue times (src/out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"
#include "outdir.h"
#include "plan.h"
#include "sink_manifest.h"
#include "tsv.h"

static char g_tmp[] = "/tmp/boyin-test-XXXXXX";

static void test_plan_json(void **state)
{
    (void)state;
    boyin_chunk c = {0};
    c.index = 3;
    c.item = 2;
    c.paragraph = 4;
    c.source_offset = 10;
    c.source_length = 9;
    c.text = "他说\"好\"\\";
    c.spoken = "他说 好";
    c.end = BOYIN_END_SENTENCE;
    c.pause_after_ms = 350;
    char *s = boyin_plan_chunk_json(&c, "news", "en-us", NULL, NULL);
    assert_null(strchr(s, '\n'));
    cJSON *o = cJSON_Parse(s);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "text")->valuestring, c.text);
    assert_int_equal(cJSON_GetObjectItem(o, "source_offset")->valueint, 10);
    assert_string_equal(cJSON_GetObjectItem(o, "end")->valuestring, "sentence");
    assert_null(cJSON_GetObjectItem(o, "file"));
    cJSON_Delete(o);
    free(s);
    boyin_plan_audio au = {"0003.wav", 1.5, 2.25, 49612};
    s = boyin_plan_chunk_json(&c, "news", "en-us", &au, "n'i21");
    o = cJSON_Parse(s);
    assert_string_equal(cJSON_GetObjectItem(o, "file")->valuestring, "0003.wav");
    assert_true(cJSON_GetObjectItem(o, "duration")->valuedouble == 2.25);
    assert_string_equal(cJSON_GetObjectItem(o, "phonemes")->valuestring, "n'i21");
    cJSON_Delete(o);
    free(s);
}

static const char *path_join(const char *dir, const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.' || strlen(e->d_name) > 2;
    if (d)
        closedir(d);
    return d ? n : -1;
}

static void test_outdir(void **state)
{
    (void)state;
    char dir[300], path[400], err[700];
    boyin_outdir *od;
    snprintf(dir, sizeof dir, "%s/a/b/out", g_tmp);
    /* Abandoned: nothing is left. */
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    snprintf(path, sizeof path, "%s/0001.wav", boyin_outdir_staging(od));
    save_text(path, "x");
    boyin_outdir_destroy(od);
    assert_int_equal(count_entries(dir), 0);
    /* An earlier run's extra segments go; files appear on commit. */
    snprintf(path, sizeof path, "%s/0009.wav", dir);
    save_text(path, "old");
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    save_text(path, "{\"old\": true}");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    save_text(path, "keep");
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    snprintf(path, sizeof path, "%s/0001.wav", boyin_outdir_staging(od));
    save_text(path, "new");
    snprintf(path, sizeof path, "%s/manifest.json", boyin_outdir_staging(od));
    save_text(path, "{}");
    snprintf(path, sizeof path, "%s/0001.wav", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(boyin_outdir_commit(od, 1, "wav", err, sizeof err), BOYIN_OK);
    boyin_outdir_destroy(od);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/0009.wav", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(count_entries(dir), 3); /* 0001.wav manifest.json notes.txt */
    char *m = read_file(path_join(dir, "manifest.json"), NULL);
    assert_string_equal(m, "{}");
    free(m);

    /* A move that fails: no manifest is left to describe a mix of files. */
    mkdir(path_join(dir, "bulletin.vtt"), 0777);
    save_text(path_join(dir, "bulletin.vtt/keep"), "x");
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    save_text(path_join(boyin_outdir_staging(od), "bulletin.vtt"), "WEBVTT");
    save_text(path_join(boyin_outdir_staging(od), "manifest.json"), "{}");
    assert_int_equal(boyin_outdir_commit(od, 1, "wav", err, sizeof err), BOYIN_EOUTPUT);
    boyin_outdir_destroy(od);
    assert_int_not_equal(access(path_join(dir, "manifest.json"), F_OK), 0);
    assert_int_equal(access(path_join(dir, "0001.wav"), F_OK), 0);

    /* Numbered files in a folder boyin never finished in are not boyin's. */
    save_text(path_join(dir, "20240101.wav"), "mine");
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    save_text(path_join(boyin_outdir_staging(od), "manifest.json"), "{}");
    assert_int_equal(boyin_outdir_commit(od, 1, "wav", err, sizeof err), BOYIN_OK);
    boyin_outdir_destroy(od);
    assert_int_equal(access(path_join(dir, "20240101.wav"), F_OK), 0);

    /* A folder that cannot be made. */
    assert_int_equal(boyin_outdir_create("/dev/null/x", &od, err, sizeof err), BOYIN_EOUTPUT);
    assert_non_null(strstr(err, "/dev/null/x"));
    boyin_outdir_destroy(NULL);
}

static void test_cue_times(void **state)
{
    (void)state;
    char t[16];
    boyin_format_cue_time(t, 0, ',');
    assert_string_equal(t, "00:00:00,000");
    boyin_format_cue_time(t, 3723004, '.');
    assert_string_equal(t, "01:02:03.004");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_json),
        cmocka_unit_test(test_outdir),
        cmocka_unit_test(test_cue_times),
    };
    return RUN_TESTS_IN_TMP(tests, g_tmp);
}
