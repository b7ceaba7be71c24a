/*
 * peak-rss.c - the peak of the resident memory of a command and all its
 * descendants added up (boyin's worker processes included), sampled every
 * 5 ms from /proc, in KiB.  Shared pages count in every process that maps
 * them, as `ps` and /usr/bin/time count them.
 *
 *   peak-rss CMD [ARG...]     prints "TOTAL_KIB LARGEST_ONE_KIB"
 *
 * The command's output goes to /dev/null.  Used by bench/run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long rss_kib(int pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    long kib = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

/* RSS of pid and its descendants; *largest is the biggest single one. */
static long tree(int pid, long *largest)
{
    long one = rss_kib(pid), sum = one;
    if (one > *largest)
        *largest = one;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char cpath[128];
        snprintf(cpath, sizeof cpath, "/proc/%d/task/%s/children", pid, e->d_name);
        FILE *f = fopen(cpath, "r");
        int child;
        while (f && fscanf(f, "%d", &child) == 1)
            sum += tree(child, largest);
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    return sum;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: peak-rss CMD [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    long peak = 0, largest = 0;
    int status;
    struct timespec ts = {0, 5 * 1000 * 1000};
    while (waitpid(pid, &status, WNOHANG) == 0) {
        long sum = tree(pid, &largest);
        if (sum > peak)
            peak = sum;
        nanosleep(&ts, NULL);
    }
    printf("%ld %ld\n", peak, largest);
    return 0;
}
