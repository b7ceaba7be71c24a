/*
 * test_session.c - the session's flow and the timeline, with the null
 * engine and recording sinks: chunk indices, positions, pauses, what finish
 * and close are given, failures and their messages, calls out of order, and
 * that the order of the sinks does not matter.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boyin.h"
#include "chunk.h"
#include "engine.h"
#include "fake_sink.h"
#include "session_internal.h"
#include "tsv.h"

#define RATE 22050

static const char *const NEWS = "今天天气很好。明天下雨，后天转晴。\n\n市政府昨天召开会议。";
static const char *const WITH_CREDITS =
    "（记者 张三）\n今天天气很好。明天下雨。\n责任编辑：李四\n";

/* Turns synthesis on without an output of the config's: the callback. */
static int ignore_audio(void *user, const boyin_segment_info *seg, const int16_t *pcm, size_t frames)
{
    (void)user, (void)seg, (void)pcm, (void)frames;
    return 0;
}

static boyin_session_config base_config(void)
{
    boyin_session_config cfg = boyin_session_config_init();
    cfg.data_dir = BOYIN_SOURCE_DIR;
    cfg.print = BOYIN_PRINT_NONE;
    cfg.on_audio = ignore_audio;
    return cfg;
}

/* A session with the null engine and one fake sink per log (in that order,
 * after the config's outputs or before them when `first`); sink i fails at
 * its fail_at[i]-th call when fail_at is given. */
static int open_session(const boyin_session_config *cfg, fake_log *logs, size_t nlogs, const int *fail_at,
                        const char *msg, int first, boyin_session **s)
{
    boyin_engine *e;
    assert_int_equal(boyin_engine_create_null(RATE, &e), BOYIN_OK);
    boyin_sink *sinks[4];
    assert_true(nlogs <= 4);
    for (size_t i = 0; i < nlogs; i++)
        assert_int_equal(fake_sink_create(&logs[i], fail_at ? fail_at[i] : 0, BOYIN_EOUTPUT, msg, &sinks[i]),
                         BOYIN_OK);
    return boyin_session_create_with(cfg, e, sinks, nlogs, first, s);
}

/* Create, push `text` whole, finish, destroy; every step must succeed. */
static void render(const boyin_session_config *cfg, const char *text, fake_log *logs, size_t nlogs, int first)
{
    boyin_session *s;
    assert_int_equal(open_session(cfg, logs, nlogs, NULL, NULL, first, &s), BOYIN_OK);
    int st = boyin_session_push(s, text, strlen(text));
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    if (st)
        fail_msg("render: %s", boyin_session_error(s));
    boyin_session_destroy(s);
    for (size_t i = 0; i < nlogs; i++)
        assert_int_equal(logs[i].destroyed, 1);
}

static size_t count_kind(const fake_log *log, fake_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < log->n; i++)
        n += log->calls[i].kind == kind;
    return n;
}

static void assert_logs_equal(const fake_log *a, const fake_log *b)
{
    char *da = fake_log_dump(a), *db = fake_log_dump(b);
    assert_non_null(da);
    assert_non_null(db);
    assert_string_equal(da, db);
    free(da);
    free(db);
}

/* Every call of a finished render placed as the timeline says: chunks in
 * order, each segment right after the previous one's pause and its own
 * pause before, the output span the same frames (one rate, no intro),
 * skipped chunks at the current position with no length; finish and close
 * then get the end of the last pause and the count. */
