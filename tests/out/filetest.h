/*
 * filetest.h - helpers of the end-to-end audio file tests (filetest.c).
 * They fail the running cmocka test on any error.
 */
#ifndef BOYIN_FILETEST_H
#define BOYIN_FILETEST_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The temporary folder, a three-paragraph input, and an intro (stereo WAV,
 * 44.1 kHz), an outro (mono FLAC, 48 kHz) and a bed (stereo noise) in it. */
extern char g_tmp[], g_input[600], g_intro[600], g_outro[600], g_bed[600];
void filetest_setup(void);
int filetest_teardown(void); /* 0, or 1 when the folder could not be removed */

typedef struct {
    float *x; /* interleaved */
    size_t frames;
    int rate, channels;
} audio;

/* Run boyin (stderr discarded); the exit code. */
int run_boyin(char *const *args);
/* Run boyin with stdout to out_path. */
int run_to_file(char *const *args, const char *out_path);
/* A sound file read whole as float (owned: free a.x). */
audio read_audio(const char *path);
/* libebur128's integrated loudness and true peak (dBTP); mono as dual mono. */
void measure(const audio *a, double *lufs, double *tp_db);
/* libebur128's largest momentary and short-term loudness, every 100 ms. */
void maxima(const audio *a, double *mm, double *ms);
/* A member of a JSON object; fails the test when it is missing. */
const cJSON *get(const cJSON *o, const char *k);
/* DIR/NAME parsed (owned by the caller: cJSON_Delete). */
cJSON *load_json(const char *dir, const char *name);
uint32_t le32(const unsigned char *p);
int16_t le16(const unsigned char *p);
uint32_t be32(const unsigned char *p);
uint32_t syncsafe(const unsigned char *p);
/* The data of RIFF chunk `id` in the file's bytes, or NULL. */
const unsigned char *riff_chunk(const unsigned char *b, size_t n, const char *id, uint32_t *size);
/* A tone or low-passed noise in a libsndfile format; left_only: the first
 * channel only. */
void make_sound_in(const char *path, int format, int rate, int channels, double secs, int noise, double level,
                   int left_only);
void make_sound(const char *path, int format, int rate, int channels, double secs, int noise, double level);

#endif
