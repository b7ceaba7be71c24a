/*
 * boyin-tables - compile a data folder's tables for fast start (compiled.h).
 *
 *   boyin-tables DATA_DIR OUTPUT
 *
 * Reads the .tsv files of DATA_DIR/voices/zh with the loaders boyin itself
 * uses (so a bad line fails the build with its file and line, as it would
 * fail boyin) and writes their tables, in the order and form the loaders
 * give them, and an index of each sorted pinyin list (dict.h) to OUTPUT
 * (the build's voices/zh.bin), with the size and time of every .tsv it
 * read.  The build runs it whenever a .tsv changes.
 * Exit status 0; 1 with one message on stderr; 2 for a usage error.
 */
#include <stdio.h>

#include "boyin.h"
#include "compiled.h"
#include "dict.h"
#include "rules.h"
#include "wordtables.h"

/* The indexes of the three sorted lists (dict.h). */
static int compile_indexes(const char *dir, boyin_compiler *k, char *err, size_t errlen)
{
    static const char *const LISTS[][2] = {{"pinyin-words.tsv", "#boyin-pinyin-words\t"},
                                           {"pinyin-chars.tsv", "#boyin-pinyin-chars\t"},
                                           {"pinyin-context.tsv", "#boyin-pinyin-context\t"}};
    int st = BOYIN_OK;
    for (size_t i = 0; st == BOYIN_OK && i < 3; i++) {
        char path[4096];
        boyin_dict d;
        snprintf(path, sizeof path, "%s/voices/zh/%s", dir, LISTS[i][0]);
        if ((st = boyin_dict_open(&d, path, LISTS[i][1], err, errlen)) == BOYIN_OK)
            st = boyin_dict_compile(&d, LISTS[i][0], k);
        boyin_dict_close(&d);
    }
    return st;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: boyin-tables DATA_DIR OUTPUT\n");
        return 2;
    }
    const char *dir = argv[1], *out = argv[2];
    char err[4096] = "";
    boyin_wordtables w;
    boyin_rules r;
    boyin_compiler *k = NULL;
    int st = boyin_wordtables_load_tsv(&w, dir, err, sizeof err);
    if (st == BOYIN_OK && (st = boyin_rules_load_tsv(&r, dir, err, sizeof err)) != BOYIN_OK)
        boyin_wordtables_free(&w);
    if (st) {
        fprintf(stderr, "boyin-tables: %s\n", err[0] ? err : boyin_strerror(st));
        return 1;
    }
    st = boyin_compiler_create(dir, "zh", &k);
    if (st == BOYIN_OK)
        st = boyin_wordtables_compile(&w, k);
    if (st == BOYIN_OK)
        st = boyin_rules_compile(&r, k);
    if (st == BOYIN_OK)
        st = compile_indexes(dir, k, err, sizeof err);
    if (st == BOYIN_OK) {
        st = boyin_compiler_write(k, out, err, sizeof err);
        k = NULL;
    }
    boyin_compiler_destroy(k);
    boyin_wordtables_free(&w);
    boyin_rules_free(&r);
    if (st) {
        fprintf(stderr, "boyin-tables: %s\n", err[0] ? err : boyin_strerror(st));
        return 1;
    }
    return 0;
}
