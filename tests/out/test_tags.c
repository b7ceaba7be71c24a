/*
 * test_tags.c - the metadata in the written files, read back byte by byte:
 * Broadcast WAV's bext, cart, cue and LIST chunks, MP3's ID3v2.4 tag with
 * its chapters, FLAC's Vorbis comments.
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
    const unsigned char *bext = riff_chunk(b, n, "bext", &sz);
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
    const unsigned char *cart = riff_chunk(b, n, "cart", &sz);
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
    const unsigned char *cue = riff_chunk(b, n, "cue ", &sz);
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
    const unsigned char *list = riff_chunk(b, n, "LIST", &sz);
    assert_non_null(list);
    assert_non_null(memmem(list, sz, "INAM", 4));
    /* libsndfile still reads it as 48 kHz audio */
    audio a = read_audio(path);
    assert_int_equal(a.rate, 48000);
    free(a.x);
    cJSON_Delete(m);
    free(b);
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

int main(void)
{
    filetest_setup();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_broadcast_wav_chunks),
        cmocka_unit_test(test_mp3_id3_chapters),
        cmocka_unit_test(test_flac_comments),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    return filetest_teardown() ? 1 : r;
}
