/* dynlib.c - outside libraries loaded on first use. */
#include "dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "boyin.h"

/* One lock for every library: loading happens a few times per process, and
 * dlerror's message is per thread only in recent C libraries. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static int load(boyin_dynlib *lib)
{
    /* RTLD_LOCAL: the symbols are found through the table, not by name,
     * so they do not mix with those of other libraries the program loads. */
    void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(lib->error, sizeof lib->error, "cannot load %s: %s", lib->soname, why ? why : "not found");
        return -1;
    }
    void **fn = lib->table;
    for (size_t i = 0; lib->names[i]; i++) {
        /* POSIX's way to get a function from dlsym (see dlsym(3)): a data
         * pointer and a function pointer have the same size there. */
        if (!(fn[i] = dlsym(h, lib->names[i]))) {
            snprintf(lib->error, sizeof lib->error, "cannot load %s: it has no %s", lib->soname, lib->names[i]);
            /* Not closed: libraries that started threads must not be
             * unloaded under them, and the handle costs nothing. */
            return -1;
        }
    }
    return 1;
}

int boyin_dynlib_load(boyin_dynlib *lib, char *err, size_t errlen)
{
    pthread_mutex_lock(&g_lock);
    if (lib->state == 0)
        lib->state = load(lib);
    int st = lib->state;
    pthread_mutex_unlock(&g_lock);
    if (st > 0)
        return BOYIN_OK;
    if (err && errlen)
        snprintf(err, errlen, "%s", lib->error);
    return BOYIN_EDATA;
}
