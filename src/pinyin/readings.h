/*
 * readings.h - the readings of single characters (pinyin-chars.tsv).
 *
 * <data>/voices/zh/pinyin-chars.tsv, memory-mapped (dict.h): one line a
 * character, `char<TAB>readings, most likely first<TAB>flags`, flag `t`
 * when OpenCC's t2s converts the character.  A readings object owns its
 * mapping and the set of known syllables it builds on first use;
 * boyin_readings_close releases both (a zeroed object may be closed).
 */
#ifndef BOYIN_READINGS_H
#define BOYIN_READINGS_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "syllable.h"

typedef struct {
    boyin_dict dict;
    char (*syllables)[BOYIN_SYL]; /* known base syllables, sorted (built on first use) */
    size_t nsyllables;
} boyin_readings;

/* Map <data_dir>/voices/zh/pinyin-chars.tsv.  BOYIN_EDATA with a message
 * naming the file in err when it is missing or not boyin's. */
int boyin_readings_open(boyin_readings *r, const char *data_dir, char *err, size_t errlen);
void boyin_readings_close(boyin_readings *r);

/* The rest of cp's line (readings and flags, *len bytes, in the mapping),
 * or NULL when the file does not have cp. */
const char *boyin_readings_entry(const boyin_readings *r, int32_t cp, size_t *len);

/* Copy cp's most likely reading to out: 1, or 0 when it has none. */
int boyin_readings_first(const boyin_readings *r, int32_t cp, char out[BOYIN_SYL]);

/* Whether cp is a Traditional character (flag `t`). */
int boyin_readings_traditional(const boyin_readings *r, int32_t cp);

/* Whether the toned syllable syl (zhang3) is one the data knows: every
 * Mandarin syllable is a reading of some character.  The first call builds
 * the set of base syllables; 0 also when that runs out of memory. */
int boyin_readings_known(boyin_readings *r, const char *syl);

#endif
