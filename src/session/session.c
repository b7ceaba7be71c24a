/*
 * session.c - boyin's flow: input items in, chunks through the stages, the
 * timeline, and every output the config asks for.
 *
 * Read run_chunk() for one chunk's way through the stages; create() for
 * how the outputs are chosen; finish() for how they are completed.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "engine.h"
#include "normalize.h"
#include "outdir.h"
#include "pool.h"
#include "pronounce.h"
#include "session_internal.h"
#include "settings.h"
#include "sink.h"
#include "sink_bulletin.h"
#include "sink_callback.h"
#include "sink_manifest.h"
#include "sink_play.h"
#include "sink_print.h"
#include "sink_stream.h"
#include "split.h"
#include "timeline.h"

#define MAX_SINKS 8
#define DEFAULT_TITLE_BYTES 200
#define MAX_JOBS 64

/* A chunk waiting for its runs to come back from the workers. */
typedef struct {
    boyin_chunk *c;
    size_t nruns;       /* the chunk's runs (pcm and samples hold one each) */
    size_t left;        /* runs not yet back */
    int16_t **pcm;      /* each run's samples, as they come back */
    size_t *samples;
} pending;

struct boyin_session {
    int status;                 /* a failure sticks: every later call returns it */
    char error[4096];              /* long enough for the list of voices */
    boyin_settings set;
    boyin_print print;
    int want_phonemes;          /* an output prints phonemes: the engine gives them */
    volatile sig_atomic_t *interrupt;
    boyin_engine *engine;
    boyin_pool *pool;           /* audio: the worker processes that synthesize */
    boyin_play_device *device;  /* --play: the device being opened, until its sink takes it */
    pending *queue;             /* chunks in bulletin order, synthesized or waiting */
    size_t qhead, qlen, qcap;   /* a ring */
    uint64_t qseq;              /* the number of the chunk at qhead */
    boyin_splitter *splitter, *checker;
    boyin_normalizer *normalizer;
    boyin_pronouncer *pronouncer;
    boyin_outdir *outdir;       /* files: staged here until finish commits them */
    boyin_sink *sinks[MAX_SINKS];
    size_t nsinks;
    boyin_timeline timeline;
    boyin_master_report report;
    char item[512];             /* the current item's name, for messages */
    int item_open, check_open;
    int finished;
    boyin_session_summary summary;
    char files[4200];
};

