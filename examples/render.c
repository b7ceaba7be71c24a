/*
 * render.c - the smallest use of libboyin: read a string aloud into a WAV file.
 *
 *     cc render.c $(pkg-config --cflags --libs boyin) -o render
 *     ./render '今天是2024年3月1日，气温12℃。' news.wav
 *
 * With no arguments it reads a default sentence into render.wav.
 */
#include <boyin.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "今天是2022年11月18日，镇江气温12℃，明天多云转晴。";
    const char *wav = argc > 2 ? argv[2] : "render.wav";

    /* Start from the defaults (the news voice, no outputs) and ask for one
     * file: the format follows the extension.  Strings in the config are
     * only borrowed until boyin_session_create returns. */
    boyin_session_config cfg = boyin_session_config_init();
    cfg.output_file = wav;

    /* A session is created even when creation fails, so that it can say
     * why; it is destroyed in every case. */
    boyin_session *s = NULL;
    int st = boyin_session_create(&cfg, &s);

    /* Text is pushed as it arrives (here all at once); finish() writes the
     * file under its final name only when it is complete. */
    if (st == BOYIN_OK)
        st = boyin_session_push(s, text, strlen(text));
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);

    if (st == BOYIN_OK) {
        const boyin_session_summary *r = boyin_session_result(s);
        /* output is the folder, files what was written in it */
        printf("%s/%s: %u segments, %.2f s\n", r->output, r->files, r->segments, r->seconds);
    } else {
        /* s is NULL only when memory ran out before anything existed. */
        fprintf(stderr, "render: %s\n", s ? boyin_session_error(s) : boyin_strerror(st));
    }
    boyin_session_destroy(s);
    return st == BOYIN_OK ? 0 : 1;
}
