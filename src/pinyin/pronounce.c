/* pronounce.c - the pronounce stage: Han stretches cut into words, read, tones changed. */
#include "pronounce.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "dict.h"
#include "hanconv.h"
#include "lexicon.h"
#include "polyphone.h"
#include "readings.h"
#include "rules.h"
#include "segment.h"
#include "strbuf.h"
#include "tones.h"
#include "utf8.h"

struct boyin_pronouncer {
    boyin_segmenter seg;     /* pinyin-words.tsv */
    boyin_readings readings; /* pinyin-chars.tsv */
    boyin_dict context;      /* pinyin-context.tsv */
    boyin_rules rules;       /* polyphones.tsv, neutral-tones.tsv */
    boyin_lexicon user;
    boyin_hanconv *conv;
    int dictionary_tones; /* keep every neutral tone of the word list (else the formal register) */
};

/* ---- create / destroy ----------------------------------------------------- */

int boyin_pronouncer_create(const char *data_dir, const char *const *lexicons, size_t nlexicons,
                            boyin_pronouncer **out, char *err, size_t errlen)
{
    *out = NULL;
    boyin_pronouncer *p = calloc(1, sizeof *p);
    if (!p)
        return BOYIN_ENOMEM;
    int st = boyin_segment_open(&p->seg, data_dir, err, errlen);
    if (st == BOYIN_OK)
        st = boyin_readings_open(&p->readings, data_dir, err, errlen);
    if (st == BOYIN_OK) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/voices/zh/pinyin-context.tsv", data_dir);
        st = boyin_dict_open(&p->context, path, "#boyin-pinyin-context\t", err, errlen);
        if (st == BOYIN_OK)
            boyin_dict_use_index(&p->context, data_dir, "pinyin-context.tsv");
    }
    if (st == BOYIN_OK)
        st = boyin_rules_load(&p->rules, data_dir, err, errlen);
    if (st == BOYIN_OK)
        st = boyin_hanconv_create("t2s.json", &p->conv);
    for (size_t i = 0; st == BOYIN_OK && i < nlexicons; i++)
        st = boyin_lexicon_load(&p->user, lexicons[i], &p->readings, p->conv, err, errlen);
    if (st) {
        boyin_pronouncer_destroy(p);
        return st;
    }
    boyin_lexicon_finish(&p->user);
    *out = p;
    return BOYIN_OK;
}

void boyin_pronouncer_destroy(boyin_pronouncer *p)
{
    if (!p)
        return;
    boyin_segment_close(&p->seg);
    boyin_readings_close(&p->readings);
    boyin_dict_close(&p->context);
    boyin_rules_free(&p->rules);
    boyin_lexicon_free(&p->user);
    boyin_hanconv_destroy(p->conv);
    free(p);
}

void boyin_pronouncer_set_dictionary_tones(boyin_pronouncer *p, int on)
{
    p->dictionary_tones = on != 0;
}

size_t boyin_pronouncer_check(const boyin_pronouncer *p)
{
    size_t bad = boyin_dict_check(&p->seg.words);
    if (!bad)
        bad = boyin_dict_check(&p->readings.dict);
    return bad ? bad : boyin_dict_check(&p->context);
}

/* ---- one stretch of Han characters ---------------------------------------- */

/* Copy syllables "a b c" (len bytes) to syl[i..]. */
static void put_syllables(boyin_stretch *s, size_t i, size_t count, const char *py, size_t len)
{
    size_t k = 0;
    for (size_t b = 0; b < len && k < count;) {
        size_t e = b;
        while (e < len && py[e] != ' ' && py[e] != '\t')
            e++;
        size_t m = e - b < BOYIN_SYL - 1 ? e - b : BOYIN_SYL - 1;
        memcpy(s->syl[i + k], py + b, m);
        s->syl[i + k][m] = '\0';
        k++;
        b = e + 1;
    }
}

/* The readings of the words: syllables from the word list or the user
 * word, the formal register, and a surname's reading at the start of a
 * rare word; a surname before an honorific split off its word. */
