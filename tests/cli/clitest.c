/*
 * clitest.c - what the end-to-end tests of the boyin program share: a
 * temporary folder, running the real binary with stdin, HOME and its
 * output in files, and small readers.
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


char g_tmp[] = "/tmp/boyin-cli-XXXXXX";

void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

/* Start boyin with args; stdin from `in` (NULL: /dev/null), HOME = `home`
 * when given.  Returns the pid; stdout/stderr go to files in g_tmp. */
pid_t spawn(const char *const *args, const char *in, const char *home, int stdin_fd)
{
    char out[600], err[600];
    snprintf(out, sizeof out, "%s/stdout", g_tmp);
    snprintf(err, sizeof err, "%s/stderr", g_tmp);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = stdin_fd >= 0 ? stdin_fd : open(in ? in : "/dev/null", O_RDONLY);
        dup2(fd, 0);
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        if (home) {
            setenv("HOME", home, 1);
            /* ALSA and JACK plugins, loaded with dlopen, keep allocations
             * that LeakSanitizer cannot attribute; boyin's own are checked
             * in every other run. */
            setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
        }
        const char *argv[64] = {BOYIN_BIN};
        int n = 1;
        for (; args[n - 1] && n < 63; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(BOYIN_BIN, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

result finish(pid_t pid)
{
    int ws;
    result r = {0};
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    char path[600];
    snprintf(path, sizeof path, "%s/stdout", g_tmp);
    r.out = read_file(path, NULL);
    snprintf(path, sizeof path, "%s/stderr", g_tmp);
    r.err = read_file(path, NULL);
    return r;
}

result run(const char *const *args, const char *in, const char *home)
{
    return finish(spawn(args, in, home, -1));
}

int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

char *path_in(const char *dir, const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

void write_bytes(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

int has_final_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n; /* staging folders count too: they must be gone */
}

double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    if (!cJSON_IsNumber(v))
        fail_msg("manifest: missing number %s", k);
    return v->valuedouble;
}

void make_repeated_input(const char *path, int times)
{
    size_t len;
    char *src = read_file(BOYIN_EXAMPLE, &len);
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < times; i++)
        fwrite(src, 1, len, f);
    fclose(f);
    free(src);
}

/* A HOME whose .asoundrc sends ALSA's default device to a file. */
const char *alsa_file_home(const char *name, const char *capture)
{
    static char home[600];
    char rc[700];
    snprintf(home, sizeof home, "%s/%s", g_tmp, name);
    mkdir(home, 0755);
    snprintf(rc, sizeof rc, "%s/.asoundrc", home);
    FILE *f = fopen(rc, "w");
    if (capture)
        fprintf(f, "pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%s\"\n  format \"raw\"\n}\n", capture);
    else
        fprintf(f, "pcm.!default {\n  type hw\n  card 99\n}\nctl.!default {\n  type hw\n  card 99\n}\n");
    fclose(f);
    return home;
}

/* Read from fd until `want` appears or `seconds` pass. */
int wait_for_output(int fd, char *buf, size_t cap, const char *want, int seconds)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int waited = 0; waited < seconds * 10 && !strstr(buf, want); waited++) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 100) > 0) {
            ssize_t k = read(fd, buf + n, cap - n - 1);
            if (k <= 0)
                break;
            n += (size_t)k;
            buf[n] = '\0';
        }
    }
    return strstr(buf, want) != NULL;
}

void clitest_setup(void)
{
    assert_non_null(mkdtemp(g_tmp));
}

int clitest_teardown(int failed)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    return !failed && system(cmd) != 0;
}
