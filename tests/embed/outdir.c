/*
 * outdir.c - built outside the tree by install.sh, against the installed
 * boyin.h and `pkg-config --cflags --libs boyin` only.
 *
 *     outdir DIR DATE VOICE TEXT
 *
 * Reads TEXT into an output folder DIR (segments, bulletin, subtitles,
 * chapters, manifest) and prints what the session says it wrote.
 */
#include <boyin.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: outdir DIR DATE VOICE TEXT\n");
        return 2;
    }
    boyin_session_config cfg = boyin_session_config_init();
    cfg.output_dir = argv[1];
    cfg.date = argv[2];
    cfg.voice = argv[3];

    boyin_session *s = NULL;
    int st = boyin_session_create(&cfg, &s);
    if (st == BOYIN_OK)
        st = boyin_session_push(s, argv[4], strlen(argv[4]));
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);
    if (st == BOYIN_OK) {
        const boyin_session_summary *r = boyin_session_result(s);
        printf("wrote %s: %s (%u segments, %.2f s)\n", r->output, r->files, r->segments, r->seconds);
    } else {
        fprintf(stderr, "outdir: %s\n", s ? boyin_session_error(s) : boyin_strerror(st));
    }
    boyin_session_destroy(s);
    return st == BOYIN_OK ? 0 : 1;
}
