/*
 * charclass.h - the one table of character classes the text stages read.
 *
 * Punctuation (sentence and clause marks, opening and closing brackets,
 * quotes and title marks, dashes), digits (ASCII and full-width) and the
 * Chinese numeral characters, as bit flags.  The splitter, the normalizer
 * and credit detection all ask here, so a mark added to the table is known
 * to every stage at once.  Pure; nothing is allocated.
 */
#ifndef BOYIN_CHARCLASS_H
#define BOYIN_CHARCLASS_H

#include <stdint.h>

enum {
    BOYIN_CC_STOP = 1u << 0,          /* ends a sentence: 。！？!? ｡ ． ‼ ⁇ ⁉ */
    BOYIN_CC_ELLIPSIS = 1u << 1,      /* … ⋯: ends a sentence unless more punctuation follows */
    BOYIN_CC_OPEN = 1u << 2,          /* opens a quotation, title or bracket group */
    BOYIN_CC_CLOSE = 1u << 3,         /* closes one (＂ too: it only closes) */
    BOYIN_CC_BRACKET = 1u << 4,       /* with OPEN or CLOSE: a bracket ( （ ［ ｛ 【 〔 〖, not a quote or 《 */
    BOYIN_CC_SEMICOLON = 1u << 5,     /* ；; - clause marks, the best cut first */
    BOYIN_CC_COLON = 1u << 6,         /* ：: */
    BOYIN_CC_COMMA = 1u << 7,         /* ，、,､ */
    BOYIN_CC_DASH = 1u << 8,          /* — ―: a clause dash */
    BOYIN_CC_RANGE = 1u << 9,         /* - ~ ～ — – 〜 between two numbers: a range (3-5 三到五) */
    BOYIN_CC_DIGIT = 1u << 10,        /* 0-9 and full-width ０-９ */
    BOYIN_CC_HAN_NUMERAL = 1u << 11,  /* 零〇一二三四五六七八九十两幺 */
    BOYIN_CC_HAN_MAGNITUDE = 1u << 12 /* 百千万亿 and 萬億 */
};

/* The classes of code point cp, ORed; 0 for a character in none (letters,
 * Han characters other than numerals, ASCII straight quotes, invalid). */
unsigned boyin_char_class(uint32_t cp);

/* Whether cp is in every class of `flags`. */
static inline int boyin_char_is(uint32_t cp, unsigned flags)
{
    return (boyin_char_class(cp) & flags) == flags;
}

#endif
