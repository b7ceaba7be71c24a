/* dict.c - sorted word lists, memory-mapped and binary-searched in place. */
#include "dict.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"
#include "compiled.h"

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
    if (d) {
        boyin_compiled_close(&d->compiled);
        memset(d, 0, sizeof *d);
    }
}

#define BLOCK 4096

static size_t line_end(const boyin_dict *d, size_t at);

/* The index section: how many blocks, then one boyin_dict_block each. */
typedef struct {
    uint32_t n, zero;
} index_head;

int boyin_dict_compile(const boyin_dict *d, const char *file, boyin_compiler *k)
{
    boyin_blob b = {0};
    index_head h = {0, 0};
    boyin_blob_add(&b, &h, sizeof h, 8);
    size_t prev = 0;
    for (size_t at = d->body; at < d->n; at += BLOCK) {
        size_t s = at == d->body ? at : line_end(d, at - 1); /* the first line that starts at or after `at` */
        if (s >= d->n || (h.n && s == prev))
            continue;
        boyin_dict_block blk;
        memset(&blk, 0, sizeof blk);
        for (size_t i = 0; i < sizeof blk.key && s + i < d->n && d->p[s + i] != '\t' && d->p[s + i] != '\n'; i++)
            blk.key[i] = d->p[s + i];
        blk.at = (uint32_t)s;
        boyin_blob_add(&b, &blk, sizeof blk, 4);
        prev = s;
        h.n++;
    }
    if (!b.failed)
        memcpy(b.b, &h, sizeof h);
    char name[256];
    snprintf(name, sizeof name, "%s.index", file);
    int st = b.failed || d->n > UINT32_MAX ? BOYIN_ENOMEM : boyin_compiler_source(k, file);
    if (st == BOYIN_OK)
        st = boyin_compiler_section(k, name, b.b, b.len);
    boyin_blob_free(&b);
    return st;
}

void boyin_dict_use_index(boyin_dict *d, const char *data_dir, const char *file)
{
    char err[512], name[256];
    if (!d->p || boyin_compiled_open(&d->compiled, data_dir, "zh", err, sizeof err) || !d->compiled.p)
        return;
    snprintf(name, sizeof name, "%s.index", file);
    size_t len = 0;
    const unsigned char *s = boyin_compiled_section(&d->compiled, name, &len);
    index_head h = {0, 0};
    if (s && len >= sizeof h)
        memcpy(&h, s, sizeof h);
    const boyin_dict_block *v = s ? (const void *)(s + sizeof h) : NULL;
    /* The offsets must rise inside the list (the sources check says the
     * index was made from this very file). */
    int ok = s && len >= sizeof h && h.n > 0 && h.n <= (len - sizeof h) / sizeof *v;
    for (uint32_t i = 0; ok && i < h.n; i++)
        ok = v[i].at >= d->body && v[i].at < d->n && (i == 0 || v[i].at > v[i - 1].at);
    if (!ok) {
        boyin_compiled_close(&d->compiled);
        return;
    }
    d->index = v;
    d->nindex = h.n;
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

/* A block's first key against the prefix key[0..klen), as cmp_prefix; 2
 * when the index cannot tell (its bytes agree and key is longer). */
static int cmp_block(const boyin_dict_block *blk, const char *key, size_t klen)
{
    for (size_t i = 0; i < klen; i++) {
        if (i == sizeof blk->key)
            return 2;
        unsigned char a = (unsigned char)blk->key[i], b = (unsigned char)key[i];
        if (a == 0)
            return -1; /* the entry's key is a shorter prefix of key */
        if (a != b)
            return a < b ? -1 : 1;
    }
    return 0;
}

/* Bound [*lo, *hi) (the whole list) by the index: from the last block that
 * starts before every entry with the prefix to the first block that starts
 * after them all.  The entries in between are in order, so the searches
 * below find what they would find in the whole list. */
static void bound_by_index(const boyin_dict *d, const char *key, size_t klen, size_t *lo, size_t *hi)
{
    size_t a = 0, b = d->nindex;
    while (a < b) { /* first block not known to be before the prefix */
        size_t m = a + (b - a) / 2;
        if (cmp_block(&d->index[m], key, klen) < 0)
            a = m + 1;
        else
            b = m;
    }
    if (a > 0)
        *lo = d->index[a - 1].at;
    b = d->nindex;
    while (a < b) { /* first block known to be after it */
        size_t m = a + (b - a) / 2;
        if (cmp_block(&d->index[m], key, klen) != 1)
            a = m + 1;
        else
            b = m;
    }
    if (a < d->nindex)
        *hi = d->index[a].at;
}

int boyin_dict_narrow(const boyin_dict *d, const char *key, size_t klen, size_t *lo, size_t *hi)
{
    if (d->index && *lo == d->body && *hi == d->n)
        bound_by_index(d, key, klen, lo, hi);
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
