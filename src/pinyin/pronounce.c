/* pronounce.c - toned pinyin for Mandarin text: segment, look up, change tones. */
#define _GNU_SOURCE /* memmem */
#include "pronounce.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "dict.h"
#include "hanconv.h"
#include "strbuf.h"
#include "table.h"
#include "utf8.h"

#define MAX_WORD 16 /* characters: longer entries are never looked up */
#define SYL 8       /* bytes of one syllable with its tone and NUL: zhuang4r */

/* A user lexicon word. */
typedef struct {
    char *key; /* UTF-8, Simplified */
    size_t klen;
    char *pinyin; /* syllables with tone numbers, space-separated */
    unsigned order; /* position over all files, for "later wins" */
} user_word;

/* A rule of polyphones.tsv: char read `reading` when `where` matches one of
 * the context strings. */
typedef enum {
    AT_NEXT, AT_PREV, AT_NEXTWORD, AT_AFTER, AT_BEFORE, AT_DOUBLE, AT_NAME, AT_HONOR, AT_START, AT_END, AT_WORD, AT_ALWAYS
} rule_where;

typedef struct {
    int32_t cp;
    char reading[SYL];
    rule_where where;
    char **ctx; /* UTF-8 strings */
    size_t nctx;
} rule;

struct boyin_pronouncer {
    int32_t honor_split[64]; /* @honor-split: words of these and a surname are split before an honorific */
    size_t nhonor_split;
    boyin_dict words, chars, context;
    double logtotal;
    user_word *user;
    size_t nuser;
    rule *rules;
    size_t nrules;
    boyin_hanconv *conv;
    char (*syllables)[SYL]; /* known base syllables, sorted (built on first use) */
    size_t nsyllables;
    int dictionary_tones; /* keep every neutral tone of the word list (else the formal register) */
    boyin_table neutral;  /* neutral-tones.tsv: what keeps the neutral tone, and formal readings */
};

/* ---- syllables ------------------------------------------------------------ */

/* A syllable as written by a person: zhang3, zhǎng, lü4, lu:4, lv4, de, De5.
 * Writes the form boyin uses (zhang3, lv4, de5) to out; 0 when it is not a
 * syllable. */
static int syllable_form(const char *s, size_t n, char out[SYL])
{
    static const char *const marks[] = {"āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù", "ǖǘǚǜ"};
    static const char bases[] = "aeiouv";
    size_t w = 0;
    int tone = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') {
            if (tone)
                return 0; /* letters after the tone digit */
            if (c == 'u' && i + 1 < n && s[i + 1] == ':') {
                c = 'v';
                i++;
            }
            if (w + 2 >= SYL)
                return 0;
            out[w++] = (char)c;
            i++;
            continue;
        }
        if (c >= '1' && c <= '5' && !tone && w > 0) {
            tone = c - '0';
            i++;
            continue;
        }
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)s + i, n - i, &cp);
        if (m <= 0)
            return 0;
        int found = 0;
        if (cp == 0xFC || cp == 0xDC) { /* ü Ü */
            if (w + 2 >= SYL)
                return 0;
            out[w++] = 'v';
            found = 1;
        }
        for (int b = 0; b < 6 && !found; b++) {
            const char *p = marks[b];
            for (int t = 0; t < 4 && !found; t++) {
                int32_t mc;
                int ml = boyin_utf8_next((const uint8_t *)p, strlen(p), &mc);
                if (ml <= 0)
                    break;
                if (mc == cp) {
                    if (tone || w + 2 >= SYL)
                        return 0;
                    out[w++] = bases[b];
                    tone = -(t + 1); /* a mark: more letters may follow */
                    found = 1;
                }
                p += ml;
            }
        }
        if (!found)
            return 0;
        i += (size_t)m;
    }
    if (w == 0)
        return 0;
    if (tone < 0)
        tone = -tone;
    out[w++] = (char)('0' + (tone ? tone : 5));
    out[w] = '\0';
    return 1;
}

/* The tone digit of a syllable (5 when it has none). */
static int tone_of(const char *syl)
{
    size_t n = strlen(syl);
    while (n > 0 && syl[n - 1] == 'r')
        n--;
    return n > 0 && syl[n - 1] >= '1' && syl[n - 1] <= '5' ? syl[n - 1] - '0' : 5;
}

static void set_tone(char *syl, int tone)
{
    size_t n = strlen(syl);
    if (n > 0 && syl[n - 1] >= '1' && syl[n - 1] <= '5')
        syl[n - 1] = (char)('0' + tone);
}

/* ---- the built-in data ---------------------------------------------------- */

/* The entry of a code point in pinyin-chars.tsv: readings and flags. */
static const char *char_entry(const boyin_pronouncer *p, int32_t cp, size_t *len)
{
    uint8_t key[4];
    int kl = boyin_utf8_encode(cp, key);
    return boyin_dict_find(&p->chars, (const char *)key, (size_t)kl, len);
}

/* The first reading of cp, or 0 when it has none. */
static int first_reading(const boyin_pronouncer *p, int32_t cp, char out[SYL])
{
    size_t len;
    const char *e = char_entry(p, cp, &len);
    if (!e)
        return 0;
    size_t k = 0;
    while (k < len && e[k] != ' ' && e[k] != '\t')
        k++;
    if (k == 0 || k >= SYL)
        return 0;
    memcpy(out, e, k);
    out[k] = '\0';
    return 1;
}

static int is_traditional(const boyin_pronouncer *p, int32_t cp)
{
    size_t len;
    const char *e = char_entry(p, cp, &len);
    const char *tab = e ? memchr(e, '\t', len) : NULL;
    return tab && memchr(tab, 't', len - (size_t)(tab - e)) != NULL;
}

static rule_where parse_where(const char *w, int *ok)
{
    *ok = 1;
    if (strcmp(w, "next") == 0)
        return AT_NEXT;
    if (strcmp(w, "prev") == 0)
        return AT_PREV;
    if (strcmp(w, "always") == 0)
        return AT_ALWAYS;
    if (strcmp(w, "double") == 0)
        return AT_DOUBLE;
    if (strcmp(w, "name") == 0)
        return AT_NAME;
    if (strcmp(w, "honor") == 0)
        return AT_HONOR;
    if (strcmp(w, "nextword") == 0)
        return AT_NEXTWORD;
    if (strcmp(w, "after") == 0)
        return AT_AFTER;
    if (strcmp(w, "before") == 0)
        return AT_BEFORE;
    if (strcmp(w, "start") == 0)
        return AT_START;
    if (strcmp(w, "end") == 0)
        return AT_END;
    if (strcmp(w, "word") == 0)
        return AT_WORD;
    *ok = 0;
    return AT_ALWAYS;
}

