/* table.c - word tables for the text stages. */
#include "table.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "lines.h"
#include "utf8.h"

/* Longest key first, and keys of one length in file order: lookups take
 * the first match, so the order is part of what a table means.  (qsort is
 * not stable everywhere.)  Tables have at most a few hundred entries. */
static void sort_by_length(boyin_entry *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        boyin_entry e = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1].klen < e.klen; j--)
            v[j] = v[j - 1];
        v[j] = e;
    }
}

/* The index of word in the NULL-terminated list `kinds`, or -1 with the
 * message in err. */
static int parse_kind(const char *const *kinds, const char *word, const char *path, unsigned long line, char *err,
                      size_t errlen)
{
    for (int k = 0; kinds[k]; k++)
        if (strcmp(kinds[k], word) == 0)
            return k;
    int n = snprintf(err, errlen, "%s:%lu: unknown kind '%s'; use one of ", path, line, word);
    const char *sep = "", *empty = "";
    for (int k = 0; kinds[k] && n >= 0 && (size_t)n < errlen; k++) {
        if (!kinds[k][0]) {
            empty = " or nothing";
            continue;
        }
        n += snprintf(err + n, errlen - (size_t)n, "%s%s", sep, kinds[k]);
        sep = ", ";
    }
    if (n >= 0 && (size_t)n < errlen)
        snprintf(err + n, errlen - (size_t)n, "%s", empty);
    return -1;
}

int boyin_table_load(boyin_table *t, const char *data_dir, const char *name, char *err, size_t errlen)
{
    return boyin_table_load_kinds(t, data_dir, name, NULL, err, errlen);
}

int boyin_table_load_kinds(boyin_table *t, const char *data_dir, const char *name, const boyin_table_kinds *kinds,
                           char *err, size_t errlen)
{
    char path[PATH_MAX];
    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/voices/zh/%s.tsv", data_dir, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s", path);
        return BOYIN_EDATA;
    }
    size_t cap = 0;
    boyin_lines lines = BOYIN_LINES_INIT;
    char *line;
    int st = BOYIN_OK;
    while (st == BOYIN_OK && (line = boyin_lines_next(&lines, f))) {
        if (!line[0] || line[0] == '#')
            continue;
        char *cols[3] = {line, "", ""};
        for (int c = 1; c < 3; c++) {
            char *tab = strchr(cols[c - 1], '\t');
            if (!tab)
                break;
            *tab = '\0';
            cols[c] = tab + 1;
        }
        if (t->n == cap) {
            cap = cap ? cap * 2 : 32;
            boyin_entry *nv = realloc(t->v, cap * sizeof *nv);
            if (!nv) {
                st = BOYIN_ENOMEM;
                break;
            }
            t->v = nv;
        }
        boyin_entry *e = &t->v[t->n];
        size_t len = strlen(cols[0]), k = 0;
        e->key = malloc((len + 1) * sizeof *e->key);
        e->value = strdup(cols[1]);
        e->extra = strdup(cols[2]);
        if (!e->key || !e->value || !e->extra) {
            free(e->key), free(e->value), free(e->extra);
            st = BOYIN_ENOMEM;
            break;
        }
        for (size_t i = 0; i < len;) {
            int r = boyin_utf8_next((const uint8_t *)cols[0] + i, len - i, &e->key[k]);
            if (r <= 0) {
                snprintf(err, errlen, "%s:%lu: not valid UTF-8", path, lines.line);
                st = BOYIN_EDATA;
                break;
            }
            i += (size_t)r;
            k++;
        }
        e->klen = k;
        e->value_kind = e->extra_kind = 0;
        t->n++;
        if (st == BOYIN_OK && kinds && kinds->value &&
            (e->value_kind = parse_kind(kinds->value, e->value, path, lines.line, err, errlen)) < 0)
            st = BOYIN_EDATA;
        if (st == BOYIN_OK && kinds && kinds->extra &&
            (e->extra_kind = parse_kind(kinds->extra, e->extra, path, lines.line, err, errlen)) < 0)
            st = BOYIN_EDATA;
        if (st == BOYIN_OK && k == 0) {
            snprintf(err, errlen, "%s:%lu: empty key", path, lines.line);
            st = BOYIN_EDATA;
        }
    }
    if (st == BOYIN_OK && (st = boyin_lines_end(f)) != BOYIN_OK)
        snprintf(err, errlen, "cannot read %s", path);
    boyin_lines_free(&lines);
    fclose(f);
    if (st != BOYIN_OK) {
        boyin_table_free(t);
        return st;
    }
    sort_by_length(t->v, t->n);
    return BOYIN_OK;
}

void boyin_table_free(boyin_table *t)
{
    for (size_t i = 0; t->v && i < t->n; i++) {
        free(t->v[i].key);
        free(t->v[i].value);
        free(t->v[i].extra);
    }
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

const boyin_entry *boyin_table_prefix(const boyin_table *t, const int32_t *s, size_t n, size_t i)
{
    for (size_t k = 0; k < t->n; k++) {
        const boyin_entry *e = &t->v[k];
        if (i + e->klen <= n && memcmp(s + i, e->key, e->klen * sizeof *s) == 0)
            return e;
    }
    return NULL;
}

const boyin_entry *boyin_table_suffix(const boyin_table *t, const int32_t *s, size_t i)
{
    for (size_t k = 0; k < t->n; k++) {
        const boyin_entry *e = &t->v[k];
        if (e->klen <= i && memcmp(s + i - e->klen, e->key, e->klen * sizeof *s) == 0)
            return e;
    }
    return NULL;
}
