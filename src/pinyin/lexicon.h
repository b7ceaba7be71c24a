/*
 * lexicon.h - user lexicons: the newsroom's own words and readings.
 *
 * A lexicon file is UTF-8 text, one word a line: Chinese characters, then
 * one syllable per character (zhang3, zhǎng, lü4, lu:4 or lv4), separated
 * by spaces or tabs; `#` starts a comment line; a byte order mark is
 * skipped.  Traditional words are stored converted to Simplified, as the
 * text they are matched against is.  Files are loaded in order; after
 * boyin_lexicon_finish, the entry of a later file replaces the same word in
 * an earlier one.
 *
 * A lexicon owns its words; boyin_lexicon_free releases them (safe on a
 * zeroed lexicon, and twice).
 */
#ifndef BOYIN_LEXICON_H
#define BOYIN_LEXICON_H

#include <stddef.h>

#include "hanconv.h"
#include "readings.h"

#define BOYIN_MAX_WORD 16 /* characters: longer words are never looked up */

typedef struct {
    char *key; /* UTF-8, Simplified */
    size_t klen;
    char *pinyin;   /* syllables with tone numbers, space-separated */
    unsigned order; /* position over all files, for "later wins" */
} boyin_user_word;

typedef struct {
    boyin_user_word *v; /* sorted by key after boyin_lexicon_finish */
    size_t n;
    unsigned order; /* words read so far */
} boyin_lexicon;

/* Add the words of the file at path.  rd tells which syllables exist and
 * which characters are Traditional; conv converts them.  BOYIN_EINPUT with
 * "PATH:LINE: what is wrong; what to do" in err when the file cannot be
 * read or a line is bad (the words read before it stay); BOYIN_ENOMEM. */
int boyin_lexicon_load(boyin_lexicon *lx, const char *path, boyin_readings *rd, boyin_hanconv *conv, char *err,
                       size_t errlen);

/* Sort the words and keep the last entry of each; call once after the last
 * file. */
void boyin_lexicon_finish(boyin_lexicon *lx);

/* The word that is exactly s[0..n) (UTF-8), or NULL. */
const boyin_user_word *boyin_lexicon_find(const boyin_lexicon *lx, const char *s, size_t n);

void boyin_lexicon_free(boyin_lexicon *lx);

#endif