/* Add the space-separated contexts in `list` to r; `@name` stands for the
 * contexts of a set defined earlier. */
static int add_contexts(rule *r, const char *list, char *const *sets, size_t nsets)
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

static void rule_free(rule *r)
{
    for (size_t k = 0; k < r->nctx; k++)
        free(r->ctx[k]);
    free(r->ctx);
}

/* polyphones.tsv: char<TAB>reading<TAB>where<TAB>contexts (space-separated),
 * or a set of contexts: @name<TAB>contexts. */
static int load_rules(boyin_pronouncer *p, const char *data_dir, char *err, size_t errlen)
{
    char path[PATH_MAX], line[4096];
    snprintf(path, sizeof path, "%s/voices/zh/polyphones.tsv", data_dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s; reinstall boyin or set BOYIN_DATA_DIR", path);
        return BOYIN_EDATA;
    }
    char **sets = NULL; /* "@name<TAB>contexts" */
    size_t nsets = 0;
    unsigned lineno = 0;
    int st = BOYIN_OK;
    while (st == BOYIN_OK && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        if (strncmp(line, "@honor-split\t", 13) == 0) {
            const char *t = line + 13;
            for (size_t k = 0, tl = strlen(t); k < tl;) {
                int32_t cp;
                int m = boyin_utf8_next((const uint8_t *)t + k, tl - k, &cp);
                if (m <= 0)
                    break;
                if (cp != ' ' && p->nhonor_split < 64)
                    p->honor_split[p->nhonor_split++] = cp;
                k += (size_t)m;
            }
            continue;
        }
        if (line[0] == '@') {
            char **ns = strchr(line, '\t') ? realloc(sets, (nsets + 1) * sizeof *ns) : NULL;
            if (!ns || !(ns[nsets] = strdup(line))) {
                if (ns)
                    sets = ns;
                snprintf(err, errlen, "%s:%u: expected @name<TAB>contexts", path, lineno);
                st = BOYIN_EDATA;
                break;
            }
            sets = ns;
            nsets++;
            continue;
        }
        char *cols[4] = {0};
        char *save = NULL;
        int nc = 0;
        for (char *t = strtok_r(line, "\t", &save); t && nc < 4; t = strtok_r(NULL, "\t", &save))
            cols[nc++] = t;
        int32_t cp = 0;
        int ok = nc >= 3;
        int m = ok ? boyin_utf8_next((const uint8_t *)cols[0], strlen(cols[0]), &cp) : 0;
        rule r = {0};
        ok = ok && m > 0 && cols[0][m] == '\0' && syllable_form(cols[1], strlen(cols[1]), r.reading);
        r.where = ok ? parse_where(cols[2], &ok) : AT_ALWAYS;
        int bare = r.where == AT_ALWAYS || r.where == AT_DOUBLE || r.where == AT_START || r.where == AT_END ||
                   r.where == AT_WORD;
        ok = ok && (bare || nc == 4);
        r.cp = cp;
        if (ok && nc == 4 && (st = add_contexts(&r, cols[3], sets, nsets)) == BOYIN_EDATA)
            ok = 0;
        if (!ok) {
            snprintf(err, errlen, "%s:%u: expected char<TAB>reading<TAB>next|prev|nextword|after|before|name|honor|double|start|end|word|always<TAB>contexts "
                     "(@sets defined above)", path, lineno);
            st = BOYIN_EDATA;
        }
        rule *nr = st == BOYIN_OK ? realloc(p->rules, (p->nrules + 1) * sizeof *nr) : NULL;
        if (!nr) {
            rule_free(&r);
            st = st ? st : BOYIN_ENOMEM;
            break;
        }
        p->rules = nr;
        p->rules[p->nrules++] = r;
    }
    for (size_t k = 0; k < nsets; k++)
        free(sets[k]);
    free(sets);
    fclose(f);
    return st;
}

/* neutral-tones.tsv: `char<TAB>light`, `word<TAB>word`, `word<TAB>formal<TAB>syllables`
 * (see the file's header). */
static int load_neutral(boyin_pronouncer *p, const char *data_dir, char *err, size_t errlen)
{
    int st = boyin_table_load(&p->neutral, data_dir, "neutral-tones", err, errlen);
    for (size_t i = 0; st == BOYIN_OK && i < p->neutral.n; i++) {
        const boyin_entry *e = &p->neutral.v[i];
        size_t syls = 0;
        for (const char *c = e->extra; *c; c++)
            syls += *c != ' ' && (c == e->extra || c[-1] == ' ');
        int ok = (strcmp(e->value, "light") == 0 && e->klen == 1 && !*e->extra) ||
                 (strcmp(e->value, "word") == 0 && e->klen >= 2 && !*e->extra) ||
                 (strcmp(e->value, "formal") == 0 && e->klen >= 2 && syls == e->klen);
        if (!ok) {
            snprintf(err, errlen,
                     "%s/voices/zh/neutral-tones.tsv: entry %zu: expected a character<TAB>light, a word<TAB>word, or a "
                     "word<TAB>formal<TAB>one syllable per character",
                     data_dir, i + 1);
            st = BOYIN_EDATA;
        }
    }
    return st;
}

/* ---- user lexicons -------------------------------------------------------- */

