/* dict.c - sorted word lists, memory-mapped and binary-searched in place. */
#include "dict.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"

int boyin_dict_open(boyin_dict *d, const char *path, const char *magic, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
        snprintf(err, errlen, "%s: cannot read the pronunciation data; reinstall boyin or set BOYIN_DATA_DIR", path);
        if (fd >= 0)
            close(fd);
        return BOYIN_EDATA;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "%s: cannot map the pronunciation data", path);
        return BOYIN_EDATA;
    }
    d->p = p;
    d->n = (size_t)st.st_size;
    const char *nl = memchr(d->p, '\n', d->n);
    size_t ml = strlen(magic);
    if (!nl || d->p[d->n - 1] != '\n' || (size_t)(nl - d->p) < ml || memcmp(d->p, magic, ml) != 0) {
        snprintf(err, errlen, "%s: not a boyin %s file (regenerate it with scripts/make-pinyin-data)", path, magic + 1);
        boyin_dict_close(d);
        return BOYIN_EDATA;
    }
    d->body = (size_t)(nl - d->p) + 1;
    size_t hl = d->body - 1 < sizeof d->header - 1 ? d->body - 1 : sizeof d->header - 1;
    memcpy(d->header, d->p, hl);
    d->header[hl] = '\0';
    return BOYIN_OK;
}

void boyin_dict_close(boyin_dict *d)
{
    if (d && d->p)
        munmap((void *)d->p, d->n);
    if (d)
        memset(d, 0, sizeof *d);
}

void boyin_dict_all(const boyin_dict *d, size_t *lo, size_t *hi)
{
    *lo = d->body;
    *hi = d->p ? d->n : d->body;
}

/* The start of the line holding byte `at` (not before lo). */
static size_t line_start(const boyin_dict *d, size_t at, size_t lo)
{
    while (at > lo && d->p[at - 1] != '\n')
        at--;
    return at;
}

static size_t line_end(const boyin_dict *d, size_t at)
{
    const char *nl = memchr(d->p + at, '\n', d->n - at);
    return nl ? (size_t)(nl - d->p) + 1 : d->n;
}

/* The entry at `at` against the prefix key[0..klen): <0 before every entry
 * with that prefix, 0 with it, >0 after. */
static int cmp_prefix(const boyin_dict *d, size_t at, const char *key, size_t klen)
{
    size_t i = 0;
    for (; i < klen; i++) {
        unsigned char a = (unsigned char)d->p[at + i];
        unsigned char b = (unsigned char)key[i];
        if (a == '\t' || a == '\n')
            return -1; /* the entry's key is a shorter prefix of key */
        if (a != b)
            return a < b ? -1 : 1;
    }
    return 0;
}

int boyin_dict_narrow(const boyin_dict *d, const char *key, size_t klen, size_t *lo, size_t *hi)
{
    size_t a = *lo, b = *hi;
    while (a < b) { /* first entry not before the prefix */
        size_t s = line_start(d, a + (b - a) / 2, a);
        if (cmp_prefix(d, s, key, klen) < 0)
            a = line_end(d, s);
        else
            b = s;
    }
    size_t first = a;
    b = *hi;
    while (a < b) { /* first entry after the prefix */
        size_t s = line_start(d, a + (b - a) / 2, a);
        if (cmp_prefix(d, s, key, klen) <= 0)
            a = line_end(d, s);
        else
            b = s;
    }
    *lo = first;
    *hi = a;
    return first < a;
}

const char *boyin_dict_exact(const boyin_dict *d, size_t at, const char *key, size_t klen, size_t *len)
{
    if (at + klen >= d->n || cmp_prefix(d, at, key, klen) != 0 || d->p[at + klen] != '\t')
        return NULL;
    size_t e = line_end(d, at + klen);
    *len = e - (at + klen + 1) - (d->p[e - 1] == '\n');
    return d->p + at + klen + 1;
}

const char *boyin_dict_find(const boyin_dict *d, const char *key, size_t klen, size_t *len)
{
    size_t lo, hi;
    boyin_dict_all(d, &lo, &hi);
    if (!boyin_dict_narrow(d, key, klen, &lo, &hi))
        return NULL;
    return boyin_dict_exact(d, lo, key, klen, len);
}

size_t boyin_dict_check(const boyin_dict *d)
{
    size_t prev = 0, have = 0, line = 1;
    for (size_t at = d->body; at < d->n; at = line_end(d, at)) {
        line++;
        if (have) {
            size_t i = 0;
            for (;;) {
                unsigned char a = (unsigned char)d->p[prev + i], b = (unsigned char)d->p[at + i];
                int ea = a == '\t' || a == '\n', eb = b == '\t' || b == '\n';
                if (ea || eb) {
                    if (!ea || eb)
                        return line; /* equal keys or a longer key first */
                    break;
                }
                if (a != b) {
                    if (a > b)
                        return line;
                    break;
                }
                i++;
            }
        }
        prev = at;
        have = 1;
    }
    return 0;
}
