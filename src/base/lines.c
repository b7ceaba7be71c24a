/* lines.c - lines of any length, numbered. */
#include "lines.h"

#include <stdlib.h>
#include <sys/types.h>

#include "boyin.h"

char *boyin_lines_next(boyin_lines *r, FILE *f)
{
    ssize_t n = getline(&r->buf, &r->cap, f);
    if (n < 0)
        return NULL;
    r->line++;
    if (n > 0 && r->buf[n - 1] == '\n')
        r->buf[--n] = '\0';
    if (n > 0 && r->buf[n - 1] == '\r')
        r->buf[--n] = '\0';
    r->len = (size_t)n;
    return r->buf;
}

int boyin_lines_end(FILE *f)
{
    if (ferror(f))
        return BOYIN_EDATA;
    return feof(f) ? BOYIN_OK : BOYIN_ENOMEM; /* getline stopped short of the end */
}

void boyin_lines_free(boyin_lines *r)
{
    free(r->buf);
    r->buf = NULL;
    r->cap = r->len = 0;
}
