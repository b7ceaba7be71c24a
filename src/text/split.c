/* split.c - streaming sentence splitter (see split.h for the rules). */
#include "split.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boyin.h"
#include "charclass.h"
#include "utf8.h"

/* What a mark does to a sentence, from its class in charclass.h. */
enum mark {
    M_NONE = 0,
    M_STOP,     /* ends a sentence */
    M_ELLIPSIS, /* ends a sentence unless more punctuation follows */
    M_OPEN,     /* opens a quotation or bracket group */
    M_CLOSE,    /* closes one; stays with the sentence before it */
    M_SEMI,     /* clause marks, best cut first */
    M_COLON,
    M_COMMA,
    M_DASH
};

/* Words after which ASCII '.' does not end a sentence. */
static const char *const ABBREVIATIONS[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "vs", "Inc", "Ltd", "Co", "Corp",
    "No", "Vol", "Fig", "Gen", "Gov", "Sen", "Rep", "Rev", "Mt", "Ft", "approx", "Dept",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
};

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

typedef struct {
    int32_t cp;
    uint8_t len;
    uint64_t off;
} ch_t;

typedef struct cnode {
    boyin_chunk *c;
    struct cnode *next;
} cnode;

struct boyin_splitter {
    boyin_split_config cfg;
    unsigned item, paragraph;
    int new_para;
    uint64_t offset; /* item offset of the next byte to decode */
    uint8_t pend[4];
    int npend;
    ch_t *buf;
    size_t n, cap;
    size_t scan;     /* where boundary search resumes */
    cnode *head, *tail;
    int error;
    uint64_t err_offset;
    uint64_t chars;
};

static enum mark mark_of(int32_t cp)
{
    static const struct { unsigned cls; enum mark mark; } BY_CLASS[] = {
        {BOYIN_CC_STOP, M_STOP},   {BOYIN_CC_ELLIPSIS, M_ELLIPSIS},   {BOYIN_CC_OPEN, M_OPEN},
        {BOYIN_CC_CLOSE, M_CLOSE}, {BOYIN_CC_SEMICOLON, M_SEMI},      {BOYIN_CC_COLON, M_COLON},
        {BOYIN_CC_COMMA, M_COMMA}, {BOYIN_CC_DASH, M_DASH},
    };
    unsigned cls = boyin_char_class(cp);
    for (size_t i = 0; cls && i < sizeof BY_CLASS / sizeof BY_CLASS[0]; i++)
        if (cls & BY_CLASS[i].cls)
            return BY_CLASS[i].mark;
    return M_NONE;
}

void boyin_split_config_init(boyin_split_config *cfg)
{
    cfg->max_chars = 60;
    cfg->join_lines = 0;
    cfg->cut_pause_ms = 0;
    cfg->clause_pause_ms = 150;
    cfg->sentence_pause_ms = 350;
    cfg->paragraph_pause_ms = 700;
}

int boyin_splitter_create(const boyin_split_config *cfg, boyin_splitter **out)
{
    *out = NULL;
    if (!cfg || cfg->max_chars < 8 || cfg->max_chars > 100000)
        return BOYIN_EINVAL;
    boyin_splitter *sp = calloc(1, sizeof *sp);
    if (!sp)
        return BOYIN_ENOMEM;
    sp->cfg = *cfg;
    *out = sp;
    return BOYIN_OK;
}

void boyin_splitter_destroy(boyin_splitter *sp)
{
    if (!sp)
        return;
    while (sp->head) {
        cnode *nx = sp->head->next;
        boyin_chunk_destroy(sp->head->c);
        free(sp->head);
        sp->head = nx;
    }
    free(sp->buf);
    free(sp);
}

void boyin_splitter_begin_item(boyin_splitter *sp)
{
    sp->item++;
    sp->paragraph = 0;
    sp->new_para = 1;
    sp->offset = 0;
    sp->npend = 0;
    sp->n = 0;
    sp->scan = 0;
    sp->error = 0;
    sp->chars = 0;
}

uint64_t boyin_splitter_error_offset(const boyin_splitter *sp) { return sp->err_offset; }
uint64_t boyin_splitter_chars(const boyin_splitter *sp) { return sp->chars; }

int boyin_splitter_next(boyin_splitter *sp, boyin_chunk **out)
{
    *out = NULL;
    if (!sp->head)
        return BOYIN_NEED_MORE;
    cnode *h = sp->head;
    sp->head = h->next;
    if (!sp->head)
        sp->tail = NULL;
    *out = h->c;
    free(h);
    return BOYIN_OK;
}

