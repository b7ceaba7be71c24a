/* split.c - streaming sentence splitter (see split.h for the rules). */
#include "split.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boyin.h"
#include "charclass.h"
#include "cuts.h"
#include "utf8.h"

/* Words after which ASCII '.' does not end a sentence. */
static const char *const ABBREVIATIONS[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "vs", "Inc", "Ltd", "Co", "Corp",
    "No", "Vol", "Fig", "Gen", "Gov", "Sen", "Rep", "Rev", "Mt", "Ft", "approx", "Dept",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
};

typedef boyin_split_char ch_t;

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
    int st = (cuts && hard) ? boyin_cuts_plan(sp->buf, 0, e, sp->cfg.max_chars, cuts, hard, &np) : BOYIN_ENOMEM;
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
        boyin_mark mk = boyin_mark_of(cp);
        int ellipsis = mk == BOYIN_MARK_ELLIPSIS;
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
                    boyin_mark_of(nx) != BOYIN_MARK_CLOSE && nx != '"' && nx != '\'')
                    continue;
                mk = BOYIN_MARK_STOP;
            }
        }
        if (ellipsis) {
            while (j < n && boyin_mark_of(b[j].cp) == BOYIN_MARK_ELLIPSIS)
                j++;
            size_t q = j;
            while (q < n && (boyin_mark_of(b[q].cp) == BOYIN_MARK_CLOSE || b[q].cp == '"'))
                q++;
            if (q == n && !finishing) {
                sp->scan = i;
                return NEED;
            }
            if (q < n) {
                boyin_mark nm = boyin_mark_of(b[q].cp);
                if (nm == BOYIN_MARK_STOP || nm == BOYIN_MARK_COMMA || nm == BOYIN_MARK_SEMI || nm == BOYIN_MARK_COLON || nm == BOYIN_MARK_DASH ||
                    b[q].cp == '.') {
                    i = q - 1; /* the ellipsis is inside a clause; look on */
                    continue;
                }
            }
            j = q;
            mk = BOYIN_MARK_STOP;
        }
        if (mk != BOYIN_MARK_STOP)
            continue;
        while (j < n && (boyin_mark_of(b[j].cp) == BOYIN_MARK_STOP || boyin_mark_of(b[j].cp) == BOYIN_MARK_ELLIPSIS ||
                         boyin_mark_of(b[j].cp) == BOYIN_MARK_CLOSE || b[j].cp == '"' || b[j].cp == '\''))
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
