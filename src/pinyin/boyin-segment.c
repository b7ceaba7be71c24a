/*
 * boyin-segment - boyin's segmenter for scripts: cut lines of text into
 * words as the pronounce stage does, with the word list of a data folder.
 *
 *   boyin-segment [--features] DATA_DIR < sentences
 *
 * DATA_DIR holds voices/zh/pinyin-words.tsv (it need not be the installed
 * one: scripts/make-pinyin-data segments with the list it is building).
 * Each input line gives one output line:
 *   - the words separated by spaces: each stretch of Han characters cut
 *     into words, any other text as it is between them;
 *   - with --features, one tab-separated field per character (code point) of
 *     the line: for a Han character that stands as a word of its own, its
 *     context features as pinyin-context.tsv keys them (L:x R:x L2:xy R2:xy,
 *     space-separated), else nothing.
 * The text is not converted from Traditional and no user lexicon is read.
 * Exit status 0; 1 with one message on stderr when the data or stdin cannot
 * be read; 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "lines.h"
#include "polyphone.h"
#include "segment.h"
#include "utf8.h"

/* Print the stretch s (already cut) as words, or as feature fields. */
static void put_stretch(const boyin_stretch *s, int features, FILE *out)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!features) {
            if (i > 0 && s->wstart[i] == i)
                fputc(' ', out);
            fwrite(s->utf + s->off[i], 1, s->off[i + 1] - s->off[i], out);
            continue;
        }
        if (i > 0)
            fputc('\t', out);
        for (int f = 0; s->alone[i] && f < BOYIN_FEATURES; f++) {
            char key[BOYIN_FEATURE_MAX];
            size_t kl = boyin_polyphone_feature(s, i, f, key);
            size_t sp = (size_t)((char *)memchr(key, ' ', kl) - key); /* the key without "char " */
            fprintf(out, "%s%.*s", f ? " " : "", (int)(kl - sp - 1), key + sp + 1);
        }
    }
}

/* Cut and print the Han characters cps[0..n). */
static int segment_stretch(const boyin_segmenter *sg, const int32_t *cps, size_t n, int features, FILE *out)
{
    boyin_stretch s;
    boyin_word *w = malloc(n * sizeof *w);
    int st = w ? boyin_stretch_alloc(&s, n) : BOYIN_ENOMEM;
    if (st == BOYIN_OK) {
        s.n = n;
        memcpy(s.cp, cps, n * sizeof *cps);
        memcpy(s.orig, cps, n * sizeof *cps);
        boyin_stretch_set_utf(&s);
        st = boyin_segment_stretch(sg, NULL, &s, w);
    }
    if (st == BOYIN_OK)
        put_stretch(&s, features, out);
    if (w)
        boyin_stretch_free(&s);
    free(w);
    return st;
}

/* One line: stretches of Han characters cut, the rest passed on.  Words
 * mode: a space between words, runs of other text and the words around
 * them, the line's own spaces only separating.  Features mode: a tab
 * between the fields of two characters. */
static int segment_line(const boyin_segmenter *sg, const char *line, size_t len, int32_t *cps, int features,
                        FILE *out)
{
    int started = 0; /* something of the line was printed (features: a field) */
    int in_run = 0;  /* words mode: in a run of other text */
    int st = BOYIN_OK;
    for (size_t at = 0; at < len && st == BOYIN_OK;) {
        int32_t cp;
        size_t from = at, nh = boyin_segment_piece(line, len, &at, cps, &cp);
        if (nh) {
            if (started)
                fputc(features ? '\t' : ' ', out);
            st = segment_stretch(sg, cps, nh, features, out);
            started = 1;
            in_run = 0;
        } else if (features) {
            fputs(started ? "\t" : "", out);
            started = 1;
        } else if (boyin_utf8_is_space(cp)) {
            in_run = 0;
        } else {
            if (started && !in_run)
                fputc(' ', out);
            fwrite(line + from, 1, at - from, out);
            started = in_run = 1;
        }
    }
    fputc('\n', out);
    return st;
}

int main(int argc, char **argv)
{
    int features = argc == 3 && strcmp(argv[1], "--features") == 0;
    if (argc != 2 + features || argv[1 + features][0] == '-') {
        fprintf(stderr, "usage: boyin-segment [--features] DATA_DIR < sentences\n");
        return 2;
    }
    boyin_segmenter sg;
    char err[600] = "";
    if (boyin_segment_open(&sg, argv[1 + features], err, sizeof err)) {
        fprintf(stderr, "boyin-segment: %s\n", err);
        return 1;
    }
    int32_t *cps = malloc(BOYIN_MAX_STRETCH * sizeof *cps);
    boyin_lines lr = BOYIN_LINES_INIT;
    int st = cps ? BOYIN_OK : BOYIN_ENOMEM;
    char *line;
    while (st == BOYIN_OK && (line = boyin_lines_next(&lr, stdin)))
        st = segment_line(&sg, line, lr.len, cps, features, stdout);
    if (st == BOYIN_OK && !feof(stdin))
        st = ferror(stdin) ? BOYIN_EINPUT : BOYIN_ENOMEM;
    if (st)
        fprintf(stderr, "boyin-segment: stdin:%lu: %s\n", lr.line, boyin_strerror(st));
    boyin_lines_free(&lr);
    free(cps);
    boyin_segment_close(&sg);
    return st || fflush(stdout) ? 1 : 0;
}
