/* tags.c - ID3v2.4 with chapters, and the finishing touches of a Broadcast WAV. */
#include "tags.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boyin.h"
#include "strbuf.h"

/* ---- ID3v2.4 ---------------------------------------------------------------- */

static void put_syncsafe(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)((v >> 21) & 0x7F);
    p[1] = (unsigned char)((v >> 14) & 0x7F);
    p[2] = (unsigned char)((v >> 7) & 0x7F);
    p[3] = (unsigned char)(v & 0x7F);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A frame: id, syncsafe size, no flags, then the body. */
static void frame(boyin_sb *b, const char id[4], const char *body, size_t n)
{
    unsigned char h[10];
    memcpy(h, id, 4);
    put_syncsafe(h + 4, (uint32_t)n);
    h[8] = h[9] = 0;
    boyin_sb_add(b, (const char *)h, 10);
    boyin_sb_add(b, body, n);
}

/* A text frame in UTF-8 (encoding byte 3); nothing for empty text. */
static void text_frame(boyin_sb *b, const char id[4], const char *text)
{
    if (!text || !*text)
        return;
    boyin_sb body = {0};
    boyin_sb_add(&body, "\x03", 1);
    boyin_sb_adds(&body, text);
    if (!body.failed)
        frame(b, id, body.s, body.len);
    else
        b->failed = 1;
    boyin_sb_free(&body);
}

unsigned char *boyin_id3_build(const boyin_meta *meta, const boyin_chapter *ch, size_t nch, size_t *len)
{
    boyin_sb f = {0};
    text_frame(&f, "TIT2", meta->title);
    text_frame(&f, "TPE1", meta->artist[0] ? meta->artist : meta->station);
    text_frame(&f, "TALB", meta->album);
    text_frame(&f, "TDRC", meta->date);
    text_frame(&f, "TRCK", meta->track);
    text_frame(&f, "TSSE", "boyin " BOYIN_VERSION);
    if (meta->comment[0]) { /* COMM: encoding, language, empty description, text */
        boyin_sb c = {0};
        boyin_sb_add(&c, "\x03" "chi" "\0", 5);
        boyin_sb_adds(&c, meta->comment);
        if (!c.failed)
            frame(&f, "COMM", c.s, c.len);
        boyin_sb_free(&c);
    }
    size_t ntoc = nch > 255 ? 255 : nch; /* CTOC counts its entries in one byte */
    if (nch) {
        boyin_sb toc = {0};
        boyin_sb_add(&toc, "toc\0", 4);
        boyin_sb_add(&toc, "\x03", 1); /* top level, ordered */
        unsigned char count = (unsigned char)ntoc;
        boyin_sb_add(&toc, (const char *)&count, 1);
        for (size_t i = 0; i < ntoc; i++) {
            char id[16];
            int k = snprintf(id, sizeof id, "chp%zu", i + 1);
            boyin_sb_add(&toc, id, (size_t)k + 1);
        }
        if (!toc.failed)
            frame(&f, "CTOC", toc.s, toc.len);
        boyin_sb_free(&toc);
        for (size_t i = 0; i < nch; i++) {
            boyin_sb chap = {0};
            char id[16];
            int k = snprintf(id, sizeof id, "chp%zu", i + 1);
            boyin_sb_add(&chap, id, (size_t)k + 1);
            unsigned char t[16];
            put_be32(t, ch[i].start_ms);
            put_be32(t + 4, ch[i].end_ms);
            put_be32(t + 8, 0xFFFFFFFFu); /* no byte offsets */
            put_be32(t + 12, 0xFFFFFFFFu);
            boyin_sb_add(&chap, (const char *)t, 16);
            text_frame(&chap, "TIT2", ch[i].title);
            if (!chap.failed)
                frame(&f, "CHAP", chap.s, chap.len);
            boyin_sb_free(&chap);
        }
    }
    if (f.failed) {
        boyin_sb_free(&f);
        return NULL;
    }
    size_t n = 10 + f.len;
    unsigned char *tag = malloc(n);
    if (!tag) {
        boyin_sb_free(&f);
        return NULL;
    }
    memcpy(tag, "ID3\x04\x00\x00", 6);
    put_syncsafe(tag + 6, (uint32_t)f.len);
    if (f.len)
        memcpy(tag + 10, f.s, f.len);
    boyin_sb_free(&f);
    *len = n;
    return tag;
}

