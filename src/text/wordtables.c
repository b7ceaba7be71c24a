/* wordtables.c - the normalize stage's word tables, by file name. */
#include "wordtables.h"

#include <string.h>

#include "boyin.h"

/* The words of each kind column, in the order of the enums in wordtables.h. */
static const char *const CREDIT[] = {"label", "bracket", "phrase", "caption", NULL};
static const char *const DIGITS[] = {"digits", "yao", NULL};
static const char *const CONTEXT[] = {"", "after", NULL};
static const char *const SYMBOL[] = {"number", "before", "word", NULL};

/* The file of each table; one row per table, so a new table is one line. */
static const struct {
    const char *file;
    size_t off;
    boyin_table_kinds kinds;
} TABLES[] = {
    {"units", offsetof(boyin_wordtables, units), {NULL, NULL}},
    {"currency", offsetof(boyin_wordtables, currency), {NULL, NULL}},
    {"measure-words", offsetof(boyin_wordtables, measure), {NULL, NULL}},
    {"not-measure", offsetof(boyin_wordtables, not_measure), {NULL, NULL}},
    {"digit-contexts", offsetof(boyin_wordtables, digit_ctx), {DIGITS, CONTEXT}},
    {"score-contexts", offsetof(boyin_wordtables, score_ctx), {CONTEXT, NULL}},
    {"symbols", offsetof(boyin_wordtables, symbols), {NULL, SYMBOL}},
    {"year-words", offsetof(boyin_wordtables, year_words), {NULL, NULL}},
    {"credits", offsetof(boyin_wordtables, credits), {CREDIT, NULL}},
    {"latin-words", offsetof(boyin_wordtables, latin_words), {NULL, NULL}},
    {"model-prefixes", offsetof(boyin_wordtables, model_prefixes), {NULL, NULL}},
    {"result-contexts", offsetof(boyin_wordtables, result_ctx), {NULL, NULL}},
    {"digit-numbers", offsetof(boyin_wordtables, digit_numbers), {DIGITS, NULL}},
    {"digit-number-followers", offsetof(boyin_wordtables, digit_followers), {NULL, NULL}},
};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static boyin_table *table_n(boyin_wordtables *w, size_t k)
{
    return (boyin_table *)((char *)w + TABLES[k].off);
}

static const boyin_table *table_c(const boyin_wordtables *w, size_t k)
{
    return (const boyin_table *)((const char *)w + TABLES[k].off);
}

int boyin_wordtables_load(boyin_wordtables *w, const char *data_dir, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    int st = boyin_compiled_open(&w->compiled, data_dir, "zh", err, errlen);
    if (st || !w->compiled.p)
        return st ? st : boyin_wordtables_load_tsv(w, data_dir, err, errlen);
    for (size_t k = 0; k < NTABLES; k++) {
        if ((st = boyin_table_map(table_n(w, k), &w->compiled, TABLES[k].file, err, errlen))) {
            boyin_wordtables_free(w);
            return st;
        }
    }
    return BOYIN_OK;
}

int boyin_wordtables_load_tsv(boyin_wordtables *w, const char *data_dir, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    for (size_t k = 0; k < NTABLES; k++) {
        int st = boyin_table_load_kinds(table_n(w, k), data_dir, TABLES[k].file, &TABLES[k].kinds, err, errlen);
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
    boyin_compiled_close(&w->compiled);
}

int boyin_wordtables_compile(const boyin_wordtables *w, boyin_compiler *c)
{
    int st = BOYIN_OK;
    for (size_t k = 0; st == BOYIN_OK && k < NTABLES; k++)
        st = boyin_table_compile(table_c(w, k), c, TABLES[k].file);
    return st;
}
