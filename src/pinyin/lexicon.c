/* lexicon.c - user lexicons, read line by line with their errors. */
#include "lexicon.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "lines.h"
#include "strbuf.h"
#include "utf8.h"

static int lexicon_error(char *err, size_t errlen, const char *path, unsigned long line, const char *what)
{
    snprintf(err, errlen, "%s:%lu: %s", path, line, what);
    return BOYIN_EINPUT;
}

/* The word s[0..wl) as code points: Han characters only, at most
 * BOYIN_MAX_WORD of them; a message in msg otherwise. */
static int parse_word(const char *s, size_t wl, int32_t *cps, size_t *ncp, const char **msg)
{
    *ncp = 0;
    for (size_t i = 0; i < wl;) {
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)s + i, wl - i, &cp);
        if (m <= 0) {
            *msg = "not UTF-8; save the lexicon as UTF-8";
            return 0;
        }
        if (!boyin_utf8_is_han(cp)) {
            *msg = "the word must be Chinese characters only, like 重庆<TAB>chong2 qing4";
            return 0;
        }
        if (*ncp == BOYIN_MAX_WORD) {
            *msg = "word longer than 16 characters; split it";
            return 0;
        }
        cps[(*ncp)++] = cp;
        i += (size_t)m;
    }
    return 1;
}

/* One line of a lexicon file (s: past leading blanks, not a comment). */
static int parse_line(boyin_lexicon *lx, const char *s, boyin_readings *rd, boyin_hanconv *conv, const char *path,
                      unsigned long lineno, char *err, size_t errlen)
{
    size_t wl = strcspn(s, " \t");
    int32_t cps[BOYIN_MAX_WORD];
    size_t ncp;
    const char *what;
    if (!parse_word(s, wl, cps, &ncp, &what))
        return lexicon_error(err, errlen, path, lineno, what);
    boyin_sb py = {0};
    size_t nsyl = 0;
    char msg[256];
    int st = BOYIN_OK;
    for (const char *t = s + wl; st == BOYIN_OK && *t;) {
        while (*t == ' ' || *t == '\t')
            t++;
        size_t tl = strcspn(t, " \t");
        if (!tl)
            break;
        char syl[BOYIN_SYL];
        if (!boyin_syllable_parse(t, tl, syl) || !boyin_readings_known(rd, syl)) {
            snprintf(msg, sizeof msg, "'%.*s' is not a pinyin syllable; write it like zhang3, lv4 or zhǎng", (int)tl, t);
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
        trad |= boyin_readings_traditional(rd, cps[i]);
    if (st == BOYIN_OK && trad) {
        st = boyin_hanconv_t2s(conv, cps, ncp);
        if (st)
            snprintf(err, errlen, "cannot open OpenCC's t2s.json; install libopencc-data");
    }
    boyin_sb key = {0};
    for (size_t i = 0; i < ncp; i++)
        boyin_sb_addcp(&key, cps[i]);
    boyin_user_word *nu = NULL;
    if (st == BOYIN_OK && !py.failed && !key.failed)
        nu = realloc(lx->v, (lx->n + 1) * sizeof *nu);
    if (st == BOYIN_OK && !nu)
        st = BOYIN_ENOMEM;
    if (st == BOYIN_OK) {
        lx->v = nu;
        lx->v[lx->n++] = (boyin_user_word){key.s, key.len, py.s, lx->order++};
    } else {
        boyin_sb_free(&key);
        boyin_sb_free(&py);
    }
    return st;
}

int boyin_lexicon_load(boyin_lexicon *lx, const char *path, boyin_readings *rd, boyin_hanconv *conv, char *err,
                       size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read the lexicon (%s); check the path given to --lexicon", path,
                 strerror(errno));
        return BOYIN_EINPUT;
    }
    boyin_lines lr = BOYIN_LINES_INIT;
    int st = BOYIN_OK;
    char *s;
    while (st == BOYIN_OK && (s = boyin_lines_next(&lr, f))) {
        if (lr.line == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
            s += 3; /* a byte order mark */
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s && *s != '#')
            st = parse_line(lx, s, rd, conv, path, lr.line, err, errlen);
    }
    if (st == BOYIN_OK && ferror(f)) {
        snprintf(err, errlen, "%s: cannot read the lexicon (%s); give --lexicon a text file", path, strerror(errno));
        st = BOYIN_EINPUT;
    } else if (st == BOYIN_OK && !feof(f)) {
        st = BOYIN_ENOMEM; /* the reader could not grow its line */
    }
    boyin_lines_free(&lr);
    fclose(f);
    return st;
}

static int by_key_then_order(const void *a, const void *b)
{
    const boyin_user_word *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->klen != y->klen)
        return x->klen < y->klen ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

void boyin_lexicon_finish(boyin_lexicon *lx)
{
    if (!lx->n)
        return;
    qsort(lx->v, lx->n, sizeof *lx->v, by_key_then_order);
    size_t w = 0;
    for (size_t i = 0; i < lx->n; i++) {
        if (w > 0 && lx->v[w - 1].klen == lx->v[i].klen && memcmp(lx->v[w - 1].key, lx->v[i].key, lx->v[i].klen) == 0) {
            free(lx->v[w - 1].key);
            free(lx->v[w - 1].pinyin);
            lx->v[w - 1] = lx->v[i];
        } else {
            lx->v[w++] = lx->v[i];
        }
    }
    lx->n = w;
}

const boyin_user_word *boyin_lexicon_find(const boyin_lexicon *lx, const char *s, size_t n)
{
    size_t lo = 0, hi = lx->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const boyin_user_word *u = &lx->v[mid];
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

void boyin_lexicon_free(boyin_lexicon *lx)
{
    for (size_t i = 0; i < lx->n; i++) {
        free(lx->v[i].key);
        free(lx->v[i].pinyin);
    }
    free(lx->v);
    memset(lx, 0, sizeof *lx);
}
