/* compiled.c - compiled data folders: checked, mapped, sections found; and written. */
#include "compiled.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"
#include "grow.h"

#ifndef BOYIN_BUILD_DATADIR
#define BOYIN_BUILD_DATADIR "."
#endif
#ifndef BOYIN_SOURCE_DATADIR
#define BOYIN_SOURCE_DATADIR "."
#endif

static const char MAGIC[8] = {'B', 'O', 'Y', 'I', 'N', 'T', 'A', 'B'};
#define BYTE_ORDER_MARK 0x01020304u
#define CHECKED_FROM offsetof(boyin_compiled_header, nsources)

/* 64-bit FNV-1a over 64-bit words: the file is read 8 bytes at a time (its
 * length is a multiple of 8), a few microseconds for the whole of it. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3u;
    }
    return h;
}

int boyin_compiled_string_ok(const unsigned char *s, size_t len, size_t at)
{
    return at < len && memchr(s + at, '\0', len - at) != NULL;
}

typedef enum { USE_AUTO, USE_OFF, USE_REQUIRE } policy;

static policy use_policy(void)
{
    const char *v = getenv("BOYIN_COMPILED_DATA");
    if (v && strcmp(v, "off") == 0)
        return USE_OFF;
    if (v && strcmp(v, "require") == 0)
        return USE_REQUIRE;
    return USE_AUTO;
}

/* Whether the mapped file p[0..n) is whole, of this version, and made from
 * the .tsv files now in `folder`; the reason in why when not. */
static int usable(const unsigned char *p, size_t n, const char *folder, char *why, size_t whylen)
{
    boyin_compiled_header h;
    if (n < sizeof h || memcmp(p, MAGIC, sizeof MAGIC) != 0) {
        snprintf(why, whylen, "not a compiled boyin data file");
        return 0;
    }
    memcpy(&h, p, sizeof h);
    if (h.byte_order != BYTE_ORDER_MARK || h.version != BOYIN_COMPILED_VERSION) {
        snprintf(why, whylen, "compiled for another version of boyin or another kind of machine");
        return 0;
    }
    if (h.length != n || n % 8 || checksum(p + CHECKED_FROM, n - CHECKED_FROM) != h.checksum) {
        snprintf(why, whylen, "damaged (its length or checksum is wrong)");
        return 0;
    }
    if ((uint64_t)h.sources + (uint64_t)h.nsources * sizeof(boyin_compiled_source) > n ||
        (uint64_t)h.sections + (uint64_t)h.nsections * sizeof(boyin_compiled_section_entry) > n ||
        h.sources % 8 || h.sections % 8) {
        snprintf(why, whylen, "damaged (a table of contents is out of bounds)");
        return 0;
    }
    const boyin_compiled_section_entry *sec = (const void *)(p + h.sections);
    for (uint32_t i = 0; i < h.nsections; i++)
        if (!boyin_compiled_string_ok(p, n, sec[i].name) || sec[i].offset % 8 ||
            (uint64_t)sec[i].offset + sec[i].length > n) {
            snprintf(why, whylen, "damaged (section %u is out of bounds)", (unsigned)i);
            return 0;
        }
    const boyin_compiled_source *src = (const void *)(p + h.sources);
    for (uint32_t i = 0; i < h.nsources; i++) {
        const char *name = (const char *)p + src[i].name;
        if (!boyin_compiled_string_ok(p, n, src[i].name) || strchr(name, '/')) {
            snprintf(why, whylen, "damaged (source %u)", (unsigned)i);
            return 0;
        }
        char path[PATH_MAX];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", folder, name) >= (int)sizeof path || stat(path, &st) != 0 ||
            (uint64_t)st.st_size != src[i].size || (int64_t)st.st_mtime != src[i].mtime) {
            snprintf(why, whylen, "older than %s (changed since it was compiled: build again, and install again "
                     "if installed)", name);
            return 0;
        }
    }
    return 1;
}

/* Map `path` if it is usable for `folder`: 1 and c set; 0 with why; -1
 * when there is no such file. */
static int try_map(boyin_compiled *c, const char *path, const char *folder, char *why, size_t whylen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size < UINT32_MAX)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        snprintf(why, whylen, "cannot be read");
        return 0;
    }
    if (!usable(p, (size_t)st.st_size, folder, why, whylen)) {
        munmap(p, (size_t)st.st_size);
        return 0;
    }
    c->p = p;
    c->n = (size_t)st.st_size;
    snprintf(c->path, sizeof c->path, "%s", path);
    return 1;
}

