/*
 * loudsearch.h - finding the gain and limiter ceiling that land a bulletin
 * on its loudness target under its true-peak ceiling.
 *
 * A pure function over a measure callback: it never touches a file.  The
 * callback runs one pass over the audio with a gain and a limiter ceiling
 * and says what came out.  Trial passes (final 0) may run cheaply (at the
 * engine's rate, nothing written); the final pass is what is delivered and
 * is measured as written.  When the loudness is off, the gain moves by the
 * difference; when the true peak is over, the limiter's ceiling moves down
 * by the excess (the limiter then takes some loudness away, which the next
 * pass makes up).
 */
#ifndef BOYIN_LOUDSEARCH_H
#define BOYIN_LOUDSEARCH_H

#include <stdint.h>

#include "meter.h"

/* How close is close enough, in LU or dB. */
#define BOYIN_SEARCH_FINAL_LU 0.2     /* the final pass: loudness within this of the target */
#define BOYIN_SEARCH_TRIAL_LU 0.05    /* a trial pass: closer, so the final pass lands */
#define BOYIN_SEARCH_MISSED_LU 0.5    /* farther than this: the target was missed */
#define BOYIN_SEARCH_FINAL_PEAK_DB 0.02 /* the final true peak at least this under the ceiling */
#define BOYIN_SEARCH_PCM_MARGIN_DB 0.1  /* the limiter's ceiling under the true-peak ceiling (PCM) */
#define BOYIN_SEARCH_LOSSY_MARGIN_DB 0.5 /* ... for lossy codecs, whose decoders overshoot */
#define BOYIN_SEARCH_PCM_AIM_DB 0.15    /* a correction aims this far under the ceiling (PCM) */
#define BOYIN_SEARCH_LOSSY_AIM_DB 0.55  /* ... lossy */
#define BOYIN_SEARCH_MISSED_PEAK_DB 0.05 /* over the ceiling by more: missed */
#define BOYIN_SEARCH_PASSES 6           /* passes at most */
#define BOYIN_SEARCH_LAST_TRIAL 3       /* trial passes stop after this one */
#define BOYIN_SEARCH_LAST_FINAL 4       /* a final pass from this one on is kept */
#define BOYIN_SEARCH_NO_LIMITER 1.0     /* a ceiling >= 0 dBFS: the limiter is off */

typedef struct {
    double loudness;   /* target, LUFS */
    double true_peak;  /* ceiling, dBTP */
    int lossy;         /* the final pass is decoded and measured */
    int elements;      /* an intro, outro or bed is mixed in: the limiter always runs */
    double codec_gain; /* dB the codec changes the level by; the final pass makes up for it */
} boyin_search_target;

/* One pass: gain_db, the limiter at ceiling_db (BOYIN_SEARCH_NO_LIMITER:
 * off); `final`: the pass that is kept; `peak_only`: the pass may measure
 * the true peak alone (nothing changes the loudness but the gain).  Fill
 * *got and *limited; return a status (non-zero stops the search). */
typedef int (*boyin_search_pass)(void *ctx, double gain_db, double ceiling_db, int final, int peak_only,
                                 boyin_loudness *got, uint64_t *limited);

typedef struct {
    double gain_db;      /* applied in the final pass, the codec's made up for */
    boyin_loudness got;  /* the final pass as measured */
    uint64_t limited;    /* frames the limiter turned down */
    int passes;
    int missed;          /* the target or the ceiling was not reached */
} boyin_search_result;

/* Search from the engine's output measured as `source`.  Returns the first
 * pass's failure, or BOYIN_OK with *out filled. */
int boyin_loudness_search(const boyin_search_target *t, const boyin_loudness *source, boyin_search_pass pass,
                          void *ctx, boyin_search_result *out);

#endif