/* ---- building chunks ---------------------------------------------------- */

static unsigned pause_for(const boyin_split_config *cfg, boyin_end_kind k)
{
    switch (k) {
    case BOYIN_END_CLAUSE: return cfg->clause_pause_ms;
    case BOYIN_END_SENTENCE: return cfg->sentence_pause_ms;
    case BOYIN_END_PARAGRAPH: return cfg->paragraph_pause_ms;
    default: return cfg->cut_pause_ms;
    }
}

/* Make a chunk of buf[s..e) (trimmed of whitespace) and queue it. */
static int make_chunk(boyin_splitter *sp, size_t s, size_t e, boyin_end_kind kind)
{
    while (s < e && boyin_utf8_is_space(sp->buf[s].cp))
        s++;
    while (e > s && boyin_utf8_is_space(sp->buf[e - 1].cp))
        e--;
    if (s == e) {
        if (kind == BOYIN_END_PARAGRAPH)
            sp->new_para = 1;
        return BOYIN_OK;
    }
    char *text = malloc((e - s) * 4 + 1);
    boyin_chunk *c = calloc(1, sizeof *c);
    cnode *node = malloc(sizeof *node);
    if (!text || !c || !node) {
        free(text);
        free(c);
        free(node);
        return BOYIN_ENOMEM;
    }
    size_t len = 0;
    int32_t last = 0; /* last non-space character copied */
    for (size_t i = s; i < e; i++) {
        if (boyin_utf8_is_space(sp->buf[i].cp)) {
            /* A run folds to one space; a line break between two Han
             * characters (hard-wrapped Chinese) folds to nothing. */
            int broken = 0;
            while (i < e && boyin_utf8_is_space(sp->buf[i].cp))
                broken |= boyin_utf8_is_newline(sp->buf[i++].cp);
            if (!(broken && boyin_utf8_is_han(last) && boyin_utf8_is_han(sp->buf[i].cp)))
                text[len++] = ' ';
        }
        last = sp->buf[i].cp;
        len += (size_t)boyin_utf8_encode(last, (uint8_t *)text + len);
        sp->chars++;
    }
    text[len] = '\0';
    if (sp->new_para) {
        sp->paragraph++;
        sp->new_para = 0;
    }
    c->item = sp->item;
    c->paragraph = sp->paragraph;
    c->source_offset = sp->buf[s].off;
    c->source_length = sp->buf[e - 1].off + sp->buf[e - 1].len - sp->buf[s].off;
    c->end = kind;
    c->pause_after_ms = pause_for(&sp->cfg, kind);
    c->text = text;
    if (kind == BOYIN_END_PARAGRAPH)
        sp->new_para = 1;
    node->c = c;
    node->next = NULL;
    if (sp->tail)
        sp->tail->next = node;
    else
        sp->head = node;
    sp->tail = node;
    return BOYIN_OK;
}

/* ---- planning cuts in a long sentence ------------------------------------ */

typedef struct {
    double pen;   /* penalty of cutting here; < 0 means not a cut point */
    int hard;
} cutpt;

static int is_num_sep(const ch_t *b, size_t s, size_t e, size_t k)
{
    /* An ASCII , or : inside a number (1,234 12:30) or word is no clause mark. */
    return k > s && k + 1 < e && boyin_utf8_is_latin_alnum(b[k - 1].cp) &&
           boyin_utf8_is_latin_alnum(b[k + 1].cp);
}

/* Part of a Latin word or number, separators inside it included
 * (1,234,567 3.14 12:30 COVID-19 news@example.com). */
static int in_word(const ch_t *b, size_t s, size_t e, size_t k)
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

/*
 * Choose cut points in buf[s..e) so every piece has at most max_chars
 * characters.  Fills cuts[] with piece end indices (the last is e) and
 * returns how many pieces, with hard[i] set for pieces ending in a hard cut.
 * Dynamic programming over candidate cut points; cost rewards few, balanced,
 * not-tiny pieces cut at the best marks outside quotations.
 */
