/*
 * test_cli.c - boyin end to end: the real binary, real eSpeak-NG, files read
 * back with libsndfile and cJSON, bad input, Ctrl-C and streaming from a
 * pipe.  Live playback is in test_play.c.
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


static char g_bulletin[512]; /* a finished render of the example, shared by tests */
static uint64_t cue_ms(const char *t)
{
    unsigned h, m, s, ms;
    assert_int_equal(sscanf(t, "%u:%u:%u%*c%u", &h, &m, &s, &ms), 4);
    return ((uint64_t)h * 3600 + m * 60 + s) * 1000 + ms;
}

static void check_subtitles(const char *path, const cJSON *segs, int rate, int vtt)
{
    char *s = read_file(path, NULL);
    assert_non_null(s);
    char *p = s;
    if (vtt) {
        assert_memory_equal(s, "WEBVTT\n\n", 8);
        p += 8;
    }
    int i = 0;
    const cJSON *seg;
    cJSON_ArrayForEach(seg, segs) {
        unsigned cue;
        char a[32], b[32];
        assert_int_equal(sscanf(p, "%u\n%31s --> %31s", &cue, a, b), 3);
        assert_int_equal(cue, i + 1);
        double start = num(seg, "start"), samples = num(seg, "samples");
        uint64_t t0 = (uint64_t)llround(start * rate) * 1000, t1 = (uint64_t)(llround(start * rate) + samples) * 1000;
        assert_int_equal(cue_ms(a), (t0 + rate / 2) / rate);
        assert_int_equal(cue_ms(b), (t1 + rate / 2) / rate);
        p = strstr(p, "\n\n");
        assert_non_null(p);
        p += 2;
        i++;
    }
    assert_int_equal(*p, '\0');
    free(s);
}

