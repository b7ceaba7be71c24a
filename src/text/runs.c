/* runs.c - a chunk's spoken text cut into runs by voice (see runs.h). */
#include "runs.h"

#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "utf8.h"

/* Add a run saying text[0..tn) for the spoken bytes [b0, b1), with the
 * original characters those bytes were said for as its source. */
static int add_run(boyin_chunk *ch, const boyin_reading *x, size_t b0, size_t b1, int english, const char *text, size_t tn)
{
    while (tn > 0 && *text == ' ')
        text++, tn--;
    while (tn > 0 && text[tn - 1] == ' ')
        tn--;
    int words = 0;
    for (size_t i = 0; i < tn && !words;) {
        int32_t cp;
        int r = boyin_utf8_next((const uint8_t *)text + i, tn - i, &cp);
        words = r <= 0 || boyin_utf8_is_alnum(cp);
        i += r > 0 ? (size_t)r : 1;
    }
    if (!words)
        return BOYIN_OK; /* punctuation alone says nothing */
    while (b0 < b1 && ch->spoken[b0] == ' ')
        b0++;
    while (b1 > b0 && ch->spoken[b1 - 1] == ' ')
        b1--;
    boyin_run *nr = realloc(ch->runs, (ch->nruns + 1) * sizeof *nr);
    if (!nr)
        return BOYIN_ENOMEM;
    ch->runs = nr;
    char *t = strndup(text, tn);
    if (!t)
        return BOYIN_ENOMEM;
    boyin_run *r = &ch->runs[ch->nruns++];
    r->text = t;
    r->pinyin = NULL;
    r->english = english;
    boyin_reading_source(x, b0, b1, &r->src_off, &r->src_len);
    return BOYIN_OK;
}

/* An acronym to spell (NBA, GDP, U.S.): capitals (and dots) only, 2 to 6
 * letters, and not one said as a word (latin-words.tsv: NASA, COVID). */
static int spell_it(const boyin_wordtables *tb, const char *w, size_t n)
{
    size_t letters = 0;
    int32_t key[8];
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.')
            continue;
        if (w[i] < 'A' || w[i] > 'Z' || letters == 8)
            return 0;
        key[letters++] = w[i];
    }
    if (letters < 2 || letters > 6)
        return 0;
    const boyin_entry *e = boyin_table_prefix(&tb->latin_words, key, letters, 0);
    return !(e && e->klen == letters);
}

/* The English run for the Latin text in spoken bytes [b0, b1): acronyms
 * spelled out letter by letter. */
static int add_latin_run(const boyin_wordtables *tb, boyin_chunk *c, const boyin_reading *x, size_t b0, size_t b1)
{
    const char *s = c->spoken + b0;
    size_t n = b1 - b0;
    boyin_sb b = {0};
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (b.len)
            boyin_sb_add(&b, " ", 1);
        if (spell_it(tb, s + i, j - i)) {
            for (size_t k = i; k < j; k++)
                if (s[k] != '.') {
                    if (k > i)
                        boyin_sb_add(&b, " ", 1);
                    boyin_sb_add(&b, s + k, 1);
                }
        } else {
            boyin_sb_add(&b, s + i, j - i);
        }
        i = j;
        while (i < n && s[i] == ' ')
            i++;
    }
    int st = b.failed ? BOYIN_ENOMEM : add_run(c, x, b0, b1, 1, b.s ? b.s : "", b.len);
    boyin_sb_free(&b);
    return st;
}

/* A letter of Latin script: ASCII, or Latin-1 and Latin Extended (é, ó, ü). */
static int is_latin_letter(int32_t cp)
{
    return is_latin(cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* The code point at byte i of s (n bytes), and its length in *len. */
static int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
    int32_t cp = 0;
    int r = i < n ? boyin_utf8_next((const uint8_t *)s + i, n - i, &cp) : 0;
    *len = r > 0 ? (size_t)r : 1;
    return r > 0 ? cp : -1;
}

int boyin_runs_split(const boyin_wordtables *tb, boyin_chunk *c, const boyin_reading *x)
{
    const char *s = c->spoken;
    size_t n = strlen(s), start = 0, len;
    int st = BOYIN_OK;
    boyin_chunk_clear_runs(c);
    for (size_t i = 0; i < n && st == BOYIN_OK;) {
        if (!is_latin_letter(cp_at(s, n, i, &len))) {
            i += len;
            continue;
        }
        size_t j = i;
        for (;;) {
            int32_t cp;
            while (j < n && ((cp = cp_at(s, n, j, &len)) >= 0) &&
                   (is_latin_letter(cp) || cp == '\'' || cp == '.' || cp == '-' || cp == '+'))
                j += len;
            if (j + 1 < n && s[j] == ' ' && is_latin_letter(cp_at(s, n, j + 1, &len)))
                j++;
            else
                break;
        }
        while (j > i && (s[j - 1] == '.' || s[j - 1] == '-' || s[j - 1] == '\''))
            j--; /* a dot ending the sentence is punctuation, except after an initialism */
        if (j < n && s[j] == '.' && j >= 2 && s[j - 2] == '.')
            j++; /* U.S. */
        st = add_run(c, x, start, i, 0, s + start, i - start);
        if (st == BOYIN_OK)
            st = add_latin_run(tb, c, x, i, j);
        start = i = j;
    }
    if (st == BOYIN_OK)
        st = add_run(c, x, start, n, 0, s + start, n - start);
    return st;
}
