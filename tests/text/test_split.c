/* test_split.c - the streaming splitter: table cases and properties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "split.h"
#include "tsv.h"
#include "utf8.h"

#define SEP " \xE2\x80\x96 " /* " ‖ " */

typedef struct {
    boyin_chunk **v;
    size_t n;
} chunks;

static void collect(boyin_splitter *sp, chunks *out)
{
    boyin_chunk *c;
    while (boyin_splitter_next(sp, &c) == BOYIN_OK) {
        out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = c;
    }
}

static void chunks_free(chunks *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        boyin_chunk_destroy(cs->v[i]);
    free(cs->v);
    cs->v = NULL;
    cs->n = 0;
}

/* Split `text` fed in pieces of `step` bytes (0: all at once). */
static int split_all(const boyin_split_config *cfg, const char *text, size_t len, size_t step, chunks *out)
{
    boyin_splitter *sp;
    assert_int_equal(boyin_splitter_create(cfg, &sp), BOYIN_OK);
    boyin_splitter_begin_item(sp);
    int st = BOYIN_OK;
    if (!step)
        step = len ? len : 1;
    for (size_t at = 0; st == BOYIN_OK && at < len; at += step) {
        st = boyin_splitter_push(sp, text + at, len - at < step ? len - at : step);
        collect(sp, out);
    }
    if (st == BOYIN_OK)
        st = boyin_splitter_finish(sp);
    collect(sp, out);
    boyin_splitter_destroy(sp);
    return st;
}

static void config_from(const char *opts, boyin_split_config *cfg)
{
    boyin_split_config_init(cfg);
    const char *m = strstr(opts, "max=");
    if (m)
        cfg->max_chars = (unsigned)atoi(m + 4);
    cfg->join_lines = strstr(opts, "join") != NULL;
}

static char end_letter(boyin_end_kind k)
{
    return "XCSP"[k];
}

static void assert_same_chunks(const chunks *a, const chunks *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %zu chunks vs %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const boyin_chunk *x = a->v[i], *y = b->v[i];
        if (strcmp(x->text, y->text) || x->source_offset != y->source_offset ||
            x->source_length != y->source_length || x->end != y->end || x->paragraph != y->paragraph)
            fail_msg("%s: chunk %zu differs: '%s' vs '%s'", what, i + 1, x->text, y->text);
    }
}

static void test_table(void **state)
{
    (void)state;
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/split.tsv", &rows, &n), 0);
    assert_true(n >= 40);
    for (size_t r = 0; r < n; r++) {
        tsv_row *row = &rows[r];
        boyin_split_config cfg;
        config_from(row->cells[1], &cfg);
        chunks got = {0};
        assert_int_equal(split_all(&cfg, row->cells[2], row->lens[2], 0, &got), BOYIN_OK);
        char texts[4096] = "", ends[256] = "", paras[256] = "";
        for (size_t i = 0; i < got.n; i++) {
            size_t tl = strlen(texts), el = strlen(ends), pl = strlen(paras);
            snprintf(texts + tl, sizeof texts - tl, "%s%s", i ? SEP : "", got.v[i]->text);
            snprintf(ends + el, sizeof ends - el, "%s%c", i ? " " : "", end_letter(got.v[i]->end));
            snprintf(paras + pl, sizeof paras - pl, "%s%u", i ? " " : "", got.v[i]->paragraph);
        }
        if (strcmp(texts, row->cells[3]))
            fail_msg("split.tsv:%u %s: chunks\n  got:  %s\n  want: %s", row->line, row->cells[0], texts,
                     row->cells[3]);
        if (row->cells[4][0] && strcmp(ends, row->cells[4]))
            fail_msg("split.tsv:%u %s: ends got %s want %s", row->line, row->cells[0], ends, row->cells[4]);
        if (row->cells[5][0] && strcmp(paras, row->cells[5]))
            fail_msg("split.tsv:%u %s: paragraphs got %s want %s", row->line, row->cells[0], paras,
                     row->cells[5]);
        /* The same chunks however the bytes arrive. */
        for (size_t step = 1; step <= 3; step++) {
            chunks piecewise = {0};
            assert_int_equal(split_all(&cfg, row->cells[2], row->lens[2], step, &piecewise), BOYIN_OK);
            assert_same_chunks(&got, &piecewise, row->cells[0]);
            chunks_free(&piecewise);
        }
        chunks_free(&got);
    }
    tsv_free(rows, n);
}