static void read_words(boyin_pronouncer *p, boyin_stretch *s, const boyin_word *w)
{
    for (size_t i = 0; i < s->n;) {
        size_t j = w[i].end;
        int user = w[i].user;
        if (w[i].entry && j > i + 1) {
            put_syllables(s, i, j - i, w[i].entry, w[i].elen);
            if (!user && !p->dictionary_tones)
                boyin_tones_formal(&p->rules, &p->readings, s, i, j);
        }
        const boyin_rule *sr = w[i].entry && j > i + 1 && j <= i + 3 && !user && w[i].freq < BOYIN_NAME_RARE
                                   ? boyin_polyphone_surname(&p->rules, s, i) : NULL;
        if (sr) {
            memcpy(s->syl[i], sr->reading, BOYIN_SYL);
            s->fixed[i] = 1;
        }
        /* A surname before an honorific takes its reading even at the end of
         * a two-character word that starts with a function word (和解教授:
         * 和 + 解教授, not 和解): an `honor` rule splits it off.  Other words
         * stay whole (社区医生, 主任医生). */
        int split_ok = 0;
        for (size_t k = 0; j == i + 2 && k < p->rules.nhonor_split; k++)
            split_ok |= s->cp[i] == p->rules.honor_split[k];
        if (split_ok && j < s->n && !user && boyin_polyphone_honor(&p->rules, s, j - 1)) {
            s->alone[j - 1] = 1;
            s->wstart[j - 1] = j - 1;
            s->syl[j - 1][0] = '\0';
        }
        i = j;
    }
}

/* Segment s, then fill in the readings and change the tones. */
static int read_stretch(boyin_pronouncer *p, boyin_stretch *s)
{
    size_t n = s->n;
    boyin_word *w = malloc(n * sizeof *w);
    if (!w)
        return BOYIN_ENOMEM;
    int st = boyin_segment_stretch(&p->seg, &p->user, s, w);
    if (st) {
        free(w);
        return st;
    }
    read_words(p, s, w);
    for (size_t i = 0; i < n; i++) {
        if (!s->alone[i] && s->syl[i][0])
            continue;
        /* w[i]: the best word starting at i, even where the cut went
         * otherwise; a one-character user word gives its reading this way */
        const boyin_word *uw = &w[i];
        int user = uw->user;
        const boyin_rule *r = user ? NULL : boyin_polyphone_rule(&p->rules, s, i);
        int erhua = !r && !user && boyin_tones_erhua(s, i);
        if (r) {
            memcpy(s->syl[i], r->reading, BOYIN_SYL);
            s->fixed[i] = 1;
        } else if (erhua) {
            memcpy(s->syl[i], "er5", 4);
        } else if (user && uw->entry) {
            put_syllables(s, i, 1, uw->entry, uw->elen);
        } else if (!boyin_polyphone_fitted(&p->context, &p->readings, s, i) &&
                   !boyin_readings_first(&p->readings, s->cp[i], s->syl[i])) {
            s->syl[i][0] = '\0'; /* no reading: the character itself is passed on */
        }
    }
    boyin_tones_change(s);
    free(w);
    return BOYIN_OK;
}

/* Append the stretch's syllables; an unknown character goes as itself. */
static void emit_stretch(boyin_sb *b, const boyin_stretch *s)
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

/* Pinyin for the Han characters cps[0..n). */
static int pronounce_han(boyin_pronouncer *p, const int32_t *cps, size_t n, int trad, boyin_sb *b)
{
    boyin_stretch s;
    int st = boyin_stretch_alloc(&s, n);
    if (st == BOYIN_OK) {
        s.n = n;
        memcpy(s.cp, cps, n * sizeof *cps);
        memcpy(s.orig, cps, n * sizeof *cps);
        if (trad)
            st = boyin_hanconv_t2s(p->conv, s.cp, n);
    }
    if (st == BOYIN_OK) {
        boyin_stretch_set_utf(&s);
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
        boyin_stretch_set_utf(&s);
        st = read_stretch(p, &s);
    }
    if (st == BOYIN_OK)
        emit_stretch(b, &s);
    boyin_stretch_free(&s);
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
        if (boyin_utf8_is_han(cp) && boyin_readings_traditional(&p->readings, cp))
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
    int32_t *cps = malloc(BOYIN_MAX_STRETCH * sizeof *cps);
    if (!cps)
        return BOYIN_ENOMEM;
    boyin_sb b = {0};
    int st = BOYIN_OK;
    int after_alnum = 0; /* the last thing written was a letter of another script */
    for (size_t at = 0; at < len && st == BOYIN_OK;) {
        int32_t cp;
        size_t nh = boyin_segment_piece(text, len, &at, cps, &cp);
        if (nh) {
            st = pronounce_han(p, cps, nh, trad, &b);
            after_alnum = 0;
            continue;
        }
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
