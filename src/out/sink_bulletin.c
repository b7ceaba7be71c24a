/* sink_bulletin.c - the bulletin and segment files, mastered. */
#include "sink_bulletin.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audiofile.h"
#include "boyin.h"
#include "chunk.h"
#include "grow.h"
#include "loudsearch.h"
#include "program.h"
#include "tags.h"
#include "writer.h"

#define BLOCK 65536
#define SPEECH ".speech.wav" /* the engine's output, staged for the passes */
#define OUT_CUE_BYTES 60     /* cart's out cue: the last words said */

typedef struct {
    unsigned index;
    uint64_t out_start, out_end; /* in the bulletin, output rate */
    char *title;                 /* the chunk's text (cut), for the segment file's tags */
} seg;

typedef struct {
    unsigned item;
    uint64_t start; /* output frames in the bulletin: its first chunk's */
    char title[256];
} item_start;

typedef struct {
    boyin_sink base;
    char folder[PATH_MAX], bulletin[PATH_MAX];
    int segments, in_rate;
    boyin_format fmt;
    const boyin_meta *meta;
    boyin_assembly as;
    double voice_lufs;
    boyin_master_report *report;
    seg *segs;
    size_t nsegs, capsegs;
    item_start *items;
    size_t nitems, capitems;
    char last_text[256];
    uint64_t at;            /* engine frames staged so far */
    float *fbuf;
    size_t fcap;
    /* one pass (no target) */
    boyin_program *program;
    boyin_writer *writer;
    /* staged (a target) */
    boyin_audiofile *speech;
    boyin_writer *meter;    /* measures the staged speech on the second core */
} bulletin_sink;

static int to_float(bulletin_sink *s, const int16_t *pcm, size_t n)
{
    if (boyin_grow(&s->fbuf, &s->fcap, n, sizeof *s->fbuf))
        return BOYIN_ENOMEM;
    for (size_t i = 0; i < n; i++)
        s->fbuf[i] = pcm[i] / 32768.0f;
    return BOYIN_OK;
}

/* n frames of speech (pcm NULL: silence) onto the stage. */
static int stage(bulletin_sink *s, const int16_t *pcm, size_t n)
{
    static const int16_t SILENCE[4096];
    int st = BOYIN_OK;
    while (st == BOYIN_OK && n) {
        size_t k = pcm || n < 4096 ? n : 4096;
        const int16_t *p = pcm ? pcm : SILENCE;
        if (boyin_audiofile_write_pcm16(s->speech, p, k)) {
            boyin_sink_set_error(&s->base, "cannot write %s/" SPEECH ": %s", s->folder,
                                 boyin_audiofile_error(s->speech));
            return BOYIN_EOUTPUT;
        }
        st = to_float(s, p, k);
        if (st == BOYIN_OK) /* measured by the worker while the engine goes on */
            st = boyin_writer_feed(s->meter, s->fbuf, k);
        s->at += k;
        if (pcm)
            pcm += k;
        n -= k;
    }
    return st;
}

/* What failed in the programme or the writer, as the sink's message. */
static int failed(bulletin_sink *s, int st)
{
    if (st && !s->base.error[0]) {
        const char *m = s->writer && boyin_writer_error(s->writer)[0] ? boyin_writer_error(s->writer)
                        : s->program && boyin_program_error(s->program)[0] ? boyin_program_error(s->program)
                        : s->meter && boyin_writer_error(s->meter)[0] ? boyin_writer_error(s->meter)
                                                                       : boyin_strerror(st);
        boyin_sink_set_error(&s->base, "%s", m);
    }
    return st;
}

static int bulletin_segment(boyin_sink *base, const boyin_chunk *c)
{
    bulletin_sink *s = (bulletin_sink *)base;
    const char *text = c->text ? c->text : "";
    if (boyin_grow(&s->segs, &s->capsegs, s->nsegs + 1, sizeof *s->segs))
        return failed(s, BOYIN_ENOMEM);
    char title[256];
    boyin_utf8_copy(title, sizeof title, text);
    char *t = strdup(title);
    if (!t)
        return failed(s, BOYIN_ENOMEM);
    s->segs[s->nsegs++] = (seg){c->index, c->out_start, c->out_end, t};
    if (!s->nitems || s->items[s->nitems - 1].item != c->item) {
        if (boyin_grow(&s->items, &s->capitems, s->nitems + 1, sizeof *s->items))
            return failed(s, BOYIN_ENOMEM);
        item_start *it = &s->items[s->nitems++];
        it->item = c->item;
        it->start = c->out_start;
        boyin_utf8_copy(it->title, sizeof it->title, text);
    }
    size_t tl = strlen(text), from = tl > OUT_CUE_BYTES ? tl - OUT_CUE_BYTES : 0;
    while (from > 0 && from < tl && ((unsigned char)text[from] & 0xC0) == 0x80)
        from++; /* the last words, from a character boundary */
    boyin_utf8_copy(s->last_text, sizeof s->last_text, text + from);
    int st;
    if (s->program) { /* one pass: the writer learns the span before its frames */
        st = boyin_writer_segment(s->writer, c->index, c->out_start, c->out_end, title);
        if (st == BOYIN_OK)
            st = boyin_program_chunk(s->program, c);
    } else { /* the silence since the last chunk, where the timeline put it, then the speech */
        st = stage(s, NULL, c->start - s->at);
        if (st == BOYIN_OK)
            st = stage(s, c->pcm, c->samples);
    }
    return failed(s, st);
}

