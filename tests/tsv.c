/* tsv.c - test table reader. */
#include "tsv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

static size_t unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r != '\\' || !r[1]) {
            *w++ = *r;
            continue;
        }
        r++;
        switch (*r) {
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'x': {
            char hex[3] = {r[1], r[1] ? r[2] : 0, 0};
            *w++ = (char)strtoul(hex, NULL, 16);
            r += 2;
            break;
        }
        default: *w++ = *r; break;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

int tsv_read(const char *path, tsv_row **rows, size_t *nrows)
{
    char *text = read_file(path, NULL);
    if (!text)
        return -1;
    size_t cap = 64, n = 0;
    tsv_row *out = calloc(cap, sizeof *out);
    unsigned lineno = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (n == cap) {
            cap *= 2;
            out = realloc(out, cap * sizeof *out);
        }
        tsv_row *row = &out[n++];
        memset(row, 0, sizeof *row);
        row->line = lineno;
        char *cell = line;
        for (int c = 0; c < TSV_MAX_COLS; c++) {
            char *tab = cell ? strchr(cell, '\t') : NULL;
            if (tab)
                *tab = '\0';
            row->cells[c] = strdup(cell ? cell : "");
            row->lens[c] = unescape(row->cells[c]);
            if (cell)
                row->ncols = c + 1;
            cell = tab ? tab + 1 : NULL;
        }
    }
    free(text);
    *rows = out;
    *nrows = n;
    return 0;
}

void tsv_free(tsv_row *rows, size_t nrows)
{
    for (size_t i = 0; i < nrows; i++)
        for (int c = 0; c < TSV_MAX_COLS; c++)
            free(rows[i].cells[c]);
    free(rows);
}

char *strip_space(char *s)
{
    size_t len = strlen(s), w = 0, i = 0;
    while (i < len) {
        int32_t cp;
        int r = boyin_utf8_next((const uint8_t *)s + i, len - i, &cp);
        if (r <= 0) { /* not UTF-8: keep the byte */
            r = 1;
            cp = -1;
        }
        if (!boyin_utf8_is_space(cp)) {
            memmove(s + w, s + i, (size_t)r);
            w += (size_t)r;
        }
        i += (size_t)r;
    }
    s[w] = '\0';
    return s;
}

int save_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int run_tests_in_tmp(const struct CMUnitTest *tests, size_t ntests, char *dir)
{
    if (!mkdtemp(dir))
        return 1;
    int r = _cmocka_run_group_tests("tests", tests, ntests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? r : 1;
}
