/*
 * split.h - the split stage: a streaming sentence splitter for Chinese text.
 *
 * Push bytes as they arrive (any split, even inside a UTF-8 character); pull
 * chunks with boyin_splitter_next as soon as they are complete.  Memory is
 * bounded by the longest pending sentence (capped at BOYIN_SPLIT_CAP_FACTOR
 * times max_chars, beyond which the text is cut at the best place so far),
 * never by the input.
 *
 * Rules, in order of precedence:
 *  - A line break ends the chunk.  By default every line is a paragraph (the
 *    way Chinese news is published); with join_lines a single line break is a
 *    space and only a blank or indented line starts a new paragraph.
 *  - A sentence ends after 。！？!? (and ． ｡), after an ellipsis (… …… ...)
 *    not followed by other punctuation, and after ASCII '.' only when it ends
 *    a sentence: not between digits (3.14), not inside a word or address, not
 *    after an initialism or a listed abbreviation (U.S. Mr. No.).  Closing
 *    quotes and brackets right after the end stay with the sentence.
 *  - A sentence longer than max_chars is cut at clause marks, preferring ；
 *    then ： then ，、 then ——, with cut points chosen to keep the pieces
 *    balanced and not tiny, avoiding numbers, Latin words and quotations; a
 *    hard cut at a character boundary only where a stretch has no mark.
 *
 * Chunk text is the source with whitespace runs folded to one space; nothing
 * but whitespace is ever dropped.
 */
#ifndef BOYIN_SPLIT_H
#define BOYIN_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "chunk.h"

#define BOYIN_SPLIT_CAP_FACTOR 8

typedef struct {
    unsigned max_chars;          /* longest chunk in characters (default 60, min 8) */
    int join_lines;              /* single line breaks are spaces (hard-wrapped text) */
    unsigned cut_pause_ms;       /* pause after a hard cut (default 0) */
    unsigned clause_pause_ms;    /* after a chunk cut at a clause mark (default 150) */
    unsigned sentence_pause_ms;  /* after a sentence (default 350) */
    unsigned paragraph_pause_ms; /* after a paragraph or item (default 700) */
} boyin_split_config;

typedef struct boyin_splitter boyin_splitter;

/* Fill *cfg with the defaults above. */
void boyin_split_config_init(boyin_split_config *cfg);

/* Create a splitter; *out is owned by the caller (boyin_splitter_destroy). */
int boyin_splitter_create(const boyin_split_config *cfg, boyin_splitter **out);
void boyin_splitter_destroy(boyin_splitter *sp);

/* Start a new item (input file): byte offsets and paragraphs restart and the
 * item number increases.  Call once before the first push of each item. */
void boyin_splitter_begin_item(boyin_splitter *sp);

/* Feed bytes.  Returns BOYIN_OK, or BOYIN_EUTF8 / BOYIN_EBINARY with the
 * offending byte's offset in boyin_splitter_error_offset. */
int boyin_splitter_push(boyin_splitter *sp, const void *bytes, size_t n);

/* The current item has ended: flush what is pending.  Same errors as push
 * (a truncated character at the end is BOYIN_EUTF8). */
int boyin_splitter_finish(boyin_splitter *sp);

/* Take the next complete chunk: BOYIN_OK and *out (owned by the caller), or
 * BOYIN_NEED_MORE when none is ready. */
int boyin_splitter_next(boyin_splitter *sp, boyin_chunk **out);

/* Byte offset (within the item) of the last decoding error. */
uint64_t boyin_splitter_error_offset(const boyin_splitter *sp);

/* Characters of chunk text emitted for the current item so far. */
uint64_t boyin_splitter_chars(const boyin_splitter *sp);

#endif
