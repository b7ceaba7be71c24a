/* normalize.c - the normalize stage: one scan over the text, each step
 * saying what is written there (see normalize.h).  Numbers go to
 * numrules.c, bylines to credits.c, Latin runs to runs.c. */
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "credits.h"
#include "numrules.h"
#include "quantity.h"
#include "reading.h"
#include "runs.h"
#include "utf8.h"
#include "wordtables.h"

struct boyin_normalizer {
    boyin_normalize_config cfg;
    boyin_wordtables tb;
};

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
    int st = boyin_wordtables_load(&nz->tb, data_dir, err, errlen);
    if (st) {
        free(nz);
        return st;
    }
    *out = nz;
    return BOYIN_OK;
}

void boyin_normalizer_destroy(boyin_normalizer *nz)
{
    if (!nz)
        return;
    boyin_wordtables_free(&nz->tb);
    free(nz);
}

/* A reading of text with nz's config and tables (reading.h). */
static int start_reading(const boyin_normalizer *nz, boyin_reading *r, const char *text)
{
    memset(r, 0, sizeof *r);
    r->cfg = &nz->cfg;
    r->tb = &nz->tb;
    return boyin_reading_load(r, text);
}

/* A '/' between a number's unit and another unit (元/平方米, 次/分钟):
 * a number stands at most three characters before it, a word after it. */
static int per_unit(const boyin_reading *c, size_t i)
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
static size_t step(boyin_reading *c, size_t i)
{
    const boyin_wordtables *tb = c->tb;
    const int32_t *s = c->s;
    size_t n = c->n;
    int32_t cp = s[i];
    if (is_open(cp) && run(c, i + 1) == 4 && i + 5 < n && is_close(s[i + 5])) {
        say_digits(c, i + 1, 4, 0); /* 苏政发〔2023〕12号, (2023)京01民初123号: the year */
        say(c, " ");
        return i + 6;
    }
    if (!c->cfg->read_all) {
        size_t skip = is_open(cp) ? boyin_credit_group(c, i) : 0;
        size_t len = skip ? skip + 1 - i : boyin_credit_furniture(c, i);
        if (len) {
            return i + len; /* bylines and furniture inside a chunk are not read */
        }
    }
    if (is_d(cp)) {
        i = boyin_numrules_read(c, i);
        c->last_number = 1;
        return i;
    }
    const boyin_entry *cur = boyin_table_prefix(&tb->currency, s, n, i);
    if (cur && (i == 0 || !is_latin(s[i - 1]))) {
        size_t k = i + cur->klen + at(c, i + cur->klen, ' ');
        if (k < n && is_d(s[k])) {
            i = boyin_qty_money(c, i, cur);
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
            boyin_qty b;
            boyin_qty_parse(c, k, &b);
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
        const boyin_entry *u = boyin_table_prefix(&tb->units, s, n, i);
        size_t end = u ? i + u->klen : 0;
        if (u && !(end < n && (is_latin(s[end]) || is_d(s[end])))) {
            say(c, boyin_entry_value(u)); /* 1.2亿kWh 一点二亿千瓦时 */
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
    if (cp == '-' && i + 1 < n && is_d(s[i + 1]) && boyin_table_suffix(&tb->model_prefixes, s, i)) {
        return i + 1; /* 歼-20 歼二十: a model, not a minus */
    }
    if (cp == '-' && i + 1 < n && is_d(s[i + 1])) {
        if (i > 0 && is_latin(s[i - 1])) {
            say(c, " "); /* COVID-19 */
            i++;
            return i;
        }
        if (!(i > 0 && (is_d(s[i - 1]) || boyin_utf8_is_latin_alnum(s[i - 1])))) {
            say(c, c->cfg->below_zero && boyin_qty_is_temperature(c, i + 1) ? "零下" : "负");
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
        const boyin_entry *u = boyin_table_prefix(&tb->units, s, n, i + 1);
        size_t end = u ? i + 1 + u->klen : 0;
        if (u && is_latin(boyin_entry_key(u)[0]) && !(end < n && (is_latin(s[end]) || is_d(s[end])))) {
            say(c, boyin_entry_value(u));
            i = end;
        } else {
            i++;
        }
        return i;
    }
    const boyin_entry *sym = boyin_table_prefix(&tb->symbols, s, n, i);
    if (sym) {
        size_t k = i + sym->klen;
        while (k < n && s[k] == ' ')
            k++;
        if (sym->extra_kind == BOYIN_SYMBOL_NUMBER && c->last_number && k < n && is_d(s[k])) {
            if (c->out.len > 0 && c->out.s[c->out.len - 1] == ' ')
                c->out.s[--c->out.len] = '\0'; /* 3 + 2: no break around the word */
            say(c, boyin_entry_value(sym));
            i = k;
            return i;
        }
        if (sym->extra_kind == BOYIN_SYMBOL_BEFORE && k < n && is_d(s[k])) {
            if (c->out.len > 0 && c->out.s[c->out.len - 1] == ' ')
                c->out.s[--c->out.len] = '\0';
            say(c, boyin_entry_value(sym)); /* ≥60 大于等于六十, ±0.5 正负零点五 */
            return k;
        }
        if (sym->extra_kind == BOYIN_SYMBOL_WORD && !(i > 0 && is_d(s[i - 1]))) {
            if (strcmp(boyin_entry_value(sym), "_") != 0)
                say(c, boyin_entry_value(sym));
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

/* Say the whole text, step by step, noting what each step said. */
static int normalize(boyin_reading *c)
{
    for (size_t i = 0; i < c->n;) {
        size_t out_start = c->out.len, from = i;
        i = step(c, i);
        boyin_reading_note(c, out_start, from, i);
    }
    return boyin_reading_tidy(c);
}

int boyin_normalize_text(const boyin_normalizer *nz, const char *text, char **spoken)
{
    boyin_reading c;
    *spoken = NULL;
    int st = start_reading(nz, &c, text);
    if (st == BOYIN_OK)
        st = normalize(&c);
    boyin_reading_free(&c);
    if (st) {
        boyin_sb_free(&c.out);
        return st;
    }
    *spoken = c.out.s;
    return BOYIN_OK;
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
    boyin_reading x;
    int st = start_reading(nz, &x, c->text);
    if (st == BOYIN_OK && !nz->cfg.read_all && boyin_credit_chunk(&x)) {
        boyin_reading_free(&x);
        return mark_skipped(c);
    }
    if (st == BOYIN_OK)
        st = normalize(&x);
    if (st == BOYIN_OK && !nz->cfg.read_all && !has_words(x.out.s) && has_words(c->text)) {
        boyin_reading_free(&x);
        boyin_sb_free(&x.out); /* nothing but a byline or furniture was in it */
        return mark_skipped(c);
    }
    if (st == BOYIN_OK) {
        free(c->spoken);
        c->spoken = x.out.s;
        x.out.s = NULL;
        st = boyin_runs_split(&nz->tb, c, &x);
    }
    boyin_sb_free(&x.out);
    boyin_reading_free(&x);
    return st;
}