static int by_key_then_order(const void *a, const void *b)
{
    const user_word *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->klen != y->klen)
        return x->klen < y->klen ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int cmp_syl(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Whether a syllable is one the data knows: every Mandarin syllable is a
 * reading of some character.  The set of base syllables (no tone) is built
 * from pinyin-chars.tsv once, when the first user lexicon is read. */
static int known_syllable(boyin_pronouncer *p, const char *syl)
{
    if (!p->syllables) {
        size_t cap = 2048;
        p->syllables = malloc(cap * SYL);
        if (!p->syllables)
            return 0;
        const char *a = p->chars.p + p->chars.body, *end = p->chars.p + p->chars.n;
        while (a < end) { /* char<TAB>readings<TAB>flags */
            const char *nl = memchr(a, '\n', (size_t)(end - a));
            const char *t1 = memchr(a, '\t', (size_t)((nl ? nl : end) - a));
            const char *r = t1 ? t1 + 1 : NULL;
            while (r && r < (nl ? nl : end) && *r != '\t') {
                size_t k = 0;
                while (r + k < end && r[k] != ' ' && r[k] != '\t' && r[k] != '\n')
                    k++;
                if (k >= 2 && k < SYL) {
                    if (p->nsyllables == cap) {
                        char (*ns)[SYL] = realloc(p->syllables, cap * 2 * SYL);
                        if (!ns)
                            return 0;
                        p->syllables = ns;
                        cap *= 2;
                    }
                    memcpy(p->syllables[p->nsyllables], r, k - 1); /* without the tone */
                    p->syllables[p->nsyllables++][k - 1] = '\0';
                }
                r += k + (r[k] == ' ');
            }
            a = nl ? nl + 1 : end;
        }
        qsort(p->syllables, p->nsyllables, SYL, cmp_syl);
        size_t w = 0;
        for (size_t i = 0; i < p->nsyllables; i++)
            if (!w || strcmp(p->syllables[w - 1], p->syllables[i]) != 0)
                memcpy(p->syllables[w++], p->syllables[i], SYL);
        p->nsyllables = w;
    }
    char base[SYL];
    size_t n = strlen(syl);
    memcpy(base, syl, n - 1);
    base[n - 1] = '\0';
    return bsearch(base, p->syllables, p->nsyllables, SYL, cmp_syl) != NULL;
}

static int lexicon_error(char *err, size_t errlen, const char *path, unsigned line, const char *what)
{
    snprintf(err, errlen, "%s:%u: %s", path, line, what);
    return BOYIN_EINPUT;
}

static int load_lexicon(boyin_pronouncer *p, const char *path, unsigned *order, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read the lexicon (%s); check the path given to --lexicon", path,
                 strerror(errno));
        return BOYIN_EINPUT;
    }
    char line[4096];
    unsigned lineno = 0;
    int st = BOYIN_OK;
    while (st == BOYIN_OK && fgets(line, sizeof line, f)) {
        lineno++;
        size_t ll = strlen(line);
        if (ll == sizeof line - 1 && line[ll - 1] != '\n') {
            st = lexicon_error(err, errlen, path, lineno, "line too long; write one word and its pinyin a line");
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *s = line;
        if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
            s += 3; /* a byte order mark */
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            continue;
        size_t wl = strcspn(s, " \t");
        int32_t cps[MAX_WORD];
        size_t ncp = 0;
        for (size_t i = 0; i < wl;) {
            int32_t cp;
            int m = boyin_utf8_next((const uint8_t *)s + i, wl - i, &cp);
            if (m <= 0) {
                st = lexicon_error(err, errlen, path, lineno, "not UTF-8; save the lexicon as UTF-8");
                break;
            }
            if (!boyin_utf8_is_han(cp)) {
                st = lexicon_error(err, errlen, path, lineno,
                                   "the word must be Chinese characters only, like 重庆<TAB>chong2 qing4");
                break;
            }
            if (ncp == MAX_WORD) {
                st = lexicon_error(err, errlen, path, lineno, "word longer than 16 characters; split it");
                break;
            }
            cps[ncp++] = cp;
            i += (size_t)m;
        }
        if (st)
            break;
        boyin_sb py = {0};
        size_t nsyl = 0;
        char msg[256];
        for (char *t = s + wl; st == BOYIN_OK && *t;) {
            while (*t == ' ' || *t == '\t')
                t++;
            size_t tl = strcspn(t, " \t");
            if (!tl)
                break;
            char syl[SYL];
            if (!syllable_form(t, tl, syl) || !known_syllable(p, syl)) {
                snprintf(msg, sizeof msg, "'%.*s' is not a pinyin syllable; write it like zhang3, lv4 or zhǎng", (int)tl,
                         t);
                st = lexicon_error(err, errlen, path, lineno, msg);
                break;
            }
            if (py.len)
                boyin_sb_add(&py, " ", 1);
            boyin_sb_adds(&py, syl);
            nsyl++;
            t += tl;
        }
        if (st == BOYIN_OK && nsyl != ncp) {
            snprintf(msg, sizeof msg, "%.*s has %zu characters but %zu syllables; write one syllable per character",
                     (int)wl, s, ncp, nsyl);
            st = lexicon_error(err, errlen, path, lineno, msg);
        }
        int trad = 0;
        for (size_t i = 0; st == BOYIN_OK && i < ncp; i++)
            trad |= is_traditional(p, cps[i]);
        if (st == BOYIN_OK && trad) {
            st = boyin_hanconv_t2s(p->conv, cps, ncp);
            if (st)
                snprintf(err, errlen, "cannot open OpenCC's t2s.json; install libopencc-data");
        }
        boyin_sb key = {0};
        for (size_t i = 0; i < ncp; i++)
            boyin_sb_addcp(&key, cps[i]);
        user_word *nu = NULL;
        if (st == BOYIN_OK && !py.failed && !key.failed)
            nu = realloc(p->user, (p->nuser + 1) * sizeof *nu);
        if (st == BOYIN_OK && !nu)
            st = BOYIN_ENOMEM;
        if (st == BOYIN_OK) {
            p->user = nu;
            p->user[p->nuser++] = (user_word){key.s, key.len, py.s, (*order)++};
        } else {
            boyin_sb_free(&key);
            boyin_sb_free(&py);
        }
    }
    if (st == BOYIN_OK && ferror(f)) {
        snprintf(err, errlen, "%s: cannot read the lexicon (%s); give --lexicon a text file", path, strerror(errno));
        st = BOYIN_EINPUT;
    }
    fclose(f);
    return st;
}

/* Sort the user words and keep the last entry of each word. */
static void finish_lexicons(boyin_pronouncer *p)
{
    if (!p->nuser)
        return;
    qsort(p->user, p->nuser, sizeof *p->user, by_key_then_order);
    size_t w = 0;
    for (size_t i = 0; i < p->nuser; i++) {
        if (w > 0 && p->user[w - 1].klen == p->user[i].klen &&
            memcmp(p->user[w - 1].key, p->user[i].key, p->user[i].klen) == 0) {
            free(p->user[w - 1].key);
            free(p->user[w - 1].pinyin);
            p->user[w - 1] = p->user[i];
        } else {
            p->user[w++] = p->user[i];
        }
    }
    p->nuser = w;
}

