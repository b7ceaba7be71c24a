/*
 * master.h - the master stage: loudness measurement (libebur128), gain, a
 * lookahead peak limiter, and resampling (libsoxr).
 *
 * The only module that includes libebur128's and libsoxr's headers, and
 * loads them when the first meter or resampler is made (dynlib.h): a
 * status BOYIN_EDATA from a create says one could not be loaded.  Audio
 * is mono float in [-1, 1] at the engine's rate going in; the chain applies
 * gain, resamples, then limits peaks to a ceiling, and gives out exactly
 * round(n * out_rate / in_rate) frames for n frames in (so positions map
 * with boyin_frames_map, chunk.h), with no delay: frame k out belongs at k.
 *
 * Every object here owns its library state; *_destroy(NULL) is safe.
 */
#ifndef BOYIN_MASTER_H
#define BOYIN_MASTER_H

#include <stddef.h>
#include <stdint.h>

/* Loudness of a programme per EBU R128 / ITU-R BS.1770-4. */
typedef struct {
    double integrated; /* LUFS; -HUGE_VAL for silence */
    double range;      /* LU (loudness range) */
    double true_peak;  /* dBTP, the largest over all channels; -HUGE_VAL for silence */
    double max_momentary;  /* LUFS, the loudest 400 ms (measured every 100 ms); -HUGE_VAL when unknown */
    double max_short_term; /* LUFS, the loudest 3 s (every 100 ms); -HUGE_VAL when unknown */
} boyin_loudness;

typedef struct boyin_meter boyin_meter;

/* What a meter measures: the true peak always; loudness with these. */
#define BOYIN_METER_PEAK 0      /* the true peak only (integrated and range left unknown) */
#define BOYIN_METER_LOUDNESS 1  /* and integrated loudness */
#define BOYIN_METER_RANGE 2     /* and integrated loudness, loudness range and the momentary
                                   and short-term maxima */

/* A meter for interleaved float frames measuring `what` (above).  Mono is
 * measured as dual mono (a mono signal heard on two loudspeakers), so a
 * mono file and a stereo file of the same sound read the same loudness. */
int boyin_meter_create(int rate, int channels, int what, boyin_meter **out);
int boyin_meter_add(boyin_meter *m, const float *frames, size_t n);
int boyin_meter_result(boyin_meter *m, boyin_loudness *out);
void boyin_meter_destroy(boyin_meter *m);

typedef struct boyin_master boyin_master;

/* Gain in dB, then resampling from in_rate to out_rate (none when equal),
 * then a limiter holding sample peaks under ceiling_db (dBFS; 0 or above: no
 * limiter).  Inter-sample peaks can still pass the ceiling by a little: the
 * caller measures the true peak and lowers the ceiling when it must.
 * Channels in and out are 1 or 2 each (BOYIN_EINVAL otherwise): stereo
 * going out mono is mixed down, mono going out stereo is copied to both. */
int boyin_master_create(int in_rate, int out_rate, int in_channels, int out_channels, double gain_db,
                        double ceiling_db, boyin_master **out);

/* Feed n frames of in_channels interleaved values (in == NULL: the end;
 * then every remaining frame comes out).  *out points at the frames ready,
 * out_channels interleaved, valid until the next call. */
int boyin_master_process(boyin_master *m, const float *in, size_t n, const float **out, size_t *nout);

/* Something to add to the output frames before the limiter (a music bed):
 * fn(ctx, pos, frames, n) with n frames of out_channels interleaved values
 * and pos the output position of frames[0]. */
typedef void (*boyin_master_mix_fn)(void *ctx, uint64_t pos, float *frames, size_t n);
void boyin_master_set_mix(boyin_master *m, boyin_master_mix_fn fn, void *ctx);

/* How many times the limiter had to reduce gain (frames below unity). */
uint64_t boyin_master_limited(const boyin_master *m);

void boyin_master_destroy(boyin_master *m);

#endif