/* The files of one render: manifest fields, audio lengths, subtitles. */
static void check_bulletin(const char *dir, const char *const *inputs, int ninputs)
{
    char *json = read_file(path_in(dir, "manifest.json"), NULL);
    assert_non_null(json);
    cJSON *m = cJSON_Parse(json);
    assert_non_null(m);
    free(json);
    assert_string_equal(cJSON_GetObjectItem(m, "voice")->valuestring, "news");
    int rate = (int)num(m, "sample_rate");
    assert_int_equal(rate, 22050);
    const cJSON *segs = cJSON_GetObjectItem(m, "segments"), *bull = cJSON_GetObjectItem(m, "bulletin");
    assert_true(cJSON_IsArray(segs) && cJSON_GetArraySize(segs) > 0);
    assert_string_equal(cJSON_GetObjectItem(bull, "file")->valuestring, "bulletin.wav");

    short *bpcm;
    size_t bframes;
    int brate, bch;
    assert_int_equal(boyin_sound_read(path_in(dir, "bulletin.wav"), &bpcm, &bframes, &brate, &bch), 0);
    assert_int_equal(brate, rate);
    assert_int_equal(bch, 1);
    assert_int_equal(bframes, (size_t)num(bull, "samples"));
    assert_true(fabs(num(bull, "duration") - (double)bframes / rate) < 1e-5);

    size_t at = 0;
    int index = 0;
    char *texts[16] = {0};
    const cJSON *seg;
    cJSON_ArrayForEach(seg, segs) {
        index++;
        char name[16];
        snprintf(name, sizeof name, "%04d.wav", index);
        assert_int_equal((int)num(seg, "index"), index);
        assert_string_equal(cJSON_GetObjectItem(seg, "file")->valuestring, name);
        const char *fields[] = {"text", "spoken", "voice"};
        for (int k = 0; k < 3; k++)
            assert_true(cJSON_IsString(cJSON_GetObjectItem(seg, fields[k])));
        short *pcm;
        size_t frames;
        int r, ch;
        assert_int_equal(boyin_sound_read(path_in(dir, name), &pcm, &frames, &r, &ch), 0);
        assert_int_equal(r, rate);
        assert_int_equal(frames, (size_t)num(seg, "samples"));
        assert_true(frames > 0);
        assert_true(fabs(num(seg, "start") - (double)at / rate) < 1e-5);
        assert_true(fabs(num(seg, "duration") - (double)frames / rate) < 1e-5);
        /* The bulletin holds exactly this segment at its start time. */
        assert_true(at + frames <= bframes);
        assert_memory_equal(bpcm + at, pcm, frames * sizeof *pcm);
        free(pcm);
        size_t pause = (size_t)llround(num(seg, "pause_after_ms") * rate / 1000.0);
        at += frames + pause;
        int item = (int)num(seg, "item");
        assert_true(item >= 1 && item <= ninputs);
        assert_true(num(seg, "paragraph") >= 1);
        const char *text = cJSON_GetObjectItem(seg, "text")->valuestring;
        size_t old = texts[item - 1] ? strlen(texts[item - 1]) : 0;
        texts[item - 1] = realloc(texts[item - 1], old + strlen(text) + 1);
        strcpy(texts[item - 1] + old, text);
    }
    assert_int_equal(at, bframes);
    free(bpcm);
    /* Text not read on air is listed with its span, in source order. */
    const cJSON *skipped = cJSON_GetObjectItem(m, "skipped");
    assert_true(cJSON_IsArray(skipped));
    cJSON_ArrayForEach(seg, skipped) {
        assert_string_equal(cJSON_GetObjectItem(seg, "skipped")->valuestring, "credit");
        assert_string_equal(cJSON_GetObjectItem(seg, "spoken")->valuestring, "");
        int item = (int)num(seg, "item");
        const char *text = cJSON_GetObjectItem(seg, "text")->valuestring;
        /* Credits close an article here, so they follow its segments. */
        size_t old = texts[item - 1] ? strlen(texts[item - 1]) : 0;
        texts[item - 1] = realloc(texts[item - 1], old + strlen(text) + 1);
        strcpy(texts[item - 1] + old, text);
    }
    /* Nothing lost, per item. */
    for (int i = 0; i < ninputs; i++) {
        char *src = read_file(inputs[i], NULL);
        assert_non_null(src);
        char *body = src;
        if ((unsigned char)body[0] == 0xEF && (unsigned char)body[1] == 0xBB)
            body += 3;
        strip_space(body);
        strip_space(texts[i]);
        assert_string_equal(texts[i], body);
        free(src);
        free(texts[i]);
    }
    check_subtitles(path_in(dir, "bulletin.srt"), segs, rate, 0);
    check_subtitles(path_in(dir, "bulletin.vtt"), segs, rate, 1);
    /* Only final files: segments, bulletin, subtitles, chapters, manifest. */
    assert_int_equal(has_final_files(dir), cJSON_GetArraySize(segs) + 5);
    cJSON_Delete(m);
}

static void test_bulletin_files(void **state)
{
    (void)state;
    snprintf(g_bulletin, sizeof g_bulletin, "%s/bulletin1", g_tmp);
    const char *args[] = {"-q", "-o", g_bulletin, "--date", "2022-11-18", BOYIN_EXAMPLE, NULL};
    result r = run(args, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    const char *inputs[] = {BOYIN_EXAMPLE};
    check_bulletin(g_bulletin, inputs, 1);
    result_free(&r);
    /* The default voice reads at a news pace: 280-300 characters a minute. */
    size_t len, han = 0;
    char *src = read_file(BOYIN_EXAMPLE, &len);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int k = boyin_utf8_next((const uint8_t *)src + i, len - i, &cp);
        assert_true(k > 0);
        han += boyin_utf8_is_han(cp);
        i += (size_t)k;
    }
    free(src);
    short *pcm;
    size_t frames;
    int rate, ch;
    assert_int_equal(boyin_sound_read(path_in(g_bulletin, "bulletin.wav"), &pcm, &frames, &rate, &ch), 0);
    free(pcm);
    double per_minute = han / ((double)frames / rate) * 60;
    if (per_minute < 280 || per_minute > 300)
        fail_msg("default voice reads %.0f characters a minute, want 280-300", per_minute);
}

