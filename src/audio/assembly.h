/*
 * assembly.h - sound around and under the speech, as DSP: an intro before
 * it, an outro after it, and a music bed under it (looped, ducked while
 * speech plays, faded in at the start and out at the end).
 *
 * Elements are any file libsndfile reads (audiofile.h).  A stereo file stays
 * stereo when the bulletin is stereo; anything else is mixed to mono.  Each
 * goes through its own master chain (master.h): gain, resampling to the
 * output rate, limiter.  Messages name the file.
 */
#ifndef BOYIN_ASSEMBLY_H
#define BOYIN_ASSEMBLY_H

#include <stddef.h>
#include <stdint.h>

#include "format.h"

/* The gain (dB) that brings an element measured at `lufs` to `level` LUFS
 * (0 when either is unknown). */
double boyin_element_gain(double lufs, double level);

/* The integrated loudness of a sound file as a bulletin of `channels`
 * carries it; *stereo is set when it is carried in stereo.  BOYIN_EINPUT
 * with a message in err when it cannot be read. */
int boyin_element_loudness(const char *path, int channels, double *lufs, int *stereo, char *err, size_t errlen);

/* Where processed frames go (n frames of the output's channels). */
typedef int (*boyin_emit_fn)(void *ctx, const float *frames, size_t n);

/* An intro or outro through its own chain (gain, resampling to rate,
 * limiter at ceiling_db; >= 0: none), to emit. */
int boyin_element_play(const char *path, int rate, int channels, double gain_db, double ceiling_db, boyin_emit_fn emit,
                       void *ctx, char *err, size_t errlen);

/* The music bed: looped, brought to gain_db, ducked by duck_db from
 * BED_LEAD_MS before each span of speech to BED_HOLD_MS after it (50 ms
 * attack, 400 ms release), faded in over its first second and out where
 * boyin_bed_fade_out says.  Owned by the caller (boyin_bed_destroy). */
typedef struct boyin_bed boyin_bed;
int boyin_bed_create(const char *path, int rate, int channels, double gain_db, double duck_db, boyin_bed **out,
                     char *err, size_t errlen);
/* A span of speech in output frames from the start of the speech; spans
 * come in order, before their frames are mixed.  BOYIN_ENOMEM. */
int boyin_bed_speech(boyin_bed *b, uint64_t start, uint64_t end);
/* Fade out from `at` over `len` frames (from the start of the speech). */
void boyin_bed_fade_out(boyin_bed *b, uint64_t at, uint64_t len);
/* Add the bed to n frames whose first is at `pos` (a boyin_master_mix_fn). */
void boyin_bed_mix(void *bed, uint64_t pos, float *x, size_t n);
void boyin_bed_destroy(boyin_bed *b);

#endif
