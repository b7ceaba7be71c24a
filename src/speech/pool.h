/*
 * pool.h - synthesis in worker processes, so every core speaks.
 *
 * eSpeak-NG keeps global state and is not thread-safe: one engine per
 * process.  The pool forks worker processes from the caller's engine (its
 * voices already set, so eSpeak-NG's data is loaded once and shared): `jobs`
 * for the bulletin's voice and, when there is an English voice, one more
 * for it.  Each worker checkpoints its engine (boyin_engine_checkpoint), so
 * a run's audio depends only on its text, never on which worker spoke it or
 * what it spoke before: the output is the same for every number of jobs.
 *
 * Runs go out with a tag and come back in any order; the caller puts them
 * back in order (the session's queue and timeline).  Each worker has at
 * most BOYIN_POOL_DEPTH runs outstanding, so memory stays bounded.
 *
 * Create the pool before the process starts any thread (fork copies only
 * the calling thread).  Workers ignore SIGINT (the session decides what an
 * interrupt means), die with the parent (PR_SET_PDEATHSIG), and are killed
 * and reaped by boyin_pool_destroy: no zombies.  A worker that dies is an
 * error naming it (BOYIN_EENGINE).
 */
#ifndef BOYIN_POOL_H
#define BOYIN_POOL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "engine.h"

#define BOYIN_POOL_DEPTH 2 /* runs outstanding per worker */

typedef struct boyin_pool boyin_pool;

/* A finished run. */
typedef struct {
    uint64_t tag;
    int16_t *pcm;   /* malloc'd, owned by the caller (NULL when samples is 0) */
    size_t samples;
} boyin_pool_done;

/* Fork the workers from engine e (voices set in its slots; `english`: the
 * English slot is used).  *out is owned by the caller (boyin_pool_destroy).
 * On failure err says why. */
int boyin_pool_create(boyin_engine *e, int jobs, int english, boyin_pool **out, char *err, size_t errlen);

/* Can a run of this kind (english or not) be sent without waiting? */
int boyin_pool_can_take(const boyin_pool *p, int english);

/* Send a run (its pinyin, else its text, in its voice).  Only when
 * boyin_pool_can_take says so. */
int boyin_pool_submit(boyin_pool *p, uint64_t tag, const boyin_run *run, char *err, size_t errlen);

/* The worker processes. */
size_t boyin_pool_workers(const boyin_pool *p);

/* The cores this process may run on, at most max (the default number of
 * jobs). */
int boyin_pool_cores(int max);

/* Runs sent and not yet returned. */
size_t boyin_pool_outstanding(const boyin_pool *p);

/* Wait for the next finished run.  BOYIN_EINTERRUPTED when *interrupt
 * becomes non-zero while waiting; a run's own failure (its status); a
 * worker that died or broke the protocol: BOYIN_EENGINE, err says which. */
int boyin_pool_wait(boyin_pool *p, volatile sig_atomic_t *interrupt, boyin_pool_done *out, char *err,
                    size_t errlen);

/* Stop the workers (killed, then reaped).  NULL is allowed. */
void boyin_pool_destroy(boyin_pool *p);

#endif