static void check_positions(const fake_log *log)
{
    uint64_t at = 0;
    unsigned index = 0;
    const void *report = NULL;
    size_t i = 0;
    for (; i < log->n && log->calls[i].kind <= FAKE_SKIPPED; i++) {
        const fake_call *c = &log->calls[i];
        if (c->kind == FAKE_SKIPPED) {
            assert_int_equal(c->index, 0);
            assert_int_equal(c->start, at);
            assert_int_equal(c->out_start, at);
            assert_int_equal(c->out_end, at);
            continue;
        }
        assert_int_equal(c->index, ++index);
        assert_true(c->samples > 0);
        assert_true(c->has_pcm);
        assert_int_equal(c->start, at + boyin_pause_samples(c->pause_before_ms, RATE));
        assert_int_equal(c->out_start, c->start);
        assert_int_equal(c->out_end, c->start + c->samples);
        at = c->start + c->samples + boyin_pause_samples(c->pause_after_ms, RATE);
    }
    assert_int_equal(log->n, i + 2);
    for (int round = 0; round < 2; round++, i++) {
        const fake_call *c = &log->calls[i];
        const boyin_bulletin *b = &c->bulletin;
        assert_int_equal(c->kind, round ? FAKE_CLOSE : FAKE_FINISH);
        assert_int_equal(b->in_rate, RATE);
        assert_int_equal(b->out_rate, RATE);
        assert_int_equal(b->speech_frames, at);
        assert_int_equal(b->intro_frames, 0);
        assert_int_equal(b->outro_frames, 0);
        assert_int_equal(b->out_frames, at);
        assert_int_equal(b->segments, index);
        assert_non_null(c->report);
        if (round)
            assert_ptr_equal(c->report, report); /* close sees what finish filled */
        report = c->report;
    }
}

static void test_indices_and_skipped(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log log = {0};
    render(&cfg, WITH_CREDITS, &log, 1, 0);
    static const struct {
        fake_kind kind;
        unsigned index;
        const char *text;
    } want[] = {{FAKE_SKIPPED, 0, "（记者 张三）"}, {FAKE_SEGMENT, 1, "今天天气很好。"},
                {FAKE_SEGMENT, 2, "明天下雨。"},     {FAKE_SKIPPED, 0, "责任编辑：李四"},
                {FAKE_FINISH, 0, ""},                 {FAKE_CLOSE, 0, ""}};
    assert_int_equal(log.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < log.n; i++) {
        assert_int_equal(log.calls[i].kind, want[i].kind);
        assert_int_equal(log.calls[i].index, want[i].index);
        assert_string_equal(log.calls[i].text, want[i].text);
    }
    check_positions(&log);
    fake_log_free(&log);

    /* read_all: the credits are read on air and counted. */
    cfg.read_all = 1;
    render(&cfg, WITH_CREDITS, &log, 1, 0);
    assert_int_equal(count_kind(&log, FAKE_SKIPPED), 0);
    assert_int_equal(count_kind(&log, FAKE_SEGMENT), 4);
    check_positions(&log);
    fake_log_free(&log);
}

static void test_positions(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log log = {0};
    render(&cfg, NEWS, &log, 1, 0);
    assert_true(count_kind(&log, FAKE_SEGMENT) >= 3);
    check_positions(&log);
    /* The null engine: 10 ms a character of what it is given, so never empty. */
    for (size_t i = 0; i < log.n; i++)
        if (log.calls[i].kind == FAKE_SEGMENT)
            assert_int_equal(log.calls[i].samples % (RATE / 100), 0);
    /* Within one item nothing adds a pause before a chunk. */
    for (size_t i = 0; i < log.n; i++)
        assert_int_equal(log.calls[i].pause_before_ms, 0);
    fake_log_free(&log);

    /* The same render pushed a byte at a time: the same calls. */
    fake_log whole = {0}, bytes = {0};
    render(&cfg, WITH_CREDITS, &whole, 1, 0);
    boyin_session *s;
    assert_int_equal(open_session(&cfg, &bytes, 1, NULL, NULL, 0, &s), BOYIN_OK);
    for (const char *p = WITH_CREDITS; *p; p++)
        assert_int_equal(boyin_session_push(s, p, 1), BOYIN_OK);
    assert_int_equal(boyin_session_finish(s), BOYIN_OK);
    boyin_session_destroy(s);
    assert_logs_equal(&whole, &bytes);
    fake_log_free(&whole);
    fake_log_free(&bytes);
}

