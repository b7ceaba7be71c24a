/*
 * wordtables.h - the word tables the normalize stage reads, loaded together
 * from the .tsv files of <data>/voices/zh (see each file's header for what
 * its columns mean).
 *
 * The struct owns its tables: boyin_wordtables_free releases them (safe on
 * a struct that was zeroed, partly loaded or freed before).
 */
#ifndef BOYIN_WORDTABLES_H
#define BOYIN_WORDTABLES_H

#include <stddef.h>

#include "table.h"

typedef struct {
    boyin_table units, currency, measure, not_measure, digit_ctx, score_ctx, symbols, year_words, credits,
        latin_words, model_prefixes, result_ctx, digit_numbers, digit_followers;
} boyin_wordtables;

/* Load every table from data_dir.  BOYIN_EDATA with "file:line: what" in
 * err when one is missing or malformed, BOYIN_ENOMEM; on error nothing
 * stays loaded. */
int boyin_wordtables_load(boyin_wordtables *w, const char *data_dir, char *err, size_t errlen);

void boyin_wordtables_free(boyin_wordtables *w);

#endif
