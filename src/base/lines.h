/*
 * lines.h - the one line reader for boyin's data files and lexicons.
 *
 * Lines of any length (getline underneath), numbered from 1, with the line
 * break ("\n" or "\r\n") removed.  A reader owns its buffer; the line it
 * returns is valid until the next call; boyin_lines_free releases it (safe
 * on a reader that never read, and twice).
 */
#ifndef BOYIN_LINES_H
#define BOYIN_LINES_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *buf;
    size_t cap;
    size_t len;         /* bytes in the line returned last */
    unsigned long line; /* its number, from 1 */
} boyin_lines;

#define BOYIN_LINES_INIT {0, 0, 0, 0}

/* The next line of f, NUL-terminated (it may hold NUL bytes: r->len says
 * how long it is); NULL at the end of the file, on a read error (ferror(f)
 * tells) or when out of memory (errno ENOMEM). */
char *boyin_lines_next(boyin_lines *r, FILE *f);

/* Why boyin_lines_next returned NULL: BOYIN_OK at the end of the file,
 * BOYIN_EDATA on a read error, BOYIN_ENOMEM when a line did not fit in
 * memory. */
int boyin_lines_end(FILE *f);

void boyin_lines_free(boyin_lines *r);

#endif