/* Two items: render them and return the log. */
static void render_items(unsigned item_pause_ms, fake_log *log)
{
    boyin_session_config cfg = base_config();
    cfg.item_pause_ms = item_pause_ms;
    boyin_session *s;
    assert_int_equal(open_session(&cfg, log, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "one.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, "第一条新闻。还有一句。", strlen("第一条新闻。还有一句。")), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "two.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, WITH_CREDITS, strlen(WITH_CREDITS)), BOYIN_OK);
    assert_int_equal(boyin_session_finish(s), BOYIN_OK);
    boyin_session_destroy(s);
    check_positions(log);
}

static void test_item_pause(void **state)
{
    (void)state;
    fake_log log = {0};
    render_items(2000, &log);
    /* The first chunk read on air of item 2 (after its skipped byline) gets
     * what the item pause adds to the pause after the last chunk of item 1. */
    unsigned last_pause = 0, seen = 0;
    for (size_t i = 0; i < log.n; i++) {
        const fake_call *c = &log.calls[i];
        if (c->kind != FAKE_SEGMENT) {
            assert_int_equal(c->pause_before_ms, 0);
            continue;
        }
        if (c->item == 2 && !seen++) {
            assert_true(last_pause < 2000);
            assert_int_equal(c->pause_before_ms, 2000 - last_pause);
        } else {
            assert_int_equal(c->pause_before_ms, 0);
        }
        last_pause = c->pause_after_ms;
    }
    assert_int_equal(seen, 2);
    fake_log_free(&log);

    /* 0 (the paragraph pause, which the item's last chunk already has) and a
     * pause shorter than that add nothing. */
    unsigned pauses[] = {0, 100};
    for (size_t k = 0; k < 2; k++) {
        render_items(pauses[k], &log);
        for (size_t i = 0; i < log.n; i++)
            assert_int_equal(log.calls[i].pause_before_ms, 0);
        fake_log_free(&log);
    }
}

static void test_sink_fails_in_segment(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    /* The first sink fails at its first call: push reports it, the second
     * sink never sees that chunk, and every later call says the same. */
    fake_log logs[2] = {{0}};
    int fail_at[2] = {1, 0};
    boyin_session *s;
    assert_int_equal(open_session(&cfg, logs, 2, fail_at, "fake: disk full", 0, &s), BOYIN_OK);
    int st = boyin_session_push(s, NEWS, strlen(NEWS));
    if (st == BOYIN_OK) /* the first chunk was not complete yet */
        st = boyin_session_finish(s);
    assert_int_equal(st, BOYIN_EOUTPUT);
    assert_string_equal(boyin_session_error(s), "fake: disk full");
    assert_int_equal(logs[0].n, 1);
    assert_int_equal(logs[1].n, 0);
    assert_int_equal(boyin_session_finish(s), BOYIN_EOUTPUT);
    assert_int_equal(boyin_session_push(s, "好。", strlen("好。")), BOYIN_EOUTPUT);
    assert_int_equal(boyin_session_check(s, "好。", strlen("好。")), BOYIN_EOUTPUT);
    assert_int_equal(boyin_session_begin_item(s, "x"), BOYIN_EOUTPUT);
    assert_string_equal(boyin_session_error(s), "fake: disk full");
    assert_int_equal(logs[0].n, 1);
    assert_int_equal(logs[1].n, 0);
    boyin_session_destroy(s);
    assert_int_equal(logs[0].destroyed + logs[1].destroyed, 2);
    fake_log_free(&logs[0]);
    fake_log_free(&logs[1]);

    /* A failure with no message: the item and what the status means. */
    fake_log log = {0};
    int second[1] = {2};
    assert_int_equal(open_session(&cfg, &log, 1, second, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "story.txt"), BOYIN_OK);
    st = boyin_session_push(s, NEWS, strlen(NEWS));
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    assert_int_equal(st, BOYIN_EOUTPUT);
    assert_string_equal(boyin_session_error(s), "story.txt: output cannot be written");
    assert_int_equal(boyin_session_finish(s), BOYIN_EOUTPUT);
    boyin_session_destroy(s);
    assert_int_equal(log.n, 2);
    fake_log_free(&log);
}

/* A sink failing in finish (its call n) or close (n + 1), n its number of
 * chunk calls: the session stops there and finish keeps saying so. */
