/* pool.c - worker processes, each with one engine, over socket pairs. */
#define _GNU_SOURCE /* close_range */
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boyin.h"

/* The wire: a request is this header and `len` bytes of text; a reply is
 * its header and `samples` 16-bit samples.  Both ends are this program. */
typedef struct {
    uint64_t tag;
    uint32_t len;
    uint32_t english;
} request;

typedef struct {
    uint64_t tag;
    uint64_t samples;
    int32_t status;
    uint32_t pad;
} reply;

typedef struct {
    pid_t pid;
    int fd;
    int english;
    int outstanding;
} worker;

struct boyin_pool {
    worker *w;
    size_t n;
    size_t next_poll; /* where the next wait starts looking, so no worker waits long */
};

/* All len bytes read (out 0) or sent (out 1); -1 when the other end is
 * gone.  Sent with MSG_NOSIGNAL: a dead worker is an error, not SIGPIPE. */
static int io_full(int fd, void *buf, size_t len, int out)
{
    char *p = buf;
    while (len) {
        ssize_t k = out ? send(fd, p, len, MSG_NOSIGNAL) : read(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

static int read_full(int fd, void *buf, size_t len)
{
    return io_full(fd, buf, len, 0);
}

static int write_full(int fd, const void *buf, size_t len)
{
    return io_full(fd, (void *)buf, len, 1);
}

/* The worker: speak each run it is sent until the socket closes. */
_Noreturn static void worker_main(boyin_engine *e, int fd, int slot, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the session's process */
    if (getppid() != parent)
        _exit(0);
    signal(SIGINT, SIG_IGN); /* Ctrl-C reaches the whole group: the parent decides */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
    }
    if (dup2(fd, 3) != 3)
        _exit(1);
    close_range(4, ~0U, 0); /* no output file or pipe stays open here */
    fd = 3;
    boyin_engine_set_interrupt(e, NULL);
    int ready = boyin_engine_checkpoint(e, slot);
    char *text = NULL;
    size_t cap = 0;
    for (;;) {
        request q;
        if (read_full(fd, &q, sizeof q))
            _exit(0); /* the session is done with us */
        if (q.len + 1 > cap) {
            free(text);
            cap = q.len + 1;
            if (!(text = malloc(cap)))
                _exit(1);
        }
        if (read_full(fd, text, q.len))
            _exit(0);
        text[q.len] = '\0';
        boyin_run run = {text, NULL, (int)q.english, 0, 0, 0};
        int16_t *pcm = NULL;
        size_t n = 0;
        int st = ready ? ready : boyin_engine_synth(e, &run, 1, &pcm, &n);
        reply r = {q.tag, st ? 0 : n, st, 0};
        if (write_full(fd, &r, sizeof r) || (r.samples && write_full(fd, pcm, n * sizeof *pcm)))
            _exit(0);
        free(pcm);
    }
}

int boyin_pool_create(boyin_engine *e, int jobs, int english, boyin_pool **out, char *err, size_t errlen)
{
    *out = NULL;
    if (jobs < 1)
        jobs = 1;
    boyin_pool *p = calloc(1, sizeof *p);
    size_t total = (size_t)jobs + (english ? 1 : 0);
    if (!p || !(p->w = calloc(total, sizeof *p->w))) {
        free(p);
        snprintf(err, errlen, "out of memory");
        return BOYIN_ENOMEM;
    }
    *out = p;
    pid_t self = getpid();
    fflush(NULL); /* nothing buffered is written twice */
    for (size_t i = 0; i < total; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
            snprintf(err, errlen, "cannot start a synthesis worker: %s", strerror(errno));
            return BOYIN_EENGINE;
        }
        int slot = i < (size_t)jobs ? BOYIN_SLOT_MAIN : BOYIN_SLOT_ENGLISH;
        pid_t pid = fork();
        if (pid == 0) {
            close(sv[0]);
            worker_main(e, sv[1], slot, self);
        }
        close(sv[1]);
        if (pid < 0) {
            close(sv[0]);
            snprintf(err, errlen, "cannot start a synthesis worker: %s", strerror(errno));
            return BOYIN_EENGINE;
        }
        p->w[p->n++] = (worker){pid, sv[0], slot == BOYIN_SLOT_ENGLISH, 0};
    }
    return BOYIN_OK;
}

/* The least busy worker for this voice that can take a run, or NULL. */
static worker *pick(const boyin_pool *p, int english)
{
    worker *best = NULL;
    for (size_t i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (w->english == (english != 0) && w->outstanding < BOYIN_POOL_DEPTH &&
            (!best || w->outstanding < best->outstanding))
            best = w;
    }
    return best;
}

int boyin_pool_can_take(const boyin_pool *p, int english)
{
    return pick(p, english) != NULL;
}

size_t boyin_pool_workers(const boyin_pool *p)
{
    return p->n;
}

int boyin_pool_cores(int max)
{
    cpu_set_t set;
    int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : (int)sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > max ? max : n;
}

size_t boyin_pool_outstanding(const boyin_pool *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        n += (size_t)p->w[i].outstanding;
    return n;
}

/* A worker stopped answering: reap it and say how it ended. */
static int died(worker *w, size_t index, char *err, size_t errlen)
{
    int status = 0;
    pid_t r = w->pid > 0 ? waitpid(w->pid, &status, 0) : -1;
    if (r == w->pid && WIFSIGNALED(status))
        snprintf(err, errlen, "synthesis worker %zu (pid %ld) was killed by signal %d (%s); nothing was written",
                 index + 1, (long)w->pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (r == w->pid && WIFEXITED(status))
        snprintf(err, errlen, "synthesis worker %zu (pid %ld) stopped (exit status %d); nothing was written",
                 index + 1, (long)w->pid, WEXITSTATUS(status));
    else
        snprintf(err, errlen, "synthesis worker %zu (pid %ld) stopped answering; nothing was written", index + 1,
                 (long)w->pid);
    if (r == w->pid)
        w->pid = -1;
    return BOYIN_EENGINE;
}

int boyin_pool_submit(boyin_pool *p, uint64_t tag, const boyin_run *run, char *err, size_t errlen)
{
    worker *w = pick(p, run->english);
    if (!w) {
        snprintf(err, errlen, "no synthesis worker is free");
        return BOYIN_EINVAL;
    }
    const char *text = run->pinyin ? run->pinyin : run->text ? run->text : "";
    size_t len = strlen(text);
    request q = {tag, (uint32_t)len, (uint32_t)(run->english != 0)};
    if (write_full(w->fd, &q, sizeof q) || write_full(w->fd, text, len))
        return died(w, (size_t)(w - p->w), err, errlen);
    w->outstanding++;
    return BOYIN_OK;
}

int boyin_pool_wait(boyin_pool *p, volatile sig_atomic_t *interrupt, boyin_pool_done *out, char *err,
                    size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct pollfd fds[64];
    size_t n = p->n < 64 ? p->n : 64;
    for (;;) {
        if (interrupt && *interrupt)
            return BOYIN_EINTERRUPTED;
        for (size_t i = 0; i < n; i++)
            fds[i] = (struct pollfd){p->w[i].fd, POLLIN, 0};
        /* a timeout as well: a signal that lands just before poll is seen
         * within 100 ms */
        int k = poll(fds, (nfds_t)n, 100);
        if (k < 0 && errno != EINTR) {
            snprintf(err, errlen, "cannot wait for the synthesis workers: %s", strerror(errno));
            return BOYIN_EENGINE;
        }
        for (size_t j = 0; k > 0 && j < n; j++) {
            size_t i = (p->next_poll + j) % n;
            worker *w = &p->w[i];
            if (!fds[i].revents)
                continue;
            p->next_poll = i + 1;
            reply r;
            if (read_full(w->fd, &r, sizeof r) || w->outstanding == 0)
                return died(w, i, err, errlen);
            w->outstanding--;
            if (r.status) {
                snprintf(err, errlen, "%s", boyin_strerror(r.status));
                return r.status;
            }
            if (r.samples > SIZE_MAX / sizeof(int16_t)) {
                snprintf(err, errlen, "synthesis worker %zu sent a bad reply", i + 1);
                return BOYIN_EENGINE;
            }
            int16_t *pcm = r.samples ? malloc((size_t)r.samples * sizeof *pcm) : NULL;
            if (r.samples && !pcm) {
                snprintf(err, errlen, "out of memory");
                return BOYIN_ENOMEM;
            }
            if (r.samples && read_full(w->fd, pcm, (size_t)r.samples * sizeof *pcm)) {
                free(pcm);
                return died(w, i, err, errlen);
            }
            out->tag = r.tag;
            out->pcm = pcm;
            out->samples = (size_t)r.samples;
            return BOYIN_OK;
        }
    }
}

void boyin_pool_destroy(boyin_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        close(p->w[i].fd); /* an idle worker exits at the end of its socket ... */
        if (p->w[i].pid > 0)
            kill(p->w[i].pid, SIGKILL); /* ... a busy one is stopped */
    }
    for (size_t i = 0; i < p->n; i++)
        if (p->w[i].pid > 0)
            while (waitpid(p->w[i].pid, NULL, 0) < 0 && errno == EINTR)
                ;
    free(p->w);
    free(p);
}
