/* rules.c - polyphones.tsv and neutral-tones.tsv, parsed once into rules and kinds. */
#define _GNU_SOURCE /* strtok_r, strdup */
#include "rules.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "lines.h"
#include "utf8.h"

/* The names of the kinds, in the order of their enums: the files name them,
 * the error messages list them. */
static const char *const where_names[] = {"next", "prev", "nextword", "after", "before", "name",
                                          "honor", "double", "start", "end", "word", "always"};
static const char *const neutral_names[] = {"light", "word", "formal"};
#define NNAMES(a) (sizeof a / sizeof *a)

/* The index of s among names[0..n), or -1. */
static int kind_of(const char *s, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(s, names[k]) == 0)
            return (int)k;
    return -1;
}

static int unknown_kind(char *err, size_t errlen, const char *path, unsigned long line, const char *s,
                        const char *const *names, size_t n)
{
    char list[160];
    size_t w = 0;
    list[0] = '\0';
    for (size_t k = 0; k < n && w < sizeof list; k++)
        w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", k ? "|" : "", names[k]);
    snprintf(err, errlen, "%s:%lu: unknown kind '%s'; use one of %s", path, line, s, list);
    return BOYIN_EDATA;
}

/* Add the space-separated contexts in `list` to r; `@name` stands for the
 * contexts of a set defined earlier. */
static int add_contexts(boyin_rule *r, const char *list, char *const *sets, size_t nsets)
{
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        return BOYIN_ENOMEM;
    int st = BOYIN_OK;
    for (char *t = strtok_r(copy, " ", &save); t && st == BOYIN_OK; t = strtok_r(NULL, " ", &save)) {
        if (t[0] == '@') {
            size_t k = 0, tl = strlen(t);
            while (k < nsets && !(strncmp(sets[k], t, tl) == 0 && sets[k][tl] == '\t'))
                k++;
            st = k < nsets ? add_contexts(r, sets[k] + tl + 1, NULL, 0) : BOYIN_EDATA;
            continue;
        }
        const char **nx = realloc(r->ctx, (r->nctx + 1) * sizeof *nx);
        if (!nx || !(nx[r->nctx] = strdup(t))) {
            if (nx)
                r->ctx = nx;
            st = BOYIN_ENOMEM;
            break;
        }
        r->ctx = nx;
        r->nctx++;
    }
    free(copy);
    return st;
}

static void rule_free(boyin_rule *r)
{
    for (size_t k = 0; k < r->nctx; k++)
        free((void *)r->ctx[k]);
    free(r->ctx);
}

static void add_honor_split(boyin_rules *rs, const char *t)
{
    for (size_t k = 0, tl = strlen(t); k < tl;) {
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)t + k, tl - k, &cp);
        if (m <= 0)
            break;
        if (cp != ' ' && rs->nhonor_split < 64)
            rs->honor_split[rs->nhonor_split++] = cp;
        k += (size_t)m;
    }
}

/* One rule line, char<TAB>reading<TAB>where<TAB>contexts, cut in place. */
static int parse_rule(char *line, boyin_rule *r, char *const *sets, size_t nsets, const char *path,
                      unsigned long lineno, char *err, size_t errlen)
{
    char *cols[4] = {0};
    char *save = NULL;
    int nc = 0;
    for (char *t = strtok_r(line, "\t", &save); t && nc < 4; t = strtok_r(NULL, "\t", &save))
        cols[nc++] = t;
    int32_t cp = 0;
    int ok = nc >= 3;
    int m = ok ? boyin_utf8_next((const uint8_t *)cols[0], strlen(cols[0]), &cp) : 0;
    ok = ok && m > 0 && cols[0][m] == '\0' && boyin_syllable_parse(cols[1], strlen(cols[1]), r->reading);
    int where = ok ? kind_of(cols[2], where_names, NNAMES(where_names)) : -1;
    if (ok && where < 0)
        return unknown_kind(err, errlen, path, lineno, cols[2], where_names, NNAMES(where_names));
    r->cp = cp;
    r->where = ok ? (boyin_where)where : BOYIN_AT_ALWAYS;
    int bare = r->where == BOYIN_AT_ALWAYS || r->where == BOYIN_AT_DOUBLE || r->where == BOYIN_AT_START ||
               r->where == BOYIN_AT_END || r->where == BOYIN_AT_WORD;
    ok = ok && (bare || nc == 4);
    int st = BOYIN_OK;
    if (ok && nc == 4 && (st = add_contexts(r, cols[3], sets, nsets)) == BOYIN_EDATA)
        ok = 0;
    if (!ok) {
        snprintf(err, errlen, "%s:%lu: expected char<TAB>reading<TAB>next|prev|nextword|after|before|name|honor|"
                 "double|start|end|word|always<TAB>contexts (@sets defined above)", path, lineno);
        st = BOYIN_EDATA;
    }
    return st;
}

