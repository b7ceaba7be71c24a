/* engine.c - eSpeak-NG behind boyin's engine interface. */
#define _GNU_SOURCE /* dladdr, dl_iterate_phdr */
#include "engine.h"

#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <link.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boyin.h"
#include "dynlib.h"

/* eSpeak-NG's functions, loaded with the first engine (dynlib.h): a run
 * that speaks nothing never maps it, nor the PulseAudio and X11 libraries
 * its audio output brings in. */
#define ESPEAK_FUNCTIONS(X)                                                                                          \
    X(espeak_Initialize) X(espeak_Terminate) X(espeak_SetSynthCallback) X(espeak_SetVoiceByName)                   \
    X(espeak_SetParameter) X(espeak_Synth) X(espeak_SetPhonemeTrace) X(espeak_ListVoices)
static struct { ESPEAK_FUNCTIONS(BOYIN_DYNLIB_POINTER) } es;
static const char *const ESPEAK_NAMES[] = {ESPEAK_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(es, ESPEAK_NAMES);
static boyin_dynlib ESPEAK = {BOYIN_ESPEAK_SONAME, ESPEAK_NAMES, &es, 0, ""};

typedef struct {
    char name[64];
    int rate, pitch, range, volume;
} slot_voice;

typedef struct {
    boyin_engine base;
    slot_voice slots[2];
    int current; /* slot whose voice eSpeak-NG has now; -1 none */
    int16_t *buf; /* samples of the utterance being synthesized */
    size_t n, cap;
    int failed;   /* out of memory inside the callback */
    /* checkpoint: libespeak-ng's writable data as it was, put back before each run */
    char *seg, *saved;
    size_t seglen;
    int only_slot; /* -1: any voice (no checkpoint) */
} espeak_engine;

static espeak_engine *g_engine; /* eSpeak-NG is process-global: one engine at a time */
/* eSpeak-NG is started once per process and stopped at exit: in 1.51 a
 * second espeak_Initialize after espeak_Terminate hangs once it has spoken,
 * so engines made one after another share the one start. */
static int g_rate;

static void stop_espeak(void)
{
    es.espeak_Terminate();
}

static int synth_cb(short *wav, int numsamples, espeak_EVENT *events)
{
    (void)events;
    espeak_engine *e = g_engine;
    if (!e)
        return 1;
    if (e->base.interrupt && *e->base.interrupt)
        return 1; /* abort synthesis */
    if (!wav || numsamples <= 0)
        return 0;
    if (e->n + (size_t)numsamples > e->cap) {
        size_t nc = e->cap ? e->cap : 65536;
        while (nc < e->n + (size_t)numsamples)
            nc *= 2;
        int16_t *nb = realloc(e->buf, nc * sizeof *nb);
        if (!nb) {
            e->failed = 1;
            return 1;
        }
        e->buf = nb;
        e->cap = nc;
    }
    memcpy(e->buf + e->n, wav, (size_t)numsamples * sizeof *wav);
    e->n += (size_t)numsamples;
    return 0;
}

static const boyin_engine_ops ESPEAK_OPS;

int boyin_engine_create(boyin_engine **out)
{
    *out = NULL;
    if (g_engine)
        return BOYIN_EENGINE;
    espeak_engine *e = calloc(1, sizeof *e);
    if (!e)
        return BOYIN_ENOMEM;
    if (!g_rate) {
        if (boyin_dynlib_load(&ESPEAK, NULL, 0)) {
            free(e);
            return BOYIN_EENGINE;
        }
        int rate = es.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            free(e);
            return BOYIN_EENGINE;
        }
        g_rate = rate;
        atexit(stop_espeak);
    }
    e->base.ops = &ESPEAK_OPS;
    e->base.rate = g_rate;
    e->current = -1;
    e->only_slot = -1;
    es.espeak_SetSynthCallback(synth_cb);
    g_engine = e;
    *out = &e->base;
    return BOYIN_OK;
}

static void espeak_destroy(boyin_engine *base)
{
    espeak_engine *e = (espeak_engine *)base;
    if (g_engine == e)
        g_engine = NULL;
    free(e->saved);
    free(e->buf);
    free(e);
}

static int use_slot(espeak_engine *e, int slot)
{
    if (e->current == slot)
        return BOYIN_OK;
    const slot_voice *v = &e->slots[slot];
    if (es.espeak_SetVoiceByName(v->name) != EE_OK)
        return BOYIN_EVOICE;
    if ((v->rate >= 0 && es.espeak_SetParameter(espeakRATE, v->rate, 0) != EE_OK) ||
        (v->pitch >= 0 && es.espeak_SetParameter(espeakPITCH, v->pitch, 0) != EE_OK) ||
        (v->range >= 0 && es.espeak_SetParameter(espeakRANGE, v->range, 0) != EE_OK) ||
        (v->volume >= 0 && es.espeak_SetParameter(espeakVOLUME, v->volume, 0) != EE_OK))
        return BOYIN_EINVAL;
    e->current = slot;
    return BOYIN_OK;
}

