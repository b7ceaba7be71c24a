/* test_text.c - normalize, voices, plan JSON, staged output folder. */
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
#include "normalize.h"
#include "numbers.h"
#include "outdir.h"
#include "plan.h"
#include "sink_manifest.h"
#include "tsv.h"
#include "voice.h"

static void test_normalize_table(void **state)
{
    (void)state;
    boyin_normalizer *nz;
    char err[700];
    assert_int_equal(boyin_normalizer_create(BOYIN_SOURCE_DIR, NULL, &nz, err, sizeof err), BOYIN_OK);
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/normalize.tsv", &rows, &n), 0);
    assert_true(n > 0);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        char *spoken;
        assert_int_equal(boyin_normalize_text(nz, rows[i].cells[1], &spoken), BOYIN_OK);
        if (strcmp(spoken, rows[i].cells[2])) {
            print_error("normalize.tsv:%u %s: %s\n  got:  %s\n  want: %s\n", rows[i].line, rows[i].cells[0],
                        rows[i].cells[1], spoken, rows[i].cells[2]);
            failures++;
        }
        free(spoken);
    }
    printf("normalize.tsv: %zu cases, %d failed\n", n, failures);
    tsv_free(rows, n);
    boyin_normalizer_destroy(nz);
    assert_int_equal(failures, 0);
}

