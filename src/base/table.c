/* table.c - word tables for the text stages. */
#include "table.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "grow.h"
#include "lines.h"
#include "utf8.h"

/* An entry as it is parsed, before the table's block is built. */
typedef struct {
    int32_t *key;
    size_t klen;
    char *value, *extra;
    int value_kind, extra_kind;
} parsed;

/* Longest key first, and keys of one length in file order: lookups take
 * the first match, so the order is part of what a table means.  (qsort is
 * not stable everywhere.)  Tables have at most a few hundred entries. */
static void sort_by_length(parsed *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        parsed e = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1].klen < e.klen; j--)
            v[j] = v[j - 1];
        v[j] = e;
    }
}

/* The block's head: how many entries follow it. */
typedef struct {
    uint32_t n, zero;
} table_head;

/* Build t's block from the parsed entries, in their order. */
static int build(boyin_table *t, const parsed *v, size_t n)
{
    boyin_blob b = {0};
    table_head h = {(uint32_t)n, 0};
    boyin_blob_add(&b, &h, sizeof h, 8);
    size_t at = boyin_blob_add(&b, NULL, n * sizeof(boyin_entry), 8);
    for (size_t i = 0; i < n; i++) {
        size_t me = at + i * sizeof(boyin_entry);
        size_t key = boyin_blob_add(&b, v[i].key, v[i].klen * sizeof *v[i].key, sizeof *v[i].key);
        size_t value = boyin_blob_string(&b, v[i].value), extra = boyin_blob_string(&b, v[i].extra);
        boyin_entry e = {(int32_t)(key - me), (uint32_t)v[i].klen, (int32_t)(value - me), (int32_t)(extra - me),
                         v[i].value_kind, v[i].extra_kind};
        if (!b.failed)
            memcpy(b.b + me, &e, sizeof e);
    }
    if (b.failed || b.len > INT32_MAX) {
        boyin_blob_free(&b);
        return BOYIN_ENOMEM;
    }
    t->own = b.b;
    t->size = b.len;
    t->v = (const boyin_entry *)(const void *)(b.b + at);
    t->n = n;
    return BOYIN_OK;
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
    parsed *v = NULL;
    size_t n = 0, cap = 0;
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
        if (boyin_grow(&v, &cap, n + 1, sizeof *v)) {
            st = BOYIN_ENOMEM;
            break;
        }
        parsed *e = &v[n];
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
        n++;
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
    if (st == BOYIN_OK) {
        sort_by_length(v, n);
        st = build(t, v, n);
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].key), free(v[i].value), free(v[i].extra);
    free(v);
    return st;
}

void boyin_table_free(boyin_table *t)
{
    free(t->own);
    memset(t, 0, sizeof *t);
}

int boyin_table_compile(const boyin_table *t, boyin_compiler *k, const char *name)
{
    char file[256];
    snprintf(file, sizeof file, "%s.tsv", name);
    int st = boyin_compiler_source(k, file);
    return st ? st : boyin_compiler_section(k, name, t->own, t->size);
}

int boyin_table_map(boyin_table *t, const boyin_compiled *c, const char *name, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    const unsigned char *s = boyin_compiled_section(c, name, &len);
    table_head h = {0, 0};
    if (s && len >= sizeof h)
        memcpy(&h, s, sizeof h);
    int ok = s && len >= sizeof h && h.n <= (len - sizeof h) / sizeof(boyin_entry);
    const boyin_entry *v = ok ? (const void *)(s + sizeof h) : NULL;
    /* Every offset inside the section: the checksum says the file is as
     * written, this that it was written right. */
    for (uint32_t i = 0; ok && i < h.n; i++) {
        int64_t me = (int64_t)(sizeof h + i * sizeof *v);
        int64_t key = me + v[i].key, value = me + v[i].value, extra = me + v[i].extra;
        ok = v[i].klen > 0 && key >= 0 && key % 4 == 0 && (uint64_t)key + (uint64_t)v[i].klen * 4 <= len &&
             value >= 0 && boyin_compiled_string_ok(s, len, (size_t)value) && extra >= 0 &&
             boyin_compiled_string_ok(s, len, (size_t)extra);
    }
    if (!ok) {
        snprintf(err, errlen, "%s: table %s is missing or damaged; delete the file or build again", c->path, name);
        return BOYIN_EDATA;
    }
    t->v = v;
    t->n = h.n;
    return BOYIN_OK;
}

const boyin_entry *boyin_table_prefix(const boyin_table *t, const int32_t *s, size_t n, size_t i)
{
    for (size_t k = 0; k < t->n; k++) {
        const boyin_entry *e = &t->v[k];
        if (i + e->klen <= n && memcmp(s + i, boyin_entry_key(e), e->klen * sizeof *s) == 0)
            return e;
    }
    return NULL;
}

const boyin_entry *boyin_table_suffix(const boyin_table *t, const int32_t *s, size_t i)
{
    for (size_t k = 0; k < t->n; k++) {
        const boyin_entry *e = &t->v[k];
        if (e->klen <= i && memcmp(s + i - e->klen, boyin_entry_key(e), e->klen * sizeof *s) == 0)
            return e;
    }
    return NULL;
}
