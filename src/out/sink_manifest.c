/* sink_manifest.c - the manifest and subtitle files. */
#include "sink_manifest.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "chunk.h"
#include "plan.h"

typedef struct {
    boyin_sink base;
    char folder[PATH_MAX];
    boyin_format fmt;          /* what the audio files are */
    const boyin_meta *meta; /* the session's: the title is final when the first chunk comes */
    uint64_t *item_at;  /* start of each item: its first chunk's, output frames in the bulletin */
    char **item_title;
    size_t nitems;
    FILE *manifest, *srt, *vtt;
    FILE *skipped;      /* entries for chunks not read on air, copied in at close */
    unsigned nskipped;
    unsigned segments;
    char voice[64], english[64];
    char *voice_json;
    unsigned last_item;
} manifest_sink;

void boyin_format_cue_time(char out[16], uint64_t ms, char sep)
{
    unsigned h = (unsigned)(ms / 3600000), m = (unsigned)(ms / 60000 % 60), s = (unsigned)(ms / 1000 % 60);
    snprintf(out, 16, "%02u:%02u:%02u%c%03u", h % 100, m, s, sep, (unsigned)(ms % 1000));
}

static uint64_t to_ms(uint64_t samples, int rate)
{
    return (samples * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
}

static int io_fail(manifest_sink *s, const char *name)
{
    boyin_sink_set_error(&s->base, "cannot write %s/%s: %s", s->folder, name, strerror(errno));
    return BOYIN_EOUTPUT;
}

static int manifest_segment(boyin_sink *base, const boyin_chunk *c)
{
    manifest_sink *s = (manifest_sink *)base;
    char file[32], a[16], b[16];
    snprintf(file, sizeof file, "%04u.%s", c->index, boyin_codec_ext(s->fmt.codec));
    int rate = s->fmt.rate;
    uint64_t start = c->out_start, end = c->out_end;
    boyin_plan_audio au = {file, (double)start / rate, (double)(end - start) / rate, end - start};
    /* Every chunk has the bulletin's voice until runs arrive (issue 3). */
    char *entry = boyin_plan_chunk_json(c, s->voice, s->english, &au, NULL);
    if (!entry)
        return BOYIN_ENOMEM;
    int bad = fprintf(s->manifest, "%s\n    %s", s->segments ? "," : "", entry) < 0;
    free(entry);
    if (bad)
        return io_fail(s, "manifest.json");
    uint64_t t0 = to_ms(start, rate), t1 = to_ms(end, rate);
    unsigned cue = s->segments + 1;
    boyin_format_cue_time(a, t0, ',');
    boyin_format_cue_time(b, t1, ',');
    if (fprintf(s->srt, "%u\n%s --> %s\n%s\n\n", cue, a, b, c->text) < 0)
        return io_fail(s, "bulletin.srt");
    boyin_format_cue_time(a, t0, '.');
    boyin_format_cue_time(b, t1, '.');
    if (fprintf(s->vtt, "%u\n%s --> %s\n%s\n\n", cue, a, b, c->text) < 0)
        return io_fail(s, "bulletin.vtt");
    if (!s->nitems || c->item != s->last_item) { /* a chapter per item */
        uint64_t *na = realloc(s->item_at, (s->nitems + 1) * sizeof *na);
        if (na)
            s->item_at = na;
        char **nt = na ? realloc(s->item_title, (s->nitems + 1) * sizeof *nt) : NULL;
        if (nt)
            s->item_title = nt;
        char *t = nt ? strdup(c->text ? c->text : "") : NULL;
        if (!t)
            return BOYIN_ENOMEM;
        s->item_at[s->nitems] = c->out_start;
        s->item_title[s->nitems++] = t;
        s->last_item = c->item;
    }
    s->segments++;
    return BOYIN_OK;
}

static int manifest_skipped(boyin_sink *base, const boyin_chunk *c)
{
    manifest_sink *s = (manifest_sink *)base;
    char *entry = boyin_plan_chunk_json(c, s->voice, s->english, NULL, NULL);
    if (!entry)
        return BOYIN_ENOMEM;
    int bad = fprintf(s->skipped, "%s\n    %s", s->nskipped ? "," : "", entry) < 0;
    free(entry);
    if (bad)
        return io_fail(s, "manifest.json (skipped text)");
    s->nskipped++;
    return BOYIN_OK;
}

/* JSON has no infinities: silence measures -70 (the absolute gate). */
static double finite_or(double v)
{
    return isfinite(v) ? v : -70.0;
}

static int close_file(manifest_sink *s, FILE **f, const char *name)
{
    int r = fclose(*f);
    *f = NULL;
    return r ? io_fail(s, name) : BOYIN_OK;
}

static FILE *open_in(const char *folder, const char *name)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return fopen(path, "w");
}

