/* syllable.c - pinyin syllables: tone marks to tone numbers, tones read and set. */
#include "syllable.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

int boyin_syllable_parse(const char *s, size_t n, char out[BOYIN_SYL])
{
    static const char *const marks[] = {"āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù", "ǖǘǚǜ"};
    static const char bases[] = "aeiouv";
    size_t w = 0;
    int tone = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') {
            if (tone)
                return 0; /* letters after the tone digit */
            if (c == 'u' && i + 1 < n && s[i + 1] == ':') {
                c = 'v';
                i++;
            }
            if (w + 2 >= BOYIN_SYL)
                return 0;
            out[w++] = (char)c;
            i++;
            continue;
        }
        if (c >= '1' && c <= '5' && !tone && w > 0) {
            tone = c - '0';
            i++;
            continue;
        }
        int32_t cp;
        int m = boyin_utf8_next((const uint8_t *)s + i, n - i, &cp);
        if (m <= 0)
            return 0;
        int found = 0;
        if (cp == 0xFC || cp == 0xDC) { /* ü Ü */
            if (w + 2 >= BOYIN_SYL)
                return 0;
            out[w++] = 'v';
            found = 1;
        }
        for (int b = 0; b < 6 && !found; b++) {
            const char *p = marks[b];
            for (int t = 0; t < 4 && !found; t++) {
                int32_t mc;
                int ml = boyin_utf8_next((const uint8_t *)p, strlen(p), &mc);
                if (ml <= 0)
                    break;
                if (mc == cp) {
                    if (tone || w + 2 >= BOYIN_SYL)
                        return 0;
                    out[w++] = bases[b];
                    tone = -(t + 1); /* a mark: more letters may follow */
                    found = 1;
                }
                p += ml;
            }
        }
        if (!found)
            return 0;
        i += (size_t)m;
    }
    if (w == 0)
        return 0;
    if (tone < 0)
        tone = -tone;
    out[w++] = (char)('0' + (tone ? tone : 5));
    out[w] = '\0';
    return 1;
}

int boyin_syllable_tone(const char *syl)
{
    size_t n = strlen(syl);
    while (n > 0 && syl[n - 1] == 'r')
        n--;
    return n > 0 && syl[n - 1] >= '1' && syl[n - 1] <= '5' ? syl[n - 1] - '0' : 5;
}

void boyin_syllable_set_tone(char *syl, int tone)
{
    size_t n = strlen(syl);
    if (n > 0 && syl[n - 1] >= '1' && syl[n - 1] <= '5')
        syl[n - 1] = (char)('0' + tone);
}
