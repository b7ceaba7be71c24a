/* voice.c - boyin voice files and the data folder. */
#define _GNU_SOURCE /* dladdr */
#include "voice.h"

#include <dlfcn.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boyin.h"
#include "lines.h"

#ifndef BOYIN_INSTALL_DATADIR
#define BOYIN_INSTALL_DATADIR "/usr/local/share/boyin"
#endif
#ifndef BOYIN_SOURCE_DATADIR
#define BOYIN_SOURCE_DATADIR "."
#endif

static int has_voices(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/voices", dir) >= (int)sizeof p)
        return 0;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* PREFIX/share/boyin for a file in PREFIX/bin or PREFIX/lib, if it holds voices/. */
static int beside(const char *file, char *out, size_t outlen)
{
    char dir[PATH_MAX], cand[PATH_MAX + 16];
    if (!file || !realpath(file, dir))
        return 0;
    char *slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    snprintf(cand, sizeof cand, "%s/../share/boyin", dir);
    if (!has_voices(cand))
        return 0;
    snprintf(out, outlen, "%s", cand);
    return 1;
}

int boyin_data_dir_find(char *out, size_t outlen)
{
    const char *env = getenv("BOYIN_DATA_DIR");
    if (env && *env) {
        snprintf(out, outlen, "%s", env);
        return has_voices(out) ? BOYIN_OK : BOYIN_EDATA;
    }
    /* Beside the program, then beside libboyin itself: an installed prefix
     * works wherever it was installed and wherever the program is. */
    Dl_info lib;
    if (beside("/proc/self/exe", out, outlen) ||
        (dladdr((void *)boyin_data_dir_find, &lib) && beside(lib.dli_fname, out, outlen)))
        return BOYIN_OK;
    const char *fixed[] = {BOYIN_INSTALL_DATADIR, BOYIN_SOURCE_DATADIR};
    for (size_t i = 0; i < 2; i++)
        if (has_voices(fixed[i])) {
            snprintf(out, outlen, "%s", fixed[i]);
            return BOYIN_OK;
        }
    return BOYIN_EDATA;
}

void boyin_voice_from_espeak(boyin_voice *v, const char *espeak_name)
{
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", espeak_name);
    snprintf(v->espeak, sizeof v->espeak, "%s", espeak_name);
    snprintf(v->english, sizeof v->english, "en-us");
    v->rate = v->pitch = v->range = v->volume = v->english_rate = v->pinyin = -1;
    v->clause_pause_ms = v->sentence_pause_ms = v->paragraph_pause_ms = -1;
}

static const struct {
    const char *key;
    size_t off;
    int lo, hi;
} INT_KEYS[] = {
    {"rate", offsetof(boyin_voice, rate), 80, 600},
    {"pitch", offsetof(boyin_voice, pitch), 0, 100},
    {"range", offsetof(boyin_voice, range), 0, 100},
    {"volume", offsetof(boyin_voice, volume), 0, 200},
    {"clause_pause", offsetof(boyin_voice, clause_pause_ms), 0, 10000},
    {"sentence_pause", offsetof(boyin_voice, sentence_pause_ms), 0, 10000},
    {"paragraph_pause", offsetof(boyin_voice, paragraph_pause_ms), 0, 10000},
    {"english_rate", offsetof(boyin_voice, english_rate), 80, 600},
    {"pinyin", offsetof(boyin_voice, pinyin), 0, 1},
};

int boyin_voice_reads_pinyin(const boyin_voice *v)
{
    return v->pinyin >= 0 ? v->pinyin : strcmp(v->espeak, "cmn-latn-pinyin") == 0;
}

static int valid_name(const char *name)
{
    if (!*name || strlen(name) >= 64)
        return 0;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            return 0;
    return name[0] != '.';
}

int boyin_voice_load(const char *data_dir, const char *name, boyin_voice *v, char *err, size_t errlen)
{
    char path[PATH_MAX];
    if (!valid_name(name))
        return BOYIN_EVOICE;
    snprintf(path, sizeof path, "%s/voices/%s.voice", data_dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return BOYIN_EVOICE;
    boyin_voice_from_espeak(v, "");
    snprintf(v->name, sizeof v->name, "%s", name);
    boyin_lines lines = BOYIN_LINES_INIT;
    char *line;
    int st = BOYIN_OK;
    while (st == BOYIN_OK && (line = boyin_lines_next(&lines, f))) {
        unsigned long lineno = lines.line;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *key = line + strspn(line, " \t\r\n");
        if (!*key)
            continue;
        char *val = key + strcspn(key, " \t\r\n");
        if (*val)
            *val++ = '\0';
        val += strspn(val, " \t");
        val[strcspn(val, "\r\n")] = '\0';
        for (char *e = val + strlen(val); e > val && (e[-1] == ' ' || e[-1] == '\t');)
            *--e = '\0';
        int known = 0;
        if (strcmp(key, "espeak") == 0 && *val && strlen(val) < sizeof v->espeak) {
            snprintf(v->espeak, sizeof v->espeak, "%s", val);
            known = 1;
        } else if (strcmp(key, "english") == 0 && *val && strlen(val) < sizeof v->english) {
            snprintf(v->english, sizeof v->english, "%s", val);
            known = 1;
        } else if (strcmp(key, "loudness") == 0) {
            char *end;
            double x = strtod(val, &end);
            if (end == val || *end || !(x >= -60 && x <= 0)) {
                snprintf(err, errlen, "%s:%lu: loudness must be LUFS from -60 to 0", path, lineno);
                st = BOYIN_EDATA;
            }
            v->loudness = x;
            known = 1;
        } else if (strcmp(key, "neutral_tones") == 0) {
            if (strcmp(val, "formal") && strcmp(val, "dictionary")) {
                snprintf(err, errlen, "%s:%lu: neutral_tones must be formal or dictionary", path, lineno);
                st = BOYIN_EDATA;
            }
            v->dictionary_tones = strcmp(val, "dictionary") == 0;
            known = 1;
        } else if (strcmp(key, "description") == 0) {
            snprintf(v->description, sizeof v->description, "%s", val);
            known = 1;
        }
        for (size_t i = 0; !known && i < sizeof INT_KEYS / sizeof INT_KEYS[0]; i++) {
            if (strcmp(key, INT_KEYS[i].key) != 0)
                continue;
            char *end;
            errno = 0;
            long x = strtol(val, &end, 10);
            if (errno || end == val || *end || x < INT_KEYS[i].lo || x > INT_KEYS[i].hi) {
                snprintf(err, errlen, "%s:%lu: %s must be a whole number from %d to %d", path, lineno, key,
                         INT_KEYS[i].lo, INT_KEYS[i].hi);
                st = BOYIN_EDATA;
            }
            *(int *)((char *)v + INT_KEYS[i].off) = (int)x;
            known = 1;
        }
        if (!known && st == BOYIN_OK) {
            snprintf(err, errlen, "%s:%lu: unknown or empty setting '%s'", path, lineno, key);
            st = BOYIN_EDATA;
        }
    }
    if (st == BOYIN_OK && (st = boyin_lines_end(f)) != BOYIN_OK)
        snprintf(err, errlen, "cannot read %s", path);
    boyin_lines_free(&lines);
    fclose(f);
    if (st == BOYIN_OK && !v->espeak[0]) {
        snprintf(err, errlen, "%s: no 'espeak' line naming the engine voice", path);
        st = BOYIN_EDATA;
    }
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *boyin_voice_list(const char *data_dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/voices", data_dir);
    char *names[256];
    size_t n = 0, total = 1;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && n < 256 && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 6 && e->d_name[0] != '.' && strcmp(e->d_name + len - 6, ".voice") == 0) {
            names[n] = strndup(e->d_name, len - 6);
            if (names[n])
                total += len + 2, n++;
        }
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    char *out = malloc(total);
    if (out) {
        out[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (i)
                strcat(out, ", ");
            strcat(out, names[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return out;
}
