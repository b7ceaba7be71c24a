/*
 * sink_play.h - live playback through PortAudio (the only module that
 * includes portaudio.h, and the ALSA/JACK headers used to silence their
 * start-up messages).  PortAudio, and with it ALSA and JACK, is loaded
 * when playback or the device list is first asked for (dynlib.h).
 *
 * What is played is the mastered programme (program.h) exactly as -w -
 * streams it with the same options: the preset's rate and channels, the
 * gain from the voice's known loudness, the limiter, the intro, outro and
 * bed.  Its frames go into a bounded queue (at most
 * BOYIN_PLAY_QUEUE_SECONDS of audio) that a playback thread drains with
 * blocking writes, so synthesis runs ahead of playback and the sound
 * starts as soon as the first chunk is ready.
 */
#ifndef BOYIN_SINK_PLAY_H
#define BOYIN_SINK_PLAY_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "format.h"
#include "sink.h"

#define BOYIN_PLAY_QUEUE_SECONDS 20

typedef struct boyin_play_device boyin_play_device;

/*
 * Start opening `device` (an index or a name, exact or a unique part; NULL
 * for the default output; copied) at fmt's rate and channels, on a thread
 * of its own: PortAudio's start enumerates every device, which takes as
 * long as the rest of boyin's start, so the session starts it first and
 * loads its data meanwhile.  *out is owned by the caller (passed to
 * boyin_sink_play_create, or boyin_play_device_close).
 */
int boyin_play_device_open(const char *device, const boyin_format *fmt, boyin_play_device **out);

/* A device never given to a sink; NULL is allowed. */
void boyin_play_device_close(boyin_play_device *d);

/*
 * The playback sink on the device being opened (taken, whatever happens):
 * waits for it; `voice_lufs` and `assembly` (copied; may be NULL) as for
 * boyin_program_live.  When *interrupt becomes non-zero playback stops at
 * once.  *out is owned by the caller; on failure returns BOYIN_EDEVICE with
 * a one-line message in err.
 */
int boyin_sink_play_create(boyin_play_device *dev, int engine_rate, const boyin_format *fmt, double voice_lufs,
                           const boyin_assembly *assembly, volatile sig_atomic_t *interrupt, boyin_sink **out,
                           char *err, size_t errlen);

/* Print the output devices, one a line: index, name, host API, default
 * marker.  Returns BOYIN_OK, or BOYIN_EDEVICE with a message in err. */
int boyin_play_list_devices(FILE *out, char *err, size_t errlen);

#endif
