/* writer.c - the bulletin and its segment files, measured as written. */
#include "writer.h"

#include <limits.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audiofile.h"
#include "boyin.h"
#include "grow.h"
#include "tags.h"

#define BLOCK 65536
#define JOBS 16 /* the worker's queue, in blocks */

enum { JOB_OPEN, JOB_DATA, JOB_CLOSE, JOB_QUIT };

typedef struct {
    int kind;
    unsigned index; /* JOB_OPEN: the segment's number ... */
    char *title;    /* ... and title (the worker frees it) */
    float *x;       /* JOB_DATA: frames (the worker frees them) ... */
    size_t n;
    int in_seg;     /* ... that also go to the open segment file */
} job;

typedef struct {
    unsigned index;
    uint64_t start, end;
    char *title;
} span;

struct boyin_writer {
    boyin_writer_config c;
    char folder[PATH_MAX], bulletin[PATH_MAX];
    boyin_format fmt;
    boyin_audiofile *bul;
    int opened;
    boyin_meter *meter;
    span *spans;
    size_t nspans, capspans, next; /* the next span to begin */
    int in_seg;
    uint64_t pos, seg_end;
    char error[1024];
    /* the worker */
    pthread_t thread;
    int running;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    job q[JOBS];
    size_t head, len;
    int failed;
    char failed_msg[400];
};

/* The worker: segment files, and the meter. */
static void *worker(void *arg)
{
    boyin_writer *w = arg;
    boyin_audiofile *cur = NULL;
    unsigned index = 0;
    char *title = NULL;
    char name[32] = "";
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->len)
            pthread_cond_wait(&w->changed, &w->lock);
        job j = w->q[w->head];
        pthread_mutex_unlock(&w->lock);
        int bad = 0;
        const char *why = "";
        if (j.kind == JOB_OPEN) {
            char path[2 * PATH_MAX];
            snprintf(name, sizeof name, "%04u.%s", j.index, boyin_codec_ext(w->fmt.codec));
            snprintf(path, sizeof path, "%s/%s", w->folder, name);
            free(title);
            title = j.title;
            j.title = NULL;
            index = j.index;
            errno = 0;
            cur = boyin_audiofile_create(path, &w->fmt);
            bad = !cur;
            /* errno, not libsndfile's process-wide message: the main
             * thread opens files at the same time */
            why = errno ? strerror(errno) : "cannot create it";
            if (cur)
                boyin_audiofile_tag_segment(cur, index, title, w->c.meta->title);
        } else if (j.kind == JOB_DATA) {
            bad = j.in_seg && cur && boyin_audiofile_write(cur, j.x, j.n);
            why = bad ? boyin_audiofile_error(cur) : "out of memory";
            if (!bad)
                bad = w->meter && boyin_meter_add(w->meter, j.x, j.n) != BOYIN_OK;
        } else if (j.kind == JOB_CLOSE && cur) {
            bad = boyin_audiofile_close(cur) != BOYIN_OK;
            cur = NULL;
            why = "cannot finish it";
            if (!bad && w->fmt.codec == BOYIN_FMT_MP3) { /* its ID3 tag: the same fields */
                boyin_meta m = *w->c.meta;
                boyin_utf8_copy(m.album, sizeof m.album, w->c.meta->title);
                boyin_utf8_copy(m.title, sizeof m.title, title ? title : "");
                snprintf(m.track, sizeof m.track, "%u", index);
                m.comment[0] = '\0';
                char path[2 * PATH_MAX], err[256];
                snprintf(path, sizeof path, "%s/%s", w->folder, name);
                bad = boyin_id3_prepend(path, &m, NULL, 0, err, sizeof err) != BOYIN_OK;
                why = "cannot tag it";
            }
        }
        free(j.x);
        free(j.title);
        pthread_mutex_lock(&w->lock);
        if (bad && !w->failed) {
            w->failed = 1;
            snprintf(w->failed_msg, sizeof w->failed_msg, "cannot write %.300s/%.30s: %.50s", w->folder,
                     name[0] ? name : "segment", why);
        }
        w->head = (w->head + 1) % JOBS;
        w->len--;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->lock);
        if (j.kind == JOB_QUIT)
            break;
    }
    boyin_audiofile_close(cur);
    free(title);
    return NULL;
}