static int espeak_set_voice(boyin_engine *base, int slot, const char *name, int rate, int pitch, int range,
                            int volume)
{
    espeak_engine *e = (espeak_engine *)base;
    if (slot < 0 || slot > 1 || strlen(name) >= sizeof e->slots[0].name)
        return BOYIN_EINVAL;
    slot_voice *v = &e->slots[slot];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->rate = rate, v->pitch = pitch, v->range = range, v->volume = volume;
    e->current = -1;
    return use_slot(e, slot); /* checks that the voice exists */
}

static int run_text(espeak_engine *e, const char *text, int phonemes);

/*
 * eSpeak-NG's English voices read a lone capital A as the article ("uh"), so
 * a spelled acronym with an A (A I, C A T L) would be misheard.  Such an A is
 * handed over as the phonemes of the letter name; the caller frees the copy.
 */
static char *letter_a_as_phonemes(const char *text, int *changed)
{
    size_t n = strlen(text), extra = 0;
    for (size_t i = 0; i < n; i++)
        if (text[i] == 'A' && (i == 0 || text[i - 1] == ' ') && (i + 1 == n || text[i + 1] == ' '))
            extra += 7;
    *changed = extra > 0;
    char *out = malloc(n + extra + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == 'A' && (i == 0 || text[i - 1] == ' ') && (i + 1 == n || text[i + 1] == ' ')) {
            memcpy(out + w, "[['eI]]", 7);
            w += 7;
        } else {
            out[w++] = text[i];
        }
    }
    out[w] = '\0';
    return out;
}

/*
 * Most eSpeak-NG utterances start and end in silence, but some start on a
 * sound (iPhone starts at 416), which would click against the silence before
 * it.  Edges that are not silent get a short raised-cosine fade.
 */
static void soften_edges(int16_t *x, size_t n, int rate)
{
    size_t len = (size_t)rate * BOYIN_ENGINE_FADE_MS / 1000;
    if (n < 2 * len || len == 0)
        return;
    int loud_start = abs(x[0]) > BOYIN_ENGINE_SILENT, loud_end = abs(x[n - 1]) > BOYIN_ENGINE_SILENT;
    for (size_t k = 0; k < len; k++) {
        double g = 0.5 - 0.5 * cos(M_PI * (double)k / (double)len);
        if (loud_start)
            x[k] = (int16_t)lrint(x[k] * g);
        if (loud_end)
            x[n - 1 - k] = (int16_t)lrint(x[n - 1 - k] * g);
    }
}

/* Synthesize the runs, appending to e->buf. */
static int run(espeak_engine *e, boyin_run *runs, size_t nruns)
{
    e->n = 0;
    e->failed = 0;
    for (size_t i = 0; i < nruns; i++) {
        size_t start = e->n;
        int slot = runs[i].english ? BOYIN_SLOT_ENGLISH : BOYIN_SLOT_MAIN;
        if (e->only_slot >= 0 && slot != e->only_slot)
            return BOYIN_EINVAL;
        int st = use_slot(e, slot);
        if (st == BOYIN_OK && runs[i].english) {
            int changed;
            char *t = letter_a_as_phonemes(runs[i].text, &changed);
            st = t ? run_text(e, t, changed) : BOYIN_ENOMEM;
            free(t);
        } else if (st == BOYIN_OK) {
            st = run_text(e, runs[i].pinyin ? runs[i].pinyin : runs[i].text, 0);
        }
        if (st)
            return st;
        soften_edges(e->buf + start, e->n - start, e->base.rate);
        runs[i].samples = e->n - start;
    }
    return BOYIN_OK;
}

static int run_text(espeak_engine *e, const char *text, int phonemes)
{
    if (e->saved) { /* every run from the checkpoint's state */
        memcpy(e->seg, e->saved, e->seglen);
        srand(1); /* breath noise and Klatt voices draw from rand() */
    }
    unsigned flags = espeakCHARS_UTF8 | (phonemes ? espeakPHONEMES : 0);
    espeak_ERROR r = es.espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, flags, NULL, NULL);
    if (e->failed)
        return BOYIN_ENOMEM;
    if (e->base.interrupt && *e->base.interrupt)
        return BOYIN_EINTERRUPTED;
    return r == EE_OK ? BOYIN_OK : BOYIN_EENGINE;
}

static int espeak_synth(boyin_engine *base, boyin_run *runs, size_t nruns, int16_t **pcm, size_t *samples)
{
    espeak_engine *e = (espeak_engine *)base;
    *pcm = NULL;
    *samples = 0;
    int st = run(e, runs, nruns);
    if (st)
        return st;
    if (e->n) {
        *pcm = malloc(e->n * sizeof **pcm);
        if (!*pcm)
            return BOYIN_ENOMEM;
        memcpy(*pcm, e->buf, e->n * sizeof **pcm);
    }
    *samples = e->n;
    return BOYIN_OK;
}

