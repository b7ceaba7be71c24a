/*
 * normalize.h - the normalize stage: what a newsreader says for a chunk.
 *
 * For now it only handles symbols that eSpeak-NG would read as English
 * words: / \ | between words become a break.  Numbers, units, Latin text
 * and credits come with issue 3.
 */
#ifndef BOYIN_NORMALIZE_H
#define BOYIN_NORMALIZE_H

#include "chunk.h"

/* Set c->spoken from c->text (replacing any earlier value; the chunk owns
 * it).  Returns BOYIN_OK or BOYIN_ENOMEM. */
int boyin_normalize_chunk(boyin_chunk *c);

#endif