/* The bulletin's tags that need the finished audio: Broadcast WAV
 * loudness, out cue and cue points; MP3's ID3v2.4 tag with a chapter per
 * item. */
static int finish_tags(bulletin_sink *s, const boyin_bulletin *b, const boyin_loudness *l)
{
    char path[2 * PATH_MAX + 8], err[2 * PATH_MAX + 128];
    snprintf(path, sizeof path, "%s/%s", s->folder, s->bulletin);
    int rate = s->fmt.rate, st = BOYIN_OK;
    if (s->fmt.codec == BOYIN_FMT_WAV) {
        uint64_t *cues = malloc((s->nsegs + 1) * sizeof *cues);
        if (!cues)
            return BOYIN_ENOMEM;
        for (size_t i = 0; i < s->nsegs; i++)
            cues[i] = s->segs[i].out_start;
        st = boyin_wav_finish(path, l, s->last_text, cues, s->nsegs, err, sizeof err);
        free(cues);
    } else if (s->fmt.codec == BOYIN_FMT_MP3) {
        boyin_chapter *ch = calloc(s->nitems + 2, sizeof *ch);
        boyin_chapter_span *spans = calloc(s->nitems + 2, sizeof *spans);
        uint64_t *starts = calloc(s->nitems + 1, sizeof *starts);
        if (!ch || !spans || !starts) {
            free(ch);
            free(spans);
            free(starts);
            return BOYIN_ENOMEM;
        }
        for (size_t i = 0; i < s->nitems; i++)
            starts[i] = s->items[i].start;
        size_t n = boyin_chapters_layout(b->intro_frames, starts, s->nitems, boyin_bulletin_speech_end(b),
                                         b->outro_frames, spans);
        for (size_t k = 0; k < n; k++) {
            ch[k].start_ms = (uint32_t)((spans[k].start * 1000 + (uint64_t)rate / 2) / (uint64_t)rate);
            ch[k].end_ms = (uint32_t)((spans[k].end * 1000 + (uint64_t)rate / 2) / (uint64_t)rate);
            boyin_utf8_copy(ch[k].title, sizeof ch[k].title,
                            spans[k].item >= 0 ? s->items[spans[k].item].title : spans[k].name);
        }
        free(spans);
        free(starts);
        st = boyin_id3_prepend(path, s->meta, ch, n, err, sizeof err);
        free(ch);
    }
    if (st == BOYIN_EOUTPUT)
        boyin_sink_set_error(&s->base, "%.500s", err);
    return st;
}

/* One pass: the programme into the writer, as chunks came. */
static int finish_direct(bulletin_sink *s, const boyin_bulletin *b, boyin_loudness *got)
{
    int st = boyin_program_end(s->program, b->speech_frames, b->last_end, boyin_bulletin_speech_end(b));
    uint64_t frames = 0;
    if (st == BOYIN_OK)
        st = boyin_writer_close(s->writer, got, &frames);
    s->report->frames = frames;
    s->report->limited = boyin_program_limited(s->program);
    s->report->gain_db = 0;
    return st;
}

/* ---- staged: passes over the speech on disk ------------------------------ */

typedef struct {
    bulletin_sink *s;
    const boyin_bulletin *b;
    double elem_base;   /* the gain the elements' gains are relative to */
} pass_ctx;

static int meter_emit(void *m, const float *x, size_t n)
{
    return boyin_meter_add(m, x, n);
}

/* The staged speech through a programme; trial passes at the engine's rate
 * and measured only, the final pass at the output rate into the files with
 * the intro, outro and bed at the speech's level. */
