/*
 * segment.h - a stretch of Han characters cut into words by maximum
 * probability over the word list, the words of the user lexicons first.
 *
 * The word list is <data_dir>/voices/zh/pinyin-words.tsv, memory-mapped
 * (dict.h): `word<TAB>frequency<TAB>pinyin`, its header giving the total
 * frequency.  A word's score is log(frequency / total), a character the list
 * does not have counts as frequency 1, and the cut with the highest sum
 * wins (ties: the shorter first word).  A user word of two or more
 * characters, the longest one, wins over any built-in word that starts at
 * the same character; a one-character user word only gives that character
 * its reading.
 *
 * This is the one segmenter: the pronounce stage reads with it, and
 * scripts/make-pinyin-data fits its data with it (boyin-segment).
 *
 * A segmenter owns its mapping (boyin_segment_close releases it; a zeroed
 * one may be closed).  A stretch owns its arrays (boyin_stretch_free; safe
 * on a zeroed stretch).
 */
#ifndef BOYIN_SEGMENT_H
#define BOYIN_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "lexicon.h"
#include "syllable.h"

typedef struct {
    boyin_dict words;
    double logtotal;
} boyin_segmenter;

/* Map <data_dir>/voices/zh/pinyin-words.tsv.  BOYIN_EDATA with a message
 * naming the file in err when it is missing or not boyin's. */
int boyin_segment_open(boyin_segmenter *sg, const char *data_dir, char *err, size_t errlen);
void boyin_segment_close(boyin_segmenter *sg);

/* The longest stretch read at once: a longer run of Han characters is read
 * in pieces of this many characters. */
#define BOYIN_MAX_STRETCH (BOYIN_MAX_WORD * 64)

/* The next piece of the UTF-8 text[*at..len), for the callers that cut
 * text into stretches: either a stretch of Han characters (at most
 * BOYIN_MAX_STRETCH; a longer run goes on in the next piece), copied to cps
 * (room for BOYIN_MAX_STRETCH) and its length returned; or 0 and one other
 * character in *cp (U+FFFD for a byte that is not UTF-8).  *at moves past
 * the piece; call while *at < len. */
size_t boyin_segment_piece(const char *text, size_t len, size_t *at, int32_t *cps, int32_t *cp);

/* One stretch of Han characters being read. */
typedef struct {
    int32_t *cp;   /* Simplified, for lookup */
    int32_t *orig; /* as written */
    size_t n;
    size_t *off;   /* byte offset of each character in utf (n + 1) */
    char *utf;     /* UTF-8 of cp */
    char (*syl)[BOYIN_SYL];
    unsigned char *alone; /* the character is a word of its own */
    unsigned char *fixed; /* its reading came from a rule or a user word: no tone change */
    size_t *wstart;       /* first character of the word holding each character */
} boyin_stretch;

/* Room for n characters (n >= 1); BOYIN_ENOMEM (then free it all the same). */
int boyin_stretch_alloc(boyin_stretch *s, size_t n);
void boyin_stretch_free(boyin_stretch *s);

/* Set s->utf and s->off from s->cp[0..s->n). */
void boyin_stretch_set_utf(boyin_stretch *s);

/* The word chosen at each character where a word starts. */
typedef struct {
    size_t end;        /* one past its last character */
    const char *entry; /* its syllables, elen bytes (in the mapping or the lexicon), or NULL */
    size_t elen;
    int user;          /* from a user lexicon */
    double freq;       /* its frequency in the word list (0 when none was seen) */
} boyin_word;

/*
 * Cut s (s->cp, s->utf and s->off set) into words.  w has s->n entries,
 * filled by the call: w[i] is the best word starting at character i (the
 * cut is w[0], w[w[0].end], ...).  Then s->wstart, s->alone and s->fixed
 * (the word is a user word) are set and every s->syl emptied.  lx may be
 * NULL.  BOYIN_ENOMEM.
 */
int boyin_segment_stretch(const boyin_segmenter *sg, const boyin_lexicon *lx, boyin_stretch *s, boyin_word *w);

#endif
