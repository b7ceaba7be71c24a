/* readings.c - single characters' readings, looked up in the mapped pinyin-chars.tsv. */
#include "readings.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "utf8.h"

int boyin_readings_open(boyin_readings *r, const char *data_dir, char *err, size_t errlen)
{
    char path[PATH_MAX];
    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s/voices/zh/pinyin-chars.tsv", data_dir);
    int st = boyin_dict_open(&r->dict, path, "#boyin-pinyin-chars\t", err, errlen);
    if (st == BOYIN_OK)
        boyin_dict_use_index(&r->dict, data_dir, "pinyin-chars.tsv");
    return st;
}

void boyin_readings_close(boyin_readings *r)
{
    boyin_dict_close(&r->dict);
    free(r->syllables);
    r->syllables = NULL;
    r->nsyllables = 0;
}

const char *boyin_readings_entry(const boyin_readings *r, int32_t cp, size_t *len)
{
    uint8_t key[4];
    int kl = boyin_utf8_encode(cp, key);
    return boyin_dict_find(&r->dict, (const char *)key, (size_t)kl, len);
}

int boyin_readings_first(const boyin_readings *r, int32_t cp, char out[BOYIN_SYL])
{
    size_t len;
    const char *e = boyin_readings_entry(r, cp, &len);
    if (!e)
        return 0;
    size_t k = 0;
    while (k < len && e[k] != ' ' && e[k] != '\t')
        k++;
    if (k == 0 || k >= BOYIN_SYL)
        return 0;
    memcpy(out, e, k);
    out[k] = '\0';
    return 1;
}

int boyin_readings_traditional(const boyin_readings *r, int32_t cp)
{
    size_t len;
    const char *e = boyin_readings_entry(r, cp, &len);
    const char *tab = e ? memchr(e, '\t', len) : NULL;
    return tab && memchr(tab, 't', len - (size_t)(tab - e)) != NULL;
}

static int cmp_syl(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Every reading of the file without its tone, sorted and unique.  Built
 * only when a user lexicon is read: plain news never needs it. */
static int build_syllables(boyin_readings *rd)
{
    size_t cap = 2048;
    rd->syllables = malloc(cap * BOYIN_SYL);
    if (!rd->syllables)
        return 0;
    const char *a = rd->dict.p + rd->dict.body, *end = rd->dict.p + rd->dict.n;
    while (a < end) { /* char<TAB>readings<TAB>flags */
        const char *nl = memchr(a, '\n', (size_t)(end - a));
        const char *t1 = memchr(a, '\t', (size_t)((nl ? nl : end) - a));
        const char *r = t1 ? t1 + 1 : NULL;
        while (r && r < (nl ? nl : end) && *r != '\t') {
            size_t k = 0;
            while (r + k < end && r[k] != ' ' && r[k] != '\t' && r[k] != '\n')
                k++;
            if (k >= 2 && k < BOYIN_SYL) {
                if (rd->nsyllables == cap) {
                    char (*ns)[BOYIN_SYL] = realloc(rd->syllables, cap * 2 * BOYIN_SYL);
                    if (!ns) { /* no half-built set: the next call tries again */
                        free(rd->syllables);
                        rd->syllables = NULL;
                        rd->nsyllables = 0;
                        return 0;
                    }
                    rd->syllables = ns;
                    cap *= 2;
                }
                memcpy(rd->syllables[rd->nsyllables], r, k - 1); /* without the tone */
                rd->syllables[rd->nsyllables++][k - 1] = '\0';
            }
            r += k + (r[k] == ' ');
        }
        a = nl ? nl + 1 : end;
    }
    qsort(rd->syllables, rd->nsyllables, BOYIN_SYL, cmp_syl);
    size_t w = 0;
    for (size_t i = 0; i < rd->nsyllables; i++)
        if (!w || strcmp(rd->syllables[w - 1], rd->syllables[i]) != 0)
            memcpy(rd->syllables[w++], rd->syllables[i], BOYIN_SYL);
    rd->nsyllables = w;
    return 1;
}

int boyin_readings_known(boyin_readings *r, const char *syl)
{
    if (!r->syllables && !build_syllables(r))
        return 0;
    char base[BOYIN_SYL];
    size_t n = strlen(syl);
    memcpy(base, syl, n - 1);
    base[n - 1] = '\0';
    return bsearch(base, r->syllables, r->nsyllables, BOYIN_SYL, cmp_syl) != NULL;
}
