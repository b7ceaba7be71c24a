/*
 * fake_sink.h - a sink for tests that records every call the session makes
 * and can be told to fail at its Nth call.
 */
#ifndef BOYIN_TEST_FAKE_SINK_H
#define BOYIN_TEST_FAKE_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "sink.h"

typedef enum { FAKE_SEGMENT, FAKE_SKIPPED, FAKE_FINISH, FAKE_CLOSE } fake_kind;

/* One call as the sink saw it.  Segment and skipped fill the chunk's
 * fields; finish and close the bulletin's (report: finish's third argument,
 * close's b->report). */
typedef struct {
    fake_kind kind;
    unsigned index, item, pause_before_ms, pause_after_ms;
    uint64_t start, out_start, out_end;
    size_t samples;
    int has_pcm;
    char text[256];
    boyin_bulletin bulletin;
    const void *report;
} fake_call;

typedef struct {
    fake_call *calls; /* every call in order (owned by the log) */
    size_t n;
    int destroyed;    /* the session destroyed the sink */
} fake_log;

/* A fake sink that appends to `log` (borrowed: it must outlive the sink).
 * When fail_at > 0, its fail_at-th call (1-based, any kind) returns
 * fail_status with message `msg` (NULL: none).  *out is owned by the caller. */
int fake_sink_create(fake_log *log, int fail_at, int fail_status, const char *msg, boyin_sink **out);

void fake_log_free(fake_log *log);

/* The log as text, one line a call (for comparing two logs); malloc'd. */
char *fake_log_dump(const fake_log *log);

#endif
