/* rules.c - polyphones.tsv and neutral-tones.tsv, parsed once into rules and kinds (or read compiled). */
#define _GNU_SOURCE /* strtok_r, strdup */
#include "rules.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "grow.h"
#include "lines.h"
#include "utf8.h"

/* A rule as it is parsed, before the rules' block is built. */
typedef struct {
    int32_t cp;
    char reading[BOYIN_SYL];
    boyin_where where;
    char **ctx;
    size_t nctx;
} parsed_rule;

typedef struct {
    parsed_rule *v;
    size_t n, cap;
    int32_t honor[64];
    size_t nhonor;
} parsed_rules;

/* The names of the kinds, in the order of their enums: the files name them,
 * the error messages list them. */
static const char *const where_names[] = {"next", "prev", "nextword", "after", "before", "name",
                                          "honor", "double", "start", "end", "word", "always"};
static const char *const neutral_names[] = {"light", "word", "formal"};
static const char *const NEUTRAL_KINDS[] = {"light", "word", "formal", NULL}; /* for table.h */
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
static int add_contexts(parsed_rule *r, const char *list, char *const *sets, size_t nsets)
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
        char **nx = realloc(r->ctx, (r->nctx + 1) * sizeof *nx);
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

static void rule_free(parsed_rule *r)
{
    for (size_t k = 0; k < r->nctx; k++)
        free(r->ctx[k]);
    free(r->ctx);
}

static void parsed_free(parsed_rules *p)
{
    for (size_t i = 0; i < p->n; i++)
        rule_free(&p->v[i]);
    free(p->v);
}

static void add_honor_split(parsed_rules *rs, const char *t)
{
    for (size_t k = 0, tl = strlen(t); k < tl;) {
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)t + k, tl - k, &cp);
        if (m <= 0)
            break;
        if (cp != ' ' && rs->nhonor < 64)
            rs->honor[rs->nhonor++] = cp;
        k += (size_t)m;
    }
}

/* One rule line, char<TAB>reading<TAB>where<TAB>contexts, cut in place. */
static int parse_rule(char *line, parsed_rule *r, char *const *sets, size_t nsets, const char *path,
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

static int load_polyphones(parsed_rules *rs, const char *data_dir, char *err, size_t errlen)
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
        parsed_rule r = {0};
        st = parse_rule(line, &r, sets, nsets, path, lr.line, err, errlen);
        if (st == BOYIN_OK && boyin_grow(&rs->v, &rs->cap, rs->n + 1, sizeof *rs->v))
            st = BOYIN_ENOMEM;
        if (st) {
            rule_free(&r);
            break;
        }
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
    int st = check_neutral(path, err, errlen);
    boyin_table_kinds kinds = {NEUTRAL_KINDS, NULL};
    return st ? st : boyin_table_load_kinds(&rs->neutral, data_dir, "neutral-tones", &kinds, err, errlen);
}

/* The rules' block: a head, one boyin_rule per rule in file order, the
 * @honor-split characters, each rule's context offsets, then the texts. */
typedef struct {
    uint32_t nrules, nhonor;
} rules_head;

static int build(boyin_rules *r, const parsed_rules *p)
{
    boyin_blob b = {0};
    rules_head h = {(uint32_t)p->n, (uint32_t)p->nhonor};
    boyin_blob_add(&b, &h, sizeof h, 8);
    size_t at = boyin_blob_add(&b, NULL, p->n * sizeof(boyin_rule), 8);
    size_t honor = boyin_blob_add(&b, p->honor, p->nhonor * sizeof *p->honor, 4);
    for (size_t i = 0; i < p->n; i++) {
        const parsed_rule *pr = &p->v[i];
        size_t me = at + i * sizeof(boyin_rule);
        size_t ctx = boyin_blob_add(&b, NULL, pr->nctx * sizeof(int32_t), 4);
        for (size_t k = 0; k < pr->nctx; k++) {
            size_t text = boyin_blob_string(&b, pr->ctx[k]), slot = ctx + k * sizeof(int32_t);
            int32_t off = (int32_t)(text - slot);
            if (!b.failed)
                memcpy(b.b + slot, &off, sizeof off);
        }
        boyin_rule rule = {pr->cp, (uint32_t)pr->where, (int32_t)(ctx - me), (uint32_t)pr->nctx, {0}};
        memcpy(rule.reading, pr->reading, BOYIN_SYL);
        if (!b.failed)
            memcpy(b.b + me, &rule, sizeof rule);
    }
    if (b.failed || b.len > INT32_MAX) {
        boyin_blob_free(&b);
        return BOYIN_ENOMEM;
    }
    r->own = b.b;
    r->size = b.len;
    r->v = (const boyin_rule *)(const void *)(b.b + at);
    r->n = p->n;
    r->honor_split = (const int32_t *)(const void *)(b.b + honor);
    r->nhonor_split = p->nhonor;
    return BOYIN_OK;
}