static void test_sink_fails_at_end(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log probe = {0};
    render(&cfg, NEWS, &probe, 1, 0);
    size_t chunks = probe.n - 2;
    fake_log_free(&probe);
    for (int round = 0; round < 2; round++) {
        fake_log logs[2] = {{0}};
        int fail_at[2] = {0, (int)chunks + 1 + round};
        boyin_session *s;
        assert_int_equal(open_session(&cfg, logs, 2, fail_at, "fake: cannot close", 0, &s), BOYIN_OK);
        assert_int_equal(boyin_session_push(s, NEWS, strlen(NEWS)), BOYIN_OK);
        assert_int_equal(boyin_session_finish(s), BOYIN_EOUTPUT);
        assert_string_equal(boyin_session_error(s), "fake: cannot close");
        /* finish: both sinks were given finish before the failing one... */
        assert_int_equal(count_kind(&logs[0], FAKE_FINISH), 1);
        assert_int_equal(count_kind(&logs[1], FAKE_FINISH), 1);
        /* ...and no close round after a failed finish; in close, the
         * first sink was closed before the second failed. */
        assert_int_equal(count_kind(&logs[0], FAKE_CLOSE), (size_t)round);
        assert_int_equal(count_kind(&logs[1], FAKE_CLOSE), (size_t)round);
        size_t n0 = logs[0].n, n1 = logs[1].n;
        assert_int_equal(boyin_session_finish(s), BOYIN_EOUTPUT);
        assert_int_equal(logs[0].n, n0);
        assert_int_equal(logs[1].n, n1);
        boyin_session_destroy(s);
        fake_log_free(&logs[0]);
        fake_log_free(&logs[1]);
    }
}

static void test_calls_after_finish(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log log = {0};
    boyin_session *s;
    assert_int_equal(open_session(&cfg, &log, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, NEWS, strlen(NEWS)), BOYIN_OK);
    assert_int_equal(boyin_session_finish(s), BOYIN_OK);
    assert_string_equal(boyin_session_error(s), "");
    size_t n = log.n;
    const boyin_session_summary *sum = boyin_session_result(s);
    assert_int_equal(sum->segments, log.calls[n - 1].bulletin.segments);
    assert_true(sum->speech_seconds > 0);

    /* A second finish must not finish and close the sinks again. */
    assert_int_equal(boyin_session_finish(s), BOYIN_EINVAL);
    assert_non_null(strstr(boyin_session_error(s), "finished"));
    assert_int_equal(log.n, n);
    assert_int_equal(boyin_session_push(s, "好。", strlen("好。")), BOYIN_EINVAL);
    assert_int_equal(boyin_session_begin_item(s, "more.txt"), BOYIN_EINVAL);
    assert_int_equal(boyin_session_finish(s), BOYIN_EINVAL);
    assert_int_equal(log.n, n);
    boyin_session_destroy(s);
    fake_log_free(&log);

    /* push after finish, then finish. */
    assert_int_equal(open_session(&cfg, &log, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, NEWS, strlen(NEWS)), BOYIN_OK);
    assert_int_equal(boyin_session_finish(s), BOYIN_OK);
    n = log.n;
    assert_int_equal(boyin_session_push(s, NEWS, strlen(NEWS)), BOYIN_EINVAL);
    assert_string_equal(boyin_session_error(s), "the session is finished; create another");
    assert_int_equal(boyin_session_finish(s), BOYIN_EINVAL);
    assert_int_equal(log.n, n);
    boyin_session_destroy(s);
    fake_log_free(&log);
}

/* One item's text, pushed then finished: the status and message. */
static int push_finish(const char *item, const char *text, size_t len, char *msg, size_t msglen, fake_log *log)
{
    boyin_session_config cfg = base_config();
    boyin_session *s;
    assert_int_equal(open_session(&cfg, log, 1, NULL, NULL, 0, &s), BOYIN_OK);
    int st = item ? boyin_session_begin_item(s, item) : BOYIN_OK;
    if (st == BOYIN_OK)
        st = boyin_session_push(s, text, len);
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    snprintf(msg, msglen, "%s", boyin_session_error(s));
    boyin_session_destroy(s);
    return st;
}

