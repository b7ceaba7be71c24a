/* test_pronounce.c - the pronounce stage: readings, tone changes, Traditional
 * input, user lexicons and their errors, the memory-mapped data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "boyin.h"
#include "pronounce.h"
#include "tsv.h"

static char g_tmp[] = "/tmp/boyin-pronounce-XXXXXX";

static boyin_pronouncer *make(const char *const *lex, size_t n)
{
    boyin_pronouncer *p = NULL;
    char err[600] = "";
    int st = boyin_pronouncer_create(BOYIN_SOURCE_DIR, lex, n, &p, err, sizeof err);
    if (st)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(st, BOYIN_OK);
    return p;
}

static void expect(boyin_pronouncer *p, const char *text, const char *want)
{
    char *got = NULL;
    assert_int_equal(boyin_pronounce_text(p, text, &got), BOYIN_OK);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s: got '%s', want '%s'\n", text, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Segmentation, polyphones, place names, sandhi, neutral tones, erhua and
 * Traditional input, as a table. */
static void test_pinyin_table(void **state)
{
    (void)state;
    boyin_pronouncer *p = make(NULL, 0);
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/pinyin.tsv", &rows, &n), 0);
    assert_true(n >= 100);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char *got = NULL;
        assert_int_equal(boyin_pronounce_text(p, rows[i].cells[0], &got), BOYIN_OK);
        if (strcmp(got, rows[i].cells[1]) != 0) {
            fprintf(stderr, "pinyin.tsv:%u: %s: got '%s', want '%s'\n", rows[i].line, rows[i].cells[0], got,
                    rows[i].cells[1]);
            bad++;
        }
        free(got);
    }
    tsv_free(rows, n);
    boyin_pronouncer_destroy(p);
    assert_int_equal(bad, 0);
}

/* The word lists are sorted, as the binary search needs. */
static void test_data_sorted(void **state)
{
    (void)state;
    boyin_pronouncer *p = make(NULL, 0);
    assert_int_equal(boyin_pronouncer_check(p), 0);
    boyin_pronouncer_destroy(p);
    boyin_pronouncer_destroy(NULL);
}

/* neutral_tones dictionary keeps every neutral tone of the word list;
 * switching back gives the formal register again. */
