/*
 * voice.h - boyin voices: small text files in <data>/voices/NAME.voice.
 *
 * A voice names the eSpeak-NG voice it is built on and the news-reading
 * settings on top (rate, pitch, pauses).  Format: one `key value` per line,
 * `#` starts a comment.  Keys: description, espeak (required), rate, pitch,
 * range, volume, clause_pause, sentence_pause, paragraph_pause, english (the
 * eSpeak-NG voice for Latin text, default en-us), english_rate, pinyin (1:
 * boyin works out the Mandarin reading and hands the engine toned pinyin;
 * 0: the engine reads the characters; default 1 for cmn-latn-pinyin),
 * loudness (the integrated loudness the engine usually gives with these
 * settings, LUFS, measured by bench/run: streamed output (-w -) takes its
 * gain from it), neutral_tones (formal: only particles, suffixes and the
 * words of neutral-tones.tsv keep the neutral tone, the default;
 * dictionary: every neutral tone of the word list).
 */
#ifndef BOYIN_VOICE_H
#define BOYIN_VOICE_H

#include <stddef.h>

typedef struct {
    char name[64];
    char espeak[64];        /* eSpeak-NG voice name */
    char english[64];       /* eSpeak-NG voice for Latin text (default en-us) */
    char description[160];
    int rate, pitch, range, volume;                            /* -1: engine default */
    int english_rate;                                          /* -1: as rate */
    int pinyin;                                                /* -1: by the engine voice */
    int dictionary_tones;  /* neutral_tones dictionary: 1; formal (default): 0 */
    double loudness;       /* the engine's usual integrated loudness, LUFS (for -w -); 0: unknown */
    int clause_pause_ms, sentence_pause_ms, paragraph_pause_ms; /* -1: boyin default */
} boyin_voice;

/*
 * Find boyin's data folder (the one holding voices/): $BOYIN_DATA_DIR, then
 * ../share/boyin beside the running executable, then beside libboyin (so a
 * program anywhere finds an installed prefix wherever it was installed),
 * then the install prefix compiled in, then the source tree compiled in.  Writes it to out and
 * returns BOYIN_OK, or BOYIN_EDATA when none exists.
 */
int boyin_data_dir_find(char *out, size_t outlen);

/* A voice with every setting at its default and `espeak` as the engine voice. */
void boyin_voice_from_espeak(boyin_voice *v, const char *espeak_name);

/*
 * Load NAME from <data_dir>/voices/NAME.voice.  BOYIN_EVOICE when there is
 * no such file; BOYIN_EDATA when it is malformed, with "file:line: what" in
 * err.
 */
int boyin_voice_load(const char *data_dir, const char *name, boyin_voice *v, char *err, size_t errlen);

/* Whether Mandarin runs go to the engine as toned pinyin (pronounce.h). */
int boyin_voice_reads_pinyin(const boyin_voice *v);

/* Names of the boyin voices in data_dir, sorted, one string joined by ", "
 * (caller frees); NULL when out of memory. */
char *boyin_voice_list(const char *data_dir);

#endif
