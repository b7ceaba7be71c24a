/*
 * quantity.h - numbers as written in a reading (reading.h): parsed with
 * their thousands separators and fraction, said as cardinals, decimals,
 * percentages, durations or digit strings, and the unit, measure word,
 * currency or temperature that goes with them (units.tsv, measure-words.tsv,
 * not-measure.tsv, currency.tsv).
 *
 * All say into r->out; digits are copied to r->scratch at their own text
 * offsets, so nothing is allocated.
 */
#ifndef BOYIN_QUANTITY_H
#define BOYIN_QUANTITY_H

#include <stddef.h>
#include <stdint.h>

#include "reading.h"
#include "table.h"

/* A number written at s[start..end): integer digits ip[0..ni) and fraction
 * digits fp[0..nf) (pointers into r->scratch). */
typedef struct {
    size_t start, end;
    const char *ip, *fp;
    size_t ni, nf;
    int grouped; /* written with thousands separators */
} boyin_qty;

/* Parse an integer (1,234,567 allowed) and an optional fraction at i. */
void boyin_qty_parse(boyin_reading *r, size_t i, boyin_qty *m);

/* Say m as a cardinal (numbers.h flags) or, with a fraction, a decimal. */
void boyin_qty_say(boyin_reading *r, const boyin_qty *m, int flags);

/* Say m as a percentage (%), per mille (‰) or per ten thousand (‱). */
void boyin_qty_say_percent(boyin_reading *r, const boyin_qty *m, int32_t sign);

/* "1" unit1 "05" unit2 as 一unit1零五unit2: the lead number s[i..i+n) and
 * two padded digits at m. */
void boyin_qty_say_duration(boyin_reading *r, size_t i, size_t n, const char *unit1, size_t m, const char *unit2);

/* Digits with - or space between groups, read one by one (phones, codes);
 * returns where they end. */
size_t boyin_qty_say_code(boyin_reading *r, size_t i, int yao);

/* Unit or measure word at j: BOYIN_NUM_MEASURE when one follows, with the
 * unit (to be said instead of its symbol) in *unit and its end in *after. */
int boyin_qty_unit(const boyin_reading *r, size_t j, const boyin_entry **unit, size_t *after);

/* A temperature follows the number at i (for 零下). */
int boyin_qty_is_temperature(boyin_reading *r, size_t i);

/* Say the money written at i, which starts with the currency sign `cur`
 * (¥3.5亿 三点五亿元); returns where it ends. */
size_t boyin_qty_money(boyin_reading *r, size_t i, const boyin_entry *cur);

static inline int is_percent(int32_t cp) { return cp == '%' || cp == 0x2030 || cp == 0x2031; }

static inline int is_range_sign(int32_t cp) { return boyin_char_is((uint32_t)cp, BOYIN_CC_RANGE); }

#endif
