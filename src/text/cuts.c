/* cuts.c - where a long sentence is cut (see cuts.h). */
#include "cuts.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "charclass.h"
#include "utf8.h"

/* Cut penalties for the long-sentence planner, by mark (lower is better). */
#define PEN_SEMI 0.0
#define PEN_COLON 300.0
#define PEN_COMMA 600.0
#define PEN_DASH 900.0
#define PEN_HARD 20000.0
#define PEN_IN_GROUP 6000.0
#define COST_PIECE 1000.0
#define COST_BALANCE 3000.0
#define COST_TINY 4000.0

boyin_mark boyin_mark_of(int32_t cp)
{
    static const struct { unsigned cls; boyin_mark mark; } BY_CLASS[] = {
        {BOYIN_CC_STOP, BOYIN_MARK_STOP},         {BOYIN_CC_ELLIPSIS, BOYIN_MARK_ELLIPSIS},
        {BOYIN_CC_OPEN, BOYIN_MARK_OPEN},         {BOYIN_CC_CLOSE, BOYIN_MARK_CLOSE},
        {BOYIN_CC_SEMICOLON, BOYIN_MARK_SEMI},    {BOYIN_CC_COLON, BOYIN_MARK_COLON},
        {BOYIN_CC_COMMA, BOYIN_MARK_COMMA},       {BOYIN_CC_DASH, BOYIN_MARK_DASH},
    };
    unsigned cls = boyin_char_class(cp);
    for (size_t i = 0; cls && i < sizeof BY_CLASS / sizeof BY_CLASS[0]; i++)
        if (cls & BY_CLASS[i].cls)
            return BY_CLASS[i].mark;
    return BOYIN_MARK_NONE;
}

typedef struct {
    double pen;   /* penalty of cutting here; < 0 means not a cut point */
    int hard;
} cutpt;

static int is_num_sep(const boyin_split_char *b, size_t s, size_t e, size_t k)
{
    /* An ASCII , or : inside a number (1,234 12:30) or word is no clause mark. */
    return k > s && k + 1 < e && boyin_utf8_is_latin_alnum(b[k - 1].cp) &&
           boyin_utf8_is_latin_alnum(b[k + 1].cp);
}

/* Part of a Latin word or number, separators inside it included
 * (1,234,567 3.14 12:30 COVID-19 news@example.com). */
static int in_word(const boyin_split_char *b, size_t s, size_t e, size_t k)
{
    int32_t cp = b[k].cp;
    if (boyin_utf8_is_latin_alnum(cp))
        return 1;
    return cp < 0x80 && strchr(",.:-/'@_&%", (int)cp) && is_num_sep(b, s, e, k);
}

/* Cheapest cuts of positions 0..m: dp[j] is the best cost of a cut at j,
 * from[j] the previous cut on that path. */
static void run_dp(const size_t *cnt, const cutpt *pt, double *dp, size_t *from, size_t m, unsigned max)
{
    double total = (double)cnt[m];
    double pieces_min = (double)((cnt[m] + max - 1) / max);
    double target = total / (pieces_min > 0 ? pieces_min : 1);
    double tiny = max / 4.0;
    dp[0] = 0;
    for (size_t j = 1; j <= m; j++) {
        dp[j] = DBL_MAX;
        from[j] = 0;
        if (j < m && pt[j].pen < 0)
            continue;
        for (size_t i = j; i-- > 0;) {
            size_t len = cnt[j] - cnt[i];
            if (len > max)
                break;
            if (i > 0 && pt[i].pen < 0)
                continue;
            if (dp[i] == DBL_MAX)
                continue;
            double dev = ((double)len - target) / target;
            double cost = dp[i] + COST_PIECE + COST_BALANCE * dev * dev +
                          ((double)len < tiny ? COST_TINY : 0) + (j < m ? pt[j].pen : 0);
            if (cost < dp[j]) {
                dp[j] = cost;
                from[j] = i;
            }
        }
    }
}

/* Dynamic programming over candidate cut points; the cost rewards few,
 * balanced, not-tiny pieces cut at the best marks outside quotations. */