static void test_dictionary_tones(void **state)
{
    (void)state;
    boyin_pronouncer *p = make(NULL, 0);
    static const char *const cases[][3] = {
        {"知识产权", "zhi1 shi5 chan3 quan2", "zhi1 shi2 chan3 quan2"},
        {"困难", "kun4 nan5", "kun4 nan2"},
        {"买东西", "mai3 dong1 xi5", "mai3 dong1 xi5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int dict = 1; dict >= 0; dict--) {
            char *got = NULL;
            boyin_pronouncer_set_dictionary_tones(p, dict);
            assert_int_equal(boyin_pronounce_text(p, cases[i][0], &got), BOYIN_OK);
            assert_string_equal(got, cases[i][dict ? 1 : 2]);
            free(got);
        }
    boyin_pronouncer_destroy(p);
}

static void test_missing_data(void **state)
{
    (void)state;
    boyin_pronouncer *p = (boyin_pronouncer *)1;
    char err[600] = "";
    assert_int_equal(boyin_pronouncer_create(g_tmp, NULL, 0, &p, err, sizeof err), BOYIN_EDATA);
    assert_null(p);
    assert_non_null(strstr(err, "pinyin-words.tsv"));
}

/* A data folder in boyin's layout, <g_tmp>/data/voices/zh, with the word
 * lists linked from the source tree and polyphones.tsv and neutral-tones.tsv
 * written from the given text; returns the folder. */
static const char *bad_data(const char *polyphones, const char *neutral)
{
    static char dir[300];
    char path[400], cmd[1200];
    snprintf(dir, sizeof dir, "%s/data", g_tmp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/voices/zh' && for f in pinyin-words pinyin-chars pinyin-context; do "
             "ln -sf '%s/voices/zh/'$f.tsv '%s/voices/zh/'$f.tsv; done", dir, BOYIN_SOURCE_DIR, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/voices/zh/polyphones.tsv", dir);
    write_file(path, polyphones, strlen(polyphones));
    snprintf(path, sizeof path, "%s/voices/zh/neutral-tones.tsv", dir);
    write_file(path, neutral, strlen(neutral));
    return dir;
}

/* The kinds of polyphones.tsv (where) and neutral-tones.tsv are checked when
 * loading: an unknown one is named with its file and line, and the kinds
 * there are listed. */
static void test_data_kinds(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"# rules\n地\tde5\tdouble\n地\tdi4\tnear\t种\n", "的\tlight\n",
         "polyphones.tsv:3: unknown kind 'near'; use one of next|prev|nextword|after|before|name|honor|double|"
         "start|end|word|always"},
        {"地\tde5\tdouble\n", "的\tlight\n东西\tword\n# x\n部分\theavy\tbu4 fen4\n",
         "neutral-tones.tsv:4: unknown kind 'heavy'; use one of light|word|formal"},
        {"地\tde5\tdouble\n", "东西\tlight\n", "neutral-tones.tsv:1: expected a character<TAB>light"},
        {"地\tde5\tdouble\n", "部分\tformal\tbu4\n", "neutral-tones.tsv:1: expected a character<TAB>light"},
        {"地\tde5\tnext\n", "", "polyphones.tsv:1: expected char<TAB>reading"},
        {"地\tde5\tdouble\n地\tde5\tprev\t积极\n", "的\tlight\n东西\tword\n部分\tformal\tbu4 fen4\n", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *dir = bad_data(cases[i][0], cases[i][1]);
        boyin_pronouncer *p = (boyin_pronouncer *)1;
        char err[600] = "";
        int st = boyin_pronouncer_create(dir, NULL, 0, &p, err, sizeof err);
        if (!cases[i][2]) {
            assert_int_equal(st, BOYIN_OK);
            expect(p, "积极地", "ji1 ji2 de5");
            boyin_pronouncer_destroy(p);
            continue;
        }
        if (st != BOYIN_EDATA || !strstr(err, cases[i][2]))
            fprintf(stderr, "case %zu: got %d '%s'\n", i, st, err);
        assert_int_equal(st, BOYIN_EDATA);
        assert_null(p);
        assert_non_null(strstr(err, cases[i][2]));
    }
}

/* User words come before the built-in data; a later file wins over an
 * earlier one; Traditional user words match Traditional and Simplified text;
 * tone marks, ü and u: are accepted. */
static void test_user_lexicon(void **state)
{
    (void)state;
    char a[300], b[300];
    snprintf(a, sizeof a, "%s/a.txt", g_tmp);
    snprintf(b, sizeof b, "%s/b.txt", g_tmp);
    const char *ta = "\xEF\xBB\xBF# newsroom names\n"
                     "单雄信\tshan4 xiong2 xin4\n"
                     "重庆\tzhong4 qing4\n"
                     "  行长   xing2 zhang3  \n"
                     "\n"
                     "吕律\tLǚ lu:4\n"
                     "臺長\ttai2 chang2\n"
                     "模\tmu2\n";
    const char *tb = "重庆\tchong2 qing4\n"
                     "音乐\tyin1 le4\n";
    write_file(a, ta, strlen(ta));
    write_file(b, tb, strlen(tb));
    boyin_pronouncer *p = make(NULL, 0);
    expect(p, "单雄信", "dan1 xiong2 xin4");
    expect(p, "音乐", "yin1 yue4");
    boyin_pronouncer_destroy(p);
    const char *both[] = {a, b};
    p = make(both, 2);
    expect(p, "单雄信", "shan4 xiong2 xin4");
    expect(p, "重庆", "chong2 qing4");          /* b.txt came later */
    expect(p, "银行行长", "yin2 hang2 xing2 zhang3"); /* the user word wins the segmentation */
    expect(p, "吕律", "lv3 lv4");
    expect(p, "台长", "tai2 chang2");
    expect(p, "模型", "mo2 xing2"); /* a single character does not split words */
    expect(p, "模", "mu2");
    expect(p, "臺長", "tai2 chang2");
    expect(p, "音乐", "yin1 le4"); /* over the built-in reading */
    boyin_pronouncer_destroy(p);
    const char *one[] = {b, a};
    p = make(one, 2);
    expect(p, "重庆", "zhong4 qing4"); /* now a.txt is later */
    boyin_pronouncer_destroy(p);
}

static void test_lexicon_errors(void **state)
{
    (void)state;
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/lexicon-errors.tsv", &rows, &n), 0);
    char path[300];
    snprintf(path, sizeof path, "%s/bad.txt", g_tmp);
    for (size_t i = 0; i < n; i++) {
        write_file(path, rows[i].cells[0], rows[i].lens[0]);
        const char *lex[] = {path};
        boyin_pronouncer *p = (boyin_pronouncer *)1;
        char err[600] = "", where[400];
        int st = boyin_pronouncer_create(BOYIN_SOURCE_DIR, lex, 1, &p, err, sizeof err);
        snprintf(where, sizeof where, "%s:%s: ", path, rows[i].cells[1]);
        if (st != BOYIN_EINPUT || !strstr(err, where) || !strstr(err, rows[i].cells[2]))
            fprintf(stderr, "lexicon-errors.tsv:%u: got %d '%s'\n", rows[i].line, st, err);
        assert_int_equal(st, BOYIN_EINPUT);
        assert_null(p);
        assert_non_null(strstr(err, where));
        assert_non_null(strstr(err, rows[i].cells[2]));
    }
    tsv_free(rows, n);
    const char *folder[] = {g_tmp}; /* a folder opens, then cannot be read */
    boyin_pronouncer *pf = NULL;
    char ferr[600] = "";
    assert_int_equal(boyin_pronouncer_create(BOYIN_SOURCE_DIR, folder, 1, &pf, ferr, sizeof ferr), BOYIN_EINPUT);
    assert_non_null(strstr(ferr, "cannot read the lexicon"));
    const char *missing[] = {"/nonexistent/lexicon.txt"};
    boyin_pronouncer *p = NULL;
    char err[600] = "";
    assert_int_equal(boyin_pronouncer_create(BOYIN_SOURCE_DIR, missing, 1, &p, err, sizeof err), BOYIN_EINPUT);
    assert_non_null(strstr(err, "/nonexistent/lexicon.txt: cannot read"));
}

/* Chunks: Mandarin runs get pinyin, English runs none. */
static void test_chunk_runs(void **state)
{
    (void)state;
    boyin_pronouncer *p = make(NULL, 0);
    boyin_run runs[2] = {{.text = strdup("银行行长说")}, {.text = strdup("NBA"), .english = 1}};
    boyin_chunk c = {.runs = runs, .nruns = 2};
    assert_int_equal(boyin_pronounce_chunk(p, &c), BOYIN_OK);
    assert_string_equal(runs[0].pinyin, "yin2 hang2 hang2 zhang3 shuo1");
    assert_null(runs[1].pinyin);
    char *line = boyin_chunk_engine_text(&c);
    assert_string_equal(line, "yin2 hang2 hang2 zhang3 shuo1 NBA");
    free(line);
    for (int i = 0; i < 2; i++) {
        free(runs[i].text);
        free(runs[i].pinyin);
    }
    boyin_pronouncer_destroy(p);
}

/* Hostile text: a long stretch of one character, bytes that are not UTF-8,
 * characters with no reading.  Nothing hangs, and the length of the result
 * follows the input. */
static void test_hostile(void **state)
{
    (void)state;
    boyin_pronouncer *p = make(NULL, 0);
    size_t n = 200000;
    char *s = malloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 3 * i, "一", 3);
    s[n * 3] = '\0';
    char *got = NULL;
    assert_int_equal(boyin_pronounce_text(p, s, &got), BOYIN_OK);
    size_t syl = 0;
    for (char *q = got; *q; q++)
        syl += *q == ' ';
    assert_int_equal(syl + 1, n);
    free(got);
    free(s);
    expect(p, "\xff\xfe中", "\xef\xbf\xbd\xef\xbf\xbd zhong1");
    expect(p, "", "");
    expect(p, "   ", "");
    boyin_pronouncer_destroy(p);
}

int main(void)
{
    assert_non_null(mkdtemp(g_tmp));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pinyin_table), cmocka_unit_test(test_data_sorted),
        cmocka_unit_test(test_dictionary_tones),
        cmocka_unit_test(test_missing_data), cmocka_unit_test(test_data_kinds),
        cmocka_unit_test(test_user_lexicon),
        cmocka_unit_test(test_lexicon_errors), cmocka_unit_test(test_chunk_runs),
        cmocka_unit_test(test_hostile),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0)
        return 1;
    return r;
}