static int manifest_close(boyin_sink *base, const boyin_bulletin *b)
{
    manifest_sink *s = (manifest_sink *)base;
    /* The skipped chunks, then the bulletin. */
    int bad = fputs("\n  ],\n  \"skipped\": [", s->manifest) < 0;
    rewind(s->skipped);
    char buf[8192];
    size_t k;
    while (!bad && (k = fread(buf, 1, sizeof buf, s->skipped)) > 0)
        bad = fwrite(buf, 1, k, s->manifest) != k;
    uint64_t frames = b->out_frames;
    const boyin_master_report *r = b->report;
    char loud[500] = "", target[16] = "null", mmax[16] = "null", smax[16] = "null";
    if (s->fmt.normalize)
        snprintf(target, sizeof target, "%.1f", s->fmt.loudness);
    if (r && isfinite(r->max_momentary))
        snprintf(mmax, sizeof mmax, "%.2f", r->max_momentary);
    if (r && isfinite(r->max_short_term))
        snprintf(smax, sizeof smax, "%.2f", r->max_short_term);
    if (r && r->done)
        snprintf(loud, sizeof loud,
                 ",\n    \"loudness\": {\"preset\": \"%s\", \"target\": %s, \"ceiling\": %.1f, "
                 "\"integrated\": %.2f, \"range\": %.2f, \"true_peak\": %.2f, "
                 "\"max_momentary\": %s, \"max_short_term\": %s, \"gain_db\": %.2f, "
                 "\"source_integrated\": %.2f, \"limited_frames\": %" PRIu64 "}",
                 s->fmt.preset, target, s->fmt.true_peak, finite_or(r->integrated), r->range,
                 finite_or(r->true_peak), mmax, smax, r->gain_db, finite_or(r->source_integrated), r->limited);
    /* chapters.json: one chapter per item, times in the bulletin; the
     * intro and outro have their own */
    size_t cap = s->nitems + 2;
    boyin_chapter_span *spans = calloc(cap, sizeof *spans);
    double *starts = calloc(cap, sizeof *starts), *ends = calloc(cap, sizeof *ends);
    char **titles = calloc(cap, sizeof *titles);
    char *chapters = NULL;
    if (spans && starts && ends && titles) {
        size_t nch = boyin_chapters_layout(b->intro_frames, s->item_at, s->nitems, boyin_bulletin_speech_end(b),
                                           b->outro_frames, spans);
        for (size_t k = 0; k < nch; k++) {
            starts[k] = (double)spans[k].start / s->fmt.rate;
            ends[k] = (double)spans[k].end / s->fmt.rate;
            titles[k] = spans[k].item >= 0 ? s->item_title[spans[k].item] : (char *)spans[k].name;
        }
        chapters = boyin_plan_chapters_json(starts, ends, titles, nch);
    }
    free(spans);
    free(starts);
    free(ends);
    free(titles);
    if (!chapters)
        return BOYIN_ENOMEM;
    FILE *cf = open_in(s->folder, "chapters.json");
    int cbad = !cf || fputs(chapters, cf) < 0 || fputc('\n', cf) < 0;
    if (cf && fclose(cf))
        cbad = 1;
    free(chapters);
    if (cbad)
        return io_fail(s, "chapters.json");
    char *title = boyin_plan_json_string(s->meta->title);
    char *date = boyin_plan_json_string(s->meta->date);
    if (!title || !date) {
        free(title);
        free(date);
        return BOYIN_ENOMEM;
    }
    bad = bad || fprintf(s->manifest,
                      "\n  ],\n  \"bulletin\": {\"file\": \"bulletin.%s\", \"title\": %s, \"date\": %s,\n"
                      "    \"samples\": %" PRIu64 ", \"duration\": %.6f, \"segments\": %u,\n"
                      "    \"subtitles\": [\"bulletin.srt\", \"bulletin.vtt\"], \"chapters\": \"chapters.json\"%s}\n}\n",
                      boyin_codec_ext(s->fmt.codec), title, date, frames, (double)frames / s->fmt.rate, s->segments,
                      loud) < 0;
    free(title);
    free(date);
    if (bad)
        return io_fail(s, "manifest.json");
    int st = close_file(s, &s->srt, "bulletin.srt");
    if (!st)
        st = close_file(s, &s->vtt, "bulletin.vtt");
    if (!st)
        st = close_file(s, &s->manifest, "manifest.json");
    return st;
}