/* The user word that is exactly s[0..n), or NULL. */
static const user_word *user_find(const boyin_pronouncer *p, const char *s, size_t n)
{
    size_t lo = 0, hi = p->nuser;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const user_word *u = &p->user[mid];
        size_t m = u->klen < n ? u->klen : n;
        int c = memcmp(u->key, s, m);
        if (c == 0)
            c = (u->klen > n) - (u->klen < n);
        if (c == 0)
            return u;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- create / destroy ----------------------------------------------------- */

int boyin_pronouncer_create(const char *data_dir, const char *const *lexicons, size_t nlexicons,
                            boyin_pronouncer **out, char *err, size_t errlen)
{
    *out = NULL;
    boyin_pronouncer *p = calloc(1, sizeof *p);
    if (!p)
        return BOYIN_ENOMEM;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/voices/zh/pinyin-words.tsv", data_dir);
    int st = boyin_dict_open(&p->words, path, "#boyin-pinyin-words\t", err, errlen);
    if (st == BOYIN_OK) {
        double total = strtod(p->words.header + strlen("#boyin-pinyin-words\t"), NULL);
        p->logtotal = log(total > 1 ? total : 1);
        snprintf(path, sizeof path, "%s/voices/zh/pinyin-chars.tsv", data_dir);
        st = boyin_dict_open(&p->chars, path, "#boyin-pinyin-chars\t", err, errlen);
    }
    if (st == BOYIN_OK) {
        snprintf(path, sizeof path, "%s/voices/zh/pinyin-context.tsv", data_dir);
        st = boyin_dict_open(&p->context, path, "#boyin-pinyin-context\t", err, errlen);
    }
    if (st == BOYIN_OK)
        st = load_rules(p, data_dir, err, errlen);
    if (st == BOYIN_OK)
        st = load_neutral(p, data_dir, err, errlen);
    if (st == BOYIN_OK)
        st = boyin_hanconv_create("t2s.json", &p->conv);
    unsigned order = 0;
    for (size_t i = 0; st == BOYIN_OK && i < nlexicons; i++)
        st = load_lexicon(p, lexicons[i], &order, err, errlen);
    if (st) {
        boyin_pronouncer_destroy(p);
        return st;
    }
    finish_lexicons(p);
    *out = p;
    return BOYIN_OK;
}

void boyin_pronouncer_destroy(boyin_pronouncer *p)
{
    if (!p)
        return;
    boyin_dict_close(&p->words);
    boyin_dict_close(&p->chars);
    boyin_dict_close(&p->context);
    for (size_t i = 0; i < p->nuser; i++) {
        free(p->user[i].key);
        free(p->user[i].pinyin);
    }
    free(p->user);
    for (size_t i = 0; i < p->nrules; i++)
        rule_free(&p->rules[i]);
    free(p->rules);
    boyin_table_free(&p->neutral);
    boyin_hanconv_destroy(p->conv);
    free(p->syllables);
    free(p);
}

void boyin_pronouncer_set_dictionary_tones(boyin_pronouncer *p, int on)
{
    p->dictionary_tones = on != 0;
}

size_t boyin_pronouncer_check(const boyin_pronouncer *p)
{
    size_t bad = boyin_dict_check(&p->words);
    if (!bad)
        bad = boyin_dict_check(&p->chars);
    return bad ? bad : boyin_dict_check(&p->context);
}

/* ---- one stretch of Han characters ---------------------------------------- */

typedef struct {
    int32_t *cp;   /* Simplified, for lookup */
    int32_t *orig; /* as written */
    size_t n;
    size_t *off;   /* byte offset of each character in utf (n + 1) */
    char *utf;     /* UTF-8 of cp */
    char (*syl)[SYL];
    unsigned char *alone; /* the character is a word of its own */
    unsigned char *fixed; /* its reading came from a rule or a user word: no tone change */
    size_t *wstart;       /* first character of the word holding each character */
} stretch;

/* Whether the word (as segmented) that starts at character k is ctx. */
static int word_at(const stretch *s, size_t k, const char *ctx, size_t cl)
{
    if (k >= s->n || s->wstart[k] != k)
        return 0;
    size_t e = k + 1;
    while (e < s->n && s->wstart[e] == k)
        e++;
    return s->off[e] - s->off[k] == cl && memcmp(s->utf + s->off[k], ctx, cl) == 0;
}

/* Whether the UTF-8 string ctx is the text right after (AT_NEXT) or right
 * before (AT_PREV) character i, or right after the one or two characters
 * after it (AT_NAME: 单小明书记); or the next word (AT_NEXTWORD), or a word
 * up to AFTER_SPAN characters before (AT_AFTER: 以 … 为) or after it
 * (AT_BEFORE: 应 … 邀请) in the stretch. */
#define AFTER_SPAN 24
static int context_at(const stretch *s, size_t i, rule_where where, const char *ctx)
{
    size_t cl = strlen(ctx);
    if (where == AT_NEXTWORD)
        return word_at(s, i + 1, ctx, cl);
    if (where == AT_AFTER) {
        for (size_t k = i; k-- > 0 && k + AFTER_SPAN >= i;)
            if (word_at(s, k, ctx, cl))
                return 1;
        return 0;
    }
    if (where == AT_BEFORE) {
        for (size_t k = i + 1; k < s->n && k <= i + AFTER_SPAN; k++)
            if (word_at(s, k, ctx, cl))
                return 1;
        return 0;
    }
    if (where == AT_NAME) { /* after a given name of one or two characters */
        for (size_t g = i + 2; g <= i + 3 && g < s->n; g++)
            if (s->off[s->n] - s->off[g] >= cl && memcmp(s->utf + s->off[g], ctx, cl) == 0)
                return 1;
        return 0;
    }
    if (where == AT_NEXT || where == AT_HONOR)
        return s->off[s->n] - s->off[i + 1] >= cl && memcmp(s->utf + s->off[i + 1], ctx, cl) == 0;
    return s->off[i] >= cl && memcmp(s->utf + s->off[i] - cl, ctx, cl) == 0;
}

static const rule *rule_for(const boyin_pronouncer *p, const stretch *s, size_t i)
{
    for (size_t r = 0; r < p->nrules; r++) {
        const rule *ru = &p->rules[r];
        if (ru->cp != s->cp[i])
            continue;
        if (ru->where == AT_ALWAYS)
            return ru;
        if (ru->where == AT_DOUBLE && i >= 2 && s->cp[i - 1] == s->cp[i - 2])
            return ru;
        if ((ru->where == AT_START && i == 0) || (ru->where == AT_END && i + 1 == s->n) ||
            (ru->where == AT_WORD && i >= 2 && s->wstart[i - 1] < i - 1))
            return ru;
        for (size_t k = 0; k < ru->nctx; k++)
            if (context_at(s, i, ru->where, ru->ctx[k]))
                return ru;
    }
    return NULL;
}

/* A surname at the start of a rare word (华国强表示: the word list has 华国
 * hua2 guo2, seen 3 times): the first prev, name or honor rule of a
 * character that has a name rule, whose context matches.  Words seen at
 * least NAME_RARE times (单位, 华人) keep their reading. */
#define NAME_RARE 20
static const rule *surname_rule(const boyin_pronouncer *p, const stretch *s, size_t i)
{
    int surname = 0;
    for (size_t r = 0; r < p->nrules && !surname; r++)
        surname = p->rules[r].cp == s->cp[i] && p->rules[r].where == AT_NAME;
    for (size_t r = 0; surname && r < p->nrules; r++) {
        const rule *ru = &p->rules[r];
        if (ru->cp != s->cp[i] || (ru->where != AT_PREV && ru->where != AT_NAME && ru->where != AT_HONOR))
            continue;
        for (size_t k = 0; k < ru->nctx; k++)
            if (context_at(s, i, ru->where, ru->ctx[k]))
                return ru;
    }
    return NULL;
}

/* The first `honor` rule of the character at i whose context follows it
 * (checked before the words after i are known, so it looks at text only). */
static const rule *honor_rule(const boyin_pronouncer *p, const stretch *s, size_t i)
{
    for (size_t r = 0; r < p->nrules; r++) {
        const rule *ru = &p->rules[r];
        if (ru->cp != s->cp[i] || ru->where != AT_HONOR)
            continue;
        for (size_t k = 0; k < ru->nctx; k++)
            if (context_at(s, i, AT_NEXT, ru->ctx[k]))
                return ru;
    }
    return NULL;
}

/* Copy syllables "a b c" (len bytes) to syl[i..]. */
static void put_syllables(stretch *s, size_t i, size_t count, const char *py, size_t len)
{
    size_t k = 0;
    for (size_t b = 0; b < len && k < count;) {
        size_t e = b;
        while (e < len && py[e] != ' ' && py[e] != '\t')
            e++;
        size_t m = e - b < SYL - 1 ? e - b : SYL - 1;
        memcpy(s->syl[i + k], py + b, m);
        s->syl[i + k][m] = '\0';
        k++;
        b = e + 1;
    }
}

static int is_numeral(int32_t cp)
{
    static const int32_t nums[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                   0x516B, 0x4E5D, 0x5341, 0x4E24, 0x5E7A}; /* 零〇一二三四五六七八九十两幺 */
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        if (cp == nums[i])
            return 1;
    return 0;
}

static int is_big_unit(int32_t cp)
{
    return cp == 0x767E || cp == 0x5343 || cp == 0x4E07 || cp == 0x4EBF; /* 百千万亿 */
}

/* 一 and 不 change tone before another syllable: yi2/bu2 before a fourth
 * tone, yi4 before the others, also inside numbers before 百千万亿 (一千一百
 * yi4 qian1 yi4 bai3).  Otherwise 一 keeps yi1 as a digit: read digit by digit
 * (一九九零), after a numeral, 百千万亿, 第, 月 or 比 (十一, 一百一十一, 第一,
 * 二月一日, 零比一; at the start of a word too: 一百一十一家), before 比, 至 or
 * a decimal point (一比零, 一至七月, 一点四亿), after one (四点一万), and at
 * the end.  Readings set
 * by a rule or a user word are left alone. */
static void tone_changes(stretch *s)
{
    for (size_t i = 0; i < s->n; i++) {
        int32_t c = s->cp[i];
        if ((c != 0x4E00 && c != 0x4E0D) || s->fixed[i]) /* 一 不 */
            continue;
        int32_t next_cp = i + 1 < s->n ? s->cp[i + 1] : 0;
        if (c == 0x4E00 && s->wstart[i] == i && !(is_big_unit(next_cp) && !(i > 0 && s->cp[i - 1] == 0x5341))) {
            int32_t prev = i > 0 ? s->cp[i - 1] : 0;
            /* after 比 only in a score (三比一), not 一天比一天 */
            int score = prev == 0x6BD4 && i >= 2 && is_numeral(s->cp[i - 2]);
            int digit = (prev && (is_numeral(prev) || is_big_unit(prev) || prev == 0x7B2C || prev == 0x6708)) /* 第 月 */
                        || score
                        || next_cp == 0x6BD4 || next_cp == 0x81F3 /* 比 至 */
                        || (next_cp == 0x70B9 && i + 2 < s->n && is_numeral(s->cp[i + 2])); /* 点 */
            if (digit) {
                set_tone(s->syl[i], 1);
                continue;
            }
        }
        int decimal = c == 0x4E00 && i >= 2 && s->cp[i - 1] == 0x70B9 && is_numeral(s->cp[i - 2]); /* 四点一万 */
        if (decimal) {
            set_tone(s->syl[i], 1);
            continue;
        }
        if (c == 0x4E00 && is_big_unit(next_cp) && !(i > 0 && s->cp[i - 1] == 0x5341)) {
            /* 一百, and 一千一百 inside words too; not 十一亿 */
            set_tone(s->syl[i], tone_of(s->syl[i + 1]) == 4 ? 2 : 4);
            continue;
        }
        if (!s->alone[i] || i + 1 >= s->n)
            continue; /* inside a word: the word list's reading; last: citation tone */
        int next = tone_of(s->syl[i + 1]);
        if (c == 0x4E0D) {
            set_tone(s->syl[i], next == 4 ? 2 : 4);
            continue;
        }
        if (is_numeral(next_cp))
            continue; /* 一九九零 */
        set_tone(s->syl[i], next == 4 || next == 5 ? 2 : 4);
    }
}

#define MAX_READINGS 8
#ifndef CONTEXT_PRIOR
#define CONTEXT_PRIOR 1.5 /* weight of a reading's rank against the contexts */
#endif
#ifndef CONTEXT_SMOOTH
#define CONTEXT_SMOOTH 0.1 /* added to every count */
#endif

/* Add the UTF-8 of s->cp[a..b) to buf at *w (buf has room for 32 bytes more). */
static void put_chars(const stretch *s, size_t a, size_t b, char *buf, size_t *w)
{
    for (size_t k = a; k < b; k++)
        *w += (size_t)boyin_utf8_encode(s->cp[k], (uint8_t *)buf + *w);
}

/*
 * A character standing alone, read by its context: each reading's rank in
 * pinyin-chars.tsv gives a prior, and each context seen in
 * pinyin-context.tsv (the character before, after, two before, two after)
 * adds the log of how often that reading was seen there (smoothed).  0 when
 * the character has fewer than two readings or no context was seen.
 */
static int context_reading(const boyin_pronouncer *p, stretch *s, size_t i)
{
    size_t len;
    const char *e = char_entry(p, s->cp[i], &len);
    if (!e)
        return 0;
    char cand[MAX_READINGS][SYL];
    double score[MAX_READINGS];
    size_t nc = 0;
    for (size_t b = 0; b < len && e[b] != '\t' && nc < MAX_READINGS;) {
        size_t k = b;
        while (k < len && e[k] != ' ' && e[k] != '\t')
            k++;
        if (k - b < SYL) {
            memcpy(cand[nc], e + b, k - b);
            cand[nc][k - b] = '\0';
            score[nc] = CONTEXT_PRIOR * log(1.0 / (double)(nc + 1));
            nc++;
        }
        b = k + (k < len && e[k] == ' ');
        if (k < len && e[k] == '\t')
            break;
    }
    if (nc < 2)
        return 0;
    int seen = 0;
    for (int f = 0; f < 4; f++) {
        char key[64];
        size_t w = 0;
        put_chars(s, i, i + 1, key, &w);
        static const char *const names[] = {" L:", " R:", " L2:", " R2:"};
        memcpy(key + w, names[f], strlen(names[f]));
        w += strlen(names[f]);
        if (f == 0 && i == 0)
            key[w++] = '^';
        else if (f == 0)
            put_chars(s, i - 1, i, key, &w);
        else if (f == 1 && i + 1 >= s->n)
            key[w++] = '$';
        else if (f == 1)
            put_chars(s, i + 1, i + 2, key, &w);
        else if (f == 2)
            put_chars(s, i >= 2 ? i - 2 : 0, i, key, &w);
        else
            put_chars(s, i + 1, i + 3 < s->n ? i + 3 : s->n, key, &w);
        size_t cl;
        const char *c = boyin_dict_find(&p->context, key, w, &cl);
        if (!c)
            continue;
        /* reading:count pairs */
        double count[MAX_READINGS] = {0}, total = 0;
        for (size_t b = 0; b < cl;) {
            size_t k = b;
            while (k < cl && c[k] != ' ')
                k++;
            const char *colon = memchr(c + b, ':', k - b);
            if (colon) {
                double n = strtod(colon + 1, NULL);
                total += n;
                for (size_t r = 0; r < nc; r++)
                    if ((size_t)(colon - (c + b)) == strlen(cand[r]) && memcmp(c + b, cand[r], strlen(cand[r])) == 0)
                        count[r] += n;
            }
            b = k + 1;
        }
        for (size_t r = 0; r < nc; r++)
            score[r] += log((count[r] + CONTEXT_SMOOTH) / (total + CONTEXT_SMOOTH * (double)nc));
        seen = 1;
    }
    if (!seen)
        return 0;
    size_t best = 0;
    for (size_t r = 1; r < nc; r++)
        if (score[r] > score[best])
            best = r;
    memcpy(s->syl[i], cand[best], SYL);
    return 1;
}

/* 儿 on its own after a syllable, at the end of a phrase or before a
 * particle, is erhua (馅儿，胡同儿的); elsewhere it is er2 (笛卡儿坐标). */
static int erhua_alone(const stretch *s, size_t i)
{
    static const int32_t particles[] = {0x7684, 0x4E86, 0x5462, 0x5427, 0x554A, 0x5417, 0x4E5F, 0x90FD, 0x5C31,
                                        0x662F}; /* 的了呢吧啊吗也都就是 */
    if (s->cp[i] != 0x513F || !s->alone[i] || i == 0 || !s->syl[i - 1][0])
        return 0;
    if (i + 1 == s->n)
        return 1;
    for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
        if (s->cp[i + 1] == particles[k])
            return 1;
    return 0;
}

/* The formal register (neutral-tones.tsv): the neutral syllables of the
 * built-in word s->cp[a..b) take the reading a `formal` entry covering them
 * gives, or stay neutral inside a `word` entry, on a repeated syllable or
 * on a `light` character, or else take their character's first reading
 * with the same syllable and a tone. */
static void formal_tones(const boyin_pronouncer *p, stretch *s, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        char *syl = s->syl[k];
        size_t n = strlen(syl);
        if (n < 2 || syl[n - 1] != '5')
            continue; /* not neutral, or erhua (na3r) */
        /* a listed word covering k inside this one (很漂亮 holds 漂亮) */
        const boyin_entry *listed = NULL;
        size_t at = 0; /* k's place in it */
        for (size_t x = a; x <= k && !listed; x++) {
            const boyin_entry *e = boyin_table_prefix(&p->neutral, s->cp, b, x);
            if (e && e->klen >= 2 && x + e->klen > k) {
                listed = e;
                at = k - x;
            }
        }
        if (listed && strcmp(listed->value, "formal") == 0) { /* its formal reading, syllable `at` */
            const char *syl_at = listed->extra;
            for (size_t q = 0; q < at && syl_at; q++) {
                syl_at = strchr(syl_at, ' ');
                syl_at = syl_at ? syl_at + 1 : NULL;
            }
            size_t sl = syl_at ? strcspn(syl_at, " ") : 0;
            if (sl > 0 && sl < SYL) {
                memcpy(syl, syl_at, sl);
                syl[sl] = '\0';
            }
            continue;
        }
        if (listed)
            continue;
        if (k > a && s->cp[k] == s->cp[k - 1])
            continue;
        const boyin_entry *light = boyin_table_prefix(&p->neutral, s->cp, k + 1, k);
        if (light && strcmp(light->value, "light") == 0)
            continue;
        size_t len;
        const char *e = char_entry(p, s->cp[k], &len);
        const char *end = e ? memchr(e, '\t', len) : NULL;
        if (!end)
            end = e ? e + len : NULL;
        for (const char *r = e; r && r < end;) {
            const char *sp = memchr(r, ' ', (size_t)(end - r));
            size_t rl = (size_t)((sp ? sp : end) - r);
            if (rl == n && memcmp(r, syl, n - 1) == 0 && r[n - 1] >= '1' && r[n - 1] <= '4') {
                syl[n - 1] = r[n - 1];
                break;
            }
            r = sp ? sp + 1 : end;
        }
    }
}

