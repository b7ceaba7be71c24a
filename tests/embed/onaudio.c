/*
 * onaudio.c - built outside the tree by install.sh, against the installed
 * boyin.h and `pkg-config --cflags --libs boyin` only.
 *
 *     onaudio FILE DATE VOICE
 *
 * DATE "-" leaves the date unset (a tag: sessions with no files reject it).
 * Checks FILE, then pushes its bytes in pieces of 1 to 61 bytes (so pieces
 * end inside characters), with no output but the on_audio callback.  Prints
 * "segment INDEX FRAMES" for each call and "total FRAMES" at the end, for
 * the script to compare with the manifest of `boyin -o` on the same input.
 */
#include <boyin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned long long total;
    unsigned last_index; /* segments arrive in order, 1, 2, ... */
    int bad;
} count;

static int on_audio(void *user, const boyin_segment_info *seg, const int16_t *pcm, size_t frames)
{
    count *c = user;
    if (seg->index != c->last_index + 1 || (frames && !pcm) || !seg->text || !seg->spoken) {
        fprintf(stderr, "onaudio: segment %u after %u (pcm %p, %zu frames)\n", seg->index, c->last_index,
                (const void *)pcm, frames);
        c->bad = 1;
        return 1;
    }
    c->last_index = seg->index;
    c->total += frames;
    printf("segment %u %zu\n", seg->index, frames);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    else {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: onaudio FILE DATE VOICE\n");
        return 2;
    }
    size_t len = 0;
    char *text = slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "onaudio: cannot read %s\n", argv[1]);
        return 2;
    }

    count c = {0, 0, 0};
    boyin_session_config cfg = boyin_session_config_init();
    if (strcmp(argv[2], "-") != 0)
        cfg.date = argv[2];
    cfg.voice = argv[3];
    cfg.on_audio = on_audio;
    cfg.user = &c;

    boyin_session *s = NULL;
    int st = boyin_session_create(&cfg, &s);
    if (st == BOYIN_OK)
        st = boyin_session_begin_item(s, argv[1]);
    if (st == BOYIN_OK)
        st = boyin_session_check(s, text, len);
    if (st == BOYIN_OK)
        st = boyin_session_check(s, text, 0);
    for (size_t at = 0, piece = 1; st == BOYIN_OK && at < len; at += piece, piece = piece % 61 + 1) {
        if (piece > len - at)
            piece = len - at;
        st = boyin_session_push(s, text + at, piece);
    }
    if (st == BOYIN_OK)
        st = boyin_session_finish(s);

    if (st == BOYIN_OK && boyin_session_result(s)->segments != c.last_index) {
        fprintf(stderr, "onaudio: %u segments in the result, %u through on_audio\n",
                boyin_session_result(s)->segments, c.last_index);
        c.bad = 1;
    }
    if (st != BOYIN_OK)
        fprintf(stderr, "onaudio: %s\n", s ? boyin_session_error(s) : boyin_strerror(st));
    else
        printf("total %llu\n", c.total);
    boyin_session_destroy(s);
    free(text);
    return st == BOYIN_OK && !c.bad ? 0 : 1;
}
