/* loudsearch.c - the passes that land on the loudness target. */
#include "loudsearch.h"

#include <math.h>

#include "boyin.h"

int boyin_loudness_search(const boyin_search_target *t, const boyin_loudness *src, boyin_search_pass pass, void *ctx,
                          boyin_search_result *out)
{
    double margin = t->lossy ? BOYIN_SEARCH_LOSSY_MARGIN_DB : BOYIN_SEARCH_PCM_MARGIN_DB;
    double aim = t->lossy ? BOYIN_SEARCH_LOSSY_AIM_DB : BOYIN_SEARCH_PCM_AIM_DB;
    double gain = t->loudness - src->integrated, ceiling = t->true_peak - margin;
    /* Trial passes first only when the peaks would pass the ceiling; the
     * limiter runs only when something can reach it. */
    int trial = src->true_peak + gain > ceiling;
    int limit = trial || t->elements;
    boyin_loudness got = {0};
    uint64_t limited = 0;
    int st = BOYIN_OK, i;
    for (i = 0; i < BOYIN_SEARCH_PASSES; i++) {
        int final = !trial;
        /* With no limiter and nothing mixed in, the written loudness is the
         * engine's plus the gain (resampling does not change it): the pass
         * need measure only the true peak, which costs far less. */
        int peak_only = final && !limit && !t->lossy;
        st = pass(ctx, final ? gain - t->codec_gain : gain, limit ? ceiling : BOYIN_SEARCH_NO_LIMITER, final,
                  peak_only, &got, &limited);
        if (st == BOYIN_OK && peak_only) {
            got.integrated = src->integrated + gain;
            got.range = src->range;
            got.max_momentary = src->max_momentary + gain;
            got.max_short_term = src->max_short_term + gain;
        }
        int loud_ok = fabs(got.integrated - t->loudness) <= (final ? BOYIN_SEARCH_FINAL_LU : BOYIN_SEARCH_TRIAL_LU);
        int peak_ok = got.true_peak <= t->true_peak - (final ? BOYIN_SEARCH_FINAL_PEAK_DB : margin);
        if (st || (final && loud_ok && peak_ok) || (final && i >= BOYIN_SEARCH_LAST_FINAL))
            break;
        if (!loud_ok)
            gain += t->loudness - got.integrated;
        if (!peak_ok && limit)
            ceiling -= got.true_peak - (t->true_peak - aim);
        limit |= !peak_ok;
        trial = trial && !(loud_ok && peak_ok) && i < BOYIN_SEARCH_LAST_TRIAL;
    }
    if (st)
        return st;
    out->gain_db = gain - t->codec_gain;
    out->got = got;
    out->limited = limited;
    out->passes = i + 1 > BOYIN_SEARCH_PASSES ? BOYIN_SEARCH_PASSES : i + 1;
    out->missed = fabs(got.integrated - t->loudness) > BOYIN_SEARCH_MISSED_LU ||
                  got.true_peak > t->true_peak + BOYIN_SEARCH_MISSED_PEAK_DB;
    return BOYIN_OK;
}
