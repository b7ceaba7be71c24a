/*
 * hanconv.h - Traditional to Simplified Chinese for lookup, through OpenCC.
 *
 * The only module that includes OpenCC's header.  The converter loads
 * libopencc and opens its t2s configuration on first use (about 3 ms and
 * 3 ms), so Simplified text never pays for either.  Conversion is character-aligned: the result has one
 * code point for each code point of the input, so readings found for the
 * converted text belong to the original characters.
 *
 * A converter owns its OpenCC handle; boyin_hanconv_destroy(NULL) is safe.
 * Not thread-safe (one per pipeline).
 */
#ifndef BOYIN_HANCONV_H
#define BOYIN_HANCONV_H

#include <stddef.h>
#include <stdint.h>

typedef struct boyin_hanconv boyin_hanconv;

/* `config` is an OpenCC configuration name ("t2s.json"); nothing is opened
 * yet.  *out is owned by the caller. */
int boyin_hanconv_create(const char *config, boyin_hanconv **out);
void boyin_hanconv_destroy(boyin_hanconv *h);

/* Convert s[0..n) to Simplified in place.  Where OpenCC's phrase conversion
 * changes the number of characters, each character is converted on its
 * own.  BOYIN_EDATA when OpenCC cannot be loaded or opened. */
int boyin_hanconv_t2s(boyin_hanconv *h, int32_t *s, size_t n);

#endif
