/* charclass.c - character classes (see charclass.h): one sorted table. */
#include "charclass.h"

#include <stddef.h>

#define OPEN_B (BOYIN_CC_OPEN | BOYIN_CC_BRACKET)
#define CLOSE_B (BOYIN_CC_CLOSE | BOYIN_CC_BRACKET)

/* Sorted by code point, ranges not overlapping: the lookup is a binary
 * search, so a character out of order would silently lose its class. */
static const struct {
    uint32_t lo, hi;
    unsigned flags;
} CLASSES[] = {
    {'!', '!', BOYIN_CC_STOP},
    {'(', '(', OPEN_B},
    {')', ')', CLOSE_B},
    {',', ',', BOYIN_CC_COMMA},
    {'-', '-', BOYIN_CC_RANGE},
    {'0', '9', BOYIN_CC_DIGIT},
    {':', ':', BOYIN_CC_COLON},
    {';', ';', BOYIN_CC_SEMICOLON},
    {'?', '?', BOYIN_CC_STOP},
    {'[', '[', OPEN_B},
    {']', ']', CLOSE_B},
    {'~', '~', BOYIN_CC_RANGE},
    {0x2013, 0x2013, BOYIN_CC_RANGE},                 /* – en dash */
    {0x2014, 0x2014, BOYIN_CC_DASH | BOYIN_CC_RANGE}, /* — em dash */
    {0x2015, 0x2015, BOYIN_CC_DASH},                  /* ― */
    {0x2018, 0x2018, BOYIN_CC_OPEN},                  /* ‘ */
    {0x2019, 0x2019, BOYIN_CC_CLOSE},                 /* ’ */
    {0x201C, 0x201C, BOYIN_CC_OPEN},                  /* “ */
    {0x201D, 0x201D, BOYIN_CC_CLOSE},                 /* ” */
    {0x2026, 0x2026, BOYIN_CC_ELLIPSIS},              /* … */
    {0x203C, 0x203C, BOYIN_CC_STOP},                  /* ‼ */
    {0x2047, 0x2047, BOYIN_CC_STOP},                  /* ⁇ */
    {0x2049, 0x2049, BOYIN_CC_STOP},                  /* ⁉ */
    {0x22EF, 0x22EF, BOYIN_CC_ELLIPSIS},              /* ⋯ */
    {0x3001, 0x3001, BOYIN_CC_COMMA},                 /* 、 */
    {0x3002, 0x3002, BOYIN_CC_STOP},                  /* 。 */
    {0x3007, 0x3007, BOYIN_CC_HAN_NUMERAL},           /* 〇 */
    {0x3008, 0x3008, BOYIN_CC_OPEN},                  /* 〈 */
    {0x3009, 0x3009, BOYIN_CC_CLOSE},                 /* 〉 */
    {0x300A, 0x300A, BOYIN_CC_OPEN},                  /* 《 */
    {0x300B, 0x300B, BOYIN_CC_CLOSE},                 /* 》 */
    {0x300C, 0x300C, BOYIN_CC_OPEN},                  /* 「 */
    {0x300D, 0x300D, BOYIN_CC_CLOSE},                 /* 」 */
    {0x300E, 0x300E, BOYIN_CC_OPEN},                  /* 『 */
    {0x300F, 0x300F, BOYIN_CC_CLOSE},                 /* 』 */
    {0x3010, 0x3010, OPEN_B},                         /* 【 */
    {0x3011, 0x3011, CLOSE_B},                        /* 】 */
    {0x3014, 0x3014, OPEN_B},                         /* 〔 */
    {0x3015, 0x3015, CLOSE_B},                        /* 〕 */
    {0x3016, 0x3016, OPEN_B},                         /* 〖 */
    {0x3017, 0x3017, CLOSE_B},                        /* 〗 */
    {0x301C, 0x301C, BOYIN_CC_RANGE},                 /* 〜 wave dash */
    {0x4E00, 0x4E00, BOYIN_CC_HAN_NUMERAL},           /* 一 */
    {0x4E03, 0x4E03, BOYIN_CC_HAN_NUMERAL},           /* 七 */
    {0x4E07, 0x4E07, BOYIN_CC_HAN_MAGNITUDE},         /* 万 */
    {0x4E09, 0x4E09, BOYIN_CC_HAN_NUMERAL},           /* 三 */
    {0x4E24, 0x4E24, BOYIN_CC_HAN_NUMERAL},           /* 两 */
    {0x4E5D, 0x4E5D, BOYIN_CC_HAN_NUMERAL},           /* 九 */
    {0x4E8C, 0x4E8C, BOYIN_CC_HAN_NUMERAL},           /* 二 */
    {0x4E94, 0x4E94, BOYIN_CC_HAN_NUMERAL},           /* 五 */
    {0x4EBF, 0x4EBF, BOYIN_CC_HAN_MAGNITUDE},         /* 亿 */
    {0x5104, 0x5104, BOYIN_CC_HAN_MAGNITUDE},         /* 億 */
    {0x516B, 0x516B, BOYIN_CC_HAN_NUMERAL},           /* 八 */
    {0x516D, 0x516D, BOYIN_CC_HAN_NUMERAL},           /* 六 */
    {0x5341, 0x5341, BOYIN_CC_HAN_NUMERAL},           /* 十 */
    {0x5343, 0x5343, BOYIN_CC_HAN_MAGNITUDE},         /* 千 */
    {0x56DB, 0x56DB, BOYIN_CC_HAN_NUMERAL},           /* 四 */
    {0x5E7A, 0x5E7A, BOYIN_CC_HAN_NUMERAL},           /* 幺 */
    {0x767E, 0x767E, BOYIN_CC_HAN_MAGNITUDE},         /* 百 */
    {0x842C, 0x842C, BOYIN_CC_HAN_MAGNITUDE},         /* 萬 */
    {0x96F6, 0x96F6, BOYIN_CC_HAN_NUMERAL},           /* 零 */
    {0xFF01, 0xFF01, BOYIN_CC_STOP},                  /* ！ */
    {0xFF02, 0xFF02, BOYIN_CC_CLOSE},                 /* ＂ */
    {0xFF08, 0xFF08, OPEN_B},                         /* （ */
    {0xFF09, 0xFF09, CLOSE_B},                        /* ） */
    {0xFF0C, 0xFF0C, BOYIN_CC_COMMA},                 /* ， */
    {0xFF0E, 0xFF0E, BOYIN_CC_STOP},                  /* ． (a decimal point between digits: the stages decide) */
    {0xFF10, 0xFF19, BOYIN_CC_DIGIT},                 /* ０-９ */
    {0xFF1A, 0xFF1A, BOYIN_CC_COLON},                 /* ： */
    {0xFF1B, 0xFF1B, BOYIN_CC_SEMICOLON},             /* ； */
    {0xFF1F, 0xFF1F, BOYIN_CC_STOP},                  /* ？ */
    {0xFF3B, 0xFF3B, OPEN_B},                         /* ［ */
    {0xFF3D, 0xFF3D, CLOSE_B},                        /* ］ */
    {0xFF5B, 0xFF5B, OPEN_B},                         /* ｛ */
    {0xFF5D, 0xFF5D, CLOSE_B},                        /* ｝ */
    {0xFF5E, 0xFF5E, BOYIN_CC_RANGE},                 /* ～ */
    {0xFF61, 0xFF61, BOYIN_CC_STOP},                  /* ｡ */
    {0xFF64, 0xFF64, BOYIN_CC_COMMA},                 /* ､ */
};

unsigned boyin_char_class(uint32_t cp)
{
    size_t lo = 0, hi = sizeof CLASSES / sizeof CLASSES[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < CLASSES[mid].lo)
            hi = mid;
        else if (cp > CLASSES[mid].hi)
            lo = mid + 1;
        else
            return CLASSES[mid].flags;
    }
    return 0;
}
