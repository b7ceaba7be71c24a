/*
 * sink_stream.h - the bulletin alone, streamed to a file descriptor (a
 * pipe, for -w -) as chunks arrive: FLAC, Ogg Vorbis, Opus, MP3 (an ID3v2.4
 * tag first), WAV as a header with unknown lengths and then PCM, or raw PCM.
 *
 * Nothing can be measured before the end, so the loudness target is
 * reached with a fixed gain from what the voice usually gives
 * (program.h, boyin_program_live), under the limiter.  The report holds
 * what was streamed, measured (for lossy codecs, corrected by the codec's
 * own level change, calibrated on a tone at create).
 */
#ifndef BOYIN_SINK_STREAM_H
#define BOYIN_SINK_STREAM_H

#include "format.h"
#include "sink.h"

/* `meta` borrowed (the session's); `assembly` copied (may be NULL).  *out
 * owned by the caller; BOYIN_EOUTPUT or BOYIN_ENOMEM with a message in err. */
int boyin_sink_stream_create(int fd, int engine_rate, const boyin_format *fmt, const boyin_meta *meta,
                             const boyin_assembly *assembly, double voice_lufs, boyin_sink **out, char *err,
                             size_t errlen);

#endif