/* Queue a job (waits while the queue is full); x and title are copied. */
static int post(boyin_writer *w, int kind, unsigned index, const char *title, const float *x, size_t n, int in_seg)
{
    job j = {kind, index, NULL, NULL, n, in_seg};
    if (title && !(j.title = strdup(title)))
        return BOYIN_ENOMEM;
    if (n) {
        size_t len = n * (size_t)w->fmt.channels;
        if (!(j.x = malloc(len * sizeof *j.x))) {
            free(j.title);
            return BOYIN_ENOMEM;
        }
        memcpy(j.x, x, len * sizeof *x);
    }
    pthread_mutex_lock(&w->lock);
    while (w->len == JOBS)
        pthread_cond_wait(&w->changed, &w->lock);
    w->q[(w->head + w->len) % JOBS] = j;
    w->len++;
    int failed = w->failed;
    if (failed) /* the worker's message, for the caller */
        snprintf(w->error, sizeof w->error, "%s", w->failed_msg);
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    return failed ? BOYIN_EOUTPUT : BOYIN_OK;
}

/* Stop the worker; its failure (if any) becomes the writer's message. */
static int stop(boyin_writer *w)
{
    if (!w->running)
        return BOYIN_OK;
    w->running = 0;
    post(w, JOB_QUIT, 0, NULL, NULL, 0, 0);
    pthread_join(w->thread, NULL);
    if (w->failed)
        snprintf(w->error, sizeof w->error, "%s", w->failed_msg);
    return w->failed ? BOYIN_EOUTPUT : BOYIN_OK;
}

static int fail_bulletin(boyin_writer *w, const boyin_audiofile *f)
{
    snprintf(w->error, sizeof w->error, "cannot write %.400s/%.200s: %s", w->folder, w->bulletin, boyin_audiofile_error(f));
    return BOYIN_EOUTPUT;
}

