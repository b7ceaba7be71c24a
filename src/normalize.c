/* normalize.c - normalize stage (whitespace only for now). */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "utf8.h"

/* Symbols that eSpeak-NG's Mandarin voices read as English words ("/" is
 * "slash"), and what is said instead when they stand between words (文/黄伟
 * is read with a break).  Between digits they are left for the number rules. */
static const struct {
    int32_t cp;
    const char *say;
} SYMBOLS[] = {
    {'/', " "},
    {0xFF0F, " "}, /* full-width solidus */
    {'\\', " "},
    {'|', " "},
};

static const char *symbol_reading(int32_t cp)
{
    for (size_t i = 0; i < sizeof SYMBOLS / sizeof SYMBOLS[0]; i++)
        if (SYMBOLS[i].cp == cp)
            return SYMBOLS[i].say;
    return NULL;
}

int boyin_normalize_chunk(boyin_chunk *c)
{
    size_t n = strlen(c->text);
    char *out = malloc(n + 1);
    if (!out)
        return BOYIN_ENOMEM;
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = 0, len = 0;
    int32_t prev = 0;
    while (i < n) {
        int32_t cp;
        int r = boyin_utf8_next(s + i, n - i, &cp);
        if (r <= 0) { /* text came from the decoder, so this cannot happen */
            free(out);
            return BOYIN_EUTF8;
        }
        const char *say = symbol_reading(cp);
        if (say && !boyin_utf8_is_digit(prev)) {
            /* Replacements are never longer than the symbol they replace. */
            size_t k = strlen(say);
            if (!(say[0] == ' ' && len > 0 && out[len - 1] == ' ')) {
                memcpy(out + len, say, k);
                len += k;
            }
            i += (size_t)r;
            prev = ' ';
            continue;
        }
        if (!(cp == ' ' && len > 0 && out[len - 1] == ' ')) {
            memcpy(out + len, s + i, (size_t)r);
            len += (size_t)r;
        }
        i += (size_t)r;
        prev = cp;
    }
    out[len] = '\0';
    free(c->spoken);
    c->spoken = out;
    return BOYIN_OK;
}
