/*
 * test_files.c - the bulletin files end to end, with the real binary: each
 * row of tests/data/formats.tsv read back with libsndfile and measured with
 * libebur128 (rate, channels, length against the manifest, loudness within
 * 0.5 LU of the target, true peak under the ceiling, segments equal to the
 * bulletin at their start), -w FILE writing the bulletin alone, the pause
 * between items, and -w - streams.
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
    const unsigned char *data = riff_chunk(bf, nf, "data", &sz);
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
    data = riff_chunk(bf, nf, "data", &sz);
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

int main(void)
{
    filetest_setup();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats_table),
        cmocka_unit_test(test_output_file),
        cmocka_unit_test(test_item_pause),
        cmocka_unit_test(test_stream_stdout),
        cmocka_unit_test(test_stream_starts_early),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    return filetest_teardown() ? 1 : r;
}