int boyin_rules_load_tsv(boyin_rules *r, const char *data_dir, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    parsed_rules p;
    memset(&p, 0, sizeof p);
    int st = load_polyphones(&p, data_dir, err, errlen);
    if (st == BOYIN_OK)
        st = build(r, &p);
    parsed_free(&p);
    if (st == BOYIN_OK)
        st = load_neutral(r, data_dir, err, errlen);
    if (st)
        boyin_rules_free(r);
    return st;
}

void boyin_rules_free(boyin_rules *r)
{
    free(r->own);
    boyin_table_free(&r->neutral);
    boyin_compiled_close(&r->compiled);
    memset(r, 0, sizeof *r);
}

int boyin_rules_compile(const boyin_rules *r, boyin_compiler *k)
{
    int st = boyin_compiler_source(k, "polyphones.tsv");
    if (st == BOYIN_OK)
        st = boyin_compiler_section(k, "polyphones", r->own, r->size);
    return st ? st : boyin_table_compile(&r->neutral, k, "neutral-tones");
}

/* The rules' block in the compiled file, checked against its bounds (the
 * checksum says the file is as written, this that it was written right). */
static int map_polyphones(boyin_rules *r)
{
    size_t len = 0;
    const unsigned char *s = boyin_compiled_section(&r->compiled, "polyphones", &len);
    rules_head h;
    if (!s || len < sizeof h)
        return 0;
    memcpy(&h, s, sizeof h);
    size_t at = sizeof h, honor = at + (size_t)h.nrules * sizeof(boyin_rule);
    if (h.nrules > len || h.nhonor > 64 || honor + h.nhonor * sizeof(int32_t) > len)
        return 0;
    const boyin_rule *v = (const void *)(s + at);
    for (uint32_t i = 0; i < h.nrules; i++) {
        int64_t ctx = (int64_t)(at + i * sizeof *v) + v[i].ctx;
        if (v[i].where > BOYIN_AT_ALWAYS || v[i].reading[BOYIN_SYL - 1] || ctx < 0 || ctx % 4 ||
            (uint64_t)ctx + (uint64_t)v[i].nctx * sizeof(int32_t) > len)
            return 0;
        for (uint32_t k = 0; k < v[i].nctx; k++) {
            int32_t off;
            memcpy(&off, s + ctx + k * sizeof off, sizeof off);
            int64_t text = ctx + (int64_t)(k * sizeof off) + off;
            if (text < 0 || !boyin_compiled_string_ok(s, len, (size_t)text))
                return 0;
        }
    }
    r->v = v;
    r->n = h.nrules;
    r->honor_split = (const int32_t *)(const void *)(s + honor);
    r->nhonor_split = h.nhonor;
    return 1;
}

int boyin_rules_load(boyin_rules *r, const char *data_dir, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    int st = boyin_compiled_open(&r->compiled, data_dir, "zh", err, errlen);
    if (st || !r->compiled.p)
        return st ? st : boyin_rules_load_tsv(r, data_dir, err, errlen);
    if (!map_polyphones(r)) {
        snprintf(err, errlen, "%s: the polyphone rules are missing or damaged; delete the file or build again",
                 r->compiled.path);
        st = BOYIN_EDATA;
    }
    if (st == BOYIN_OK)
        st = boyin_table_map(&r->neutral, &r->compiled, "neutral-tones", err, errlen);
    for (size_t i = 0; st == BOYIN_OK && i < r->neutral.n; i++)
        if (r->neutral.v[i].value_kind < 0 || r->neutral.v[i].value_kind > BOYIN_NEUTRAL_FORMAL) {
            snprintf(err, errlen, "%s: the neutral tones are damaged; delete the file or build again",
                     r->compiled.path);
            st = BOYIN_EDATA;
        }
    if (st)
        boyin_rules_free(r);
    return st;
}

boyin_neutral_kind boyin_rules_neutral_kind(const boyin_rules *r, const boyin_entry *e)
{
    (void)r;
    return (boyin_neutral_kind)e->value_kind;
}
