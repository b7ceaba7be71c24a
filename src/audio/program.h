/*
 * program.h - the bulletin's mastered programme, made as the speech comes:
 * the intro, then the speech (gain, resampling, the bed mixed under it,
 * the limiter), then the outro, as one stream of frames at the output rate
 * and channels.
 *
 * Every output that plays or streams the bulletin as it is made (-w -,
 * live playback, the audio callback) and the bulletin file written in one
 * pass runs this same chain with the same settings (boyin_program_live), so
 * they give the same audio.  The two-pass bulletin (with a loudness target)
 * runs it once more after the search, with the gain it found.
 *
 * The intro goes out before the first speech frame (lazily, so the consumer
 * can open its file at the first chunk).  The program owns its chains;
 * boyin_program_destroy(NULL) is safe.
 */
#ifndef BOYIN_PROGRAM_H
#define BOYIN_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "assembly.h"
#include "chunk.h"
#include "format.h"

typedef struct {
    int in_rate, out_rate, channels;
    double gain_db;             /* on the speech */
    double ceiling_db;          /* the limiter (>= 0: off) */
    const boyin_assembly *assembly; /* copied; NULL or empty paths: none */
    double element_level;       /* LUFS the elements are brought to (not finite: no gain) */
    double element_delta;       /* dB more on every element (a search's correction) */
} boyin_program_config;

/* The settings of a programme made live: the format's loudness target
 * reached with a fixed gain from what the voice usually gives
 * (voice_lufs < 0; else no gain), less the codec's own change (codec_db),
 * under the limiter just under the ceiling; elements at the target, or at
 * the voice's loudness without one. */
boyin_program_config boyin_program_live(const boyin_format *fmt, int in_rate, double voice_lufs, double codec_db,
                                        const boyin_assembly *assembly);

typedef struct boyin_program boyin_program;

/* *out owned by the caller.  Frames go to emit(ctx, ...) in order. */
int boyin_program_create(const boyin_program_config *c, boyin_emit_fn emit, void *ctx, boyin_program **out,
                         char *err, size_t errlen);

/* A span of speech (output frames from the start of the speech) for the
 * bed's ducking; spans come before their frames. */
int boyin_program_speech_span(boyin_program *p, uint64_t start, uint64_t end);

/* The speech's last words end at `last_end` and the speech with its last
 * pause at `end` (output frames from the start of the speech): the bed
 * fades out over the last pause, at most its last BED_FADE_OUT_MS.  Set
 * before the frames after last_end are fed. */
void boyin_program_bed_fade(boyin_program *p, uint64_t last_end, uint64_t end);

/* n frames of mono speech at the input rate (x NULL: silence). */
int boyin_program_feed(boyin_program *p, const float *x, size_t n);

/* The end: the rest of the speech, then the outro. */
int boyin_program_finish(boyin_program *p);

/* A chunk where the timeline put it (chunk.h): its span for the bed, the
 * silence since the speech fed so far, then its speech. */
int boyin_program_chunk(boyin_program *p, const boyin_chunk *c);

/* The end of a bulletin whose speech (its last pause included) is
 * speech_frames long at the input rate, whose last words end at `last_end`
 * and whose speech ends at `end` (output frames in the bulletin, the intro
 * included): the bed's fade, the last pause, then boyin_program_finish. */
int boyin_program_end(boyin_program *p, uint64_t speech_frames, uint64_t last_end, uint64_t end);

/* Frames the limiter turned down so far. */
uint64_t boyin_program_limited(const boyin_program *p);

/* The message of the last failure. */
const char *boyin_program_error(const boyin_program *p);

void boyin_program_destroy(boyin_program *p);

#endif
