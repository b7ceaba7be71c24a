/* sink_files.c - segment files and the bulletin file through libsndfile. */
#include "sink_files.h"

#include <limits.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"

typedef struct {
    boyin_sink base;
    char folder[PATH_MAX];
    int rate;
    SNDFILE *bulletin;
} files_sink;

static const short SILENCE[4096];

static SNDFILE *open_wav(const char *path, int rate)
{
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    return sf_open(path, SFM_WRITE, &info);
}

static int write_all(SNDFILE *f, const short *pcm, size_t n)
{
    return sf_write_short(f, pcm, (sf_count_t)n) == (sf_count_t)n ? 0 : -1;
}

static int write_silence(SNDFILE *f, size_t n)
{
    while (n) {
        size_t k = n < 4096 ? n : 4096;
        if (write_all(f, SILENCE, k))
            return -1;
        n -= k;
    }
    return 0;
}

static int fail(files_sink *s, const char *path, SNDFILE *f)
{
    boyin_sink_set_error(&s->base, "cannot write %s: %s", path, sf_strerror(f));
    return BOYIN_EOUTPUT;
}

static int files_segment(boyin_sink *base, const boyin_chunk *c)
{
    files_sink *s = (files_sink *)base;
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%04u.wav", s->folder, c->index);
    SNDFILE *f = open_wav(path, s->rate);
    if (!f)
        return fail(s, path, NULL);
    if (write_all(f, c->pcm, c->samples)) {
        int st = fail(s, path, f);
        sf_close(f);
        return st;
    }
    if (sf_close(f))
        return fail(s, path, NULL);
    if (write_all(s->bulletin, c->pcm, c->samples) ||
        write_silence(s->bulletin, boyin_pause_samples(c->pause_after_ms, s->rate))) {
        snprintf(path, sizeof path, "%s/bulletin.wav", s->folder);
        return fail(s, path, s->bulletin);
    }
    return BOYIN_OK;
}

static int files_close(boyin_sink *base)
{
    files_sink *s = (files_sink *)base;
    int r = s->bulletin ? sf_close(s->bulletin) : 0;
    s->bulletin = NULL;
    if (r) {
        boyin_sink_set_error(&s->base, "cannot finish %s/bulletin.wav: %s", s->folder,
                 sf_error_number(r));
        return BOYIN_EOUTPUT;
    }
    return BOYIN_OK;
}

static void files_destroy(boyin_sink *base)
{
    files_sink *s = (files_sink *)base;
    if (s->bulletin)
        sf_close(s->bulletin);
    free(s);
}

static const boyin_sink_ops FILES_OPS = {files_segment, NULL, files_close, files_destroy};

int boyin_sink_files_create(const char *folder, int rate, boyin_sink **out, char *err, size_t errlen)
{
    *out = NULL;
    files_sink *s = calloc(1, sizeof *s);
    if (!s)
        return BOYIN_ENOMEM;
    s->base.ops = &FILES_OPS;
    s->rate = rate;
    snprintf(s->folder, sizeof s->folder, "%s", folder);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/bulletin.wav", folder);
    s->bulletin = open_wav(path, rate);
    if (!s->bulletin) {
        snprintf(err, errlen, "cannot create %s: %s", path, sf_strerror(NULL));
        free(s);
        return BOYIN_EOUTPUT;
    }
    *out = &s->base;
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
