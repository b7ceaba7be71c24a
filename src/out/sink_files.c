/* sink_files.c - the bulletin and segment files through libsndfile, mastered. */
#include "sink_files.h"

#include <limits.h>
#include <pthread.h>
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "boyin.h"
#include "chunk.h"
#include "master.h"
#include "tags.h"

#define BLOCK 65536
#define SPEECH ".speech.wav" /* the engine's output, staged for the second pass */

typedef struct {
    unsigned index;
    uint64_t start, frames; /* at the engine's rate, in the bulletin */
    char *title;            /* the chunk's text (cut), for the segment file's tags */
} seg;

typedef struct {
    unsigned item;
    uint64_t start; /* engine rate */
    char title[256];
} item_start;

typedef struct {
    int fd;
    sf_count_t pos;
} vio_pipe;

typedef struct {
    boyin_sink base;
    char folder[PATH_MAX];
    char bulletin[PATH_MAX]; /* final name of the bulletin inside folder */
    int segments;            /* write NNNN.ext files */
    int in_rate;
    boyin_format fmt;
    boyin_master_report *report;
    SNDFILE *speech;
    boyin_meter *meter; /* the engine's output, as it comes ... */
    struct seg_worker *meter_worker; /* ... measured on the second core */
    float *fbuf;
    size_t fcap;
    seg *segs;
    size_t nsegs, capsegs;
    uint64_t at; /* frames of the bulletin so far, engine rate */
    boyin_meta meta;
    item_start *items;
    size_t nitems;
    char last_text[256]; /* the end of the last chunk said: cart's out cue */
    boyin_assembly asm_;  /* intro, outro, bed */
    double intro_lufs, outro_lufs, bed_lufs; /* measured at create */
    /* the bed, while a pass runs */
    SNDFILE *bed_f;
    SF_INFO bed_info;
    struct boyin_master *bed_m;
    float *bed_in, *bed_ring;
    size_t bed_ring_cap, bed_have, bed_off;
    double bed_env;         /* the ducking gain now */
    size_t bed_seg;         /* the next segment the ducking looks at */
    uint64_t bed_offset;    /* output frames before the speech (the intro) */
    uint64_t bed_fade_at;   /* output position (from the speech start) where the bed fades out */
    uint64_t bed_fade_len;  /* over this many frames */
    double elem_base;       /* the speech gain the elements' gains are relative to */
    double elem_speech;     /* the speech's level without a target (LUFS) */
    int bed_rate;           /* the speech chain's output rate in this pass */
    int stereo_elements; /* an intro, outro or bed is carried in stereo */
    int peak_only; /* the written pass measures only the true peak (see files_close) */
    int direct;  /* no loudness target: one pass, written as chunks arrive */
    int stream_fd; /* >= 0: the bulletin goes to this descriptor (direct mode) */
    double stream_gain; /* its fixed gain, dB */
    double stream_cg;   /* the codec's own level change, dB (lossy streams) */
    vio_pipe vio;       /* WAV streams: libsndfile writes raw PCM through this */
    char tmpdir[64];    /* streams: where the codec's level is measured */
    int opened;  /* direct: the writer is open */
    struct boyin_master *chain; /* direct: resampling only */
    void *w;     /* direct: the writer (a writer *) */
} files_sink;

static const short SILENCE[4096];

static int fail_path(files_sink *s, const char *name, SNDFILE *f)
{
    boyin_sink_set_error(&s->base, "cannot write %s/%s: %s", s->folder, name, sf_strerror(f));
    return BOYIN_EOUTPUT;
}

static int to_float(files_sink *s, const short *pcm, size_t n)
{
    if (n > s->fcap) {
        float *nb = realloc(s->fbuf, n * sizeof *nb);
        if (!nb)
            return BOYIN_ENOMEM;
        s->fbuf = nb;
        s->fcap = n;
    }
    for (size_t i = 0; i < n; i++)
        s->fbuf[i] = pcm[i] / 32768.0f;
    return BOYIN_OK;
}

static int direct_feed(files_sink *s, const float *x, size_t n);
static int open_direct(files_sink *s);
typedef struct seg_worker seg_worker;
enum { SEG_OPEN, SEG_DATA, SEG_CLOSE, SEG_QUIT };
static int seg_post(seg_worker *g, int kind, const seg *sg, const char *name, const float *x, size_t n, int in_seg);

/* Stage n samples of speech (or silence when pcm is NULL); in direct mode,
 * master and write them at once. */
static int stage(files_sink *s, const short *pcm, size_t n)
{
    if (s->direct) {
        while (n) {
            size_t k = n < 4096 || pcm ? n : 4096;
            int st = to_float(s, pcm ? pcm : SILENCE, k);
            if (st == BOYIN_OK)
                st = direct_feed(s, s->fbuf, k);
            if (st)
                return st;
            s->at += k;
            if (pcm)
                pcm += k;
            n -= k;
        }
        return BOYIN_OK;
    }
    while (n) {
        size_t k = n < 4096 || pcm ? n : 4096;
        const short *p = pcm ? pcm : SILENCE;
        if (sf_write_short(s->speech, p, (sf_count_t)k) != (sf_count_t)k)
            return fail_path(s, SPEECH, s->speech);
        int st = to_float(s, p, k);
        if (st == BOYIN_OK && seg_post(s->meter_worker, SEG_DATA, NULL, NULL, s->fbuf, k, 0)) {
            /* measured by the worker while the engine goes on; it fails only for memory */
            boyin_sink_set_error(&s->base, "out of memory while measuring the speech");
            st = BOYIN_ENOMEM;
        }
        if (st)
            return st;
        s->at += k;
        n -= k;
    }
    return BOYIN_OK;
}

static int files_segment(boyin_sink *base, const boyin_chunk *c)
{
    files_sink *s = (files_sink *)base;
    if (s->nsegs == s->capsegs) {
        size_t nc = s->capsegs ? s->capsegs * 2 : 64;
        seg *ns = realloc(s->segs, nc * sizeof *ns);
        if (!ns)
            return BOYIN_ENOMEM;
        s->segs = ns;
        s->capsegs = nc;
    }
    if (!s->meta.title[0]) /* the first headline, before the bulletin is opened */
        boyin_utf8_copy(s->meta.title, 200, c->text ? c->text : "");
    int st0 = open_direct(s);
    if (st0 == BOYIN_OK) /* the silence since the last chunk, where the timeline put it */
        st0 = stage(s, NULL, c->start - s->at);
    if (st0)
        return st0;
    char title[256];
    boyin_utf8_copy(title, sizeof title, c->text ? c->text : "");
    char *t = strdup(title);
    if (!t)
        return BOYIN_ENOMEM;
    s->segs[s->nsegs++] = (seg){c->index, s->at, c->samples, t};
    const char *text = c->text ? c->text : "";
    if (!s->nitems || s->items[s->nitems - 1].item != c->item) {
        item_start *ni = realloc(s->items, (s->nitems + 1) * sizeof *ni);
        if (!ni)
            return BOYIN_ENOMEM;
        s->items = ni;
        item_start *it = &s->items[s->nitems++];
        it->item = c->item;
        it->start = s->at;
        boyin_utf8_copy(it->title, sizeof it->title, text);
    }
    size_t tl = strlen(text), from = tl > 60 ? tl - 60 : 0;
    while (from > 0 && from < tl && ((unsigned char)text[from] & 0xC0) == 0x80)
        from++; /* the last words, from a character boundary */
    boyin_utf8_copy(s->last_text, sizeof s->last_text, text + from);
    return stage(s, c->pcm, c->samples);
}

/* ---- writing the formats -------------------------------------------------- */

