/*
 * boyin.h - read Chinese news articles aloud: the public API of libboyin.
 *
 * A session takes the text of one or more articles (items) as it arrives
 * and runs it through boyin's stages: split into sentence-sized chunks,
 * normalize what a newsreader says aloud, work out the toned pinyin,
 * synthesize with eSpeak-NG, master, and hand the result to the outputs its
 * config asks for: live playback, an output folder (segments, bulletin,
 * subtitles, chapters, manifest), one bulletin file or stream, a printed
 * plan, or the program's own callback.
 *
 *     boyin_session_config cfg = boyin_session_config_init();
 *     cfg.output_dir = "out";
 *     boyin_session *s;
 *     int st = boyin_session_create(&cfg, &s);
 *     if (st == BOYIN_OK) st = boyin_session_push(s, text, strlen(text));
 *     if (st == BOYIN_OK) st = boyin_session_finish(s);
 *     if (st != BOYIN_OK) fprintf(stderr, "%s\n", boyin_session_error(s));
 *     boyin_session_destroy(s);
 *
 * Fallible functions return a boyin_status (0 or a negative code).  The
 * library never prints and never exits; the one-line message of the last
 * failure is boyin_session_error().  Messages name settings by the option
 * of the boyin(1) program that sets them (--preset, --format, ...).
 *
 * eSpeak-NG keeps global state: one session at a time in a process.
 */
#ifndef BOYIN_H
#define BOYIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BOYIN_VERSION "0.1.0"

typedef enum {
    BOYIN_OK = 0,
    BOYIN_NEED_MORE = 1,      /* streaming: nothing ready yet, push more input */
    BOYIN_ENOMEM = -1,        /* out of memory */
    BOYIN_EINVAL = -2,        /* bad argument or option value */
    BOYIN_EUTF8 = -3,         /* input is not valid UTF-8 */
    BOYIN_EBINARY = -4,       /* input holds a NUL or other binary control byte */
    BOYIN_EINPUT = -5,        /* input file missing, unreadable or empty */
    BOYIN_EOUTPUT = -6,       /* an output file or folder could not be written */
    BOYIN_EVOICE = -7,        /* no such voice */
    BOYIN_EDATA = -8,         /* a data file (voice) is malformed or missing */
    BOYIN_EENGINE = -9,       /* the speech engine failed */
    BOYIN_EDEVICE = -10,      /* no usable audio output device */
    BOYIN_EINTERRUPTED = -11, /* stopped by a signal (Ctrl-C) */
    BOYIN_ESTOPPED = -12      /* the audio callback asked to stop */
} boyin_status;

/* A short English description of a status code; never NULL, static storage. */
const char *boyin_strerror(int status);

/* One chunk of the bulletin as the audio callback sees it. */
typedef struct {
    unsigned index, item, paragraph; /* 1-based: chunk in the bulletin, input item, paragraph in it */
    const char *text, *spoken;       /* the original text and what was spoken; valid during the call */
    double start;                    /* seconds from the start of the bulletin (intro included) */
    unsigned pause_after_ms;         /* the silence after it in the bulletin (not sent) */
} boyin_segment_info;

/* Each segment's audio, in order: 16-bit, at the session's output rate and
 * channels (interleaved), mastered as -w - would stream it.  Pauses are not
 * sent.  Return non-zero to stop the session (it then fails with
 * BOYIN_ESTOPPED). */
typedef int (*boyin_audio_cb)(void *user, const boyin_segment_info *seg, const int16_t *pcm, size_t frames);

/* What to print instead of audio (to print_to). */
typedef enum {
    BOYIN_PRINT_NONE = 0,
    BOYIN_PRINT_PLAN,     /* the chunk plan as JSON Lines (--dry-run) */
    BOYIN_PRINT_PHONEMES, /* eSpeak-NG's phoneme mnemonics, a line a chunk (-x) */
    BOYIN_PRINT_PINYIN    /* the toned pinyin given to the engine, a line a chunk (--pinyin) */
} boyin_print;

/*
 * A session's settings.  Start from boyin_session_config_init() and change
 * what you need: fields added in later versions get defaults there.
 * Strings are borrowed: they must stay valid until boyin_session_create
 * returns.  "Unset" numbers (-1, or NaN for the doubles) take the voice's
 * or the preset's value.
 */
