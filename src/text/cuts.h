/*
 * cuts.h - the splitter's marks and where it cuts a long sentence.
 *
 * A sentence longer than max_chars is cut at clause marks, preferring ；
 * then ： then ，、 then ——, with cut points chosen by dynamic programming
 * to keep the pieces few, balanced and not tiny, avoiding numbers, Latin
 * words and quotations; a hard cut at a character boundary only where a
 * stretch has no mark.  Pure: the caller owns every buffer.
 */
#ifndef BOYIN_CUTS_H
#define BOYIN_CUTS_H

#include <stddef.h>
#include <stdint.h>

/* A character of the splitter's buffer. */
typedef struct {
    int32_t cp;
    uint8_t len;  /* its length in bytes */
    uint64_t off; /* its byte offset in the item */
} boyin_split_char;

/* What a mark does to a sentence, from its class in charclass.h. */
typedef enum {
    BOYIN_MARK_NONE = 0,
    BOYIN_MARK_STOP,     /* ends a sentence */
    BOYIN_MARK_ELLIPSIS, /* ends a sentence unless more punctuation follows */
    BOYIN_MARK_OPEN,     /* opens a quotation or bracket group */
    BOYIN_MARK_CLOSE,    /* closes one; stays with the sentence before it */
    BOYIN_MARK_SEMI,     /* clause marks, best cut first */
    BOYIN_MARK_COLON,
    BOYIN_MARK_COMMA,
    BOYIN_MARK_DASH
} boyin_mark;

boyin_mark boyin_mark_of(int32_t cp);

/*
 * Choose cut points in b[s..e) so every piece has at most max characters.
 * Fills cuts[] (room for e - s + 1) with piece end indices (the last is e)
 * and *npieces with how many, with hard[i] set for pieces ending in a hard
 * cut.  BOYIN_ENOMEM.
 */
int boyin_cuts_plan(const boyin_split_char *b, size_t s, size_t e, unsigned max, size_t *cuts, int *hard,
                    size_t *npieces);

#endif