static int sf_format_of(const boyin_format *f)
{
    int pcm = f->bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16;
    switch (f->codec) {
    case BOYIN_FMT_FLAC: return SF_FORMAT_FLAC | pcm;
    case BOYIN_FMT_VORBIS: return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case BOYIN_FMT_OPUS: return SF_FORMAT_OGG | SF_FORMAT_OPUS;
    case BOYIN_FMT_MP3: return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    case BOYIN_FMT_RAW: return SF_FORMAT_RAW | pcm | SF_ENDIAN_LITTLE;
    default: return SF_FORMAT_WAV | pcm;
    }
}

static void set_tags(files_sink *s, SNDFILE *f, int bulletin);

/* libsndfile virtual I/O onto a pipe: writes go through, positions are
 * counted (a stream cannot seek). */
static sf_count_t vio_len(void *u) { return ((vio_pipe *)u)->pos; }
static sf_count_t vio_seek(sf_count_t off, int whence, void *u)
{
    (void)off;
    (void)whence;
    return ((vio_pipe *)u)->pos;
}
static sf_count_t vio_read(void *p, sf_count_t n, void *u)
{
    (void)p;
    (void)n;
    (void)u;
    return 0;
}
static sf_count_t vio_write(const void *p, sf_count_t n, void *u)
{
    vio_pipe *v = u;
    const char *b = p;
    sf_count_t done = 0;
    while (done < n) {
        ssize_t w = write(v->fd, b + done, (size_t)(n - done));
        if (w <= 0)
            break;
        done += w;
    }
    v->pos += done;
    return done;
}
static sf_count_t vio_tell(void *u) { return ((vio_pipe *)u)->pos; }

