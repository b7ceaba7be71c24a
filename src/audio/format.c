/* format.c - output formats and presets, as data and checks. */
#include "format.h"

#include "chunk.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name, *ext;
    boyin_codec codec;
} CODECS[] = {
    {"wav", "wav", BOYIN_FMT_WAV},       {"wave", "wav", BOYIN_FMT_WAV},  {"flac", "flac", BOYIN_FMT_FLAC},
    {"ogg", "ogg", BOYIN_FMT_VORBIS},    {"vorbis", "ogg", BOYIN_FMT_VORBIS}, {"oga", "ogg", BOYIN_FMT_VORBIS},
    {"opus", "opus", BOYIN_FMT_OPUS},    {"mp3", "mp3", BOYIN_FMT_MP3},
    {"raw", "raw", BOYIN_FMT_RAW},       {"pcm", "raw", BOYIN_FMT_RAW},
};

static const struct {
    const char *name;
    double loudness, true_peak;
    int normalize;
    int rate; /* what playout systems and podcast hosts expect (0: the engine's) */
} PRESETS[] = {
    {"broadcast", -23.0, -1.0, 1, 48000}, /* EBU R128 */
    {"podcast", -16.0, -1.0, 1, 44100},   /* the common podcast target */
    {"none", 0.0, -1.0, 0, 0},
};

void boyin_format_init(boyin_format *f, int engine_rate)
{
    memset(f, 0, sizeof *f);
    f->codec = BOYIN_FMT_WAV;
    f->rate = engine_rate;
    f->channels = 1;
    f->bits = 16;
    f->true_peak = -1.0;
    f->preset = "none";
}

int boyin_codec_parse(const char *name, boyin_codec *out)
{
    for (size_t i = 0; i < sizeof CODECS / sizeof *CODECS; i++)
        if (strcasecmp(name, CODECS[i].name) == 0) {
            *out = CODECS[i].codec;
            return 0;
        }
    return -1;
}

const char *boyin_codec_ext(boyin_codec c)
{
    for (size_t i = 0; i < sizeof CODECS / sizeof *CODECS; i++)
        if (CODECS[i].codec == c)
            return CODECS[i].ext;
    return "wav";
}

int boyin_format_preset(boyin_format *f, const char *name)
{
    for (size_t i = 0; i < sizeof PRESETS / sizeof *PRESETS; i++)
        if (strcmp(name, PRESETS[i].name) == 0) {
            f->preset = PRESETS[i].name;
            f->normalize = PRESETS[i].normalize;
            f->loudness = PRESETS[i].loudness;
            f->true_peak = PRESETS[i].true_peak;
            if (PRESETS[i].rate && f->codec != BOYIN_FMT_OPUS) /* Opus is always 48000 Hz */
                f->rate = PRESETS[i].rate;
            return 0;
        }
    return -1;
}

int boyin_format_check(const boyin_format *f, char *err, size_t errlen)
{
    const char *ext = boyin_codec_ext(f->codec);
    if (f->rate != 22050 && f->rate != 44100 && f->rate != 48000) {
        snprintf(err, errlen, "--sample-rate %d: use 22050, 44100 or 48000", f->rate);
        return -1;
    }
    if (f->codec == BOYIN_FMT_OPUS && f->rate != 48000) {
        snprintf(err, errlen, "Opus is always 48000 Hz; drop --sample-rate %d or add --sample-rate 48000", f->rate);
        return -1;
    }
    if (f->bits != 16 && f->bits != 24) {
        snprintf(err, errlen, "--bits %d: use 16 or 24", f->bits);
        return -1;
    }
    if (f->bits == 24 && f->codec != BOYIN_FMT_WAV && f->codec != BOYIN_FMT_FLAC && f->codec != BOYIN_FMT_RAW) {
        snprintf(err, errlen, "--bits 24 is for WAV, FLAC and raw PCM; %s has no bit depth", ext);
        return -1;
    }
    if (f->bitrate && (f->codec == BOYIN_FMT_WAV || f->codec == BOYIN_FMT_FLAC || f->codec == BOYIN_FMT_RAW)) {
        snprintf(err, errlen, "--bitrate is for MP3, Opus and Ogg Vorbis; %s is lossless", ext);
        return -1;
    }
    if (f->vbr && f->codec != BOYIN_FMT_MP3) {
        snprintf(err, errlen, "--vbr is for MP3");
        return -1;
    }
    if (f->codec == BOYIN_FMT_MP3 && f->bitrate && (f->bitrate < 32 || f->bitrate > 320)) {
        snprintf(err, errlen, "--bitrate %d: MP3 takes 32 to 320 kbit/s", f->bitrate);
        return -1;
    }
    if (f->codec == BOYIN_FMT_MP3 && f->rate == 22050 && f->bitrate > 160) {
        snprintf(err, errlen, "--bitrate %d: MP3 at 22050 Hz goes up to 160 kbit/s", f->bitrate);
        return -1;
    }
    if ((f->codec == BOYIN_FMT_OPUS || f->codec == BOYIN_FMT_VORBIS) && f->bitrate &&
        (f->bitrate < 16 || f->bitrate > 256)) {
        snprintf(err, errlen, "--bitrate %d: use 16 to 256 kbit/s", f->bitrate);
        return -1;
    }
    if (f->normalize && (f->loudness < -40 || f->loudness > -5)) {
        snprintf(err, errlen, "--loudness %.1f: use -40 to -5 LUFS", f->loudness);
        return -1;
    }
    if (f->true_peak < -20 || f->true_peak > 0) {
        snprintf(err, errlen, "--true-peak %.1f: use -20 to 0 dBTP", f->true_peak);
        return -1;
    }
    if (f->channels != 1 && f->channels != 2) {
        snprintf(err, errlen, "--channels %d: use 1 or 2", f->channels);
        return -1;
    }
    return 0;
}

void boyin_utf8_copy(char *dst, size_t cap, const char *src)
{
    if (!cap)
        return;
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] continues a character: cut before it */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

size_t boyin_chapters_layout(uint64_t intro, const uint64_t *item_starts, size_t nitems, uint64_t speech_end,
                             uint64_t outro, boyin_chapter_span *out)
{
    size_t n = 0;
    if (intro)
        out[n++] = (boyin_chapter_span){0, intro, -1, "片头"};
    for (size_t i = 0; i < nitems; i++)
        out[n++] = (boyin_chapter_span){item_starts[i], i + 1 < nitems ? item_starts[i + 1] : speech_end, (long)i, NULL};
    if (outro)
        out[n++] = (boyin_chapter_span){speech_end, speech_end + outro, -1, "片尾"};
    return n;
}
