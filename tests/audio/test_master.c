/*
 * test_master.c - mastering and output formats.
 *
 * Unit: the master chain on synthetic signals (exact lengths and alignment
 * through the resampler, the limiter holding its ceiling without steps,
 * boyin's true peak against libebur128's).  End to end: each row of
 * tests/data/formats.tsv renders a short bulletin with the real binary; the
 * files are read back with libsndfile and measured with libebur128 directly
 * (not with boyin's meter): rate, channels, length against the manifest,
 * integrated loudness within 0.5 LU of the target, true peak under the
 * ceiling, segments equal to the bulletin at their start (lossless formats),
 * and -w FILE writing the bulletin alone.
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
#include "master.h"
#include "tsv.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static char g_tmp[] = "/tmp/boyin-master-XXXXXX";
static char g_input[600];
static char g_intro[600], g_outro[600], g_bed[600]; /* made by main() with libsndfile */

/* ---- unit: the chain ------------------------------------------------------ */

static float *run_chain(int in_rate, int out_rate, double gain, double ceiling, const float *x, size_t n,
                        size_t *nout, uint64_t *limited)
{
    boyin_master *m;
    assert_int_equal(boyin_master_create(in_rate, out_rate, 1, 1, gain, ceiling, &m), 0);
    float *all = NULL;
    size_t total = 0;
    for (size_t at = 0;; at += 997) { /* odd block sizes */
        const float *y;
        size_t ny;
        size_t k = at < n ? (n - at < 997 ? n - at : 997) : 0;
        assert_int_equal(boyin_master_process(m, k ? x + at : NULL, k, &y, &ny), 0);
        all = realloc(all, (total + ny + 1) * sizeof *all);
        memcpy(all + total, y, ny * sizeof *y);
        total += ny;
        if (!k)
            break;
    }
    *limited = boyin_master_limited(m);
    boyin_master_destroy(m);
    *nout = total;
    return all;
}

static void test_chain_lengths_and_alignment(void **state)
{
    (void)state;
    const int outs[] = {22050, 44100, 48000};
    size_t n = 22050 * 2 + 123;
    float *x = calloc(n, sizeof *x);
    x[30000] = 0.5f; /* an impulse */
    for (int t = 0; t < 3; t++) {
        size_t got;
        uint64_t lim;
        float *y = run_chain(22050, outs[t], 0, 1, x, n, &got, &lim);
        assert_int_equal(got, boyin_frames_map(n, 22050, outs[t]));
        size_t best = 0;
        for (size_t i = 0; i < got; i++)
            if (fabsf(y[i]) > fabsf(y[best]))
                best = i;
        /* the impulse comes out where its position maps to */
        assert_true(llabs((long long)best - (long long)boyin_frames_map(30000, 22050, outs[t])) <= 1);
        assert_int_equal(lim, 0);
        free(y);
    }
    free(x);
}

static void test_limiter(void **state)
{
    (void)state;
    size_t n = 48000;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) /* a tone whose loud half is 6 dB over the ceiling */
        x[i] = (float)((i > n / 2 ? 0.9 : 0.2) * sin(2 * M_PI * 440.0 * i / 48000));
    size_t got;
    uint64_t lim;
    double ceiling = -6.0, c = pow(10, ceiling / 20);
    float *y = run_chain(48000, 48000, 0, ceiling, x, n, &got, &lim);
    assert_int_equal(got, n);
    assert_true(lim > 0);
    float peak = 0, step = 0;
    for (size_t i = 0; i < n; i++) {
        peak = fabsf(y[i]) > peak ? fabsf(y[i]) : peak;
        /* gain never jumps: the output follows the input's shape */
        if (i > 0 && fabsf(y[i] - y[i - 1]) > step)
            step = fabsf(y[i] - y[i - 1]);
    }
    assert_true(peak <= c + 1e-4);
    assert_true(step < 0.07f); /* a 440 Hz tone at 0.9 moves at most 0.052 a frame */
    /* quiet frames far from the loud part pass unchanged */
    for (size_t i = 1000; i < n / 2 - 1000; i++)
        assert_true(fabsf(y[i] - x[i]) < 1e-6);
    free(y);
    /* a peak in the very first frames is limited too */
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.99 * sin(2 * M_PI * 1000.0 * i / 48000 + M_PI / 2));
    y = run_chain(48000, 48000, 0, ceiling, x, n, &got, &lim);
    for (size_t i = 0; i < n; i++)
        if (fabsf(y[i]) > c + 1e-4)
            fail_msg("frame %zu: %.4f over the %.4f ceiling", i, fabsf(y[i]), c);
    free(y);
    /* a long fall above the ceiling (the required gain rises every frame) */
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.99 - 0.4 * (double)i / (double)n);
    y = run_chain(8000, 8000, 0, ceiling, x, n, &got, &lim);
    for (size_t i = 0; i < n; i++)
        assert_true(fabsf(y[i]) <= c + 1e-4);
    free(x);
    free(y);
}

/* boyin's true peak against libebur128's on tones whose peaks fall between
 * samples (a quarter of the rate, phase-shifted) and on low-passed noise. */
