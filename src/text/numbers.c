/* numbers.c - Chinese readings of digit strings (conventions in numbers.h). */
#include "numbers.h"

static const char *const DIGIT[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
static const char *const PLACE[] = {"", "十", "百", "千"};
static const char *const GROUP[] = {"", "万", "亿", "万亿"};

void boyin_num_digits(boyin_sb *out, const char *d, size_t n, int yao)
{
    for (size_t i = 0; i < n; i++)
        boyin_sb_adds(out, yao && d[i] == '1' ? "幺" : DIGIT[d[i] - '0']);
}

void boyin_num_cardinal(boyin_sb *out, const char *d, size_t n, int flags)
{
    while (n > 1 && *d == '0')
        d++, n--;
    if (n > BOYIN_NUM_MAX_CARDINAL) {
        boyin_num_digits(out, d, n, 0);
        return;
    }
    if (n == 1) {
        int liang = d[0] == '2' && (flags & BOYIN_NUM_MEASURE) && !(flags & BOYIN_NUM_NO_LIANG);
        boyin_sb_adds(out, liang ? "两" : DIGIT[d[0] - '0']);
        return;
    }
    int said = 0;      /* something has been read */
    int zero = 0;      /* zeros are pending since the last digit read */
    for (size_t i = 0; i < n; i++) {
        size_t pos = n - 1 - i;           /* power of ten */
        size_t place = pos % 4, group = pos / 4;
        int v = d[i] - '0';
        if (v == 0) {
            zero = said;
        } else {
            if (zero)
                boyin_sb_adds(out, "零");
            zero = 0;
            int first = !said;
            if (v == 1 && place == 1 && first)
                ; /* 十, not 一十, at the start */
            else if (v == 2 && first && !(flags & BOYIN_NUM_NO_LIANG) && (place >= 2 || (place == 0 && group > 0)))
                boyin_sb_adds(out, "两");
            else
                boyin_sb_adds(out, DIGIT[v]);
            boyin_sb_adds(out, PLACE[place]);
            said = 1;
        }
        if (place == 0 && group > 0) {
            /* Close a 万/亿 group if any of its four digits was read. */
            int any = 0;
            for (size_t k = 0; k < 4 && i >= k; k++)
                any |= d[i - k] != '0' && (n - 1 - (i - k)) / 4 == group;
            if (any) {
                boyin_sb_adds(out, GROUP[group]);
                /* A following group under 1000 reads with 零 (10010 一万零一十). */
                zero = 0;
                if (i + 1 < n && d[i + 1] == '0')
                    zero = 1;
            }
        }
    }
    if (!said)
        boyin_sb_adds(out, "零");
}

void boyin_num_decimal(boyin_sb *out, const char *i, size_t ni, const char *f, size_t nf)
{
    boyin_num_cardinal(out, ni ? i : "0", ni ? ni : 1, BOYIN_NUM_NO_LIANG);
    boyin_sb_adds(out, "点");
    boyin_num_digits(out, f, nf, 0);
}
