/* normalize.c - newsreader text normalization (see normalize.h). */
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "charclass.h"
#include "numbers.h"
#include "strbuf.h"
#include "table.h"
#include "utf8.h"

struct boyin_normalizer {
    boyin_normalize_config cfg;
    boyin_table units, currency, measure, not_measure, digit_ctx, score_ctx, symbols, year_words, credits,
        latin_words, model_prefixes, result_ctx, digit_numbers, digit_followers;
};

/* The word tables, in the order of table_n, by file name. */
static const char *const TABLES[] = {"units", "currency", "measure-words", "not-measure",
                                     "digit-contexts", "score-contexts", "symbols", "year-words", "credits",
                                     "latin-words", "model-prefixes", "result-contexts",
                                     "digit-numbers", "digit-number-followers"};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static boyin_table *table_n(boyin_normalizer *nz, size_t k)
{
    boyin_table *all[NTABLES] = {&nz->units, &nz->currency, &nz->measure, &nz->not_measure,
                                 &nz->digit_ctx, &nz->score_ctx, &nz->symbols, &nz->year_words, &nz->credits,
                                 &nz->latin_words, &nz->model_prefixes, &nz->result_ctx,
                                 &nz->digit_numbers, &nz->digit_followers};
    return all[k];
}

void boyin_normalize_config_init(boyin_normalize_config *cfg)
{
    cfg->yao = 1;
    cfg->below_zero = 1;
    cfg->read_all = 0;
    cfg->liang = 1;
}

int boyin_normalizer_create(const char *data_dir, const boyin_normalize_config *cfg, boyin_normalizer **out,
                            char *err, size_t errlen)
{
    *out = NULL;
    boyin_normalizer *nz = calloc(1, sizeof *nz);
    if (!nz)
        return BOYIN_ENOMEM;
    if (cfg)
        nz->cfg = *cfg;
    else
        boyin_normalize_config_init(&nz->cfg);
    for (size_t k = 0; k < NTABLES; k++) {
        int st = boyin_table_load(table_n(nz, k), data_dir, TABLES[k], err, errlen);
        if (st) {
            boyin_normalizer_destroy(nz);
            return st;
        }
    }
    *out = nz;
    return BOYIN_OK;
}

void boyin_normalizer_destroy(boyin_normalizer *nz)
{
    if (!nz)
        return;
    for (size_t k = 0; k < NTABLES; k++)
        boyin_table_free(table_n(nz, k));
    free(nz);
}

/* ---- the text as code points, with full-width forms folded ---------------- */

/* Output bytes [out_start, out_end) were said for input s[from..to). */
typedef struct {
    size_t out_start, out_end, from, to;
} piece;

typedef struct {
    const boyin_normalizer *nz;
    int32_t *s;
    size_t n;
    size_t *at_byte;  /* byte offset in the text of each code point (n + 1) */
    piece *pieces;
    size_t npieces, cap;
    char *scratch;   /* digits of parsed numbers, at their own text offsets */
    boyin_sb out;
    int last_number; /* the last thing said was a number */
    size_t digits_end; /* where the last number read digit by digit ended (0: none) */
    int digits_yao;
} ctx;

static int32_t fold_width(int32_t cp)
{
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return cp - 0xFEE0; /* digits and letters: what NFKC gives */
    switch (cp) {
    case 0xFF05: return '%';
    case 0xFF0B: return '+';
    case 0xFF0D: case 0x2212: return '-';
    case 0xFF1D: return '=';
    case 0xFF04: return '$';
    case 0xFFE5: return 0xA5; /* ¥ */
    case 0xFF1C: return '<';
    case 0xFF1E: return '>';
    case 0xFF06: return '&';
    case 0x00A0: case 0x3000: return ' ';
    default: return cp;
    }
}

