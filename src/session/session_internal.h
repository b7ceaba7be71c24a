/*
 * session_internal.h - what tests and tools inside the tree may do with a
 * session beyond boyin.h.
 */
#ifndef BOYIN_SESSION_INTERNAL_H
#define BOYIN_SESSION_INTERNAL_H

#include "boyin.h"
#include "engine.h"
#include "sink.h"

/* boyin_session_create with `engine` (taken, even on failure; NULL: start
 * eSpeak-NG) and `nsinks` more outputs (taken, even on failure; at most 4)
 * after the ones the config asks for, or before them when `first` (so a
 * test can show that the order of the sinks does not matter). */
int boyin_session_create_with(const boyin_session_config *cfg, boyin_engine *engine, boyin_sink *const *sinks,
                              size_t nsinks, int first, boyin_session **out);

#endif
