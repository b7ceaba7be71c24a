/*
 * reading.h - one text as the normalize stage reads it: its characters as
 * code points (full-width forms folded, enclosed numbers unfolded), where
 * each came from in the UTF-8 text, and the spoken form being written, with
 * the pieces that map spoken bytes back to the characters they say.
 *
 * A reading owns s, at_byte, scratch and pieces (boyin_reading_free) and
 * out (boyin_sb_free, or take out.s and set it to NULL).  It borrows the
 * config and the word tables, which must outlive it.
 */
#ifndef BOYIN_READING_H
#define BOYIN_READING_H

#include <stddef.h>
#include <stdint.h>

#include "charclass.h"
#include "normalize.h"
#include "numbers.h"
#include "strbuf.h"
#include "wordtables.h"

/* Output bytes [out_start, out_end) were said for input s[from..to). */
typedef struct {
    size_t out_start, out_end, from, to;
} boyin_piece;

typedef struct {
    const boyin_normalize_config *cfg;
    const boyin_wordtables *tb;
    int32_t *s;
    size_t n;
    size_t *at_byte; /* byte offset in the text of each code point (n + 1) */
    boyin_piece *pieces;
    size_t npieces, cap;
    char *scratch;     /* digits of parsed numbers, at their own text offsets */
    boyin_sb out;
    int last_number;   /* the last thing said was a number */
    size_t digits_end; /* where the last number read digit by digit ended (0: none) */
    int digits_yao;
} boyin_reading;

/* Decode and fold UTF-8 text into r (zeroed, with cfg and tb set).
 * BOYIN_EUTF8 when it is not UTF-8, BOYIN_ENOMEM; free r either way. */
int boyin_reading_load(boyin_reading *r, const char *text);

/* Remember that output bytes from out_start to out.len were said for
 * s[from..to); out of memory sets out.failed. */
void boyin_reading_note(boyin_reading *r, size_t out_start, size_t from, size_t to);

/* Fold the spaces the rules left (none at either end, none doubled) and
 * move the pieces with their bytes.  BOYIN_ENOMEM (also when out.failed). */
int boyin_reading_tidy(boyin_reading *r);

/* The characters said by output bytes [b0, b1), as a byte span of the
 * original text; *len 0 when no piece overlaps them. */
void boyin_reading_source(const boyin_reading *r, size_t b0, size_t b1, size_t *off, size_t *len);

/* Free what r owns except out. */
void boyin_reading_free(boyin_reading *r);

/* Small questions the rules ask of the folded text, inline. */

/* An ASCII digit: full-width digits are folded to ASCII by now. */
static inline int is_d(int32_t cp) { return cp >= '0' && cp <= '9'; }
static inline int is_latin(int32_t cp) { return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'); }
/* Brackets, not quotes or title marks: a byline stands in brackets, and a
 * quotation that mentions 记者 is still read. */
static inline int is_open(int32_t cp) { return boyin_char_is((uint32_t)cp, BOYIN_CC_OPEN | BOYIN_CC_BRACKET); }
static inline int is_close(int32_t cp) { return boyin_char_is((uint32_t)cp, BOYIN_CC_CLOSE | BOYIN_CC_BRACKET); }

/* How many digits stand at s[i]. */
static inline size_t run(const boyin_reading *r, size_t i)
{
    size_t k = i;
    while (k < r->n && is_d(r->s[k]))
        k++;
    return k - i;
}

static inline int at(const boyin_reading *r, size_t i, int32_t cp) { return i < r->n && r->s[i] == cp; }

static inline void say(boyin_reading *r, const char *s) { boyin_sb_adds(&r->out, s); }

/* Say digits s[i..i+n) one by one (幺 for 1 when yao). */
static inline void say_digits(boyin_reading *r, size_t i, size_t n, int yao)
{
    for (size_t k = 0; k < n; k++)
        r->scratch[i + k] = (char)r->s[i + k];
    boyin_num_digits(&r->out, r->scratch + i, n, yao);
}

/* Say the digit run s[i..i+n) as a cardinal (numbers.h flags; the liang
 * option applies). */
static inline void say_cardinal(boyin_reading *r, size_t i, size_t n, int flags)
{
    if (!r->cfg->liang)
        flags |= BOYIN_NUM_NO_LIANG;
    for (size_t k = 0; k < n; k++)
        r->scratch[i + k] = (char)r->s[i + k];
    boyin_num_cardinal(&r->out, r->scratch + i, n, flags);
}

/* Value of a short digit run (at most 4 digits). */
static inline int value(const boyin_reading *r, size_t i, size_t n)
{
    int v = 0;
    for (size_t k = 0; k < n && k < 4; k++)
        v = v * 10 + (r->s[i + k] - '0');
    return v;
}

#endif
