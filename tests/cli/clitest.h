/*
 * clitest.h - helpers of the end-to-end tests of the boyin program
 * (clitest.c).  They fail the running cmocka test on any error.
 */
#ifndef BOYIN_CLITEST_H
#define BOYIN_CLITEST_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

extern char g_tmp[]; /* the temporary folder (clitest_setup) */
void clitest_setup(void);
/* Remove the folder unless a test failed (kept to look at); non-zero when it
 * could not be removed. */
int clitest_teardown(int failed);

typedef struct {
    int status; /* exit code, or 128 + signal */
    char *out, *err;
} result;
void result_free(result *r);
/* Start boyin with args; stdin from `in` (NULL: /dev/null) or stdin_fd
 * (>= 0), HOME = `home` when given; stdout and stderr go to g_tmp/stdout
 * and g_tmp/stderr.  The pid. */
pid_t spawn(const char *const *args, const char *in, const char *home, int stdin_fd);
/* Wait for it: its status and output. */
result finish(pid_t pid);
result run(const char *const *args, const char *in, const char *home);
int count_lines(const char *s);
/* DIR/NAME in one of four rotating buffers. */
char *path_in(const char *dir, const char *name);
void write_bytes(const char *path, const void *bytes, size_t n);
/* Whether DIR holds files under final names (not the staging folder). */
int has_final_files(const char *dir);
/* A JSON member as a number (fails the test when it is missing). */
double num(const cJSON *o, const char *k);
/* The example article `times` times over, in one file. */
void make_repeated_input(const char *path, int times);
/* A HOME whose .asoundrc sends ALSA's default device to the file `capture`
 * (NULL: to a card that does not exist). */
const char *alsa_file_home(const char *name, const char *capture);
/* Read fd until `want` appears or `seconds` pass: 1 when it did. */
int wait_for_output(int fd, char *buf, size_t cap, const char *want, int seconds);

#endif
