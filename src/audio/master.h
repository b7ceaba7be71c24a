/*
 * master.h - the master stage: gain, a lookahead peak limiter, and
 * resampling (libsoxr).  Loudness is measured by meter.h.
 *
 * The only module that includes libsoxr's headers, and loads it when the
 * first resampler is made (dynlib.h): a status BOYIN_EDATA from a create
 * says it could not be loaded.  The meter is boyin's own (meter.c).  Audio
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
