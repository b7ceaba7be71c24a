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
        int32_t *key = malloc((len + 1) * sizeof *key);
        char *value = strdup(cols[1]), *extra = strdup(cols[2]);
        if (!key || !value || !extra) {
            free(key), free(value), free(extra);
            st = BOYIN_ENOMEM;
            break;
        }
        e->key = key, e->value = value, e->extra = extra;
        for (size_t i = 0; i < len;) {
            int r = boyin_utf8_next((const uint8_t *)cols[0] + i, len - i, &key[k]);
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
    for (size_t i = 0; t->v && !t->mapped && i < t->n; i++) {
        free((void *)t->v[i].key);
        free((void *)t->v[i].value);
        free((void *)t->v[i].extra);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* ---- compiled --------------------------------------------------------------
 * A table section: its entry count, then one record per entry in order;
 * keys (code points) and texts (NUL-terminated) after them, all offsets from
 * the section's start. */
typedef struct {
    uint32_t n, zero;
} table_head;

typedef struct {
    uint32_t key, klen, value, extra;
    int32_t value_kind, extra_kind;
} table_rec;

int boyin_table_compile(const boyin_table *t, boyin_blob *out)
{
    table_head h = {(uint32_t)t->n, 0};
    boyin_blob_add(out, &h, sizeof h, 8);
    size_t recs = boyin_blob_add(out, NULL, t->n * sizeof(table_rec), 8);
    for (size_t i = 0; i < t->n; i++) {
        const boyin_entry *e = &t->v[i];
        table_rec r = {0, (uint32_t)e->klen, 0, 0, e->value_kind, e->extra_kind};
        r.key = (uint32_t)boyin_blob_add(out, e->key, e->klen * sizeof *e->key, sizeof *e->key);
        r.value = (uint32_t)boyin_blob_string(out, e->value);
        r.extra = (uint32_t)boyin_blob_string(out, e->extra);
        if (!out->failed)
            memcpy(out->b + recs + i * sizeof r, &r, sizeof r);
    }
    return out->failed ? BOYIN_ENOMEM : BOYIN_OK;
}

int boyin_table_map(boyin_table *t, const boyin_compiled *c, const char *name, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    const unsigned char *s = boyin_compiled_section(c, name, &len);
    table_head h = {0, 0};
    if (s && len >= sizeof h)
        memcpy(&h, s, sizeof h);
    int ok = s && len >= sizeof h && h.n <= (len - sizeof h) / sizeof(table_rec);
    const table_rec *r = ok ? (const void *)(s + sizeof h) : NULL;
    if (ok && h.n && !(t->v = malloc(h.n * sizeof *t->v)))
        return BOYIN_ENOMEM;
    t->mapped = 1;
    for (uint32_t i = 0; ok && i < h.n; i++) {
        ok = r[i].key % sizeof(int32_t) == 0 && r[i].klen > 0 && r[i].key < len &&
             r[i].klen <= (len - r[i].key) / sizeof(int32_t) && boyin_compiled_string_ok(s, len, r[i].value) &&
             boyin_compiled_string_ok(s, len, r[i].extra);
        if (ok)
            t->v[i] = (boyin_entry){(const int32_t *)(const void *)(s + r[i].key), r[i].klen,
                                    (const char *)s + r[i].value, (const char *)s + r[i].extra, r[i].value_kind,
                                    r[i].extra_kind};
        t->n = i + 1;
    }
    if (!ok) {
        boyin_table_free(t);
        snprintf(err, errlen, "%s: table %s is missing or damaged; delete the file or build again", c->path, name);
        return BOYIN_EDATA;
    }
    t->n = h.n;
    return BOYIN_OK;
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