static void test_deterministic(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/bulletin2", g_tmp);
    /* The origination date and time go into the files: give the date. */
    const char *args[] = {"-q", "-o", dir, "--date", "2022-11-18", BOYIN_EXAMPLE, NULL};
    result r = run(args, NULL, NULL);
    assert_int_equal(r.status, 0);
    result_free(&r);
    DIR *d = opendir(g_bulletin);
    struct dirent *e;
    int compared = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t la, lb;
        char *a = read_file(path_in(g_bulletin, e->d_name), &la), *b = read_file(path_in(dir, e->d_name), &lb);
        assert_non_null(a);
        assert_non_null(b);
        if (la != lb || memcmp(a, b, la))
            fail_msg("%s differs between two runs", e->d_name);
        free(a);
        free(b);
        compared++;
    }
    closedir(d);
    assert_true(compared > 5);
}

static void test_several_items_bom_crlf(void **state)
{
    (void)state;
    char a[600], b[600], dir[600];
    snprintf(a, sizeof a, "%s/a.txt", g_tmp);
    snprintf(b, sizeof b, "%s/b.txt", g_tmp);
    snprintf(dir, sizeof dir, "%s/items", g_tmp);
    const char bom_crlf[] = "\xEF\xBB\xBF第一条新闻。第二句。\r\n第二段。\r\n";
    write_bytes(a, bom_crlf, sizeof bom_crlf - 1);
    write_bytes(b, "另一篇文章。\n", strlen("另一篇文章。\n"));
    const char *args[] = {"-q", "-o", dir, a, b, NULL};
    result r = run(args, NULL, NULL);
    assert_int_equal(r.status, 0);
    const char *inputs[] = {a, b};
    check_bulletin(dir, inputs, 2);
    result_free(&r);
    const char *dry[] = {"--dry-run", a, b, NULL};
    r = run(dry, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 4);
    cJSON *first = cJSON_Parse(r.out);
    assert_int_equal((int)num(first, "source_offset"), 3); /* after the BOM */
    cJSON_Delete(first);
    /* The last line: back from its final newline to the one before it. */
    const char *last = r.out + strlen(r.out) - 1;
    while (last > r.out && last[-1] != '\n')
        last--;
    cJSON *o = cJSON_Parse(last);
    assert_int_equal((int)num(o, "item"), 2);
    assert_int_equal((int)num(o, "paragraph"), 1);
    cJSON_Delete(o);
    result_free(&r);
}

static void test_dry_run_plan(void **state)
{
    (void)state;
    const char *args[] = {"--dry-run", BOYIN_EXAMPLE, NULL};
    result r = run(args, NULL, NULL);
    assert_int_equal(r.status, 0);
    size_t len;
    char *src = read_file(BOYIN_EXAMPLE, &len);
    int lines = 0, skipped = 0;
    for (char *line = r.out, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = '\0';
        cJSON *o = cJSON_Parse(line);
        assert_non_null(o);
        if (cJSON_GetObjectItem(o, "skipped")) {
            assert_int_equal((int)num(o, "index"), 0);
            skipped++;
        } else {
            lines++;
            assert_int_equal((int)num(o, "index"), lines);
        }
        const char *keys[] = {"item", "paragraph", "source_offset", "source_length", "pause_after_ms"};
        for (int k = 0; k < 5; k++)
            num(o, keys[k]);
        assert_string_equal(cJSON_GetObjectItem(o, "voice")->valuestring, "news");
        assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "spoken")));
        /* The source span holds the text. */
        char *span = strndup(src + (size_t)num(o, "source_offset"), (size_t)num(o, "source_length"));
        char *text = strdup(cJSON_GetObjectItem(o, "text")->valuestring);
        strip_space(span);
        strip_space(text);
        assert_string_equal(span, text);
        free(span);
        free(text);
        cJSON_Delete(o);
    }
    free(src);
    char *json = read_file(path_in(g_bulletin, "manifest.json"), NULL);
    cJSON *m = cJSON_Parse(json);
    assert_int_equal(lines, cJSON_GetArraySize(cJSON_GetObjectItem(m, "segments")));
    assert_int_equal(skipped, 3); /* the byline and two editor credits */
    assert_int_equal(skipped, cJSON_GetArraySize(cJSON_GetObjectItem(m, "skipped")));
    cJSON_Delete(m);
    free(json);
    result_free(&r);
}