static void test_true_peak_matches_libebur128(void **state)
{
    (void)state;
    const int rate = 22050;
    size_t n = rate * 2;
    float *x = malloc(n * sizeof *x);
    for (int kind = 0; kind < 3; kind++) {
        unsigned seed = 7;
        for (size_t i = 0; i < n; i++) {
            if (kind == 0)
                x[i] = (float)(0.5 * sin(2 * M_PI * (rate / 4.0) * i / rate + M_PI / 4));
            else if (kind == 1)
                x[i] = (float)(0.6 * sin(2 * M_PI * 5000.0 * i / rate + 0.3));
            else { /* noise, low-passed like speech (full-band noise reads up to 0.4 dB high) */
                double v = 0;
                for (int k = 0; k < 4; k++) {
                    seed = seed * 1103515245 + 12345;
                    v += ((seed >> 16) & 0x7fff) / 32768.0 - 0.5;
                }
                x[i] = (float)(0.5 * v);
            }
        }
        boyin_meter *m;
        assert_int_equal(boyin_meter_create(rate, 1, 1, &m), 0);
        ebur128_state *st = ebur128_init(1, rate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
        ebur128_set_channel(st, 0, EBUR128_DUAL_MONO);
        for (size_t at = 0; at < n; at += 1000) {
            size_t k = n - at < 1000 ? n - at : 1000;
            assert_int_equal(boyin_meter_add(m, x + at, k), 0);
            ebur128_add_frames_float(st, x + at, k);
        }
        boyin_loudness got;
        assert_int_equal(boyin_meter_result(m, &got), 0);
        double tp, li;
        ebur128_true_peak(st, 0, &tp);
        ebur128_loudness_global(st, &li);
        if (fabs(got.true_peak - 20 * log10(tp)) > 0.25 || fabs(got.integrated - li) > 0.05)
            fail_msg("signal %d: boyin %.2f dBTP %.2f LUFS, libebur128 %.2f dBTP %.2f LUFS", kind, got.true_peak,
                     got.integrated, 20 * log10(tp), li);
        ebur128_destroy(&st);
        boyin_meter_destroy(m);
    }
    free(x);
}

/* ---- end to end ----------------------------------------------------------- */

static int run_boyin(char *const *args)
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

typedef struct {
    float *x; /* interleaved */
    size_t frames;
    int rate, channels;
} audio;

static audio read_audio(const char *path)
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

static void measure(const audio *a, double *lufs, double *tp_db)
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
static void maxima(const audio *a, double *mm, double *ms)
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

static const cJSON *get(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    if (!v)
        fail_msg("manifest has no '%s'", k);
    return v;
}

static void test_formats_table(void **state)
{
    (void)state;
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/formats.tsv", &rows, &n), 0);
    assert_true(n >= 10);
    for (size_t r = 0; r < n; r++) {
        const tsv_row *row = &rows[r];
        char dir[700], path[800];
        snprintf(dir, sizeof dir, "%s/%s", g_tmp, row->cells[0]);
        char *args[32];
        int k = 0;
        args[k++] = "boyin";
        args[k++] = "-q";
        args[k++] = "-o";
        args[k++] = dir;
        char *words = strdup(row->cells[1]);
        for (char *w = strtok(words, " "); w && k < 28; w = strtok(NULL, " "))
            if (strcmp(w, "-") != 0)
                args[k++] = strcmp(w, "INTRO") == 0 ? g_intro : strcmp(w, "OUTRO") == 0 ? g_outro
                            : strcmp(w, "BED") == 0 ? g_bed : w;
        args[k++] = g_input;
        args[k] = NULL;
        int code = run_boyin(args);
        if (code != 0)
            fail_msg("formats.tsv:%u %s: exit %d", row->line, row->cells[0], code);
        const char *ext = row->cells[2];
        int rate = atoi(row->cells[3]), ch = atoi(row->cells[4]), lossless = atoi(row->cells[6]);
        int normalized = strcmp(row->cells[5], "-") != 0;
        double target = atof(row->cells[5]);
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        char *json = read_file(path, NULL);
        cJSON *m = cJSON_Parse(json);
        assert_non_null(m);
        assert_int_equal((int)get(m, "sample_rate")->valuedouble, rate);
        assert_int_equal((int)get(m, "channels")->valuedouble, ch);
        assert_string_equal(get(m, "format")->valuestring, ext);
        const cJSON *bul = get(m, "bulletin"), *loud = get(bul, "loudness");
        char bname[32];
        snprintf(bname, sizeof bname, "bulletin.%s", ext);
        assert_string_equal(get(bul, "file")->valuestring, bname);
        snprintf(path, sizeof path, "%s/%s", dir, bname);
        audio a = read_audio(path);
        assert_int_equal(a.rate, rate);
        assert_int_equal(a.channels, ch);
        size_t want = (size_t)get(bul, "samples")->valuedouble;
        /* lossy decoders may round the length to a codec frame */
        if (lossless ? a.frames != want : (size_t)llabs((long long)a.frames - (long long)want) > 2048)
            fail_msg("formats.tsv:%u %s: %zu frames, manifest says %zu", row->line, row->cells[0], a.frames, want);
        double lufs, tp;
        measure(&a, &lufs, &tp);
        double ceiling = get(loud, "ceiling")->valuedouble;
        if (normalized && fabs(lufs - target) > 0.5)
            fail_msg("formats.tsv:%u %s: %.2f LUFS, target %.1f", row->line, row->cells[0], lufs, target);
        if (normalized && tp > ceiling + 0.05)
            fail_msg("formats.tsv:%u %s: true peak %.2f dBTP over %.1f", row->line, row->cells[0], tp, ceiling);
        /* the manifest's figures are what the file measures */
        if (fabs(get(loud, "integrated")->valuedouble - lufs) > 0.1 ||
            fabs(get(loud, "true_peak")->valuedouble - tp) > 0.25)
            fail_msg("formats.tsv:%u %s: manifest %.2f LUFS %.2f dBTP, file %.2f LUFS %.2f dBTP", row->line,
                     row->cells[0], get(loud, "integrated")->valuedouble, get(loud, "true_peak")->valuedouble, lufs,
                     tp);
        /* each segment is the bulletin from its start, same format */
        const cJSON *seg;
        cJSON_ArrayForEach(seg, get(m, "segments"))
        {
            snprintf(path, sizeof path, "%s/%s", dir, get(seg, "file")->valuestring);
            audio s = read_audio(path);
            size_t start = (size_t)get(seg, "samples")->valuedouble; /* its length */
            size_t at = (size_t)llround(get(seg, "start")->valuedouble * rate);
            assert_int_equal(s.rate, rate);
            assert_int_equal(s.channels, ch);
            if (lossless) {
                assert_int_equal(s.frames, start);
                for (size_t i = 0; i < s.frames * (size_t)ch; i++)
                    if (s.x[i] != a.x[at * (size_t)ch + i])
                        fail_msg("formats.tsv:%u %s: %s differs from the bulletin at frame %zu", row->line,
                                 row->cells[0], get(seg, "file")->valuestring, i / (size_t)ch);
            } else if ((size_t)llabs((long long)s.frames - (long long)start) > 2048) {
                fail_msg("formats.tsv:%u %s: %s has %zu frames, manifest says %zu", row->line, row->cells[0],
                         get(seg, "file")->valuestring, s.frames, start);
            }
            free(s.x);
        }
        free(a.x);
        cJSON_Delete(m);
        free(json);
        free(words);
    }
    tsv_free(rows, n);
}

/* -w FILE: the bulletin alone, and nothing else in its folder changes. */
static void test_output_file(void **state)
{
    (void)state;
    char dir[700], file[800], other[800];
    snprintf(dir, sizeof dir, "%s/w", g_tmp);
    mkdir(dir, 0755);
    snprintf(other, sizeof other, "%s/manifest.json", dir);
    FILE *f = fopen(other, "w");
    fputs("{}", f);
    fclose(f);
    snprintf(file, sizeof file, "%s/news.flac", dir);
    char *args[] = {"boyin", "-q", "-w", file, "--preset", "podcast", g_input, NULL};
    assert_int_equal(run_boyin(args), 0);
    audio a = read_audio(file);
    assert_int_equal(a.rate, 44100); /* the podcast preset's rate */
    double lufs, tp;
    measure(&a, &lufs, &tp);
    assert_true(fabs(lufs + 16) <= 0.5);
    assert_true(tp <= -1.0 + 0.05);
    free(a.x);
    char *kept = read_file(other, NULL);
    assert_string_equal(kept, "{}"); /* another program's manifest is left alone */
    free(kept);
    int entries = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)))
        entries += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(entries, 2); /* news.flac and manifest.json, no staging left */
}