static int plan_cuts(const ch_t *b, size_t s, size_t e, unsigned max, size_t *cuts, int *hard,
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
        enum mark mk = mark_of(b[i].cp);
        if (mk == M_OPEN)
            depth++;
        else if (mk == M_CLOSE && depth > 0)
            depth--;
        double pen;
        switch (mk) {
        case M_SEMI: pen = PEN_SEMI; break;
        case M_COLON: pen = PEN_COLON; break;
        case M_COMMA: pen = PEN_COMMA; break;
        case M_DASH: pen = PEN_DASH; break;
        default: continue;
        }
        if (b[i].cp < 0x80 && is_num_sep(b, s, e, i))
            continue;
        if (mk == M_DASH && i + 1 < e && mark_of(b[i + 1].cp) == M_DASH)
            continue; /* cut after the whole —— */
        size_t j = k + 1;
        int d = depth;
        while (j < m && mark_of(b[s + j].cp) == M_CLOSE) {
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
                                      mark_of(c) == M_CLOSE || mark_of(a) == M_OPEN ||
                                      mark_of(c) == M_STOP))
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

static size_t count_chars(const ch_t *b, size_t s, size_t e)
{
    size_t k = 0;
    for (size_t i = s; i < e; i++)
        k += !boyin_utf8_is_space(b[i].cp);
    return k;
}

/*
 * Emit buf[0..e) as one sentence ending in `kind`, cut into pieces when it
 * is longer than max_chars.  With `keep_last`, the last piece is not emitted
 * (the sentence is still open); returns its start in *rest.
 */
static int emit_sentence(boyin_splitter *sp, size_t e, boyin_end_kind kind, int keep_last, size_t *rest)
{
    if (count_chars(sp->buf, 0, e) <= sp->cfg.max_chars && !keep_last)
        return make_chunk(sp, 0, e, kind);
    size_t *cuts = malloc((e + 1) * sizeof *cuts);
    int *hard = malloc((e + 1) * sizeof *hard);
    size_t np = 0;
    int st = (cuts && hard) ? plan_cuts(sp->buf, 0, e, sp->cfg.max_chars, cuts, hard, &np) : BOYIN_ENOMEM;
    size_t start = 0;
    for (size_t p = 0; st == BOYIN_OK && p < np; p++) {
        if (keep_last && p + 1 == np)
            break;
        boyin_end_kind k = (p + 1 == np) ? kind : hard[p] ? BOYIN_END_CUT : BOYIN_END_CLAUSE;
        st = make_chunk(sp, start, cuts[p], k);
        start = cuts[p];
    }
    if (rest)
        *rest = start;
    free(cuts);
    free(hard);
    return st;
}

static void drop(boyin_splitter *sp, size_t k)
{
    memmove(sp->buf, sp->buf + k, (sp->n - k) * sizeof *sp->buf);
    sp->n -= k;
    sp->scan = 0;
}

/* ---- finding boundaries --------------------------------------------------- */

enum { FOUND, NONE, NEED };

/* Kind of the end at position j (just after a sentence mark): is it also a
 * paragraph end?  NEED when the answer lies past the text we have. */
static int kind_after(const boyin_splitter *sp, size_t j, int finishing, boyin_end_kind *kind)
{
    const ch_t *b = sp->buf;
    size_t n = sp->n;
    while (j < n && boyin_utf8_is_hspace(b[j].cp))
        j++;
    if (j == n) {
        if (!finishing)
            return NEED;
        *kind = BOYIN_END_PARAGRAPH;
        return FOUND;
    }
    if (!boyin_utf8_is_newline(b[j].cp)) {
        *kind = BOYIN_END_SENTENCE;
        return FOUND;
    }
    if (!sp->cfg.join_lines) {
        *kind = BOYIN_END_PARAGRAPH;
        return FOUND;
    }
    size_t q = j + 1;
    while (q < n && boyin_utf8_is_hspace(b[q].cp))
        q++;
    if (q == n && !finishing)
        return NEED;
    *kind = (q == n || boyin_utf8_is_newline(b[q].cp) || q > j + 1) ? BOYIN_END_PARAGRAPH
                                                                       : BOYIN_END_SENTENCE;
    return FOUND;
}

