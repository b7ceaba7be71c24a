/*
 * sink_files.h - audio files through libsndfile (the only module that
 * includes sndfile.h): the bulletin and one file per chunk (0001.wav,
 * 0002.wav, ... in the chosen format), mastered.
 *
 * While chunks arrive, the engine's output (every chunk followed by its
 * pause) is staged as 16-bit WAV in the folder and its loudness measured.
 * At close the staged speech is read back through the master stage
 * (master.h): gain to the format's loudness target, resampling, a peak
 * limiter, measured again and corrected until the integrated loudness is
 * within 0.1 LU of the target and the true peak under the ceiling (at most
 * 5 passes over the file, none held in memory), then written: the bulletin,
 * and each segment cut from the same mastered stream at its mapped position,
 * so segments match the bulletin sample for sample.
 */
#ifndef BOYIN_SINK_FILES_H
#define BOYIN_SINK_FILES_H

#include <stddef.h>

#include "format.h"
#include "sink.h"

/* Files go in `folder` (the staging folder): `bulletin` (a file name) and,
 * when `segments` is set, NNNN.<ext>.  The bulletin is tagged from `meta`
 * (copied; an empty title becomes the first chunk's text): WAV gets LIST
 * INFO, a bext chunk with its measured loudness, a cart chunk and a cue
 * point at each segment start; FLAC, Ogg Vorbis and Opus get Vorbis
 * comments; MP3 an ID3v2.4 tag with a chapter per item (tags.h).
 * `assembly` (may be NULL; copied): an intro before the speech, an outro
 * after it, a bed under it (looped, ducked by duck_db while speech plays,
 * faded in and out), each mixed to mono and brought to the target (or,
 * without one, to speech_lufs, the voice's usual loudness; LUFS < 0, else
 * unknown: no gain).  BOYIN_EINPUT with a message when one cannot be read.  The
 * report is filled at finish.  *out is owned by the caller (boyin_sink_destroy).  On
 * failure returns BOYIN_EOUTPUT with a message in err. */
int boyin_sink_files_create(const char *folder, const char *bulletin, int segments, int engine_rate,
                            const boyin_format *fmt, const boyin_meta *meta, const boyin_assembly *assembly,
                            double speech_lufs, boyin_sink **out, char *err, size_t errlen);

/* Frames of a sound file once resampled to out_rate (for the manifest's
 * times with an intro); BOYIN_EINPUT when it cannot be read. */
int boyin_sound_frames(const char *path, int out_rate, uint64_t *frames);

/* The bulletin alone, streamed to file descriptor `fd` (a pipe) as chunks
 * arrive: FLAC, Ogg Vorbis, Opus and MP3 through libsndfile, WAV as a
 * header with unknown lengths (0xFFFFFFFF) and then PCM.  With a loudness
 * target the gain is fmt->loudness - voice_loudness (what the voice usually
 * gives; nothing can be measured before the end), under the limiter; the
 * report holds what was streamed, measured.  Vorbis comments for the
 * formats that have them; no other tags (they need the finished file). */
int boyin_sink_stream_create(int fd, int engine_rate, const boyin_format *fmt, const boyin_meta *meta,
                             double voice_loudness, boyin_sink **out, char *err, size_t errlen);

/* Read a mono or multichannel sound file's samples (first channel) as 16-bit
 * for tests and tools: *pcm is malloc'd, owned by the caller. */
int boyin_sound_read(const char *path, short **pcm, size_t *frames, int *rate, int *channels);

#endif
