/* numrules.c - how a number written in the text is said: named rules tried
 * in the order of NUMBER_RULES (see numrules.h). */
#include "numrules.h"

#include <string.h>

#include "numbers.h"
#include "quantity.h"
#include "utf8.h"

/* The number written at i, as every rule sees it. */
typedef struct {
    size_t i;    /* its first digit */
    size_t d1;   /* digits before any separator */
    boyin_qty a; /* parsed with thousands separators and a fraction */
    size_t j;    /* a.end: where the text after it starts */
    int pre;     /* BOYIN_NUM_NO_LIANG after 第, 公元, 公元前 */
} number;

/* A rule says the number and returns where the text after what it said
 * starts (always past m->i), or returns 0 when it does not apply. */
typedef size_t (*number_rule)(boyin_reading *c, const number *m);

/* ---- context words around a number ---------------------------------------- */

/* The digit-context word (电话, 尾号, ...) just before i, if any. */
static const boyin_entry *digit_context(const boyin_reading *c, size_t i)
{
    size_t k = i;
    while (k > 0 && (c->s[k - 1] == ' ' || c->s[k - 1] == ':' || c->s[k - 1] == 0xFF1A ||
                     c->s[k - 1] == 0x662F /* 是 */ || c->s[k - 1] == 0x4E3A /* 为 */ ||
                     c->s[k - 1] == 0x70BA /* 為 */))
        k--;
    return boyin_table_suffix(&c->tb->digit_ctx, c->s, k);
}

/* A word of table t ends within 8 characters before i. */
static int context_before(const boyin_reading *c, const boyin_table *t, size_t i)
{
    for (size_t k = i; k + 8 > i && k > 0; k--)
        if (boyin_table_suffix(t, c->s, k))
            return 1;
    return 0;
}

static int score_context(const boyin_reading *c, size_t i)
{
    return context_before(c, &c->tb->score_ctx, i);
}

/* A score word marked `after` right at j (2-2战平). */
static int score_after(const boyin_reading *c, size_t j)
{
    const boyin_entry *e = boyin_table_prefix(&c->tb->score_ctx, c->s, c->n, j);
    return e && e->value_kind == BOYIN_CONTEXT_AFTER;
}

static int is_year_word(const boyin_reading *c, size_t j)
{
    return boyin_table_prefix(&c->tb->year_words, c->s, c->n, j) && !at(c, j + 1, 0x7EA7 /* 2022年级 */);
}

/* Latin letters right before i (G20, COVID-19, Boeing 737). */
static int after_latin(const boyin_reading *c, size_t i)
{
    if (i > 0 && (c->s[i - 1] == '-' || c->s[i - 1] == ' '))
        i--;
    return i > 0 && is_latin(c->s[i - 1]);
}

/* Only list separators (或 和 及 与 、 ， / and spaces) between from and to. */
static int list_continues(const boyin_reading *c, size_t from, size_t to)
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

