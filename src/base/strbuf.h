/*
 * strbuf.h - a growable byte string for building spoken text.
 *
 * The buffer owns `s` (always NUL-terminated once anything was added);
 * free it with boyin_sb_free.  An allocation failure sets `failed` and
 * later appends do nothing, so callers check once at the end.
 */
#ifndef BOYIN_STRBUF_H
#define BOYIN_STRBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} boyin_sb;

void boyin_sb_add(boyin_sb *b, const char *s, size_t n);
void boyin_sb_adds(boyin_sb *b, const char *s);
void boyin_sb_addcp(boyin_sb *b, int32_t cp);
void boyin_sb_free(boyin_sb *b);

#endif
