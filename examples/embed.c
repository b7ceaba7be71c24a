/*
 * embed.c - libboyin inside a program that does its own audio: each
 * segment's mastered PCM arrives through the on_audio callback, with the
 * text it speaks, to be mixed, streamed or stored as the program likes.
 *
 *     cc embed.c $(pkg-config --cflags --libs boyin) -o embed
 *     ./embed '镇江今天多云转晴。明天有小雨。'
 *
 * It prints one line per segment (its index, frames and spoken text) and
 * the total.  Text is pushed in small pieces, as a network or a pipe would
 * deliver it: a piece may end in the middle of a character.
 */
#include <boyin.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    unsigned long long frames; /* frames received so far */
    unsigned segments;
} tally;

/* Called in order, once per segment, from inside push() and finish(): pcm is
 * 16-bit at the session's rate and channels, valid only during the call.
 * Returning non-zero would stop the session with BOYIN_ESTOPPED. */
static int on_audio(void *user, const boyin_segment_info *seg, const int16_t *pcm, size_t frames)
{
    tally *t = user;
    (void)pcm; /* a real program would copy it to its own buffer here */
    t->frames += frames;
    t->segments++;
    printf("%4u %8zu  %s\n", seg->index, frames, seg->spoken);
    return 0;
}

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "镇江今天多云转晴，气温8到15℃。明天有小雨，出门请带伞。";

    tally t = {0, 0};
    boyin_session_config cfg = boyin_session_config_init();
    cfg.on_audio = on_audio; /* the only output: no device, no files */
    cfg.user = &t;

    boyin_session *s = NULL;
    int st = boyin_session_create(&cfg, &s);
    for (size_t at = 0, len = strlen(text); st == BOYIN_OK && at < len; at += 5) {
        size_t n = len - at < 5 ? len - at : 5;
        st = boyin_session_push(s, text + at, n);
    }
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);

    if (st == BOYIN_OK)
        printf("%u segments, %llu frames\n", t.segments, t.frames);
    else
        fprintf(stderr, "embed: %s\n", s ? boyin_session_error(s) : boyin_strerror(st));
    boyin_session_destroy(s);
    return st == BOYIN_OK ? 0 : 1;
}
