/*
 * numbers.h - reading numbers the way a Mandarin newsreader does.
 *
 * Pure functions on ASCII digit strings; the reading is appended to a
 * boyin_sb.  Conventions (mainland broadcast):
 *  - cardinals group by 万 and 亿, one 零 for each run of zeros inside the
 *    number (101 一百零一, 1010 一千零一十, 10010 一万零一十), 十 rather than
 *    一十 only at the very start (10 十, 110 一百一十, 100000 十万);
 *  - 两 for a leading 2 in the 百 or 千 place or right before 万/亿
 *    (200 两百, 2000 两千, 2万 两万, 2亿 两亿), 二 everywhere else (12 十二,
 *    22 二十二, 1200 一千二百); a bare 2 becomes 两 only when the caller says
 *    a measure word follows (2个 两个);
 *  - numbers longer than 16 digits are read digit by digit.
 */
#ifndef BOYIN_NUMBERS_H
#define BOYIN_NUMBERS_H

#include <stddef.h>

#include "strbuf.h"

#define BOYIN_NUM_MAX_CARDINAL 16

/* Flags for boyin_num_cardinal. */
#define BOYIN_NUM_MEASURE 1 /* a measure word follows: a bare 2 is 两 */
#define BOYIN_NUM_NO_LIANG 2 /* never 两 (ordinals, decimals, years) */

/* The cardinal reading of digits d[0..n) (leading zeros ignored). */
void boyin_num_cardinal(boyin_sb *out, const char *d, size_t n, int flags);

/* Digit by digit: 零一二三四五六七八九, with 幺 for 1 when `yao`. */
void boyin_num_digits(boyin_sb *out, const char *d, size_t n, int yao);

/* A decimal: the integer part as a cardinal (never 两), 点, then each
 * fraction digit (3.14 三点一四, 0.5 零点五). */
void boyin_num_decimal(boyin_sb *out, const char *i, size_t ni, const char *f, size_t nf);

#endif
