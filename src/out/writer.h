/*
 * writer.h - where a mastered bulletin goes in files: the bulletin (a file
 * in a folder, or a stream to a descriptor), and one file per segment
 * (0001.ext, ...) cut from the same frames at the spans the timeline gave,
 * so segments match the bulletin sample for sample; everything measured as
 * it is written.
 *
 * Segment files are encoded, and the meter runs, on a worker thread while
 * the caller encodes the bulletin: the same frames go to both, so on two
 * cores writing them takes the time of one.  Jobs pass through a bounded
 * queue, so memory stays bounded.
 *
 * A writer owns its files and thread; boyin_writer_destroy(NULL) is safe
 * and discards what is not closed (the caller's folder is a staging
 * folder).  On failure a status and boyin_writer_error().
 */
#ifndef BOYIN_WRITER_H
#define BOYIN_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "meter.h"

typedef struct {
    const char *folder;      /* where the files go */
    const char *bulletin;    /* the bulletin's name in folder ("-" for a stream); NULL: none, only measure */
    int fd;                  /* >= 0: stream the bulletin to fd instead of a file */
    const boyin_format *fmt;
    const boyin_meta *meta;  /* borrowed: read when the bulletin opens and at each segment */
    int stereo;              /* an element is carried in stereo (bext's coding history) */
    int segments;            /* write NNNN.ext segment files */
    int meter;               /* what to measure: BOYIN_METER_PEAK, _LOUDNESS or _RANGE */
} boyin_writer_config;

typedef struct boyin_writer boyin_writer;

/* The bulletin opens at the first frame (its tags are read then). */
int boyin_writer_create(const boyin_writer_config *c, boyin_writer **out);

/* Segment `index` spans output frames [start, end) of the bulletin; spans
 * come in order, before their frames.  `title` is copied (its tags). */
int boyin_writer_segment(boyin_writer *w, unsigned index, uint64_t start, uint64_t end, const char *title);

/* n frames of the format's channels (a boyin_emit_fn: ctx is the writer). */
int boyin_writer_feed(void *w, const float *x, size_t n);

/* Close every file; the measurement in *out, frames written in *frames. */
int boyin_writer_close(boyin_writer *w, boyin_loudness *out, uint64_t *frames);

const char *boyin_writer_error(const boyin_writer *w);

void boyin_writer_destroy(boyin_writer *w);

#endif
