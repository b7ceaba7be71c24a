/* utf8.c - decode stage on top of utf8proc. */
#include "utf8.h"

#include <utf8proc.h>

int boyin_utf8_next(const uint8_t *s, size_t n, int32_t *cp)
{
    if (n == 0)
        return 0;
    int need = utf8proc_utf8class[s[0]];
    if (need <= 0)
        return -1;
    if ((size_t)need > n) {
        /* Incomplete so far; reject early if a byte already seen is not a
         * continuation byte, so the error offset points at the bad byte. */
        for (size_t i = 1; i < n; i++)
            if ((s[i] & 0xC0) != 0x80)
                return -1;
        return 0;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(s, need, &c);
    if (len != need || c < 0)
        return -1;
    *cp = c;
    return need;
}

int boyin_utf8_encode(int32_t cp, uint8_t *out)
{
    return (int)utf8proc_encode_char(cp, out);
}

int boyin_utf8_is_newline(int32_t cp)
{
    return cp == '\n' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

int boyin_utf8_is_space(int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\r' || boyin_utf8_is_newline(cp) || cp == 0xFEFF)
        return 1;
    if (cp < 0x80)
        return 0;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

int boyin_utf8_is_hspace(int32_t cp)
{
    return boyin_utf8_is_space(cp) && !boyin_utf8_is_newline(cp);
}

int boyin_utf8_is_alnum(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO
        ? 1 : (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

int boyin_utf8_is_latin_alnum(int32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF5A)   /* full-width digits and letters */
        cp -= 0xFEE0;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    /* Latin-1 supplement and Latin Extended letters (é, ü, ...). */
    return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

int boyin_utf8_is_han(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

int boyin_utf8_enclosed(int32_t cp, int32_t *out, int max)
{
    if (!((cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x3251 && cp <= 0x325F) || (cp >= 0x32B1 && cp <= 0x32BF)))
        return 0;
    int last;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, out, max, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
    return n > 0 && n <= max ? (int)n : 0;
}

int boyin_utf8_is_binary(int32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != 0x0B && cp != 0x0C && cp != '\r') ||
           cp == 0x7F;
}
