/*
 * numrules.h - how the normalize stage says a number written in the text:
 * dates, times, scores and ratios, event dates, addresses and codes, marks,
 * resolutions, generations, phone numbers, numbers that are names, years,
 * percentages, fractions, ranges, and quantities with their units.
 *
 * The rules are named functions in one ordered table (NUMBER_RULES in
 * numrules.c); the first that applies says the number.  Word lists come
 * from the reading's tables (digit-contexts, digit-numbers,
 * digit-number-followers, score-contexts, result-contexts, year-words and
 * the unit tables of quantity.h).
 */
#ifndef BOYIN_NUMRULES_H
#define BOYIN_NUMRULES_H

#include <stddef.h>

#include "reading.h"

/* Say the number whose first digit is r->s[i] into r->out; returns where
 * the text after it starts (always past i).  Sets r->digits_end and
 * r->digits_yao when it read the number digit by digit after a digit-context
 * word, so that a list (110或120) goes on the same way. */
size_t boyin_numrules_read(boyin_reading *r, size_t i);

#endif