static int load_polyphones(boyin_rules *rs, const char *data_dir, char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/voices/zh/polyphones.tsv", data_dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s; reinstall boyin or set BOYIN_DATA_DIR", path);
        return BOYIN_EDATA;
    }
    boyin_lines lr = BOYIN_LINES_INIT;
    char **sets = NULL; /* "@name<TAB>contexts" */
    size_t nsets = 0;
    int st = BOYIN_OK;
    char *line;
    while (st == BOYIN_OK && (line = boyin_lines_next(&lr, f))) {
        if (!line[0] || line[0] == '#')
            continue;
        if (strncmp(line, "@honor-split\t", 13) == 0) {
            add_honor_split(rs, line + 13);
            continue;
        }
        if (line[0] == '@') {
            char **ns = strchr(line, '\t') ? realloc(sets, (nsets + 1) * sizeof *ns) : NULL;
            if (!ns || !(ns[nsets] = strdup(line))) {
                if (ns)
                    sets = ns;
                snprintf(err, errlen, "%s:%lu: expected @name<TAB>contexts", path, lr.line);
                st = BOYIN_EDATA;
                break;
            }
            sets = ns;
            nsets++;
            continue;
        }
        boyin_rule r = {0};
        st = parse_rule(line, &r, sets, nsets, path, lr.line, err, errlen);
        boyin_rule *nr = st == BOYIN_OK ? realloc(rs->v, (rs->n + 1) * sizeof *nr) : NULL;
        if (!nr) {
            rule_free(&r);
            st = st ? st : BOYIN_ENOMEM;
            break;
        }
        rs->v = nr;
        rs->v[rs->n++] = r;
    }
    if (st == BOYIN_OK && ferror(f)) {
        snprintf(err, errlen, "cannot read %s; reinstall boyin or set BOYIN_DATA_DIR", path);
        st = BOYIN_EDATA;
    }
    for (size_t k = 0; k < nsets; k++)
        free(sets[k]);
    free(sets);
    boyin_lines_free(&lr);
    fclose(f);
    return st;
}

/* Count the code points of UTF-8 s[0..n) (a bad byte counts as one). */
static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; c++) {
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)s + i, n - i, &cp);
        i += m > 0 ? (size_t)m : 1;
    }
    return c;
}

/* Check each line of neutral-tones.tsv for its kind and shape, with its line
 * number.  The table (table.h) keeps no line numbers and sorts its entries,
 * so the file is read once more for the messages. */
static int check_neutral(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s", path);
        return BOYIN_EDATA;
    }
    boyin_lines lr = BOYIN_LINES_INIT;
    int st = BOYIN_OK;
    char *line;
    while (st == BOYIN_OK && (line = boyin_lines_next(&lr, f))) {
        if (!line[0] || line[0] == '#')
            continue;
        size_t kl = strcspn(line, "\t");
        char *kind = line + kl + (line[kl] == '\t');
        size_t vl = strcspn(kind, "\t");
        const char *extra = kind[vl] ? kind + vl + 1 : "";
        kind[vl] = '\0';
        int k = kind_of(kind, neutral_names, NNAMES(neutral_names));
        if (k < 0) {
            st = unknown_kind(err, errlen, path, lr.line, kind, neutral_names, NNAMES(neutral_names));
            break;
        }
        size_t chars = count_chars(line, kl), syls = 0;
        for (const char *c = extra; *c; c++)
            syls += *c != ' ' && (c == extra || c[-1] == ' ');
        int ok = (k == BOYIN_NEUTRAL_LIGHT && chars == 1 && !*extra) ||
                 (k == BOYIN_NEUTRAL_WORD && chars >= 2 && !*extra) ||
                 (k == BOYIN_NEUTRAL_FORMAL && chars >= 2 && syls == chars);
        if (!ok) {
            snprintf(err, errlen, "%s:%lu: expected a character<TAB>light, a word<TAB>word, or a "
                     "word<TAB>formal<TAB>one syllable per character", path, lr.line);
            st = BOYIN_EDATA;
        }
    }
    boyin_lines_free(&lr);
    fclose(f);
    return st;
}