static int is_abbreviation(const ch_t *b, size_t dot)
{
    /* The Latin token before the dot. */
    size_t k = dot;
    int has_dot = 0;
    while (k > 0 && b[k - 1].cp < 0x80 &&
           (((b[k - 1].cp | 0x20) >= 'a' && (b[k - 1].cp | 0x20) <= 'z') || b[k - 1].cp == '.')) {
        has_dot |= b[k - 1].cp == '.';
        k--;
    }
    size_t len = dot - k;
    if (len == 0)
        return 0;
    if (has_dot) {
        /* An initialism (U.S. e.g. a.m. Ph.D.) has only short parts; a
         * domain (example.com.) does not. */
        size_t part = 0, longest = 0;
        for (size_t i = k; i < dot; i++) {
            part = b[i].cp == '.' ? 0 : part + 1;
            longest = part > longest ? part : longest;
        }
        return longest <= 2;
    }
    if (len == 1 && b[k].cp >= 'A' && b[k].cp <= 'Z')
        return 1; /* an initial: J. Smith */
    char word[16];
    if (len >= sizeof word)
        return 0;
    for (size_t i = 0; i < len; i++)
        word[i] = (char)b[k + i].cp;
    word[len] = '\0';
    for (size_t i = 0; i < sizeof ABBREVIATIONS / sizeof ABBREVIATIONS[0]; i++)
        if (strcasecmp(word, ABBREVIATIONS[i]) == 0)
            return 1;
    return 0;
}

/*
 * Search buf for the first chunk boundary at or after sp->scan.  On FOUND,
 * *end is where the chunk's text ends and *consume how much of buf it uses.
 */
static int find_boundary(boyin_splitter *sp, int finishing, size_t *end, size_t *consume,
                         boyin_end_kind *kind)
{
    const ch_t *b = sp->buf;
    size_t n = sp->n;
    for (size_t i = sp->scan; i < n; i++) {
        int32_t cp = b[i].cp;
        if (boyin_utf8_is_newline(cp)) {
            if (!sp->cfg.join_lines) {
                *end = i;
                *consume = i + 1;
                *kind = BOYIN_END_PARAGRAPH;
                return FOUND;
            }
            size_t q = i + 1;
            while (q < n && boyin_utf8_is_hspace(b[q].cp))
                q++;
            if (q == n && !finishing) {
                sp->scan = i;
                return NEED;
            }
            if (q == n || boyin_utf8_is_newline(b[q].cp) || q > i + 1) {
                *end = i;
                *consume = q; /* the indentation is not text */
                *kind = BOYIN_END_PARAGRAPH;
                return FOUND;
            }
            continue; /* a single line break inside a paragraph: a space */
        }
        enum mark mk = mark_of(cp);
        int ellipsis = mk == M_ELLIPSIS;
        size_t j = i + 1;
        if (cp == 0xFF0E) { /* full-width full stop: a decimal point between digits (９７．８１) */
            if (j == n && !finishing) {
                sp->scan = i;
                return NEED;
            }
            if (i > 0 && j < n && boyin_char_is(b[i - 1].cp, BOYIN_CC_DIGIT) && boyin_char_is(b[j].cp, BOYIN_CC_DIGIT))
                continue;
        }
        if (cp == '.') {
            size_t d = i;
            while (d < n && b[d].cp == '.')
                d++;
            if (d - i >= 3) {
                ellipsis = 1;
                j = d;
            } else if (d == n && !finishing) {
                sp->scan = i;
                return NEED;
            } else if (d - i == 2) {
                i = d - 1;
                continue;
            } else {
                int32_t nx = j < n ? b[j].cp : -1;
                if (nx >= 0 && (boyin_utf8_is_alnum(nx) && !boyin_utf8_is_han(nx)))
                    continue; /* 3.14, www.gov.cn */
                if (nx == '.' || (i > 0 && is_abbreviation(b, i)))
                    continue;
                if (nx >= 0 && !boyin_utf8_is_space(nx) && !boyin_utf8_is_han(nx) &&
                    mark_of(nx) != M_CLOSE && nx != '"' && nx != '\'')
                    continue;
                mk = M_STOP;
            }
        }
        if (ellipsis) {
            while (j < n && mark_of(b[j].cp) == M_ELLIPSIS)
                j++;
            size_t q = j;
            while (q < n && (mark_of(b[q].cp) == M_CLOSE || b[q].cp == '"'))
                q++;
            if (q == n && !finishing) {
                sp->scan = i;
                return NEED;
            }
            if (q < n) {
                enum mark nm = mark_of(b[q].cp);
                if (nm == M_STOP || nm == M_COMMA || nm == M_SEMI || nm == M_COLON || nm == M_DASH ||
                    b[q].cp == '.') {
                    i = q - 1; /* the ellipsis is inside a clause; look on */
                    continue;
                }
            }
            j = q;
            mk = M_STOP;
        }
        if (mk != M_STOP)
            continue;
        while (j < n && (mark_of(b[j].cp) == M_STOP || mark_of(b[j].cp) == M_ELLIPSIS ||
                         mark_of(b[j].cp) == M_CLOSE || b[j].cp == '"' || b[j].cp == '\''))
            j++;
        if (j == n && !finishing) {
            sp->scan = i;
            return NEED;
        }
        if (kind_after(sp, j, finishing, kind) == NEED) {
            sp->scan = i;
            return NEED;
        }
        *end = j;
        *consume = j;
        return FOUND;
    }
    sp->scan = n;
    return NONE;
}

