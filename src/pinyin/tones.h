/*
 * tones.h - the tones a newsreader says, on a segmented stretch whose
 * syllables are filled in:
 *
 *   - 一 and 不 before another syllable (yi2 ge4, bu2 shi4); 一 read yi1 as
 *     a digit inside numbers;
 *   - the formal register of news: a neutral tone the word list gives inside
 *     a word is read with the character's own tone, except where
 *     neutral-tones.tsv (rules.h) or a repeated syllable keeps it;
 *   - erhua: 儿 on its own after a syllable, at the end of a phrase or
 *     before a particle.
 *
 * Third-tone sandhi is left to eSpeak-NG, which does it from the pinyin.
 * The functions change s->syl in place and allocate nothing.
 */
#ifndef BOYIN_TONES_H
#define BOYIN_TONES_H

#include <stddef.h>

#include "readings.h"
#include "rules.h"
#include "segment.h"

/* The tone changes of 一 and 不 over the whole stretch; readings marked
 * s->fixed (a rule or a user word) are left alone. */
void boyin_tones_change(boyin_stretch *s);

/* The formal register for the built-in word s->cp[a..b): each neutral
 * syllable takes the reading a `formal` entry covering it gives, or stays
 * neutral inside a `word` entry, on a repeated syllable or on a `light`
 * character, or else takes its character's first reading (rd) with the
 * same syllable and a tone. */
void boyin_tones_formal(const boyin_rules *r, const boyin_readings *rd, boyin_stretch *s, size_t a, size_t b);

/* Whether character i is 儿 read as erhua: on its own after a syllable, at
 * the end of the stretch or before a particle (馅儿，胡同儿的); elsewhere it
 * is er2 (笛卡儿坐标). */
int boyin_tones_erhua(const boyin_stretch *s, size_t i);

#endif
