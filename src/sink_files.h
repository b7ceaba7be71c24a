/*
 * sink_files.h - audio files through libsndfile (the only module that
 * includes sndfile.h): one WAV per chunk (0001.wav, 0002.wav, ...) and
 * bulletin.wav, every chunk followed by its pause.  16-bit PCM mono at the
 * engine's rate.  Files are written in `folder` (the staging folder).
 */
#ifndef BOYIN_SINK_FILES_H
#define BOYIN_SINK_FILES_H

#include <stddef.h>

#include "sink.h"

/* Create the sink; *out is owned by the caller (boyin_sink_destroy).  On
 * failure returns BOYIN_EOUTPUT with a message in err. */
int boyin_sink_files_create(const char *folder, int rate, boyin_sink **out, char *err, size_t errlen);

/* Read a mono or multichannel sound file's samples (first channel) as 16-bit
 * for tests and tools: *pcm is malloc'd, owned by the caller. */
int boyin_sound_read(const char *path, short **pcm, size_t *frames, int *rate, int *channels);

#endif
