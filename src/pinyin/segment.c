/* segment.c - maximum-probability segmentation over the mapped word list. */
#include "segment.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "utf8.h"

#define MAGIC "#boyin-pinyin-words\t"

int boyin_segment_open(boyin_segmenter *sg, const char *data_dir, char *err, size_t errlen)
{
    char path[PATH_MAX];
    memset(sg, 0, sizeof *sg);
    snprintf(path, sizeof path, "%s/voices/zh/pinyin-words.tsv", data_dir);
    int st = boyin_dict_open(&sg->words, path, MAGIC, err, errlen);
    if (st == BOYIN_OK) {
        boyin_dict_use_index(&sg->words, data_dir, "pinyin-words.tsv");
        double total = strtod(sg->words.header + strlen(MAGIC), NULL);
        sg->logtotal = log(total > 1 ? total : 1);
    }
    return st;
}

void boyin_segment_close(boyin_segmenter *sg)
{
    boyin_dict_close(&sg->words);
}

/* The character at text[*at] (U+FFFD for a byte that is not UTF-8, so
 * every byte of the text is accounted for); its length in bytes. */
static size_t char_at(const char *text, size_t len, size_t at, int32_t *cp)
{
    int m = boyin_utf8_next((const uint8_t *)text + at, len - at, cp);
    if (m > 0)
        return (size_t)m;
    *cp = 0xFFFD;
    return 1;
}

size_t boyin_segment_piece(const char *text, size_t len, size_t *at, int32_t *cps, int32_t *cp)
{
    size_t nh = 0;
    while (*at < len && nh < BOYIN_MAX_STRETCH) {
        size_t m = char_at(text, len, *at, cp);
        if (!boyin_utf8_is_han(*cp))
            break;
        cps[nh++] = *cp;
        *at += m;
    }
    if (nh == 0 && *at < len)
        *at += char_at(text, len, *at, cp);
    return nh;
}

int boyin_stretch_alloc(boyin_stretch *s, size_t n)
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

void boyin_stretch_free(boyin_stretch *s)
{
    free(s->cp);
    free(s->orig);
    free(s->off);
    free(s->utf);
    free(s->syl);
    free(s->alone);
    free(s->fixed);
    free(s->wstart);
    memset(s, 0, sizeof *s);
}

void boyin_stretch_set_utf(boyin_stretch *s)
{
    size_t o = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->off[i] = o;
        o += (size_t)boyin_utf8_encode(s->cp[i], (uint8_t *)s->utf + o);
    }
    s->off[s->n] = o;
    s->utf[o] = '\0';
}

/* The best word starting at character i, given best[j] for every j > i:
 * sets w[i] and returns its score. */
static double best_word(const boyin_segmenter *sg, const boyin_lexicon *lx, const boyin_stretch *s, size_t i,
                        const double *best, boyin_word *w)
{
    size_t n = s->n;
    double score = -sg->logtotal + best[i + 1]; /* a character the list does not have: frequency 1 */
    w[i] = (boyin_word){.end = i + 1};
    size_t lo, hi;
    boyin_dict_all(&sg->words, &lo, &hi);
    int user_won = 0, nuser = lx && lx->n;
    const boyin_user_word *single = NULL;
    for (size_t j = i + 1; j <= n && j - i <= BOYIN_MAX_WORD; j++) {
        const char *key = s->utf + s->off[i];
        size_t kl = s->off[j] - s->off[i];
        const boyin_user_word *u = nuser ? boyin_lexicon_find(lx, key, kl) : NULL;
        if (u && j == i + 1) {
            single = u; /* a character's reading, not a forced split */
            u = NULL;
        }
        if (u) { /* the newsroom's word, the longest one: preferred over any built-in one */
            score = best[j];
            w[i].end = j;
            w[i].entry = u->pinyin;
            w[i].elen = strlen(u->pinyin);
            w[i].user = 1;
            user_won = 1;
            continue;
        }
        if (hi <= lo || !boyin_dict_narrow(&sg->words, key, kl, &lo, &hi)) {
            if (!nuser)
                break;
            continue; /* no longer word either; the user list may still have one */
        }
        size_t len;
        const char *e = boyin_dict_exact(&sg->words, lo, key, kl, &len);
        if (!e || user_won)
            continue;
        double f = strtod(e, NULL);
        double sc = log(f > 1 ? f : 1) - sg->logtotal + best[j];
        if (sc > score || j == i + 1) {
            score = sc;
            const char *tab = memchr(e, '\t', len);
            w[i].end = j;
            w[i].freq = f;
            w[i].entry = tab ? tab + 1 : NULL;
            w[i].elen = tab ? len - (size_t)(tab + 1 - e) : 0;
        }
    }
    if (single && w[i].end == i + 1) {
        w[i].entry = single->pinyin;
        w[i].elen = strlen(single->pinyin);
        w[i].user = 1;
    }
    return score;
}

int boyin_segment_stretch(const boyin_segmenter *sg, const boyin_lexicon *lx, boyin_stretch *s, boyin_word *w)
{
    size_t n = s->n;
    double *best = malloc((n + 1) * sizeof *best); /* the best score of s[i..n) */
    if (!best)
        return BOYIN_ENOMEM;
    best[n] = 0;
    for (size_t i = n; i-- > 0;)
        best[i] = best_word(sg, lx, s, i, best, w);
    free(best);
    for (size_t i = 0; i < n;) {
        size_t j = w[i].end;
        for (size_t k = i; k < j; k++) {
            s->wstart[k] = i;
            s->alone[k] = j == i + 1;
            s->fixed[k] = (unsigned char)w[i].user;
            s->syl[k][0] = '\0';
        }
        i = j;
    }
    return BOYIN_OK;
}
