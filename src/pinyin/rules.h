/*
 * rules.h - the hand-written pronunciation rules, loaded once:
 *
 *   polyphones.tsv     readings of a character standing as a word of its
 *                      own, by context: char<TAB>reading<TAB>where<TAB>
 *                      contexts, sets of contexts (@name<TAB>contexts) and
 *                      @honor-split<TAB>characters (see the file's header).
 *   neutral-tones.tsv  which neutral tones the formal register keeps:
 *                      char<TAB>light, word<TAB>word,
 *                      word<TAB>formal<TAB>one syllable per character.
 *
 * Both files are read from <data_dir>/voices/zh/ into one block each (the
 * rules, and a table for the neutral tones), or those blocks are read in
 * place from the compiled voices/zh.bin when it is usable (compiled.h):
 * the rules are the same either way.  The kind of a rule (its `where`) and
 * of a neutral-tone entry are parsed to enums when loading.  A rules
 * object owns its blocks, or the mapping they are in; boyin_rules_free
 * releases them (safe on a zeroed object, and twice).
 */
#ifndef BOYIN_RULES_H
#define BOYIN_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "compiled.h"
#include "syllable.h"
#include "table.h"

/* Where a rule's contexts are looked for; see polyphones.tsv. */
typedef enum {
    BOYIN_AT_NEXT, BOYIN_AT_PREV, BOYIN_AT_NEXTWORD, BOYIN_AT_AFTER, BOYIN_AT_BEFORE, BOYIN_AT_NAME,
    BOYIN_AT_HONOR, BOYIN_AT_DOUBLE, BOYIN_AT_START, BOYIN_AT_END, BOYIN_AT_WORD, BOYIN_AT_ALWAYS
} boyin_where;

/* A rule of polyphones.tsv, read in place from its rules' block: cp is
 * read `reading` when `where` matches one of the nctx contexts
 * (boyin_rule_context; none for double, start, end, word and always). */
typedef struct {
    int32_t cp;
    uint32_t where; /* a boyin_where */
    int32_t ctx;    /* where the contexts' offsets are (nctx int32s, each from itself to its text), from this rule */
    uint32_t nctx;
    char reading[BOYIN_SYL];
} boyin_rule;

/* Context k of r: UTF-8, NUL-terminated. */
static inline const char *boyin_rule_context(const boyin_rule *r, size_t k)
{
    const int32_t *at = (const int32_t *)(const void *)((const char *)r + r->ctx) + k;
    return (const char *)at + *at;
}

/* The kind of a neutral-tones.tsv entry. */
typedef enum {
    BOYIN_NEUTRAL_LIGHT,  /* a particle or suffix: keeps its neutral tone */
    BOYIN_NEUTRAL_WORD,   /* a word that keeps its neutral tones */
    BOYIN_NEUTRAL_FORMAL  /* a word read with the syllables in `extra` */
} boyin_neutral_kind;

typedef struct {
    const boyin_rule *v; /* in file order: the first rule that matches wins */
    size_t n;
    const int32_t *honor_split; /* @honor-split: words of these and a surname are split before an honorific */
    size_t nhonor_split;
    boyin_table neutral;        /* neutral-tones.tsv; each entry's value_kind is its boyin_neutral_kind */
    void *own;                  /* the rules' block, when parsed from polyphones.tsv */
    size_t size;
    boyin_compiled compiled;    /* what v and neutral are in, when they came from voices/zh.bin */
} boyin_rules;

/* Load both files, or the compiled form of them.  BOYIN_EDATA with
 * "FILE:LINE: what is wrong" in err when a file is missing or a line is
 * bad, among them "unknown kind 'xyz'; use one of ..." for a `where` or a
 * kind that does not exist (or when the compiled file is damaged, or
 * BOYIN_COMPILED_DATA=require and it is not usable); BOYIN_ENOMEM.  On
 * error r holds nothing (it need not be freed). */
int boyin_rules_load(boyin_rules *r, const char *data_dir, char *err, size_t errlen);

/* The same from the .tsv files only (what is compiled, and the tests'
 * reference). */
int boyin_rules_load_tsv(boyin_rules *r, const char *data_dir, char *err, size_t errlen);
void boyin_rules_free(boyin_rules *r);

/* Add the rules to a compiled file, with the .tsv files they come from.
 * BOYIN_ENOMEM, BOYIN_EDATA (a .tsv file gone). */
int boyin_rules_compile(const boyin_rules *r, boyin_compiler *k);

/* The kind of an entry of r->neutral. */
boyin_neutral_kind boyin_rules_neutral_kind(const boyin_rules *r, const boyin_entry *e);

#endif
