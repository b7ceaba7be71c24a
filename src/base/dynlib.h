/*
 * dynlib.h - outside libraries loaded when they are first needed (dlopen),
 * not when the program starts.
 *
 * eSpeak-NG, PortAudio, libsndfile, libsoxr and OpenCC bring in
 * some forty shared libraries between them (PulseAudio and X11 through
 * eSpeak-NG's audio library, ALSA and JACK, the codecs, the C++ runtime).
 * Linked the usual way, the dynamic linker maps and relocates all of them
 * before main, about 17 ms, even for `boyin --pinyin`, which uses none of
 * them.  So libboyin links only what every run uses (libc, libm, utf8proc,
 * cJSON), and the one module that uses each of the others names the
 * functions it calls in a table and loads it on first use:
 *
 *     #define ESPEAK_FUNCTIONS(X) X(espeak_Initialize) X(espeak_Synth)
 *     static struct { ESPEAK_FUNCTIONS(BOYIN_DYNLIB_POINTER) } es;
 *     static const char *const ESPEAK_NAMES[] = {ESPEAK_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
 *     BOYIN_DYNLIB_CHECK(es, ESPEAK_NAMES);
 *     static boyin_dynlib ESPEAK = {BOYIN_ESPEAK_SONAME, ESPEAK_NAMES, &es};
 *     ...
 *     if (boyin_dynlib_load(&ESPEAK, err, errlen)) return BOYIN_EENGINE;
 *     es.espeak_Synth(...);
 *
 * The header still declares the functions, so each pointer has the type of
 * the function it holds and every call is checked as before.  The SONAMEs
 * (BOYIN_<NAME>_SONAME) are read from the libraries at configure time
 * (CMakeLists.txt, boyin_module LOADS), so the version loaded is the one
 * the build was made against, as with DT_NEEDED.
 */
#ifndef BOYIN_DYNLIB_H
#define BOYIN_DYNLIB_H

#include <stddef.h>

/* In a table of functions: a pointer named f, of f's type; f's name. */
#define BOYIN_DYNLIB_POINTER(f) __typeof__(f) *f;
#define BOYIN_DYNLIB_NAME(f) #f,
/* The table holds exactly one pointer per name (at file scope). */
#define BOYIN_DYNLIB_CHECK(table, names) \
    _Static_assert(sizeof(table) == (sizeof(names) / sizeof *(names) - 1) * sizeof(void *), "one pointer per name")

typedef struct {
    const char *soname;       /* "libespeak-ng.so.1" */
    const char *const *names; /* the functions, NULL-terminated */
    void *table;              /* a struct of one function pointer per name, in order */
    int state;                /* 0: not tried yet, 1: loaded, -1: failed (under dynlib.c's lock) */
    char error[256];          /* why it failed */
} boyin_dynlib;

/*
 * Load lib->soname and every function of lib->names into lib->table, once
 * per process: later calls (from any thread) give the first call's result.
 * The library stays loaded until the process exits, as a linked one would.
 * BOYIN_OK, or BOYIN_EDATA with "cannot load libx.so.1: why" in err (a
 * missing library, or one without a function of the list).
 */
int boyin_dynlib_load(boyin_dynlib *lib, char *err, size_t errlen);

#endif
