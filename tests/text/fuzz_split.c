/*
 * fuzz_split.c - the text stages against any bytes.
 *
 * The first byte picks max_chars and --join-lines, the second how the rest
 * is cut into pushes.  Checks: no crash or hang, every chunk non-empty and
 * within max_chars, spans in order and inside the input, normalize and
 * pronounce accept every chunk (Mandarin runs get pinyin), and the chunks do not depend on how the bytes arrived.
 *
 * Built as a libFuzzer target with -DBOYIN_FUZZ=ON (clang); otherwise a
 * replay program that runs every file named on its command line or found in
 * the folders named there (the committed corpus runs in the normal tests).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "normalize.h"
#include "pronounce.h"
#include "split.h"

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "fuzz_split: check failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                                 \
        }                                                                            \
    } while (0)

static boyin_normalizer *g_nz;
static boyin_pronouncer *g_pr;

typedef struct {
    char *text;
    uint64_t off, len;
    int end;
} seen;

/* Split data in pushes of `step` bytes; returns the status and the chunks. */
static int run(const boyin_split_config *cfg, const uint8_t *data, size_t n, size_t step, seen **out, size_t *count)
{
    boyin_splitter *sp;
    CHECK(boyin_splitter_create(cfg, &sp) == BOYIN_OK);
    boyin_splitter_begin_item(sp);
    int st = BOYIN_OK;
    size_t k = 0, cap = 16;
    seen *v = malloc(cap * sizeof *v);
    uint64_t last_end = 0;
    for (size_t at = 0;; at += step) {
        if (st == BOYIN_OK)
            st = at < n ? boyin_splitter_push(sp, data + at, n - at < step ? n - at : step) : boyin_splitter_finish(sp);
        boyin_chunk *c;
        while (boyin_splitter_next(sp, &c) == BOYIN_OK) {
            size_t chars = 0;
            for (const char *p = c->text; *p; p++)
                chars += ((unsigned char)*p & 0xC0) != 0x80 && *p != ' ';
            CHECK(chars > 0 && chars <= cfg->max_chars);
            CHECK(c->source_offset >= last_end && c->source_offset + c->source_length <= n);
            last_end = c->source_offset + c->source_length;
            CHECK(boyin_normalize_chunk(g_nz, c) == BOYIN_OK);
            CHECK(boyin_pronounce_chunk(g_pr, c) == BOYIN_OK);
            for (size_t r = 0; r < c->nruns; r++)
                CHECK(c->runs[r].english ? c->runs[r].pinyin == NULL : c->runs[r].pinyin != NULL);
            if (k == cap)
                v = realloc(v, (cap *= 2) * sizeof *v);
            v[k].text = strdup(c->text);
            v[k].off = c->source_offset;
            v[k].len = c->source_length;
            v[k].end = c->end;
            k++;
            boyin_chunk_destroy(c);
        }
        if (st != BOYIN_OK || at >= n)
            break;
    }
    boyin_splitter_destroy(sp);
    *out = v;
    *count = k;
    return st;
}

static void free_seen(seen *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].text);
    free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    if (!g_nz) {
        char err[700];
        CHECK(boyin_normalizer_create(BOYIN_SOURCE_DIR, NULL, &g_nz, err, sizeof err) == BOYIN_OK);
        CHECK(boyin_pronouncer_create(BOYIN_SOURCE_DIR, NULL, 0, &g_pr, err, sizeof err) == BOYIN_OK);
    }
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    cfg.max_chars = 8 + data[0] % 64;
    cfg.join_lines = data[0] >= 128;
    size_t step = 1 + data[1] % 17;
    data += 2;
    size = size - 2;
    seen *a, *b;
    size_t na, nb;
    int sa = run(&cfg, data, size, size ? size : 1, &a, &na);
    int sb = run(&cfg, data, size, step, &b, &nb);
    CHECK(sa == sb);
    if (sa == BOYIN_OK) { /* on an error the chunks before it may differ in number */
        CHECK(na == nb);
        for (size_t i = 0; i < na; i++)
            CHECK(strcmp(a[i].text, b[i].text) == 0 && a[i].off == b[i].off && a[i].len == b[i].len &&
                  a[i].end == b[i].end);
    }
    free_seen(a, na);
    free_seen(b, nb);
    return 0;
}

#ifndef BOYIN_FUZZING
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    return 1;
}

int main(int argc, char **argv)
{
    int files = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            files += replay_file(argv[i]);
            continue;
        }
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                files += replay_file(path);
            }
        closedir(d);
    }
    printf("fuzz_split: replayed %d inputs\n", files);
    return files > 0 ? 0 : 1;
}
#endif