int boyin_writer_create(const boyin_writer_config *c, boyin_writer **out)
{
    boyin_writer *w = calloc(1, sizeof *w);
    *out = w;
    if (!w)
        return BOYIN_ENOMEM;
    w->c = *c;
    w->fmt = *c->fmt;
    w->c.fmt = &w->fmt;
    snprintf(w->folder, sizeof w->folder, "%s", c->folder);
    snprintf(w->bulletin, sizeof w->bulletin, "%s", c->bulletin ? c->bulletin : "");
    int st = boyin_meter_create(w->fmt.rate, w->fmt.channels, c->meter, &w->meter);
    if (st) {
        snprintf(w->error, sizeof w->error, "out of memory");
        return st;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
    if (pthread_create(&w->thread, NULL, worker, w)) {
        snprintf(w->error, sizeof w->error, "cannot start a thread");
        return BOYIN_ENOMEM;
    }
    w->running = 1;
    return BOYIN_OK;
}

int boyin_writer_segment(boyin_writer *w, unsigned index, uint64_t start, uint64_t end, const char *title)
{
    if (boyin_grow(&w->spans, &w->capspans, w->nspans + 1, sizeof *w->spans))
        return BOYIN_ENOMEM;
    char *t = strdup(title ? title : "");
    if (!t)
        return BOYIN_ENOMEM;
    w->spans[w->nspans++] = (span){index, start, end, t};
    return BOYIN_OK;
}

/* The bulletin opens at the first frame, when its tags are known. */
static int open_bulletin(boyin_writer *w)
{
    if (w->opened || !w->c.bulletin)
        return BOYIN_OK;
    w->opened = 1;
    if (w->c.fd >= 0) {
        w->bul = boyin_audiofile_stream(w->c.fd, &w->fmt, w->c.meta);
    } else {
        char path[2 * PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", w->folder, w->bulletin);
        w->bul = boyin_audiofile_create(path, &w->fmt);
    }
    if (!w->bul)
        return fail_bulletin(w, NULL);
    boyin_audiofile_tag_bulletin(w->bul, w->c.meta, w->c.stereo);
    return BOYIN_OK;
}

int boyin_writer_feed(void *ctx, const float *y, size_t n)
{
    boyin_writer *w = ctx;
    int st = open_bulletin(w), ch = w->fmt.channels;
    for (size_t off = 0; st == BOYIN_OK && off < n;) {
        if (w->in_seg && w->pos >= w->seg_end) { /* the segment ends here */
            w->in_seg = 0;
            if (w->c.segments)
                st = post(w, JOB_CLOSE, 0, NULL, NULL, 0, 0);
            continue;
        }
        uint64_t start = w->next < w->nspans ? w->spans[w->next].start : UINT64_MAX;
        if (!w->in_seg && start <= w->pos) { /* a segment begins here */
            const span *g = &w->spans[w->next++];
            w->seg_end = g->end;
            w->in_seg = 1;
            if (w->c.segments)
                st = post(w, JOB_OPEN, g->index, g->title, NULL, 0, 0);
            continue;
        }
        uint64_t edge = w->in_seg ? w->seg_end : start;
        size_t k = n - off;
        if (k > BLOCK)
            k = BLOCK;
        if (edge - w->pos < k)
            k = (size_t)(edge - w->pos);
        const float *yk = y + off * (size_t)ch;
        if (w->bul && boyin_audiofile_write(w->bul, yk, k))
            st = fail_bulletin(w, w->bul);
        if (st == BOYIN_OK) /* the worker writes the segment and measures */
            st = post(w, JOB_DATA, 0, NULL, yk, k, w->in_seg && w->c.segments);
        w->pos += k;
        off += k;
    }
    if (st == BOYIN_ENOMEM && !w->error[0])
        snprintf(w->error, sizeof w->error, "out of memory while writing %.400s/%.200s", w->folder, w->bulletin);
    return st;
}

int boyin_writer_close(boyin_writer *w, boyin_loudness *out, uint64_t *frames)
{
    int st = open_bulletin(w);
    if (st == BOYIN_OK && w->in_seg && w->pos >= w->seg_end) { /* the last segment ends with the audio */
        w->in_seg = 0;
        if (w->c.segments)
            st = post(w, JOB_CLOSE, 0, NULL, NULL, 0, 0);
    }
    if (st == BOYIN_OK && w->c.segments && (w->in_seg || w->next < w->nspans)) {
        snprintf(w->error, sizeof w->error, "%.400s: the audio ended before segment %zu of %zu; nothing was written",
                 w->folder, w->next, w->nspans);
        st = BOYIN_EOUTPUT;
    }
    int sst = stop(w);
    if (st == BOYIN_OK)
        st = sst;
    if (w->bul && boyin_audiofile_close(w->bul) && st == BOYIN_OK)
        st = fail_bulletin(w, NULL);
    w->bul = NULL;
    if (st == BOYIN_OK && out)
        st = boyin_meter_result(w->meter, out);
    if (frames)
        *frames = w->pos;
    return st;
}

const char *boyin_writer_error(const boyin_writer *w)
{
    return w->error;
}

void boyin_writer_destroy(boyin_writer *w)
{
    if (!w)
        return;
    stop(w);
    if (w->meter) { /* the lock and condition exist once the meter does */
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->changed);
    }
    boyin_audiofile_close(w->bul);
    boyin_meter_destroy(w->meter);
    for (size_t i = 0; i < w->nspans; i++)
        free(w->spans[i].title);
    free(w->spans);
    free(w);
}