static void test_empty_input(void **state)
{
    (void)state;
    static const char *const EMPTY[] = {"", " ", "\n\n\n", " \t\r\n　\n"};
    char msg[1024];
    for (size_t i = 0; i < sizeof EMPTY / sizeof EMPTY[0]; i++) {
        fake_log log = {0};
        assert_int_equal(push_finish(NULL, EMPTY[i], strlen(EMPTY[i]), msg, sizeof msg, &log), BOYIN_EINPUT);
        assert_string_equal(msg, "input: no text to read (the input is empty or only whitespace)");
        assert_int_equal(log.n, 0);
        fake_log_free(&log);
    }
    fake_log log = {0};
    assert_int_equal(push_finish("empty.txt", "", 0, msg, sizeof msg, &log), BOYIN_EINPUT);
    assert_string_equal(msg, "empty.txt: no text to read (the input is empty or only whitespace)");
    fake_log_free(&log);

    /* The second of two items empty: the first was already read. */
    boyin_session_config cfg = base_config();
    boyin_session *s;
    assert_int_equal(open_session(&cfg, &log, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "one.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, NEWS, strlen(NEWS)), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "two.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, "\n", 1), BOYIN_OK);
    assert_int_equal(boyin_session_finish(s), BOYIN_EINPUT);
    assert_string_equal(boyin_session_error(s), "two.txt: no text to read (the input is empty or only whitespace)");
    assert_int_equal(count_kind(&log, FAKE_FINISH), 0);
    boyin_session_destroy(s);
    fake_log_free(&log);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len;
        int status;
        const char *prefix;
    } CASES[] = {
        {"你好\xff世界。", 16, BOYIN_EUTF8, "input: byte 6: not valid UTF-8"},
        {"\xe4\xbd", 2, BOYIN_EUTF8, "input: byte 0: not valid UTF-8"}, /* cut short at the end */
        {"ab\xc0\xaf。", 7, BOYIN_EUTF8, "input: byte 2: not valid UTF-8"}, /* overlong */
        {"你好\0世界。", 16, BOYIN_EBINARY, "input: byte 6: binary data"},
        {"今天。\x01", 10, BOYIN_EBINARY, "input: byte 9: binary data"},
    };
    char msg[1024];
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        fake_log log = {0};
        int st = push_finish(NULL, CASES[i].text, CASES[i].len, msg, sizeof msg, &log);
        if (st != CASES[i].status || strncmp(msg, CASES[i].prefix, strlen(CASES[i].prefix)))
            fail_msg("case %zu: status %d, message '%s'; want %d, '%s...'", i, st, msg, CASES[i].status,
                     CASES[i].prefix);
        fake_log_free(&log);
    }

    /* The offset counts the item's bytes across pushes, and restarts with an item. */
    boyin_session_config cfg = base_config();
    fake_log log = {0};
    boyin_session *s;
    assert_int_equal(open_session(&cfg, &log, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "a.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, "今天。", 9), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "b.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, "你好", 6), BOYIN_OK);
    assert_int_equal(boyin_session_push(s, "\xff", 1), BOYIN_EUTF8);
    assert_non_null(strstr(boyin_session_error(s), "b.txt: byte 6: "));
    assert_int_equal(boyin_session_finish(s), BOYIN_EUTF8);
    boyin_session_destroy(s);
    fake_log_free(&log);
}

