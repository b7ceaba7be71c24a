/* strbuf.c - growable byte string. */
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void boyin_sb_add(boyin_sb *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->failed = 1;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void boyin_sb_adds(boyin_sb *b, const char *s)
{
    boyin_sb_add(b, s, strlen(s));
}

void boyin_sb_addcp(boyin_sb *b, int32_t cp)
{
    uint8_t u[4];
    boyin_sb_add(b, (const char *)u, (size_t)boyin_utf8_encode(cp, u));
}

void boyin_sb_free(boyin_sb *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}
