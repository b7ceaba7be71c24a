/*
 * test_play.c - live playback end to end, without a sound card: ALSA's
 * default device is pointed at its `file` plugin (a .asoundrc in a HOME of
 * the test's) and what was "played" is compared with what was written.
 */
#define _GNU_SOURCE /* pipe2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audiofile.h"
#include "tsv.h"
#include "utf8.h"
#include "clitest.h"


static void test_playback_equals_bulletin(void **state)
{
    (void)state;
    char capture[600];
    snprintf(capture, sizeof capture, "%s/captured.raw", g_tmp);
    const char *home = alsa_file_home("home-file", capture);
    const char *list[] = {"--list-devices", NULL};
    result r = run(list, NULL, home);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "default"));
    result_free(&r);
    const char *args[] = {"-q", "--play", BOYIN_EXAMPLE, NULL};
    r = run(args, NULL, home);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    result_free(&r);
    size_t clen;
    char *cap = read_file(capture, &clen);
    assert_non_null(cap);
    short *pcm;
    size_t frames;
    int rate, ch;
    char bulletin[600];
    snprintf(bulletin, sizeof bulletin, "%s/bulletin", g_tmp);
    const char *render[] = {"-q", "-o", bulletin, BOYIN_EXAMPLE, NULL};
    r = run(render, NULL, NULL);
    assert_int_equal(r.status, 0);
    result_free(&r);
    assert_int_equal(boyin_sound_read(path_in(bulletin, "bulletin.wav"), &pcm, &frames, &rate, &ch), 0);
    /* What was played is the bulletin, sample for sample; anything after
     * it (device padding) is silence. */
    assert_true(clen >= frames * 2);
    assert_memory_equal(cap, pcm, frames * 2);
    for (size_t i = frames * 2; i < clen; i++)
        assert_int_equal(cap[i], 0);
    free(cap);
    free(pcm);
    /* Picking the device by index and by name. */
    const char *by_index[] = {"-q", "--device", "0", "-", NULL}, *by_name[] = {"-q", "--device", "default", "-", NULL};
    char in[600];
    snprintf(in, sizeof in, "%s/short.txt", g_tmp);
    write_bytes(in, "你好。", strlen("你好。"));
    r = run(by_index, in, home);
    assert_int_equal(r.status, 0);
    result_free(&r);
    r = run(by_name, in, home);
    assert_int_equal(r.status, 0);
    result_free(&r);
}

/* Live playback is the mastered programme: with a preset, an intro and a
 * bed it equals what -w - --format raw streams with the same options. */
static void test_playback_mastered(void **state)
{
    (void)state;
    char capture[600], intro[600], bed[600], in[600], streamed[600];
    snprintf(capture, sizeof capture, "%s/captured-mastered.raw", g_tmp);
    snprintf(intro, sizeof intro, "%s/intro.wav", g_tmp);
    snprintf(bed, sizeof bed, "%s/bed.flac", g_tmp);
    snprintf(in, sizeof in, "%s/two.txt", g_tmp);
    snprintf(streamed, sizeof streamed, "%s/streamed.raw", g_tmp);
    write_bytes(in, "今天天气很好。明天也是晴天。", strlen("今天天气很好。明天也是晴天。"));
    const char *mk_intro[] = {"-q", "-w", intro, "--sample-rate", "44100", in, NULL};
    const char *mk_bed[] = {"-q", "-w", bed, in, NULL};
    result r = run(mk_intro, NULL, NULL);
    assert_int_equal(r.status, 0);
    result_free(&r);
    r = run(mk_bed, NULL, NULL);
    assert_int_equal(r.status, 0);
    result_free(&r);
    const char *home = alsa_file_home("home-mastered", capture);
    const char *play[] = {"-q", "--play", "--preset", "broadcast", "--intro", intro, "--bed", bed, in, NULL};
    r = run(play, NULL, home);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    result_free(&r);
    const char *stream[] = {"-q", "-w", "-", "--format", "raw", "--preset", "broadcast", "--intro", intro,
                            "--bed", bed, in, NULL};
    r = run(stream, NULL, NULL);
    assert_int_equal(r.status, 0);
    result_free(&r);
    size_t clen, slen;
    char *cap = read_file(capture, &clen), *str = read_file(path_in(g_tmp, "stdout"), &slen);
    assert_non_null(cap);
    assert_non_null(str);
    /* 48000 Hz (the preset): sample for sample what was streamed, then
     * only the device's padding (silence). */
    assert_true(slen > 48000 * 2);
    assert_true(clen >= slen);
    assert_memory_equal(cap, str, slen);
    for (size_t i = slen; i < clen; i++)
        assert_int_equal(cap[i], 0);
    free(cap);
    free(str);
}

static void test_playback_interrupt(void **state)
{
    (void)state;
    char capture[600], big[600];
    snprintf(capture, sizeof capture, "%s/captured4.raw", g_tmp);
    snprintf(big, sizeof big, "%s/big.txt", g_tmp);
    make_repeated_input(big, 100);
    const char *home = alsa_file_home("home-file4", capture);
    const char *args[] = {big, NULL};
    pid_t pid = spawn(args, NULL, home, -1);
    struct stat st = {0};
    for (int i = 0; i < 600 && (stat(capture, &st) != 0 || st.st_size == 0); i++)
        usleep(100000);
    assert_true(st.st_size > 0); /* it is playing */
    kill(pid, SIGINT);
    result r = finish(pid);
    assert_int_equal(r.status, 130);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "interrupted"));
    result_free(&r);
}

static void test_no_device(void **state)
{
    (void)state;
    const char *home = alsa_file_home("home-nodevice", NULL);
    const char *args[] = {BOYIN_EXAMPLE, NULL};
    result r = run(args, NULL, home);
    assert_int_equal(r.status, 5);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "--list-devices"));
    assert_non_null(strstr(r.err, "-o DIR"));
    result_free(&r);
    char capture[600];
    snprintf(capture, sizeof capture, "%s/captured2.raw", g_tmp);
    home = alsa_file_home("home-file2", capture);
    const char *named[] = {"--device", "no-such-card", BOYIN_EXAMPLE, NULL};
    r = run(named, NULL, home);
    assert_int_equal(r.status, 5);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "no-such-card"));
    result_free(&r);
}

int main(void)
{
    clitest_setup();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_playback_equals_bulletin),
        cmocka_unit_test(test_playback_mastered),
        cmocka_unit_test(test_playback_interrupt),
        cmocka_unit_test(test_no_device),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    return clitest_teardown(r) ? 1 : r;
}