/* Segment s by maximum probability, then fill in the readings. */
static int read_stretch(boyin_pronouncer *p, stretch *s)
{
    size_t n = s->n;
    double *best = malloc((n + 1) * sizeof *best);
    size_t *next = malloc((n + 1) * sizeof *next);
    const char **entry = calloc(n + 1, sizeof *entry); /* readings of the chosen word */
    size_t *elen = calloc(n + 1, sizeof *elen);
    unsigned char *user = calloc(n + 1, 1); /* the chosen word is a user word */
    double *freq = calloc(n + 1, sizeof *freq); /* how often the chosen word was seen */
    if (!best || !next || !entry || !elen || !user || !freq) {
        free(freq);
        free(user);
        free(best);
        free(next);
        free(entry);
        free(elen);
        return BOYIN_ENOMEM;
    }
    best[n] = 0;
    double unknown = -p->logtotal; /* a character the list does not have: frequency 1 */
    for (size_t i = n; i-- > 0;) {
        best[i] = unknown + best[i + 1];
        next[i] = i + 1;
        entry[i] = NULL;
        size_t lo, hi;
        boyin_dict_all(&p->words, &lo, &hi);
        int user_won = 0;
        const user_word *single = NULL;
        for (size_t j = i + 1; j <= n && j - i <= MAX_WORD; j++) {
            const char *key = s->utf + s->off[i];
            size_t kl = s->off[j] - s->off[i];
            const user_word *u = p->nuser ? user_find(p, key, kl) : NULL;
            if (u && j == i + 1) {
                single = u; /* a character's reading, not a forced split */
                u = NULL;
            }
            if (u) { /* the newsroom's word, the longest one: preferred over any built-in one */
                best[i] = best[j];
                next[i] = j;
                entry[i] = u->pinyin;
                elen[i] = strlen(u->pinyin);
                user[i] = 1;
                user_won = 1;
                continue;
            }
            if (hi <= lo || !boyin_dict_narrow(&p->words, key, kl, &lo, &hi)) {
                if (!p->nuser)
                    break;
                continue; /* no longer word either; the user list may still have one */
            }
            size_t len;
            const char *e = boyin_dict_exact(&p->words, lo, key, kl, &len);
            if (!e || user_won)
                continue;
            char *end;
            double f = strtod(e, &end);
            double sc = log(f > 1 ? f : 1) - p->logtotal + best[j];
            if (sc > best[i] || j == i + 1) {
                best[i] = sc;
                next[i] = j;
                freq[i] = f;
                const char *tab = memchr(e, '\t', len);
                entry[i] = tab ? tab + 1 : NULL;
                elen[i] = tab ? len - (size_t)(tab + 1 - e) : 0;
            }
        }
        if (single && next[i] == i + 1) {
            entry[i] = single->pinyin;
            elen[i] = strlen(single->pinyin);
            user[i] = 1;
        }
    }
    for (size_t i = 0; i < n;) {
        size_t j = next[i];
        for (size_t k = i; k < j; k++) {
            s->wstart[k] = i;
            s->alone[k] = j == i + 1;
            s->fixed[k] = user[i];
            s->syl[k][0] = '\0';
        }
        if (entry[i] && j > i + 1) {
            put_syllables(s, i, j - i, entry[i], elen[i]);
            if (!user[i] && !p->dictionary_tones)
                formal_tones(p, s, i, j);
        }
        const rule *sr = entry[i] && j > i + 1 && j <= i + 3 && !user[i] && freq[i] < NAME_RARE
                             ? surname_rule(p, s, i) : NULL;
        if (sr) {
            memcpy(s->syl[i], sr->reading, SYL);
            s->fixed[i] = 1;
        }
        /* A surname before an honorific takes its reading even at the end of
         * a two-character word that starts with a function word (和解教授:
         * 和 + 解教授, not 和解): an `honor` rule splits it off.  Other words
         * stay whole (社区医生, 主任医生). */
        int split_ok = 0;
        for (size_t k = 0; j == i + 2 && k < p->nhonor_split; k++)
            split_ok |= s->cp[i] == p->honor_split[k];
        if (split_ok && j < n && !user[i]) {
            const rule *r = honor_rule(p, s, j - 1);
            if (r) {
                s->alone[j - 1] = 1;
                s->wstart[j - 1] = j - 1;
                s->syl[j - 1][0] = '\0';
            }
        }
        i = j;
    }
    for (size_t i = 0; i < n; i++) {
        if (!s->alone[i] && s->syl[i][0])
            continue;
        const rule *r = user[i] ? NULL : rule_for(p, s, i);
        if (r) {
            memcpy(s->syl[i], r->reading, SYL);
            s->fixed[i] = 1;
        } else if (erhua_alone(s, i) && !user[i]) {
            memcpy(s->syl[i], "er5", 4);
        }
        if (r || (erhua_alone(s, i) && !user[i]))
            ;
        else if (user[i] && entry[i])
            put_syllables(s, i, 1, entry[i], elen[i]);
        else if (!context_reading(p, s, i) && !first_reading(p, s->cp[i], s->syl[i]))
            s->syl[i][0] = '\0'; /* no reading: the character itself is passed on */
    }
    tone_changes(s);
    free(freq);
    free(best);
    free(next);
    free(entry);
    free(elen);
    free(user);
    return BOYIN_OK;
}

