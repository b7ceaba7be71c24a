/* sink_stream.c - the mastered programme, streamed. */
#include "sink_stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audiofile.h"
#include "boyin.h"
#include "program.h"
#include "writer.h"

typedef struct {
    boyin_sink base;
    boyin_format fmt;
    boyin_program *program;
    boyin_writer *writer;
    double gain_db, codec_db;
} stream_sink;

static int fail(stream_sink *s, int st)
{
    if (st && !s->base.error[0]) {
        const char *m = boyin_writer_error(s->writer)[0] ? boyin_writer_error(s->writer)
                        : boyin_program_error(s->program)[0] ? boyin_program_error(s->program)
                                                              : boyin_strerror(st);
        boyin_sink_set_error(&s->base, "%s", m);
    }
    return st;
}

static int stream_segment(boyin_sink *base, const boyin_chunk *c)
{
    stream_sink *s = (stream_sink *)base;
    return fail(s, boyin_program_chunk(s->program, c));
}

static int stream_finish(boyin_sink *base, const boyin_bulletin *b, boyin_master_report *r)
{
    stream_sink *s = (stream_sink *)base;
    boyin_loudness got;
    uint64_t frames = 0;
    int st = boyin_program_end(s->program, b->speech_frames, b->last_end, boyin_bulletin_speech_end(b));
    if (st == BOYIN_OK)
        st = boyin_writer_close(s->writer, &got, &frames);
    if (st)
        return fail(s, st);
    /* measured before the encoder: add its change */
    r->done = 1;
    r->gain_db = s->gain_db;
    r->limited = boyin_program_limited(s->program);
    r->integrated = r->source_integrated = got.integrated + s->codec_db;
    r->range = got.range;
    r->max_momentary = got.max_momentary + s->codec_db;
    r->max_short_term = got.max_short_term + s->codec_db;
    r->true_peak = got.true_peak + s->codec_db;
    r->frames = frames;
    return BOYIN_OK;
}

static void stream_destroy(boyin_sink *base)
{
    stream_sink *s = (stream_sink *)base;
    boyin_program_destroy(s->program);
    boyin_writer_destroy(s->writer);
    free(s);
}

static const boyin_sink_ops STREAM_OPS = {stream_segment, NULL, stream_finish, NULL, stream_destroy};

int boyin_sink_stream_create(int fd, int engine_rate, const boyin_format *fmt, const boyin_meta *meta,
                             const boyin_assembly *assembly, double voice_lufs, boyin_sink **out, char *err,
                             size_t errlen)
{
    stream_sink *s = calloc(1, sizeof *s);
    *out = s ? &s->base : NULL;
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &STREAM_OPS;
    s->fmt = *fmt;
    if (fmt->normalize) { /* the codec's level, measured in a folder of our own */
        char tmp[64];
        snprintf(tmp, sizeof tmp, "/tmp/boyin-stream-XXXXXX");
        if (!mkdtemp(tmp)) {
            snprintf(err, errlen, "cannot create a temporary folder: %s", strerror(errno));
            return BOYIN_EOUTPUT;
        }
        int st = boyin_codec_level(tmp, fmt, &s->codec_db);
        rmdir(tmp);
        if (st) {
            snprintf(err, errlen, "cannot write %s/.cal.%s", tmp, boyin_codec_ext(fmt->codec));
            return st;
        }
    }
    boyin_program_config pc = boyin_program_live(fmt, engine_rate, voice_lufs, s->codec_db, assembly);
    s->gain_db = pc.gain_db;
    boyin_writer_config wc = {".", "-", fd, &s->fmt, meta, assembly && assembly->stereo, 0, BOYIN_METER_RANGE};
    int st = boyin_writer_create(&wc, &s->writer);
    if (st == BOYIN_OK)
        st = boyin_program_create(&pc, boyin_writer_feed, s->writer, &s->program, err, errlen);
    if (st && !err[0])
        snprintf(err, errlen, "out of memory");
    return st;
}
