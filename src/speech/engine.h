/*
 * engine.h - the synthesize stage: eSpeak-NG, as a library.
 *
 * The only module that includes eSpeak-NG's headers; the library is loaded
 * when the first engine is created (dynlib.h), not at program start.
 * eSpeak-NG keeps global state and is not thread-safe, so a process has at
 * most one engine: creating a second one while the first lives fails with
 * BOYIN_EENGINE.
 * Engines made one after another share one start of eSpeak-NG, stopped at
 * exit.
 * Synthesis is synchronous; sample counts are exactly what eSpeak-NG's
 * callback delivered.
 *
 * The session speaks through the ops below, so a test can give it the null
 * engine (boyin_engine_create_null) instead: no eSpeak-NG, a tone per
 * character, deterministic.
 */
#ifndef BOYIN_ENGINE_H
#define BOYIN_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"

/* Run edges louder than BOYIN_ENGINE_SILENT get a fade this long, so runs
 * join without clicks. */
#define BOYIN_ENGINE_FADE_MS 3
#define BOYIN_ENGINE_SILENT 64

/* Voice slots: the bulletin's voice and the English voice for Latin runs. */
#define BOYIN_SLOT_MAIN 0
#define BOYIN_SLOT_ENGLISH 1

typedef struct boyin_engine boyin_engine;

typedef struct {
    int (*set_voice)(boyin_engine *e, int slot, const char *name, int rate, int pitch, int range, int volume);
    int (*synth)(boyin_engine *e, boyin_run *runs, size_t nruns, int16_t **pcm, size_t *samples);
    int (*phonemes)(boyin_engine *e, boyin_run *runs, size_t nruns, char **out);
    char *(*voice_list)(boyin_engine *e);
    void (*destroy)(boyin_engine *e);
    int (*checkpoint)(boyin_engine *e, int slot); /* NULL: nothing carries over */
} boyin_engine_ops;

struct boyin_engine {
    const boyin_engine_ops *ops;
    int rate;                         /* output sample rate, Hz */
    volatile sig_atomic_t *interrupt; /* see boyin_engine_set_interrupt */
};

/* Start eSpeak-NG.  *out is owned by the caller (boyin_engine_destroy). */
int boyin_engine_create(boyin_engine **out);

/* The null engine, for tests: at `rate` Hz, each run gives 10 ms of a
 * 440 Hz tone per character of what it is given (its pinyin, else its
 * text), the runs joined; its phonemes are that text in brackets; it knows
 * every voice but "no-such-voice".  *out is owned by the caller. */
int boyin_engine_create_null(int rate, boyin_engine **out);

static inline void boyin_engine_destroy(boyin_engine *e) { if (e) e->ops->destroy(e); }

/* The rate a session without an engine assumes: eSpeak-NG's, for every
 * voice of 1.51.  Only printed outputs go without an engine (--pinyin,
 * --dry-run), and they print no times. */
#define BOYIN_ENGINE_RATE 22050

/* Output sample rate in Hz (22050 for eSpeak-NG's voices). */
static inline int boyin_engine_sample_rate(const boyin_engine *e) { return e->rate; }

/* Put an eSpeak-NG voice and its settings (-1: the engine default) in a
 * slot.  BOYIN_EVOICE when eSpeak-NG has no such voice. */
static inline int boyin_engine_set_voice(boyin_engine *e, int slot, const char *name, int rate, int pitch, int range,
                                         int volume)
{
    return e->ops->set_voice(e, slot, name, rate, pitch, range, volume);
}

/* When *flag becomes non-zero, synthesis stops early with BOYIN_EINTERRUPTED. */
static inline void boyin_engine_set_interrupt(boyin_engine *e, volatile sig_atomic_t *flag) { e->interrupt = flag; }

/* Speak runs of UTF-8 text (a run's pinyin when it has one), each with its slot's voice, into one stream of
 * mono 16-bit samples, joined in order; a run edge that is not silent gets
 * a BOYIN_ENGINE_FADE_MS fade, so joins do not click.  Each run's
 * `samples` is set to its length in the result.  *pcm is malloc'd and owned by the caller (NULL
 * when *samples is 0). */
static inline int boyin_engine_synth(boyin_engine *e, boyin_run *runs, size_t nruns, int16_t **pcm, size_t *samples)
{
    return e->ops->synth(e, runs, nruns, pcm, samples);
}

/* The phoneme mnemonics eSpeak-NG speaks the runs with, as `espeak-ng -x`
 * prints them, on one line.  *out is malloc'd and owned by the caller. */
static inline int boyin_engine_phonemes(boyin_engine *e, boyin_run *runs, size_t nruns, char **out)
{
    return e->ops->phonemes(e, runs, nruns, out);
}

/*
 * From now on speak only `slot`'s voice, and start every run from the same
 * state.  eSpeak-NG carries state from one utterance to the next (the
 * phase and flutter of its wave generator, echo, pitch), so the same text
 * comes out a few samples different depending on what was said before.
 * This speaks a short warm-up (so every buffer eSpeak-NG allocates lazily
 * exists), then copies libespeak-ng's writable data; before each run the
 * copy is put back, so a run's audio depends only on its text.  A run of
 * the other slot is refused (BOYIN_EINVAL): changing voice makes eSpeak-NG
 * free and rebuild what the copy points to.  Used by the worker processes
 * (pool.h), one voice each.
 */
static inline int boyin_engine_checkpoint(boyin_engine *e, int slot)
{
    return e->ops->checkpoint ? e->ops->checkpoint(e, slot) : 0;
}

/* eSpeak-NG's voice names, sorted and joined by ", " (caller frees). */
static inline char *boyin_engine_voice_list(boyin_engine *e) { return e->ops->voice_list(e); }

#endif