static int pass(void *ctx, double gain_db, double ceiling_db, int final, int peak_only, boyin_loudness *got,
                uint64_t *limited)
{
    pass_ctx *pc = ctx;
    bulletin_sink *s = pc->s;
    char path[2 * PATH_MAX + 32], err[600] = "";
    snprintf(path, sizeof path, "%s/" SPEECH, s->folder);
    int rate, ch;
    boyin_audiofile *in = boyin_audiofile_open(path, &rate, &ch, NULL);
    if (!in) {
        boyin_sink_set_error(&s->base, "cannot read %s: %s", path, boyin_audiofile_error(NULL));
        return BOYIN_EOUTPUT;
    }
    boyin_program_config pcfg = {s->in_rate, s->in_rate, 1, gain_db, ceiling_db, NULL, -HUGE_VAL, 0};
    boyin_meter *meter = NULL;
    boyin_writer *w = NULL;
    boyin_program *p = NULL;
    float *buf = malloc(BLOCK * sizeof *buf), *tmp = malloc(BLOCK * (size_t)ch * sizeof *tmp);
    int st = buf && tmp ? BOYIN_OK : BOYIN_ENOMEM;
    if (st == BOYIN_OK && final) {
        pcfg = (boyin_program_config){s->in_rate, s->fmt.rate, s->fmt.channels, gain_db, ceiling_db, &s->as,
                                      s->fmt.loudness, gain_db - pc->elem_base};
        boyin_writer_config wc = {s->folder, s->bulletin, -1, &s->fmt, s->meta, s->as.stereo, s->segments,
                                  peak_only ? BOYIN_METER_PEAK : BOYIN_METER_RANGE};
        st = boyin_writer_create(&wc, &w);
        for (size_t i = 0; st == BOYIN_OK && i < s->nsegs; i++)
            st = boyin_writer_segment(w, s->segs[i].index, s->segs[i].out_start, s->segs[i].out_end,
                                      s->segs[i].title);
        if (st == BOYIN_OK)
            st = boyin_program_create(&pcfg, boyin_writer_feed, w, &p, err, sizeof err);
        for (size_t i = 0; st == BOYIN_OK && i < s->nsegs; i++)
            st = boyin_program_speech_span(p, s->segs[i].out_start - s->as.intro_frames,
                                           s->segs[i].out_end - s->as.intro_frames);
        if (st == BOYIN_OK) /* the bed fades out over the last pause */
            boyin_program_bed_fade(p, pc->b->last_end - s->as.intro_frames,
                                   boyin_bulletin_speech_end(pc->b) - s->as.intro_frames);
    } else if (st == BOYIN_OK) {
        st = boyin_meter_create(s->in_rate, 1, BOYIN_METER_LOUDNESS, &meter);
        if (st == BOYIN_OK)
            st = boyin_program_create(&pcfg, meter_emit, meter, &p, err, sizeof err);
    }
    size_t got_n;
    while (st == BOYIN_OK && (got_n = boyin_audiofile_read(in, 1, buf, tmp, BLOCK)) > 0)
        st = boyin_program_feed(p, buf, got_n);
    if (st == BOYIN_OK)
        st = boyin_program_finish(p);
    *limited = p ? boyin_program_limited(p) : 0;
    uint64_t frames = 0;
    if (w) {
        int cst = boyin_writer_close(w, got, &frames);
        st = st ? st : cst;
        s->report->frames = frames;
    } else if (st == BOYIN_OK) {
        st = boyin_meter_result(meter, got);
    }
    if (st && !s->base.error[0])
        boyin_sink_set_error(&s->base, "%s", w && boyin_writer_error(w)[0] ? boyin_writer_error(w)
                                             : err[0] ? err : boyin_strerror(st));
    if (st == BOYIN_OK && final && boyin_format_lossy(&s->fmt)) { /* as a listener's decoder gives it */
        snprintf(path, sizeof path, "%s/%s", s->folder, s->bulletin);
        if ((st = boyin_audiofile_measure(path, got)))
            boyin_sink_set_error(&s->base, "cannot read back %s", path);
    }
    boyin_program_destroy(p);
    boyin_writer_destroy(w);
    boyin_meter_destroy(meter);
    boyin_audiofile_close(in);
    free(buf);
    free(tmp);
    return st;
}

static int finish_staged(bulletin_sink *s, const boyin_bulletin *b, boyin_loudness *got)
{
    int st = stage(s, NULL, b->speech_frames - s->at); /* the last pause */
    if (st == BOYIN_OK && boyin_audiofile_close(s->speech)) {
        boyin_sink_set_error(&s->base, "cannot finish %s/" SPEECH, s->folder);
        st = BOYIN_EOUTPUT;
    }
    s->speech = NULL;
    boyin_loudness src;
    if (st == BOYIN_OK)
        st = failed(s, boyin_writer_close(s->meter, &src, NULL));
    double cg = 0; /* the codec's own gain, made up for */
    if (st == BOYIN_OK && (st = boyin_codec_level(s->folder, &s->fmt, &cg)))
        boyin_sink_set_error(&s->base, "cannot write %s/.cal.%s", s->folder, boyin_codec_ext(s->fmt.codec));
    pass_ctx pc = {s, b, s->fmt.loudness - src.integrated - cg};
    uint64_t limited = 0;
    if (st == BOYIN_OK && isfinite(src.integrated)) {
        boyin_search_target t = {s->fmt.loudness, s->fmt.true_peak, boyin_format_lossy(&s->fmt),
                                 s->as.intro[0] || s->as.outro[0] || s->as.bed[0], cg};
        boyin_search_result r;
        st = boyin_loudness_search(&t, &src, pass, &pc, &r);
        if (st == BOYIN_OK) {
            *got = r.got;
            s->report->gain_db = r.gain_db;
            s->report->limited = r.limited;
            s->report->missed = r.missed;
        }
    } else if (st == BOYIN_OK) { /* silence: nothing to bring to the target */
        st = pass(&pc, 0, BOYIN_SEARCH_NO_LIMITER, 1, 0, got, &limited);
        s->report->gain_db = 0;
        s->report->limited = limited;
    }
    s->report->source_integrated = src.integrated;
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" SPEECH, s->folder);
    unlink(path);
    return st;
}

