/*
 * utf8.h - the decode stage: UTF-8 decoding and character classes.
 *
 * The only module that includes utf8proc.h.  All functions are pure and
 * allocate nothing, except boyin_utf8_append which grows a caller-owned
 * buffer.
 */
#ifndef BOYIN_UTF8_H
#define BOYIN_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode one character from s[0..n).  Returns its length in bytes (1-4) and
 * stores the code point in *cp; returns 0 when s holds only the beginning of
 * a valid sequence (call again with more bytes); returns -1 when the bytes
 * can never be valid UTF-8 (overlong, surrogate, stray continuation, ...).
 */
int boyin_utf8_next(const uint8_t *s, size_t n, int32_t *cp);

/* Encode cp into out (at least 4 bytes); returns the number of bytes. */
int boyin_utf8_encode(int32_t cp, uint8_t *out);

/* Whitespace of any kind: ASCII, NBSP, U+3000 ideographic space, separators. */
int boyin_utf8_is_space(int32_t cp);
/* Horizontal whitespace: whitespace other than line breaks. */
int boyin_utf8_is_hspace(int32_t cp);
/* Line break: LF, VT, FF, NEL, U+2028, U+2029 (CR is handled as plain space). */
int boyin_utf8_is_newline(int32_t cp);
/* A letter or digit of any script (Unicode categories L* and N*). */
int boyin_utf8_is_alnum(int32_t cp);
/* A letter or digit written in Latin/ASCII or full-width Latin form. */
int boyin_utf8_is_latin_alnum(int32_t cp);
/* A Han ideograph (CJK Unified Ideographs and extensions, compatibility). */
int boyin_utf8_is_han(int32_t cp);
/*
 * The compatibility form (NFKC) of an enclosed or parenthesized number or
 * letter (① ⑩ ⑴ ⒈ Ⓐ ㉑), written to out (at most `max` code points);
 * returns how many, or 0 when cp is not such a character.
 */
int boyin_utf8_enclosed(int32_t cp, int32_t *out, int max);

/* A control character that marks binary data (C0 except tab/LF/VT/FF/CR, DEL). */
int boyin_utf8_is_binary(int32_t cp);

#endif