/* Options that switch conventions, and hostile input in linear time. */
static void test_normalize_options_and_hostile(void **state)
{
    (void)state;
    boyin_normalize_config cfg;
    boyin_normalize_config_init(&cfg);
    cfg.yao = 0;
    cfg.below_zero = 0;
    cfg.liang = 0;
    boyin_normalizer *nz;
    char err[700], *out;
    assert_int_equal(boyin_normalizer_create(BOYIN_SOURCE_DIR, &cfg, &nz, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_normalize_text(nz, "拨打13800138000，2个，200元，-10℃", &out), BOYIN_OK);
    assert_string_equal(out, "拨打一三八零零一三八零零零，二个，二百元，负十摄氏度");
    free(out);
    boyin_normalizer_destroy(nz);
    assert_int_equal(boyin_normalizer_create(BOYIN_SOURCE_DIR, NULL, &nz, err, sizeof err), BOYIN_OK);
    size_t n = 100000;
    char *big = malloc(n * 2 + 1);
    memset(big, '7', n);
    big[n] = '\0';
    assert_int_equal(boyin_normalize_text(nz, big, &out), BOYIN_OK);
    assert_int_equal(strlen(out), n * 3); /* 七 a digit: too long for a cardinal */
    free(out);
    memset(big, '%', 10000);
    big[10000] = '\0';
    assert_int_equal(boyin_normalize_text(nz, big, &out), BOYIN_OK);
    assert_int_equal(strlen(out), 10000);
    free(out);
    for (size_t i = 0; i < n; i += 2)
        memcpy(big + i, "1-", 2);
    big[n] = '\0';
    assert_int_equal(boyin_normalize_text(nz, big, &out), BOYIN_OK);
    free(out);
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(big + i, "9:9", 3);
    big[n - n % 3] = '\0';
    assert_int_equal(boyin_normalize_text(nz, big, &out), BOYIN_OK);
    free(out);
    free(big);
    boyin_normalizer_destroy(nz);
}

static void test_runs_table(void **state)
{
    (void)state;
    boyin_normalizer *nz;
    char err[700];
    assert_int_equal(boyin_normalizer_create(BOYIN_SOURCE_DIR, NULL, &nz, err, sizeof err), BOYIN_OK);
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/runs.tsv", &rows, &n), 0);
    assert_true(n >= 15);
    for (size_t i = 0; i < n; i++) {
        boyin_chunk c = {0};
        c.text = rows[i].cells[1];
        assert_int_equal(boyin_normalize_chunk(nz, &c), BOYIN_OK);
        char got[1024] = "";
        for (size_t r = 0; r < c.nruns; r++) {
            size_t len = strlen(got);
            snprintf(got + len, sizeof got - len, "%s%s:%s", r ? " | " : "", c.runs[r].english ? "en" : "zh",
                     c.runs[r].text);
        }
        if (strcmp(got, rows[i].cells[2]))
            fail_msg("runs.tsv:%u %s:\n  got:  %s\n  want: %s", rows[i].line, rows[i].cells[0], got,
                     rows[i].cells[2]);
        /* Sources: in order, not overlapping, inside the text. */
        char sources[1024] = "";
        size_t end = 0;
        for (size_t r = 0; r < c.nruns; r++) {
            const boyin_run *run = &c.runs[r];
            assert_true(run->src_len > 0);
            assert_true(run->src_off >= end && run->src_off + run->src_len <= strlen(c.text));
            end = run->src_off + run->src_len;
            size_t len = strlen(sources);
            snprintf(sources + len, sizeof sources - len, "%s%.*s", r ? " | " : "", (int)run->src_len,
                     c.text + run->src_off);
        }
        if (rows[i].cells[3][0] && strcmp(sources, rows[i].cells[3]))
            fail_msg("runs.tsv:%u %s: sources\n  got:  %s\n  want: %s", rows[i].line, rows[i].cells[0], sources,
                     rows[i].cells[3]);
        free(c.spoken);
        boyin_chunk_clear_runs(&c);
    }
    tsv_free(rows, n);
    boyin_normalizer_destroy(nz);
}

static void test_credits_table(void **state)
{
    (void)state;
    boyin_normalizer *nz, *all;
    char err[700];
    boyin_normalize_config cfg;
    boyin_normalize_config_init(&cfg);
    assert_int_equal(boyin_normalizer_create(BOYIN_SOURCE_DIR, &cfg, &nz, err, sizeof err), BOYIN_OK);
    cfg.read_all = 1;
    assert_int_equal(boyin_normalizer_create(BOYIN_SOURCE_DIR, &cfg, &all, err, sizeof err), BOYIN_OK);
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/credits.tsv", &rows, &n), 0);
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        boyin_chunk c = {0};
        c.text = rows[i].cells[1];
        assert_int_equal(boyin_normalize_chunk(nz, &c), BOYIN_OK);
        int skip = strcmp(rows[i].cells[2], "skip") == 0;
        if (skip != (c.skipped != NULL))
            fail_msg("credits.tsv:%u %s: %s", rows[i].line, rows[i].cells[0], skip ? "not skipped" : "skipped");
        if (skip)
            assert_string_equal(c.spoken, "");
        free(c.spoken);
        boyin_chunk_clear_runs(&c);
        c.spoken = NULL;
        c.skipped = NULL;
        /* --read-all reads everything. */
        assert_int_equal(boyin_normalize_chunk(all, &c), BOYIN_OK);
        assert_null(c.skipped);
        assert_true(strlen(c.spoken) > 0);
        free(c.spoken);
        boyin_chunk_clear_runs(&c);
    }
    tsv_free(rows, n);
    boyin_normalizer_destroy(nz);
    boyin_normalizer_destroy(all);
}

static void test_numbers_table(void **state)
{
    (void)state;
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/numbers.tsv", &rows, &n), 0);
    assert_true(n >= 60);
    for (size_t i = 0; i < n; i++) {
        const char *mode = rows[i].cells[0], *in = rows[i].cells[1];
        size_t len = strlen(in);
        boyin_sb out = {0};
        if (strcmp(mode, "cardinal") == 0)
            boyin_num_cardinal(&out, in, len, 0);
        else if (strcmp(mode, "measure") == 0)
            boyin_num_cardinal(&out, in, len, BOYIN_NUM_MEASURE);
        else if (strcmp(mode, "ordinal") == 0)
            boyin_num_cardinal(&out, in, len, BOYIN_NUM_NO_LIANG);
        else if (strcmp(mode, "digits") == 0 || strcmp(mode, "yao") == 0)
            boyin_num_digits(&out, in, len, mode[0] == 'y');
        else {
            const char *dot = strchr(in, '.');
            boyin_num_decimal(&out, in, (size_t)(dot - in), dot + 1, strlen(dot + 1));
        }
        if (!out.s || strcmp(out.s, rows[i].cells[2]))
            fail_msg("numbers.tsv:%u %s %s: got %s want %s", rows[i].line, mode, in, out.s ? out.s : "(nothing)",
                     rows[i].cells[2]);
        boyin_sb_free(&out);
    }
    tsv_free(rows, n);
}

