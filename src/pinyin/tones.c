/* tones.c - 一/不 tone changes, formal-register neutral tones, erhua. */
#include "tones.h"

#include <stdint.h>
#include <string.h>

#include "charclass.h"

/* The numeral and magnitude sets shared with the splitter and normalizer. */
static int is_numeral(int32_t cp)
{
    return cp >= 0 && boyin_char_is((uint32_t)cp, BOYIN_CC_HAN_NUMERAL);
}

static int is_big_unit(int32_t cp)
{
    return cp >= 0 && boyin_char_is((uint32_t)cp, BOYIN_CC_HAN_MAGNITUDE);
}

/* 一 and 不 change tone before another syllable: yi2/bu2 before a fourth
 * tone, yi4 before the others, also inside numbers before 百千万亿 (一千一百
 * yi4 qian1 yi4 bai3).  Otherwise 一 keeps yi1 as a digit: read digit by digit
 * (一九九零), after a numeral, 百千万亿, 第, 月 or 比 (十一, 一百一十一, 第一,
 * 二月一日, 零比一; at the start of a word too: 一百一十一家), before 比, 至 or
 * a decimal point (一比零, 一至七月, 一点四亿), after one (四点一万), and at
 * the end. */
void boyin_tones_change(boyin_stretch *s)
{
    for (size_t i = 0; i < s->n; i++) {
        int32_t c = s->cp[i];
        if ((c != 0x4E00 && c != 0x4E0D) || s->fixed[i]) /* 一 不 */
            continue;
        int32_t next_cp = i + 1 < s->n ? s->cp[i + 1] : 0;
        if (c == 0x4E00 && s->wstart[i] == i && !(is_big_unit(next_cp) && !(i > 0 && s->cp[i - 1] == 0x5341))) {
            int32_t prev = i > 0 ? s->cp[i - 1] : 0;
            /* after 比 only in a score (三比一), not 一天比一天 */
            int score = prev == 0x6BD4 && i >= 2 && is_numeral(s->cp[i - 2]);
            int digit = (prev && (is_numeral(prev) || is_big_unit(prev) || prev == 0x7B2C || prev == 0x6708)) /* 第 月 */
                        || score
                        || next_cp == 0x6BD4 || next_cp == 0x81F3 /* 比 至 */
                        || (next_cp == 0x70B9 && i + 2 < s->n && is_numeral(s->cp[i + 2])); /* 点 */
            if (digit) {
                boyin_syllable_set_tone(s->syl[i], 1);
                continue;
            }
        }
        int decimal = c == 0x4E00 && i >= 2 && s->cp[i - 1] == 0x70B9 && is_numeral(s->cp[i - 2]); /* 四点一万 */
        if (decimal) {
            boyin_syllable_set_tone(s->syl[i], 1);
            continue;
        }
        if (c == 0x4E00 && is_big_unit(next_cp) && !(i > 0 && s->cp[i - 1] == 0x5341)) {
            /* 一百, and 一千一百 inside words too; not 十一亿 */
            boyin_syllable_set_tone(s->syl[i], boyin_syllable_tone(s->syl[i + 1]) == 4 ? 2 : 4);
            continue;
        }
        if (!s->alone[i] || i + 1 >= s->n)
            continue; /* inside a word: the word list's reading; last: citation tone */
        int next = boyin_syllable_tone(s->syl[i + 1]);
        if (c == 0x4E0D) {
            boyin_syllable_set_tone(s->syl[i], next == 4 ? 2 : 4);
            continue;
        }
        if (is_numeral(next_cp))
            continue; /* 一九九零 */
        boyin_syllable_set_tone(s->syl[i], next == 4 || next == 5 ? 2 : 4);
    }
}

int boyin_tones_erhua(const boyin_stretch *s, size_t i)
{
    static const int32_t particles[] = {0x7684, 0x4E86, 0x5462, 0x5427, 0x554A, 0x5417, 0x4E5F, 0x90FD, 0x5C31,
                                        0x662F}; /* 的了呢吧啊吗也都就是 */
    if (s->cp[i] != 0x513F || !s->alone[i] || i == 0 || !s->syl[i - 1][0])
        return 0;
    if (i + 1 == s->n)
        return 1;
    for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
        if (s->cp[i + 1] == particles[k])
            return 1;
    return 0;
}

/* Copy syllable `at` of the space-separated syllables in list to syl, when
 * it is there and fits. */
static void syllable_at(const char *list, size_t at, char *syl)
{
    for (size_t q = 0; q < at && list; q++) {
        list = strchr(list, ' ');
        list = list ? list + 1 : NULL;
    }
    size_t sl = list ? strcspn(list, " ") : 0;
    if (sl > 0 && sl < BOYIN_SYL) {
        memcpy(syl, list, sl);
        syl[sl] = '\0';
    }
}

/* Give the neutral syllable syl (n bytes) the tone of cp's first reading
 * with the same letters, if it has one. */
static void own_tone(const boyin_readings *rd, int32_t cp, char *syl, size_t n)
{
    size_t len;
    const char *e = boyin_readings_entry(rd, cp, &len);
    const char *end = e ? memchr(e, '\t', len) : NULL;
    if (!end)
        end = e ? e + len : NULL;
    for (const char *r = e; r && r < end;) {
        const char *sp = memchr(r, ' ', (size_t)(end - r));
        size_t rl = (size_t)((sp ? sp : end) - r);
        if (rl == n && memcmp(r, syl, n - 1) == 0 && r[n - 1] >= '1' && r[n - 1] <= '4') {
            syl[n - 1] = r[n - 1];
            break;
        }
        r = sp ? sp + 1 : end;
    }
}

void boyin_tones_formal(const boyin_rules *r, const boyin_readings *rd, boyin_stretch *s, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        char *syl = s->syl[k];
        size_t n = strlen(syl);
        if (n < 2 || syl[n - 1] != '5')
            continue; /* not neutral, or erhua (na3r) */
        /* a listed word covering k inside this one (很漂亮 holds 漂亮) */
        const boyin_entry *listed = NULL;
        size_t at = 0; /* k's place in it */
        for (size_t x = a; x <= k && !listed; x++) {
            const boyin_entry *e = boyin_table_prefix(&r->neutral, s->cp, b, x);
            if (e && e->klen >= 2 && x + e->klen > k) {
                listed = e;
                at = k - x;
            }
        }
        if (listed && boyin_rules_neutral_kind(r, listed) == BOYIN_NEUTRAL_FORMAL) {
            syllable_at(boyin_entry_extra(listed), at, syl);
            continue;
        }
        if (listed)
            continue;
        if (k > a && s->cp[k] == s->cp[k - 1])
            continue;
        const boyin_entry *light = boyin_table_prefix(&r->neutral, s->cp, k + 1, k);
        if (light && boyin_rules_neutral_kind(r, light) == BOYIN_NEUTRAL_LIGHT)
            continue;
        own_tone(rd, s->cp[k], syl, n);
    }
}