static void manifest_destroy(boyin_sink *base)
{
    manifest_sink *s = (manifest_sink *)base;
    if (s->manifest)
        fclose(s->manifest);
    if (s->srt)
        fclose(s->srt);
    if (s->vtt)
        fclose(s->vtt);
    if (s->skipped)
        fclose(s->skipped);
    free(s->voice_json);
    for (size_t i = 0; i < s->nitems; i++)
        free(s->item_title[i]);
    free(s->item_title);
    free(s->item_at);
    free(s);
}

static const boyin_sink_ops MANIFEST_OPS = {manifest_segment, manifest_skipped, NULL, manifest_close,
                                            manifest_destroy};


int boyin_sink_manifest_create(const char *folder, const char *voice, const char *english,
                               const boyin_format *fmt, const boyin_meta *meta, boyin_sink **out, char *err,
                               size_t errlen)
{
    *out = NULL;
    manifest_sink *s = calloc(1, sizeof *s);
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &MANIFEST_OPS;
    s->fmt = *fmt;
    s->meta = meta;
    snprintf(s->folder, sizeof s->folder, "%s", folder);
    snprintf(s->voice, sizeof s->voice, "%s", voice);
    snprintf(s->english, sizeof s->english, "%s", english);
    s->voice_json = boyin_plan_json_string(voice);
    s->manifest = open_in(folder, "manifest.json");
    s->srt = open_in(folder, "bulletin.srt");
    s->vtt = open_in(folder, "bulletin.vtt");
    s->skipped = tmpfile();
    if (!s->voice_json || !s->manifest || !s->srt || !s->vtt || !s->skipped ||
        fprintf(s->manifest,
                "{\n  \"generator\": \"boyin " BOYIN_VERSION "\",\n  \"voice\": %s,\n  \"sample_rate\": %d,\n"
                "  \"channels\": %d,\n  \"format\": \"%s\",\n  \"bits\": %s,\n  \"segments\": [",
                s->voice_json, fmt->rate, fmt->channels, boyin_codec_ext(fmt->codec),
                fmt->codec == BOYIN_FMT_WAV ? (fmt->bits == 24 ? "24" : "16")
                : fmt->codec == BOYIN_FMT_FLAC ? (fmt->bits == 24 ? "24" : "16") : "null") < 0 ||
        fputs("WEBVTT\n\n", s->vtt) < 0) {
        snprintf(err, errlen, "cannot create files in %s: %s", folder, strerror(errno));
        manifest_destroy(&s->base);
        return BOYIN_EOUTPUT;
    }
    *out = &s->base;
    return BOYIN_OK;
}
