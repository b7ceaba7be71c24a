/*
 * sink_callback.h - each segment's audio handed to the embedding program
 * (boyin_session_config.on_audio): the mastered programme exactly as -w -
 * streams it (program.h), cut at the timeline's spans, 16-bit at the
 * output rate and channels.  The intro, the outro and the pauses are not
 * sent.  A segment is sent once, whole, when its last frame is made.
 */
#ifndef BOYIN_SINK_CALLBACK_H
#define BOYIN_SINK_CALLBACK_H

#include "boyin.h"
#include "format.h"
#include "sink.h"

/* `assembly` copied (may be NULL).  *out owned by the caller; BOYIN_ENOMEM
 * with a message in err.  The callback's non-zero return makes the sink
 * fail with BOYIN_ESTOPPED. */
int boyin_sink_callback_create(boyin_audio_cb cb, void *user, int engine_rate, const boyin_format *fmt,
                               double voice_lufs, const boyin_assembly *assembly, boyin_sink **out, char *err,
                               size_t errlen);

#endif
