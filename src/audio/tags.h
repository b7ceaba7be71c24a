/*
 * tags.h - metadata libsndfile cannot write: an ID3v2.4 tag with chapters
 * for MP3, and the parts of a Broadcast WAV known only when the audio is
 * done (loudness in bext, out cue in cart, cue points at segment starts).
 *
 * Plain byte work on finished files, no audio library: Debian's tag
 * libraries either cannot write ID3v2.4 chapters from C (TagLib's C API) or
 * are unmaintained (id3lib).  The MP3 is rewritten through a temporary name
 * and renamed; the WAV is patched in place (both live in the staging folder
 * until the run succeeds).
 */
#ifndef BOYIN_TAGS_H
#define BOYIN_TAGS_H

#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "meter.h"

typedef struct {
    uint32_t start_ms, end_ms;
    char title[256]; /* UTF-8 */
} boyin_chapter;

/* Prepend to the MP3 file at `path` an ID3v2.4 tag in UTF-8: TIT2, TPE1,
 * TALB, TDRC, TRCK, COMM, TSSE from meta (empty fields left out), and when
 * nchapters > 0 one CHAP per chapter, each with its TIT2, and a CTOC (top
 * level, ordered) listing them (the first 255: its count is one byte).  BOYIN_EOUTPUT with a message in err on failure. */
int boyin_id3_prepend(const char *path, const boyin_meta *meta, const boyin_chapter *chapters, size_t nchapters,
                      char *err, size_t errlen);

/* Build the tag alone into a malloc'd buffer (for tests); *len its size. */
unsigned char *boyin_id3_build(const boyin_meta *meta, const boyin_chapter *chapters, size_t nchapters, size_t *len);

/* Finish a Broadcast WAV written by libsndfile with bext and cart chunks:
 * set bext's loudness value, loudness range, maximum true peak and maximum
 * momentary and short-term loudness from *l (EBU Tech 3285 v2: hundredths,
 * 0x7FFF when unknown), cart's out cue, and append a `cue ` chunk with one
 * point per segment start (frame offsets). */
int boyin_wav_finish(const char *path, const boyin_loudness *l, const char *out_cue,
                     const uint64_t *cues, size_t ncues, char *err, size_t errlen);

#endif