static int is_d(int32_t cp) { return cp >= '0' && cp <= '9'; }
static int is_latin(int32_t cp) { return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'); }
/* Brackets, not quotes or title marks: a byline stands in brackets, and a
 * quotation that mentions 记者 is still read. */
static int is_open(int32_t cp) { return boyin_char_is(cp, BOYIN_CC_OPEN | BOYIN_CC_BRACKET); }
static int is_close(int32_t cp) { return boyin_char_is(cp, BOYIN_CC_CLOSE | BOYIN_CC_BRACKET); }

/* Decode and fold.  ． ： ∶ ／ between digits are a decimal point, a time or
 * ratio colon and a fraction bar; elsewhere they stay Chinese punctuation.
 * A full-width comma between digits is a thousands separator (１，２８６),
 * unless a score follows it (3∶1，107∶98). */
static int load_text(ctx *c, const char *text)
{
    size_t len = strlen(text);
    /* An enclosed number (3 bytes) unfolds to at most 4 code points. */
    size_t cap = 2 * len + 1;
    c->s = malloc((cap + 1) * sizeof *c->s);
    c->scratch = malloc(cap + 1);
    c->at_byte = malloc((cap + 1) * sizeof *c->at_byte);
    if (!c->s || !c->scratch || !c->at_byte)
        return BOYIN_ENOMEM;
    size_t n = 0, i = 0;
    while (i < len) {
        int32_t cp;
        int r = boyin_utf8_next((const uint8_t *)text + i, len - i, &cp);
        if (r <= 0)
            return BOYIN_EUTF8;
        int32_t parts[8];
        int k = boyin_utf8_enclosed(cp, parts, 8); /* ① ⑩: as the digits they enclose */
        if (k == 0) {
            parts[0] = cp;
            k = 1;
        }
        for (int q = 0; q < k && n < cap; q++) {
            c->at_byte[n] = i;
            c->s[n++] = fold_width(parts[q]);
        }
        i += (size_t)r;
    }
    c->at_byte[n] = i;
    for (size_t i = 1; i + 1 < n; i++) {
        if (!is_d(c->s[i - 1]) || !is_d(c->s[i + 1]))
            continue;
        if (c->s[i] == 0xFF0E)
            c->s[i] = '.';
        else if (c->s[i] == 0xFF1A || c->s[i] == 0x2236) /* ： and the ratio sign ∶ (Xinhua's scores) */
            c->s[i] = ':';
        else if (c->s[i] == 0xFF0F)
            c->s[i] = '/';
        else if (c->s[i] == 0xFF0C && i + 3 < n && is_d(c->s[i + 2]) && is_d(c->s[i + 3]) &&
                 !(i + 4 < n && is_d(c->s[i + 4])) &&
                 !(i + 4 < n && (c->s[i + 4] == ':' || c->s[i + 4] == 0xFF1A || c->s[i + 4] == 0x2236)))
            c->s[i] = ','; /* １，２８６: a thousands separator */
    }
    c->n = n;
    return BOYIN_OK;
}

static size_t run(const ctx *c, size_t i)
{
    size_t k = i;
    while (k < c->n && is_d(c->s[k]))
        k++;
    return k - i;
}

static int at(const ctx *c, size_t i, int32_t cp)
{
    return i < c->n && c->s[i] == cp;
}

static void say(ctx *c, const char *s)
{
    boyin_sb_adds(&c->out, s);
}

static void say_digits(ctx *c, size_t i, size_t n, int yao)
{
    for (size_t k = 0; k < n; k++)
        c->scratch[i + k] = (char)c->s[i + k];
    boyin_num_digits(&c->out, c->scratch + i, n, yao);
}

/* The cardinal reading of the digit run s[i..i+n). */
static void say_cardinal(ctx *c, size_t i, size_t n, int flags)
{
    if (!c->nz->cfg.liang)
        flags |= BOYIN_NUM_NO_LIANG;
    for (size_t k = 0; k < n; k++)
        c->scratch[i + k] = (char)c->s[i + k];
    boyin_num_cardinal(&c->out, c->scratch + i, n, flags);
}

/* "1" unit1 "05" unit2 as 一unit1零五unit2: a lead number and two padded digits. */
static void say_duration(ctx *c, size_t i, size_t n, const char *unit1, size_t m, const char *unit2)
{
    say_cardinal(c, i, n, BOYIN_NUM_MEASURE);
    say(c, unit1);
    if (c->s[m] == '0') {
        say(c, "零"); /* 05 零五, 00 零 */
        if (c->s[m + 1] != '0')
            say_cardinal(c, m + 1, 1, BOYIN_NUM_NO_LIANG);
    } else {
        say_cardinal(c, m, 2, BOYIN_NUM_NO_LIANG);
    }
    say(c, unit2);
}

/* Value of a short digit run (at most 4 digits). */
static int value(const ctx *c, size_t i, size_t n)
{
    int v = 0;
    for (size_t k = 0; k < n && k < 4; k++)
        v = v * 10 + (c->s[i + k] - '0');
    return v;
}

/* ---- numbers -------------------------------------------------------------- */

typedef struct {
    size_t start, end;
    const char *ip, *fp;
    size_t ni, nf;
    int grouped; /* written with thousands separators */
} num_t;

/* Parse an integer (1,234,567 allowed) and an optional fraction at i. */
static void parse_num(ctx *c, size_t i, num_t *m)
{
    char *w = c->scratch + i;
    size_t k = i, d = run(c, i);
    memset(m, 0, sizeof *m);
    m->start = i;
    m->ip = w;
    for (size_t q = 0; q < d; q++)
        *w++ = (char)c->s[k++];
    if (d <= 3) {
        while (at(c, k, ',') && run(c, k + 1) == 3 && !is_d(k + 4 < c->n ? c->s[k + 4] : 0)) {
            for (size_t q = 1; q <= 3; q++)
                *w++ = (char)c->s[k + q];
            k += 4;
            m->grouped = 1;
        }
    }
    m->ni = (size_t)(w - m->ip);
    if (at(c, k, '.') && run(c, k + 1) > 0) {
        size_t f = run(c, k + 1);
        m->fp = w;
        for (size_t q = 0; q < f; q++)
            *w++ = (char)c->s[k + 1 + q];
        m->nf = f;
        k += 1 + f;
    }
    m->end = k;
}

static void say_num(ctx *c, const num_t *m, int flags)
{
    if (!c->nz->cfg.liang)
        flags |= BOYIN_NUM_NO_LIANG;
    if (m->nf)
        boyin_num_decimal(&c->out, m->ip, m->ni, m->fp, m->nf);
    else
        boyin_num_cardinal(&c->out, m->ip, m->ni, flags);
}

static void say_percent(ctx *c, const num_t *m, int32_t sign)
{
    say(c, sign == 0x2030 ? "千分之" : sign == 0x2031 ? "万分之" : "百分之");
    if (!m->nf && m->ni == 3 && memcmp(m->ip, "100", 3) == 0)
        say(c, "百"); /* 百分之百 */
    else
        say_num(c, m, 0);
}

static int is_percent(int32_t cp) { return cp == '%' || cp == 0x2030 || cp == 0x2031; }

static int is_range_sign(int32_t cp) { return boyin_char_is(cp, BOYIN_CC_RANGE); }

/* Unit or measure word at j: BOYIN_NUM_MEASURE when one follows, with the
 * unit (to be said instead of its symbol) in *unit and its end in *after. */
static int suffix(const ctx *c, size_t j, const boyin_entry **unit, size_t *after)
{
    const boyin_normalizer *nz = c->nz;
    *unit = NULL;
    *after = j;
    size_t k = at(c, j, ' ') ? j + 1 : j;
    const boyin_entry *u = boyin_table_prefix(&nz->units, c->s, c->n, k);
    if (u && k == j + 1 && !is_latin(u->key[0]))
        u = NULL; /* only Latin units may stand after a space */
    if (u && is_latin(u->key[u->klen - 1]) && k + u->klen < c->n &&
        (is_latin(c->s[k + u->klen]) || is_d(c->s[k + u->klen])))
        u = NULL; /* 5G, 3am: not a unit */
    if (u) {
        *unit = u;
        *after = k + u->klen;
        return BOYIN_NUM_MEASURE;
    }
    const boyin_entry *me = boyin_table_prefix(&nz->measure, c->s, c->n, j);
    const boyin_entry *nm = boyin_table_prefix(&nz->not_measure, c->s, c->n, j);
    return me && !(nm && nm->klen >= me->klen) ? BOYIN_NUM_MEASURE : 0;
}

/* The digit-context word (电话, 尾号, ...) just before i, if any. */
static const boyin_entry *digit_context(const ctx *c, size_t i)
{
    size_t k = i;
    while (k > 0 && (c->s[k - 1] == ' ' || c->s[k - 1] == ':' || c->s[k - 1] == 0xFF1A ||
                     c->s[k - 1] == 0x662F /* 是 */ || c->s[k - 1] == 0x4E3A /* 为 */ ||
                     c->s[k - 1] == 0x70BA /* 為 */))
        k--;
    return boyin_table_suffix(&c->nz->digit_ctx, c->s, k);
}

/* A word of table t ends within 8 characters before i. */
static int context_before(const ctx *c, const boyin_table *t, size_t i)
{
    for (size_t k = i; k + 8 > i && k > 0; k--)
        if (boyin_table_suffix(t, c->s, k))
            return 1;
    return 0;
}

static int score_context(const ctx *c, size_t i)
{
    return context_before(c, &c->nz->score_ctx, i);
}

/* A score word marked `after` right at j (2-2战平). */
static int score_after(const ctx *c, size_t j)
{
    const boyin_entry *e = boyin_table_prefix(&c->nz->score_ctx, c->s, c->n, j);
    return e && strcmp(e->value, "after") == 0;
}

static int is_year_word(const ctx *c, size_t j)
{
    return boyin_table_prefix(&c->nz->year_words, c->s, c->n, j) && !at(c, j + 1, 0x7EA7 /* 2022年级 */);
}

/* Latin letters right before i (G20, COVID-19, Boeing 737). */
static int after_latin(const ctx *c, size_t i)
{
    if (i > 0 && (c->s[i - 1] == '-' || c->s[i - 1] == ' '))
        i--;
    return i > 0 && is_latin(c->s[i - 1]);
}

/* Only list separators (或 和 及 与 、 ， / and spaces) between from and to. */
static int list_continues(const ctx *c, size_t from, size_t to)
{
    static const int32_t SEP[] = {0x6216 /* 或 */, 0x548C /* 和 */, 0x53CA /* 及 */, 0x4E0E /* 与 */,
                                  0x8207 /* 與 */, 0x3001 /* 、 */, 0xFF0C /* ， */, ',', '/', ' '};
    if (to <= from || to - from > 3)
        return 0;
    for (size_t k = from; k < to; k++) {
        int ok = 0;
        for (size_t q = 0; q < sizeof SEP / sizeof SEP[0]; q++)
            ok |= c->s[k] == SEP[q];
        if (!ok)
            return 0;
    }
    return 1;
}

/* Digits with - or space between groups, read one by one (phones, codes). */
static size_t digit_string(ctx *c, size_t i, int yao)
{
    size_t k = i;
    for (;;) {
        size_t d = run(c, k);
        say_digits(c, k, d, yao);
        k += d;
        if ((at(c, k, '-') || at(c, k, ' ')) && k + 1 < c->n && is_d(c->s[k + 1])) {
            say(c, " ");
            k++;
            continue;
        }
        return k;
    }
}

static int valid_date(int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Say the number written at i; returns where the text after it starts. */
static size_t number_at(ctx *c, size_t i)
{
    const int32_t *s = c->s;
    size_t n = c->n, d1 = run(c, i);

    /* Dates: 2022-11-18, 2022/11/18, 2022.11.18, and 2022-11. */
    if (d1 == 4 && i + 5 < n && (s[i + 4] == '-' || s[i + 4] == '/' || s[i + 4] == '.')) {
        int32_t sep = s[i + 4];
        size_t d2 = run(c, i + 5), k = i + 5 + d2, d3 = at(c, k, sep) ? run(c, k + 1) : 0;
        if (d2 >= 1 && d2 <= 2 && d3 >= 1 && d3 <= 2 && valid_date(value(c, i + 5, d2), value(c, k + 1, d3))) {
            say_digits(c, i, 4, 0);
            say(c, "年");
            say_cardinal(c, i + 5, d2, BOYIN_NUM_NO_LIANG);
            say(c, "月");
            say_cardinal(c, k + 1, d3, BOYIN_NUM_NO_LIANG);
            say(c, "日");
            return k + 1 + d3;
        }
    }
    /* Times (8:30, 12:30:15) and scores or ratios (3:1, 比分21:19, 1:1.2). */
    if (at(c, i + d1, ':') && run(c, i + d1 + 1) >= 1) {
        size_t m0 = i + d1 + 1, d2 = run(c, m0), k = m0 + d2;
        int h = value(c, i, d1 <= 2 ? d1 : 2), mi = value(c, m0, d2 <= 2 ? d2 : 2);
        if (d1 <= 2 && d2 == 2 && mi < 60 && at(c, k, '.') && run(c, k + 1) > 0) {
            /* A race time: 1:45.12 一分四十五秒一二. */
            size_t f = run(c, k + 1);
            say_duration(c, i, d1, "分", m0, "秒");
            say_digits(c, k + 1, f, 0);
            return k + 1 + f;
        }
        if (d1 <= 2 && d2 == 2 && mi < 60 && at(c, k, ':') && run(c, k + 1) == 2 &&
            (context_before(c, &c->nz->result_ctx, i) || at(c, k + 3, 0x7684 /* 的 */))) {
            /* A finishing time: 2:05:30 两小时零五分三十秒. */
            say_duration(c, i, d1, "小时", m0, "分");
            say_cardinal(c, k + 1, 2, BOYIN_NUM_NO_LIANG);
            say(c, "秒");
            return k + 3;
        }
        if (d1 <= 2 && d2 == 2 && h <= 24 && mi < 60 && !score_context(c, i) &&
            !(at(c, k, '.') && run(c, k + 1) > 0)) {
            say_cardinal(c, i, d1, BOYIN_NUM_MEASURE);
            say(c, "点");
            int secs = at(c, k, ':') && run(c, k + 1) == 2;
            if (mi > 0 || secs) {
                if (mi < 10)
                    say(c, "零"); /* 8:05 八点零五分, 8:00:05 八点零分五秒 */
                if (mi > 0)
                    say_cardinal(c, m0, d2, BOYIN_NUM_NO_LIANG);
                say(c, "分");
            }
            if (secs) {
                say_cardinal(c, k + 1, 2, BOYIN_NUM_NO_LIANG);
                say(c, "秒");
                k += 3;
            }
            return k;
        }
        num_t a, b;
        parse_num(c, i, &a);
        if (a.end == i + d1) {
            parse_num(c, m0, &b);
            say_num(c, &a, BOYIN_NUM_NO_LIANG);
            say(c, "比");
            say_num(c, &b, BOYIN_NUM_NO_LIANG);
            return b.end;
        }
    }
    /* Event dates with a middle dot: 5·12 五一二, 9·11 九一一. */
    if (d1 <= 2 && i + d1 + 1 < n && (s[i + d1] == 0xB7 || s[i + d1] == 0x30FB || s[i + d1] == 0x2022) &&
        run(c, i + d1 + 1) >= 1 && run(c, i + d1 + 1) <= 2) {
        size_t d2 = run(c, i + d1 + 1);
        say_digits(c, i, d1, 0);
        say_digits(c, i + d1 + 1, d2, 0);
        return i + d1 + 1 + d2;
    }
    /* service@163.com, 600519.SH: digits of an address or a code. */
    if ((i > 0 && (s[i - 1] == '@' || s[i - 1] == 0xFF20)) ||
        (d1 >= 4 && at(c, i + d1, '.') && i + d1 + 1 < n && is_latin(s[i + d1 + 1])))
        return digit_string(c, i, 0);
    /* Marks: 9秒83 九秒八三, 8米36 八米三六. */
    if (i >= 2 && (s[i - 1] == 0x79D2 /* 秒 */ || s[i - 1] == 0x7C73 /* 米 */) && is_d(s[i - 2]) && d1 <= 2 &&
        !at(c, i + d1, '.'))
        return digit_string(c, i, 0);
    /* Video resolutions: 1080P 一零八零P. */
    if (d1 >= 3 && (at(c, i + d1, 'P') || at(c, i + d1, 'p')) && !(i + d1 + 1 < n && is_latin(s[i + d1 + 1])))
        return digit_string(c, i, 0);
    /* Generations: 80后 八零后, 00后 零零后. */
    if (d1 == 2 && at(c, i + 2, 0x540E /* 后 */) && !(i > 0 && is_d(s[i - 1]))) {
        say_digits(c, i, 2, 0);
        return i + 2;
    }
    /* An area code in brackets and a number: (010)12345678. */
    if (s[i] == '0' && (d1 == 3 || d1 == 4) && i > 0 && is_open(s[i - 1]) && i + d1 < n && is_close(s[i + d1]) &&
        (run(c, i + d1 + 1) == 7 || run(c, i + d1 + 1) == 8)) {
        digit_string(c, i, c->nz->cfg.yao);
        say(c, ")");
        return digit_string(c, i + d1 + 1, c->nz->cfg.yao);
    }
    /* Phones, codes and other digit strings. */
    const boyin_entry *ctxw = digit_context(c, i);
    if (!ctxw && d1 >= 3 && !at(c, i + d1, '.')) {
        const boyin_entry *after = boyin_table_prefix(&c->nz->digit_ctx, s, n, i + d1);
        if (after && strcmp(after->extra, "after") == 0)
            ctxw = after; /* 12345热线 */
    }
    if (ctxw) {
        c->digits_yao = c->nz->cfg.yao && strcmp(ctxw->value, "yao") == 0;
        return c->digits_end = digit_string(c, i, c->digits_yao);
    }
    const boyin_entry *named = boyin_table_prefix(&c->nz->digit_numbers, s, n, i);
    if (named && named->klen == d1 && !(i > 0 && is_d(s[i - 1]))) {
        size_t e = i + d1, after;
        const boyin_entry *unit;
        int measured = suffix(c, e, &unit, &after) != 0;
        int name_follows = e >= n || (!boyin_utf8_is_han(s[e]) && !is_latin(s[e])) ||
                           boyin_table_prefix(&c->nz->digit_followers, s, n, e) != NULL;
        if (name_follows && !measured && !at(c, e, '.'))
            return digit_string(c, i, c->nz->cfg.yao && strcmp(named->value, "yao") == 0); /* 985高校 */
    }
    if (c->digits_end && list_continues(c, c->digits_end, i))
        return c->digits_end = digit_string(c, i, c->digits_yao); /* 拨打110或120 */
    int alone = !(i > 0 && (is_d(s[i - 1]) || is_latin(s[i - 1])));
    if (alone && d1 == 11 && s[i] == '1' && s[i + 1] >= '3')
        return digit_string(c, i, c->nz->cfg.yao); /* a mobile number */
    if (alone && d1 == 3 && s[i] == '1' && s[i + 1] >= '3' && (at(c, i + 3, ' ') || at(c, i + 3, '-')) &&
        run(c, i + 4) == 4 && at(c, i + 8, s[i + 3]) && run(c, i + 9) == 4)
        return digit_string(c, i, c->nz->cfg.yao); /* 138 0013 8000 */
    if (alone && s[i] == '0' && (d1 == 3 || d1 == 4) && at(c, i + d1, '-') &&
        (run(c, i + d1 + 1) == 7 || run(c, i + d1 + 1) == 8))
        return digit_string(c, i, c->nz->cfg.yao); /* area code and number */
    if (alone && d1 == 3 && (s[i] == '4' || s[i] == '8') && s[i + 1] == '0' && s[i + 2] == '0' &&
        at(c, i + 3, '-') && run(c, i + 4) == 3 && at(c, i + 7, '-') && run(c, i + 8) == 4)
        return digit_string(c, i, c->nz->cfg.yao); /* 400-810-8888 */
    if (s[i] == '0' && d1 >= 2 && !(at(c, i + d1, '.') && run(c, i + d1 + 1) > 0))
        return digit_string(c, i, 0); /* 007, 05年 */
    /* Three or more groups joined by '-' that are not a date: a code. */
    if (at(c, i + d1, '-') && run(c, i + d1 + 1) > 0 && at(c, i + d1 + 1 + run(c, i + d1 + 1), '-') &&
        run(c, i + d1 + 2 + run(c, i + d1 + 1)) > 0)
        return digit_string(c, i, 0);

    num_t a;
    parse_num(c, i, &a);
    size_t j = a.end;
    /* Years digit by digit: 2022年, 2023—2024赛季. */
    if (a.ni == 4 && !a.nf && !a.grouped) {
        if (is_year_word(c, j)) {
            say_digits(c, i, 4, 0);
            return j;
        }
        if (j + 1 < n && is_range_sign(s[j]) && run(c, j + 1) == 4 && is_year_word(c, j + 5)) {
            say_digits(c, i, 4, 0);
            say(c, "到");
            say_digits(c, j + 1, 4, 0);
            return j + 5;
        }
    }
    /* Percentages, alone or as a range: 5.2%, 3%-5%, 3-5%. */
    if (j < n && is_percent(s[j])) {
        say_percent(c, &a, s[j]);
        size_t k = j + 1;
        if (k + 1 < n && is_range_sign(s[k]) && is_d(s[k + 1])) {
            num_t b;
            parse_num(c, k + 1, &b);
            if (b.end < n && is_percent(s[b.end])) {
                say(c, "到");
                say_percent(c, &b, s[b.end]);
                return b.end + 1;
            }
        }
        return k;
    }
    /* Fractions: 1/2 二分之一. */
    if (!a.nf && !a.grouped && a.ni <= 3 && at(c, j, '/') && run(c, j + 1) >= 1 && run(c, j + 1) <= 3 &&
        !at(c, j + 1 + run(c, j + 1), '/')) {
        num_t b;
        parse_num(c, j + 1, &b);
        if (!b.nf && score_context(c, i)) { /* 比分是3/1 */
            say_num(c, &a, BOYIN_NUM_NO_LIANG);
            say(c, "比");
            say_num(c, &b, BOYIN_NUM_NO_LIANG);
            return b.end;
        }
        if (!b.nf && value(c, i, a.ni) < value(c, j + 1, b.ni)) {
            say_num(c, &b, BOYIN_NUM_NO_LIANG);
            say(c, "分之");
            say_num(c, &a, BOYIN_NUM_NO_LIANG);
            return b.end;
        }
        if (!b.nf) { /* not a proper fraction (150/100): two numbers */
            say_num(c, &a, 0);
            say(c, " ");
            return j + 1;
        }
    }
    int pre = i > 0 && s[i - 1] == 0x7B2C /* 第 */ ? BOYIN_NUM_NO_LIANG : 0;
    if (i >= 2 && (s[i - 1] == 0x5143 || s[i - 1] == 0x524D) && (s[i - 2] == 0x516C || s[i - 2] == 0x5143))
        pre = BOYIN_NUM_NO_LIANG; /* 公元221年, 公元前221年: a year is a name, not a count */
    const boyin_entry *unit;
    size_t after;
    /* Ranges: 3-5天 三到五天, 3~5% 百分之三到百分之五. */
    if (j + 1 < n && is_range_sign(s[j]) && is_d(s[j + 1]) && !after_latin(c, i)) {
        num_t b;
        parse_num(c, j + 1, &b);
        if (b.end < n && is_percent(s[b.end])) {
            say_percent(c, &a, s[b.end]);
            say(c, "到");
            say_percent(c, &b, s[b.end]);
            return b.end + 1;
        }
        size_t eq = b.end;
        while (at(c, eq, ' '))
            eq++;
        if (s[j] == '-' && at(c, eq, '=')) { /* 5-3=2 */
            say_num(c, &a, 0);
            say(c, "减");
            say_num(c, &b, 0);
            return b.end;
        }
        int flags = pre | suffix(c, b.end, &unit, &after);
        if (s[j] == '-' && !a.nf && !b.nf && ((score_context(c, i) && !flags) || score_after(c, b.end))) {
            say_num(c, &a, BOYIN_NUM_NO_LIANG); /* 以3-1战胜, 2-2战平 */
            say(c, "比");
            say_num(c, &b, BOYIN_NUM_NO_LIANG);
            return b.end;
        }
        say_num(c, &a, flags);
        say(c, "到");
        say_num(c, &b, flags);
        if (unit)
            say(c, unit->value);
        return unit ? after : b.end;
    }
    if (!a.nf && a.ni > 4 && a.ni <= 8 && at(c, j, 0x4E07 /* 万 */) && !at(c, j + 1, 0x4EBF /* 亿 */)) {
        /* 140,967万 is 14亿0967万: read the number times 10000. */
        char *w = c->scratch + i;
        memmove(w, a.ip, a.ni);
        memcpy(w + a.ni, "0000", 4);
        boyin_num_cardinal(&c->out, w, a.ni + 4, pre);
        return j + 1;
    }
    int flags = pre | suffix(c, j, &unit, &after);
    if (after_latin(c, i) && !a.nf && a.ni >= 3 && !unit)
        return digit_string(c, i, 0); /* A380, MU5735, Boeing 737 */
    if (after_latin(c, i))
        flags |= BOYIN_NUM_NO_LIANG;
    say_num(c, &a, flags);
    if (unit)
        say(c, unit->value);
    return unit ? after : j;
}

/* A temperature follows the number at i (for 零下). */
static int temperature_at(ctx *c, size_t i)
{
    num_t a;
    parse_num(c, i, &a);
    size_t j = a.end;
    /* -3~5℃, -5~-1℃: the unit is after the range. */
    if (j + 1 < c->n && is_range_sign(c->s[j])) {
        size_t k = j + 1 + (c->s[j + 1] == '-');
        if (k < c->n && is_d(c->s[k])) {
            parse_num(c, k, &a);
            j = a.end;
        }
    }
    const boyin_entry *unit;
    size_t after;
    suffix(c, j, &unit, &after);
    return unit && strstr(unit->value, "度") != NULL;
}

/* ---- the scan ------------------------------------------------------------- */

/* A '/' between a number's unit and another unit (元/平方米, 次/分钟):
 * a number stands at most three characters before it, a word after it. */
static int per_unit(const ctx *c, size_t i)
{
    if (i == 0 || i + 1 >= c->n || is_d(c->s[i - 1]))
        return 0;
    int latin_before = is_latin(c->s[i - 1]);
    int32_t next = c->s[i + 1];
    if (!(boyin_utf8_is_han(next) || is_latin(next) || (latin_before && is_d(next))))
        return 0; /* mg/100ml: a number may follow a Latin unit */
    /* A number stands just before the unit: three characters back, or
     * further over a Latin unit (7.0mmol/L). */
    for (size_t k = i; k > 0 && (k + 4 > i || (latin_before && k + 8 > i && is_latin(c->s[k]))); k--)
        if (is_d(c->s[k - 1]))
            return boyin_utf8_is_han(c->s[i - 1]) || latin_before;
    return 0;
}

static size_t money_at(ctx *c, size_t i, const boyin_entry *cur)
{
    size_t k = i + cur->klen;
    if (at(c, k, ' '))
        k++;
    num_t a;
    parse_num(c, k, &a);
    say_num(c, &a, BOYIN_NUM_MEASURE);
    k = a.end;
    /* 万 亿 千 百 after the number belong to it: ¥3.5亿 三点五亿元. */
    while (k < c->n && boyin_char_is(c->s[k], BOYIN_CC_HAN_MAGNITUDE)) {
        boyin_sb_addcp(&c->out, c->s[k]);
        k++;
    }
    /* ￥580元: the text says the currency word itself. */
    const int32_t *w = NULL;
    size_t wl = 0;
    int32_t buf[8];
    for (const char *p = cur->value; *p && wl < 8;) {
        int32_t cp;
        int r = boyin_utf8_next((const uint8_t *)p, strlen(p), &cp);
        if (r <= 0)
            break;
        buf[wl++] = cp;
        p += r;
    }
    w = buf;
    int written = wl > 0 && k + wl <= c->n && memcmp(c->s + k, w, wl * sizeof *w) == 0;
    if (!written && !at(c, k, 0x5143 /* 元 */))
        say(c, cur->value);
    return k;
}


static int key_at(const ctx *c, size_t i, const boyin_entry *e)
{
    return i + e->klen <= c->n && memcmp(c->s + i, e->key, e->klen * sizeof *c->s) == 0;
}

/* A bracket group at i that is a byline, such as (记者 罗宇凡 叶锋): the index
 * of its closing bracket, or 0. */
static size_t credit_group(const ctx *c, size_t i)
{
    size_t close = 0;
    for (size_t k = i + 1; k < c->n && k <= i + 40 && !close; k++)
        if (is_close(c->s[k]))
            close = k;
        else if (is_open(c->s[k]))
            return 0;
    for (size_t k = 0; close && k < c->nz->credits.n; k++) {
        const boyin_entry *e = &c->nz->credits.v[k];
        if (strcmp(e->value, "bracket") == 0)
            for (size_t q = i + 1; q + e->klen <= close; q++)
                if (key_at(c, q, e))
                    return close;
    }
    return 0;
}

/* Web page furniture (我要评论) at i: its length, or 0. */
static size_t furniture(const ctx *c, size_t i)
{
    for (size_t k = 0; k < c->nz->credits.n; k++) {
        const boyin_entry *e = &c->nz->credits.v[k];
        if (strcmp(e->value, "phrase") == 0 && key_at(c, i, e))
            return e->klen;
    }
    return 0;
}

/* Characters that continue a number phrase, so that a dash after them is a
 * range (1.5亿-2亿, 11月1日-3日, 20:00-22:00) and a sign after them joins
 * numbers. */
static int number_tail(int32_t cp)
{
    static const int32_t TAILS[] = {0x591A /* 多 */, 0x4F59 /* 余 */, 0x65E5 /* 日 */, 0x53F7 /* 号 */,
                                    0x6708 /* 月 */, 0x5E74 /* 年 */, 0x70B9 /* 点 */, 0x5206 /* 分 */,
                                    0x79D2 /* 秒 */, 0x5929 /* 天 */, 0x5143 /* 元 */, 0x865F /* 號 */,
                                    0x9EDE /* 點 */};
    if (boyin_char_is(cp, BOYIN_CC_HAN_MAGNITUDE))
        return 1; /* 百千万亿 萬億 */
    for (size_t k = 0; k < sizeof TAILS / sizeof TAILS[0]; k++)
        if (TAILS[k] == cp)
            return 1;
    return 0;
}

/* One step of the scan from s[i]: say what is written there and return
 * where the next step starts. */
static size_t step(ctx *c, size_t i)
{
    const boyin_normalizer *nz = c->nz;
    const int32_t *s = c->s;
    size_t n = c->n;
    int32_t cp = s[i];
    if (is_open(cp) && run(c, i + 1) == 4 && i + 5 < n && is_close(s[i + 5])) {
        say_digits(c, i + 1, 4, 0); /* 苏政发〔2023〕12号, (2023)京01民初123号: the year */
        say(c, " ");
        return i + 6;
    }
    if (!nz->cfg.read_all) {
        size_t skip = is_open(cp) ? credit_group(c, i) : 0;
        size_t len = skip ? skip + 1 - i : furniture(c, i);
        if (len) {
            return i + len; /* bylines and furniture inside a chunk are not read */
        }
    }
    if (is_d(cp)) {
        i = number_at(c, i);
        c->last_number = 1;
        return i;
    }
    const boyin_entry *cur = boyin_table_prefix(&nz->currency, s, n, i);
    if (cur && (i == 0 || !is_latin(s[i - 1]))) {
        size_t k = i + cur->klen + at(c, i + cur->klen, ' ');
        if (k < n && is_d(s[k])) {
            i = money_at(c, i, cur);
            c->last_number = 1;
            return i;
        }
    }
    if (is_range_sign(cp) && c->last_number) {
        size_t k = i + 1;
        while (at(c, k, ' '))
            k++;
        if (cp != '-' && at(c, k, '-') && k + 1 < n && is_d(s[k + 1])) {
            say(c, "到"); /* -5~-1℃: the sign of the second number is read next */
            c->last_number = 0;
            return k;
        }
        if (k < n && is_d(s[k])) {
            num_t b;
            parse_num(c, k, &b);
            size_t e = b.end;
            while (at(c, e, ' '))
                e++;
            if (c->out.len > 0 && c->out.s[c->out.len - 1] == ' ')
                c->out.s[--c->out.len] = '\0';
            /* 10 - 4 = 6; 20:00-22:00, 11月1日-3日, 1.5亿-2亿 */
            say(c, cp == '-' && at(c, e, '=') ? "减" : "到");
            i = k;
            return i;
        }
    }
    if (cp == '+' && i + 1 < n && ((c->last_number && is_latin(s[i + 1])) ||
                                   (i > 0 && is_latin(s[i - 1]) && is_d(s[i + 1])))) {
        say(c, "加"); /* 1+N, N+1 */
        return i + 1;
    }
    if (c->last_number && is_latin(cp)) {
        const boyin_entry *u = boyin_table_prefix(&nz->units, s, n, i);
        size_t end = u ? i + u->klen : 0;
        if (u && !(end < n && (is_latin(s[end]) || is_d(s[end])))) {
            say(c, u->value); /* 1.2亿kWh 一点二亿千瓦时 */
            c->last_number = 0;
            return end;
        }
    }
    if (cp == '+' && i + 1 < n && is_d(s[i + 1]) && run(c, i + 1) <= 3 && at(c, i + 1 + run(c, i + 1), ' ') &&
        !c->last_number) {
        size_t d = run(c, i + 1);
        say(c, "加"); /* +86 138 1234 5678 */
        say_digits(c, i + 1, d, 0);
        say(c, " ");
        return i + 1 + d;
    }
    if (cp == '-' && i + 1 < n && is_d(s[i + 1]) && boyin_table_suffix(&nz->model_prefixes, s, i)) {
        return i + 1; /* 歼-20 歼二十: a model, not a minus */
    }
    if (cp == '-' && i + 1 < n && is_d(s[i + 1])) {
        if (i > 0 && is_latin(s[i - 1])) {
            say(c, " "); /* COVID-19 */
            i++;
            return i;
        }
        if (!(i > 0 && (is_d(s[i - 1]) || boyin_utf8_is_latin_alnum(s[i - 1])))) {
            say(c, nz->cfg.below_zero && temperature_at(c, i + 1) ? "零下" : "负");
            i++;
            return i;
        }
    }
    if (cp == '#' || cp == 0xFF03) {
        say(c, " "); /* #MeToo#: hashtags are read without their signs */
        return i + 1;
    }
    if (cp == '@' || cp == 0xFF20) {
        /* news@xinhua.net: "at" for the English voice; @handle: silent. */
        int address = i > 0 && (is_latin(s[i - 1]) || is_d(s[i - 1])) && i + 1 < n &&
                      (is_latin(s[i + 1]) || is_d(s[i + 1]));
        say(c, address ? " at " : " ");
        return i + 1;
    }
    if ((cp == '/' || cp == 0xFF0F) && i > 0 && is_d(s[i - 1]) && i + 1 < n && is_d(s[i + 1])) {
        say(c, " "); /* 985/211: two numbers, not a fraction (fractions are read in number_at) */
        return i + 1;
    }
    if ((cp == '/' || cp == 0xFF0F) && per_unit(c, i)) {
        say(c, "每"); /* 15324元/平方米, 80次/min */
        const boyin_entry *u = boyin_table_prefix(&nz->units, s, n, i + 1);
        size_t end = u ? i + 1 + u->klen : 0;
        if (u && is_latin(u->key[0]) && !(end < n && (is_latin(s[end]) || is_d(s[end])))) {
            say(c, u->value);
            i = end;
        } else {
            i++;
        }
        return i;
    }
    const boyin_entry *sym = boyin_table_prefix(&nz->symbols, s, n, i);
    if (sym) {
        size_t k = i + sym->klen;
        while (k < n && s[k] == ' ')
            k++;
        if (strcmp(sym->extra, "number") == 0 && c->last_number && k < n && is_d(s[k])) {
            if (c->out.len > 0 && c->out.s[c->out.len - 1] == ' ')
                c->out.s[--c->out.len] = '\0'; /* 3 + 2: no break around the word */
            say(c, sym->value);
            i = k;
            return i;
        }
        if (strcmp(sym->extra, "before") == 0 && k < n && is_d(s[k])) {
            if (c->out.len > 0 && c->out.s[c->out.len - 1] == ' ')
                c->out.s[--c->out.len] = '\0';
            say(c, sym->value); /* ≥60 大于等于六十, ±0.5 正负零点五 */
            return k;
        }
        if (strcmp(sym->extra, "word") == 0 && !(i > 0 && is_d(s[i - 1]))) {
            if (strcmp(sym->value, "_") != 0)
                say(c, sym->value);
            else if (c->out.len == 0 || c->out.s[c->out.len - 1] != ' ')
                say(c, " ");
            i += sym->klen;
            c->last_number = 0;
            return i;
        }
    }
    if (cp == ' ') {
        if (c->out.len > 0 && c->out.s[c->out.len - 1] != ' ')
            say(c, " ");
    } else {
        boyin_sb_addcp(&c->out, cp);
        c->last_number = c->last_number && number_tail(cp);
    }
    return i + 1;
}

/* Remember that output bytes up to out.len came from s[from..to). */
static void note(ctx *c, size_t out_start, size_t from, size_t to)
{
    if (c->out.len <= out_start)
        return; /* nothing said (a byline dropped), or a break taken back */
    if (c->npieces == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 32;
        piece *np = realloc(c->pieces, nc * sizeof *np);
        if (!np) {
            c->out.failed = 1;
            return;
        }
        c->pieces = np;
        c->cap = nc;
    }
    c->pieces[c->npieces++] = (piece){out_start, c->out.len, from, to};
}

static int normalize(ctx *c)
{
    for (size_t i = 0; i < c->n;) {
        size_t out_start = c->out.len, from = i;
        i = step(c, i);
        note(c, out_start, from, i);
    }
    if (!c->out.s)
        say(c, "");
    if (c->out.failed)
        return BOYIN_ENOMEM;
    /* Fold the breaks the rules left: no space at either end or doubled;
     * pieces follow their bytes. */
    char *o = c->out.s;
    size_t w = 0, p = 0, len = c->out.len;
    size_t *moved = malloc((len + 1) * sizeof *moved);
    if (!moved)
        return BOYIN_ENOMEM;
    for (size_t r = 0; r < len; r++) {
        moved[r] = w;
        if (o[r] == ' ' && (w == 0 || o[w - 1] == ' '))
            continue;
        o[w++] = o[r];
    }
    moved[len] = w;
    while (w > 0 && o[w - 1] == ' ')
        w--;
    o[w] = '\0';
    c->out.len = w;
    for (size_t k = 0; k < c->npieces; k++) {
        piece *pc = &c->pieces[k];
        pc->out_start = moved[pc->out_start < len ? pc->out_start : len];
        pc->out_end = moved[pc->out_end < len ? pc->out_end : len];
        if (pc->out_end > w)
            pc->out_end = w;
        if (pc->out_start < pc->out_end)
            c->pieces[p++] = *pc;
    }
    c->npieces = p;
    free(moved);
    return BOYIN_OK;
}

static void ctx_free(ctx *c)
{
    free(c->s);
    free(c->scratch);
    free(c->at_byte);
    free(c->pieces);
}

int boyin_normalize_text(const boyin_normalizer *nz, const char *text, char **spoken)
{
    ctx c = {0};
    c.nz = nz;
    *spoken = NULL;
    int st = load_text(&c, text);
    if (st == BOYIN_OK)
        st = normalize(&c);
    ctx_free(&c);
    if (st) {
        boyin_sb_free(&c.out);
        return st;
    }
    *spoken = c.out.s;
    return BOYIN_OK;
}

/* A byline, credit or caption: 编辑：张三, (文/黄伟 图/马镇丹), （记者 韩旭）,
 * ▲图为…. */
static int is_credit(const ctx *c)
{
    const boyin_table *credits = &c->nz->credits;
    size_t n = c->n;
    int found = 0;
    while (n > 0 && is_d(c->s[n - 1]))
        n--; /* CNA's trailing date code: （編輯：唐佩君）1120823 */
    for (size_t k = 0; k < credits->n && !found && c->n > 0; k++) {
        const boyin_entry *e = &credits->v[k];
        if (strcmp(e->value, "label") == 0)
            found = c->n > e->klen && memcmp(c->s, e->key, e->klen * sizeof *c->s) == 0 &&
                    (c->s[e->klen] == ':' || c->s[e->klen] == 0xFF1A);
        else if (strcmp(e->value, "caption") == 0)
            found = c->n >= e->klen && memcmp(c->s, e->key, e->klen * sizeof *c->s) == 0;
        else if (n > 2 && is_open(c->s[0]) && is_close(c->s[n - 1]) && n <= 40)
            for (size_t i = 1; i + e->klen < n && !found; i++)
                found = memcmp(c->s + i, e->key, e->klen * sizeof *c->s) == 0;
    }
    return found;
}

/* Anything left to say: a letter or digit of any script. */
static int has_words(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int r = boyin_utf8_next((const uint8_t *)s + i, n - i, &cp);
        if (r <= 0)
            return 1;
        if (boyin_utf8_is_alnum(cp))
            return 1;
        i += (size_t)r;
    }
    return 0;
}

/* ---- runs: Latin text for the English voice -------------------------------- */

/* Add a run saying text[0..tn) for the spoken bytes [b0, b1), with the
 * original characters those bytes were said for as its source. */
static int add_run(boyin_chunk *ch, const ctx *x, size_t b0, size_t b1, int english, const char *text, size_t tn)
{
    while (tn > 0 && *text == ' ')
        text++, tn--;
    while (tn > 0 && text[tn - 1] == ' ')
        tn--;
    int words = 0;
    for (size_t i = 0; i < tn && !words;) {
        int32_t cp;
        int r = boyin_utf8_next((const uint8_t *)text + i, tn - i, &cp);
        words = r <= 0 || boyin_utf8_is_alnum(cp);
        i += r > 0 ? (size_t)r : 1;
    }
    if (!words)
        return BOYIN_OK; /* punctuation alone says nothing */
    while (b0 < b1 && ch->spoken[b0] == ' ')
        b0++;
    while (b1 > b0 && ch->spoken[b1 - 1] == ' ')
        b1--;
    size_t from = SIZE_MAX, to = 0;
    for (size_t k = 0; k < x->npieces; k++) {
        const piece *pc = &x->pieces[k];
        if (pc->out_end > b0 && pc->out_start < b1) {
            from = pc->from < from ? pc->from : from;
            to = pc->to > to ? pc->to : to;
        }
    }
    boyin_run *nr = realloc(ch->runs, (ch->nruns + 1) * sizeof *nr);
    if (!nr)
        return BOYIN_ENOMEM;
    ch->runs = nr;
    char *t = strndup(text, tn);
    if (!t)
        return BOYIN_ENOMEM;
    boyin_run *r = &ch->runs[ch->nruns++];
    r->text = t;
    r->pinyin = NULL;
    r->english = english;
    r->src_off = from == SIZE_MAX ? 0 : x->at_byte[from];
    r->src_len = from == SIZE_MAX ? 0 : x->at_byte[to] - r->src_off;
    return BOYIN_OK;
}

/* An acronym to spell (NBA, GDP, U.S.): capitals (and dots) only, 2 to 6
 * letters, and not one said as a word (latin-words.tsv: NASA, COVID). */
static int spell_it(const boyin_normalizer *nz, const char *w, size_t n)
{
    size_t letters = 0;
    int32_t key[8];
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '.')
            continue;
        if (w[i] < 'A' || w[i] > 'Z' || letters == 8)
            return 0;
        key[letters++] = w[i];
    }
    if (letters < 2 || letters > 6)
        return 0;
    const boyin_entry *e = boyin_table_prefix(&nz->latin_words, key, letters, 0);
    return !(e && e->klen == letters);
}