static int bulletin_finish(boyin_sink *base, const boyin_bulletin *b, boyin_master_report *report)
{
    bulletin_sink *s = (bulletin_sink *)base;
    s->report = report;
    boyin_loudness got;
    int st = s->program ? failed(s, finish_direct(s, b, &got)) : finish_staged(s, b, &got);
    if (st == BOYIN_OK && s->program && boyin_format_lossy(&s->fmt)) {
        char path[2 * PATH_MAX + 8];
        snprintf(path, sizeof path, "%s/%s", s->folder, s->bulletin);
        if ((st = boyin_audiofile_measure(path, &got)))
            boyin_sink_set_error(&s->base, "cannot read back %s", path);
    }
    if (st == BOYIN_OK)
        st = finish_tags(s, b, &got);
    if (st == BOYIN_OK) {
        report->done = 1;
        report->integrated = got.integrated;
        report->range = got.range;
        report->max_momentary = got.max_momentary;
        report->max_short_term = got.max_short_term;
        report->true_peak = got.true_peak;
        if (s->program)
            report->source_integrated = got.integrated;
    }
    return st;
}

static void bulletin_destroy(boyin_sink *base)
{
    bulletin_sink *s = (bulletin_sink *)base;
    boyin_program_destroy(s->program);
    boyin_writer_destroy(s->writer);
    boyin_writer_destroy(s->meter);
    boyin_audiofile_close(s->speech);
    free(s->fbuf);
    for (size_t i = 0; i < s->nsegs; i++)
        free(s->segs[i].title);
    free(s->segs);
    free(s->items);
    free(s);
}

static const boyin_sink_ops BULLETIN_OPS = {bulletin_segment, NULL, bulletin_finish, NULL, bulletin_destroy};

int boyin_sink_bulletin_create(const char *folder, const char *bulletin, int segments, int engine_rate,
                               const boyin_format *fmt, const boyin_meta *meta, const boyin_assembly *assembly,
                               double voice_lufs, boyin_sink **out, char *err, size_t errlen)
{
    bulletin_sink *s = calloc(1, sizeof *s);
    *out = s ? &s->base : NULL;
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &BULLETIN_OPS;
    s->in_rate = engine_rate;
    s->fmt = *fmt;
    s->segments = segments;
    s->meta = meta;
    s->voice_lufs = voice_lufs;
    if (assembly)
        s->as = *assembly;
    snprintf(s->folder, sizeof s->folder, "%s", folder);
    snprintf(s->bulletin, sizeof s->bulletin, "%s", bulletin);
    int st;
    if (!fmt->normalize) { /* nothing to measure first: the programme, written as chunks come */
        boyin_writer_config wc = {s->folder, s->bulletin, -1, &s->fmt, meta, s->as.stereo, segments,
                                  BOYIN_METER_RANGE};
        boyin_program_config pc = boyin_program_live(&s->fmt, engine_rate, voice_lufs, 0, &s->as);
        st = boyin_writer_create(&wc, &s->writer);
        if (st == BOYIN_OK)
            st = boyin_program_create(&pc, boyin_writer_feed, s->writer, &s->program, err, errlen);
        if (st && !err[0])
            snprintf(err, errlen, "%s", s->writer ? boyin_writer_error(s->writer) : "out of memory");
        return st;
    }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" SPEECH, folder);
    boyin_format staged;
    boyin_format_init(&staged, engine_rate);
    s->speech = boyin_audiofile_create(path, &staged);
    if (!s->speech) {
        snprintf(err, errlen, "cannot create %s: %s", path, boyin_audiofile_error(NULL));
        return BOYIN_EOUTPUT;
    }
    boyin_writer_config mc = {s->folder, NULL, -1, &staged, meta, 0, 0, BOYIN_METER_RANGE};
    if ((st = boyin_writer_create(&mc, &s->meter)))
        snprintf(err, errlen, "%s", s->meter ? boyin_writer_error(s->meter) : "out of memory");
    return st;
}