static char g_tmp[] = "/tmp/boyin-test-XXXXXX";

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_voices(void **state)
{
    (void)state;
    char dir[256], path[300], err[600];
    boyin_voice v;
    /* The shipped default voice. */
    assert_int_equal(boyin_voice_load(BOYIN_SOURCE_DIR, "news", &v, err, sizeof err), BOYIN_OK);
    assert_string_equal(v.espeak, "cmn-latn-pinyin");
    assert_true(v.rate > 0);
    char *list = boyin_voice_list(BOYIN_SOURCE_DIR);
    assert_non_null(strstr(list, "news"));
    free(list);
    /* Missing, unsafe and malformed voices. */
    assert_int_equal(boyin_voice_load(BOYIN_SOURCE_DIR, "no-such-voice", &v, err, sizeof err), BOYIN_EVOICE);
    assert_int_equal(boyin_voice_load(BOYIN_SOURCE_DIR, "../voices/news", &v, err, sizeof err), BOYIN_EVOICE);
    snprintf(dir, sizeof dir, "%s/voices", g_tmp);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/bad.voice", dir);
    write_text(path, "# comment\nespeak cmn\nrate fast\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "bad.voice:3: rate"));
    write_text(path, "espeak cmn\ncolour blue\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "bad.voice:2: unknown"));
    write_text(path, "rate 200\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_EDATA);
    write_text(path, "espeak cmn   # engine\r\nsentence_pause 500\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_OK);
    assert_string_equal(v.espeak, "cmn");
    assert_int_equal(v.sentence_pause_ms, 500);
    assert_int_equal(v.rate, -1);
    unlink(path);
    rmdir(dir);
}

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
    write_text(path, "x");
    boyin_outdir_destroy(od);
    assert_int_equal(count_entries(dir), 0);
    /* An earlier run's extra segments go; files appear on commit. */
    snprintf(path, sizeof path, "%s/0009.wav", dir);
    write_text(path, "old");
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    write_text(path, "{\"old\": true}");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_text(path, "keep");
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    snprintf(path, sizeof path, "%s/0001.wav", boyin_outdir_staging(od));
    write_text(path, "new");
    snprintf(path, sizeof path, "%s/manifest.json", boyin_outdir_staging(od));
    write_text(path, "{}");
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
    write_text(path_join(dir, "bulletin.vtt/keep"), "x");
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    write_text(path_join(boyin_outdir_staging(od), "bulletin.vtt"), "WEBVTT");
    write_text(path_join(boyin_outdir_staging(od), "manifest.json"), "{}");
    assert_int_equal(boyin_outdir_commit(od, 1, "wav", err, sizeof err), BOYIN_EOUTPUT);
    boyin_outdir_destroy(od);
    assert_int_not_equal(access(path_join(dir, "manifest.json"), F_OK), 0);
    assert_int_equal(access(path_join(dir, "0001.wav"), F_OK), 0);

    /* Numbered files in a folder boyin never finished in are not boyin's. */
    write_text(path_join(dir, "20240101.wav"), "mine");
    assert_int_equal(boyin_outdir_create(dir, &od, err, sizeof err), BOYIN_OK);
    write_text(path_join(boyin_outdir_staging(od), "manifest.json"), "{}");
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

static void test_strerror(void **state)
{
    (void)state;
    for (int st = BOYIN_NEED_MORE; st >= BOYIN_EINTERRUPTED; st--)
        assert_string_not_equal(boyin_strerror(st), "unknown error");
    assert_string_equal(boyin_strerror(-999), "unknown error");
}

int main(void)
{
    assert_non_null(mkdtemp(g_tmp));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_table), cmocka_unit_test(test_credits_table),
        cmocka_unit_test(test_runs_table), cmocka_unit_test(test_normalize_options_and_hostile), cmocka_unit_test(test_normalize_table), cmocka_unit_test(test_voices), cmocka_unit_test(test_plan_json),
        cmocka_unit_test(test_outdir), cmocka_unit_test(test_cue_times), cmocka_unit_test(test_strerror),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0)
        return 1;
    return r;
}