static void test_phonemes_no_english(void **state)
{
    (void)state;
    const char *args[] = {"-x", BOYIN_EXAMPLE, NULL};
    result r = run(args, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_true(count_lines(r.out) > 40);
    assert_null(strstr(r.out, "(en)"));
    assert_non_null(strstr(r.out, "_|"));
    result_free(&r);
    /* With --dry-run, -x adds each chunk's phonemes to the plan. */
    const char *plan[] = {"--dry-run", "-x", "-", NULL};
    char in[600];
    snprintf(in, sizeof in, "%s/short.txt", g_tmp);
    write_bytes(in, "省委书记。", strlen("省委书记。"));
    r = run(plan, in, NULL);
    assert_int_equal(r.status, 0);
    cJSON *o = cJSON_Parse(r.out);
    assert_non_null(strstr(cJSON_GetObjectItem(o, "phonemes")->valuestring, "s.'u55"));
    cJSON_Delete(o);
    result_free(&r);
    /* Latin runs go to the English voice: NBA is spelled in English. */
    write_bytes(in, "NBA总决赛。", strlen("NBA总决赛。"));
    r = run(plan, in, NULL);
    assert_int_equal(r.status, 0);
    o = cJSON_Parse(r.out);
    const char *ph = cJSON_GetObjectItem(o, "phonemes")->valuestring;
    assert_non_null(strstr(ph, "'En b'i:"));   /* "N B" in English */
    assert_non_null(strstr(ph, "ts'ong21"));   /* 总 in Mandarin */
    assert_null(strstr(ph, "(en)"));           /* no switch inside a voice */
    const cJSON *runs = cJSON_GetObjectItem(o, "runs");
    assert_int_equal(cJSON_GetArraySize(runs), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(runs, 0), "voice")->valuestring, "en-us");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(runs, 1), "voice")->valuestring, "news");
    cJSON_Delete(o);
    result_free(&r);
    /* A spelled A is the letter (ay), not the article (uh); # is silent. */
    write_bytes(in, "AI和#MeToo#。", strlen("AI和#MeToo#。"));
    r = run(plan, in, NULL);
    assert_int_equal(r.status, 0);
    o = cJSON_Parse(r.out);
    ph = cJSON_GetObjectItem(o, "phonemes")->valuestring;
    assert_non_null(strstr(ph, "'eI 'aI"));
    assert_null(strstr(ph, "a#"));
    assert_null(strstr(ph, "(en)"));
    cJSON_Delete(o);
    result_free(&r);
}

/* Count the Han characters of UTF-8 text. */
static size_t han_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xF0) != 0xE0 || !p[1] || !p[2])
            continue;
        unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        n += cp >= 0x3400 && cp <= 0x9FFF; /* CJK ideographs */
        p += 2;
    }
    return n;
}

/* Sentences hit by eSpeak-NG 1.51's doubled syllable (a two-character word
 * it does not know: 蔓延 man yan yan) get one syllable per character, and
 * --pinyin prints what is spoken; the plan carries it with the original
 * characters, also for Traditional input. */