/* Append the stretch's syllables; an unknown character goes as itself. */
static void emit_stretch(boyin_sb *b, const stretch *s)
{
    for (size_t i = 0; i < s->n; i++) {
        /* Erhua: a neutral 儿 after a syllable joins it (哪儿 na3r, 馅儿 xian4r). */
        if (s->cp[i] == 0x513F && i > 0 && strcmp(s->syl[i], "er5") == 0 && s->syl[i - 1][0]) {
            boyin_sb_add(b, "r", 1);
            continue;
        }
        if (b->len && b->s[b->len - 1] != ' ')
            boyin_sb_add(b, " ", 1);
        if (s->syl[i][0])
            boyin_sb_adds(b, s->syl[i]);
        else
            boyin_sb_addcp(b, s->orig[i]);
    }
}

static int stretch_alloc(stretch *s, size_t n)
{
    memset(s, 0, sizeof *s);
    s->cp = malloc(n * sizeof *s->cp);
    s->orig = malloc(n * sizeof *s->orig);
    s->off = malloc((n + 1) * sizeof *s->off);
    s->utf = malloc(n * 4 + 1);
    s->syl = malloc(n * sizeof *s->syl);
    s->alone = malloc(n);
    s->fixed = malloc(n);
    s->wstart = malloc(n * sizeof *s->wstart);
    return s->cp && s->orig && s->off && s->utf && s->syl && s->alone && s->fixed && s->wstart ? BOYIN_OK
                                                                                           : BOYIN_ENOMEM;
}