/* ---- metadata, read back byte by byte ------------------------------------ */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int16_t le16(const unsigned char *p)
{
    return (int16_t)(p[0] | p[1] << 8);
}

/* The data of RIFF chunk `id` in the file bytes, or NULL. */
static const unsigned char *chunk(const unsigned char *b, size_t n, const char *id, uint32_t *size)
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

static cJSON *load_json(const char *dir, const char *name)
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

/* Broadcast WAV: bext with the measured loudness, cart with title, category
 * and out cue, a cue point at every segment start, LIST INFO title. */
static void test_broadcast_wav_chunks(void **state)
{
    (void)state;
    char dir[700], path[800];
    snprintf(dir, sizeof dir, "%s/bwf", g_tmp);
    char *args[] = {"boyin", "-q", "-o", dir, "--preset", "broadcast", "--sample-rate", "48000", "--title",
                    "镇江新闻：省委书记主持召开会议研究部署全省经济工作并强调稳中求进推动高质量发展取得新成效",
                    "--station", "镇江人民广播电台", "--date", "2022-11-18", g_input, NULL};
    assert_int_equal(run_boyin(args), 0);
    snprintf(path, sizeof path, "%s/bulletin.wav", dir);
    size_t n;
    unsigned char *b = (unsigned char *)read_file(path, &n);
    assert_non_null(b);
    cJSON *m = load_json(dir, "manifest.json");
    const cJSON *loud = get(get(m, "bulletin"), "loudness");
    uint32_t sz;
    const unsigned char *bext = chunk(b, n, "bext", &sz);
    assert_non_null(bext);
    assert_true(sz >= 602);
    assert_true(strncmp((const char *)bext, "镇江新闻：省委书记", strlen("镇江新闻：省委书记")) == 0);
    assert_true(strncmp((const char *)bext + 256, "镇江人民广播电台", strlen("镇江人民广播电台")) == 0);
    assert_memory_equal(bext + 320, "2022-11-18", 10);
    assert_int_equal(le16(bext + 346), 2); /* version */
    assert_int_equal(le16(bext + 412), (int)lround(get(loud, "integrated")->valuedouble * 100));
    assert_int_equal(le16(bext + 414), (int)lround(get(loud, "range")->valuedouble * 100));
    assert_int_equal(le16(bext + 416), (int)lround(get(loud, "true_peak")->valuedouble * 100));
    assert_true(le16(bext + 412) >= -2350 && le16(bext + 412) <= -2250);
    /* the momentary and short-term maxima: as the manifest says, and as
     * libebur128 reads them from the written file */
    assert_int_equal(le16(bext + 418), (int)lround(get(loud, "max_momentary")->valuedouble * 100));
    assert_int_equal(le16(bext + 420), (int)lround(get(loud, "max_short_term")->valuedouble * 100));
    audio w = read_audio(path);
    double mm, ms;
    maxima(&w, &mm, &ms);
    free(w.x);
    assert_true(fabs(le16(bext + 418) / 100.0 - mm) < 0.1);
    assert_true(fabs(le16(bext + 420) / 100.0 - ms) < 0.1);
    assert_true(ms > get(loud, "integrated")->valuedouble && mm >= ms);
    const unsigned char *cart = chunk(b, n, "cart", &sz);
    assert_non_null(cart);
    assert_memory_equal(cart, "0101", 4);
    /* the title is cut at a character boundary within 64 bytes */
    char title[65] = {0};
    memcpy(title, cart + 4, 64);
    assert_true(strlen(title) <= 63 && strncmp(title, "镇江新闻：", strlen("镇江新闻：")) == 0);
    assert_true(strlen(title) % 3 == 0); /* whole three-byte characters only */
    assert_string_equal((const char *)cart + 260, "NEWS");
    char out_cue[65] = {0};
    memcpy(out_cue, cart + 388, 64);
    assert_true(strlen(out_cue) > 0 && strstr("气象台预计，明天全省多云转小雨，最高气温十八摄氏度。", out_cue) != NULL);
    const unsigned char *cue = chunk(b, n, "cue ", &sz);
    assert_non_null(cue);
    const cJSON *segs = get(m, "segments"), *seg;
    assert_int_equal(le32(cue), (uint32_t)cJSON_GetArraySize(segs));
    int i = 0;
    cJSON_ArrayForEach(seg, segs)
    {
        uint32_t at = le32(cue + 4 + 24 * i + 20);
        assert_int_equal(at, (uint32_t)llround(get(seg, "start")->valuedouble * 48000));
        i++;
    }
    const unsigned char *list = chunk(b, n, "LIST", &sz);
    assert_non_null(list);
    assert_non_null(memmem(list, sz, "INAM", 4));
    /* libsndfile still reads it as 48 kHz audio */
    audio a = read_audio(path);
    assert_int_equal(a.rate, 48000);
    free(a.x);
    cJSON_Delete(m);
    free(b);
}