static int load_neutral(boyin_rules *rs, const char *data_dir, char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/voices/zh/neutral-tones.tsv", data_dir);
    int st = boyin_table_load(&rs->neutral, data_dir, "neutral-tones", err, errlen);
    if (st == BOYIN_OK)
        st = check_neutral(path, err, errlen);
    unsigned char *kinds = st == BOYIN_OK ? malloc(rs->neutral.n + 1) : NULL;
    if (st == BOYIN_OK && !kinds)
        st = BOYIN_ENOMEM;
    for (size_t i = 0; st == BOYIN_OK && i < rs->neutral.n; i++) /* every kind was checked above */
        kinds[i] = (unsigned char)kind_of(rs->neutral.v[i].value, neutral_names, NNAMES(neutral_names));
    rs->neutral_kind = kinds;
    return st;
}

int boyin_rules_load_tsv(boyin_rules *r, const char *data_dir, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    int st = load_polyphones(r, data_dir, err, errlen);
    if (st == BOYIN_OK)
        st = load_neutral(r, data_dir, err, errlen);
    if (st)
        boyin_rules_free(r);
    return st;
}

void boyin_rules_free(boyin_rules *r)
{
    for (size_t i = 0; !r->compiled.p && i < r->n; i++)
        rule_free(&r->v[i]);
    free(r->v);
    boyin_table_free(&r->neutral);
    if (!r->compiled.p)
        free((void *)r->neutral_kind);
    free(r->ctx_all);
    boyin_compiled_close(&r->compiled);
    memset(r, 0, sizeof *r);
}

/* ---- compiled ----------------------------------------------------------------
 * Section "polyphones": a head, one record per rule in file order, the
 * offsets of the contexts (each rule's nctx from ctx_first), the
 * @honor-split characters, then the texts.  Section "neutral-tones": the
 * table; "neutral-kinds": one byte per entry. */
typedef struct {
    uint32_t nrules, nctx, nhonor, zero;
} rules_head;

typedef struct {
    int32_t cp;
    uint32_t where, ctx_first, nctx;
    char reading[BOYIN_SYL];
} rule_rec;

static int compile_polyphones(const boyin_rules *r, boyin_blob *b)
{
    size_t nctx = 0;
    for (size_t i = 0; i < r->n; i++)
        nctx += r->v[i].nctx;
    rules_head h = {(uint32_t)r->n, (uint32_t)nctx, (uint32_t)r->nhonor_split, 0};
    boyin_blob_add(b, &h, sizeof h, 8);
    size_t recs = boyin_blob_add(b, NULL, r->n * sizeof(rule_rec), 8);
    size_t ctx = boyin_blob_add(b, NULL, nctx * sizeof(uint32_t), 8);
    boyin_blob_add(b, r->honor_split, r->nhonor_split * sizeof *r->honor_split, 8);
    for (size_t i = 0, c = 0; i < r->n; i++) {
        const boyin_rule *ru = &r->v[i];
        rule_rec rec = {ru->cp, (uint32_t)ru->where, (uint32_t)c, (uint32_t)ru->nctx, {0}};
        memcpy(rec.reading, ru->reading, BOYIN_SYL);
        for (size_t k = 0; k < ru->nctx; k++, c++) {
            uint32_t at = (uint32_t)boyin_blob_string(b, ru->ctx[k]);
            if (!b->failed)
                memcpy(b->b + ctx + c * sizeof at, &at, sizeof at);
        }
        if (!b->failed)
            memcpy(b->b + recs + i * sizeof rec, &rec, sizeof rec);
    }
    return b->failed ? BOYIN_ENOMEM : BOYIN_OK;
}

int boyin_rules_compile(const boyin_rules *r, boyin_compiler *k)
{
    boyin_blob poly = {0}, neutral = {0}, kinds = {0};
    int st = boyin_compiler_source(k, "polyphones.tsv");
    if (st == BOYIN_OK)
        st = boyin_compiler_source(k, "neutral-tones.tsv");
    if (st == BOYIN_OK && (st = compile_polyphones(r, &poly)) == BOYIN_OK)
        st = boyin_compiler_section(k, "polyphones", &poly);
    if (st == BOYIN_OK && (st = boyin_table_compile(&r->neutral, &neutral)) == BOYIN_OK)
        st = boyin_compiler_section(k, "neutral-tones", &neutral);
    boyin_blob_add(&kinds, r->neutral_kind, r->neutral.n, 1);
    if (st == BOYIN_OK)
        st = boyin_compiler_section(k, "neutral-kinds", &kinds);
    boyin_blob_free(&poly);
    boyin_blob_free(&neutral);
    boyin_blob_free(&kinds);
    return st;
}