static void stretch_free(stretch *s)
{
    free(s->cp);
    free(s->orig);
    free(s->off);
    free(s->utf);
    free(s->syl);
    free(s->alone);
    free(s->fixed);
    free(s->wstart);
}

/* The UTF-8 of s->cp and the offset of each character in it. */
static void set_utf(stretch *s)
{
    size_t o = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->off[i] = o;
        o += (size_t)boyin_utf8_encode(s->cp[i], (uint8_t *)s->utf + o);
    }
    s->off[s->n] = o;
    s->utf[o] = '\0';
}

/* Pinyin for the Han characters cps[0..n). */
static int pronounce_han(boyin_pronouncer *p, const int32_t *cps, size_t n, int trad, boyin_sb *b)
{
    stretch s;
    int st = stretch_alloc(&s, n);
    if (st == BOYIN_OK) {
        s.n = n;
        memcpy(s.cp, cps, n * sizeof *cps);
        memcpy(s.orig, cps, n * sizeof *cps);
        if (trad)
            st = boyin_hanconv_t2s(p->conv, s.cp, n);
    }
    if (st == BOYIN_OK) {
        set_utf(&s);
        st = read_stretch(p, &s);
    }
    /* In Traditional text, 著 on its own is the particle and verb 着 (看著
     * kan4 zhe5, 著火 zhao2 huo3), which t2s leaves as 著: read again with 着. */
    int again = 0;
    for (size_t i = 0; st == BOYIN_OK && trad && i < n; i++)
        if (s.cp[i] == 0x8457 && s.alone[i]) {
            s.cp[i] = 0x7740;
            again = 1;
        }
    if (again) {
        set_utf(&s);
        st = read_stretch(p, &s);
    }
    if (st == BOYIN_OK)
        emit_stretch(b, &s);
    stretch_free(&s);
    return st;
}

