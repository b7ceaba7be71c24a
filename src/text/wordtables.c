/* wordtables.c - the normalize stage's word tables, by file name. */
#include "wordtables.h"

#include <string.h>

#include "boyin.h"

/* The file of each table; one row per table, so a new table is one line. */
static const struct {
    const char *file;
    size_t off;
} TABLES[] = {
    {"units", offsetof(boyin_wordtables, units)},
    {"currency", offsetof(boyin_wordtables, currency)},
    {"measure-words", offsetof(boyin_wordtables, measure)},
    {"not-measure", offsetof(boyin_wordtables, not_measure)},
    {"digit-contexts", offsetof(boyin_wordtables, digit_ctx)},
    {"score-contexts", offsetof(boyin_wordtables, score_ctx)},
    {"symbols", offsetof(boyin_wordtables, symbols)},
    {"year-words", offsetof(boyin_wordtables, year_words)},
    {"credits", offsetof(boyin_wordtables, credits)},
    {"latin-words", offsetof(boyin_wordtables, latin_words)},
    {"model-prefixes", offsetof(boyin_wordtables, model_prefixes)},
    {"result-contexts", offsetof(boyin_wordtables, result_ctx)},
    {"digit-numbers", offsetof(boyin_wordtables, digit_numbers)},
    {"digit-number-followers", offsetof(boyin_wordtables, digit_followers)},
};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static boyin_table *table_n(boyin_wordtables *w, size_t k)
{
    return (boyin_table *)((char *)w + TABLES[k].off);
}

int boyin_wordtables_load(boyin_wordtables *w, const char *data_dir, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    for (size_t k = 0; k < NTABLES; k++) {
        int st = boyin_table_load(table_n(w, k), data_dir, TABLES[k].file, err, errlen);
        if (st) {
            boyin_wordtables_free(w);
            return st;
        }
    }
    return BOYIN_OK;
}

void boyin_wordtables_free(boyin_wordtables *w)
{
    for (size_t k = 0; k < NTABLES; k++)
        boyin_table_free(table_n(w, k));
}