static int failf(boyin_session *s, int st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Record a failure and its message; returns st. */
static int failf(boyin_session *s, int st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    s->status = st;
    return st;
}

static int interrupted(const boyin_session *s)
{
    return s->interrupt && *s->interrupt;
}

static int fail_interrupted(boyin_session *s)
{
    return failf(s, BOYIN_EINTERRUPTED, "interrupted; %s", s->set.files ? "no files were written" : "stopped");
}

/* A stage's failure with its message, or what the status says when it
 * left none (most give none for BOYIN_ENOMEM). */
static int fail_with(boyin_session *s, int st, const char *err)
{
    return failf(s, st, "%s", err && err[0] ? err : boyin_strerror(st));
}

/* A sink failed: its message, or what the status says when it has none
 * (after `item`'s name while the item's chunks flow; NULL at the end). */
static int sink_failed(boyin_session *s, int st, const boyin_sink *k, const char *item)
{
    const char *msg = boyin_sink_error(k);
    if (msg[0] || !item)
        return fail_with(s, st, msg);
    return failf(s, st, "%s: %s", item, boyin_strerror(st));
}

static int add_sink(boyin_session *s, int st, boyin_sink *sink, const char *err)
{
    if (sink)
        s->sinks[s->nsinks++] = sink;
    return st ? fail_with(s, st, err) : BOYIN_OK;
}

/* The outputs the config asks for; each is a sink. */
static int open_outputs(boyin_session *s, const boyin_session_config *cfg)
{
    boyin_settings *set = &s->set;
    int rate = s->engine ? boyin_engine_sample_rate(s->engine) : BOYIN_ENGINE_RATE, st = BOYIN_OK;
    char err[4096] = "";
    boyin_sink *k = NULL;
    FILE *to = cfg->print_to ? cfg->print_to : stdout;
    if (cfg->print) {
        static const boyin_prints PRINTS[] = {[BOYIN_PRINT_PLAN] = BOYIN_PRINTS_PLAN,
                                              [BOYIN_PRINT_PHONEMES] = BOYIN_PRINTS_PHONEMES,
                                              [BOYIN_PRINT_PINYIN] = BOYIN_PRINTS_PINYIN};
        st = boyin_sink_print_create(PRINTS[cfg->print], to, set->voice.name, set->voice.english, &k);
        return add_sink(s, st, k, NULL);
    }
    if (cfg->play) {
        boyin_play_device *dev = s->device;
        s->device = NULL; /* the sink takes it */
        st = boyin_sink_play_create(dev, rate, &set->format, set->voice.loudness, &set->assembly,
                                    s->interrupt, &k, err, sizeof err);
        if ((st = add_sink(s, st, k, err)))
            return st;
    }
    if (set->stream) {
        st = boyin_sink_stream_create(cfg->output_fd, rate, &set->format, &set->meta, &set->assembly,
                                      set->voice.loudness, &k, err, sizeof err);
        if ((st = add_sink(s, st, k, err)))
            return st;
    }
    if (cfg->on_audio) {
        st = boyin_sink_callback_create(cfg->on_audio, cfg->user, rate, &set->format, set->voice.loudness,
                                        &set->assembly, &k, err, sizeof err);
        if ((st = add_sink(s, st, k, err)))
            return st;
    }
    if (set->files) {
        if ((st = boyin_outdir_create(set->folder, &s->outdir, err, sizeof err)))
            return fail_with(s, st, err);
        const char *stage = boyin_outdir_staging(s->outdir);
        char bulletin[64];
        snprintf(bulletin, sizeof bulletin, "bulletin.%s", boyin_codec_ext(set->format.codec));
        int folder = cfg->output_dir != NULL;
        st = boyin_sink_bulletin_create(stage, folder ? bulletin : set->file_name, folder, rate, &set->format,
                                        &set->meta, &set->assembly, set->voice.loudness, &k, err, sizeof err);
        if ((st = add_sink(s, st, k, err)))
            return st;
        if (folder) {
            st = boyin_sink_manifest_create(stage, set->voice.name, set->voice.english, &set->format,
                                            &set->meta, &k, err, sizeof err);
            if ((st = add_sink(s, st, k, err)))
                return st;
        }
    }
    return BOYIN_OK;
}

boyin_session_config boyin_session_config_init(void)
{
    boyin_session_config c;
    memset(&c, 0, sizeof c);
    c.voice = "news";
    c.rate = c.pitch = c.volume = -1;
    c.max_chars = 60;
    c.clause_pause_ms = c.sentence_pause_ms = c.paragraph_pause_ms = -1;
    c.yao = c.below_zero = c.liang = 1;
    c.output_fd = 1;
    c.loudness = c.true_peak = c.duck_db = NAN;
    return c;
}

int boyin_session_create(const boyin_session_config *cfg, boyin_session **out)
{
    return boyin_session_create_with(cfg, NULL, NULL, 0, 0, out);
}

int boyin_session_create_with(const boyin_session_config *cfg, boyin_engine *engine, boyin_sink *const *sinks,
                              size_t nsinks, int first, boyin_session **out)
{
    boyin_session *s = calloc(1, sizeof *s);
    *out = s;
    if (!s || nsinks > MAX_SINKS / 2) {
        boyin_engine_destroy(engine);
        for (size_t i = 0; i < nsinks; i++)
            boyin_sink_destroy(sinks[i]);
        free(s);
        *out = NULL;
        return s ? BOYIN_EINVAL : BOYIN_ENOMEM;
    }
    s->engine = engine;
    for (size_t i = 0; i < nsinks; i++) /* held here so a failure frees them; moved to the end below */
        s->sinks[s->nsinks++] = sinks[i];
    boyin_settings *set = &s->set;
    char err[4096] = "";
    s->print = cfg->print;
    s->want_phonemes = cfg->print == BOYIN_PRINT_PHONEMES || (cfg->print == BOYIN_PRINT_PLAN && cfg->print_phonemes);
    s->interrupt = cfg->interrupt;
    int st = boyin_settings_outputs(cfg, set, err, sizeof err);
    if (st)
        return fail_with(s, st, err);
    if (cfg->data_dir)
        snprintf(set->datadir, sizeof set->datadir, "%s", cfg->data_dir);
    else if (boyin_data_dir_find(set->datadir, sizeof set->datadir))
        return failf(s, BOYIN_EDATA, "cannot find boyin's voices folder (set BOYIN_DATA_DIR to the folder holding "
                     "voices/, or reinstall)");
    /* eSpeak-NG is started only for what needs it: audio, phonemes, or a
     * voice that is eSpeak-NG's own (only it can say whether it has it).
     * --pinyin and --dry-run with a boyin voice never start it. */
    if ((st = boyin_settings_voice(cfg, NULL, set, err, sizeof err)))
        return fail_with(s, st, err);
    if (s->engine || set->audio || s->want_phonemes || !set->voice_file) {
        if (!s->engine && (st = boyin_engine_create(&s->engine)))
            return failf(s, st, "cannot start eSpeak-NG: %s", boyin_strerror(st));
        boyin_engine_set_interrupt(s->engine, cfg->interrupt);
        if ((st = boyin_settings_voice(cfg, s->engine, set, err, sizeof err)))
            return fail_with(s, st, err);
    }
    int rate = s->engine ? boyin_engine_sample_rate(s->engine) : BOYIN_ENGINE_RATE;
    boyin_format_init(&set->format, rate);
    if (set->audio && (st = boyin_settings_audio(cfg, rate, set, err, sizeof err)))
        return fail_with(s, st, err);
    /* The workers, forked now: eSpeak-NG's data is loaded and shared, and
     * no thread has started yet (the outputs start theirs). */
    if (set->audio && !cfg->print &&
        (st = boyin_pool_create(s->engine, cfg->jobs > 0 ? (cfg->jobs < MAX_JOBS ? cfg->jobs : MAX_JOBS)
                                                         : boyin_pool_cores(MAX_JOBS),
                                1, &s->pool, err, sizeof err)))
        return fail_with(s, st, err);
    /* The audio device opens on its own thread while the text data loads. */
    if (cfg->play && (st = boyin_play_device_open(cfg->device, &set->format, &s->device)))
        return failf(s, st, "out of memory");
    if (boyin_splitter_create(&set->split, &s->splitter) || boyin_splitter_create(&set->split, &s->checker))
        return failf(s, BOYIN_ENOMEM, "out of memory");
    if ((st = boyin_normalizer_create(set->datadir, &set->normalize, &s->normalizer, err, sizeof err)))
        return fail_with(s, st, err);
    if (boyin_voice_reads_pinyin(&set->voice) &&
        (st = boyin_pronouncer_create(set->datadir, cfg->lexicons, cfg->nlexicons, &s->pronouncer, err, sizeof err)))
        return fail_with(s, st, err);
    if (s->pronouncer)
        boyin_pronouncer_set_dictionary_tones(s->pronouncer, set->voice.dictionary_tones);
    if (cfg->nlexicons && !s->pronouncer)
        return failf(s, BOYIN_EINVAL, "--lexicon needs a voice that reads pinyin (voice '%s' reads the characters "
                     "itself)", set->voice.name);
    boyin_timeline_init(&s->timeline, rate, set->format.rate, set->assembly.intro_frames,
                        set->assembly.outro_frames, cfg->item_pause_ms);
    st = open_outputs(s, cfg);
    if (!first) { /* the extra sinks after the config's outputs */
        boyin_sink *extra[MAX_SINKS];
        memcpy(extra, s->sinks, nsinks * sizeof *extra);
        memmove(s->sinks, s->sinks + nsinks, (s->nsinks - nsinks) * sizeof *extra);
        memcpy(s->sinks + s->nsinks - nsinks, extra, nsinks * sizeof *extra);
    }
    return st;
}

/* A stage failed on chunk c (freed here). */
static int chunk_failed(boyin_session *s, boyin_chunk *c, int st)
{
    boyin_chunk_destroy(c);
    return st == BOYIN_EINTERRUPTED ? fail_interrupted(s) : failf(s, st, "%s: %s", s->item, boyin_strerror(st));
}

/* The chunk, synthesized, onto the bulletin's timeline and to every
 * output, in bulletin order.  Frees the chunk. */
static int emit(boyin_session *s, boyin_chunk *c)
{
    int st = BOYIN_OK;
    boyin_timeline_place(&s->timeline, c);
    /* The default title, the first headline, is decided here once, before
     * any sink sees the chunk: the sinks borrow the session's meta and read
     * it when they open their files (at their first frame) and at close. */
    if (c->index == 1 && !s->set.meta.title[0])
        boyin_utf8_copy(s->set.meta.title, DEFAULT_TITLE_BYTES, c->text ? c->text : "");
    for (size_t i = 0; st == BOYIN_OK && i < s->nsinks; i++) {
        st = c->skipped ? boyin_sink_skipped(s->sinks[i], c) : boyin_sink_segment(s->sinks[i], c);
        if (st)
            sink_failed(s, st, s->sinks[i], s->item);
    }
    boyin_chunk_destroy(c);
    if (st == BOYIN_EINTERRUPTED || (st == BOYIN_OK && interrupted(s)))
        return fail_interrupted(s);
    return st;
}

/* ---- the workers' queue ---------------------------------------------------- */

static void pending_free(pending *q)
{
    for (size_t i = 0; q->pcm && i < q->nruns; i++)
        free(q->pcm[i]);
    free(q->pcm);
    free(q->samples);
    boyin_chunk_destroy(q->c);
    memset(q, 0, sizeof *q);
}

static pending *queue_at(boyin_session *s, size_t k)
{
    return &s->queue[(s->qhead + k) % s->qcap];
}

/* The chunks at the head of the queue whose runs are all back: their
 * runs joined, in order, through the rest of the stages. */
static int emit_ready(boyin_session *s)
{
    while (s->qlen && queue_at(s, 0)->left == 0) {
        pending *q = queue_at(s, 0);
        boyin_chunk *c = q->c;
        size_t n = 0;
        for (size_t i = 0; i < c->nruns; i++)
            n += q->samples[i];
        int st = BOYIN_OK;
        if (c->nruns == 1) { /* one run (most chunks): its samples are the chunk's */
            c->pcm = q->pcm[0];
            q->pcm[0] = NULL;
            c->runs[0].samples = n;
        } else if (n && !(c->pcm = malloc(n * sizeof *c->pcm))) {
            st = BOYIN_ENOMEM;
        }
        for (size_t i = 0, at = 0; st == BOYIN_OK && c->nruns > 1 && i < c->nruns; i++) {
            if (q->samples[i])
                memcpy(c->pcm + at, q->pcm[i], q->samples[i] * sizeof *c->pcm);
            c->runs[i].samples = q->samples[i];
            at += q->samples[i];
        }
        c->samples = n;
        q->c = NULL; /* the chunk goes on; the runs' buffers are freed */
        pending_free(q);
        s->qhead = (s->qhead + 1) % s->qcap;
        s->qlen--;
        s->qseq++;
        if (st)
            return chunk_failed(s, c, st);
        if ((st = emit(s, c)))
            return st;
    }
    return BOYIN_OK;
}

/* Wait for one run to come back from a worker, then emit what is ready. */
static int collect(boyin_session *s)
{
    boyin_pool_done d;
    char err[600] = "";
    int st = boyin_pool_wait(s->pool, s->interrupt, &d, err, sizeof err);
    if (st == BOYIN_EINTERRUPTED)
        return fail_interrupted(s);
    if (st)
        return failf(s, st, "%s: %s", s->item, err);
    uint64_t seq = d.tag >> 16;
    size_t run = (size_t)(d.tag & 0xFFFF);
    pending *q = seq >= s->qseq && seq - s->qseq < s->qlen ? queue_at(s, (size_t)(seq - s->qseq)) : NULL;
    if (!q || !q->c || run >= q->c->nruns || q->pcm[run] || q->left == 0) {
        free(d.pcm);
        return failf(s, BOYIN_EENGINE, "%s: a synthesis worker answered out of turn", s->item);
    }
    q->pcm[run] = d.pcm;
    q->samples[run] = d.samples;
    q->left--;
    return emit_ready(s);
}

/* Queue the chunk and send its runs to the workers; emits whatever is
 * ready.  Takes the chunk. */
static int submit(boyin_session *s, boyin_chunk *c, int on_air)
{
    int st = BOYIN_OK;
    /* at most a few chunks per worker wait here, so memory stays bounded */
    while (st == BOYIN_OK && s->qlen >= 4 * boyin_pool_workers(s->pool))
        st = collect(s);
    if (st == BOYIN_OK && s->qlen == s->qcap) { /* the ring grows: unroll it */
        size_t cap = s->qcap ? 2 * s->qcap : 16;
        pending *nq = calloc(cap, sizeof *nq);
        if (!nq)
            st = BOYIN_ENOMEM;
        for (size_t i = 0; nq && i < s->qlen; i++)
            nq[i] = *queue_at(s, i);
        if (nq) {
            free(s->queue);
            s->queue = nq;
            s->qcap = cap;
            s->qhead = 0;
        }
    }
    if (st == BOYIN_ENOMEM)
        return chunk_failed(s, c, st);
    if (st)
        return st;
    size_t nruns = on_air ? c->nruns : 0;
    pending *q = queue_at(s, s->qlen);
    memset(q, 0, sizeof *q);
    q->c = c;
    q->nruns = c->nruns;
    q->left = nruns;
    q->pcm = calloc(c->nruns + 1, sizeof *q->pcm);
    q->samples = calloc(c->nruns + 1, sizeof *q->samples);
    uint64_t seq = s->qseq + s->qlen;
    s->qlen++;
    if (!q->pcm || !q->samples || c->nruns > 0xFFFF)
        return failf(s, BOYIN_ENOMEM, "%s: out of memory", s->item);
    for (size_t i = 0; i < nruns; i++) {
        while (!boyin_pool_can_take(s->pool, c->runs[i].english))
            if ((st = collect(s)))
                return st;
        char err[600] = "";
        if ((st = boyin_pool_submit(s->pool, seq << 16 | i, &c->runs[i], err, sizeof err)))
            return failf(s, st, "%s: %s", s->item, err);
    }
    return emit_ready(s);
}

/* Every chunk still with the workers, back and emitted. */
static int drain(boyin_session *s)
{
    int st = BOYIN_OK;
    while (st == BOYIN_OK && s->qlen)
        st = s->pool && boyin_pool_outstanding(s->pool) ? collect(s) : emit_ready(s);
    return st;
}

/*
 * One chunk's way through the stages after the splitter: normalize what a
 * newsreader says, work out its pinyin, synthesize it (in the workers, or
 * here when there are none), place it on the bulletin's timeline, and hand
 * it to every output (emit, in bulletin order).  Takes the chunk.
 */
static int run_chunk(boyin_session *s, boyin_chunk *c)
{
    int st = boyin_normalize_chunk(s->normalizer, c);
    int on_air = st == BOYIN_OK && !c->skipped;
    if (on_air && s->pronouncer)
        st = boyin_pronounce_chunk(s->pronouncer, c);
    if (on_air && st == BOYIN_OK && s->want_phonemes)
        st = boyin_engine_phonemes(s->engine, c->runs, c->nruns, &c->phonemes);
    if (st != BOYIN_OK)
        return chunk_failed(s, c, st);
    if (s->pool)
        return submit(s, c, on_air && s->set.audio);
    if (on_air && s->set.audio && (st = boyin_engine_synth(s->engine, c->runs, c->nruns, &c->pcm, &c->samples)))
        return chunk_failed(s, c, st);
    return emit(s, c);
}

static int fail_finished(boyin_session *s)
{
    return failf(s, BOYIN_EINVAL, "the session is finished; create another");
}

static int input_error(boyin_session *s, int st, const boyin_splitter *sp)
{
    unsigned long long off = (unsigned long long)boyin_splitter_error_offset(sp);
    if (st == BOYIN_EUTF8)
        return failf(s, st, "%s: byte %llu: not valid UTF-8; convert the file to UTF-8 (for example "
                     "iconv -f GB18030 -t UTF-8)", s->item, off);
    if (st == BOYIN_EBINARY)
        return failf(s, st, "%s: byte %llu: binary data (a control byte); give boyin a UTF-8 text file", s->item, off);
    return failf(s, st, "%s: %s", s->item, boyin_strerror(st));
}

/* Bytes into splitter sp (len 0: the item ends); with `run`, every chunk
 * that is ready goes through the stages, else it is dropped (a check). */
static int feed(boyin_session *s, boyin_splitter *sp, const char *utf8, size_t len, int run)
{
    if (interrupted(s))
        return fail_interrupted(s);
    int st = len ? boyin_splitter_push(sp, utf8, len) : boyin_splitter_finish(sp);
    if (st)
        return input_error(s, st, sp);
    boyin_chunk *c;
    while (boyin_splitter_next(sp, &c) == BOYIN_OK) {
        if (!run) {
            boyin_chunk_destroy(c);
        } else if ((st = run_chunk(s, c))) {
            return st;
        }
    }
    if (len == 0 && boyin_splitter_chars(sp) == 0)
        return failf(s, BOYIN_EINPUT, "%s: no text to read (the input is empty or only whitespace)", s->item);
    return BOYIN_OK;
}

static int end_item(boyin_session *s)
{
    if (!s->item_open)
        return BOYIN_OK;
    s->item_open = 0;
    return feed(s, s->splitter, NULL, 0, 1);
}

int boyin_session_begin_item(boyin_session *s, const char *name)
{
    if (s->status)
        return s->status;
    if (s->finished)
        return fail_finished(s);
    int st = end_item(s);
    if (st)
        return st;
    snprintf(s->item, sizeof s->item, "%s", name ? name : "input");
    boyin_splitter_begin_item(s->splitter);
    s->item_open = 1;
    s->check_open = 0;
    return BOYIN_OK;
}

int boyin_session_push(boyin_session *s, const char *utf8, size_t len)
{
    if (s->status)
        return s->status;
    if (s->finished)
        return fail_finished(s);
    if (!s->item_open && boyin_session_begin_item(s, NULL))
        return s->status;
    /* Every chunk these bytes completed is spoken or written before push
     * returns, so text that arrives slowly is heard as it comes; within
     * the bytes, the workers speak chunks side by side. */
    int st = len ? feed(s, s->splitter, utf8, len, 1) : BOYIN_OK;
    return st ? st : drain(s);
}

int boyin_session_check(boyin_session *s, const char *utf8, size_t len)
{
    if (s->status)
        return s->status;
    if (!s->item_open && boyin_session_begin_item(s, NULL))
        return s->status;
    if (!s->check_open)
        boyin_splitter_begin_item(s->checker);
    s->check_open = len != 0;
    return feed(s, s->checker, utf8, len, 0);
}

/* "0001.wav-0012.wav, bulletin.wav, ...": what finish wrote. */
static void list_files(boyin_session *s, unsigned segments)
{
    const char *ext = boyin_codec_ext(s->set.format.codec);
    if (!s->set.files)
        return;
    if (!s->set.file_name[0] && segments)
        snprintf(s->files, sizeof s->files, "%u segments 0001.%s-%04u.%s, bulletin.%s, bulletin.srt, bulletin.vtt, "
                 "chapters.json, manifest.json", segments, ext, segments, ext, ext);
    else
        snprintf(s->files, sizeof s->files, "%s", s->set.file_name[0] ? s->set.file_name : "manifest.json");
}

static void summarize(boyin_session *s, const boyin_bulletin *b)
{
    boyin_session_summary *m = &s->summary;
    const boyin_master_report *r = &s->report;
    m->segments = b->segments;
    m->speech_seconds = (double)b->speech_frames / b->in_rate;
    m->seconds = (double)b->out_frames / b->out_rate;
    m->measured = r->done && isfinite(r->integrated);
    m->integrated = r->integrated;
    m->true_peak = r->true_peak;
    m->missed = r->missed;
    m->target = s->set.format.normalize ? s->set.format.loudness : NAN;
    m->ceiling = s->set.format.true_peak;
    m->output = s->outdir ? boyin_outdir_path(s->outdir) : "";
    list_files(s, b->segments);
    m->files = s->files;
}

/* Complete every output: the audio (finish; a mastered bulletin fills the
 * report), then with the whole bulletin known (close), then publish the
 * files under their final names. */
int boyin_session_finish(boyin_session *s)
{
    if (s->status)
        return s->status;
    if (s->finished) /* the sinks are finished and closed once */
        return fail_finished(s);
    int st = end_item(s);
    if (st == BOYIN_OK)
        st = drain(s);
    if (st)
        return st;
    s->finished = 1;
    boyin_bulletin b = boyin_timeline_bulletin(&s->timeline);
    if (!s->item[0]) /* nothing was pushed */
        return failf(s, BOYIN_EINPUT, "no text to read: nothing was given; push some text before finishing");
    if (s->set.audio && b.segments == 0) /* an empty bulletin is no bulletin */
        return failf(s, BOYIN_EINPUT, "nothing to read on air: all of the input is bylines, credits or captions, "
                     "which are left out; add --read-all to read them");
    for (size_t i = 0; st == BOYIN_OK && i < s->nsinks; i++)
        if ((st = boyin_sink_finish(s->sinks[i], &b, &s->report)))
            sink_failed(s, st, s->sinks[i], NULL);
    b.report = &s->report;
    for (size_t i = 0; st == BOYIN_OK && i < s->nsinks; i++)
        if ((st = boyin_sink_close(s->sinks[i], &b)))
            sink_failed(s, st, s->sinks[i], NULL);
    if (st == BOYIN_EINTERRUPTED || (st == BOYIN_OK && interrupted(s)))
        return fail_interrupted(s);
    if (st)
        return st;
    if (s->outdir) {
        char err[4096];
        const char *ext = boyin_codec_ext(s->set.format.codec);
        st = s->set.file_name[0] ? boyin_outdir_commit_file(s->outdir, s->set.file_name, err, sizeof err)
                                 : boyin_outdir_commit(s->outdir, b.segments, ext, err, sizeof err);
        if (st)
            return fail_with(s, st, err);
    }
    summarize(s, &b);
    return BOYIN_OK;
}

const boyin_session_summary *boyin_session_result(const boyin_session *s)
{
    return &s->summary;
}

const char *boyin_session_error(const boyin_session *s)
{
    return s ? s->error : "out of memory";
}

void boyin_session_destroy(boyin_session *s)
{
    if (!s)
        return;
    boyin_pool_destroy(s->pool); /* first: no worker outlives a failure */
    boyin_play_device_close(s->device);
    for (size_t i = 0; i < s->qlen; i++)
        pending_free(queue_at(s, i));
    free(s->queue);
    for (size_t i = 0; i < s->nsinks; i++)
        boyin_sink_destroy(s->sinks[i]);
    boyin_outdir_destroy(s->outdir);
    boyin_splitter_destroy(s->splitter);
    boyin_splitter_destroy(s->checker);
    boyin_normalizer_destroy(s->normalizer);
    boyin_pronouncer_destroy(s->pronouncer);
    boyin_engine_destroy(s->engine);
    free(s);
}

int boyin_list_devices(FILE *f, char *err, size_t errlen)
{
    return boyin_play_list_devices(f, err, errlen);
}

int boyin_list_voices(const char *data_dir, char **mine, char **engine)
{
    char dir[4096];
    *mine = *engine = NULL;
    if (data_dir)
        snprintf(dir, sizeof dir, "%s", data_dir);
    else if (boyin_data_dir_find(dir, sizeof dir))
        return BOYIN_EDATA;
    boyin_engine *e = NULL;
    int st = boyin_engine_create(&e);
    if (st)
        return st;
    *mine = boyin_voice_list(dir);
    *engine = boyin_engine_voice_list(e);
    boyin_engine_destroy(e);
    return *mine && *engine ? BOYIN_OK : BOYIN_ENOMEM;
}
