/*
 * runs.h - a chunk's spoken text cut into runs by voice: Latin words (with
 * the spaces, dots, hyphens, apostrophes and trailing pluses between and
 * after them: U.S., e-commerce, McDonald's, OPEC+, C++) for the English
 * voice, acronyms spelled letter by letter (NBA N B A; latin-words.tsv lists
 * the ones said as words), the rest for the bulletin's voice.
 */
#ifndef BOYIN_RUNS_H
#define BOYIN_RUNS_H

#include "chunk.h"
#include "reading.h"
#include "wordtables.h"

/* Replace c->runs with the runs of c->spoken, which the reading r made
 * (each run's source span comes from r's pieces).  The runs are owned by
 * the chunk.  BOYIN_ENOMEM. */
int boyin_runs_split(const boyin_wordtables *tb, boyin_chunk *c, const boyin_reading *r);

#endif