int boyin_cuts_plan(const boyin_split_char *b, size_t s, size_t e, unsigned max, size_t *cuts, int *hard,
                    size_t *npieces)
{
    size_t m = e - s;
    size_t *cnt = malloc((m + 1) * sizeof *cnt);  /* characters before position s+k */
    cutpt *pt = malloc((m + 1) * sizeof *pt);
    double *dp = malloc((m + 1) * sizeof *dp);
    size_t *from = malloc((m + 1) * sizeof *from);
    if (!cnt || !pt || !dp || !from) {
        free(cnt), free(pt), free(dp), free(from);
        return BOYIN_ENOMEM;
    }
    cnt[0] = 0;
    for (size_t k = 0; k < m; k++)
        cnt[k + 1] = cnt[k] + !boyin_utf8_is_space(b[s + k].cp);

    /* Mark candidates: a cut after position k-1 (relative), after any closers. */
    int depth = 0, any_mark = 0;
    for (size_t k = 0; k <= m; k++) {
        pt[k].pen = -1;
        pt[k].hard = 0;
    }
    for (size_t k = 0; k < m; k++) {
        size_t i = s + k;
        boyin_mark mk = boyin_mark_of(b[i].cp);
        if (mk == BOYIN_MARK_OPEN)
            depth++;
        else if (mk == BOYIN_MARK_CLOSE && depth > 0)
            depth--;
        double pen;
        switch (mk) {
        case BOYIN_MARK_SEMI: pen = PEN_SEMI; break;
        case BOYIN_MARK_COLON: pen = PEN_COLON; break;
        case BOYIN_MARK_COMMA: pen = PEN_COMMA; break;
        case BOYIN_MARK_DASH: pen = PEN_DASH; break;
        default: continue;
        }
        if (b[i].cp < 0x80 && is_num_sep(b, s, e, i))
            continue;
        if (mk == BOYIN_MARK_DASH && i + 1 < e && boyin_mark_of(b[i + 1].cp) == BOYIN_MARK_DASH)
            continue; /* cut after the whole —— */
        size_t j = k + 1;
        int d = depth;
        while (j < m && boyin_mark_of(b[s + j].cp) == BOYIN_MARK_CLOSE) {
            if (d > 0)
                d--;
            j++;
        }
        if (j >= m)
            continue;
        if (d > 0)
            pen += PEN_IN_GROUP;
        if (pt[j].pen < 0 || pen < pt[j].pen)
            pt[j].pen = pen;
        any_mark = 1;
    }

    /* Hard candidates in every stretch longer than max with no mark. */
    size_t prev = 0;
    for (size_t k = 1; k <= m; k++) {
        if (k < m && pt[k].pen < 0)
            continue;
        if (cnt[k] - cnt[prev] > max) {
            int found = 0;
            for (int pass = 0; pass < 2 && !found; pass++) {
                for (size_t q = prev + 1; q < k; q++) {
                    int32_t a = b[s + q - 1].cp, c = b[s + q].cp;
                    if (pass == 0 && ((in_word(b, s, e, s + q - 1) && in_word(b, s, e, s + q)) ||
                                      boyin_mark_of(c) == BOYIN_MARK_CLOSE || boyin_mark_of(a) == BOYIN_MARK_OPEN ||
                                      boyin_mark_of(c) == BOYIN_MARK_STOP))
                        continue;
                    pt[q].pen = PEN_HARD;
                    pt[q].hard = 1;
                    found = 1;
                }
            }
        }
        prev = k;
    }
    (void)any_mark;

    run_dp(cnt, pt, dp, from, m, max);
    if (dp[m] == DBL_MAX) {
        /* A word or number longer than max_chars: any boundary will do. */
        for (size_t q = 1; q < m; q++)
            if (pt[q].pen < 0) {
                pt[q].pen = PEN_HARD;
                pt[q].hard = 1;
            }
        run_dp(cnt, pt, dp, from, m, max);
    }
    /* Walk back.  dp[m] is reachable now: every boundary is a candidate. */
    size_t np = 0;
    for (size_t j = m; j > 0; j = from[j])
        np++;
    size_t idx = np;
    for (size_t j = m; j > 0; j = from[j]) {
        idx--;
        cuts[idx] = s + j;
        hard[idx] = (j < m) ? pt[j].hard : 0;
    }
    *npieces = np;
    free(cnt), free(pt), free(dp), free(from);
    return BOYIN_OK;
}
