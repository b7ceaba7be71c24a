/*
 * test_tables.c - the compiled tables (src/base/compiled.h, src/tools/
 * boyin-tables): the build's voices/zh.bin holds exactly what the .tsv
 * loaders give, record for record and byte for byte; the indexes of the
 * pinyin lists narrow searches to the same entries as the lists alone; a
 * compiled file that is stale, damaged, of another version or missing a
 * table is noticed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"
#include "compiled.h"
#include "dict.h"
#include "rules.h"
#include "tsv.h"
#include "wordtables.h"

static char g_tmp[] = "/tmp/boyin-tables-XXXXXX";

#define NWORDTABLES (offsetof(boyin_wordtables, compiled) / sizeof(boyin_table))

static const boyin_table *wordtable(const boyin_wordtables *w, size_t k)
{
    return (const boyin_table *)w + k;
}

/* Two tables hold the same entries in the same order. */
static void same_table(const boyin_table *a, const boyin_table *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const boyin_entry *x = &a->v[i], *y = &b->v[i];
        assert_int_equal(x->klen, y->klen);
        assert_memory_equal(boyin_entry_key(x), boyin_entry_key(y), x->klen * sizeof(int32_t));
        assert_string_equal(boyin_entry_value(x), boyin_entry_value(y));
        assert_string_equal(boyin_entry_extra(x), boyin_entry_extra(y));
        assert_int_equal(x->value_kind, y->value_kind);
        assert_int_equal(x->extra_kind, y->extra_kind);
    }
}

static void same_rules(const boyin_rules *a, const boyin_rules *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const boyin_rule *x = &a->v[i], *y = &b->v[i];
        assert_int_equal(x->cp, y->cp);
        assert_int_equal(x->where, y->where);
        assert_string_equal(x->reading, y->reading);
        assert_int_equal(x->nctx, y->nctx);
        for (size_t k = 0; k < x->nctx; k++)
            assert_string_equal(boyin_rule_context(x, k), boyin_rule_context(y, k));
    }
    assert_int_equal(a->nhonor_split, b->nhonor_split);
    assert_memory_equal(a->honor_split, b->honor_split, a->nhonor_split * sizeof(int32_t));
    same_table(&a->neutral, &b->neutral);
}

/* The build's compiled file against the source tree's .tsv files: every
 * table and rule the same, and each table's block the same bytes. */
