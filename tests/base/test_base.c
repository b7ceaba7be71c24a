/* test_base.c - status texts, voice files and word tables (src/base). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"
#include "charclass.h"
#include "table.h"
#include "tsv.h"
#include "utf8.h"
#include "voice.h"

static char g_tmp[] = "/tmp/boyin-test-XXXXXX";

static void test_strerror(void **state)
{
    (void)state;
    for (int st = BOYIN_NEED_MORE; st >= BOYIN_EINTERRUPTED; st--)
        assert_string_not_equal(boyin_strerror(st), "unknown error");
    assert_string_equal(boyin_strerror(-999), "unknown error");
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
    save_text(path, "# comment\nespeak cmn\nrate fast\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "bad.voice:3: rate"));
    save_text(path, "espeak cmn\ncolour blue\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "bad.voice:2: unknown"));
    save_text(path, "rate 200\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_EDATA);
    save_text(path, "espeak cmn   # engine\r\nsentence_pause 500\n");
    assert_int_equal(boyin_voice_load(g_tmp, "bad", &v, err, sizeof err), BOYIN_OK);
    assert_string_equal(v.espeak, "cmn");
    assert_int_equal(v.sentence_pause_ms, 500);
    assert_int_equal(v.rate, -1);
    unlink(path);
    rmdir(dir);
}

/* Write <g_tmp>/voices/zh/<name>.tsv. */
static void write_table(const char *name, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/voices", g_tmp);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/voices/zh", g_tmp);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/voices/zh/%s.tsv", g_tmp, name);
    assert_int_equal(save_text(path, text), 0);
}

/* A line of any length is one entry (no fixed-size line buffer). */
static void test_table_long_line(void **state)
{
    (void)state;
    size_t nkey = 1000; /* 3,000 bytes of key */
    char *text = malloc(nkey * 3 + 64);
    char *w = text;
    w += sprintf(w, "# a long key\n");
    for (size_t i = 0; i < nkey; i++)
        w += sprintf(w, "长");
    sprintf(w, "\tvalue\textra\r\n短\tv\n");
    write_table("long", text);
    free(text);
    boyin_table t;
    char err[600];
    assert_int_equal(boyin_table_load(&t, g_tmp, "long", err, sizeof err), BOYIN_OK);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.v[0].klen, nkey); /* sorted longest first */
    assert_string_equal(boyin_entry_value(&t.v[0]), "value");
    assert_string_equal(boyin_entry_extra(&t.v[0]), "extra");
    assert_int_equal(t.v[1].klen, 1);
    boyin_table_free(&t);
    assert_int_equal(boyin_table_load(&t, g_tmp, "missing", err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "missing.tsv"));
    boyin_table_free(&t);
}

/* Kind columns are parsed at load; a word not in the list is an error that
 * names the file, the line and the words allowed. */