static uint32_t syncsafe(const unsigned char *p)
{
    return (uint32_t)p[0] << 21 | (uint32_t)p[1] << 14 | (uint32_t)p[2] << 7 | p[3];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* MP3: an ID3v2.4 tag in UTF-8 with the Chinese title whole, and a CTOC and
 * one CHAP per item at the times chapters.json gives. */
static void test_mp3_id3_chapters(void **state)
{
    (void)state;
    char dir[700], path[800], second[700];
    snprintf(dir, sizeof dir, "%s/mp3tags", g_tmp);
    snprintf(second, sizeof second, "%s/second.txt", g_tmp);
    FILE *f = fopen(second, "w");
    fputs("本台消息，全市今年新建五所中学，新增学位六千个。\n", f);
    fclose(f);
    const char *title = "镇江新闻联播";
    char *args[] = {"boyin", "-q", "-o", dir, "--format", "mp3", "--sample-rate", "44100", "--preset", "podcast",
                    "--title", (char *)title, "--artist", "镇江台", "--date", "2022-11-18", g_input, second, NULL};
    assert_int_equal(run_boyin(args), 0);
    snprintf(path, sizeof path, "%s/bulletin.mp3", dir);
    size_t n;
    unsigned char *b = (unsigned char *)read_file(path, &n);
    assert_true(n > 10 && memcmp(b, "ID3\x04\x00", 5) == 0);
    uint32_t tag = syncsafe(b + 6);
    assert_true(10 + tag < n);
    cJSON *ch = load_json(dir, "chapters.json");
    const cJSON *list = get(ch, "chapters");
    assert_int_equal(cJSON_GetArraySize(list), 2);
    assert_string_equal(get(ch, "version")->valuestring, "1.2.0");
    cJSON *m = load_json(dir, "manifest.json");
    int saw_title = 0, saw_artist = 0, chaps = 0, toc = 0;
    for (size_t at = 10; at + 10 <= 10 + tag;) {
        const unsigned char *fr = b + at;
        if (fr[0] == 0)
            break; /* padding */
        uint32_t sz = syncsafe(fr + 4);
        const unsigned char *body = fr + 10;
        if (memcmp(fr, "TIT2", 4) == 0) {
            assert_int_equal(body[0], 3); /* UTF-8 */
            assert_int_equal(sz - 1, strlen(title));
            assert_memory_equal(body + 1, title, strlen(title));
            saw_title = 1;
        } else if (memcmp(fr, "TPE1", 4) == 0) {
            assert_memory_equal(body + 1, "镇江台", strlen("镇江台"));
            saw_artist = 1;
        } else if (memcmp(fr, "CTOC", 4) == 0) {
            assert_string_equal((const char *)body, "toc");
            assert_int_equal(body[4] & 3, 3); /* top level, ordered */
            assert_int_equal(body[5], 2);
            toc = 1;
        } else if (memcmp(fr, "CHAP", 4) == 0) {
            const cJSON *c = cJSON_GetArrayItem(list, chaps);
            size_t idl = strlen((const char *)body) + 1;
            uint32_t start = be32(body + idl), end = be32(body + idl + 4);
            assert_true(fabs(start - get(c, "startTime")->valuedouble * 1000) <= 1);
            assert_true(fabs(end - get(c, "endTime")->valuedouble * 1000) <= 1);
            const unsigned char *sub = body + idl + 16;
            assert_memory_equal(sub, "TIT2", 4);
            uint32_t ssz = syncsafe(sub + 4);
            assert_int_equal(sub[10], 3);
            assert_int_equal(ssz - 1, strlen(get(c, "title")->valuestring));
            assert_memory_equal(sub + 11, get(c, "title")->valuestring, ssz - 1);
            chaps++;
        }
        at += 10 + sz;
    }
    assert_true(saw_title && saw_artist && toc);
    assert_int_equal(chaps, 2);
    /* the second item's chapter starts at its first segment */
    const cJSON *seg;
    double second_start = -1;
    cJSON_ArrayForEach(seg, get(m, "segments"))
    {
        if (get(seg, "item")->valuedouble == 2 && second_start < 0)
            second_start = get(seg, "start")->valuedouble;
    }
    assert_true(fabs(get(cJSON_GetArrayItem(list, 1), "startTime")->valuedouble - second_start) < 1e-3);
    assert_true(strstr(get(cJSON_GetArrayItem(list, 1), "title")->valuestring, "本台消息") != NULL);
    /* each segment file has its own tag: its text as title, its number as track */
    {
        const cJSON *s1 = cJSON_GetArrayItem(get(m, "segments"), 0);
        char spath[800];
        snprintf(spath, sizeof spath, "%s/%s", dir, get(s1, "file")->valuestring);
        size_t sn;
        unsigned char *sb = (unsigned char *)read_file(spath, &sn);
        assert_true(sn > 20 && memcmp(sb, "ID3\x04", 4) == 0 && memcmp(sb + 10, "TIT2", 4) == 0);
        const char *text = get(s1, "text")->valuestring;
        assert_int_equal(syncsafe(sb + 14) - 1, strlen(text));
        assert_memory_equal(sb + 21, text, strlen(text));
        assert_non_null(memmem(sb, sn < 4096 ? sn : 4096, "TRCK", 4));
        free(sb);
    }
    /* and the audio after the tag still decodes */
    audio a = read_audio(path);
    assert_int_equal(a.rate, 44100);
    assert_true(a.frames > 44100 * 10);
    free(a.x);
    cJSON_Delete(m);
    cJSON_Delete(ch);
    free(b);
}

/* FLAC: Vorbis comments. */
static void test_flac_comments(void **state)
{
    (void)state;
    char file[800];
    snprintf(file, sizeof file, "%s/tags.flac", g_tmp);
    char *args[] = {"boyin", "-q", "-w", file, "--title", "新闻早班车", "--album", "早新闻", g_input, NULL};
    assert_int_equal(run_boyin(args), 0);
    SF_INFO info = {0};
    SNDFILE *f = sf_open(file, SFM_READ, &info);
    assert_non_null(f);
    assert_string_equal(sf_get_string(f, SF_STR_TITLE), "新闻早班车");
    assert_string_equal(sf_get_string(f, SF_STR_ALBUM), "早新闻");
    sf_close(f);
}

/* --item-pause: the silence between two items, in the files and the
 * manifest alike; the chapters start at each item's speech. */
static void test_item_pause(void **state)
{
    (void)state;
    char dir[700], second[700], path[800];
    snprintf(dir, sizeof dir, "%s/items", g_tmp);
    snprintf(second, sizeof second, "%s/second-item.txt", g_tmp);
    FILE *f = fopen(second, "w");
    fputs("第二条新闻。\n", f);
    fclose(f);
    char *args[] = {"boyin", "-q", "-o", dir, "--item-pause", "2500", g_input, second, NULL};
    assert_int_equal(run_boyin(args), 0);
    cJSON *m = load_json(dir, "manifest.json"), *ch = load_json(dir, "chapters.json");
    const cJSON *segs = get(m, "segments");
    int n = cJSON_GetArraySize(segs);
    const cJSON *last1 = cJSON_GetArrayItem(segs, n - 2), *first2 = cJSON_GetArrayItem(segs, n - 1);
    assert_int_equal((int)get(first2, "item")->valuedouble, 2);
    double gap = get(first2, "start")->valuedouble -
                 (get(last1, "start")->valuedouble + get(last1, "duration")->valuedouble);
    assert_true(fabs(gap - 2.5) < 0.001);
    assert_int_equal((int)get(first2, "pause_before_ms")->valuedouble, 2500 - (int)get(last1, "pause_after_ms")->valuedouble);
    assert_true(fabs(get(cJSON_GetArrayItem(get(ch, "chapters"), 1), "startTime")->valuedouble -
                     get(first2, "start")->valuedouble) < 1e-6);
    /* the gap is silence in the bulletin, and the second item's audio is where the manifest says */
    snprintf(path, sizeof path, "%s/bulletin.wav", dir);
    audio a = read_audio(path);
    size_t g0 = (size_t)llround((get(last1, "start")->valuedouble + get(last1, "duration")->valuedouble) * a.rate);
    size_t g1 = (size_t)llround(get(first2, "start")->valuedouble * a.rate);
    for (size_t i = g0; i < g1; i++)
        assert_true(a.x[i] == 0.0f);
    snprintf(path, sizeof path, "%s/%s", dir, get(first2, "file")->valuestring);
    audio s2 = read_audio(path);
    for (size_t i = 0; i < s2.frames; i++)
        assert_true(s2.x[i] == a.x[g1 + i]);
    free(s2.x);
    free(a.x);
    cJSON_Delete(m);
    cJSON_Delete(ch);
}

/* Run boyin with stdout to `out_path`; returns the exit code. */
static int run_to_file(char *const *args, const char *out_path)
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

/* -w -: WAV with unknown lengths carrying the same samples as -w FILE;
 * FLAC at a loudness target from the voice's calibration. */
static void test_stream_stdout(void **state)
{
    (void)state;
    char streamed[800], file[800], flac[800];
    snprintf(streamed, sizeof streamed, "%s/stream.wav", g_tmp);
    snprintf(file, sizeof file, "%s/file.wav", g_tmp);
    snprintf(flac, sizeof flac, "%s/stream.flac", g_tmp);
    char *a1[] = {"boyin", "-q", "-w", "-", g_input, NULL};
    assert_int_equal(run_to_file(a1, streamed), 0);
    char *a2[] = {"boyin", "-q", "-w", file, g_input, NULL};
    assert_int_equal(run_boyin(a2), 0);
    size_t ns, nf;
    unsigned char *bs = (unsigned char *)read_file(streamed, &ns), *bf = (unsigned char *)read_file(file, &nf);
    assert_true(ns > 44 && memcmp(bs, "RIFF\xff\xff\xff\xff" "WAVEfmt ", 16) == 0);
    assert_memory_equal(bs + 36, "data\xff\xff\xff\xff", 8);
    assert_int_equal(le32(bs + 24), 22050);
    uint32_t sz;
    const unsigned char *data = chunk(bf, nf, "data", &sz);
    assert_non_null(data);
    assert_int_equal(ns - 44, sz); /* the same PCM, byte for byte */
    assert_memory_equal(bs + 44, data, sz);
    free(bs);
    free(bf);
    /* raw PCM: the WAV's data, no header */
    char rawp[800];
    snprintf(rawp, sizeof rawp, "%s/stream.raw", g_tmp);
    char *ar[] = {"boyin", "-q", "-w", "-", "--format", "raw", g_input, NULL};
    assert_int_equal(run_to_file(ar, rawp), 0);
    size_t nr;
    unsigned char *br = (unsigned char *)read_file(rawp, &nr);
    bf = (unsigned char *)read_file(file, &nf);
    data = chunk(bf, nf, "data", &sz);
    assert_int_equal(nr, sz);
    assert_memory_equal(br, data, sz);
    free(br);
    free(bf);
    char *a3[] = {"boyin", "-q", "-w", "-", "--format", "flac", "--preset", "podcast", g_input, NULL};
    assert_int_equal(run_to_file(a3, flac), 0);
    audio a = read_audio(flac);
    double lufs, tp;
    measure(&a, &lufs, &tp);
    /* no second pass on a stream: the voice's usual loudness sets the gain */
    if (fabs(lufs + 16) > 1.0 || tp > -1.0 + 0.05)
        fail_msg("streamed FLAC: %.2f LUFS, %.2f dBTP", lufs, tp);
    free(a.x);
    /* an MP3 stream starts with an ID3v2.4 tag holding the title, and
     * libsndfile still decodes it */
    char mp3[800];
    snprintf(mp3, sizeof mp3, "%s/stream.mp3", g_tmp);
    char *a4[] = {"boyin", "-q", "-w", "-", "--format", "mp3", "--title", "镇江新闻", g_input, NULL};
    assert_int_equal(run_to_file(a4, mp3), 0);
    size_t nm;
    unsigned char *bm = (unsigned char *)read_file(mp3, &nm);
    assert_true(nm > 10 && memcmp(bm, "ID3\x04\x00", 5) == 0);
    size_t tagsz = (size_t)(bm[6] << 21 | bm[7] << 14 | bm[8] << 7 | bm[9]);
    assert_non_null(memmem(bm, tagsz + 10, "镇江新闻", strlen("镇江新闻")));
    free(bm);
    audio d = read_audio(mp3);
    assert_true(d.frames > (size_t)d.rate);
    free(d.x);
}

/* -w - starts writing before its input ends. */
static void test_stream_starts_early(void **state)
{
    (void)state;
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        close(in[1]);
        close(out[0]);
        execl(BOYIN_BIN, "boyin", "-q", "-w", "-", "--format", "flac", NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    const char *first = "第一段新闻：省委书记主持召开会议，研究部署全省经济工作。\n\n";
    assert_true(write(in[1], first, strlen(first)) == (ssize_t)strlen(first));
    /* audio must come while the input is still open */
    struct pollfd p = {out[0], POLLIN, 0};
    size_t got = 0;
    char buf[65536];
    for (int waited = 0; got < 8192 && waited < 60000; waited += 100) {
        if (poll(&p, 1, 100) > 0) {
            ssize_t k = read(out[0], buf, sizeof buf);
            if (k <= 0)
                break;
            got += (size_t)k;
        }
    }
    if (got < 8192)
        fail_msg("only %zu bytes of audio before the input ended", got);
    close(in[1]);
    while (read(out[0], buf, sizeof buf) > 0)
        ;
    close(out[0]);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A test sound: a tone or (noise) low-passed noise, written with libsndfile;
 * left_only: in the first channel only, the others silent. */
static void make_sound_in(const char *path, int format, int rate, int channels, double secs, int noise, double level,
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

static void make_sound(const char *path, int format, int rate, int channels, double secs, int noise, double level)
{
    make_sound_in(path, format, rate, channels, secs, noise, level, 0);
}

/* The bed: mixed under the speech, 15 dB down while speech plays, up in a
 * long pause between items, faded in; measured as the difference between
 * the bulletin with and without it (no target: the chain is linear). */
static void test_bed_ducking(void **state)
{
    (void)state;
    char with[700], without[700], second[700], path[800];
    snprintf(with, sizeof with, "%s/bed-with", g_tmp);
    snprintf(without, sizeof without, "%s/bed-without", g_tmp);
    snprintf(second, sizeof second, "%s/bed-second.txt", g_tmp);
    FILE *f = fopen(second, "w");
    fputs("第二条新闻，本台记者报道。\n", f);
    fclose(f);
    char *a1[] = {"boyin", "-q", "-o", with, "--bed", g_bed, "--item-pause", "4000", g_input, second, NULL};
    char *a2[] = {"boyin", "-q", "-o", without, "--item-pause", "4000", g_input, second, NULL};
    assert_int_equal(run_boyin(a1), 0);
    assert_int_equal(run_boyin(a2), 0);
    snprintf(path, sizeof path, "%s/bulletin.wav", with);
    audio a = read_audio(path);
    snprintf(path, sizeof path, "%s/bulletin.wav", without);
    audio b = read_audio(path);
    assert_int_equal(a.frames, b.frames); /* the bed adds no time */
    cJSON *m = load_json(without, "manifest.json");
    const cJSON *segs = get(m, "segments");
    int n = cJSON_GetArraySize(segs);
    /* the bed's level under a long segment and in the 4 s pause between items */
    const cJSON *longest = NULL, *seg, *last1 = NULL, *first2 = NULL;
    cJSON_ArrayForEach(seg, segs)
    {
        if (!longest || get(seg, "duration")->valuedouble > get(longest, "duration")->valuedouble)
            longest = seg;
        if (get(seg, "item")->valuedouble == 1)
            last1 = seg;
        else if (!first2)
            first2 = seg;
    }
    assert_true(n >= 3 && last1 && first2);
    double rate = a.rate;
    size_t s0 = (size_t)((get(longest, "start")->valuedouble + 0.5) * rate);
    size_t s1 = (size_t)((get(longest, "start")->valuedouble + get(longest, "duration")->valuedouble - 0.7) * rate);
    double gap_start = get(last1, "start")->valuedouble + get(last1, "duration")->valuedouble;
    size_t g0 = (size_t)((gap_start + 1.5) * rate), g1 = (size_t)((get(first2, "start")->valuedouble - 0.5) * rate);
    assert_true(s1 > s0 + rate && g1 > g0 + rate / 2);
    double e_s = 0, e_g = 0, e_start = 0;
    for (size_t i = s0; i < s1; i++)
        e_s += pow(a.x[i] - b.x[i], 2);
    for (size_t i = g0; i < g1; i++)
        e_g += pow(a.x[i] - b.x[i], 2);
    for (size_t i = 0; i < (size_t)(0.1 * rate); i++)
        e_start += pow(a.x[i] - b.x[i], 2);
    double under = 10 * log10(e_s / (double)(s1 - s0)), up = 10 * log10(e_g / (double)(g1 - g0));
    if (fabs((up - under) - 15) > 1.5)
        fail_msg("bed: %.1f dB under speech, %.1f dB in the pause; want 15 dB apart", under, up);
    /* faded in: the first 100 ms are far quieter than the pause */
    assert_true(10 * log10(e_start / (0.1 * rate) + 1e-20) < up - 10);
    free(a.x);
    free(b.x);
    cJSON_Delete(m);
}

/* Intro and outro: the bulletin starts with the intro and ends with the
 * outro, every time in the manifest is shifted by the intro, chapters name
 * them, and segments still equal the bulletin where the manifest says. */
static void test_intro_outro(void **state)
{
    (void)state;
    char dir[700], path[800];
    snprintf(dir, sizeof dir, "%s/intro", g_tmp);
    char *args[] = {"boyin", "-q", "-o", dir, "--preset", "broadcast", "--sample-rate", "48000", "--intro", g_intro,
                    "--outro", g_outro, g_input, NULL};
    assert_int_equal(run_boyin(args), 0);
    cJSON *m = load_json(dir, "manifest.json"), *ch = load_json(dir, "chapters.json");
    const cJSON *list = get(ch, "chapters");
    assert_int_equal(cJSON_GetArraySize(list), 3);
    assert_string_equal(get(cJSON_GetArrayItem(list, 0), "title")->valuestring, "片头");
    assert_string_equal(get(cJSON_GetArrayItem(list, 2), "title")->valuestring, "片尾");
    double intro = 2.0, outro = 1.5; /* the test sounds' lengths */
    assert_true(fabs(get(cJSON_GetArrayItem(list, 0), "endTime")->valuedouble - intro) < 1e-4);
    const cJSON *segs = get(m, "segments"), *bul = get(m, "bulletin");
    assert_true(fabs(get(cJSON_GetArrayItem(segs, 0), "start")->valuedouble - intro) < 1e-4);
    snprintf(path, sizeof path, "%s/bulletin.wav", dir);
    audio a = read_audio(path);
    assert_int_equal(a.frames, (size_t)get(bul, "samples")->valuedouble);
    assert_true(fabs(get(cJSON_GetArrayItem(list, 2), "endTime")->valuedouble - (double)a.frames / a.rate) < 1e-4);
    assert_true(fabs(get(cJSON_GetArrayItem(list, 2), "endTime")->valuedouble -
                     get(cJSON_GetArrayItem(list, 2), "startTime")->valuedouble - outro) < 1e-3);
    /* the intro is sound, the speech starts after it */
    double e = 0;
    for (size_t i = 0; i < (size_t)(intro * a.rate); i++)
        e += a.x[i] * a.x[i];
    assert_true(e > 0);
    const cJSON *seg;
    cJSON_ArrayForEach(seg, segs)
    {
        snprintf(path, sizeof path, "%s/%s", dir, get(seg, "file")->valuestring);
        audio sgm = read_audio(path);
        size_t at = (size_t)llround(get(seg, "start")->valuedouble * a.rate);
        for (size_t i = 0; i < sgm.frames; i++)
            if (sgm.x[i] != a.x[at + i])
                fail_msg("%s differs from the bulletin at frame %zu", get(seg, "file")->valuestring, i);
        free(sgm.x);
    }
    double lufs, tp;
    measure(&a, &lufs, &tp);
    assert_true(fabs(lufs + 23) <= 0.5 && tp <= -1.0 + 0.05);
    free(a.x);
    cJSON_Delete(m);
    cJSON_Delete(ch);
}

/* --channels 2 keeps a stereo intro and bed in stereo: with both only in
 * the left channel, the right channel of the bulletin is the speech alone
 * (the same samples as without them, after the intro), and the left one
 * carries them.  In the chain, a stereo input goes out mono as the mean
 * of its channels, and mono goes out stereo as two equal channels. */
static void test_stereo_elements(void **state)
{
    (void)state;
    char intro[700], bed[700], with[700], without[700], path[800];
    snprintf(intro, sizeof intro, "%s/left-intro.wav", g_tmp);
    snprintf(bed, sizeof bed, "%s/left-bed.wav", g_tmp);
    make_sound_in(intro, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, 1.0, 0, 0.3, 1);
    make_sound_in(bed, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 3.0, 1, 0.2, 1);
    snprintf(with, sizeof with, "%s/stereo-with", g_tmp);
    snprintf(without, sizeof without, "%s/stereo-without", g_tmp);
    char *a1[] = {"boyin", "-q", "-o", with, "--channels", "2", "--intro", intro, "--bed", bed, g_input, NULL};
    char *a2[] = {"boyin", "-q", "-o", without, "--channels", "2", g_input, NULL};
    assert_int_equal(run_boyin(a1), 0);
    assert_int_equal(run_boyin(a2), 0);
    snprintf(path, sizeof path, "%s/bulletin.wav", with);
    audio a = read_audio(path);
    snprintf(path, sizeof path, "%s/bulletin.wav", without);
    audio b = read_audio(path);
    assert_int_equal(a.channels, 2);
    size_t lead = (size_t)a.rate; /* the one-second intro */
    assert_int_equal(a.frames, b.frames + lead);
    double el = 0, er = 0, bedl = 0;
    for (size_t i = 0; i < lead; i++) {
        el += a.x[2 * i] * a.x[2 * i];
        er += a.x[2 * i + 1] * a.x[2 * i + 1];
    }
    assert_true(el > 100 && er == 0);
    size_t diff = 0;
    for (size_t i = 0; i < b.frames; i++) {
        diff += a.x[2 * (lead + i) + 1] != b.x[2 * i + 1];
        bedl += pow(a.x[2 * (lead + i)] - b.x[2 * i], 2);
    }
    if (diff)
        fail_msg("the right channel differs from the speech alone at %zu frames", diff);
    assert_true(bedl > 1);
    free(a.x);
    free(b.x);
    /* the chain itself */
    float st[8] = {1, 0, 0.5f, 0.5f, 0, 1, 0.2f, -0.2f}, mono[4] = {0.1f, 0.2f, 0.3f, 0.4f};
    boyin_master *m;
    const float *y;
    size_t ny;
    assert_int_equal(boyin_master_create(48000, 48000, 2, 1, 0, 1, &m), 0);
    assert_int_equal(boyin_master_process(m, st, 4, &y, &ny), 0);
    assert_int_equal(ny, 4);
    assert_true(y[0] == 0.5f && y[1] == 0.5f && y[2] == 0.5f && y[3] == 0.0f);
    boyin_master_destroy(m);
    assert_int_equal(boyin_master_create(48000, 48000, 1, 2, 0, 1, &m), 0);
    assert_int_equal(boyin_master_process(m, mono, 4, &y, &ny), 0);
    assert_int_equal(ny, 4);
    for (int i = 0; i < 4; i++)
        assert_true(y[2 * i] == mono[i] && y[2 * i + 1] == mono[i]);
    boyin_master_destroy(m);
    assert_int_equal(boyin_master_create(48000, 48000, 3, 1, 0, 1, &m), BOYIN_EINVAL);
    assert_null(m);
}

int main(void)
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
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_lengths_and_alignment), cmocka_unit_test(test_limiter),
        cmocka_unit_test(test_true_peak_matches_libebur128), cmocka_unit_test(test_formats_table),
        cmocka_unit_test(test_output_file), cmocka_unit_test(test_broadcast_wav_chunks),
        cmocka_unit_test(test_mp3_id3_chapters), cmocka_unit_test(test_flac_comments),
        cmocka_unit_test(test_stream_stdout), cmocka_unit_test(test_stream_starts_early),
        cmocka_unit_test(test_item_pause), cmocka_unit_test(test_bed_ducking), cmocka_unit_test(test_intro_outro),
        cmocka_unit_test(test_stereo_elements),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0)
        return 1;
    return r;
}
