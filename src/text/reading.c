/* reading.c - a text as code points mapped to its bytes, and what is said
 * for it mapped back (see reading.h). */
#include "reading.h"

#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "utf8.h"

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

/* Decode and fold.  ． ： ∶ ／ between digits are a decimal point, a time or
 * ratio colon and a fraction bar; elsewhere they stay Chinese punctuation.
 * A full-width comma between digits is a thousands separator (１，２８６),
 * unless a score follows it (3∶1，107∶98). */
int boyin_reading_load(boyin_reading *c, const char *text)
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

void boyin_reading_note(boyin_reading *c, size_t out_start, size_t from, size_t to)
{
    if (c->out.len <= out_start)
        return; /* nothing said (a byline dropped), or a break taken back */
    if (c->npieces == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 32;
        boyin_piece *np = realloc(c->pieces, nc * sizeof *np);
        if (!np) {
            c->out.failed = 1;
            return;
        }
        c->pieces = np;
        c->cap = nc;
    }
    c->pieces[c->npieces++] = (boyin_piece){out_start, c->out.len, from, to};
}

int boyin_reading_tidy(boyin_reading *c)
{
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
        boyin_piece *pc = &c->pieces[k];
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

void boyin_reading_source(const boyin_reading *c, size_t b0, size_t b1, size_t *off, size_t *len)
{
    size_t from = SIZE_MAX, to = 0;
    for (size_t k = 0; k < c->npieces; k++) {
        const boyin_piece *pc = &c->pieces[k];
        if (pc->out_end > b0 && pc->out_start < b1) {
            from = pc->from < from ? pc->from : from;
            to = pc->to > to ? pc->to : to;
        }
    }
    *off = from == SIZE_MAX ? 0 : c->at_byte[from];
    *len = from == SIZE_MAX ? 0 : c->at_byte[to] - *off;
}

void boyin_reading_free(boyin_reading *c)
{
    free(c->s);
    free(c->scratch);
    free(c->at_byte);
    free(c->pieces);
}
