/*
 * syllable.h - one pinyin syllable as boyin writes it: letters, then a tone
 * digit (neutral tone 5, ü as v), and an `r` for erhua (na3r).
 *
 * Pure functions on caller-owned buffers; nothing is allocated and nothing
 * fails except by saying that the text is not a syllable.
 */
#ifndef BOYIN_SYLLABLE_H
#define BOYIN_SYLLABLE_H

#include <stddef.h>

#define BOYIN_SYL 8 /* bytes of one syllable with its tone and NUL: zhuang4r */

/* A syllable as a person writes it (zhang3, zhǎng, lü4, lu:4, lv4, de,
 * De5) in s[0..n): writes boyin's form (zhang3, lv4, de5) to out and
 * returns 1; 0 when it is not a syllable (out is then undefined). */
int boyin_syllable_parse(const char *s, size_t n, char out[BOYIN_SYL]);

/* The tone digit of a syllable, looking past an erhua `r` (5 when it has
 * none). */
int boyin_syllable_tone(const char *syl);

/* Replace the tone digit at the end of syl (a syllable without `r`); a
 * syllable with no digit at the end is left as it is. */
void boyin_syllable_set_tone(char *syl, int tone);

#endif
