/*
 * wordtables.h - the word tables the normalize stage reads, loaded together
 * from the .tsv files of <data>/voices/zh (see each file's header for what
 * its columns mean).
 *
 * They come from the compiled voices/zh.bin when it is usable, else from
 * the .tsv files (compiled.h); the tables are the same either way.
 *
 * The struct owns its tables and the mapping they point into:
 * boyin_wordtables_free releases them (safe on a struct that was zeroed,
 * partly loaded or freed before).
 */
#ifndef BOYIN_WORDTABLES_H
#define BOYIN_WORDTABLES_H

#include <stddef.h>

#include "compiled.h"
#include "table.h"

/* The kinds of the tables' kind columns, parsed at load (an unknown word is
 * an error, not a rule silently off). */
typedef enum { BOYIN_CREDIT_LABEL, BOYIN_CREDIT_BRACKET, BOYIN_CREDIT_PHRASE, BOYIN_CREDIT_CAPTION } boyin_credit_kind;
typedef enum { BOYIN_DIGITS_PLAIN, BOYIN_DIGITS_YAO } boyin_digits_kind; /* `digits`, `yao`: 1 as 幺 */
typedef enum { BOYIN_CONTEXT_BEFORE, BOYIN_CONTEXT_AFTER } boyin_context_kind; /* empty, `after` */
typedef enum { BOYIN_SYMBOL_NUMBER, BOYIN_SYMBOL_BEFORE, BOYIN_SYMBOL_WORD } boyin_symbol_kind;

/* Tables and their kind columns: credits (value: boyin_credit_kind),
 * digit_ctx (value: boyin_digits_kind, extra: boyin_context_kind),
 * score_ctx (value: boyin_context_kind), symbols (extra:
 * boyin_symbol_kind), digit_numbers (value: boyin_digits_kind). */
typedef struct {
    boyin_table units, currency, measure, not_measure, digit_ctx, score_ctx, symbols, year_words, credits,
        latin_words, model_prefixes, result_ctx, digit_numbers, digit_followers;
    boyin_compiled compiled; /* what the tables point into, when they came from voices/zh.bin */
} boyin_wordtables;

/* Load every table from data_dir: from the compiled file when it is
 * usable, else from the .tsv files.  BOYIN_EDATA with "file:line: what" in
 * err when one is missing or malformed (or the compiled file is, or
 * BOYIN_COMPILED_DATA=require and it is not usable), BOYIN_ENOMEM; on
 * error nothing stays loaded. */
int boyin_wordtables_load(boyin_wordtables *w, const char *data_dir, char *err, size_t errlen);

/* The same from the .tsv files only (what is compiled, and the tests'
 * reference). */
int boyin_wordtables_load_tsv(boyin_wordtables *w, const char *data_dir, char *err, size_t errlen);

/* Add every table to a compiled file, with the .tsv file it comes from.
 * BOYIN_ENOMEM, BOYIN_EDATA (a .tsv file gone). */
int boyin_wordtables_compile(const boyin_wordtables *w, boyin_compiler *k);

void boyin_wordtables_free(boyin_wordtables *w);

#endif
