/*
 * dict.h - a sorted word list, memory-mapped and searched in place.
 *
 * The file is UTF-8 text: a header line starting with `#`, then one entry a
 * line, `key<TAB>fields...`, sorted by the bytes of the key (what
 * scripts/make-pinyin-data writes).  Opening maps the file and checks the
 * header; nothing is parsed or copied, so opening takes microseconds however
 * big the file is.  A dict owns its mapping; boyin_dict_close releases it
 * (a zeroed dict may be closed).
 */
#ifndef BOYIN_DICT_H
#define BOYIN_DICT_H

#include <stddef.h>

typedef struct {
    const char *p; /* the mapped file */
    size_t n;      /* its length */
    size_t body;   /* offset of the first entry */
    char header[128]; /* the header line, NUL-terminated (cut if longer) */
} boyin_dict;

/* Map `path`; its first line must start with `magic`.  BOYIN_EDATA with a
 * message naming the file in err otherwise. */
int boyin_dict_open(boyin_dict *d, const char *path, const char *magic, char *err, size_t errlen);
void boyin_dict_close(boyin_dict *d);

/* The whole file as a range of entries: [*lo, *hi) in byte offsets. */
void boyin_dict_all(const boyin_dict *d, size_t *lo, size_t *hi);

/* Narrow the range [*lo, *hi) to the entries whose key starts with
 * key[0..klen); returns 0 when none does (the range is then empty).
 * Narrowing with longer and longer prefixes walks a word lattice in
 * O(log n) per step. */
int boyin_dict_narrow(const boyin_dict *d, const char *key, size_t klen, size_t *lo, size_t *hi);

/* When the entry at `at` has exactly the key key[0..klen), a pointer to the
 * rest of its line (after the tab) and its length in *len; else NULL. */
const char *boyin_dict_exact(const boyin_dict *d, size_t at, const char *key, size_t klen, size_t *len);

/* The rest of the line of the entry whose key is exactly key[0..klen)
 * (after the tab; its length in *len), or NULL. */
const char *boyin_dict_find(const boyin_dict *d, const char *key, size_t klen, size_t *len);

/* Check the order of every entry (for tests): 0 when sorted, else the
 * 1-based line number of the first entry out of order. */
size_t boyin_dict_check(const boyin_dict *d);

#endif