/* The English run for the Latin text in spoken bytes [b0, b1): acronyms
 * spelled out letter by letter. */
static int add_latin_run(const boyin_normalizer *nz, boyin_chunk *c, const ctx *x, size_t b0, size_t b1)
{
    const char *s = c->spoken + b0;
    size_t n = b1 - b0;
    boyin_sb b = {0};
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (b.len)
            boyin_sb_add(&b, " ", 1);
        if (spell_it(nz, s + i, j - i)) {
            for (size_t k = i; k < j; k++)
                if (s[k] != '.') {
                    if (k > i)
                        boyin_sb_add(&b, " ", 1);
                    boyin_sb_add(&b, s + k, 1);
                }
        } else {
            boyin_sb_add(&b, s + i, j - i);
        }
        i = j;
        while (i < n && s[i] == ' ')
            i++;
    }
    int st = b.failed ? BOYIN_ENOMEM : add_run(c, x, b0, b1, 1, b.s ? b.s : "", b.len);
    boyin_sb_free(&b);
    return st;
}

/* A letter of Latin script: ASCII, or Latin-1 and Latin Extended (é, ó, ü). */
static int is_latin_letter(int32_t cp)
{
    return is_latin(cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* The code point at byte i of s (n bytes), and its length in *len. */
static int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
    int32_t cp = 0;
    int r = i < n ? boyin_utf8_next((const uint8_t *)s + i, n - i, &cp) : 0;
    *len = r > 0 ? (size_t)r : 1;
    return r > 0 ? cp : -1;
}

/* Split c->spoken into runs: Latin words (with the spaces, dots, hyphens,
 * apostrophes and trailing pluses between and after them: U.S., e-commerce,
 * McDonald's, OPEC+, C++) for the English voice, the rest for the bulletin's
 * voice. */
static int split_runs(const boyin_normalizer *nz, boyin_chunk *c, const ctx *x)
{
    const char *s = c->spoken;
    size_t n = strlen(s), start = 0, len;
    int st = BOYIN_OK;
    boyin_chunk_clear_runs(c);
    for (size_t i = 0; i < n && st == BOYIN_OK;) {
        if (!is_latin_letter(cp_at(s, n, i, &len))) {
            i += len;
            continue;
        }
        size_t j = i;
        for (;;) {
            int32_t cp;
            while (j < n && ((cp = cp_at(s, n, j, &len)) >= 0) &&
                   (is_latin_letter(cp) || cp == '\'' || cp == '.' || cp == '-' || cp == '+'))
                j += len;
            if (j + 1 < n && s[j] == ' ' && is_latin_letter(cp_at(s, n, j + 1, &len)))
                j++;
            else
                break;
        }
        while (j > i && (s[j - 1] == '.' || s[j - 1] == '-' || s[j - 1] == '\''))
            j--; /* a dot ending the sentence is punctuation, except after an initialism */
        if (j < n && s[j] == '.' && j >= 2 && s[j - 2] == '.')
            j++; /* U.S. */
        st = add_run(c, x, start, i, 0, s + start, i - start);
        if (st == BOYIN_OK)
            st = add_latin_run(nz, c, x, i, j);
        start = i = j;
    }
    if (st == BOYIN_OK)
        st = add_run(c, x, start, n, 0, s + start, n - start);
    return st;
}

static int mark_skipped(boyin_chunk *c)
{
    boyin_chunk_clear_runs(c);
    free(c->spoken);
    c->spoken = strdup("");
    c->skipped = "credit"; /* bylines, credits, captions, furniture: not read on air */
    return c->spoken ? BOYIN_OK : BOYIN_ENOMEM;
}

int boyin_normalize_chunk(const boyin_normalizer *nz, boyin_chunk *c)
{
    ctx x = {0};
    x.nz = nz;
    int st = load_text(&x, c->text);
    if (st == BOYIN_OK && !nz->cfg.read_all && is_credit(&x)) {
        ctx_free(&x);
        return mark_skipped(c);
    }
    if (st == BOYIN_OK)
        st = normalize(&x);
    if (st == BOYIN_OK && !nz->cfg.read_all && !has_words(x.out.s) && has_words(c->text)) {
        ctx_free(&x);
        boyin_sb_free(&x.out); /* nothing but a byline or furniture was in it */
        return mark_skipped(c);
    }
    if (st == BOYIN_OK) {
        free(c->spoken);
        c->spoken = x.out.s;
        x.out.s = NULL;
        st = split_runs(nz, c, &x);
    }
    boyin_sb_free(&x.out);
    ctx_free(&x);
    return st;
}
