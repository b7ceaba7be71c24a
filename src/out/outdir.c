/* outdir.c - staged output folder. */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"

struct boyin_outdir {
    char path[PATH_MAX];
    char staging[PATH_MAX + 32];
};

static int mkdir_p(char *p)
{
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        int r = mkdir(p, 0777);
        *s = '/';
        if (r && errno != EEXIST)
            return -1;
    }
    if (mkdir(p, 0777) && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(p, &st) || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int boyin_outdir_create(const char *dir, boyin_outdir **out, char *err, size_t errlen)
{
    *out = NULL;
    boyin_outdir *od = calloc(1, sizeof *od);
    if (!od)
        return BOYIN_ENOMEM;
    if (!*dir || snprintf(od->path, sizeof od->path, "%s", dir) >= (int)sizeof od->path) {
        snprintf(err, errlen, "output folder name is empty or too long");
        free(od);
        return BOYIN_EOUTPUT;
    }
    if (mkdir_p(od->path)) {
        snprintf(err, errlen, "cannot create output folder %s: %s", dir, strerror(errno));
        free(od);
        return BOYIN_EOUTPUT;
    }
    snprintf(od->staging, sizeof od->staging, "%s/.boyin-XXXXXX", od->path);
    if (!mkdtemp(od->staging)) {
        snprintf(err, errlen, "cannot write in output folder %s: %s", dir, strerror(errno));
        free(od);
        return BOYIN_EOUTPUT;
    }
    *out = od;
    return BOYIN_OK;
}

const char *boyin_outdir_staging(const boyin_outdir *od) { return od->staging; }
const char *boyin_outdir_path(const boyin_outdir *od) { return od->path; }

static const char *const AUDIO_EXTS[] = {".wav", ".flac", ".ogg", ".opus", ".mp3"};

/* NNNN.<audio ext>: a segment file; *num its number, *ext its extension. */
static int is_segment_name(const char *name, unsigned long *num, const char **ext)
{
    size_t digits = strspn(name, "0123456789");
    for (size_t i = 0; digits >= 4 && i < sizeof AUDIO_EXTS / sizeof *AUDIO_EXTS; i++)
        if (strcmp(name + digits, AUDIO_EXTS[i]) == 0) {
            *num = strtoul(name, NULL, 10);
            *ext = AUDIO_EXTS[i] + 1;
            return 1;
        }
    return 0;
}

/* bulletin.<audio ext> */
static int is_bulletin_name(const char *name, const char **ext)
{
    for (size_t i = 0; strncmp(name, "bulletin", 8) == 0 && i < sizeof AUDIO_EXTS / sizeof *AUDIO_EXTS; i++)
        if (strcmp(name + 8, AUDIO_EXTS[i]) == 0) {
            *ext = AUDIO_EXTS[i] + 1;
            return 1;
        }
    return 0;
}

static int publish(boyin_outdir *od, const char *name, char *err, size_t errlen)
{
    char from[PATH_MAX + 256], to[PATH_MAX + 256];
    snprintf(from, sizeof from, "%s/%s", od->staging, name);
    snprintf(to, sizeof to, "%s/%s", od->path, name);
    if (rename(from, to)) {
        snprintf(err, errlen, "cannot move %s into place: %s", to, strerror(errno));
        return BOYIN_EOUTPUT;
    }
    return BOYIN_OK;
}

int boyin_outdir_commit_file(boyin_outdir *od, const char *name, char *err, size_t errlen)
{
    int st = publish(od, name, err, errlen);
    if (st == BOYIN_OK)
        rmdir(od->staging);
    return st;
}

int boyin_outdir_commit(boyin_outdir *od, unsigned segments, const char *ext, char *err, size_t errlen)
{
    /* The old manifest goes first: should a move below fail, no manifest
     * describes a mix of old and new files. */
    char manifest[PATH_MAX + 32];
    snprintf(manifest, sizeof manifest, "%s/manifest.json", od->path);
    int earlier_run = unlink(manifest) == 0;
    if (!earlier_run && errno != ENOENT) {
        snprintf(err, errlen, "cannot replace %s: %s", manifest, strerror(errno));
        return BOYIN_EOUTPUT;
    }
    DIR *d = opendir(od->staging);
    if (!d) {
        snprintf(err, errlen, "cannot read staging folder %s: %s", od->staging, strerror(errno));
        return BOYIN_EOUTPUT;
    }
    struct dirent *e;
    int st = BOYIN_OK, has_manifest = 0;
    while (st == BOYIN_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (strcmp(e->d_name, "manifest.json") == 0)
            has_manifest = 1;
        else
            st = publish(od, e->d_name, err, errlen);
    }
    closedir(d);
    if (st)
        return st;
    /* Segments beyond this run's count, or in another format, and a
     * bulletin in another format, left by an earlier boyin run (it had a
     * manifest), would contradict the new manifest. */
    d = earlier_run ? opendir(od->path) : NULL;
    unsigned long num;
    const char *x;
    while (d && (e = readdir(d))) {
        if ((is_segment_name(e->d_name, &num, &x) && (num > segments || strcmp(x, ext) != 0)) ||
            (is_bulletin_name(e->d_name, &x) && strcmp(x, ext) != 0)) {
            char p[PATH_MAX + 256];
            snprintf(p, sizeof p, "%s/%s", od->path, e->d_name);
            unlink(p);
        }
    }
    if (d)
        closedir(d);
    if (has_manifest && (st = publish(od, "manifest.json", err, errlen)))
        return st;
    rmdir(od->staging);
    return BOYIN_OK;
}

void boyin_outdir_destroy(boyin_outdir *od)
{
    if (!od)
        return;
    DIR *d = opendir(od->staging);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[PATH_MAX + 320];
        snprintf(p, sizeof p, "%s/%s", od->staging, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(od->staging);
    free(od);
}