static void test_pinyin(void **state)
{
    (void)state;
    static const char *const doubled[] = {"疫情迅速蔓延。", "据宋史记载。", "他赠给学校一批图书。",
                                          "旧病复发后蔓延全身。"};
    char in[600];
    snprintf(in, sizeof in, "%s/doubled.txt", g_tmp);
    for (size_t i = 0; i < sizeof doubled / sizeof *doubled; i++) {
        write_bytes(in, doubled[i], strlen(doubled[i]));
        const char *args[] = {"-x", in, NULL};
        result r = run(args, NULL, NULL);
        assert_int_equal(r.status, 0);
        size_t syllables = 0; /* each syllable has one tone contour: 51, 35, 214 */
        for (const char *p = r.out; *p; p++)
            syllables += p[0] >= '0' && p[0] <= '9' && !(p[1] >= '0' && p[1] <= '9');
        if (syllables != han_chars(doubled[i]))
            fail_msg("%s: %zu syllables for %zu characters: %s", doubled[i], syllables, han_chars(doubled[i]),
                     r.out);
        result_free(&r);
    }
    const char *text = "银行行长了解情况。\n\n臺灣銀行行長說，一個不是。\n";
    write_bytes(in, text, strlen(text));
    const char *pinyin[] = {"--pinyin", in, NULL};
    result r = run(pinyin, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "yin2 hang2 hang2 zhang3 liao3 jie3 qing2 kuang4。\n"
                               "tai2 wan1 yin2 hang2 hang2 zhang3 shuo1， yi2 ge4 bu2 shi4。\n");
    result_free(&r);
    const char *plan[] = {"--dry-run", in, NULL};
    r = run(plan, NULL, NULL);
    assert_int_equal(r.status, 0);
    char *second = strchr(r.out, '\n');
    assert_non_null(second);
    cJSON *o = cJSON_Parse(second + 1);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "spoken")->valuestring, "臺灣銀行行長說，一個不是。");
    assert_string_equal(cJSON_GetObjectItem(o, "pinyin")->valuestring,
                        "tai2 wan1 yin2 hang2 hang2 zhang3 shuo1， yi2 ge4 bu2 shi4。");
    const cJSON *run0 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "runs"), 0);
    assert_string_equal(cJSON_GetObjectItem(run0, "source")->valuestring, "臺灣銀行行長說，一個不是。");
    assert_string_equal(cJSON_GetObjectItem(run0, "pinyin")->valuestring,
                        "tai2 wan1 yin2 hang2 hang2 zhang3 shuo1， yi2 ge4 bu2 shi4。");
    cJSON_Delete(o);
    result_free(&r);
    /* A user lexicon changes the reading, and so the phonemes. */
    char lex[600];
    snprintf(lex, sizeof lex, "%s/names.txt", g_tmp);
    write_bytes(lex, "行长\txing2 zhang3\n", strlen("行长\txing2 zhang3\n"));
    const char *with_lex[] = {"--pinyin", "--lexicon", lex, in, NULL};
    r = run(with_lex, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "yin2 hang2 xing2 zhang3 liao3"));
    result_free(&r);
    /* A voice where eSpeak-NG reads the characters gets no pinyin. */
    const char *cmn[] = {"--dry-run", "-v", "cmn", in, NULL};
    r = run(cmn, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "\"pinyin\""));
    result_free(&r);
}

/* Each row of cli-errors.tsv: a bad input or option, its exit code and a
 * part of the one-line message. */
static void test_errors_table(void **state)
{
    (void)state;
    tsv_row *rows;
    size_t n;
    assert_int_equal(tsv_read(BOYIN_TEST_DATA "/cli-errors.tsv", &rows, &n), 0);
    for (size_t i = 0; i < n; i++) {
        tsv_row *row = &rows[i];
        char input[600], outdir[600], file_in_way[600];
        snprintf(input, sizeof input, "%s/input-%zu.txt", g_tmp, i);
        snprintf(outdir, sizeof outdir, "%s/out-%zu", g_tmp, i);
        snprintf(file_in_way, sizeof file_in_way, "%s/plainfile", g_tmp);
        write_bytes(file_in_way, "x", 1);
        if (strcmp(row->cells[1], "-") != 0)
            write_bytes(input, row->cells[1], row->lens[1]);
        /* Arguments: words of column 2, with INPUT, OUT, FILE, TMP substituted. */
        const char *args[16];
        static char expanded[16][1024];
        const char *names[] = {"INPUT", "OUT", "FILE", "TMP"}, *paths[] = {input, outdir, file_in_way, g_tmp};
        int k = 0;
        char *words = strdup(row->cells[2]);
        for (char *w = strtok(words, " "); w && k < 15; w = strtok(NULL, " "), k++) {
            args[k] = w;
            for (int p = 0; p < 4; p++) {
                size_t len = strlen(names[p]);
                if (strncmp(w, names[p], len) == 0 && (w[len] == '\0' || w[len] == '/')) {
                    snprintf(expanded[k], sizeof expanded[k], "%s%s", paths[p], w + len);
                    args[k] = expanded[k];
                }
            }
        }
        args[k] = NULL;
        result r = run(args, NULL, NULL);
        int want = atoi(row->cells[3]);
        if (r.status != want)
            fail_msg("cli-errors.tsv:%u %s: exit %d, want %d; stderr: %s", row->line, row->cells[0], r.status,
                     want, r.err);
        if (want != 0) {
            if (count_lines(r.err) != 1 || strncmp(r.err, "boyin: ", 7) != 0)
                fail_msg("cli-errors.tsv:%u %s: want one line on stderr, got: %s", row->line, row->cells[0], r.err);
            if (!strstr(r.err, row->cells[4]))
                fail_msg("cli-errors.tsv:%u %s: message lacks '%s': %s", row->line, row->cells[0], row->cells[4],
                         r.err);
            if (strstr(row->cells[2], "OUT") && has_final_files(outdir) > 0)
                fail_msg("cli-errors.tsv:%u %s: files left in %s", row->line, row->cells[0], outdir);
        }
        free(words);
        result_free(&r);
    }
    tsv_free(rows, n);
}

