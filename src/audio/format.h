/*
 * format.h - what the audio files are: container and codec, rate,
 * channels, bits, loudness target, and what mastering measured.
 *
 * Plain data and checks, no audio library: the session's settings fill a
 * boyin_format from the config (codecs and presets are the tables in
 * format.c), boyin_format_check refuses combinations that would give a
 * wrong file, the bulletin and stream sinks write it (audiofile.h), and the
 * manifest records it with the boyin_master_report they fill at finish.
 */
#ifndef BOYIN_FORMAT_H
#define BOYIN_FORMAT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    BOYIN_FMT_WAV = 0, /* RIFF WAVE, PCM */
    BOYIN_FMT_FLAC,
    BOYIN_FMT_VORBIS,  /* Ogg Vorbis, .ogg */
    BOYIN_FMT_OPUS,    /* Ogg Opus, .opus, 48 kHz */
    BOYIN_FMT_MP3,     /* MPEG-1/2 Layer III */
    BOYIN_FMT_RAW      /* headerless PCM, little-endian (-w only: .raw, .pcm) */
} boyin_codec;

typedef struct {
    boyin_codec codec;
    int rate;          /* output sample rate in Hz */
    int channels;      /* 1 (mono, default) or 2 (the same speech on both) */
    int bits;          /* 16 or 24 for WAV and FLAC */
    int bitrate;       /* kbit/s for MP3, Opus and Vorbis (0: the codec's default) */
    int vbr;           /* MP3: variable bitrate (default: constant) */
    int normalize;     /* apply gain to reach `loudness` */
    double loudness;   /* target integrated loudness, LUFS */
    double true_peak;  /* ceiling for the true peak, dBTP */
    const char *preset; /* "broadcast", "podcast", "none" or "custom" */
} boyin_format;

/* Who and what the bulletin is, for the files' tags and chunks (UTF-8).
 * Empty fields get defaults: title from the first chunk read (the first
 * item's headline), originator "boyin". */
typedef struct {
    char title[512];
    char artist[256];
    char album[256];
    char station[64];   /* bext originator, cart client */
    char comment[512];
    char category[64];  /* cart category (default NEWS) */
    char date[11];      /* YYYY-MM-DD (origination) */
    char time[9];       /* HH:MM:SS */
    char track[16];     /* "3/46" for a segment file; empty for the bulletin */
} boyin_meta;

/* Sound around and under the speech: any file libsndfile reads, mixed to
 * mono (a stereo file stays stereo in a stereo bulletin), resampled to the
 * output rate, and each brought to the loudness target (or, without one,
 * to the voice's usual loudness).  Empty paths: none.  Filled by the
 * session's settings, measured once (assembly.h). */
typedef struct {
    char intro[4096], outro[4096], bed[4096];
    double duck_db;          /* the bed under speech: this much below the target (default 15) */
    uint64_t intro_frames;   /* at the output rate (boyin_sound_frames), for the manifest */
    uint64_t outro_frames;
    double intro_lufs, outro_lufs, bed_lufs; /* each as the bulletin carries it (-HUGE_VAL: silent) */
    int stereo;              /* one of them is carried in stereo */
} boyin_assembly;

/* A chapter of the bulletin: frames at the output rate; `item` its item's
 * index in the caller's list, or -1 for the intro and outro, whose `name`
 * is 片头 or 片尾. */
typedef struct {
    uint64_t start, end;
    long item;
    const char *name;
} boyin_chapter_span;

/* The bulletin's chapters, shared by chapters.json and the MP3's ID3 tag,
 * from the positions the timeline gave (output frames in the bulletin):
 * 片头 for the intro (intro_frames long), one per item from the start of
 * its first chunk (item_starts), 片尾 for the outro (outro_frames long,
 * from speech_end); each ends where the next begins; the last item ends
 * with the speech.  `out` holds nitems + 2; returns how many. */
size_t boyin_chapters_layout(uint64_t intro_frames, const uint64_t *item_starts, size_t nitems, uint64_t speech_end,
                             uint64_t outro_frames, boyin_chapter_span *out);

/* What mastering did and measured on the written bulletin. */
typedef struct {
    int done;          /* filled in (a bulletin or stream sink finished) */
    double integrated; /* LUFS, as written */
    double range;      /* LU */
    double true_peak;  /* dBTP */
    double max_momentary, max_short_term; /* LUFS; -HUGE_VAL when unknown (shorter than 400 ms / 3 s) */
    double gain_db;    /* gain applied before the limiter */
    double source_integrated; /* LUFS of the engine's output */
    uint64_t limited;  /* frames the limiter turned down */
    int missed;        /* the target or the ceiling was not reached (more than 0.5 LU off, or over) */
    uint64_t frames;   /* frames in the bulletin */
} boyin_master_report;

/* Copy UTF-8 src into dst of `cap` bytes (NUL included), cut at a
 * character boundary so no character is split. */
void boyin_utf8_copy(char *dst, size_t cap, const char *src);

/* Defaults: WAV, 16-bit, mono, the engine's rate, preset none. */
void boyin_format_init(boyin_format *f, int engine_rate);

/* "wav", "flac", "ogg", "opus", "mp3" (also by file extension, any case);
 * 0 on success, -1 for an unknown name. */
int boyin_codec_parse(const char *name, boyin_codec *out);
/* The file extension (no dot) and the name used in the manifest. */
const char *boyin_codec_ext(boyin_codec c);

/* Apply a preset (set the codec first): "broadcast" (-23 LUFS, -1 dBTP,
 * 48000 Hz), "podcast" (-16 LUFS, -1 dBTP, 44100 Hz) or "none" (no gain,
 * the rate unchanged); Opus keeps 48000 Hz.  -1 for an unknown name. */
int boyin_format_preset(boyin_format *f, const char *name);

/* 0 when the combination makes a correct file, else -1 with a one-line
 * message in err (Opus at 22050 Hz, 24-bit MP3, ...). */
int boyin_format_check(const boyin_format *f, char *err, size_t errlen);

#endif