/* A WAV header with unknown lengths, for a stream. */
static int wav_stream_header(files_sink *s)
{
    unsigned char h[44];
    int bytes = s->fmt.bits == 24 ? 3 : 2, ch = s->fmt.channels, rate = s->fmt.rate;
    uint32_t v[] = {0xFFFFFFFFu, 16, (uint32_t)(1 | ch << 16), (uint32_t)rate, (uint32_t)(rate * ch * bytes),
                    (uint32_t)(ch * bytes | (bytes * 8) << 16), 0xFFFFFFFFu};
    memcpy(h, "RIFF", 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    memcpy(h + 36, "data", 4);
    const int at[] = {4, 16, 20, 24, 28, 32, 40};
    for (int i = 0; i < 7; i++)
        for (int k = 0; k < 4; k++)
            h[at[i] + k] = (unsigned char)(v[i] >> (8 * k));
    for (size_t done = 0; done < sizeof h;) {
        ssize_t w = write(s->stream_fd, h + done, sizeof h - done);
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

/* An MP3 stream starts with an ID3v2.4 tag of the bulletin's metadata. */
static int stream_id3(files_sink *s)
{
    size_t len;
    unsigned char *tag = boyin_id3_build(&s->meta, NULL, 0, &len);
    int bad = !tag;
    for (size_t done = 0; !bad && done < len;) {
        ssize_t w = write(s->stream_fd, tag + done, len - done);
        bad = w <= 0;
        done += bad ? 0 : (size_t)w;
    }
    free(tag);
    return bad ? -1 : 0;
}

static SNDFILE *open_out(files_sink *s, const char *name, int bulletin)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", s->folder, name);
    SF_INFO info = {0};
    info.samplerate = s->fmt.rate;
    info.channels = s->fmt.channels;
    info.format = sf_format_of(&s->fmt);
    SNDFILE *f;
    if (bulletin && s->stream_fd >= 0) {
        if (s->fmt.codec == BOYIN_FMT_WAV) { /* libsndfile cannot stream WAV: raw PCM after our header */
            static SF_VIRTUAL_IO io = {vio_len, vio_seek, vio_read, vio_write, vio_tell};
            if (wav_stream_header(s))
                return NULL;
            s->vio.fd = s->stream_fd;
            s->vio.pos = 0;
            info.format = SF_FORMAT_RAW | (s->fmt.bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16);
            f = sf_open_virtual(&io, SFM_WRITE, &info, &s->vio);
        } else {
            if (s->fmt.codec == BOYIN_FMT_MP3 && stream_id3(s)) /* the tag first; no chapters: times come later */
                return NULL;
            f = sf_open_fd(s->stream_fd, SFM_WRITE, &info, 0);
        }
    } else {
        f = sf_open(path, SFM_WRITE, &info);
    }
    if (!f)
        return NULL;
    sf_command(f, SFC_SET_CLIPPING, NULL, SF_TRUE); /* never wrap around */
    if (s->fmt.codec == BOYIN_FMT_MP3) {
        int mode = s->fmt.vbr ? SF_BITRATE_MODE_VARIABLE : SF_BITRATE_MODE_CONSTANT;
        sf_command(f, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
        int kbps = s->fmt.bitrate ? s->fmt.bitrate : s->fmt.rate >= 32000 ? 128 : 64;
        /* libsndfile maps level 0..1 to 320..32 kbit/s (MPEG-1) or 160..8 (MPEG-2) */
        double hi = s->fmt.rate >= 32000 ? 320 : 160, lo = s->fmt.rate >= 32000 ? 32 : 8;
        double level = (hi - kbps) / (hi - lo) - 1e-9;
        if (s->fmt.vbr)
            level = 0.4; /* LAME's V4 */
        if (level < 0)
            level = 0;
        sf_command(f, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    }
    if (s->fmt.codec == BOYIN_FMT_OPUS) {
        /* libsndfile's Opus encoder goes from about 256 kbit/s at level 0 to
         * 6 at level 1, in a straight line (measured) */
        int kbps = s->fmt.bitrate ? s->fmt.bitrate : s->fmt.channels == 1 ? 64 : 96;
        double level = (256.0 - kbps) / 250.0;
        level = level < 0 ? 0 : level > 1 ? 1 : level;
        sf_command(f, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    }
    set_tags(s, f, bulletin);
    return f;
}

/* Tags libsndfile writes: LIST INFO, bext and cart for WAV, Vorbis comments
 * for FLAC, Ogg Vorbis and Opus (MP3 gets its ID3v2.4 tag afterwards). */
static void set_tags(files_sink *s, SNDFILE *f, int bulletin)
{
    const boyin_meta *m = &s->meta;
    if (s->fmt.codec == BOYIN_FMT_MP3)
        return;
    sf_set_string(f, SF_STR_SOFTWARE, "boyin " BOYIN_VERSION);
    if (!bulletin)
        return;
    if (m->title[0])
        sf_set_string(f, SF_STR_TITLE, m->title);
    if (m->artist[0] || m->station[0])
        sf_set_string(f, SF_STR_ARTIST, m->artist[0] ? m->artist : m->station);
    if (m->album[0])
        sf_set_string(f, SF_STR_ALBUM, m->album);
    if (m->comment[0])
        sf_set_string(f, SF_STR_COMMENT, m->comment);
    sf_set_string(f, SF_STR_DATE, m->date);
    if (s->fmt.codec != BOYIN_FMT_WAV || s->stream_fd >= 0)
        return;
    /* Broadcast WAV: bext (EBU Tech 3285 v2; loudness filled in at the end)
     * and cart (AES46) for radio automation. */
    SF_BROADCAST_INFO bi;
    memset(&bi, 0, sizeof bi);
    boyin_utf8_copy(bi.description, sizeof bi.description, m->title);
    char tmp[64];
    boyin_utf8_copy(tmp, 33, m->station[0] ? m->station : "boyin");
    memcpy(bi.originator, tmp, strlen(tmp));
    snprintf(tmp, sizeof tmp, "boyin%.4s%.2s%.2s%.2s%.2s%.2s", m->date, m->date + 5, m->date + 8, m->time,
             m->time + 3, m->time + 6);
    memcpy(bi.originator_reference, tmp, strlen(tmp) < 32 ? strlen(tmp) : 32);
    memcpy(bi.origination_date, m->date, 10);
    memcpy(bi.origination_time, m->time, 8);
    bi.version = 2;
    bi.loudness_value = bi.loudness_range = bi.max_true_peak_level = 0x7FFF;
    bi.max_momentary_loudness = bi.max_shortterm_loudness = 0x7FFF;
    const char *mode = s->fmt.channels == 1 ? "mono" : s->stereo_elements ? "stereo" : "dual-mono";
    int n = snprintf(bi.coding_history, sizeof bi.coding_history, "A=PCM,F=%d,W=%d,M=%s,T=boyin %s\r\n",
                     s->fmt.rate, s->fmt.bits, mode, BOYIN_VERSION);
    bi.coding_history_size = (uint32_t)n;
    sf_command(f, SFC_SET_BROADCAST_INFO, &bi, sizeof bi);
    SF_CART_INFO ci;
    memset(&ci, 0, sizeof ci);
    memcpy(ci.version, "0101", 4);
    boyin_utf8_copy(ci.title, sizeof ci.title, m->title);
    boyin_utf8_copy(ci.artist, sizeof ci.artist, m->artist[0] ? m->artist : m->station);
    boyin_utf8_copy(ci.client_id, sizeof ci.client_id, m->station);
    boyin_utf8_copy(ci.category, sizeof ci.category, m->category);
    memcpy(ci.start_date, m->date, 10);
    memcpy(ci.start_time, "00:00:00", 8);
    memcpy(ci.end_date, m->date, 10); /* news: valid for the day */
    memcpy(ci.end_time, "23:59:59", 8);
    memcpy(ci.producer_app_id, "boyin", 5);
    memcpy(ci.producer_app_version, BOYIN_VERSION, strlen(BOYIN_VERSION));
    ci.level_reference = 32768;
    sf_command(f, SFC_SET_CART_INFO, &ci, sizeof ci);
}

/* Write n frames (the file's channels, interleaved) to f. */
static int write_frames(SNDFILE *f, const float *x, size_t n)
{
    return sf_writef_float(f, x, (sf_count_t)n) == (sf_count_t)n ? 0 : -1;
}

/* A segment file's tags: its chunk's text as the title, the bulletin's
 * title as the album, its number as the track (not MP3: see below). */
static void tag_segment(files_sink *s, SNDFILE *f, unsigned index, const char *title)
{
    if (s->fmt.codec == BOYIN_FMT_MP3)
        return;
    char track[32];
    snprintf(track, sizeof track, "%u", index);
    sf_set_string(f, SF_STR_TITLE, title);
    sf_set_string(f, SF_STR_ALBUM, s->meta.title);
    sf_set_string(f, SF_STR_TRACKNUMBER, track);
}

/* An MP3 segment's ID3v2.4 tag, the same fields. */
static int tag_mp3_segment(files_sink *s, const char *name, unsigned index, const char *title)
{
    boyin_meta m = s->meta;
    boyin_utf8_copy(m.album, sizeof m.album, s->meta.title);
    boyin_utf8_copy(m.title, sizeof m.title, title);
    snprintf(m.track, sizeof m.track, "%u", index);
    m.comment[0] = '\0';
    char path[2 * PATH_MAX + 8], err[256];
    snprintf(path, sizeof path, "%s/%s", s->folder, name);
    return boyin_id3_prepend(path, &m, NULL, 0, err, sizeof err);
}

/* Segment files are encoded by a worker thread while the main thread
 * encodes the bulletin: the same frames go to both, so on two cores
 * writing them takes the time of one.  Jobs pass through a bounded queue
 * (SEG_JOBS blocks), so memory stays bounded. */
#define SEG_JOBS 16

typedef struct {
    int kind; /* SEG_OPEN, SEG_DATA, SEG_CLOSE, SEG_QUIT */
    unsigned index; /* SEG_OPEN: the segment's number ... */
    char *title;    /* ... and title (a copy the worker frees) */
    char name[32];
    float *x;
    size_t n;
    int in_seg; /* SEG_DATA: the frames also go to the open segment file */
} seg_job;


struct seg_worker {
    files_sink *s;
    boyin_meter *meter; /* every frame is measured here, off the main thread */
    int channels;       /* values per frame of the data posted */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    seg_job q[SEG_JOBS];
    size_t head, len;
    int failed;          /* a write failed: the worker's message is in failed_msg */
    char failed_msg[300];
};

static void *seg_worker_main(void *arg)
{
    seg_worker *g = arg;
    SNDFILE *cur = NULL;
    unsigned index = 0;
    char *title = NULL;
    char name[32] = "";
    for (;;) {
        pthread_mutex_lock(&g->lock);
        while (!g->len)
            pthread_cond_wait(&g->changed, &g->lock);
        seg_job j = g->q[g->head];
        pthread_mutex_unlock(&g->lock);
        int bad = 0;
        if (j.kind == SEG_OPEN) {
            cur = open_out(g->s, j.name, 0);
            bad = !cur;
            index = j.index;
            free(title);
            title = j.title;
            j.title = NULL;
            snprintf(name, sizeof name, "%s", j.name);
            if (cur)
                tag_segment(g->s, cur, index, title);
        } else if (j.kind == SEG_DATA) {
            bad = j.in_seg && cur && write_frames(cur, j.x, j.n);
            if (!bad)
                bad = boyin_meter_add(g->meter, j.x, j.n) != BOYIN_OK;
        } else if (j.kind == SEG_CLOSE && cur) {
            bad = sf_close(cur) != 0;
            cur = NULL;
            if (!bad && g->s->fmt.codec == BOYIN_FMT_MP3)
                bad = tag_mp3_segment(g->s, name, index, title ? title : "") != BOYIN_OK;
        }
        free(j.x);
        free(j.title);
        pthread_mutex_lock(&g->lock);
        if (bad && !g->failed) {
            g->failed = 1;
            snprintf(g->failed_msg, sizeof g->failed_msg, "cannot write %.200s: %.80s",
                     name[0] ? name : j.name, sf_strerror(cur));
        }
        g->head = (g->head + 1) % SEG_JOBS;
        g->len--;
        pthread_cond_broadcast(&g->changed);
        pthread_mutex_unlock(&g->lock);
        if (j.kind == SEG_QUIT)
            break;
    }
    if (cur)
        sf_close(cur);
    free(title);
    return NULL;
}

/* Queue a job (waits while the queue is full); x is copied. */
static int seg_post(seg_worker *g, int kind, const seg *sg, const char *name, const float *x, size_t n, int in_seg)
{
    seg_job j = {kind, sg ? sg->index : 0, NULL, "", NULL, n, in_seg};
    if (sg && !(j.title = strdup(sg->title ? sg->title : "")))
        return BOYIN_ENOMEM;
    if (name)
        snprintf(j.name, sizeof j.name, "%s", name);
    if (n) {
        size_t len = n * (size_t)g->channels;
        j.x = malloc(len * sizeof *j.x);
        if (!j.x)
            return BOYIN_ENOMEM;
        memcpy(j.x, x, len * sizeof *x);
    }
    pthread_mutex_lock(&g->lock);
    while (g->len == SEG_JOBS)
        pthread_cond_wait(&g->changed, &g->lock);
    g->q[(g->head + g->len) % SEG_JOBS] = j;
    g->len++;
    int failed = g->failed;
    pthread_cond_broadcast(&g->changed);
    pthread_mutex_unlock(&g->lock);
    return failed ? BOYIN_EOUTPUT : BOYIN_OK;
}

/* Start a worker in *gp (owned by the caller until seg_stop); *gp stays
 * NULL on failure. */
static int seg_start(files_sink *s, seg_worker **gp, boyin_meter *meter, int channels)
{
    seg_worker *g = calloc(1, sizeof *g);
    if (!g)
        return BOYIN_ENOMEM;
    g->s = s;
    g->meter = meter;
    g->channels = channels;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->changed, NULL);
    if (pthread_create(&g->thread, NULL, seg_worker_main, g)) {
        pthread_mutex_destroy(&g->lock);
        pthread_cond_destroy(&g->changed);
        free(g);
        return BOYIN_ENOMEM;
    }
    *gp = g;
    return BOYIN_OK;
}

/* Finish the worker *gp (NULL: nothing to do), free it and set *gp to
 * NULL; its failure (if any) goes to the sink's message. */
static int seg_stop(files_sink *s, seg_worker **gp)
{
    seg_worker *g = *gp;
    if (!g)
        return BOYIN_OK;
    *gp = NULL;
    seg_post(g, SEG_QUIT, NULL, NULL, NULL, 0, 0);
    pthread_join(g->thread, NULL);
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->changed);
    if (g->failed)
        boyin_sink_set_error(&s->base, "%s/%s", s->folder, g->failed_msg);
    int st = g->failed ? BOYIN_EOUTPUT : BOYIN_OK;
    free(g);
    return st;
}

/* Where mastered frames go: the meter, and when writing, the bulletin and
 * the segment files, cut at the segments' mapped positions. */
typedef struct {
    int rate, write;
    boyin_meter *meter;
    SNDFILE *bul;
    size_t next;      /* the next segment to begin */
    int in_seg;       /* inside a segment (its file is cur when writing) */
    uint64_t pos, seg_end;
    uint64_t offset;  /* frames before the speech (the intro): segments start this much later */
    int channels;     /* values per frame: the file's when writing, else 1 */
    seg_worker *seg;  /* writing: the worker that encodes the segments and measures */
} writer;

static int writer_open(files_sink *s, writer *w, int rate, int write)
{
    memset(w, 0, sizeof *w);
    w->rate = rate;
    w->write = write;
    w->channels = write ? s->fmt.channels : 1;
    int what = !write ? BOYIN_METER_LOUDNESS : s->peak_only ? BOYIN_METER_PEAK : BOYIN_METER_RANGE;
    int st = boyin_meter_create(rate, w->channels, what, &w->meter);
    if (st == BOYIN_OK && write && !(w->bul = open_out(s, s->bulletin, 1)))
        st = fail_path(s, s->bulletin, NULL);
    if (st == BOYIN_OK && write) /* segments and the meter on the second core */
        st = seg_start(s, &w->seg, w->meter, s->fmt.channels);
    return st;
}

/* Feed n mastered frames; `end`: no more will come (close the last segment). */
static int writer_feed(files_sink *s, writer *w, const float *y, size_t n, int end)
{
    int st = BOYIN_OK;
    for (size_t off = 0; st == BOYIN_OK && (off < n || (end && w->in_seg));) {
        if (w->in_seg && w->pos >= w->seg_end) { /* the segment ends here */
            w->in_seg = 0;
            if (w->seg && s->segments)
                st = seg_post(w->seg, SEG_CLOSE, NULL, NULL, NULL, 0, 0);
            continue;
        }
        uint64_t start = w->next < s->nsegs
                             ? boyin_frames_map(s->segs[w->next].start, s->in_rate, w->rate) + w->offset
                             : UINT64_MAX;
        if (!w->in_seg && start <= w->pos) { /* a segment begins here */
            const seg *g = &s->segs[w->next++];
            w->seg_end = boyin_frames_map(g->start + g->frames, s->in_rate, w->rate) + w->offset;
            w->in_seg = 1;
            if (w->write && s->segments) {
                char name[32];
                snprintf(name, sizeof name, "%04u.%s", g->index, boyin_codec_ext(s->fmt.codec));
                st = seg_post(w->seg, SEG_OPEN, g, name, NULL, 0, 0);
            }
            continue;
        }
        if (off >= n)
            break;
        uint64_t edge = w->in_seg ? w->seg_end : start;
        size_t k = n - off;
        if (k > BLOCK)
            k = BLOCK;
        if (edge - w->pos < k)
            k = (size_t)(edge - w->pos);
        const float *yk = y + off * (size_t)w->channels;
        if (w->write && write_frames(w->bul, yk, k))
            st = fail_path(s, s->bulletin, w->bul);
        if (st == BOYIN_OK && w->seg) /* the worker writes the segment and measures */
            st = seg_post(w->seg, SEG_DATA, NULL, NULL, yk, k, w->in_seg && s->segments);
        else if (st == BOYIN_OK)
            st = boyin_meter_add(w->meter, yk, k);
        w->pos += k;
        off += k;
    }
    return st;
}

/* Close the files (st: the status so far); the measurement goes to *out. */
static int writer_close(files_sink *s, writer *w, int st, boyin_loudness *out)
{
    if (st == BOYIN_OK && w->write && s->segments && (w->in_seg || w->next < s->nsegs)) {
        boyin_sink_set_error(&s->base, "%s: the audio ended before segment %zu of %zu; nothing was written",
                             s->folder, w->next, s->nsegs);
        st = BOYIN_EOUTPUT;
    }
    int sst = seg_stop(s, &w->seg);
    if (st == BOYIN_OK)
        st = sst;
    if (w->bul && sf_close(w->bul) && st == BOYIN_OK)
        st = fail_path(s, s->bulletin, NULL);
    w->bul = NULL;
    if (st == BOYIN_OK && out)
        st = boyin_meter_result(w->meter, out);
    if (st == BOYIN_OK && w->write)
        s->report->frames = w->pos;
    boyin_meter_destroy(w->meter);
    w->meter = NULL;
    return st;
}

/* ---- intro, outro and the music bed --------------------------------------- */

/* The channels an element is read with: stereo stays stereo when the
 * bulletin is stereo; anything else is mixed to mono. */
static int element_channels(const files_sink *s, int file_channels)
{
    return file_channels == 2 && s->fmt.channels == 2 ? 2 : 1;
}

/* Read up to `max` frames of an open sound file of `channels` into out as
 * `want` channels (1: the channels averaged; 2: a stereo file as it is);
 * returns the frames read. */
static size_t read_frames(SNDFILE *f, int channels, int want, float *out, float *tmp, size_t max)
{
    sf_count_t got = sf_readf_float(f, channels == want ? out : tmp, (sf_count_t)max);
    if (got <= 0)
        return 0;
    if (channels != want)
        for (sf_count_t i = 0; i < got; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++)
                sum += tmp[i * channels + c];
            out[i] = sum / (float)channels;
        }
    return (size_t)got;
}

/* Open an element's sound file with buffers for read_frames; on failure a
 * message on the sink and nothing to free. */
static int element_open(files_sink *s, const char *path, SF_INFO *info, SNDFILE **f, float **frames, float **tmp)
{
    memset(info, 0, sizeof *info);
    *f = sf_open(path, SFM_READ, info);
    if (!*f) {
        boyin_sink_set_error(&s->base, "%.400s: cannot read: %s", path, sf_strerror(NULL));
        return BOYIN_EINPUT;
    }
    *frames = malloc(BLOCK * 2 * sizeof **frames);
    *tmp = malloc(BLOCK * (size_t)info->channels * sizeof **tmp);
    if (*frames && *tmp)
        return BOYIN_OK;
    free(*frames);
    free(*tmp);
    sf_close(*f);
    return BOYIN_ENOMEM;
}

/* The integrated loudness of a sound file as the bulletin will carry it:
 * in stereo, or mixed to mono (measured as dual mono). */
static int element_loudness(files_sink *s, const char *path, double *lufs)
{
    SF_INFO info;
    SNDFILE *f;
    float *frames, *tmp;
    int st = element_open(s, path, &info, &f, &frames, &tmp);
    if (st)
        return st;
    int ch = element_channels(s, info.channels);
    s->stereo_elements |= ch == 2;
    boyin_meter *m = NULL;
    st = boyin_meter_create(info.samplerate, ch, BOYIN_METER_LOUDNESS, &m);
    size_t got;
    while (st == BOYIN_OK && (got = read_frames(f, info.channels, ch, frames, tmp, BLOCK)) > 0)
        st = boyin_meter_add(m, frames, got);
    boyin_loudness l;
    if (st == BOYIN_OK)
        st = boyin_meter_result(m, &l);
    *lufs = st == BOYIN_OK ? l.integrated : -HUGE_VAL;
    boyin_meter_destroy(m);
    free(frames);
    free(tmp);
    sf_close(f);
    return st;
}

/* The gain (dB) that brings an element to the bulletin's level: the target
 * when there is one, else the engine's speech loudness. */
static double element_gain(const files_sink *s, double lufs, double speech_lufs)
{
    if (!isfinite(lufs))
        return 0;
    double level = s->fmt.normalize ? s->fmt.loudness : speech_lufs;
    return isfinite(level) ? level - lufs : 0;
}

/* Write an intro or outro through its own chain into the writer. */
static int element_write(files_sink *s, writer *w, const char *path, double gain_db, double ceiling_db)
{
    SF_INFO info;
    SNDFILE *f;
    float *frames, *tmp;
    int st = element_open(s, path, &info, &f, &frames, &tmp);
    if (st)
        return st;
    boyin_master *m = NULL;
    int ch = element_channels(s, info.channels);
    st = boyin_master_create(info.samplerate, s->fmt.rate, ch, s->fmt.channels, gain_db, ceiling_db, &m);
    for (int done = 0; st == BOYIN_OK && !done;) {
        size_t got = read_frames(f, info.channels, ch, frames, tmp, BLOCK);
        const float *y;
        size_t ny;
        done = got == 0;
        st = boyin_master_process(m, done ? NULL : frames, got, &y, &ny);
        if (st == BOYIN_OK)
            st = writer_feed(s, w, y, ny, 0);
    }
    boyin_master_destroy(m);
    free(frames);
    free(tmp);
    sf_close(f);
    return st;
}

#define BED_LEAD_MS 250   /* the bed goes down this long before speech */
#define BED_HOLD_MS 600   /* and stays down this long after it */
#define BED_FADE_IN_MS 1000
#define BED_FADE_OUT_MS 2000

/* Start the bed for a pass whose speech comes out at `rate` (the gain is
 * the bed's level; the ducking and fades are applied as it is mixed). */
static int bed_begin(files_sink *s, int rate, double gain_db)
{
    s->bed_f = sf_open(s->asm_.bed, SFM_READ, &s->bed_info);
    if (!s->bed_f) {
        boyin_sink_set_error(&s->base, "%.400s: cannot read: %s", s->asm_.bed, sf_strerror(NULL));
        return BOYIN_EINPUT;
    }
    s->bed_in = malloc(BLOCK * ((size_t)s->bed_info.channels + 2) * sizeof *s->bed_in);
    s->bed_have = s->bed_off = s->bed_seg = 0;
    s->bed_env = pow(10, -s->asm_.duck_db / 20); /* speech comes first: start ducked */
    if (!s->bed_in)
        return BOYIN_ENOMEM;
    return boyin_master_create(s->bed_info.samplerate, rate, element_channels(s, s->bed_info.channels),
                               s->fmt.channels, gain_db, 1, &s->bed_m);
}

static void bed_end(files_sink *s)
{
    if (s->bed_f)
        sf_close(s->bed_f);
    s->bed_f = NULL;
    boyin_master_destroy(s->bed_m);
    s->bed_m = NULL;
    free(s->bed_in);
    s->bed_in = NULL;
    free(s->bed_ring);
    s->bed_ring = NULL;
    s->bed_ring_cap = 0;
}

/* More bed frames at the output rate (and channels) into the ring (the
 * file loops). */
static int bed_refill(files_sink *s, size_t need)
{
    size_t ch = (size_t)s->fmt.channels;
    while (s->bed_have - s->bed_off < need) {
        if (s->bed_off > 0) { /* move what is left to the front */
            memmove(s->bed_ring, s->bed_ring + s->bed_off * ch,
                    (s->bed_have - s->bed_off) * ch * sizeof *s->bed_ring);
            s->bed_have -= s->bed_off;
            s->bed_off = 0;
        }
        float *frames = s->bed_in, *tmp = s->bed_in + 2 * BLOCK;
        size_t got = read_frames(s->bed_f, s->bed_info.channels, element_channels(s, s->bed_info.channels), frames,
                                 tmp, BLOCK);
        if (got == 0) {
            if (sf_seek(s->bed_f, 0, SEEK_SET) < 0 || s->bed_info.frames == 0)
                return -1;
            continue;
        }
        const float *y;
        size_t ny;
        if (boyin_master_process(s->bed_m, frames, got, &y, &ny))
            return -1;
        if (s->bed_have + ny > s->bed_ring_cap) { /* cap in frames */
            size_t nc = (s->bed_have + ny) * 2;
            float *nr = realloc(s->bed_ring, nc * ch * sizeof *nr);
            if (!nr)
                return -1;
            s->bed_ring = nr;
            s->bed_ring_cap = nc;
        }
        if (ny) /* the resampler's first blocks can give nothing (bed_ring still NULL) */
            memcpy(s->bed_ring + s->bed_have * ch, y, ny * ch * sizeof *y);
        s->bed_have += ny;
    }
    return 0;
}

/* The mix hook of the speech chain: add the bed, ducked while speech plays
 * (from BED_LEAD_MS before a segment to BED_HOLD_MS after it, with a 50 ms
 * attack and a 400 ms release), faded in at the start and out at the end. */
static void bed_mix(void *ctx, uint64_t pos, float *x, size_t n)
{
    files_sink *s = ctx;
    int rate = s->bed_rate;
    size_t ch = (size_t)s->fmt.channels;
    if (!s->bed_f || bed_refill(s, n))
        return;
    double duck = pow(10, -s->asm_.duck_db / 20);
    double attack = 1 - exp(-1.0 / (0.050 * rate)), release = 1 - exp(-1.0 / (0.400 * rate));
    uint64_t lead = (uint64_t)BED_LEAD_MS * (uint64_t)rate / 1000, hold = (uint64_t)BED_HOLD_MS * (uint64_t)rate / 1000;
    uint64_t fade_in = (uint64_t)BED_FADE_IN_MS * (uint64_t)rate / 1000;
    for (size_t i = 0; i < n; i++) {
        uint64_t p = pos + i;
        /* the segment that can still duck this frame */
        while (s->bed_seg < s->nsegs &&
               boyin_frames_map(s->segs[s->bed_seg].start + s->segs[s->bed_seg].frames, s->in_rate, rate) + hold < p)
            s->bed_seg++;
        int speech = 0;
        if (s->bed_seg < s->nsegs) {
            uint64_t a = boyin_frames_map(s->segs[s->bed_seg].start, s->in_rate, rate);
            speech = p + lead >= a;
        }
        double target = speech ? duck : 1.0;
        s->bed_env += (target - s->bed_env) * (target < s->bed_env ? attack : release);
        double fade = p < fade_in ? (double)p / (double)fade_in : 1.0;
        if (p >= s->bed_fade_at) {
            double left = s->bed_fade_len ? 1.0 - (double)(p - s->bed_fade_at) / (double)s->bed_fade_len : 0;
            fade *= left > 0 ? left : 0;
        }
        for (size_t c = 0; c < ch; c++)
            x[i * ch + c] += (float)(s->bed_ring[(s->bed_off + i) * ch + c] * s->bed_env * fade);
    }
    s->bed_off += n;
}

/*
 * One pass over the staged speech: gain, resampling, limiter; measures what
 * comes out and, when `write` is set, writes the bulletin and the segments
 * cut from it.  Trial passes (not writing) run at the engine's rate.
 */
static int pass(files_sink *s, double gain_db, double ceiling_db, int write, boyin_loudness *out, uint64_t *limited)
{
    int rate = write ? s->fmt.rate : s->in_rate;
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" SPEECH, s->folder);
    SF_INFO info = {0};
    SNDFILE *in = sf_open(path, SFM_READ, &info);
    if (!in)
        return fail_path(s, SPEECH, NULL);
    boyin_master *m = NULL;
    writer w;
    float *buf = malloc(BLOCK * sizeof *buf);
    int st = buf ? BOYIN_OK : BOYIN_ENOMEM;
    if (st == BOYIN_OK)
        st = boyin_master_create(s->in_rate, rate, 1, write ? s->fmt.channels : 1, gain_db, ceiling_db, &m);
    int opened = st == BOYIN_OK;
    if (opened)
        st = writer_open(s, &w, rate, write);
    /* Intro, outro and bed go into the written pass only, at the same
     * level as the speech (the correction of gain_db applies to them too). */
    double delta = gain_db - s->elem_base;
    if (st == BOYIN_OK && write && s->asm_.intro[0]) {
        w.offset = s->asm_.intro_frames;
        st = element_write(s, &w, s->asm_.intro, element_gain(s, s->intro_lufs, s->elem_speech) + delta, ceiling_db);
    }
    if (st == BOYIN_OK && write && s->asm_.bed[0]) {
        s->bed_rate = rate;
        uint64_t total = boyin_frames_map(s->at, s->in_rate, rate);
        const seg *g = s->nsegs ? &s->segs[s->nsegs - 1] : NULL;
        s->bed_fade_at = g ? boyin_frames_map(g->start + g->frames, s->in_rate, rate) : 0;
        s->bed_fade_len = total > s->bed_fade_at ? total - s->bed_fade_at : 0;
        if (s->bed_fade_len > (uint64_t)BED_FADE_OUT_MS * (uint64_t)rate / 1000) {
            s->bed_fade_at = total - (uint64_t)BED_FADE_OUT_MS * (uint64_t)rate / 1000;
            s->bed_fade_len = (uint64_t)BED_FADE_OUT_MS * (uint64_t)rate / 1000;
        }
        st = bed_begin(s, rate, element_gain(s, s->bed_lufs, s->elem_speech) + delta);
        if (st == BOYIN_OK)
            boyin_master_set_mix(m, bed_mix, s);
    }
    for (int done = 0; st == BOYIN_OK && !done;) {
        sf_count_t got = sf_readf_float(in, buf, BLOCK);
        const float *y;
        size_t ny;
        done = got <= 0;
        st = boyin_master_process(m, done ? NULL : buf, done ? 0 : (size_t)got, &y, &ny);
        if (st == BOYIN_OK)
            st = writer_feed(s, &w, y, ny, done);
    }
    if (st == BOYIN_OK && write && s->asm_.outro[0])
        st = element_write(s, &w, s->asm_.outro, element_gain(s, s->outro_lufs, s->elem_speech) + delta, ceiling_db);
    if (opened)
        st = writer_close(s, &w, st, out);
    if (limited)
        *limited = m ? boyin_master_limited(m) : 0;
    bed_end(s);
    sf_close(in);
    boyin_master_destroy(m);
    free(buf);
    return st;
}

static int direct_feed(files_sink *s, const float *x, size_t n)
{
    const float *y;
    size_t ny;
    int st = boyin_master_process(s->chain, x, n, &y, &ny);
    return st ? st : writer_feed(s, (writer *)s->w, y, ny, x == NULL);
}

/* The bulletin's tags that need the finished audio: Broadcast WAV
 * loudness, out cue and cue points; MP3's ID3v2.4 tag with a chapter per
 * item. */
static int finish_bulletin(files_sink *s, const boyin_loudness *l)
{
    if (s->stream_fd >= 0)
        return BOYIN_OK;
    char path[2 * PATH_MAX + 8], err[2 * PATH_MAX + 128];
    snprintf(path, sizeof path, "%s/%s", s->folder, s->bulletin);
    int rate = s->fmt.rate, st = BOYIN_OK;
    uint64_t intro = s->asm_.intro_frames;
    if (s->fmt.codec == BOYIN_FMT_WAV) {
        uint64_t *cues = malloc((s->nsegs + 1) * sizeof *cues);
        if (!cues)
            return BOYIN_ENOMEM;
        for (size_t i = 0; i < s->nsegs; i++)
            cues[i] = boyin_frames_map(s->segs[i].start, s->in_rate, rate) + intro;
        st = boyin_wav_finish(path, l, s->last_text, cues, s->nsegs, err,
                              sizeof err);
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
        size_t n = boyin_chapters_layout(&s->asm_, starts, s->nitems, s->at, s->in_rate, rate, spans);
        for (size_t k = 0; k < n; k++) {
            ch[k].start_ms = (uint32_t)((spans[k].start * 1000 + (uint64_t)rate / 2) / (uint64_t)rate);
            ch[k].end_ms = (uint32_t)((spans[k].end * 1000 + (uint64_t)rate / 2) / (uint64_t)rate);
            boyin_utf8_copy(ch[k].title, sizeof ch[k].title,
                            spans[k].item >= 0 ? s->items[spans[k].item].title : spans[k].name);
        }
        free(spans);
        free(starts);
        st = boyin_id3_prepend(path, &s->meta, ch, n, err, sizeof err);
        free(ch);
    }
    if (st == BOYIN_EOUTPUT)
        boyin_sink_set_error(&s->base, "%.500s", err);
    return st;
}

/* Direct mode: open the writer at the first chunk, when the title is known. */
static int open_direct(files_sink *s)
{
    if (!s->direct || s->opened)
        return BOYIN_OK;
    s->opened = 1;
    writer *w = s->w;
    int st = writer_open(s, w, s->fmt.rate, 1);
    if (st == BOYIN_OK && s->asm_.intro[0]) {
        w->offset = s->asm_.intro_frames;
        st = element_write(s, w, s->asm_.intro, element_gain(s, s->intro_lufs, s->elem_speech), 1);
    }
    if (st == BOYIN_OK && s->asm_.bed[0]) {
        s->bed_rate = s->fmt.rate;
        s->bed_fade_at = UINT64_MAX; /* known at close */
        st = bed_begin(s, s->fmt.rate, element_gain(s, s->bed_lufs, s->elem_speech));
        if (st == BOYIN_OK)
            boyin_master_set_mix(s->chain, bed_mix, s);
    }
    return st;
}

static int lossy(const boyin_format *f)
{
    return f->codec == BOYIN_FMT_MP3 || f->codec == BOYIN_FMT_VORBIS || f->codec == BOYIN_FMT_OPUS;
}

/* Measure a written file as a listener's decoder gives it. */
static int measure_file(files_sink *s, const char *name, boyin_loudness *out)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", s->folder, name);
    SF_INFO info = {0};
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return fail_path(s, name, NULL);
    boyin_meter *m = NULL;
    float *buf = malloc(BLOCK * (size_t)info.channels * sizeof *buf);
    int st = buf ? boyin_meter_create(info.samplerate, info.channels, BOYIN_METER_RANGE, &m) : BOYIN_ENOMEM;
    sf_count_t got;
    while (st == BOYIN_OK && (got = sf_readf_float(f, buf, BLOCK)) > 0)
        st = boyin_meter_add(m, buf, (size_t)got);
    if (st == BOYIN_OK)
        st = boyin_meter_result(m, out);
    boyin_meter_destroy(m);
    free(buf);
    sf_close(f);
    return st;
}

/* How much a lossy codec changes the level (libsndfile's MP3 encoder gives
 * about -0.45 dB): one second of a 1 kHz tone through it, in dB. */
static int codec_gain(files_sink *s, double *db)
{
    *db = 0;
    if (!lossy(&s->fmt))
        return BOYIN_OK;
    char name[32];
    snprintf(name, sizeof name, ".cal.%s", boyin_codec_ext(s->fmt.codec));
    int rate = s->fmt.rate;
    float *x = malloc((size_t)rate * 2 * sizeof *x), *st2 = malloc((size_t)rate * 4 * sizeof *st2);
    SNDFILE *f = x && st2 ? open_out(s, name, 0) : NULL;
    int st = f ? BOYIN_OK : BOYIN_EOUTPUT;
    double e_in = 0;
    for (int i = 0; st == BOYIN_OK && i < rate; i++) {
        x[i] = (float)(0.1 * sin(2 * M_PI * 1000.0 * i / rate));
        e_in += (double)x[i] * x[i];
    }
    for (int i = 0; st == BOYIN_OK && i < rate; i++)
        for (int c = 0; c < s->fmt.channels; c++)
            st2[i * s->fmt.channels + c] = x[i];
    if (st == BOYIN_OK && write_frames(f, st2, (size_t)rate))
        st = BOYIN_EOUTPUT;
    if (f && sf_close(f))
        st = BOYIN_EOUTPUT;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", s->folder, name);
    SF_INFO info = {0};
    SNDFILE *r = st == BOYIN_OK ? sf_open(path, SFM_READ, &info) : NULL;
    if (r) {
        /* the middle half, away from the codec's start and end */
        double e = 0;
        sf_count_t n = 0, got;
        float buf[4096];
        size_t pos = 0;
        while ((got = sf_readf_float(r, buf, 4096 / (size_t)info.channels)) > 0) {
            for (sf_count_t i = 0; i < got; i++, pos++)
                if (pos >= (size_t)rate / 4 && pos < (size_t)rate * 3 / 4) {
                    e += (double)buf[i * info.channels] * buf[i * info.channels];
                    n++;
                }
        }
        sf_close(r);
        if (n && e > 0)
            *db = 10 * log10((e / (double)n) / (e_in / rate));
    }
    unlink(path);
    free(x);
    free(st2);
    if (st)
        boyin_sink_set_error(&s->base, "cannot write %s/%s", s->folder, name);
    return st;
}

static int files_finish(boyin_sink *base, const boyin_bulletin *b, boyin_master_report *report)
{
    files_sink *s = (files_sink *)base;
    s->report = report;
    if (s->direct) {
        boyin_loudness got;
        int st = open_direct(s);
        if (st == BOYIN_OK && s->asm_.bed[0]) { /* the bed fades out over the last pause */
            int rate = s->fmt.rate;
            const seg *g = s->nsegs ? &s->segs[s->nsegs - 1] : NULL;
            uint64_t total = boyin_frames_map(b->speech_frames, s->in_rate, rate);
            s->bed_fade_at = g ? boyin_frames_map(g->start + g->frames, s->in_rate, rate) : 0;
            s->bed_fade_len = total > s->bed_fade_at ? total - s->bed_fade_at : 0;
        }
        if (st == BOYIN_OK) /* the last pause */
            st = stage(s, NULL, b->speech_frames - s->at);
        if (st == BOYIN_OK)
            st = direct_feed(s, NULL, 0);
        if (st == BOYIN_OK && s->asm_.outro[0])
            st = element_write(s, (writer *)s->w, s->asm_.outro, element_gain(s, s->outro_lufs, s->elem_speech),
                               1);
        bed_end(s);
        st = writer_close(s, (writer *)s->w, st, &got);
        free(s->w);
        s->w = NULL;
        if (st == BOYIN_OK && lossy(&s->fmt) && s->stream_fd < 0)
            st = measure_file(s, s->bulletin, &got);
        if (st == BOYIN_OK)
            st = finish_bulletin(s, &got);
        if (st == BOYIN_OK) {
            boyin_master_report *rp = s->report;
            rp->done = 1;
            rp->gain_db = s->stream_gain;
            if (s->stream_fd >= 0 && lossy(&s->fmt)) { /* measured before the encoder: add its change */
                got.integrated += s->stream_cg;
                got.true_peak += s->stream_cg;
                got.max_momentary += s->stream_cg;
                got.max_short_term += s->stream_cg;
            }
            rp->limited = s->chain ? boyin_master_limited(s->chain) : 0;
            rp->integrated = rp->source_integrated = got.integrated;
            rp->range = got.range;
            rp->max_momentary = got.max_momentary;
            rp->max_short_term = got.max_short_term;
            rp->true_peak = got.true_peak;
        }
        return st;
    }
    if (s->speech && b->speech_frames > s->at) { /* the last pause */
        int pst = stage(s, NULL, b->speech_frames - s->at);
        if (pst)
            return pst;
    }
    int r = s->speech ? sf_close(s->speech) : 0;
    s->speech = NULL;
    if (r) {
        boyin_sink_set_error(&s->base, "cannot finish %s/" SPEECH ": %s", s->folder, sf_error_number(r));
        return BOYIN_EOUTPUT;
    }
    int st = seg_stop(s, &s->meter_worker);
    boyin_loudness src, got;
    if (st == BOYIN_OK)
        st = boyin_meter_result(s->meter, &src);
    double gain = 0, ceiling = 1; /* ceiling >= 0: no limiter */
    uint64_t limited = 0;
    double cg = 0; /* the codec's own gain, made up for */
    if (st == BOYIN_OK && s->fmt.normalize)
        st = codec_gain(s, &cg);
    if (st == BOYIN_OK && s->fmt.normalize && isfinite(src.integrated)) {
        /* The gain to the target; when the peaks would pass the ceiling,
         * trial passes at the engine's rate find the gain and limiter
         * ceiling that land on the target (the limiter takes some loudness
         * away).  The final pass is measured as written (decoded, for lossy
         * codecs) and, rarely, redone. */
        gain = s->fmt.loudness - src.integrated;
        s->elem_base = gain - cg;
        ceiling = s->fmt.true_peak - (lossy(&s->fmt) ? 0.5 : 0.1);
        int trial = src.true_peak + gain > ceiling;
        /* The limiter only runs when something can reach the ceiling: the
         * speech after its gain, or an intro, outro or bed. */
        int limit = trial || s->asm_.intro[0] || s->asm_.outro[0] || s->asm_.bed[0];
        for (int i = 0; i < 6 && st == BOYIN_OK; i++) {
            int final = !trial;
            /* With no limiter and nothing mixed in, the written loudness is
             * the engine's plus the gain (resampling does not change it) and
             * the range is the engine's: the written pass measures only the
             * true peak, which costs far less. */
            s->peak_only = final && !limit && !lossy(&s->fmt);
            st = pass(s, final ? gain - cg : gain, limit ? ceiling : 1.0, final, &got, &limited);
            if (st == BOYIN_OK && s->peak_only) {
                got.integrated = src.integrated + gain;
                got.range = src.range;
                got.max_momentary = src.max_momentary + gain;
                got.max_short_term = src.max_short_term + gain;
            }
            if (st == BOYIN_OK && final && lossy(&s->fmt))
                st = measure_file(s, s->bulletin, &got);
            int loud_ok = fabs(got.integrated - s->fmt.loudness) <= (final ? 0.2 : 0.05);
            int peak_ok = got.true_peak <= s->fmt.true_peak - (final ? 0.02 : lossy(&s->fmt) ? 0.5 : 0.1);
            if (st || (final && loud_ok && peak_ok) || (final && i >= 4))
                break;
            if (!loud_ok)
                gain += s->fmt.loudness - got.integrated;
            if (!peak_ok && limit)
                ceiling -= got.true_peak - (s->fmt.true_peak - (lossy(&s->fmt) ? 0.55 : 0.15));
            limit |= !peak_ok;
            trial = trial && !(loud_ok && peak_ok) && i < 3;
        }
        gain -= cg;
        s->report->missed = st == BOYIN_OK && (fabs(got.integrated - s->fmt.loudness) > 0.5 ||
                                              got.true_peak > s->fmt.true_peak + 0.05);
    } else if (st == BOYIN_OK) {
        st = pass(s, gain, ceiling, 1, &got, &limited);
        if (st == BOYIN_OK && lossy(&s->fmt))
            st = measure_file(s, s->bulletin, &got);
    }
    if (st == BOYIN_OK)
        st = finish_bulletin(s, &got);
    if (st == BOYIN_OK) {
        boyin_master_report *rp = s->report;
        rp->done = 1;
        rp->integrated = got.integrated;
        rp->range = got.range;
        rp->max_momentary = got.max_momentary;
        rp->max_short_term = got.max_short_term;
        rp->true_peak = got.true_peak;
        rp->gain_db = gain;
        rp->source_integrated = src.integrated;
        rp->limited = limited;
    }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" SPEECH, s->folder);
    unlink(path);
    return st;
}

static void files_destroy(boyin_sink *base)
{
    files_sink *s = (files_sink *)base;
    if (s->w) {
        writer *w = s->w;
        seg_stop(s, &w->seg);
        if (w->bul)
            sf_close(w->bul);
        boyin_meter_destroy(w->meter);
        free(w);
    }
    bed_end(s);
    boyin_master_destroy(s->chain);
    seg_stop(s, &s->meter_worker);
    if (s->speech)
        sf_close(s->speech);
    boyin_meter_destroy(s->meter);
    free(s->fbuf);
    for (size_t i = 0; i < s->nsegs; i++)
        free(s->segs[i].title);
    free(s->segs);
    free(s->items);
    free(s);
}

static const boyin_sink_ops FILES_OPS = {files_segment, NULL, files_finish, NULL, files_destroy};

int boyin_sink_files_create(const char *folder, const char *bulletin, int segments, int engine_rate,
                            const boyin_format *fmt, const boyin_meta *meta, const boyin_assembly *assembly,
                            double speech_lufs, boyin_sink **out, char *err, size_t errlen)
{
    *out = NULL;
    files_sink *s = calloc(1, sizeof *s);
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &FILES_OPS;
    s->in_rate = engine_rate;
    s->fmt = *fmt;
    s->segments = segments;
    s->meta = *meta;
    s->stream_fd = -1;
    s->elem_speech = speech_lufs < 0 ? speech_lufs : -HUGE_VAL;
    if (assembly) {
        s->asm_ = *assembly;
        const char *paths[] = {s->asm_.intro, s->asm_.outro, s->asm_.bed};
        double *lufs[] = {&s->intro_lufs, &s->outro_lufs, &s->bed_lufs};
        for (int i = 0; i < 3; i++) {
            if (!paths[i][0])
                continue;
            int st = element_loudness(s, paths[i], lufs[i]);
            if (st) {
                snprintf(err, errlen, "%s", s->base.error);
                free(s);
                return st;
            }
        }
    }
    snprintf(s->folder, sizeof s->folder, "%s", folder);
    snprintf(s->bulletin, sizeof s->bulletin, "%s", bulletin);
    s->direct = !fmt->normalize;
    if (s->direct) { /* nothing to measure first: master and write as chunks come */
        writer *w = calloc(1, sizeof *w);
        s->w = w;
        int st = w ? boyin_master_create(engine_rate, fmt->rate, 1, fmt->channels, 0, 1, &s->chain) : BOYIN_ENOMEM;
        if (st) {
            snprintf(err, errlen, "%s", st == BOYIN_ENOMEM ? "out of memory" : s->base.error);
            files_destroy(&s->base);
            return st == BOYIN_ENOMEM ? st : BOYIN_EOUTPUT;
        }
        *out = &s->base;
        return BOYIN_OK;
    }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" SPEECH, folder);
    SF_INFO info = {0};
    info.samplerate = engine_rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    s->speech = sf_open(path, SFM_WRITE, &info);
    if (!s->speech || boyin_meter_create(engine_rate, 1, BOYIN_METER_RANGE, &s->meter)) {
        snprintf(err, errlen, "cannot create %s: %s", path, sf_strerror(NULL));
        files_destroy(&s->base);
        return BOYIN_EOUTPUT;
    }
    if (seg_start(s, &s->meter_worker, s->meter, 1)) {
        snprintf(err, errlen, "out of memory");
        files_destroy(&s->base);
        return BOYIN_ENOMEM;
    }
    *out = &s->base;
    return BOYIN_OK;
}

int boyin_sink_stream_create(int fd, int engine_rate, const boyin_format *fmt, const boyin_meta *meta,
                             double voice_loudness, boyin_sink **out, char *err, size_t errlen)
{
    boyin_format f = *fmt;
    f.normalize = 0; /* nothing to measure first: one pass */
    int st = boyin_sink_files_create(".", "-", 0, engine_rate, &f, meta, NULL, voice_loudness, out, err, errlen);
    if (st)
        return st;
    files_sink *s = (files_sink *)*out;
    s->stream_fd = fd;
    s->fmt = *fmt;
    if (fmt->normalize) { /* a fixed gain from the voice, and the limiter */
        boyin_master_destroy(s->chain);
        s->chain = NULL;
        double cg = 0;
        snprintf(s->tmpdir, sizeof s->tmpdir, "/tmp/boyin-stream-XXXXXX");
        if (!mkdtemp(s->tmpdir)) {
            snprintf(err, errlen, "cannot create a temporary folder: %s", strerror(errno));
            boyin_sink_destroy(*out);
            *out = NULL;
            return BOYIN_EOUTPUT;
        }
        snprintf(s->folder, sizeof s->folder, "%s", s->tmpdir);
        int cst = codec_gain(s, &cg);
        rmdir(s->tmpdir);
        if (cst) {
            snprintf(err, errlen, "%s", s->base.error);
            boyin_sink_destroy(*out);
            *out = NULL;
            return cst;
        }
        s->stream_gain = fmt->loudness - voice_loudness - cg;
        s->stream_cg = cg;
        if (boyin_master_create(engine_rate, fmt->rate, 1, fmt->channels, s->stream_gain, fmt->true_peak - 0.5,
                                &s->chain)) {
            snprintf(err, errlen, "out of memory");
            boyin_sink_destroy(*out);
            *out = NULL;
            return BOYIN_ENOMEM;
        }
    }
    return BOYIN_OK;
}

int boyin_sound_frames(const char *path, int out_rate, uint64_t *frames)
{
    SF_INFO info = {0};
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return BOYIN_EINPUT;
    /* Count what decodes: a header's count can be wrong (a VBR MP3 without
     * a Xing header), and every time after the intro depends on it. */
    float *buf = info.channels > 0 ? malloc(4096 * (size_t)info.channels * sizeof *buf) : NULL;
    uint64_t n = 0;
    sf_count_t got;
    while (buf && (got = sf_readf_float(f, buf, 4096)) > 0)
        n += (uint64_t)got;
    int bad = !buf || sf_error(f) != SF_ERR_NO_ERROR;
    free(buf);
    sf_close(f);
    if (bad || n == 0 || info.samplerate <= 0)
        return BOYIN_EINPUT;
    *frames = boyin_frames_map(n, info.samplerate, out_rate);
    return BOYIN_OK;
}

int boyin_sound_read(const char *path, short **pcm, size_t *frames, int *rate, int *channels)
{
    SF_INFO info = {0};
    *pcm = NULL;
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        return BOYIN_EINPUT;
    size_t n = (size_t)info.frames, ch = (size_t)info.channels;
    short *all = malloc((n ? n : 1) * ch * sizeof *all);
    if (!all) {
        sf_close(f);
        return BOYIN_ENOMEM;
    }
    sf_count_t got = sf_readf_short(f, all, (sf_count_t)n);
    sf_close(f);
    for (size_t i = 0; i < (size_t)got; i++)
        all[i] = all[i * ch];
    *pcm = all;
    *frames = (size_t)got;
    *rate = info.samplerate;
    *channels = info.channels;
    return BOYIN_OK;
}