static int espeak_phonemes(boyin_engine *base, boyin_run *runs, size_t nruns, char **out)
{
    espeak_engine *e = (espeak_engine *)base;
    char *trace = NULL;
    size_t len = 0;
    *out = NULL;
    FILE *f = open_memstream(&trace, &len);
    if (!f)
        return BOYIN_ENOMEM;
    es.espeak_SetPhonemeTrace(espeakPHONEMES_SHOW, f);
    int st = run(e, runs, nruns);
    es.espeak_SetPhonemeTrace(0, NULL);
    fclose(f);
    if (st) {
        free(trace);
        return st;
    }
    /* eSpeak-NG ends each clause with a line break; the plan wants one line. */
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        char c = trace[i] == '\n' ? ' ' : trace[i];
        if (c == ' ' && (w == 0 || trace[w - 1] == ' '))
            continue;
        trace[w++] = c;
    }
    while (w > 0 && trace[w - 1] == ' ')
        w--;
    trace[w] = '\0';
    *out = trace;
    return BOYIN_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *espeak_voice_list(boyin_engine *e)
{
    (void)e;
    const espeak_VOICE **vs = es.espeak_ListVoices(NULL);
    size_t n = 0, total = 1;
    while (vs && vs[n])
        total += strlen(vs[n]->name) + 2, n++;
    const char **names = malloc((n + 1) * sizeof *names);
    char *out = malloc(total);
    if (!names || !out) {
        free(names);
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        names[i] = vs[i]->name;
    qsort(names, n, sizeof *names, cmp_str);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ", ");
        strcat(out, names[i]);
    }
    free(names);
    return out;
}

/* ---- checkpoint ------------------------------------------------------------ */

/*
 * eSpeak-NG allocates some things at their first use and keeps them: the
 * text decoder at the first text, and a second translator at the first
 * character outside the voice's alphabet (Chinese punctuation between
 * pinyin).  Whatever the checkpoint's copy does not point to would be made
 * again, and lost, at every run, so the warm-up uses them all first.
 */
#define WARM_UP_PINYIN "a1\xe2\x80\x9c" "a1\xe2\x80\x9d\xe3\x80\x81" "a1\xef\xbc\x8c" "a1\xe3\x80\x82" /* a1“a1”、a1，a1。 */
#define WARM_UP_ENGLISH "a, b 1."

typedef struct {
    void *base;       /* where libespeak-ng is loaded */
    uintptr_t lo, hi; /* its writable data after the part made read-only (RELRO) */
} rw_find;

static int find_rw(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    rw_find *f = arg;
    if ((void *)info->dlpi_addr != f->base)
        return 0;
    uintptr_t relro_end = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        uintptr_t at = info->dlpi_addr + p->p_vaddr;
        if (p->p_type == PT_LOAD && (p->p_flags & PF_W)) {
            f->lo = at;
            f->hi = at + p->p_memsz;
        } else if (p->p_type == PT_GNU_RELRO) {
            relro_end = at + p->p_memsz;
        }
    }
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    relro_end = (relro_end + page - 1) & ~(page - 1); /* RELRO is made read-only in whole pages */
    if (f->hi && relro_end > f->lo)
        f->lo = relro_end < f->hi ? relro_end : f->hi;
    return 1;
}

static int espeak_checkpoint(boyin_engine *base, int slot)
{
    espeak_engine *e = (espeak_engine *)base;
    Dl_info di;
    rw_find f = {NULL, 0, 0};
    if (slot < 0 || slot > 1 || !dladdr((void *)es.espeak_Synth, &di))
        return BOYIN_EENGINE;
    f.base = di.dli_fbase;
    if (!dl_iterate_phdr(find_rw, &f) || f.hi <= f.lo)
        return BOYIN_EENGINE;
    free(e->saved);
    e->saved = NULL;
    e->only_slot = slot;
    int st = use_slot(e, slot); /* (a voice already in place is not loaded again) */
    if (st == BOYIN_OK) { /* the warm-up (see WARM_UP) */
        e->n = 0;
        st = run_text(e, slot == BOYIN_SLOT_ENGLISH ? WARM_UP_ENGLISH : WARM_UP_PINYIN, 0);
    }
    if (st)
        return st;
    e->seg = (char *)f.lo;
    e->seglen = f.hi - f.lo;
    if (!(e->saved = malloc(e->seglen)))
        return BOYIN_ENOMEM;
    memcpy(e->saved, e->seg, e->seglen);
    return BOYIN_OK;
}

static const boyin_engine_ops ESPEAK_OPS = {espeak_set_voice, espeak_synth,  espeak_phonemes,
                                            espeak_voice_list, espeak_destroy, espeak_checkpoint};