static void test_check_then_push(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log direct = {0}, checked = {0};
    render(&cfg, WITH_CREDITS, &direct, 1, 0);
    boyin_session *s;
    assert_int_equal(open_session(&cfg, &checked, 1, NULL, NULL, 0, &s), BOYIN_OK);
    size_t len = strlen(WITH_CREDITS);
    assert_int_equal(boyin_session_check(s, WITH_CREDITS, 5), BOYIN_OK); /* cuts a character */
    assert_int_equal(boyin_session_check(s, WITH_CREDITS + 5, len - 5), BOYIN_OK);
    assert_int_equal(boyin_session_check(s, NULL, 0), BOYIN_OK);
    assert_int_equal(checked.n, 0); /* a check reads nothing aloud */
    assert_int_equal(boyin_session_push(s, WITH_CREDITS, len), BOYIN_OK);
    assert_int_equal(boyin_session_finish(s), BOYIN_OK);
    boyin_session_destroy(s);
    assert_logs_equal(&direct, &checked);
    fake_log_free(&direct);
    fake_log_free(&checked);

    /* A bad byte late in the item is found before anything is read. */
    static const char LATE[] = "今天天气很好。明天下雨。后天\xfe。";
    assert_int_equal(open_session(&cfg, &checked, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_begin_item(s, "late.txt"), BOYIN_OK);
    assert_int_equal(boyin_session_check(s, LATE, sizeof LATE - 1), BOYIN_EUTF8);
    assert_non_null(strstr(boyin_session_error(s), "late.txt: byte 42: not valid UTF-8"));
    assert_int_equal(boyin_session_push(s, LATE, sizeof LATE - 1), BOYIN_EUTF8);
    assert_int_equal(checked.n, 0);
    boyin_session_destroy(s);
    fake_log_free(&checked);

    /* A check that ends in the middle of a character. */
    assert_int_equal(open_session(&cfg, &checked, 1, NULL, NULL, 0, &s), BOYIN_OK);
    assert_int_equal(boyin_session_check(s, "好\xe4", 4), BOYIN_OK);
    assert_int_equal(boyin_session_check(s, NULL, 0), BOYIN_EUTF8);
    assert_non_null(strstr(boyin_session_error(s), "byte 3"));
    boyin_session_destroy(s);
    fake_log_free(&checked);
}

static void test_create_errors(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log logs[5] = {{0}};
    boyin_session *s = (boyin_session *)&cfg;
    /* More extra sinks than it holds: all freed, no session. */
    boyin_engine *e;
    assert_int_equal(boyin_engine_create_null(RATE, &e), BOYIN_OK);
    boyin_sink *sinks[5];
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(fake_sink_create(&logs[i], 0, 0, NULL, &sinks[i]), BOYIN_OK);
    assert_int_equal(boyin_session_create_with(&cfg, e, sinks, 5, 0, &s), BOYIN_EINVAL);
    assert_null(s);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(logs[i].destroyed, 1);

    /* A failed session: the message, the same status from every call, the
     * sinks freed with it. */
    cfg.voice = "no-such-voice";
    fake_log log = {0};
    assert_int_equal(open_session(&cfg, &log, 1, NULL, NULL, 0, &s), BOYIN_EVOICE);
    assert_non_null(s);
    assert_true(boyin_session_error(s)[0] != '\0');
    assert_int_equal(boyin_session_push(s, NEWS, strlen(NEWS)), BOYIN_EVOICE);
    assert_int_equal(boyin_session_finish(s), BOYIN_EVOICE);
    assert_int_equal(log.n, 0);
    boyin_session_destroy(s);
    assert_int_equal(log.destroyed, 1);

    assert_string_equal(boyin_session_error(NULL), "out of memory");
    boyin_session_destroy(NULL);
}

/* The order of the sinks does not matter: fake sinks in any order, before
 * or after the config's outputs, see the same calls. */
static void test_sink_order_fakes(void **state)
{
    (void)state;
    boyin_session_config cfg = base_config();
    fake_log one[1] = {{0}}, ab[2] = {{0}}, ba[2] = {{0}};
    render(&cfg, WITH_CREDITS, one, 1, 0);
    render(&cfg, WITH_CREDITS, ab, 2, 0);
    render(&cfg, WITH_CREDITS, ba, 2, 1);
    assert_logs_equal(&one[0], &ab[0]);
    assert_logs_equal(&one[0], &ab[1]);
    assert_logs_equal(&one[0], &ba[0]);
    assert_logs_equal(&one[0], &ba[1]);
    fake_log_free(&one[0]);
    for (int i = 0; i < 2; i++) {
        fake_log_free(&ab[i]);
        fake_log_free(&ba[i]);
    }
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of `dir`, sorted, joined by spaces (hidden ones too). */
static char *list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            assert_true(n < 256);
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    fclose(f);
    return buf;
}

/* Render into dir/out with the output folder's sinks and two fake sinks
 * (before them when `first`, in reverse order when `swap`). */
static void render_folder(const char *dir, int first, int swap, fake_log logs[2])
{
    boyin_session_config cfg = base_config();
    cfg.on_audio = NULL;
    cfg.output_dir = dir;
    cfg.date = "2024-05-01"; /* the tags and manifest the same every run */
    boyin_session *s;
    fake_log *order[2] = {&logs[swap], &logs[!swap]};
    boyin_engine *e;
    assert_int_equal(boyin_engine_create_null(RATE, &e), BOYIN_OK);
    boyin_sink *sinks[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(fake_sink_create(order[i], 0, 0, NULL, &sinks[i]), BOYIN_OK);
    int st = boyin_session_create_with(&cfg, e, sinks, 2, first, &s);
    if (st == BOYIN_OK)
        st = boyin_session_push(s, NEWS, strlen(NEWS));
    if (st == BOYIN_OK)
        st = boyin_session_push(s, "\n\n", 2);
    if (st == BOYIN_OK)
        st = boyin_session_push(s, WITH_CREDITS, strlen(WITH_CREDITS));
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    if (st)
        fail_msg("render into %s: %s", dir, boyin_session_error(s));
    boyin_session_destroy(s);
    check_positions(&logs[0]);
}

static void test_sink_order_folder(void **state)
{
    (void)state;
    char tmp[] = "/tmp/boyin-session-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    char out[64], kept[3][64];
    snprintf(out, sizeof out, "%s/out", tmp);
    fake_log logs[3][2] = {{{0}}};
    /* The same folder each time (the manifest may name it), kept aside. */
    int order[3][2] = {{0, 0}, {1, 0}, {1, 1}};
    for (int r = 0; r < 3; r++) {
        render_folder(out, order[r][0], order[r][1], logs[r]);
        snprintf(kept[r], sizeof kept[r], "%s/run%d", tmp, r);
        assert_int_equal(rename(out, kept[r]), 0);
    }
    char *names = list_dir(kept[0]);
    assert_non_null(strstr(names, "manifest.json"));
    assert_non_null(strstr(names, "bulletin.wav"));
    assert_non_null(strstr(names, "0001.wav"));
    for (int r = 1; r < 3; r++) {
        char *other = list_dir(kept[r]);
        assert_string_equal(names, other);
        free(other);
    }
    for (char *name = strtok(names, " "); name; name = strtok(NULL, " ")) {
        char path[256];
        size_t len0, len;
        snprintf(path, sizeof path, "%s/%s", kept[0], name);
        char *a = read_file(path, &len0);
        assert_non_null(a);
        for (int r = 1; r < 3; r++) {
            snprintf(path, sizeof path, "%s/%s", kept[r], name);
            char *b = read_file(path, &len);
            assert_non_null(b);
            if (len != len0 || memcmp(a, b, len))
                fail_msg("%s differs between sink orders (%zu and %zu bytes)", name, len0, len);
            free(b);
        }
        free(a);
    }
    free(names);
    for (int r = 0; r < 3; r++) {
        assert_logs_equal(&logs[0][0], &logs[r][0]);
        assert_logs_equal(&logs[0][0], &logs[r][1]);
    }
    for (int r = 0; r < 3; r++) {
        fake_log_free(&logs[r][0]);
        fake_log_free(&logs[r][1]);
    }
    remove_tree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indices_and_skipped),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_item_pause),
        cmocka_unit_test(test_sink_fails_in_segment),
        cmocka_unit_test(test_sink_fails_at_end),
        cmocka_unit_test(test_calls_after_finish),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_check_then_push),
        cmocka_unit_test(test_create_errors),
        cmocka_unit_test(test_sink_order_fakes),
        cmocka_unit_test(test_sink_order_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
