/*
 * dict.h - a sorted word list, memory-mapped and searched in place.
 *
 * The file is UTF-8 text: a header line starting with `#`, then one entry a
 * line, `key<TAB>fields...`, sorted by the bytes of the key (what
 * scripts/make-pinyin-data writes).  Opening maps the file and checks the
 * header; nothing is parsed or copied, so opening takes microseconds however
 * big the file is.  A dict owns its mapping; boyin_dict_close releases it
 * (a zeroed dict may be closed).
 *
 * A binary search over the text touches a new page at almost every step,
 * and on the benchmark machine a page touched for the first time costs
 * about 20 us: most of the time `boyin --pinyin` spends on a sentence.  So
 * the compiled tables (compiled.h) also hold an index of each list, the
 * first bytes of the key of the first entry in each 4 KB of it: a search
 * over the whole list first bounds its range with the index (a few pages,
 * the same for every search) and then searches the text only there.  The
 * results are the same with it and without it.
 */
#ifndef BOYIN_DICT_H
#define BOYIN_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "compiled.h"

/* An index entry: the first entry that starts in a 4 KB block of the list
 * (at, a byte offset) and the first bytes of its key (NUL after a shorter
 * key). */
typedef struct {
    char key[12];
    uint32_t at;
} boyin_dict_block;

typedef struct {
    const char *p; /* the mapped file */
    size_t n;      /* its length */
    size_t body;   /* offset of the first entry */
    char header[128]; /* the header line, NUL-terminated (cut if longer) */
    const boyin_dict_block *index; /* in `compiled`, or NULL */
    size_t nindex;
    boyin_compiled compiled;
} boyin_dict;

/* Map `path`; its first line must start with `magic`.  BOYIN_EDATA with a
 * message naming the file in err otherwise. */
int boyin_dict_open(boyin_dict *d, const char *path, const char *magic, char *err, size_t errlen);
void boyin_dict_close(boyin_dict *d);

/* Take the index of <data_dir>/voices/zh/<file> from the compiled tables
 * when they are usable and hold one for this very file (its size and time
 * are among their sources); otherwise searches go without it. */
void boyin_dict_use_index(boyin_dict *d, const char *data_dir, const char *file);

/* Add the index of the opened list <file> to a compiled file (with the
 * file among its sources).  BOYIN_ENOMEM, BOYIN_EDATA. */
int boyin_dict_compile(const boyin_dict *d, const char *file, boyin_compiler *k);

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
