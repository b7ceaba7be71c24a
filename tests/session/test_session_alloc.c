/*
 * test_session_alloc.c - allocation failures, after curl's torture tests:
 * a short render is run again and again, the Nth allocation of boyin's own
 * code failing in run N, until a run makes fewer than N allocations.  Every
 * run must end without a crash or a leak, with a status and a message (or
 * create's BOYIN_ENOMEM and no session).
 *
 * The test is linked with -Wl,--wrap for malloc, calloc, realloc, strdup,
 * strndup and free: only the code linked statically into it (boyin's
 * modules, this file) is counted and failed, not libc, eSpeak-NG or the
 * other shared libraries.  Leaks: the wrapped allocations still live after
 * destroy are counted; under AddressSanitizer, LeakSanitizer checks too.
 *
 *     test_session_alloc              every case, every N
 *     test_session_alloc CASE N       one case and one N (to rerun a failure)
 *
 * CASE is folder, plan or espeak.  BOYIN_ALLOC_VERBOSE=1 prints each run.
 * The cases take the tables from the compiled voices/zh.bin (a handful of
 * allocations); the plan runs once more with BOYIN_COMPILED_DATA=off, so
 * every allocation of parsing the .tsv files fails too (rerun one of those
 * with BOYIN_COMPILED_DATA=off test_session_alloc plan N).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boyin.h"
#include "engine.h"
#include "session_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif
#ifdef HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#endif

/* ---- the wrapped allocator ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

/* Every live wrapped allocation, so a leak is seen without a sanitizer:
 * open addressing on the pointer, deleted slots marked. */
#define LIVE_SLOTS (1u << 20)
#define DELETED ((void *)1)
static void **live;
static size_t nlive;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* the files sink has a thread */
static int armed;          /* counting and failing (during a run only) */
static unsigned long count, fail_at;
static int injected;

static size_t slot_of(const void *p)
{
    uintptr_t h = (uintptr_t)p;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (LIVE_SLOTS - 1);
}

static void live_add(void *p)
{
    if (!live || !p)
        return;
    size_t i = slot_of(p);
    while (live[i] && live[i] != DELETED)
        i = (i + 1) & (LIVE_SLOTS - 1);
    live[i] = p;
    nlive++;
}

static void live_remove(void *p)
{
    if (!live || !p)
        return;
    for (size_t i = slot_of(p); live[i]; i = (i + 1) & (LIVE_SLOTS - 1))
        if (live[i] == p) {
            live[i] = DELETED;
            nlive--;
            return;
        }
    /* not ours: memory from libc (getline, open_memstream) or a shared library */
}

/* Called where the allocation fails: a breakpoint for a debugger
 * (gdb -ex 'break alloc_failed_here' --args test_session-alloc CASE N). */
__attribute__((noinline)) void alloc_failed_here(void);
__attribute__((noinline)) void alloc_failed_here(void)
{
    __asm__ volatile("");
}

