/* quantity.c - numbers as written in the text, with their units (see quantity.h). */
#include "quantity.h"

#include <string.h>

#include "numbers.h"
#include "utf8.h"

void boyin_qty_say_duration(boyin_reading *c, size_t i, size_t n, const char *unit1, size_t m, const char *unit2)
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

void boyin_qty_parse(boyin_reading *c, size_t i, boyin_qty *m)
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

void boyin_qty_say(boyin_reading *c, const boyin_qty *m, int flags)
{
    if (!c->cfg->liang)
        flags |= BOYIN_NUM_NO_LIANG;
    if (m->nf)
        boyin_num_decimal(&c->out, m->ip, m->ni, m->fp, m->nf);
    else
        boyin_num_cardinal(&c->out, m->ip, m->ni, flags);
}

void boyin_qty_say_percent(boyin_reading *c, const boyin_qty *m, int32_t sign)
{
    say(c, sign == 0x2030 ? "千分之" : sign == 0x2031 ? "万分之" : "百分之");
    if (!m->nf && m->ni == 3 && memcmp(m->ip, "100", 3) == 0)
        say(c, "百"); /* 百分之百 */
    else
        boyin_qty_say(c, m, 0);
}

/* Only a Latin unit may stand after a space, and not before more letters
 * (5G, 3am); a measure word counts unless not-measure.tsv has a longer word
 * there (2年级). */
int boyin_qty_unit(const boyin_reading *c, size_t j, const boyin_entry **unit, size_t *after)
{
    const boyin_wordtables *tb = c->tb;
    *unit = NULL;
    *after = j;
    size_t k = at(c, j, ' ') ? j + 1 : j;
    const boyin_entry *u = boyin_table_prefix(&tb->units, c->s, c->n, k);
    if (u && k == j + 1 && !is_latin(boyin_entry_key(u)[0]))
        u = NULL; /* only Latin units may stand after a space */
    if (u && is_latin(boyin_entry_key(u)[u->klen - 1]) && k + u->klen < c->n &&
        (is_latin(c->s[k + u->klen]) || is_d(c->s[k + u->klen])))
        u = NULL; /* 5G, 3am: not a unit */
    if (u) {
        *unit = u;
        *after = k + u->klen;
        return BOYIN_NUM_MEASURE;
    }
    const boyin_entry *me = boyin_table_prefix(&tb->measure, c->s, c->n, j);
    const boyin_entry *nm = boyin_table_prefix(&tb->not_measure, c->s, c->n, j);
    return me && !(nm && nm->klen >= me->klen) ? BOYIN_NUM_MEASURE : 0;
}

size_t boyin_qty_say_code(boyin_reading *c, size_t i, int yao)
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

int boyin_qty_is_temperature(boyin_reading *c, size_t i)
{
    boyin_qty a;
    boyin_qty_parse(c, i, &a);
    size_t j = a.end;
    /* -3~5℃, -5~-1℃: the unit is after the range. */
    if (j + 1 < c->n && is_range_sign(c->s[j])) {
        size_t k = j + 1 + (c->s[j + 1] == '-');
        if (k < c->n && is_d(c->s[k])) {
            boyin_qty_parse(c, k, &a);
            j = a.end;
        }
    }
    const boyin_entry *unit;
    size_t after;
    boyin_qty_unit(c, j, &unit, &after);
    return unit && strstr(boyin_entry_value(unit), "度") != NULL;
}

size_t boyin_qty_money(boyin_reading *c, size_t i, const boyin_entry *cur)
{
    size_t k = i + cur->klen;
    if (at(c, k, ' '))
        k++;
    boyin_qty a;
    boyin_qty_parse(c, k, &a);
    boyin_qty_say(c, &a, BOYIN_NUM_MEASURE);
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
    for (const char *p = boyin_entry_value(cur); *p && wl < 8;) {
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
        say(c, boyin_entry_value(cur));
    return k;
}