static void test_build_matches_tsv(void **state)
{
    (void)state;
    char err[4096];
    boyin_wordtables tw, cw;
    boyin_rules tr, cr;
    setenv("BOYIN_COMPILED_DATA", "require", 1);
    assert_int_equal(boyin_wordtables_load_tsv(&tw, BOYIN_SOURCE_DIR, err, sizeof err), BOYIN_OK);
    int st = boyin_wordtables_load(&cw, BOYIN_SOURCE_DIR, err, sizeof err);
    if (st)
        fail_msg("%s", err);
    assert_non_null(cw.compiled.p);
    assert_int_equal(NWORDTABLES, 14);
    for (size_t k = 0; k < NWORDTABLES; k++) {
        const boyin_table *a = wordtable(&tw, k), *b = wordtable(&cw, k);
        assert_non_null(a->own);
        assert_null(b->own); /* read in place */
        same_table(a, b);
        assert_memory_equal(a->v, b->v, a->size - sizeof(uint64_t)); /* the same block after its head */
    }
    assert_int_equal(boyin_rules_load_tsv(&tr, BOYIN_SOURCE_DIR, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_rules_load(&cr, BOYIN_SOURCE_DIR, err, sizeof err), BOYIN_OK);
    assert_null(cr.own);
    assert_ptr_equal(cr.compiled.p, cw.compiled.p); /* one mapping for the session's loaders */
    same_rules(&tr, &cr);
    assert_true(tr.n > 50 && tr.neutral.n > 50 && tr.nhonor_split > 0);
    boyin_wordtables_free(&tw);
    boyin_wordtables_free(&cw);
    boyin_rules_free(&tr);
    boyin_rules_free(&cr);
    unsetenv("BOYIN_COMPILED_DATA");
}

/* Every search of the example article's words (each start, 1 to 6
 * characters: keys past the index's 12 bytes too, and absent ones) and
 * characters gives the same range with the index as without. */
static void test_index_same_ranges(void **state)
{
    (void)state;
    static const char *const LISTS[][2] = {{"pinyin-words.tsv", "#boyin-pinyin-words\t"},
                                           {"pinyin-chars.tsv", "#boyin-pinyin-chars\t"},
                                           {"pinyin-context.tsv", "#boyin-pinyin-context\t"}};
    char err[600], path[600];
    size_t len;
    char *text = read_file(BOYIN_EXAMPLE, &len);
    assert_non_null(text);
    setenv("BOYIN_COMPILED_DATA", "require", 1);
    for (size_t l = 0; l < 3; l++) {
        boyin_dict plain, fast;
        snprintf(path, sizeof path, "%s/voices/zh/%s", BOYIN_SOURCE_DIR, LISTS[l][0]);
        assert_int_equal(boyin_dict_open(&plain, path, LISTS[l][1], err, sizeof err), BOYIN_OK);
        assert_int_equal(boyin_dict_open(&fast, path, LISTS[l][1], err, sizeof err), BOYIN_OK);
        boyin_dict_use_index(&fast, BOYIN_SOURCE_DIR, LISTS[l][0]);
        assert_non_null(fast.index);
        assert_null(plain.index);
        size_t searches = 0, found = 0;
        for (size_t at = 0; at < len; at++) {
            if (((unsigned char)text[at] & 0xC0) == 0x80)
                continue; /* keys start at a character */
            for (size_t klen = 1, chars = 0; at + klen <= len && chars < 6; klen++) {
                if (at + klen < len && ((unsigned char)text[at + klen] & 0xC0) == 0x80)
                    continue; /* and end at one */
                chars++;
                size_t lo1, hi1, lo2, hi2;
                boyin_dict_all(&plain, &lo1, &hi1);
                boyin_dict_all(&fast, &lo2, &hi2);
                int a = boyin_dict_narrow(&plain, text + at, klen, &lo1, &hi1);
                int b = boyin_dict_narrow(&fast, text + at, klen, &lo2, &hi2);
                assert_int_equal(a, b);
                assert_int_equal(lo1, lo2);
                assert_int_equal(hi1, hi2);
                searches++;
                found += a;
            }
        }
        assert_true(searches > 5000 && found > 100);
        boyin_dict_close(&plain);
        boyin_dict_close(&fast);
    }
    unsetenv("BOYIN_COMPILED_DATA");
    free(text);
}

/* ---- a data folder of our own --------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *text = read_file(from, &len);
    assert_non_null(text);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    free(text);
}

/* <g_tmp>/voices/zh/ with the source tree's small .tsv files. */
static void make_folder(void)
{
    char from[600], to[600];
    snprintf(to, sizeof to, "%s/voices", g_tmp);
    mkdir(to, 0777);
    snprintf(to, sizeof to, "%s/voices/zh", g_tmp);
    mkdir(to, 0777);
    snprintf(from, sizeof from, "%s/voices/zh", BOYIN_SOURCE_DIR);
    DIR *d = opendir(from);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".tsv") || strncmp(e->d_name, "pinyin-", 7) == 0)
            continue;
        snprintf(from, sizeof from, "%s/voices/zh/%s", BOYIN_SOURCE_DIR, e->d_name);
        snprintf(to, sizeof to, "%s/voices/zh/%s", g_tmp, e->d_name);
        copy_file(from, to);
    }
    closedir(d);
}

/* Compile <g_tmp>'s folder to <g_tmp>/voices/zh.bin, as boyin-tables does;
 * with `all` 0, leave out the table "units". */
