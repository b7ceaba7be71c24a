/*
 * filetest.c - what the end-to-end tests of the audio files share: a
 * temporary folder with a short input and test sounds, running the real
 * binary, reading files back with libsndfile and measuring them with
 * libebur128 directly (not with boyin's meter), and RIFF/ID3 byte helpers.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <cjson/cJSON.h>
#include <ebur128.h>
#include <math.h>
#include <poll.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chunk.h"
#include "boyin.h"
#include "meter.h"
#include "tsv.h"
#include "filetest.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif


char g_tmp[] = "/tmp/boyin-files-XXXXXX";
char g_input[600];
char g_intro[600], g_outro[600], g_bed[600];

int run_boyin(char *const *args)
{
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", 1);
        dup2(devnull, 2);
        execv(BOYIN_BIN, args);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

audio read_audio(const char *path)
{
    SF_INFO info = {0};
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f)
        fail_msg("cannot read %s: %s", path, sf_strerror(NULL));
    audio a = {malloc(((size_t)info.frames + 1) * (size_t)info.channels * sizeof(float)), 0, info.samplerate,
               info.channels};
    a.frames = (size_t)sf_readf_float(f, a.x, info.frames);
    sf_close(f);
    return a;
}

void measure(const audio *a, double *lufs, double *tp_db)
{
    ebur128_state *st = ebur128_init((unsigned)a->channels, (unsigned long)a->rate,
                                     EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    if (a->channels == 1)
        ebur128_set_channel(st, 0, EBUR128_DUAL_MONO);
    ebur128_add_frames_float(st, a->x, a->frames);
    ebur128_loudness_global(st, lufs);
    double tp = 0, t;
    for (int c = 0; c < a->channels; c++)
        if (ebur128_true_peak(st, (unsigned)c, &t) == 0 && t > tp)
            tp = t;
    *tp_db = 20 * log10(tp);
    ebur128_destroy(&st);
}

/* The largest momentary and short-term loudness, read every 100 ms (EBU
 * Tech 3341), by libebur128 straight from the decoded file. */
void maxima(const audio *a, double *mm, double *ms)
{
    ebur128_state *st = ebur128_init((unsigned)a->channels, (unsigned long)a->rate, EBUR128_MODE_M | EBUR128_MODE_S);
    if (a->channels == 1)
        ebur128_set_channel(st, 0, EBUR128_DUAL_MONO);
    size_t hop = (size_t)a->rate / 10;
    *mm = *ms = -HUGE_VAL;
    for (size_t at = 0, k = 1; at + hop <= a->frames; at += hop, k++) {
        double v;
        ebur128_add_frames_float(st, a->x + at * (size_t)a->channels, hop);
        if (k >= 4 && ebur128_loudness_momentary(st, &v) == 0 && v > *mm)
            *mm = v;
        if (k >= 30 && ebur128_loudness_shortterm(st, &v) == 0 && v > *ms)
            *ms = v;
    }
    ebur128_destroy(&st);
}

const cJSON *get(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    if (!v)
        fail_msg("manifest has no '%s'", k);
    return v;
}

uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int16_t le16(const unsigned char *p)
{
    return (int16_t)(p[0] | p[1] << 8);
}

/* The data of RIFF chunk `id` in the file bytes, or NULL. */
const unsigned char *riff_chunk(const unsigned char *b, size_t n, const char *id, uint32_t *size)
{
    assert_true(n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVE", 4) == 0);
    assert_int_equal(le32(b + 4), n - 8); /* the RIFF size covers every chunk */
    for (size_t at = 12; at + 8 <= n;) {
        uint32_t sz = le32(b + at + 4);
        if (memcmp(b + at, id, 4) == 0) {
            *size = sz;
            return b + at + 8;
        }
        at += 8 + sz + (sz & 1);
    }
    return NULL;
}

cJSON *load_json(const char *dir, const char *name)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = read_file(path, NULL);
    assert_non_null(text);
    cJSON *j = cJSON_Parse(text);
    free(text);
    assert_non_null(j);
    return j;
}

uint32_t syncsafe(const unsigned char *p)
{
    return (uint32_t)p[0] << 21 | (uint32_t)p[1] << 14 | (uint32_t)p[2] << 7 | p[3];
}

uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Run boyin with stdout to `out_path`; returns the exit code. */
int run_to_file(char *const *args, const char *out_path)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(devnull, 2);
        execv(BOYIN_BIN, args);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A test sound: a tone or (noise) low-passed noise, written with libsndfile;
 * left_only: in the first channel only, the others silent. */
void make_sound_in(const char *path, int format, int rate, int channels, double secs, int noise, double level,
                          int left_only)
{
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    assert_non_null(f);
    size_t n = (size_t)(secs * rate);
    float *x = malloc(n * (size_t)channels * sizeof *x);
    unsigned seed = 3;
    double lp = 0;
    for (size_t i = 0; i < n; i++) {
        double v;
        if (noise) {
            seed = seed * 1103515245 + 12345;
            lp += 0.2 * ((((seed >> 16) & 0x7fff) / 32768.0 - 0.5) - lp);
            v = lp * 4;
        } else {
            v = sin(2 * M_PI * 440.0 * i / rate);
        }
        for (int c = 0; c < channels; c++)
            x[i * (size_t)channels + (size_t)c] = c > 0 && left_only ? 0.0f : (float)(level * v);
    }
    assert_int_equal(sf_writef_float(f, x, (sf_count_t)n), (sf_count_t)n);
    sf_close(f);
    free(x);
}

void make_sound(const char *path, int format, int rate, int channels, double secs, int noise, double level)
{
    make_sound_in(path, format, rate, channels, secs, noise, level, 0);
}

void filetest_setup(void)
{
    assert_non_null(mkdtemp(g_tmp));
    snprintf(g_intro, sizeof g_intro, "%s/intro.wav", g_tmp);
    snprintf(g_outro, sizeof g_outro, "%s/outro.flac", g_tmp);
    snprintf(g_bed, sizeof g_bed, "%s/bed.wav", g_tmp);
    make_sound(g_intro, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 2.0, 0, 0.3);
    make_sound(g_outro, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 1, 1.5, 0, 0.5);
    make_sound(g_bed, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 3.0, 1, 0.2);
    /* A short bulletin: three paragraphs, about twenty seconds. */
    snprintf(g_input, sizeof g_input, "%s/input.txt", g_tmp);
    FILE *f = fopen(g_input, "w");
    fputs("省委书记主持召开会议，研究部署全省经济工作。会议强调，要稳中求进，推动高质量发展。\n\n"
          "今年前三季度，全省地区生产总值增长百分之五点二，居民收入稳步提高。\n\n"
          "气象台预计，明天全省多云转小雨，最高气温十八摄氏度。\n",
          f);
    fclose(f);
}

int filetest_teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0)
        return 1;
    return 0;
}