static void test_interrupt(void **state)
{
    (void)state;
    char big[600], dir[600];
    snprintf(big, sizeof big, "%s/big.txt", g_tmp);
    snprintf(dir, sizeof dir, "%s/interrupted", g_tmp);
    make_repeated_input(big, 100);
    const char *args[] = {"-o", dir, big, NULL};
    pid_t pid = spawn(args, NULL, NULL, -1);
    /* Wait until it is writing (the staging folder exists), then Ctrl-C. */
    for (int i = 0; i < 2000 && has_final_files(dir) == 0; i++)
        usleep(10000);
    usleep(100000);
    kill(pid, SIGINT);
    result r = finish(pid);
    assert_int_equal(r.status, 130);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "interrupted"));
    assert_int_equal(has_final_files(dir), 0);
    result_free(&r);
}

static void test_stdin_streaming(void **state)
{
    (void)state;
    /* The plan of the first sentence appears before the input ends. */
    int in[2], out[2];
    assert_int_equal(pipe2(in, O_CLOEXEC), 0);
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl(BOYIN_BIN, BOYIN_BIN, "--dry-run", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    const char *first = "第一句话。\n";
    assert_int_equal(write(in[1], first, strlen(first)), (ssize_t)strlen(first));
    char buf[4096];
    assert_true(wait_for_output(out[0], buf, sizeof buf, "第一句话", 60));
    assert_int_equal(write(in[1], "第二句。", strlen("第二句。")), (ssize_t)strlen("第二句。"));
    close(in[1]);
    assert_true(wait_for_output(out[0], buf, sizeof buf, "第二句", 60));
    close(out[0]);
    int ws;
    waitpid(pid, &ws, 0);
    assert_int_equal(WEXITSTATUS(ws), 0);

    /* Live: the first sentence is played before the input ends. */
    char capture[600];
    snprintf(capture, sizeof capture, "%s/captured3.raw", g_tmp);
    const char *home = alsa_file_home("home-file3", capture);
    assert_int_equal(pipe2(in, O_CLOEXEC), 0); /* the child must not hold the write end */
    const char *args[] = {"-q", NULL};
    pid = spawn(args, NULL, home, in[0]);
    close(in[0]);
    assert_int_equal(write(in[1], first, strlen(first)), (ssize_t)strlen(first));
    struct stat st = {0};
    for (int i = 0; i < 600 && (stat(capture, &st) != 0 || st.st_size == 0); i++)
        usleep(100000);
    assert_true(st.st_size > 0);
    close(in[1]);
    result r = finish(pid);
    assert_int_equal(r.status, 0);
    result_free(&r);
}

int main(void)
{
    clitest_setup();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bulletin_files),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_several_items_bom_crlf),
        cmocka_unit_test(test_dry_run_plan),
        cmocka_unit_test(test_phonemes_no_english),
        cmocka_unit_test(test_pinyin),
        cmocka_unit_test(test_errors_table),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_stdin_streaming),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    return clitest_teardown(r) ? 1 : r;
}