/* The rules from the mapped sections, checked against their bounds. */
static int map_polyphones(boyin_rules *r)
{
    size_t len = 0;
    const unsigned char *s = boyin_compiled_section(&r->compiled, "polyphones", &len);
    rules_head h;
    if (!s || len < sizeof h)
        return BOYIN_EDATA;
    memcpy(&h, s, sizeof h);
    size_t recs = sizeof h, ctx = recs + (size_t)h.nrules * sizeof(rule_rec);
    size_t honor = (ctx + (size_t)h.nctx * sizeof(uint32_t) + 7) / 8 * 8;
    if (h.nrules > len || h.nctx > len || h.nhonor > 64 || honor + h.nhonor * sizeof(int32_t) > len)
        return BOYIN_EDATA;
    const rule_rec *rec = (const void *)(s + recs);
    const uint32_t *at = (const void *)(s + ctx);
    r->v = calloc(h.nrules ? h.nrules : 1, sizeof *r->v);
    r->ctx_all = malloc((h.nctx ? h.nctx : 1) * sizeof *r->ctx_all);
    if (!r->v || !r->ctx_all)
        return BOYIN_ENOMEM;
    for (uint32_t c = 0; c < h.nctx; c++) {
        if (!boyin_compiled_string_ok(s, len, at[c]))
            return BOYIN_EDATA;
        r->ctx_all[c] = (const char *)s + at[c];
    }
    for (uint32_t i = 0; i < h.nrules; i++) {
        if (rec[i].ctx_first > h.nctx || rec[i].nctx > h.nctx - rec[i].ctx_first || rec[i].where > BOYIN_AT_ALWAYS ||
            rec[i].reading[BOYIN_SYL - 1])
            return BOYIN_EDATA;
        boyin_rule *ru = &r->v[i];
        ru->cp = rec[i].cp;
        memcpy(ru->reading, rec[i].reading, BOYIN_SYL);
        ru->where = (boyin_where)rec[i].where;
        ru->ctx = r->ctx_all + rec[i].ctx_first;
        ru->nctx = rec[i].nctx;
        r->n = i + 1;
    }
    memcpy(r->honor_split, s + honor, h.nhonor * sizeof(int32_t));
    r->nhonor_split = h.nhonor;
    return BOYIN_OK;
}

int boyin_rules_load(boyin_rules *r, const char *data_dir, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    int st = boyin_compiled_open(&r->compiled, data_dir, "zh", err, errlen);
    if (st || !r->compiled.p)
        return st ? st : boyin_rules_load_tsv(r, data_dir, err, errlen);
    size_t nk = 0;
    const unsigned char *kinds = NULL;
    if ((st = map_polyphones(r)) == BOYIN_EDATA)
        snprintf(err, errlen, "%s: the polyphone rules are missing or damaged; delete the file or build again",
                 r->compiled.path);
    if (st == BOYIN_OK)
        st = boyin_table_map(&r->neutral, &r->compiled, "neutral-tones", err, errlen);
    if (st == BOYIN_OK && (kinds = boyin_compiled_section(&r->compiled, "neutral-kinds", &nk)) && nk == r->neutral.n)
        for (size_t i = 0; kinds && i < nk; i++)
            if (kinds[i] > BOYIN_NEUTRAL_FORMAL)
                kinds = NULL;
    if (st == BOYIN_OK && (!kinds || nk != r->neutral.n)) {
        snprintf(err, errlen, "%s: the neutral tones are missing or damaged; delete the file or build again",
                 r->compiled.path);
        st = BOYIN_EDATA;
    }
    if (st) {
        boyin_rules_free(r);
        return st;
    }
    r->neutral_kind = kinds;
    return BOYIN_OK;
}

boyin_neutral_kind boyin_rules_neutral_kind(const boyin_rules *r, const boyin_entry *e)
{
    return (boyin_neutral_kind)r->neutral_kind[e - r->neutral.v];
}
