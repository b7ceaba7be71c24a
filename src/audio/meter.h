/*
 * meter.h - loudness per ITU-R BS.1770-4 / EBU R128 (integrated loudness,
 * loudness range, the largest momentary and short-term loudness) and the
 * true peak: boyin's own meter, no outside library.
 *
 * The figures are libebur128's (1.2.6, histogram mode), computed the same
 * way: 400 ms gating blocks every 100 ms with the -70 LUFS and -10 LU gates,
 * loudness range from 3 s blocks every second (EBU Tech 3342), block
 * energies counted in 0.1 LU bins, so memory does not grow with the input.
 * The tests check it against libebur128 (tests/audio/test_meter.c).
 *
 * A meter owns its memory; boyin_meter_destroy(NULL) is safe.
 */
#ifndef BOYIN_METER_H
#define BOYIN_METER_H

#include <stddef.h>

/* Loudness of a programme per EBU R128 / ITU-R BS.1770-4. */
typedef struct {
    double integrated; /* LUFS; -HUGE_VAL for silence and under 400 ms */
    double range;      /* LU (loudness range); 0 when not measured */
    double true_peak;  /* dBTP, the largest over all channels; -HUGE_VAL for silence */
    double max_momentary;  /* LUFS, the loudest 400 ms (measured every 100 ms); -HUGE_VAL when unknown */
    double max_short_term; /* LUFS, the loudest 3 s (every 100 ms); -HUGE_VAL when unknown */
} boyin_loudness;

typedef struct boyin_meter boyin_meter;

/* What a meter measures: the true peak always; loudness with these. */
#define BOYIN_METER_PEAK 0      /* the true peak only (integrated and range left unknown); no K-weighting */
#define BOYIN_METER_LOUDNESS 1  /* and integrated loudness */
#define BOYIN_METER_RANGE 2     /* and integrated loudness, loudness range and the momentary
                                   and short-term maxima */

/* A meter for interleaved float frames at `rate` (at least 1000 Hz) with
 * 1 to 64 channels, measuring `what` (above); BOYIN_EINVAL otherwise.  Mono
 * is measured as dual mono (a mono signal heard on two loudspeakers, weight
 * 2), so a mono file and a stereo file of the same sound read the same
 * loudness; more channels are weighted as libebur128 weights them by
 * default (L R C LFE Ls Rs, the surrounds 1.41, the LFE and any beyond six
 * not at all).  The 100 ms steps count from the first frame added. */
int boyin_meter_create(int rate, int channels, int what, boyin_meter **out);

/* Measure n more frames.  The figures do not depend on how the audio is cut
 * into calls: frames that do not fill a block of the filters wait for the
 * next call.  BOYIN_ENOMEM when out of memory. */
int boyin_meter_add(boyin_meter *m, const float *frames, size_t n);

/* The figures for everything added so far (frames still waiting included);
 * more frames may be added afterwards. */
int boyin_meter_result(boyin_meter *m, boyin_loudness *out);

void boyin_meter_destroy(boyin_meter *m);

#endif
