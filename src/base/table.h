/*
 * table.h - small word tables from boyin's data folder (the .tsv files in
 * voices/zh):
 * one entry a line, `key<TAB>value<TAB>extra`, `#` comments.
 *
 * A table owns its entries; boyin_table_free releases them.  Lookups work on
 * code point arrays and prefer the longest key.  A table taken from a
 * compiled file (compiled.h) points into its mapping: only the entry array
 * is made, and the file must stay mapped while the table is used.
 */
#ifndef BOYIN_TABLE_H
#define BOYIN_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "compiled.h"

typedef struct {
    const int32_t *key;
    size_t klen;
    const char *value; /* "" when the line has no value */
    const char *extra; /* "" when the line has no third column */
    int value_kind, extra_kind; /* the column's kind (boyin_table_kinds), 0 for free text */
} boyin_entry;

/* Which columns hold a kind, and the words each may hold: NULL-terminated
 * lists in the order of the caller's enum, so a kind is parsed once, at
 * load, to its index.  An empty cell is allowed only where the list has ""
 * (put it first to make it the default). */
typedef struct {
    const char *const *value; /* kinds of the second column; NULL: free text */
    const char *const *extra; /* kinds of the third column; NULL: free text */
} boyin_table_kinds;

typedef struct {
    boyin_entry *v; /* longest key first; keys of one length in file order */
    size_t n;
    int mapped;     /* keys and texts are in a compiled file's mapping */
} boyin_table;

/* Load <data_dir>/voices/zh/<name>.tsv.  BOYIN_EDATA with "file:line: what"
 * in err when the file is missing or a line is not UTF-8, BOYIN_ENOMEM;
 * on error t holds nothing. */
int boyin_table_load(boyin_table *t, const char *data_dir, const char *name, char *err, size_t errlen);

/* The same, with kind columns parsed to value_kind and extra_kind (kinds
 * may be NULL): a word not in the list is BOYIN_EDATA with
 * "file:line: unknown kind 'xyz'; use one of a, b, c" in err. */
int boyin_table_load_kinds(boyin_table *t, const char *data_dir, const char *name, const boyin_table_kinds *kinds,
                           char *err, size_t errlen);
void boyin_table_free(boyin_table *t);

/* The table as a section of a compiled file: its entries in their order,
 * keys, texts and kinds.  BOYIN_ENOMEM (also left in out->failed). */
int boyin_table_compile(const boyin_table *t, boyin_blob *out);

/* Table `name` of compiled file c (as boyin_table_compile wrote it),
 * pointing into c's mapping.  BOYIN_EDATA with "file: table name is
 * missing or damaged" in err, BOYIN_ENOMEM; on error t holds nothing. */
int boyin_table_map(boyin_table *t, const boyin_compiled *c, const char *name, char *err, size_t errlen);

/* The longest entry whose key starts at s[i] (s has n code points). */
const boyin_entry *boyin_table_prefix(const boyin_table *t, const int32_t *s, size_t n, size_t i);

/* The longest entry whose key ends right before s[i]. */
const boyin_entry *boyin_table_suffix(const boyin_table *t, const int32_t *s, size_t i);

#endif
