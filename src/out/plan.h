/*
 * plan.h - JSON for the chunk plan (--dry-run) and the manifest.
 *
 * The only module that includes cJSON.h.  Every function returns a string
 * the caller owns and frees with free(), or NULL when out of memory.
 */
#ifndef BOYIN_PLAN_H
#define BOYIN_PLAN_H

#include <stddef.h>

#include "chunk.h"

/* Where a chunk sits in the written bulletin (manifest only). */
typedef struct {
    const char *file;      /* segment file name, relative to the output folder */
    double start;          /* seconds from the start of bulletin.wav */
    double duration;       /* seconds */
    size_t samples;
} boyin_plan_audio;

/*
 * One chunk as a single-line JSON object: index, item, paragraph,
 * source_offset, source_length, text, spoken, voice, end, pause_after_ms,
 * `runs` (each {text, voice}: `voice` for the bulletin's voice, `english`
 * for Latin runs), and `skipped` (the reason) for a chunk not read on air
 * (index 0);
 * with `audio`, also file, start, duration, samples; with `phonemes`, a
 * phonemes field.
 */
char *boyin_plan_chunk_json(const boyin_chunk *c, const char *voice, const char *english,
                            const boyin_plan_audio *audio, const char *phonemes);

/* A JSON string literal for s (quotes and escapes included). */
char *boyin_plan_json_string(const char *s);

/* Podcasting 2.0 JSON chapters (version 1.2.0) for chapters starting at
 * starts[i] and ending at ends[i] seconds with titles[i]; malloc'd, owned by
 * the caller; NULL when out of memory. */
char *boyin_plan_chapters_json(const double *starts, const double *ends, char *const *titles, size_t n);

#endif
