/*
 * polyphone.h - the reading of a character that stands as a word of its
 * own, chosen by its context: first the hand-written rules of
 * polyphones.tsv (rules.h), else the context counts fitted on the CPP data
 * (pinyin-context.tsv), else its most likely reading (readings.h).
 *
 * pinyin-context.tsv (<data_dir>/voices/zh/, memory-mapped by dict.h) has
 * one line per character and context feature: `char feature<TAB>reading:count
 * ...`.  The features of a character in a stretch are L:x (the character
 * before it, ^ at the start), R:x (after it, $ at the end), L2:xy (the two
 * before it) and R2:xy (the two after it); boyin_polyphone_feature writes
 * them, for this module and for scripts/make-pinyin-data (boyin-segment).
 *
 * Lookups only: nothing here allocates; the rules, the mapping and the
 * stretch stay the caller's.
 */
#ifndef BOYIN_POLYPHONE_H
#define BOYIN_POLYPHONE_H

#include <stddef.h>

#include "dict.h"
#include "readings.h"
#include "rules.h"
#include "segment.h"

#define BOYIN_FEATURES 4   /* L, R, L2, R2 */
#define BOYIN_FEATURE_MAX 64 /* bytes of a key: "char L2:xy" and more */

/* Write the key of feature f (0..BOYIN_FEATURES-1) of character i of s,
 * "char feature" (中 L:^), to key without a NUL; returns its length. */
size_t boyin_polyphone_feature(const boyin_stretch *s, size_t i, int f, char key[BOYIN_FEATURE_MAX]);

/* The first rule of character i whose context matches, or NULL (s is
 * segmented: the word rules look at s->wstart). */
const boyin_rule *boyin_polyphone_rule(const boyin_rules *r, const boyin_stretch *s, size_t i);

/* A surname at the start of a rare word (华国强表示: the word list has 华国
 * hua2 guo2, seen 3 times): the first prev, name or honor rule of a
 * character that has a name rule, whose context matches; or NULL.  The
 * caller checks that the word is rare (BOYIN_NAME_RARE). */
#define BOYIN_NAME_RARE 20
const boyin_rule *boyin_polyphone_surname(const boyin_rules *r, const boyin_stretch *s, size_t i);

/* The first `honor` rule of the character at i whose context follows it in
 * the text (it looks at text only: the words after i may not be known yet),
 * or NULL. */
const boyin_rule *boyin_polyphone_honor(const boyin_rules *r, const boyin_stretch *s, size_t i);

/* Set s->syl[i] from the context counts of context (pinyin-context.tsv):
 * each reading's rank in rd gives a prior, each feature seen adds the log
 * of how often that reading was seen there (smoothed).  1 when it did; 0
 * (s->syl[i] untouched) when the character has fewer than two readings or
 * no feature of it was seen. */
int boyin_polyphone_fitted(const boyin_dict *context, const boyin_readings *rd, boyin_stretch *s, size_t i);

#endif
