/*
 * sink_bulletin.h - the bulletin file and, for an output folder, one file
 * per chunk (0001.wav, 0002.wav, ... in the chosen format), mastered.
 *
 * Without a loudness target the bulletin is made in one pass as chunks
 * arrive: the live programme (program.h) into the writer (writer.h).
 *
 * With a target, the engine's output (every chunk and the silence the
 * timeline puts around it) is staged as 16-bit WAV in the folder and
 * measured on a second core while synthesis goes on.  At finish the staged
 * speech is read back through the programme with the gain and limiter
 * ceiling the loudness search (loudsearch.h) finds: within 0.2 LU of the
 * target and under the true-peak ceiling, measured as written (decoded,
 * for lossy codecs), at most 6 passes over the file, none held in memory.
 * Segments are cut from the same mastered stream at the timeline's
 * positions, so they match the bulletin sample for sample.
 *
 * Tags: WAV gets LIST INFO, bext with its measured loudness, cart (out cue:
 * the last words) and a cue point at each segment start; FLAC, Ogg Vorbis
 * and Opus get Vorbis comments; MP3 an ID3v2.4 tag with a chapter per item
 * (tags.h).  The report is filled at finish.
 */
#ifndef BOYIN_SINK_BULLETIN_H
#define BOYIN_SINK_BULLETIN_H

#include "format.h"
#include "sink.h"

/* Files go in `folder` (the staging folder): `bulletin` (a file name) and,
 * when `segments` is set, NNNN.<ext>.  `meta` is borrowed (the session's:
 * its title is final when the first chunk comes); `assembly` is copied
 * (may be NULL).  `voice_lufs`: the voice's usual loudness (LUFS < 0, else
 * unknown), the level of the elements without a target.  *out is owned by
 * the caller.  BOYIN_EOUTPUT or BOYIN_ENOMEM with a message in err. */
int boyin_sink_bulletin_create(const char *folder, const char *bulletin, int segments, int engine_rate,
                               const boyin_format *fmt, const boyin_meta *meta, const boyin_assembly *assembly,
                               double voice_lufs, boyin_sink **out, char *err, size_t errlen);

#endif
