/*
 * pronounce.h - the pronounce stage: the toned pinyin of Mandarin text.
 *
 * For each stretch of Han characters:
 *   1. Text with a Traditional character (flag `t` in pinyin-chars.tsv; for
 *      a chunk, anywhere in its text) is converted to Simplified for lookup
 *      (hanconv.h); the text itself is not changed.  There, 著 on its own
 *      is read as 着 (看著 kan4 zhe5).
 *   2. The stretch is segmented into words by maximum probability over the
 *      word list (<data>/voices/zh/pinyin-words.tsv, memory-mapped), with
 *      the words of the user lexicons always preferred.
 *   3. A word gets the readings its entry gives.  A character standing as a
 *      word of its own gets the first reading whose rule in polyphones.tsv
 *      matches its context, else its most likely reading (pinyin-chars.tsv).
 *   4. The formal register of news (the default): a neutral tone the word
 *      list gives inside a word is read with the character's own tone
 *      (知识产权 zhi1 shi2), except on particles and suffixes, repeated
 *      syllables and the words listed in neutral-tones.tsv (东西 dong1
 *      xi5).  boyin_pronouncer_set_dictionary_tones() keeps them all.
 *   5. Tone changes a newsreader makes: 一 and 不 before another syllable
 *      (yi2 ge4, bu2 shi4), 一 read yi1 inside numbers; erhua where the word
 *      list writes 儿 as a neutral er (哪儿 na3r).  Third-tone sandhi is left
 *      to eSpeak-NG, which does it from the pinyin.
 *
 * Output: one syllable per character, with tone numbers (neutral tone 5,
 * ü as v), separated by spaces; punctuation stays attached to the syllable
 * before it, so eSpeak-NG pauses where it would for the characters.
 *
 * A pronouncer owns its mappings, user lexicons and converter;
 * boyin_pronouncer_destroy(NULL) is safe.  Not thread-safe (the converter
 * opens lazily).
 */
#ifndef BOYIN_PRONOUNCE_H
#define BOYIN_PRONOUNCE_H

#include <stddef.h>

#include "chunk.h"

typedef struct boyin_pronouncer boyin_pronouncer;

/*
 * Map the data in data_dir and load the user lexicons (paths, applied in
 * order before the built-in data; an entry in a later file replaces the same
 * word in an earlier one).  *out is owned by the caller.
 * BOYIN_EDATA with a message in err when built-in data is missing or bad;
 * BOYIN_EINPUT with "FILE:LINE: what is wrong; what to do" when a user
 * lexicon is unreadable or has a bad line.
 */
int boyin_pronouncer_create(const char *data_dir, const char *const *lexicons, size_t nlexicons,
                            boyin_pronouncer **out, char *err, size_t errlen);
void boyin_pronouncer_destroy(boyin_pronouncer *p);

/* on: keep every neutral tone of the word list (the voice key
 * `neutral_tones dictionary`); off (the default): the formal register. */
void boyin_pronouncer_set_dictionary_tones(boyin_pronouncer *p, int on);

/* The pinyin for UTF-8 text (see above); *pinyin is malloc'd, owned by the
 * caller.  Characters with no known reading are passed through. */
int boyin_pronounce_text(boyin_pronouncer *p, const char *text, char **pinyin);

/* Set `pinyin` on each Mandarin run of the chunk (English runs keep NULL). */
int boyin_pronounce_chunk(boyin_pronouncer *p, boyin_chunk *c);

/* Check the built-in word list is sorted (tests): 0, or the first line out
 * of order. */
size_t boyin_pronouncer_check(const boyin_pronouncer *p);

#endif