/* Whether UTF-8 text has a Traditional character. */
static int trad_text(const boyin_pronouncer *p, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)text + i, len - i, &cp);
        if (m <= 0) {
            i++;
            continue;
        }
        if (boyin_utf8_is_han(cp) && is_traditional(p, cp))
            return 1;
        i += (size_t)m;
    }
    return 0;
}

static int pronounce(boyin_pronouncer *p, const char *text, int trad, char **pinyin);

int boyin_pronounce_text(boyin_pronouncer *p, const char *text, char **pinyin)
{
    return pronounce(p, text, trad_text(p, text), pinyin);
}

/* Pinyin for text; trad: the text around it is Traditional. */
static int pronounce(boyin_pronouncer *p, const char *text, int trad, char **pinyin)
{
    *pinyin = NULL;
    size_t len = strlen(text);
    int32_t *cps = malloc((len + 1) * sizeof *cps);
    if (!cps)
        return BOYIN_ENOMEM;
    boyin_sb b = {0};
    int st = BOYIN_OK;
    size_t nh = 0; /* Han characters waiting */
    int after_alnum = 0; /* the last thing written was a letter of another script */
    for (size_t i = 0; i <= len && st == BOYIN_OK;) {
        int32_t cp = 0;
        int m = i < len ? boyin_utf8_next((const uint8_t *)text + i, len - i, &cp) : 0;
        if (i < len && m <= 0) {
            cp = 0xFFFD;
            m = 1;
        }
        if (i < len && boyin_utf8_is_han(cp) && nh < MAX_WORD * 64) {
            cps[nh++] = cp;
            i += (size_t)m;
            continue;
        }
        if (nh) {
            st = pronounce_han(p, cps, nh, trad, &b);
            nh = 0;
            after_alnum = 0;
            if (i < len && boyin_utf8_is_han(cp))
                continue; /* a very long stretch goes on in the next piece */
        }
        if (i >= len)
            break;
        int alnum = boyin_utf8_is_alnum(cp);
        if (boyin_utf8_is_space(cp)) {
            if (b.len && b.s[b.len - 1] != ' ')
                boyin_sb_add(&b, " ", 1);
        } else if (alnum) {
            if (b.len && b.s[b.len - 1] != ' ' && !after_alnum)
                boyin_sb_add(&b, " ", 1);
            boyin_sb_addcp(&b, cp); /* a letter of another script: as it is */
        } else {
            boyin_sb_addcp(&b, cp); /* punctuation stays on the syllable before it */
        }
        after_alnum = alnum;
        i += (size_t)m;
    }
    free(cps);
    while (b.len && b.s[b.len - 1] == ' ')
        b.s[--b.len] = '\0';
    if (st == BOYIN_OK && (b.failed || (!b.s && !(b.s = strdup("")))))
        st = BOYIN_ENOMEM;
    if (st) {
        boyin_sb_free(&b);
        return st;
    }
    *pinyin = b.s;
    return BOYIN_OK;
}

int boyin_pronounce_chunk(boyin_pronouncer *p, boyin_chunk *c)
{
    int trad = c->text && trad_text(p, c->text);
    for (size_t i = 0; i < c->nruns; i++) {
        boyin_run *r = &c->runs[i];
        free(r->pinyin);
        r->pinyin = NULL;
        if (r->english)
            continue;
        int st = pronounce(p, r->text, trad, &r->pinyin);
        if (st)
            return st;
    }
    return BOYIN_OK;
}
