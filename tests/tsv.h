/*
 * tsv.h - reading test tables (the .tsv files in tests/data), one case per line, columns
 * separated by tabs, '#' lines and blank lines ignored.  Cells may use the
 * escapes \n \r \t \\ and \xHH (a raw byte).
 */
#ifndef BOYIN_TEST_TSV_H
#define BOYIN_TEST_TSV_H

#include <stddef.h>

struct CMUnitTest;

#define TSV_MAX_COLS 8

typedef struct {
    char *cells[TSV_MAX_COLS]; /* unescaped, NUL-terminated; missing ones are "" */
    size_t lens[TSV_MAX_COLS]; /* byte lengths (cells may hold NUL via \x00) */
    int ncols;
    unsigned line;
} tsv_row;

/* Read every row of `path`; *rows is malloc'd (free with tsv_free). */
int tsv_read(const char *path, tsv_row **rows, size_t *nrows);
void tsv_free(tsv_row *rows, size_t nrows);

/* Read a whole file into a malloc'd buffer (NUL-terminated); NULL on failure. */
char *read_file(const char *path, size_t *len);

/* Write text to path (created or truncated); 0 on success, -1 on failure. */
int save_text(const char *path, const char *text);

/* Run the cmocka tests in a fresh folder under /tmp (its path in `dir`,
 * which holds a template such as "/tmp/boyin-test-XXXXXX"), then remove it
 * with all it holds.  Returns what cmocka returns, 1 when the folder cannot
 * be made or removed. */
int run_tests_in_tmp(const struct CMUnitTest *tests, size_t ntests, char *dir);
#define RUN_TESTS_IN_TMP(tests, dir) run_tests_in_tmp(tests, sizeof tests / sizeof tests[0], dir)

/* Remove all whitespace from the UTF-8 string s, in place; returns s. */
char *strip_space(char *s);

#endif