static void compile_folder(int all)
{
    char err[4096], out[600];
    boyin_wordtables w;
    boyin_rules r;
    boyin_compiler *k;
    assert_int_equal(boyin_wordtables_load_tsv(&w, g_tmp, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_rules_load_tsv(&r, g_tmp, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_compiler_create(g_tmp, "zh", &k), BOYIN_OK);
    if (all) {
        assert_int_equal(boyin_wordtables_compile(&w, k), BOYIN_OK);
    } else {
        assert_int_equal(boyin_compiler_source(k, "currency.tsv"), BOYIN_OK);
        assert_int_equal(boyin_compiler_section(k, "currency", w.currency.own, w.currency.size), BOYIN_OK);
    }
    assert_int_equal(boyin_rules_compile(&r, k), BOYIN_OK);
    snprintf(out, sizeof out, "%s/voices/zh.bin", g_tmp);
    assert_int_equal(boyin_compiler_write(k, out, err, sizeof err), BOYIN_OK);
    boyin_wordtables_free(&w);
    boyin_rules_free(&r);
}

/* Open the folder's compiled file under `policy`: its status, whether it
 * was used, and the reason in err. */
static int open_with(const char *policy, int *used, char *err, size_t errlen)
{
    setenv("BOYIN_COMPILED_DATA", policy, 1);
    boyin_compiled c;
    err[0] = '\0';
    int st = boyin_compiled_open(&c, g_tmp, "zh", err, errlen);
    *used = c.p != NULL;
    boyin_compiled_close(&c);
    unsetenv("BOYIN_COMPILED_DATA");
    return st;
}

/* The loaders give the .tsv files' tables whether or not the compiled file
 * is used. */
static void loads_like_tsv(void)
{
    char err[4096];
    boyin_wordtables a, b;
    boyin_rules ra, rb;
    assert_int_equal(boyin_wordtables_load_tsv(&a, g_tmp, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_wordtables_load(&b, g_tmp, err, sizeof err), BOYIN_OK);
    for (size_t k = 0; k < NWORDTABLES; k++)
        same_table(wordtable(&a, k), wordtable(&b, k));
    assert_int_equal(boyin_rules_load_tsv(&ra, g_tmp, err, sizeof err), BOYIN_OK);
    assert_int_equal(boyin_rules_load(&rb, g_tmp, err, sizeof err), BOYIN_OK);
    same_rules(&ra, &rb);
    boyin_wordtables_free(&a);
    boyin_wordtables_free(&b);
    boyin_rules_free(&ra);
    boyin_rules_free(&rb);
}

static void set_mtime(const char *path, time_t t)
{
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* A .tsv changed since compiling (its time, then its size) makes the file
 * stale: the .tsv files are read instead, or with require it is an error
 * that names the file; put back, it is used again. */
static void test_stale(void **state)
{
    (void)state;
    char err[4096], tsv[600];
    int used;
    make_folder();
    compile_folder(1);
    assert_int_equal(open_with("auto", &used, err, sizeof err), BOYIN_OK);
    assert_true(used);
    loads_like_tsv();
    snprintf(tsv, sizeof tsv, "%s/voices/zh/units.tsv", g_tmp);
    struct stat st;
    assert_int_equal(stat(tsv, &st), 0);
    set_mtime(tsv, st.st_mtime + 10);
    assert_int_equal(open_with("auto", &used, err, sizeof err), BOYIN_OK);
    assert_false(used);
    assert_non_null(strstr(err, "zh.bin: older than units.tsv"));
    loads_like_tsv();
    assert_int_equal(open_with("require", &used, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "older than units.tsv"));
    assert_non_null(strstr(err, "BOYIN_COMPILED_DATA=require"));
    set_mtime(tsv, st.st_mtime);
    assert_int_equal(open_with("require", &used, err, sizeof err), BOYIN_OK);
    assert_true(used);
    /* The same time but another size: a line added. */
    size_t len;
    char *text = read_file(tsv, &len);
    FILE *f = fopen(tsv, "ab");
    fputs("# one more line\n", f);
    fclose(f);
    set_mtime(tsv, st.st_mtime);
    assert_int_equal(open_with("auto", &used, err, sizeof err), BOYIN_OK);
    assert_false(used);
    loads_like_tsv();
    f = fopen(tsv, "wb");
    fwrite(text, 1, len, f);
    fclose(f);
    free(text);
    set_mtime(tsv, st.st_mtime);
    assert_int_equal(open_with("auto", &used, err, sizeof err), BOYIN_OK);
    assert_true(used);
    /* off: never used. */
    assert_int_equal(open_with("off", &used, err, sizeof err), BOYIN_OK);
    assert_false(used);
}

/* Rewrite byte `at` of the folder's zh.bin (keeping its time). */
static void poke(size_t at, unsigned char byte)
{
    char path[600];
    snprintf(path, sizeof path, "%s/voices/zh.bin", g_tmp);
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, &byte, 1, (off_t)at), 1);
    close(fd);
}

/* A damaged file (a byte changed, cut short, another version or magic) is
 * not used: the .tsv files are read, or require says why. */
static void test_damaged(void **state)
{
    (void)state;
    char err[4096], path[600];
    int used;
    make_folder();
    snprintf(path, sizeof path, "%s/voices/zh.bin", g_tmp);
    struct {
        size_t at;
        unsigned char byte;
        const char *why;
    } cases[] = {
        {5000, 0x5A, "checksum"},                                          /* inside a section */
        {offsetof(boyin_compiled_header, version), 99, "another version"}, /* a future format */
        {0, 'X', "not a compiled boyin data file"},                        /* the magic */
        {offsetof(boyin_compiled_header, nsections), 0xFF, "checksum"},    /* the table of contents */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        compile_folder(1);
        poke(cases[i].at, cases[i].byte);
        assert_int_equal(open_with("auto", &used, err, sizeof err), BOYIN_OK);
        assert_false(used);
        loads_like_tsv();
        assert_int_equal(open_with("require", &used, err, sizeof err), BOYIN_EDATA);
        if (!strstr(err, cases[i].why))
            fail_msg("case %zu: %s", i, err);
    }
    /* Cut short. */
    compile_folder(1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(truncate(path, st.st_size - 8), 0);
    assert_int_equal(open_with("require", &used, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "damaged"));
    /* None beside the folder (the build tree's serves the source tree's
     * folder only). */
    unlink(path);
    assert_int_equal(open_with("require", &used, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "zh.bin: no such file"));
    loads_like_tsv();
}

/* A whole file that lacks a table it should hold (written by a boyin-tables
 * that knew fewer) is an error that names it, not a silent fallback. */
static void test_missing_table(void **state)
{
    (void)state;
    char err[4096];
    boyin_wordtables w;
    make_folder();
    compile_folder(0);
    assert_int_equal(boyin_wordtables_load(&w, g_tmp, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "zh.bin: table units is missing or damaged"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_matches_tsv),
        cmocka_unit_test(test_index_same_ranges),
        cmocka_unit_test(test_stale),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_missing_table),
    };
    return RUN_TESTS_IN_TMP(tests, g_tmp);
}
