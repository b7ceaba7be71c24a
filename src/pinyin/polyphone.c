/* polyphone.c - a lone character's reading from rules, then fitted context counts. */
#include "polyphone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Whether the word (as segmented) that starts at character k is ctx. */
static int word_at(const boyin_stretch *s, size_t k, const char *ctx, size_t cl)
{
    if (k >= s->n || s->wstart[k] != k)
        return 0;
    size_t e = k + 1;
    while (e < s->n && s->wstart[e] == k)
        e++;
    return s->off[e] - s->off[k] == cl && memcmp(s->utf + s->off[k], ctx, cl) == 0;
}

/* Whether the UTF-8 string ctx is the text right after (next) or right
 * before (prev) character i, or right after the one or two characters
 * after it (name: 单小明书记); or the next word (nextword), or a word up to
 * AFTER_SPAN characters before (after: 以 … 为) or after it (before: 应 …
 * 邀请) in the stretch. */
#define AFTER_SPAN 24
static int context_at(const boyin_stretch *s, size_t i, boyin_where where, const char *ctx)
{
    size_t cl = strlen(ctx);
    if (where == BOYIN_AT_NEXTWORD)
        return word_at(s, i + 1, ctx, cl);
    if (where == BOYIN_AT_AFTER) {
        for (size_t k = i; k-- > 0 && k + AFTER_SPAN >= i;)
            if (word_at(s, k, ctx, cl))
                return 1;
        return 0;
    }
    if (where == BOYIN_AT_BEFORE) {
        for (size_t k = i + 1; k < s->n && k <= i + AFTER_SPAN; k++)
            if (word_at(s, k, ctx, cl))
                return 1;
        return 0;
    }
    if (where == BOYIN_AT_NAME) { /* after a given name of one or two characters */
        for (size_t g = i + 2; g <= i + 3 && g < s->n; g++)
            if (s->off[s->n] - s->off[g] >= cl && memcmp(s->utf + s->off[g], ctx, cl) == 0)
                return 1;
        return 0;
    }
    if (where == BOYIN_AT_NEXT || where == BOYIN_AT_HONOR)
        return s->off[s->n] - s->off[i + 1] >= cl && memcmp(s->utf + s->off[i + 1], ctx, cl) == 0;
    return s->off[i] >= cl && memcmp(s->utf + s->off[i] - cl, ctx, cl) == 0;
}

/* Whether one of the rule's contexts is found as `where` says. */
static int any_context(const boyin_rule *ru, const boyin_stretch *s, size_t i, boyin_where where)
{
    for (size_t k = 0; k < ru->nctx; k++)
        if (context_at(s, i, where, boyin_rule_context(ru, k)))
            return 1;
    return 0;
}

const boyin_rule *boyin_polyphone_rule(const boyin_rules *r, const boyin_stretch *s, size_t i)
{
    for (size_t k = 0; k < r->n; k++) {
        const boyin_rule *ru = &r->v[k];
        if (ru->cp != s->cp[i])
            continue;
        if (ru->where == BOYIN_AT_ALWAYS)
            return ru;
        if (ru->where == BOYIN_AT_DOUBLE && i >= 2 && s->cp[i - 1] == s->cp[i - 2])
            return ru;
        if ((ru->where == BOYIN_AT_START && i == 0) || (ru->where == BOYIN_AT_END && i + 1 == s->n) ||
            (ru->where == BOYIN_AT_WORD && i >= 2 && s->wstart[i - 1] < i - 1))
            return ru;
        if (any_context(ru, s, i, ru->where))
            return ru;
    }
    return NULL;
}

const boyin_rule *boyin_polyphone_surname(const boyin_rules *r, const boyin_stretch *s, size_t i)
{
    int surname = 0;
    for (size_t k = 0; k < r->n && !surname; k++)
        surname = r->v[k].cp == s->cp[i] && r->v[k].where == BOYIN_AT_NAME;
    for (size_t k = 0; surname && k < r->n; k++) {
        const boyin_rule *ru = &r->v[k];
        if (ru->cp != s->cp[i] ||
            (ru->where != BOYIN_AT_PREV && ru->where != BOYIN_AT_NAME && ru->where != BOYIN_AT_HONOR))
            continue;
        if (any_context(ru, s, i, ru->where))
            return ru;
    }
    return NULL;
}

const boyin_rule *boyin_polyphone_honor(const boyin_rules *r, const boyin_stretch *s, size_t i)
{
    for (size_t k = 0; k < r->n; k++) {
        const boyin_rule *ru = &r->v[k];
        if (ru->cp == s->cp[i] && ru->where == BOYIN_AT_HONOR && any_context(ru, s, i, BOYIN_AT_NEXT))
            return ru;
    }
    return NULL;
}

/* Add the UTF-8 of s->cp[a..b) to buf at *w (buf has room for 32 bytes more). */
static void put_chars(const boyin_stretch *s, size_t a, size_t b, char *buf, size_t *w)
{
    for (size_t k = a; k < b; k++)
        *w += (size_t)boyin_utf8_encode(s->cp[k], (uint8_t *)buf + *w);
}

size_t boyin_polyphone_feature(const boyin_stretch *s, size_t i, int f, char key[BOYIN_FEATURE_MAX])
{
    static const char *const names[] = {" L:", " R:", " L2:", " R2:"};
    size_t w = 0;
    put_chars(s, i, i + 1, key, &w);
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
    return w;
}

#define MAX_READINGS 8
#ifndef CONTEXT_PRIOR
#define CONTEXT_PRIOR 1.5 /* weight of a reading's rank against the contexts */
#endif
#ifndef CONTEXT_SMOOTH
#define CONTEXT_SMOOTH 0.1 /* added to every count */
#endif

/* Add to score[] the log share of each candidate among the reading:count
 * pairs c[0..cl). */
static void add_counts(const char *c, size_t cl, char (*cand)[BOYIN_SYL], size_t nc, double *score)
{
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
}

int boyin_polyphone_fitted(const boyin_dict *context, const boyin_readings *rd, boyin_stretch *s, size_t i)
{
    size_t len;
    const char *e = boyin_readings_entry(rd, s->cp[i], &len);
    if (!e)
        return 0;
    char cand[MAX_READINGS][BOYIN_SYL];
    double score[MAX_READINGS];
    size_t nc = 0;
    for (size_t b = 0; b < len && e[b] != '\t' && nc < MAX_READINGS;) {
        size_t k = b;
        while (k < len && e[k] != ' ' && e[k] != '\t')
            k++;
        if (k - b < BOYIN_SYL) {
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
    for (int f = 0; f < BOYIN_FEATURES; f++) {
        char key[BOYIN_FEATURE_MAX];
        size_t w = boyin_polyphone_feature(s, i, f, key), cl;
        const char *c = boyin_dict_find(context, key, w, &cl);
        if (!c)
            continue;
        add_counts(c, cl, cand, nc, score);
        seen = 1;
    }
    if (!seen)
        return 0;
    size_t best = 0;
    for (size_t r = 1; r < nc; r++)
        if (score[r] > score[best])
            best = r;
    memcpy(s->syl[i], cand[best], BOYIN_SYL);
    return 1;
}
