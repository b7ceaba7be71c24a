/*
 * sink_manifest.h - manifest.json, bulletin.srt, bulletin.vtt and
 * chapters.json (Podcasting 2.0 JSON chapters, one per item, titled with
 * the item's first chunk).
 *
 * Written as chunks arrive (memory does not grow with the bulletin): one
 * manifest entry and one subtitle cue per chunk, with times computed from
 * the exact sample counts, so cues match the bulletin to the millisecond.
 */
#ifndef BOYIN_SINK_MANIFEST_H
#define BOYIN_SINK_MANIFEST_H

#include <stddef.h>

#include "format.h"
#include "sink.h"

/* `voice` is the voice name recorded in the manifest, `english` the voice
 * of Latin runs; `meta` is borrowed (the session's: its title is final
 * when the first chunk comes); `fmt` what the audio files are.  Times and
 * sample counts come from the timeline (chunk.h, sink.h: output frames in
 * the bulletin, the intro included; the intro and outro get a chapter
 * each); the measured loudness from the report the session passes to
 * close.  *out is owned by the caller; on failure returns BOYIN_EOUTPUT
 * with a message in err. */
int boyin_sink_manifest_create(const char *folder, const char *voice, const char *english,
                               const boyin_format *fmt, const boyin_meta *meta, boyin_sink **out, char *err,
                               size_t errlen);

/* Format a time in milliseconds as SRT (00:00:01,234) or WebVTT (00:00:01.234). */
void boyin_format_cue_time(char out[16], uint64_t ms, char sep);

#endif