/* Map a usable file for `dir` (compiled.h); the policy says what none is. */
static int open_new(boyin_compiled *c, const char *data_dir, const char *folder, const char *dir, policy use,
                    char *err, size_t errlen)
{
    char path[PATH_MAX + 16], first[PATH_MAX + 16] = "", why[PATH_MAX + 128] = "";
    /* Beside the folder (an installed data folder); for the source tree's
     * folder, the build tree's.  Either is used only if it was compiled
     * from exactly the .tsv files in `dir`. */
    struct stat a, b;
    int source = stat(data_dir, &a) == 0 && stat(BOYIN_SOURCE_DATADIR, &b) == 0 && a.st_dev == b.st_dev &&
                 a.st_ino == b.st_ino;
    const char *roots[] = {data_dir, BOYIN_BUILD_DATADIR};
    for (size_t i = 0; i < 1u + source; i++) {
        snprintf(path, sizeof path, "%s/voices/%s.bin", roots[i], folder);
        char w[PATH_MAX + 128];
        int r = try_map(c, path, dir, w, sizeof w);
        if (r > 0)
            return BOYIN_OK;
        if (r == 0 && !first[0]) {
            snprintf(first, sizeof first, "%s", path);
            snprintf(why, sizeof why, "%s", w);
        }
    }
    if (first[0])
        snprintf(err, errlen, "%s: %s", first, why);
    else
        snprintf(err, errlen, "%s/voices/%s.bin: no such file (built by `cmake --build`)", data_dir, folder);
    if (use == USE_REQUIRE) {
        size_t l = strlen(err);
        snprintf(err + l, errlen > l ? errlen - l : 0, "; BOYIN_COMPILED_DATA=require");
        return BOYIN_EDATA;
    }
    return BOYIN_OK;
}

/* The loaders of one session (the normalizer's word tables, the
 * pronouncer's rules) open the same file one after the other: the first
 * maps and checks it, the others share that mapping, which is unmapped
 * when the last closes. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char dir[PATH_MAX];
    boyin_compiled c;
    unsigned refs;
} g_shared;

int boyin_compiled_open(boyin_compiled *c, const char *data_dir, const char *folder, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    policy use = use_policy();
    char dir[PATH_MAX];
    if (use == USE_OFF) {
        snprintf(err, errlen, "compiled data not used (BOYIN_COMPILED_DATA=off)");
        return BOYIN_OK;
    }
    snprintf(dir, sizeof dir, "%s/voices/%s", data_dir, folder);
    pthread_mutex_lock(&g_lock);
    int st = BOYIN_OK;
    if (g_shared.refs && strcmp(g_shared.dir, dir) == 0) {
        *c = g_shared.c;
        g_shared.refs++;
    } else if ((st = open_new(c, data_dir, folder, dir, use, err, errlen)) == BOYIN_OK && c->p && !g_shared.refs) {
        snprintf(g_shared.dir, sizeof g_shared.dir, "%s", dir);
        g_shared.c = *c;
        g_shared.refs = 1;
    }
    pthread_mutex_unlock(&g_lock);
    return st;
}

void boyin_compiled_close(boyin_compiled *c)
{
    if (!c || !c->p)
        return;
    pthread_mutex_lock(&g_lock);
    int shared = g_shared.refs && g_shared.c.p == c->p;
    if (!shared || --g_shared.refs == 0)
        munmap((void *)c->p, c->n);
    pthread_mutex_unlock(&g_lock);
    c->p = NULL;
    c->n = 0;
}

const unsigned char *boyin_compiled_section(const boyin_compiled *c, const char *name, size_t *len)
{
    if (!c->p)
        return NULL;
    boyin_compiled_header h;
    memcpy(&h, c->p, sizeof h);
    const boyin_compiled_section_entry *sec = (const void *)(c->p + h.sections);
    for (uint32_t i = 0; i < h.nsections; i++)
        if (strcmp((const char *)c->p + sec[i].name, name) == 0) {
            *len = sec[i].length;
            return c->p + sec[i].offset;
        }
    return NULL;
}

/* ---- writing -------------------------------------------------------------- */

size_t boyin_blob_add(boyin_blob *b, const void *p, size_t n, size_t align)
{
    size_t at = (b->len + align - 1) / align * align;
    if (b->failed || boyin_grow(&b->b, &b->cap, at + n, 1)) {
        b->failed = 1;
        return 0;
    }
    memset(b->b + b->len, 0, at - b->len);
    if (p)
        memcpy(b->b + at, p, n);
    else
        memset(b->b + at, 0, n);
    b->len = at + n;
    return at;
}

size_t boyin_blob_string(boyin_blob *b, const char *s)
{
    return boyin_blob_add(b, s, strlen(s) + 1, 1);
}

void boyin_blob_free(boyin_blob *b)
{
    free(b->b);
    memset(b, 0, sizeof *b);
}

typedef struct {
    char *name;
    boyin_blob body;
} section;