static int extract(boyin_splitter *sp, int finishing)
{
    size_t cap = (size_t)sp->cfg.max_chars * BOYIN_SPLIT_CAP_FACTOR;
    for (;;) {
        size_t end, consume;
        boyin_end_kind kind;
        int r = find_boundary(sp, finishing, &end, &consume, &kind);
        if (r == FOUND) {
            int st = emit_sentence(sp, end, kind, 0, NULL);
            if (st)
                return st;
            drop(sp, consume);
            continue;
        }
        if (finishing) {
            int st = emit_sentence(sp, sp->n, BOYIN_END_PARAGRAPH, 0, NULL);
            sp->n = 0;
            sp->scan = 0;
            return st;
        }
        if (sp->n > cap) {
            /* A sentence with no end in sight: emit all but its last piece. */
            size_t rest = 0, scan = sp->scan;
            int st = emit_sentence(sp, sp->n, BOYIN_END_CUT, 1, &rest);
            if (st)
                return st;
            drop(sp, rest);
            sp->scan = scan > rest ? scan - rest : 0;
            if (rest == 0)
                return BOYIN_OK;
            continue;
        }
        return BOYIN_OK;
    }
}

static int add_char(boyin_splitter *sp, int32_t cp, int len)
{
    if (cp == 0 || boyin_utf8_is_binary(cp)) {
        sp->error = BOYIN_EBINARY;
        sp->err_offset = sp->offset;
        return sp->error;
    }
    if (sp->n && boyin_utf8_is_hspace(cp) && boyin_utf8_is_hspace(sp->buf[sp->n - 1].cp)) {
        /* Blanks in a row say no more than one (text folds them, indent
         * and blank-line tests need one), and keeping them would let a
         * full buffer hold no cuttable text. */
        sp->offset += (uint64_t)len;
        return BOYIN_OK;
    }
    if (sp->n == sp->cap) {
        size_t nc = sp->cap ? sp->cap * 2 : 256;
        ch_t *nb = realloc(sp->buf, nc * sizeof *nb);
        if (!nb)
            return BOYIN_ENOMEM;
        sp->buf = nb;
        sp->cap = nc;
    }
    sp->buf[sp->n].cp = cp;
    sp->buf[sp->n].len = (uint8_t)len;
    sp->buf[sp->n].off = sp->offset;
    sp->n++;
    sp->offset += (uint64_t)len;
    /* The forced cut of an endless sentence must not depend on how the
     * bytes arrived, so it is decided here, at the character that crosses
     * the cap, whatever the size of the push. */
    if (sp->n > (size_t)sp->cfg.max_chars * BOYIN_SPLIT_CAP_FACTOR)
        return extract(sp, 0);
    return BOYIN_OK;
}

int boyin_splitter_push(boyin_splitter *sp, const void *bytes, size_t n)
{
    const uint8_t *b = bytes;
    size_t i = 0;
    if (sp->error)
        return sp->error;
    while (i < n) {
        int32_t cp;
        int r, st;
        if (sp->npend) {
            sp->pend[sp->npend++] = b[i++];
            r = boyin_utf8_next(sp->pend, (size_t)sp->npend, &cp);
            if (r == 0)
                continue;
            sp->npend = 0;
        } else {
            r = boyin_utf8_next(b + i, n - i, &cp);
            if (r == 0) {
                memcpy(sp->pend, b + i, n - i);
                sp->npend = (int)(n - i);
                break;
            }
            if (r > 0)
                i += (size_t)r;
        }
        if (r < 0) {
            sp->error = BOYIN_EUTF8;
            sp->err_offset = sp->offset;
            return sp->error;
        }
        if ((st = add_char(sp, cp, r)) != BOYIN_OK)
            return st;
    }
    return extract(sp, 0);
}

int boyin_splitter_finish(boyin_splitter *sp)
{
    if (sp->error)
        return sp->error;
    if (sp->npend) {
        sp->error = BOYIN_EUTF8;
        sp->err_offset = sp->offset;
        return sp->error;
    }
    return extract(sp, 1);
}