typedef struct {
    /* Voice and reading */
    const char *voice;          /* a voice in voices/ or an eSpeak-NG voice; default "news" */
    const char *data_dir;       /* the folder holding voices/; NULL: found (BOYIN_DATA_DIR, install, source) */
    int rate, pitch, volume;    /* eSpeak-NG words per minute 80-600, pitch 0-100, volume 0-200; -1 */
    const char *const *lexicons; /* user lexicon files, later ones win */
    size_t nlexicons;

    /* Text */
    unsigned max_chars;         /* longest chunk in characters (default 60, at least 8) */
    int join_lines;             /* a single line break is a space (hard-wrapped text) */
    int clause_pause_ms, sentence_pause_ms, paragraph_pause_ms; /* -1: the voice's */
    unsigned item_pause_ms;     /* pause between items, at least the paragraph pause; 0: that */
    int yao;                    /* read 1 as 幺 in phone numbers and codes (default 1) */
    int below_zero;             /* -10℃ is 零下十摄氏度 (default 1), else 负十 */
    int read_all;               /* also read bylines and credits */
    int liang;                  /* 两 where a newsreader says it (default 1) */

    /* Outputs (any combination; with none, nothing but the callback) */
    int play;                   /* speak live through the audio device */
    const char *device;         /* NULL: the default output device */
    const char *output_dir;     /* segments, bulletin, subtitles, chapters and manifest, in this folder */
    const char *output_file;    /* the bulletin alone; "-": streamed to output_fd */
    int output_fd;              /* for output_file "-" (default 1, standard output) */
    boyin_print print;          /* print instead of audio */
    int print_phonemes;         /* with BOYIN_PRINT_PLAN: a phonemes field in each line */
    FILE *print_to;             /* NULL: stdout */
    boyin_audio_cb on_audio;    /* each segment's audio (see boyin_audio_cb) */
    void *user;                 /* passed to on_audio */

    /* Audio (files, the stream, playback and the callback) */
    const char *preset;         /* "broadcast", "podcast" or "none" (default) */
    const char *format;         /* wav, flac, ogg, opus, mp3, raw; NULL: from output_file's extension, else wav */
    int sample_rate;            /* 0: the preset's, else the engine's (22050) */
    int channels, bits, bitrate, vbr; /* 0: the format's default */
    double loudness;            /* LUFS target; NaN: the preset's (none: no gain) */
    double true_peak;           /* dBTP ceiling; NaN: the preset's (-1) */

    /* Tags (UTF-8; NULL: default) */
    const char *title, *artist, *album, *station, *comment, *category;
    const char *date;           /* YYYY-MM-DD; NULL: today (and the time now) */

    /* Assembly (sound files any format libsndfile reads) */
    const char *intro, *outro, *bed;
    double duck_db;             /* how far the bed goes down under speech; NaN: 15 */

    volatile sig_atomic_t *interrupt; /* when *interrupt becomes non-zero, stop at once (signals) */

    /* Speed */
    int jobs;                   /* synthesis worker processes; 0: one per core.  The
                                   session forks them at create, before it starts any
                                   thread; the audio is the same for every number */
} boyin_session_config;

typedef struct boyin_session boyin_session;

/* The defaults: the news voice, no outputs. */
boyin_session_config boyin_session_config_init(void);

/*
 * Check the config, load the voice and data, start the engine and open the
 * outputs.  *out is owned by the caller (boyin_session_destroy).  On
 * failure (other than BOYIN_ENOMEM before anything exists) *out is a failed
 * session: boyin_session_error() says what is wrong, every other call
 * returns the same status, and it must still be destroyed.
 */
int boyin_session_create(const boyin_session_config *cfg, boyin_session **out);

/* Start the next input item (an article); `name` (copied; may be NULL) is
 * how messages call it.  Optional for a single item. */
int boyin_session_begin_item(boyin_session *s, const char *name);

/* Take the item's next bytes of UTF-8 text as they arrive; chunks are
 * spoken or written as soon as they are complete.  BOYIN_EUTF8,
 * BOYIN_EBINARY with the byte offset in the message. */
int boyin_session_push(boyin_session *s, const char *utf8, size_t len);

/* Check bytes of the item without reading them (a first pass over a file,
 * so a bad byte late in it is reported before anything is spoken or
 * written); len 0 ends the check.  Same errors as push. */
int boyin_session_check(boyin_session *s, const char *utf8, size_t len);

/* End the input: flush, close and commit every output (files appear under
 * their final names only now, complete). */
int boyin_session_finish(boyin_session *s);

/* Free everything; outputs not finished are discarded.  NULL is allowed. */
void boyin_session_destroy(boyin_session *s);

/* The one-line message of the last failure ("" when none). */
const char *boyin_session_error(const boyin_session *s);

/* What a finished session did (valid until destroy). */
typedef struct {
    unsigned segments;          /* chunks read on air */
    double speech_seconds;      /* speech and pauses */
    double seconds;             /* the bulletin's running time (intro and outro included) */
    int measured;               /* the loudness below was measured on the bulletin */
    double integrated, true_peak; /* LUFS, dBTP */
    int missed;                 /* the loudness target or ceiling was not reached */
    double target, ceiling;     /* what was asked */
    const char *output;         /* the folder or file written ("" when none) */
    const char *files;          /* what was written there, e.g. "0001.wav-0012.wav, bulletin.wav, manifest.json" */
} boyin_session_summary;

const boyin_session_summary *boyin_session_result(const boyin_session *s);

/* Print the audio output devices, one a line, to f. */
int boyin_list_devices(FILE *f, char *err, size_t errlen);

/* The voices boyin has and eSpeak-NG's, each joined by ", "; malloc'd,
 * owned by the caller; BOYIN_EDATA when boyin's data folder is not found. */
int boyin_list_voices(const char *data_dir, char **mine, char **engine);

#ifdef __cplusplus
}
#endif

#endif
