/*
 * first-audio.c - time from process start to the first non-zero sample
 * that reaches ALSA, without a sound card: ALSA's default device is pointed
 * at its `file` plugin, writing into a FIFO that this program reads.
 *
 *   first-audio CMD [ARG...]      prints milliseconds, or "none"
 *
 * CMD runs with HOME set to a fresh folder holding the .asoundrc, and its
 * standard output and error go to /dev/null.  Works for any ALSA player
 * (boyin --play, espeak-ng, aplay).  Used by bench/run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: first-audio CMD [ARG...]\n");
        return 2;
    }
    char home[] = "/tmp/first-audio-XXXXXX";
    if (!mkdtemp(home)) {
        perror("mkdtemp");
        return 1;
    }
    char fifo[128], rc[128];
    snprintf(fifo, sizeof fifo, "%s/pcm", home);
    snprintf(rc, sizeof rc, "%s/.asoundrc", home);
    if (mkfifo(fifo, 0600)) {
        perror("mkfifo");
        return 1;
    }
    FILE *f = fopen(rc, "w");
    if (!f)
        return 1;
    fprintf(f, "pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"%s\"\n  format \"raw\"\n}\n", fifo);
    fclose(f);
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        setenv("HOME", home, 1);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int fd = open(fifo, O_RDONLY);
    double first = -1;
    char buf[65536];
    ssize_t n;
    while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0) {
        if (first >= 0)
            continue;
        for (ssize_t i = 0; i < n; i++)
            if (buf[i]) {
                first = now_ms() - t0;
                break;
            }
    }
    int status;
    waitpid(pid, &status, 0);
    unlink(fifo);
    unlink(rc);
    rmdir(home);
    if (first < 0)
        printf("none\n");
    else
        printf("%.1f\n", first);
    return 0;
}
