/*
 * normalize.h - the normalize stage: what a newsreader says for a chunk.
 *
 * Rewrites written forms into the words a Mandarin newsreader says:
 * full-width digits, letters and signs read like half-width ones; cardinals,
 * decimals, percentages, fractions, ranges, negatives, scores and ratios,
 * years digit by digit, dates and times, phone numbers and codes digit by
 * digit, money, units, ordinals, math signs between numbers, numbers inside
 * Latin names (G20, PM2.5, A380).  Word lists live in the .tsv files of
 * <data>/voices/zh;
 * the number conventions are in numbers.h.  Latin text itself is left as it
 * is for now.  Time is linear in the text length.
 */
#ifndef BOYIN_NORMALIZE_H
#define BOYIN_NORMALIZE_H

#include <stddef.h>

#include "chunk.h"

typedef struct {
    int yao;        /* read 1 as 幺 in phone-like numbers (default 1) */
    int below_zero; /* -10℃ as 零下十摄氏度 (default 1); else 负十摄氏度 */
    int read_all;   /* read bylines and credits too (default 0: they are skipped) */
    int liang;      /* 两 by the convention in numbers.h (default 1); 0: always 二 */
} boyin_normalize_config;

typedef struct boyin_normalizer boyin_normalizer;

void boyin_normalize_config_init(boyin_normalize_config *cfg);

/* Load the word tables from data_dir.  *out is owned by the caller
 * (boyin_normalizer_destroy).  BOYIN_EDATA with a message in err when a
 * table is missing or malformed. */
int boyin_normalizer_create(const char *data_dir, const boyin_normalize_config *cfg, boyin_normalizer **out,
                            char *err, size_t errlen);
void boyin_normalizer_destroy(boyin_normalizer *nz);

/* The spoken form of UTF-8 text; *spoken is malloc'd, owned by the caller. */
int boyin_normalize_text(const boyin_normalizer *nz, const char *text, char **spoken);

/* Set c->spoken from c->text (replacing any earlier value).  A chunk that
 * is a byline or credit (credits.tsv) gets c->skipped = "credit" and an
 * empty spoken text, unless read_all is set. */
int boyin_normalize_chunk(const boyin_normalizer *nz, boyin_chunk *c);

#endif