static void check_file_properties(const char *path, int join)
{
    size_t len;
    char *text = read_file(path, &len);
    assert_non_null(text);
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    cfg.join_lines = join;
    chunks whole = {0}, bytewise = {0};
    assert_int_equal(split_all(&cfg, text, len, 0, &whole), BOYIN_OK);
    assert_int_equal(split_all(&cfg, text, len, 1, &bytewise), BOYIN_OK);
    assert_same_chunks(&whole, &bytewise, path);
    /* Nothing lost: the chunks reproduce the input but for whitespace. */
    size_t total = 0;
    for (size_t i = 0; i < whole.n; i++)
        total += strlen(whole.v[i]->text);
    char *joined = calloc(total + 1, 1);
    for (size_t i = 0; i < whole.n; i++) {
        const boyin_chunk *c = whole.v[i];
        strcat(joined, c->text);
        /* Each chunk's span holds its text; chunks never exceed max_chars. */
        char *span = strndup(text + c->source_offset, c->source_length);
        char *t = strdup(c->text);
        assert_string_equal(strip_space(span), strip_space(t));
        free(span);
        free(t);
        size_t chars = 0;
        for (const char *p = c->text; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80 && *p != ' ';
        assert_true(chars <= cfg.max_chars);
        assert_true(c->paragraph >= 1);
        if (i)
            assert_true(c->source_offset >= whole.v[i - 1]->source_offset + whole.v[i - 1]->source_length);
    }
    assert_string_equal(strip_space(joined), strip_space(text));
    free(joined);
    free(text);
    chunks_free(&whole);
    chunks_free(&bytewise);
}

static void test_example_article(void **state)
{
    (void)state;
    check_file_properties(BOYIN_EXAMPLE, 0);
    check_file_properties(BOYIN_EXAMPLE, 1);
}

/* A 300-character sentence with only commas: balanced pieces, none tiny. */
static void test_long_comma_sentence(void **state)
{
    (void)state;
    static const char *const clauses[] = {"各地要进一步加强组织领导", "落实属地责任", "强化部门协作",
                                          "做好物资储备和人员调配工作", "确保各项措施落地见效"};
    char text[8192] = "";
    size_t chars = 0, k = 0;
    while (chars < 300) {
        const char *cl = clauses[k++ % 5];
        strcat(text, cl);
        strcat(text, "，");
        chars += strlen(cl) / 3 + 1;
    }
    strcpy(text + strlen(text) - 3, "。");
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    chunks got = {0};
    assert_int_equal(split_all(&cfg, text, strlen(text), 0, &got), BOYIN_OK);
    size_t min = SIZE_MAX, max = 0;
    for (size_t i = 0; i < got.n; i++) {
        size_t n = strlen(got.v[i]->text) / 3;
        min = n < min ? n : min;
        max = n > max ? n : max;
        const char *t = got.v[i]->text;
        const char *tail = t + strlen(t) - 3;
        assert_string_equal(tail, i + 1 < got.n ? "，" : "。");
        assert_int_equal(got.v[i]->end, i + 1 < got.n ? BOYIN_END_CLAUSE : BOYIN_END_PARAGRAPH);
    }
    assert_true(max <= 60);
    assert_true(min >= 30); /* balanced: about 300 / 6 each, nothing tiny */
    assert_true(got.n <= 7);
    chunks_free(&got);
}

/* Endless digits: chunks come out before the input ends, in linear time. */
static void test_endless_digits_stream(void **state)
{
    (void)state;
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    boyin_splitter *sp;
    assert_int_equal(boyin_splitter_create(&cfg, &sp), BOYIN_OK);
    boyin_splitter_begin_item(sp);
    char block[4096];
    memset(block, '7', sizeof block);
    size_t emitted = 0;
    for (int i = 0; i < 250; i++) { /* 1 MB */
        assert_int_equal(boyin_splitter_push(sp, block, sizeof block), BOYIN_OK);
        boyin_chunk *c;
        while (boyin_splitter_next(sp, &c) == BOYIN_OK) {
            assert_true(strlen(c->text) <= 60);
            emitted += strlen(c->text);
            boyin_chunk_destroy(c);
        }
        if (i == 1)
            assert_true(emitted > 0); /* streaming, not waiting for the end */
    }
    assert_int_equal(boyin_splitter_finish(sp), BOYIN_OK);
    boyin_chunk *c;
    while (boyin_splitter_next(sp, &c) == BOYIN_OK) {
        emitted += strlen(c->text);
        boyin_chunk_destroy(c);
    }
    assert_int_equal(emitted, 250 * sizeof block);
    boyin_splitter_destroy(sp);
}

/* Runs of blanks: no slowdown, no growth, spans still cover them. */
static void test_blank_runs(void **state)
{
    (void)state;
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    size_t n = 1 << 20;
    char *text = malloc(n + 64);
    memset(text, ' ', n);
    strcpy(text + n, "中。");
    chunks got = {0};
    assert_int_equal(split_all(&cfg, text, strlen(text), 4096, &got), BOYIN_OK);
    assert_int_equal(got.n, 1);
    assert_string_equal(got.v[0]->text, "中。");
    assert_int_equal(got.v[0]->source_offset, n);
    chunks_free(&got);
    const char *spaced = "甲 \t  乙\r\n  丙。";
    assert_int_equal(split_all(&cfg, spaced, strlen(spaced), 1, &got), BOYIN_OK);
    assert_int_equal(got.n, 2);
    assert_string_equal(got.v[0]->text, "甲 乙");
    assert_int_equal(got.v[0]->source_length, strlen("甲 \t  乙"));
    assert_string_equal(got.v[1]->text, "丙。");
    assert_int_equal(got.v[1]->source_offset, strlen("甲 \t  乙\r\n  "));
    chunks_free(&got);
    free(text);
}

static void expect_error(const char *bytes, size_t len, size_t step, int status, uint64_t offset)
{
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    chunks got = {0};
    boyin_splitter *sp;
    assert_int_equal(boyin_splitter_create(&cfg, &sp), BOYIN_OK);
    boyin_splitter_begin_item(sp);
    int st = BOYIN_OK;
    for (size_t at = 0; st == BOYIN_OK && at < len; at += step)
        st = boyin_splitter_push(sp, bytes + at, len - at < step ? len - at : step);
    if (st == BOYIN_OK)
        st = boyin_splitter_finish(sp);
    assert_int_equal(st, status);
    assert_int_equal(boyin_splitter_error_offset(sp), offset);
    collect(sp, &got);
    chunks_free(&got);
    boyin_splitter_destroy(sp);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    for (size_t step = 1; step <= 7; step += 6) {
        expect_error("\xE4\xBD\xA0\xFF\xE5\xA5\xBD", 7, step, BOYIN_EUTF8, 3);      /* 0xFF */
        expect_error("\xE4\xBD\xA0\xE5\xA5", 5, step, BOYIN_EUTF8, 3);              /* truncated at end */
        expect_error("ab\xE5" "c", 4, step, BOYIN_EUTF8, 2);                        /* lead then ASCII */
        expect_error("ab\xC0\xAF", 4, step, BOYIN_EUTF8, 2);                        /* overlong */
        expect_error("\xED\xA0\x80", 3, step, BOYIN_EUTF8, 0);                      /* surrogate */
        expect_error("\xE4\xBD\xA0\x00x", 5, step, BOYIN_EBINARY, 3);               /* NUL */
        expect_error("ok\x01", 3, step, BOYIN_EBINARY, 2);                          /* control */
    }
}

static void test_items(void **state)
{
    (void)state;
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    boyin_splitter *sp;
    chunks got = {0};
    assert_int_equal(boyin_splitter_create(&cfg, &sp), BOYIN_OK);
    for (int item = 0; item < 2; item++) {
        boyin_splitter_begin_item(sp);
        assert_int_equal(boyin_splitter_push(sp, "甲。\n乙", 10), BOYIN_OK);
        assert_int_equal(boyin_splitter_finish(sp), BOYIN_OK);
        collect(sp, &got);
    }
    assert_int_equal(got.n, 4);
    assert_int_equal(got.v[2]->item, 2);
    assert_int_equal(got.v[2]->paragraph, 1);
    assert_int_equal(got.v[3]->source_offset, 7);
    assert_int_equal(got.v[3]->end, BOYIN_END_PARAGRAPH);
    assert_int_equal(got.v[0]->pause_after_ms, cfg.paragraph_pause_ms);
    chunks_free(&got);
    boyin_splitter_destroy(sp);
    boyin_splitter_destroy(NULL);
    boyin_chunk_destroy(NULL);
    cfg.max_chars = 2;
    assert_int_equal(boyin_splitter_create(&cfg, &sp), BOYIN_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_example_article),
        cmocka_unit_test(test_long_comma_sentence),
        cmocka_unit_test(test_endless_digits_stream),
        cmocka_unit_test(test_blank_runs),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