static void test_table_kinds(void **state)
{
    (void)state;
    static const char *const KINDS[] = {"label", "bracket", "phrase", NULL};
    static const char *const WHERE[] = {"", "after", NULL};
    boyin_table_kinds kinds = {KINDS, WHERE};
    boyin_table t;
    char err[600], want[600];
    write_table("kinds", "# word\tkind\twhere\n编辑\tlabel\n记者\tbracket\tafter\n");
    assert_int_equal(boyin_table_load_kinds(&t, g_tmp, "kinds", &kinds, err, sizeof err), BOYIN_OK);
    assert_int_equal(t.n, 2);
    for (size_t k = 0; k < t.n; k++) {
        int label = boyin_entry_key(&t.v[k])[0] == 0x7F16; /* 编 */
        assert_int_equal(t.v[k].value_kind, label ? 0 : 1);
        assert_int_equal(t.v[k].extra_kind, label ? 0 : 1);
    }
    boyin_table_free(&t);
    write_table("kinds", "编辑\tlabel\n记者\tbraket\n");
    assert_int_equal(boyin_table_load_kinds(&t, g_tmp, "kinds", &kinds, err, sizeof err), BOYIN_EDATA);
    snprintf(want, sizeof want, "%s/voices/zh/kinds.tsv:2: unknown kind 'braket'; use one of label, bracket, phrase",
             g_tmp);
    assert_string_equal(err, want);
    assert_int_equal(t.n, 0);
    write_table("kinds", "编辑\tlabel\tbefore\n");
    assert_int_equal(boyin_table_load_kinds(&t, g_tmp, "kinds", &kinds, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "kinds.tsv:1: unknown kind 'before'; use one of after or nothing"));
    write_table("kinds", "编辑\n");
    assert_int_equal(boyin_table_load_kinds(&t, g_tmp, "kinds", &kinds, err, sizeof err), BOYIN_EDATA);
    assert_non_null(strstr(err, "kinds.tsv:1: unknown kind ''"));
    /* Without kinds every column is free text. */
    assert_int_equal(boyin_table_load(&t, g_tmp, "kinds", err, sizeof err), BOYIN_OK);
    boyin_table_free(&t);
}

/* Every entry of the class table is found (a table out of order would lose
 * some), and characters outside it have no class. */
static void test_char_classes(void **state)
{
    (void)state;
    static const struct {
        const char *chars;
        unsigned flags;
    } CASES[] = {
        {"。！？!?｡．‼⁇⁉", BOYIN_CC_STOP},
        {"…⋯", BOYIN_CC_ELLIPSIS},
        {"“‘「『《〈", BOYIN_CC_OPEN},
        {"（([［｛【〔〖", BOYIN_CC_OPEN | BOYIN_CC_BRACKET},
        {"”’」』》〉＂", BOYIN_CC_CLOSE},
        {"）)]］｝】〕〗", BOYIN_CC_CLOSE | BOYIN_CC_BRACKET},
        {"；;", BOYIN_CC_SEMICOLON},
        {"：:", BOYIN_CC_COLON},
        {"，、,､", BOYIN_CC_COMMA},
        {"—―", BOYIN_CC_DASH},
        {"-~～—–〜", BOYIN_CC_RANGE},
        {"0123456789０１２３４５６７８９", BOYIN_CC_DIGIT},
        {"零〇一二三四五六七八九十两幺", BOYIN_CC_HAN_NUMERAL},
        {"百千万亿萬億", BOYIN_CC_HAN_MAGNITUDE},
    };
    int count = 0;
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        const char *p = CASES[k].chars;
        size_t n = strlen(p);
        for (size_t i = 0; i < n;) {
            int32_t cp;
            int r = boyin_utf8_next((const uint8_t *)p + i, n - i, &cp);
            assert_true(r > 0);
            if (!boyin_char_is((uint32_t)cp, CASES[k].flags))
                fail_msg("U+%04X: class %#x, want %#x", (unsigned)cp, boyin_char_class((uint32_t)cp), CASES[k].flags);
            i += (size_t)r;
            count++;
        }
    }
    assert_int_equal(count, 97); /* the 78 entries of the table: 20 digits in two ranges, — in two rows */
    const char *none = "aZ中的\"'.#";
    for (const char *p = none; *p; p++)
        assert_int_equal(boyin_char_class((unsigned char)*p), 0);
    assert_int_equal(boyin_char_class(0x4E01), 0);
    assert_int_equal(boyin_char_class(0xFFFFFFFFu), 0);
    assert_int_equal(boyin_char_class(0), 0);
    assert_false(boyin_char_is(0x300A, BOYIN_CC_OPEN | BOYIN_CC_BRACKET)); /* 《 is a title mark */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_voices),
        cmocka_unit_test(test_table_long_line),
        cmocka_unit_test(test_table_kinds),
        cmocka_unit_test(test_char_classes),
    };
    return RUN_TESTS_IN_TMP(tests, g_tmp);
}
