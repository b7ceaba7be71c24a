/* test_text.c - number readings, normalize, credits and runs (src/text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "normalize.h"
#include "numbers.h"
#include "tsv.h"

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

/* A typo in a kind column stops the normalizer from loading, with the file
 * and line, instead of turning a rule off. */
static void test_bad_kind(void **state)
{
    (void)state;
    char dir[] = "/tmp/boyin-kinds-XXXXXX", path[600], cmd[1400], err[700];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/voices/zh' && cp '%s'/voices/zh/*.tsv '%s/voices/zh/'", dir,
             BOYIN_SOURCE_DIR, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/voices/zh/symbols.tsv", dir);
    assert_int_equal(save_text(path, "# sign\treading\tcontext\n+\t加\tnumbers\n"), 0);
    boyin_normalizer *nz;
    assert_int_equal(boyin_normalizer_create(dir, NULL, &nz, err, sizeof err), BOYIN_EDATA);
    assert_null(nz);
    assert_non_null(strstr(err, "symbols.tsv:2: unknown kind 'numbers'; use one of number, before, word"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_table), cmocka_unit_test(test_credits_table),
        cmocka_unit_test(test_runs_table), cmocka_unit_test(test_normalize_options_and_hostile),
        cmocka_unit_test(test_normalize_table), cmocka_unit_test(test_bad_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