static int valid_date(int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Not after another digit or a Latin letter. */
static int alone(const boyin_reading *c, size_t i)
{
    return !(i > 0 && (is_d(c->s[i - 1]) || is_latin(c->s[i - 1])));
}

/* ---- dates, times, scores -------------------------------------------------- */

/* 2022-11-18, 2022/11/18, 2022.11.18 (and 2022-11 stays a range). */
static size_t read_date(boyin_reading *c, const number *m)
{
    size_t i = m->i;
    if (!(m->d1 == 4 && i + 5 < c->n && (c->s[i + 4] == '-' || c->s[i + 4] == '/' || c->s[i + 4] == '.')))
        return 0;
    int32_t sep = c->s[i + 4];
    size_t d2 = run(c, i + 5), k = i + 5 + d2, d3 = at(c, k, sep) ? run(c, k + 1) : 0;
    if (!(d2 >= 1 && d2 <= 2 && d3 >= 1 && d3 <= 2 && valid_date(value(c, i + 5, d2), value(c, k + 1, d3))))
        return 0;
    say_digits(c, i, 4, 0);
    say(c, "年");
    say_cardinal(c, i + 5, d2, BOYIN_NUM_NO_LIANG);
    say(c, "月");
    say_cardinal(c, k + 1, d3, BOYIN_NUM_NO_LIANG);
    say(c, "日");
    return k + 1 + d3;
}

/* The h:mm after the number: minutes at m0 (d2 digits), the text after
 * them at k, both as values. */
typedef struct {
    size_t m0, d2, k;
    int h, mi;
} hhmm;

static int colon_follows(const boyin_reading *c, const number *m, hhmm *t)
{
    size_t i = m->i, d1 = m->d1;
    if (!(at(c, i + d1, ':') && run(c, i + d1 + 1) >= 1))
        return 0;
    t->m0 = i + d1 + 1;
    t->d2 = run(c, t->m0);
    t->k = t->m0 + t->d2;
    t->h = value(c, i, d1 <= 2 ? d1 : 2);
    t->mi = value(c, t->m0, t->d2 <= 2 ? t->d2 : 2);
    return m->d1 <= 2 && t->d2 == 2 && t->mi < 60 ? 2 : 1; /* 2: it can be minutes */
}

/* A race time: 1:45.12 一分四十五秒一二. */
static size_t read_race_time(boyin_reading *c, const number *m)
{
    hhmm t;
    if (colon_follows(c, m, &t) != 2 || !(at(c, t.k, '.') && run(c, t.k + 1) > 0))
        return 0;
    size_t f = run(c, t.k + 1);
    boyin_qty_say_duration(c, m->i, m->d1, "分", t.m0, "秒");
    say_digits(c, t.k + 1, f, 0);
    return t.k + 1 + f;
}

/* A finishing time after a result word or before 的: 2:05:30 两小时零五分三十秒. */
static size_t read_finish_time(boyin_reading *c, const number *m)
{
    hhmm t;
    if (colon_follows(c, m, &t) != 2 || !(at(c, t.k, ':') && run(c, t.k + 1) == 2) ||
        !(context_before(c, &c->tb->result_ctx, m->i) || at(c, t.k + 3, 0x7684 /* 的 */)))
        return 0;
    boyin_qty_say_duration(c, m->i, m->d1, "小时", t.m0, "分");
    say_cardinal(c, t.k + 1, 2, BOYIN_NUM_NO_LIANG);
    say(c, "秒");
    return t.k + 3;
}

/* A time of day: 8:30 八点三十分, 12:30:15, unless a score word is near. */
static size_t read_clock_time(boyin_reading *c, const number *m)
{
    hhmm t;
    if (colon_follows(c, m, &t) != 2 || t.h > 24 || score_context(c, m->i) ||
        (at(c, t.k, '.') && run(c, t.k + 1) > 0))
        return 0;
    size_t k = t.k;
    say_cardinal(c, m->i, m->d1, BOYIN_NUM_MEASURE);
    say(c, "点");
    int secs = at(c, k, ':') && run(c, k + 1) == 2;
    if (t.mi > 0 || secs) {
        if (t.mi < 10)
            say(c, "零"); /* 8:05 八点零五分, 8:00:05 八点零分五秒 */
        if (t.mi > 0)
            say_cardinal(c, t.m0, t.d2, BOYIN_NUM_NO_LIANG);
        say(c, "分");
    }
    if (secs) {
        say_cardinal(c, k + 1, 2, BOYIN_NUM_NO_LIANG);
        say(c, "秒");
        k += 3;
    }
    return k;
}

/* Scores and ratios: 3:1 三比一, 比分21:19, 1:1.2. */
static size_t read_ratio(boyin_reading *c, const number *m)
{
    hhmm t;
    if (!colon_follows(c, m, &t) || m->a.end != m->i + m->d1)
        return 0;
    boyin_qty b;
    boyin_qty_parse(c, t.m0, &b);
    boyin_qty_say(c, &m->a, BOYIN_NUM_NO_LIANG);
    say(c, "比");
    boyin_qty_say(c, &b, BOYIN_NUM_NO_LIANG);
    return b.end;
}

/* Event dates with a middle dot: 5·12 五一二, 9·11 九一一. */
static size_t read_event_date(boyin_reading *c, const number *m)
{
    size_t i = m->i, d1 = m->d1, dot = i + d1;
    if (!(d1 <= 2 && dot + 1 < c->n && (c->s[dot] == 0xB7 || c->s[dot] == 0x30FB || c->s[dot] == 0x2022) &&
          run(c, dot + 1) >= 1 && run(c, dot + 1) <= 2))
        return 0;
    size_t d2 = run(c, dot + 1);
    say_digits(c, i, d1, 0);
    say_digits(c, dot + 1, d2, 0);
    return dot + 1 + d2;
}

/* ---- digit by digit: names, codes, phones ---------------------------------- */

/* service@163.com, 600519.SH: digits of an address or a code. */
static size_t read_address(boyin_reading *c, const number *m)
{
    size_t i = m->i, d1 = m->d1;
    if ((i > 0 && (c->s[i - 1] == '@' || c->s[i - 1] == 0xFF20)) ||
        (d1 >= 4 && at(c, i + d1, '.') && i + d1 + 1 < c->n && is_latin(c->s[i + d1 + 1])))
        return boyin_qty_say_code(c, i, 0);
    return 0;
}

/* Marks: 9秒83 九秒八三, 8米36 八米三六. */
static size_t read_mark(boyin_reading *c, const number *m)
{
    size_t i = m->i;
    if (i >= 2 && (c->s[i - 1] == 0x79D2 /* 秒 */ || c->s[i - 1] == 0x7C73 /* 米 */) && is_d(c->s[i - 2]) &&
        m->d1 <= 2 && !at(c, i + m->d1, '.'))
        return boyin_qty_say_code(c, i, 0);
    return 0;
}

/* Video resolutions: 1080P 一零八零P. */
static size_t read_resolution(boyin_reading *c, const number *m)
{
    size_t e = m->i + m->d1;
    if (m->d1 >= 3 && (at(c, e, 'P') || at(c, e, 'p')) && !(e + 1 < c->n && is_latin(c->s[e + 1])))
        return boyin_qty_say_code(c, m->i, 0);
    return 0;
}

/* Generations: 80后 八零后, 00后 零零后. */
static size_t read_generation(boyin_reading *c, const number *m)
{
    size_t i = m->i;
    if (!(m->d1 == 2 && at(c, i + 2, 0x540E /* 后 */) && !(i > 0 && is_d(c->s[i - 1]))))
        return 0;
    say_digits(c, i, 2, 0);
    return i + 2;
}

/* An area code in brackets and a number: (010)12345678. */
static size_t read_bracketed_phone(boyin_reading *c, const number *m)
{
    size_t i = m->i, d1 = m->d1;
    if (!(c->s[i] == '0' && (d1 == 3 || d1 == 4) && i > 0 && is_open(c->s[i - 1]) && i + d1 < c->n &&
          is_close(c->s[i + d1]) && (run(c, i + d1 + 1) == 7 || run(c, i + d1 + 1) == 8)))
        return 0;
    boyin_qty_say_code(c, i, c->cfg->yao);
    say(c, ")");
    return boyin_qty_say_code(c, i + d1 + 1, c->cfg->yao);
}

/* After a digit-context word (电话, 尾号) or, for three digits or more,
 * before one that works after the number (12345热线). */
static size_t read_in_digit_context(boyin_reading *c, const number *m)
{
    size_t i = m->i, d1 = m->d1;
    const boyin_entry *ctxw = digit_context(c, i);
    if (!ctxw && d1 >= 3 && !at(c, i + d1, '.')) {
        const boyin_entry *after = boyin_table_prefix(&c->tb->digit_ctx, c->s, c->n, i + d1);
        if (after && after->extra_kind == BOYIN_CONTEXT_AFTER)
            ctxw = after;
    }
    if (!ctxw)
        return 0;
    c->digits_yao = c->cfg->yao && ctxw->value_kind == BOYIN_DIGITS_YAO;
    return c->digits_end = boyin_qty_say_code(c, i, c->digits_yao);
}

/* A number that is a name (digit-numbers.tsv) with no unit or measure word
 * after it: 985高校 九八五高校, but 120微克. */
static size_t read_named(boyin_reading *c, const number *m)
{
    size_t i = m->i, d1 = m->d1, n = c->n;
    const boyin_entry *named = boyin_table_prefix(&c->tb->digit_numbers, c->s, n, i);
    if (!(named && named->klen == d1 && !(i > 0 && is_d(c->s[i - 1]))))
        return 0;
    size_t e = i + d1, after;
    const boyin_entry *unit;
    int measured = boyin_qty_unit(c, e, &unit, &after) != 0;
    int name_follows = e >= n || (!boyin_utf8_is_han(c->s[e]) && !is_latin(c->s[e])) ||
                       boyin_table_prefix(&c->tb->digit_followers, c->s, n, e) != NULL;
    if (name_follows && !measured && !at(c, e, '.'))
        return boyin_qty_say_code(c, i, c->cfg->yao && named->value_kind == BOYIN_DIGITS_YAO);
    return 0;
}

/* The next of a list of numbers read digit by digit: 拨打110或120. */
static size_t read_listed(boyin_reading *c, const number *m)
{
    if (!(c->digits_end && list_continues(c, c->digits_end, m->i)))
        return 0;
    return c->digits_end = boyin_qty_say_code(c, m->i, c->digits_yao);
}

/* A mobile number: 13800138000, or 138 0013 8000. */
static size_t read_mobile(boyin_reading *c, const number *m)
{
    const int32_t *s = c->s;
    size_t i = m->i, d1 = m->d1;
    if (!alone(c, i) || s[i] != '1' || !(d1 == 11 || d1 == 3) || s[i + 1] < '3')
        return 0;
    if (d1 == 11 || ((at(c, i + 3, ' ') || at(c, i + 3, '-')) && run(c, i + 4) == 4 && at(c, i + 8, s[i + 3]) &&
                     run(c, i + 9) == 4))
        return boyin_qty_say_code(c, i, c->cfg->yao);
    return 0;
}

/* An area code and a number (010-12345678), a service number (400-810-8888). */
static size_t read_landline(boyin_reading *c, const number *m)
{
    const int32_t *s = c->s;
    size_t i = m->i, d1 = m->d1;
    if (!alone(c, i))
        return 0;
    if ((s[i] == '0' && (d1 == 3 || d1 == 4) && at(c, i + d1, '-') &&
         (run(c, i + d1 + 1) == 7 || run(c, i + d1 + 1) == 8)) ||
        (d1 == 3 && (s[i] == '4' || s[i] == '8') && s[i + 1] == '0' && s[i + 2] == '0' && at(c, i + 3, '-') &&
         run(c, i + 4) == 3 && at(c, i + 7, '-') && run(c, i + 8) == 4))
        return boyin_qty_say_code(c, i, c->cfg->yao);
    return 0;
}

/* A leading zero (007, 05年), or three or more groups joined by '-' that
 * are not a date: a code. */
static size_t read_code(boyin_reading *c, const number *m)
{
    size_t i = m->i, d1 = m->d1, g2 = run(c, i + d1 + 1);
    if ((c->s[i] == '0' && d1 >= 2 && !(at(c, i + d1, '.') && g2 > 0)) ||
        (at(c, i + d1, '-') && g2 > 0 && at(c, i + d1 + 1 + g2, '-') && run(c, i + d1 + 2 + g2) > 0))
        return boyin_qty_say_code(c, i, 0);
    return 0;
}

/* ---- quantities ------------------------------------------------------------ */

/* Years digit by digit: 2022年, 2023—2024赛季. */
static size_t read_year(boyin_reading *c, const number *m)
{
    size_t i = m->i, j = m->j;
    if (!(m->a.ni == 4 && !m->a.nf && !m->a.grouped))
        return 0;
    if (is_year_word(c, j)) {
        say_digits(c, i, 4, 0);
        return j;
    }
    if (j + 1 < c->n && is_range_sign(c->s[j]) && run(c, j + 1) == 4 && is_year_word(c, j + 5)) {
        say_digits(c, i, 4, 0);
        say(c, "到");
        say_digits(c, j + 1, 4, 0);
        return j + 5;
    }
    return 0;
}

/* Percentages, alone or as a range: 5.2%, 3%-5%. */
static size_t read_percent(boyin_reading *c, const number *m)
{
    size_t j = m->j, n = c->n;
    if (!(j < n && is_percent(c->s[j])))
        return 0;
    boyin_qty_say_percent(c, &m->a, c->s[j]);
    size_t k = j + 1;
    if (k + 1 < n && is_range_sign(c->s[k]) && is_d(c->s[k + 1])) {
        boyin_qty b;
        boyin_qty_parse(c, k + 1, &b);
        if (b.end < n && is_percent(c->s[b.end])) {
            say(c, "到");
            boyin_qty_say_percent(c, &b, c->s[b.end]);
            return b.end + 1;
        }
    }
    return k;
}

/* a比b in a score (比分是3/1), b分之a when a < b, else two numbers (150/100). */
static size_t read_fraction(boyin_reading *c, const number *m)
{
    const boyin_qty *a = &m->a;
    size_t j = m->j, db = run(c, j + 1);
    if (!(!a->nf && !a->grouped && a->ni <= 3 && at(c, j, '/') && db >= 1 && db <= 3 && !at(c, j + 1 + db, '/')))
        return 0;
    boyin_qty b;
    boyin_qty_parse(c, j + 1, &b);
    if (b.nf)
        return 0;
    int score = score_context(c, m->i);
    if (score || value(c, m->i, a->ni) < value(c, j + 1, b.ni)) {
        boyin_qty_say(c, score ? a : &b, BOYIN_NUM_NO_LIANG);
        say(c, score ? "比" : "分之");
        boyin_qty_say(c, score ? &b : a, BOYIN_NUM_NO_LIANG);
        return b.end;
    }
    boyin_qty_say(c, a, 0);
    say(c, " ");
    return j + 1;
}

/* Ranges: 3-5天 三到五天, 3~5% 百分之三到百分之五; 5-3=2 and scores (以3-1战胜,
 * 2-2战平) are not ranges. */
static size_t read_range(boyin_reading *c, const number *m)
{
    const int32_t *s = c->s;
    size_t j = m->j, n = c->n;
    if (!(j + 1 < n && is_range_sign(s[j]) && is_d(s[j + 1]) && !after_latin(c, m->i)))
        return 0;
    boyin_qty b;
    boyin_qty_parse(c, j + 1, &b);
    if (b.end < n && is_percent(s[b.end])) {
        boyin_qty_say_percent(c, &m->a, s[b.end]);
        say(c, "到");
        boyin_qty_say_percent(c, &b, s[b.end]);
        return b.end + 1;
    }
    size_t eq = b.end;
    while (at(c, eq, ' '))
        eq++;
    const boyin_entry *unit;
    size_t after;
    int minus = s[j] == '-' && at(c, eq, '=');
    int flags = minus ? 0 : m->pre | boyin_qty_unit(c, b.end, &unit, &after);
    int score = !minus && s[j] == '-' && !m->a.nf && !b.nf &&
                ((score_context(c, m->i) && !flags) || score_after(c, b.end));
    if (minus || score) {
        boyin_qty_say(c, &m->a, score ? BOYIN_NUM_NO_LIANG : 0);
        say(c, score ? "比" : "减");
        boyin_qty_say(c, &b, score ? BOYIN_NUM_NO_LIANG : 0);
        return b.end;
    }
    boyin_qty_say(c, &m->a, flags);
    say(c, "到");
    boyin_qty_say(c, &b, flags);
    if (unit)
        say(c, boyin_entry_value(unit));
    return unit ? after : b.end;
}

/* 140,967万 is 14亿0967万: the number times 10000. */
static size_t read_wan(boyin_reading *c, const number *m)
{
    const boyin_qty *a = &m->a;
    size_t j = m->j;
    if (!(!a->nf && a->ni > 4 && a->ni <= 8 && at(c, j, 0x4E07 /* 万 */) && !at(c, j + 1, 0x4EBF /* 亿 */)))
        return 0;
    char *w = c->scratch + m->i;
    memmove(w, a->ip, a->ni);
    memcpy(w + a->ni, "0000", 4);
    boyin_num_cardinal(&c->out, w, a->ni + 4, m->pre);
    return j + 1;
}

/* The rest: a cardinal or decimal with its unit, or after Latin letters a
 * model number (A380, MU5735, Boeing 737). */
static size_t read_quantity(boyin_reading *c, const number *m)
{
    const boyin_entry *unit;
    size_t after;
    int flags = m->pre | boyin_qty_unit(c, m->j, &unit, &after);
    if (after_latin(c, m->i) && !m->a.nf && m->a.ni >= 3 && !unit)
        return boyin_qty_say_code(c, m->i, 0);
    if (after_latin(c, m->i))
        flags |= BOYIN_NUM_NO_LIANG;
    boyin_qty_say(c, &m->a, flags);
    if (unit)
        say(c, boyin_entry_value(unit));
    return unit ? after : m->j;
}

/* The rules in the order they are tried: the first that applies says the
 * number.  Shapes with separators first, then digit strings, then
 * quantities; read_quantity always applies. */
static const struct {
    const char *name;
    number_rule fn;
} NUMBER_RULES[] = {
    {"date", read_date},
    {"race time", read_race_time},
    {"finishing time", read_finish_time},
    {"clock time", read_clock_time},
    {"ratio", read_ratio},
    {"event date", read_event_date},
    {"address", read_address},
    {"mark", read_mark},
    {"resolution", read_resolution},
    {"generation", read_generation},
    {"bracketed phone", read_bracketed_phone},
    {"digit context", read_in_digit_context},
    {"named number", read_named},
    {"listed", read_listed},
    {"mobile", read_mobile},
    {"landline", read_landline},
    {"code", read_code},
    {"year", read_year},
    {"percent", read_percent},
    {"fraction", read_fraction},
    {"range", read_range},
    {"wan", read_wan},
    {"quantity", read_quantity},
};

size_t boyin_numrules_read(boyin_reading *c, size_t i)
{
    number m;
    m.i = i;
    m.d1 = run(c, i);
    boyin_qty_parse(c, i, &m.a);
    m.j = m.a.end;
    const int32_t *s = c->s;
    m.pre = i > 0 && s[i - 1] == 0x7B2C /* 第 */ ? BOYIN_NUM_NO_LIANG : 0;
    if (i >= 2 && (s[i - 1] == 0x5143 || s[i - 1] == 0x524D) && (s[i - 2] == 0x516C || s[i - 2] == 0x5143))
        m.pre = BOYIN_NUM_NO_LIANG; /* 公元221年, 公元前221年: a year is a name, not a count */
    for (size_t k = 0; k < sizeof NUMBER_RULES / sizeof NUMBER_RULES[0]; k++) {
        size_t end = NUMBER_RULES[k].fn(c, &m);
        if (end)
            return end;
    }
    return i + m.d1; /* not reached: read_quantity always applies */
}