/* Whether this allocation is the one to fail. */
static int take_turn(void)
{
    if (!armed)
        return 0;
    if (++count == fail_at) {
        injected = 1;
        alloc_failed_here();
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    pthread_mutex_lock(&lock);
    void *p = take_turn() ? NULL : __real_malloc(n);
    if (armed)
        live_add(p);
    pthread_mutex_unlock(&lock);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    pthread_mutex_lock(&lock);
    void *p = take_turn() ? NULL : __real_calloc(n, size);
    if (armed)
        live_add(p);
    pthread_mutex_unlock(&lock);
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    pthread_mutex_lock(&lock);
    void *p = NULL;
    if (!take_turn()) {
        p = __real_realloc(old, n);
        if (p || n == 0)
            live_remove(old);
        if (armed)
            live_add(p);
    }
    pthread_mutex_unlock(&lock);
    return p;
}

void __wrap_free(void *p)
{
    pthread_mutex_lock(&lock);
    live_remove(p);
    __real_free(p);
    pthread_mutex_unlock(&lock);
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = __wrap_malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

char *__wrap_strndup(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    char *p = __wrap_malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* ---- the renders ---- */

static const char TEXT[] = "你好。今天是2024年5月1日。";
static const char SHORT[] = "你好。";

typedef enum { CASE_FOLDER, CASE_PLAN, CASE_ESPEAK } render_case;
static const char *const CASE_NAME[] = {"folder", "plan", "espeak"};

static char tmp[] = "/tmp/boyin-alloc-XXXXXX";
static int verbose;

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* Entries in dir (-1: no such folder). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

typedef struct {
    int status;
    int injected;      /* the Nth allocation happened (and failed) */
    unsigned long allocations, created; /* in all; when create returned */
    size_t leaked;     /* wrapped allocations still live after destroy */
    char error[1024];
    int null_session;  /* create gave BOYIN_ENOMEM and no session */
    size_t printed;    /* plan: bytes printed */
    int files;         /* folder: entries in the output folder afterwards */
} outcome;

/* One render with allocation n failing (0: none). */
static outcome run(render_case which, unsigned long n)
{
    outcome o = {0};
    char out[64];
    snprintf(out, sizeof out, "%s/out", tmp);
    char *plan = NULL;
    size_t plan_len = 0;
    FILE *plan_to = which == CASE_PLAN ? open_memstream(&plan, &plan_len) : NULL;
    boyin_session_config cfg = boyin_session_config_init();
    cfg.data_dir = BOYIN_SOURCE_DIR;
    if (which == CASE_PLAN) {
        cfg.print = BOYIN_PRINT_PLAN;
        cfg.print_phonemes = 1;
        cfg.print_to = plan_to;
    } else {
        cfg.output_dir = out;
        cfg.date = "2024-05-01";
    }
    const char *text = which == CASE_ESPEAK ? SHORT : TEXT;

    pthread_mutex_lock(&lock);
    count = 0;
    fail_at = n;
    injected = 0;
    nlive = 0;
    memset(live, 0, LIVE_SLOTS * sizeof *live);
    armed = 1;
    pthread_mutex_unlock(&lock);

    boyin_engine *e = NULL;
    boyin_session *s = NULL;
    int st = which == CASE_ESPEAK ? BOYIN_OK : boyin_engine_create_null(22050, &e);
    if (st == BOYIN_OK)
        st = boyin_session_create_with(&cfg, e, NULL, 0, 0, &s);
    pthread_mutex_lock(&lock);
    o.created = count;
    pthread_mutex_unlock(&lock);
    if (st == BOYIN_OK)
        st = boyin_session_push(s, text, strlen(text) / 2); /* cut mid-text: pushes are not chunks */
    if (st == BOYIN_OK)
        st = boyin_session_push(s, text + strlen(text) / 2, strlen(text) - strlen(text) / 2);
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    o.status = st;
    o.null_session = s == NULL;
    snprintf(o.error, sizeof o.error, "%s", boyin_session_error(s));
    boyin_session_destroy(s);

    pthread_mutex_lock(&lock);
    armed = 0;
    o.injected = injected;
    o.allocations = count;
    o.leaked = nlive;
    pthread_mutex_unlock(&lock);

    if (plan_to) {
        fclose(plan_to);
        o.printed = plan_len;
        free(plan);
    }
    o.files = entries(out);
    nftw(out, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return o;
}

/* Whether run n of `which` ended as it must; prints why not. */
static int check(render_case which, unsigned long n, const outcome *o)
{
    const char *name = CASE_NAME[which];
    int ok = 1;
    if (verbose)
        printf("%s N=%lu: status %d, %lu allocations (%lu in create)%s, %s\n", name, n, o->status,
               o->allocations, o->created, o->injected ? "" : " (none failed)", o->error);
    if (o->leaked) {
        printf("%s N=%lu: %zu allocations leaked (status %d: %s)\n", name, n, o->leaked, o->status, o->error);
        ok = 0;
    }
#ifdef HAVE_LSAN
    if (__lsan_do_recoverable_leak_check()) {
        printf("%s N=%lu: LeakSanitizer found leaks (above)\n", name, n);
        ok = 0;
    }
#endif
    if (!o->injected) {
        if (o->status != BOYIN_OK) {
            printf("%s N=%lu: no allocation failed, yet status %d: %s\n", name, n, o->status, o->error);
            ok = 0;
        }
        return ok;
    }
    if (o->status == BOYIN_OK) {
        printf("%s N=%lu: allocation %lu failed, yet the render succeeded\n", name, n, n);
        ok = 0;
    } else if (o->null_session) {
        if (o->status != BOYIN_ENOMEM || strcmp(o->error, "out of memory")) {
            printf("%s N=%lu: no session, status %d, message '%s'\n", name, n, o->status, o->error);
            ok = 0;
        }
    } else if (!o->error[0]) {
        printf("%s N=%lu: status %d with no message\n", name, n, o->status);
        ok = 0;
    }
    if (o->status != BOYIN_OK && o->files > 0) {
        printf("%s N=%lu: a failed render left %d files in the output folder\n", name, n, o->files);
        ok = 0;
    }
    return ok;
}

/* Which N to run: every allocation of the render (push, finish, the sinks)
 * and the first and last of create; in between, create loads the data
 * tables (thousands of allocations through the same few loops), so every
 * STRIDE-th unless BOYIN_ALLOC_ALL is set. */
#define STRIDE 23
#define CREATE_EDGE 300
static int selected(unsigned long n, unsigned long created)
{
    return getenv("BOYIN_ALLOC_ALL") || n <= CREATE_EDGE || n + CREATE_EDGE > created || n % STRIDE == 0;
}

/* Run n of `which` and check it; the eSpeak-NG case in a child process, so
 * a run that crashes or hangs inside eSpeak-NG fails alone (and each run
 * starts from a fresh engine: eSpeak-NG carries state between utterances). */
static int run_checked(render_case which, unsigned long n, outcome *o)
{
    if (which != CASE_ESPEAK) {
        *o = run(which, n);
        return check(which, n, o);
    }
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        alarm(120); /* a hang fails the run */
        *o = run(which, n);
        int ok = check(which, n, o);
        ssize_t w = write(fd[1], o, sizeof *o);
        _exit(ok && w == (ssize_t)sizeof *o ? 0 : 1);
    }
    close(fd[1]);
    memset(o, 0, sizeof *o);
    ssize_t r = read(fd[0], o, sizeof *o);
    close(fd[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status))
        printf("%s N=%lu: the run crashed or hung (signal %d)\n", CASE_NAME[which], n,
               WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return r == (ssize_t)sizeof *o && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Every N from 1 until a run makes fewer allocations than N. */
static void torture(render_case which)
{
    unsigned failures = 0, runs = 0;
    outcome o;
    assert_true(run_checked(which, 0, &o));
    unsigned long created = o.created, total = o.allocations, n = 1;
    for (;; n++) {
        if (n <= total && !selected(n, created))
            continue;
        runs++;
        if (!run_checked(which, n, &o)) {
            failures++;
            fflush(stdout);
            if (!o.allocations) /* crashed: go on after it */
                o.injected = 1;
        }
        if (!o.injected)
            break;
    }
    printf("%s: %u runs, %lu allocations in a full render (%lu in create), %u failed%s\n", CASE_NAME[which], runs,
           o.allocations, created, failures, failures ? " (rerun one with: test_session_alloc CASE N)" : "");
    if (which == CASE_PLAN)
        assert_true(o.printed > 0);
    else
        assert_true(o.files > 0);
    assert_int_equal(failures, 0);
}

static void test_folder(void **state)
{
    (void)state;
    torture(CASE_FOLDER);
}

static void test_plan(void **state)
{
    (void)state;
    torture(CASE_PLAN);
}

static void test_espeak(void **state)
{
    (void)state;
    torture(CASE_ESPEAK);
}

/* The tables parsed from the .tsv files, not mapped. */
static void test_plan_tsv(void **state)
{
    (void)state;
    setenv("BOYIN_COMPILED_DATA", "off", 1);
    torture(CASE_PLAN);
    unsetenv("BOYIN_COMPILED_DATA");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* a hang still shows the last N */
    verbose = getenv("BOYIN_ALLOC_VERBOSE") != NULL;
    live = __real_calloc(LIVE_SLOTS, sizeof *live);
    if (!live || !mkdtemp(tmp))
        return 1;
    int rc;
    if (argc == 3) { /* one case, one N */
        verbose = 1;
        render_case which = CASE_FOLDER;
        for (int i = 0; i < 3; i++)
            if (strcmp(argv[1], CASE_NAME[i]) == 0)
                which = (render_case)i;
        unsigned long n = strtoul(argv[2], NULL, 10);
        outcome o;
        rc = !run_checked(which, n, &o);
    } else {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_folder),
            cmocka_unit_test(test_plan),
            cmocka_unit_test(test_espeak),
            cmocka_unit_test(test_plan_tsv),
        };
        rc = cmocka_run_group_tests(tests, NULL, NULL);
    }
    nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    __real_free(live);
    return rc;
}