typedef struct {
    char *name;
    uint64_t size;
    int64_t mtime;
} source;

struct boyin_compiler {
    char dir[PATH_MAX];
    source *src;
    size_t nsrc, src_cap;
    section *sec;
    size_t nsec, sec_cap;
};

int boyin_compiler_create(const char *data_dir, const char *folder, boyin_compiler **out)
{
    boyin_compiler *k = calloc(1, sizeof *k);
    *out = k;
    if (!k)
        return BOYIN_ENOMEM;
    snprintf(k->dir, sizeof k->dir, "%s/voices/%s", data_dir, folder);
    return BOYIN_OK;
}

int boyin_compiler_source(boyin_compiler *k, const char *file)
{
    char path[PATH_MAX + 256];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", k->dir, file);
    if (stat(path, &st) != 0)
        return BOYIN_EDATA;
    if (boyin_grow(&k->src, &k->src_cap, k->nsrc + 1, sizeof *k->src))
        return BOYIN_ENOMEM;
    source *s = &k->src[k->nsrc];
    if (!(s->name = strdup(file)))
        return BOYIN_ENOMEM;
    s->size = (uint64_t)st.st_size;
    s->mtime = (int64_t)st.st_mtime;
    k->nsrc++;
    return BOYIN_OK;
}

int boyin_compiler_section(boyin_compiler *k, const char *name, const void *p, size_t n)
{
    if (boyin_grow(&k->sec, &k->sec_cap, k->nsec + 1, sizeof *k->sec))
        return BOYIN_ENOMEM;
    section *s = &k->sec[k->nsec];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return BOYIN_ENOMEM;
    boyin_blob_add(&s->body, p, n, 8);
    k->nsec++;
    return s->body.failed ? BOYIN_ENOMEM : BOYIN_OK;
}

void boyin_compiler_destroy(boyin_compiler *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->nsrc; i++)
        free(k->src[i].name);
    for (size_t i = 0; i < k->nsec; i++) {
        free(k->sec[i].name);
        boyin_blob_free(&k->sec[i].body);
    }
    free(k->src);
    free(k->sec);
    free(k);
}

/* The whole file in one blob. */
static int assemble(const boyin_compiler *k, boyin_blob *f)
{
    boyin_compiled_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    h.version = BOYIN_COMPILED_VERSION;
    h.byte_order = BYTE_ORDER_MARK;
    h.nsources = (uint32_t)k->nsrc;
    h.nsections = (uint32_t)k->nsec;
    boyin_blob_add(f, &h, sizeof h, 8);
    h.sources = (uint32_t)boyin_blob_add(f, NULL, k->nsrc * sizeof(boyin_compiled_source), 8);
    h.sections = (uint32_t)boyin_blob_add(f, NULL, k->nsec * sizeof(boyin_compiled_section_entry), 8);
    for (size_t i = 0; i < k->nsrc; i++) {
        boyin_compiled_source s = {(uint32_t)boyin_blob_string(f, k->src[i].name), 0, k->src[i].size, k->src[i].mtime};
        if (!f->failed)
            memcpy(f->b + h.sources + i * sizeof s, &s, sizeof s);
    }
    for (size_t i = 0; i < k->nsec; i++) {
        uint32_t name = (uint32_t)boyin_blob_string(f, k->sec[i].name);
        uint32_t at = (uint32_t)boyin_blob_add(f, k->sec[i].body.b, k->sec[i].body.len, 8);
        boyin_compiled_section_entry e = {name, at, (uint32_t)k->sec[i].body.len, 0};
        if (!f->failed)
            memcpy(f->b + h.sections + i * sizeof e, &e, sizeof e);
    }
    boyin_blob_add(f, NULL, 0, 8);
    if (f->failed || f->len >= UINT32_MAX)
        return BOYIN_ENOMEM;
    h.length = (uint32_t)f->len;
    memcpy(f->b, &h, sizeof h); /* the offsets first: they are under the checksum */
    h.checksum = checksum(f->b + CHECKED_FROM, f->len - CHECKED_FROM);
    memcpy(f->b, &h, sizeof h);
    return BOYIN_OK;
}

int boyin_compiler_write(boyin_compiler *k, const char *path, char *err, size_t errlen)
{
    boyin_blob f = {0};
    int st = assemble(k, &f);
    boyin_compiler_destroy(k);
    if (st) {
        boyin_blob_free(&f);
        snprintf(err, errlen, "out of memory");
        return st;
    }
    char tmp[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *o = fopen(tmp, "wb");
    int ok = o && fwrite(f.b, 1, f.len, o) == f.len;
    if (o && fclose(o) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    boyin_blob_free(&f);
    return ok ? BOYIN_OK : BOYIN_EOUTPUT;
}
