/* sink_play.c - live playback sink on PortAudio's blocking API. */
#define _GNU_SOURCE /* strcasestr */
#include "sink_play.h"

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audiofile.h"
#include "boyin.h"
#include "dynlib.h"
#include "program.h"

/* PortAudio's functions, loaded when playback or the device list is first
 * asked for (dynlib.h); ALSA's and JACK's, which PortAudio brings in, only
 * to quiet them (optional: a PortAudio built without them has no such
 * messages). */
#define PA_FUNCTIONS(X)                                                                                              \
    X(Pa_Initialize) X(Pa_Terminate) X(Pa_GetErrorText) X(Pa_GetDeviceCount) X(Pa_GetDeviceInfo)                  \
    X(Pa_GetDefaultOutputDevice) X(Pa_GetHostApiInfo) X(Pa_OpenStream) X(Pa_StartStream) X(Pa_WriteStream)         \
    X(Pa_StopStream) X(Pa_AbortStream) X(Pa_CloseStream)
static struct { PA_FUNCTIONS(BOYIN_DYNLIB_POINTER) } pa;
static const char *const PA_NAMES[] = {PA_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(pa, PA_NAMES);
static boyin_dynlib PORTAUDIO = {BOYIN_PORTAUDIO_SONAME, PA_NAMES, &pa, 0, ""};

#define ALSA_FUNCTIONS(X) X(snd_lib_error_set_handler)
static struct { ALSA_FUNCTIONS(BOYIN_DYNLIB_POINTER) } alsa;
static const char *const ALSA_NAMES[] = {ALSA_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(alsa, ALSA_NAMES);
static boyin_dynlib ALSA = {BOYIN_ALSA_SONAME, ALSA_NAMES, &alsa, 0, ""};

#define JACK_FUNCTIONS(X) X(jack_set_error_function) X(jack_set_info_function)
static struct { JACK_FUNCTIONS(BOYIN_DYNLIB_POINTER) } jack;
static const char *const JACK_NAMES[] = {JACK_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(jack, JACK_NAMES);
static boyin_dynlib JACK = {BOYIN_JACK_SONAME, JACK_NAMES, &jack, 0, ""};

#define WRITE_FRAMES 1024

typedef struct qnode {
    int16_t *pcm;
    size_t n;
    struct qnode *next;
} qnode;

typedef struct {
    boyin_sink base;
    PaStream *stream;
    int rate, channels;
    boyin_program *program;  /* the mastered programme, as -w - streams it */
    boyin_audiofile *conv;   /* its frames to 16-bit as a raw file would hold them */

    volatile sig_atomic_t *interrupt;
    pthread_t thread;
    int thread_running;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    qnode *head, *tail;
    size_t queued, limit; /* frames */
    int done, started, failed;
    PaError pa_error;
} play_sink;

/* ALSA and JACK print pages of probing messages on machines without the
 * devices they probe; boyin reports device problems itself in one line. */
static void alsa_quiet(const char *file, int line, const char *fn, int err, const char *fmt, ...)
{
    (void)file, (void)line, (void)fn, (void)err, (void)fmt;
}
static void jack_quiet(const char *msg)
{
    (void)msg;
}

/* Load and start PortAudio: paNoError, or a message in err. */
static PaError pa_start(char *err, size_t errlen)
{
    if (boyin_dynlib_load(&PORTAUDIO, err, errlen))
        return paNotInitialized;
    if (boyin_dynlib_load(&ALSA, NULL, 0) == BOYIN_OK)
        alsa.snd_lib_error_set_handler(alsa_quiet);
    if (boyin_dynlib_load(&JACK, NULL, 0) == BOYIN_OK) {
        jack.jack_set_error_function(jack_quiet);
        jack.jack_set_info_function(jack_quiet);
    }
    PaError pe = pa.Pa_Initialize();
    if (pe != paNoError)
        snprintf(err, errlen, "%s", pa.Pa_GetErrorText(pe));
    return pe;
}

static int stopped(const play_sink *s)
{
    return s->interrupt && *s->interrupt;
}

static void *playback_thread(void *arg)
{
    play_sink *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (!s->head && !s->done && !s->failed && !stopped(s))
            pthread_cond_wait(&s->changed, &s->lock);
        qnode *q = (s->failed || stopped(s)) ? NULL : s->head;
        if (q) {
            s->head = q->next;
            if (!s->head)
                s->tail = NULL;
        }
        pthread_mutex_unlock(&s->lock);
        if (!q)
            break;
        PaError err = paNoError;
        /* Start on the first audio, not before, so nothing precedes it. */
        if (!s->started) {
            err = pa.Pa_StartStream(s->stream);
            s->started = err == paNoError;
        }
        for (size_t at = 0; err == paNoError && at < q->n && !stopped(s); at += WRITE_FRAMES) {
            size_t k = q->n - at < WRITE_FRAMES ? q->n - at : WRITE_FRAMES;
            err = pa.Pa_WriteStream(s->stream, q->pcm + at * (size_t)s->channels, (unsigned long)k);
            if (err == paOutputUnderflowed)
                err = paNoError; /* a late write; the sound goes on */
        }
        pthread_mutex_lock(&s->lock);
        s->queued -= q->n;
        if (err != paNoError) {
            s->failed = 1;
            s->pa_error = err;
        }
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->lock);
        free(q->pcm);
        free(q);
    }
    return NULL;
}

/* Wake the playback thread (after an interrupt, for instance). */
static void wake(play_sink *s)
{
    pthread_mutex_lock(&s->lock);
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

/* Queue n frames of the programme (a boyin_emit_fn), as 16-bit. */
static int play_queue(void *ctx, const float *x, size_t n)
{
    play_sink *s = ctx;
    qnode *q = malloc(sizeof *q);
    int16_t *buf = malloc((n ? n : 1) * (size_t)s->channels * sizeof *buf);
    if (!q || !buf) {
        free(q);
        free(buf);
        return BOYIN_ENOMEM;
    }
    if (boyin_audiofile_to_pcm16(s->conv, x, n, buf)) {
        free(q);
        free(buf);
        return BOYIN_ENOMEM;
    }
    q->pcm = buf;
    q->n = n;
    q->next = NULL;
    pthread_mutex_lock(&s->lock);
    /* Bounded: wait while the queue is full (a single long chunk may pass). */
    while (s->queued && s->queued + q->n > s->limit && !s->failed && !stopped(s)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000 * 1000; /* re-check the interrupt flag often */
        if (ts.tv_nsec >= 1000000000L)
            ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&s->changed, &s->lock, &ts);
    }
    int failed = s->failed, halt = stopped(s);
    if (!failed && !halt) {
        if (s->tail)
            s->tail->next = q;
        else
            s->head = q;
        s->tail = q;
        s->queued += q->n;
        pthread_cond_broadcast(&s->changed);
    }
    pthread_mutex_unlock(&s->lock);
    if (failed || halt) {
        free(q->pcm);
        free(q);
        if (halt)
            return BOYIN_EINTERRUPTED;
        boyin_sink_set_error(&s->base, "audio output failed: %s", pa.Pa_GetErrorText(s->pa_error));
        return BOYIN_EDEVICE;
    }
    return BOYIN_OK;
}

/* A chunk's speech where the timeline put it: the silence since the last
 * one, then the speech. */
static int play_segment(boyin_sink *base, const boyin_chunk *c)
{
    play_sink *s = (play_sink *)base;
    int st = boyin_program_chunk(s->program, c);
    if (st && !s->base.error[0])
        boyin_sink_set_error(&s->base, "%s", boyin_program_error(s->program)[0] ? boyin_program_error(s->program)
                                                                               : boyin_strerror(st));
    return st;
}

static void join(play_sink *s)
{
    if (!s->thread_running)
        return;
    pthread_mutex_lock(&s->lock);
    s->done = 1;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    /* The thread re-checks the interrupt flag between writes; a wait for
     * new chunks ends on `done`. */
    pthread_join(s->thread, NULL);
    s->thread_running = 0;
}

/* The last pause, then play out what is queued. */
static int play_finish(boyin_sink *base, const boyin_bulletin *b, boyin_master_report *report)
{
    play_sink *s = (play_sink *)base;
    (void)report;
    int st = boyin_program_end(s->program, b->speech_frames, b->last_end, boyin_bulletin_speech_end(b));
    if (st) {
        if (!s->base.error[0] && st != BOYIN_EINTERRUPTED && st != BOYIN_EDEVICE)
            boyin_sink_set_error(&s->base, "%s", boyin_strerror(st));
        return st;
    }
    join(s);
    if (stopped(s))
        return BOYIN_EINTERRUPTED;
    if (s->failed) {
        boyin_sink_set_error(&s->base, "audio output failed: %s", pa.Pa_GetErrorText(s->pa_error));
        return BOYIN_EDEVICE;
    }
    if (s->started) {
        PaError err = pa.Pa_StopStream(s->stream); /* plays out what is buffered */
        s->started = 0;
        if (err != paNoError) {
            boyin_sink_set_error(&s->base, "audio output failed: %s", pa.Pa_GetErrorText(err));
            return BOYIN_EDEVICE;
        }
    }
    return BOYIN_OK;
}

static void play_destroy(boyin_sink *base)
{
    play_sink *s = (play_sink *)base;
    if (!s)
        return;
    if (s->thread_running) {
        wake(s);
        join(s);
    }
    while (s->head) {
        qnode *n = s->head->next;
        free(s->head->pcm);
        free(s->head);
        s->head = n;
    }
    if (s->stream) {
        if (s->started)
            pa.Pa_AbortStream(s->stream);
        pa.Pa_CloseStream(s->stream);
    }
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    pa.Pa_Terminate();
    boyin_program_destroy(s->program);
    boyin_audiofile_close(s->conv);
    free(s);
}

static const boyin_sink_ops PLAY_OPS = {play_segment, NULL, play_finish, NULL, play_destroy};

static PaDeviceIndex find_device(const char *want, char *err, size_t errlen)
{
    int count = pa.Pa_GetDeviceCount();
    const char *hint = "list devices with --list-devices, or write files with -o DIR";
    if (!want) {
        PaDeviceIndex d = pa.Pa_GetDefaultOutputDevice();
        if (d == paNoDevice)
            snprintf(err, errlen, "no audio output device found (wanted the default device); %s", hint);
        return d;
    }
    char *end;
    long idx = strtol(want, &end, 10);
    if (*want && !*end) {
        const PaDeviceInfo *info = idx >= 0 && idx < count ? pa.Pa_GetDeviceInfo((PaDeviceIndex)idx) : NULL;
        if (info && info->maxOutputChannels > 0)
            return (PaDeviceIndex)idx;
        snprintf(err, errlen, "no audio output device with index %s; %s", want, hint);
        return paNoDevice;
    }
    PaDeviceIndex found = paNoDevice;
    int matches = 0;
    for (int i = 0; i < count; i++) {
        const PaDeviceInfo *info = pa.Pa_GetDeviceInfo(i);
        if (!info || info->maxOutputChannels <= 0)
            continue;
        if (strcmp(info->name, want) == 0)
            return i;
        if (strcasestr(info->name, want)) {
            found = i;
            matches++;
        }
    }
    if (matches == 1)
        return found;
    snprintf(err, errlen, "%s audio output device named '%s'; %s", matches ? "more than one" : "no", want, hint);
    return paNoDevice;
}

struct boyin_play_device {
    pthread_t thread;
    char *name;         /* wanted; NULL: the default */
    int rate, channels;
    PaStream *stream;   /* opened, on success */
    int started_pa;     /* Pa_Initialize succeeded (Pa_Terminate owed) */
    int thread_running;
    int status;
    char err[512];
};

/* The device thread: PortAudio's start, the device, the stream. */
static void *open_device(void *arg)
{
    boyin_play_device *d = arg;
    char why[256];
    if (pa_start(why, sizeof why) != paNoError) {
        snprintf(d->err, sizeof d->err, "cannot start audio output: %s; write files with -o DIR", why);
        d->status = BOYIN_EDEVICE;
        return NULL;
    }
    d->started_pa = 1;
    PaDeviceIndex dev = find_device(d->name, d->err, sizeof d->err);
    if (dev == paNoDevice) {
        d->status = BOYIN_EDEVICE;
        return NULL;
    }
    const PaDeviceInfo *info = pa.Pa_GetDeviceInfo(dev);
    PaStreamParameters out_params = {dev, d->channels, paInt16, info->defaultHighOutputLatency, NULL};
    PaError pe = pa.Pa_OpenStream(&d->stream, NULL, &out_params, d->rate, paFramesPerBufferUnspecified, paNoFlag, NULL, NULL);
    if (pe != paNoError) {
        d->stream = NULL;
        snprintf(d->err, sizeof d->err, "cannot open audio output device '%s': %s; list devices with "
                 "--list-devices, or write files with -o DIR", info->name, pa.Pa_GetErrorText(pe));
        d->status = BOYIN_EDEVICE;
    }
    return NULL;
}

int boyin_play_device_open(const char *device, const boyin_format *fmt, boyin_play_device **out)
{
    boyin_play_device *d = calloc(1, sizeof *d);
    *out = d;
    if (!d)
        return BOYIN_ENOMEM;
    d->rate = fmt->rate;
    d->channels = fmt->channels;
    if (device && !(d->name = strdup(device))) {
        free(d);
        *out = NULL;
        return BOYIN_ENOMEM;
    }
    if (pthread_create(&d->thread, NULL, open_device, d)) { /* no thread: open it here */
        open_device(d);
        return BOYIN_OK;
    }
    d->thread_running = 1;
    return BOYIN_OK;
}

/* Wait until the device is open (or failed). */
static void device_wait(boyin_play_device *d)
{
    if (d->thread_running) {
        pthread_join(d->thread, NULL);
        d->thread_running = 0;
    }
}

void boyin_play_device_close(boyin_play_device *d)
{
    if (!d)
        return;
    device_wait(d);
    if (d->stream)
        pa.Pa_CloseStream(d->stream);
    if (d->started_pa)
        pa.Pa_Terminate();
    free(d->name);
    free(d);
}

int boyin_sink_play_create(boyin_play_device *dev, int engine_rate, const boyin_format *fmt, double voice_lufs,
                           const boyin_assembly *assembly, volatile sig_atomic_t *interrupt, boyin_sink **out,
                           char *err, size_t errlen)
{
    int rate = fmt->rate;
    *out = NULL;
    device_wait(dev);
    if (dev->status) {
        snprintf(err, errlen, "%s", dev->err);
        boyin_play_device_close(dev);
        return BOYIN_EDEVICE;
    }
    play_sink *s = calloc(1, sizeof *s);
    if (!s) {
        boyin_play_device_close(dev);
        return BOYIN_ENOMEM;
    }
    s->base.ops = &PLAY_OPS;
    s->rate = rate;
    s->channels = fmt->channels;
    s->interrupt = interrupt;
    s->limit = (size_t)rate * BOYIN_PLAY_QUEUE_SECONDS;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    s->stream = dev->stream; /* the sink owns the stream and PortAudio's start now */
    dev->stream = NULL;
    dev->started_pa = 0;
    boyin_play_device_close(dev);
    boyin_program_config pc = boyin_program_live(fmt, engine_rate, voice_lufs, 0, assembly);
    if (!(s->conv = boyin_audiofile_pcm16(fmt)) ||
        boyin_program_create(&pc, play_queue, s, &s->program, err, errlen)) {
        if (!err[0])
            snprintf(err, errlen, "out of memory");
        play_destroy(&s->base);
        return BOYIN_ENOMEM;
    }
    if (pthread_create(&s->thread, NULL, playback_thread, s)) {
        snprintf(err, errlen, "cannot start the playback thread");
        play_destroy(&s->base);
        return BOYIN_EDEVICE;
    }
    s->thread_running = 1;
    *out = &s->base;
    return BOYIN_OK;
}

int boyin_play_list_devices(FILE *out, char *err, size_t errlen)
{
    char why[256];
    if (pa_start(why, sizeof why) != paNoError) {
        snprintf(err, errlen, "cannot start audio output: %s", why);
        return BOYIN_EDEVICE;
    }
    PaDeviceIndex def = pa.Pa_GetDefaultOutputDevice();
    int count = pa.Pa_GetDeviceCount(), shown = 0;
    for (int i = 0; i < count; i++) {
        const PaDeviceInfo *info = pa.Pa_GetDeviceInfo(i);
        if (!info || info->maxOutputChannels <= 0)
            continue;
        const PaHostApiInfo *api = pa.Pa_GetHostApiInfo(info->hostApi);
        fprintf(out, "%d\t%s\t%s%s\n", i, info->name, api ? api->name : "?", i == def ? "\tdefault" : "");
        shown++;
    }
    pa.Pa_Terminate();
    if (!shown) {
        snprintf(err, errlen, "no audio output devices found; write files with -o DIR");
        return BOYIN_EDEVICE;
    }
    return BOYIN_OK;
}