int boyin_id3_prepend(const char *path, const boyin_meta *meta, const boyin_chapter *ch, size_t nch, char *err,
                      size_t errlen)
{
    size_t tlen;
    unsigned char *tag = boyin_id3_build(meta, ch, nch, &tlen);
    if (!tag)
        return BOYIN_ENOMEM;
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tag", path);
    FILE *in = fopen(path, "rb"), *out = in ? fopen(tmp, "wb") : NULL;
    int bad = !in || !out || fwrite(tag, 1, tlen, out) != tlen;
    free(tag);
    char buf[65536];
    size_t k;
    while (!bad && (k = fread(buf, 1, sizeof buf, in)) > 0)
        bad = fwrite(buf, 1, k, out) != k;
    bad = bad || (in && ferror(in));
    if (in)
        fclose(in);
    if (out && fclose(out))
        bad = 1;
    if (!bad && rename(tmp, path))
        bad = 1;
    if (bad) {
        snprintf(err, errlen, "cannot tag %s: %s", path, strerror(errno));
        remove(tmp);
        return BOYIN_EOUTPUT;
    }
    return BOYIN_OK;
}

/* ---- Broadcast WAV ---------------------------------------------------------- */

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void put_le16(unsigned char *p, int v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)((v >> 8) & 0xFF);
}

/* Find a chunk's data offset and size in a RIFF file; 0 when found. */
static int find_chunk(FILE *f, const char id[4], long *off, uint32_t *size)
{
    unsigned char h[8];
    if (fseek(f, 12, SEEK_SET))
        return -1;
    while (fread(h, 1, 8, f) == 8) {
        uint32_t n = get_le32(h + 4);
        long here = ftell(f);
        if (memcmp(h, id, 4) == 0) {
            *off = here;
            *size = n;
            return 0;
        }
        if (fseek(f, here + (long)n + (long)(n & 1), SEEK_SET))
            return -1;
    }
    return -1;
}

/* A loudness figure for bext: hundredths, 0x7FFF when unknown. */
static int hundredths(double v)
{
    if (!isfinite(v) || v < -327 || v > 327)
        return 0x7FFF;
    return (int)lround(v * 100);
}

int boyin_wav_finish(const char *path, const boyin_loudness *l, const char *out_cue,
                     const uint64_t *cues, size_t ncues, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r+b");
    long off;
    uint32_t size;
    int bad = !f;
    if (!bad && find_chunk(f, "bext", &off, &size) == 0 && size >= 422) {
        unsigned char v[10];
        put_le16(v, hundredths(l->integrated));
        put_le16(v + 2, hundredths(l->range));
        put_le16(v + 4, hundredths(l->true_peak));
        put_le16(v + 6, hundredths(l->max_momentary));
        put_le16(v + 8, hundredths(l->max_short_term));
        bad = fseek(f, off + 412, SEEK_SET) || fwrite(v, 1, 10, f) != 10;
    }
    if (!bad && out_cue && find_chunk(f, "cart", &off, &size) == 0 && size >= 452) {
        char cue[64] = {0};
        boyin_utf8_copy(cue, sizeof cue, out_cue);
        bad = fseek(f, off + 388, SEEK_SET) || fwrite(cue, 1, 64, f) != 64;
    }
    if (!bad && ncues) { /* a cue chunk at the end, and the RIFF size grown */
        uint32_t n = (uint32_t)ncues, body = 4 + 24 * n;
        unsigned char *c = calloc(1, 8 + body);
        bad = !c;
        if (c) {
            memcpy(c, "cue ", 4);
            put_le32(c + 4, body);
            put_le32(c + 8, n);
            for (uint32_t i = 0; i < n; i++) {
                unsigned char *p = c + 12 + 24 * i;
                uint32_t at = cues[i] > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)cues[i];
                put_le32(p, i + 1);  /* identifier */
                put_le32(p + 4, at); /* play order position */
                memcpy(p + 8, "data", 4);
                put_le32(p + 12, 0); /* chunk start */
                put_le32(p + 16, 0); /* block start */
                put_le32(p + 20, at);
            }
            unsigned char riff[4];
            bad = fseek(f, 0, SEEK_END) != 0;
            long end = bad ? 0 : ftell(f);
            if (!bad && (end & 1)) { /* chunks start on even offsets */
                bad = fputc(0, f) == EOF;
                end++;
            }
            bad = bad || fwrite(c, 1, 8 + body, f) != 8 + body;
            put_le32(riff, (uint32_t)(end + 8 + body - 8));
            bad = bad || fseek(f, 4, SEEK_SET) || fwrite(riff, 1, 4, f) != 4;
            free(c);
        }
    }
    if (f && fclose(f))
        bad = 1;
    if (bad) {
        snprintf(err, errlen, "cannot finish %s: %s", path, strerror(errno));
        return BOYIN_EOUTPUT;
    }
    return BOYIN_OK;
}
