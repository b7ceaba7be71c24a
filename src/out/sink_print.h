/*
 * sink_print.h - outputs that print a line a chunk instead of audio: the
 * chunk plan as JSON Lines (--dry-run, with the phonemes field when the
 * chunks carry phonemes), eSpeak-NG's phoneme mnemonics (-x), and the toned
 * pinyin given to the engine (--pinyin).
 *
 * Each line is flushed as soon as it is printed, so a pipe sees chunks as
 * they are made.  The plan lists the chunks not read on air too (index 0,
 * with the reason); the other two leave them out.
 */
#ifndef BOYIN_SINK_PRINT_H
#define BOYIN_SINK_PRINT_H

#include <stdio.h>

#include "sink.h"

typedef enum { BOYIN_PRINTS_PLAN, BOYIN_PRINTS_PHONEMES, BOYIN_PRINTS_PINYIN } boyin_prints;

/* A printer of `what` to `out` (borrowed; not closed).  `voice` and
 * `english` (copied) are the voice names shown in the plan.  *sink is owned
 * by the caller; BOYIN_ENOMEM. */
int boyin_sink_print_create(boyin_prints what, FILE *out, const char *voice, const char *english, boyin_sink **sink);

#endif
