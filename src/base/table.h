/*
 * table.h - small word tables from boyin's data folder (the .tsv files in
 * voices/zh):
 * one entry a line, `key<TAB>value<TAB>extra`, `#` comments.
 *
 * A table is one block of memory read in place: its entries (boyin_entry)
 * in lookup order, then the keys and texts they point to by offsets from
 * the entry itself, so the block means the same wherever it lies.  A table
 * loaded from a .tsv file owns its block (built once, after parsing); one
 * taken from a compiled file (compiled.h) is a section of the file's
 * mapping, and nothing is made: the file must stay mapped while the table
 * is used.  boyin_table_free releases what the table owns.  Lookups work
 * on code point arrays and prefer the longest key.
 */
#ifndef BOYIN_TABLE_H
#define BOYIN_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "compiled.h"

typedef struct {
    int32_t key;   /* where the key's code points are, in bytes from this entry */
    uint32_t klen; /* how many */
    int32_t value; /* where its value is (NUL-terminated; "" when the line has none), from this entry */
    int32_t extra; /* where its third column is (the same) */
    int32_t value_kind, extra_kind; /* the column's kind (boyin_table_kinds), 0 for free text */
} boyin_entry;

static inline const int32_t *boyin_entry_key(const boyin_entry *e)
{
    return (const int32_t *)(const void *)((const char *)e + e->key);
}
static inline const char *boyin_entry_value(const boyin_entry *e) { return (const char *)e + e->value; }
static inline const char *boyin_entry_extra(const boyin_entry *e) { return (const char *)e + e->extra; }

/* Which columns hold a kind, and the words each may hold: NULL-terminated
 * lists in the order of the caller's enum, so a kind is parsed once, at
 * load, to its index.  An empty cell is allowed only where the list has ""
 * (put it first to make it the default). */
typedef struct {
    const char *const *value; /* kinds of the second column; NULL: free text */
    const char *const *extra; /* kinds of the third column; NULL: free text */
} boyin_table_kinds;

typedef struct {
    const boyin_entry *v; /* longest key first; keys of one length in file order */
    size_t n;
    void *own;            /* the block, when the table made it (from a .tsv file) */
    size_t size;          /* bytes of the block */
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

/* Add the table's block to a compiled file as section `name`, with the
 * .tsv file `name`.tsv it comes from (compiled.h).  BOYIN_ENOMEM,
 * BOYIN_EDATA (the .tsv file gone). */
int boyin_table_compile(const boyin_table *t, boyin_compiler *k, const char *name);

/* Table `name` of compiled file c, read in place.  BOYIN_EDATA with "file:
 * table name is missing or damaged; ..." in err; on error t holds
 * nothing. */
int boyin_table_map(boyin_table *t, const boyin_compiled *c, const char *name, char *err, size_t errlen);

/* The longest entry whose key starts at s[i] (s has n code points). */
const boyin_entry *boyin_table_prefix(const boyin_table *t, const int32_t *s, size_t n, size_t i);

/* The longest entry whose key ends right before s[i]. */
const boyin_entry *boyin_table_suffix(const boyin_table *t, const int32_t *s, size_t i);

#endif
