/* hanconv.c - OpenCC behind a character-aligned interface. */
#include "hanconv.h"

#include <opencc/opencc.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "dynlib.h"
#include "strbuf.h"
#include "utf8.h"

/* OpenCC's functions, loaded with the converter's first Traditional text
 * (dynlib.h): OpenCC brings in the C++ runtime and marisa. */
#define OPENCC_FUNCTIONS(X) X(opencc_open) X(opencc_close) X(opencc_convert_utf8) X(opencc_convert_utf8_free)
static struct { OPENCC_FUNCTIONS(BOYIN_DYNLIB_POINTER) } cc;
static const char *const OPENCC_NAMES[] = {OPENCC_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(cc, OPENCC_NAMES);
static boyin_dynlib OPENCC = {BOYIN_OPENCC_SONAME, OPENCC_NAMES, &cc, 0, ""};

struct boyin_hanconv {
    char config[64];
    opencc_t cc; /* (opencc_t)-1 until opened */
};

int boyin_hanconv_create(const char *config, boyin_hanconv **out)
{
    boyin_hanconv *h = calloc(1, sizeof *h);
    if (!h)
        return BOYIN_ENOMEM;
    strncpy(h->config, config, sizeof h->config - 1);
    h->cc = (opencc_t)-1;
    *out = h;
    return BOYIN_OK;
}

void boyin_hanconv_destroy(boyin_hanconv *h)
{
    if (!h)
        return;
    if (h->cc != (opencc_t)-1)
        cc.opencc_close(h->cc);
    free(h);
}

/* UTF-8 of s[0..n), converted; the code points go to out (at most max);
 * returns how many, or -1 on failure. */
static long convert(boyin_hanconv *h, const int32_t *s, size_t n, int32_t *out, size_t max)
{
    boyin_sb b = {0};
    for (size_t i = 0; i < n; i++)
        boyin_sb_addcp(&b, s[i]);
    if (b.failed)
        return -1;
    char *r = cc.opencc_convert_utf8(h->cc, b.s, b.len);
    boyin_sb_free(&b);
    if (!r)
        return -1;
    size_t len = strlen(r), k = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)r + i, len - i, &cp);
        if (m <= 0 || k == max) {
            k = max + 1; /* not what we can align */
            break;
        }
        out[k++] = cp;
        i += (size_t)m;
    }
    cc.opencc_convert_utf8_free(r);
    return (long)k;
}

int boyin_hanconv_t2s(boyin_hanconv *h, int32_t *s, size_t n)
{
    if (n == 0)
        return BOYIN_OK;
    if (h->cc == (opencc_t)-1) {
        if (boyin_dynlib_load(&OPENCC, NULL, 0))
            return BOYIN_EDATA;
        h->cc = cc.opencc_open(h->config);
        if (h->cc == (opencc_t)-1)
            return BOYIN_EDATA;
    }
    int32_t *t = malloc(n * sizeof *t);
    if (!t)
        return BOYIN_ENOMEM;
    long k = convert(h, s, n, t, n);
    if (k == (long)n) {
        memcpy(s, t, n * sizeof *s);
    } else {
        for (size_t i = 0; i < n; i++) {
            int32_t one;
            if (convert(h, s + i, 1, &one, 1) == 1)
                s[i] = one;
        }
    }
    free(t);
    return BOYIN_OK;
}
