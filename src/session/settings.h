/*
 * settings.h - a session's config resolved into what the stages use: the
 * voice (boyin voice file over eSpeak-NG's defaults, options over both),
 * the splitter's pauses, the normalizer's conventions, the audio format
 * (codec from the file name, preset, rate, loudness), the tags and the
 * intro, outro and bed.
 *
 * This is where boyin's defaults and policy live; the tables behind them
 * are in format.c (codecs, presets) and the voice files.  Each function
 * returns BOYIN_OK or a status with a one-line message in err that names
 * the boyin(1) option to change.
 */
#ifndef BOYIN_SETTINGS_H
#define BOYIN_SETTINGS_H

#include <limits.h>
#include <stddef.h>

#include "boyin.h"
#include "engine.h"
#include "format.h"
#include "normalize.h"
#include "split.h"
#include "voice.h"

typedef struct {
    char datadir[PATH_MAX];
    boyin_voice voice;
    int voice_file;      /* the voice is a boyin voice file (else eSpeak-NG's own, with its defaults) */
    boyin_split_config split;
    boyin_normalize_config normalize;
    int audio;           /* something takes audio: files, the stream, playback or the callback */
    int files;           /* output_dir or output_file */
    int stream;          /* output_file "-" */
    char folder[PATH_MAX]; /* where files go (output_dir, or output_file's folder) */
    char file_name[PATH_MAX]; /* output_file: its name in the folder */
    boyin_format format;
    boyin_meta meta;
    boyin_assembly assembly;
} boyin_settings;

/* Outputs that do not go together, and options that need an output. */
int boyin_settings_outputs(const boyin_session_config *cfg, boyin_settings *st, char *err, size_t errlen);

/* The voice into the engine's two slots; pauses and conventions for the
 * text stages.  BOYIN_EVOICE (unknown voice, with the voices there are),
 * BOYIN_EDATA (a malformed voice file, or an English voice eSpeak-NG lacks),
 * BOYIN_EINVAL (settings out of range).  With no engine (e NULL): the voice
 * file alone, and voice_file says whether there was one (a voice that is
 * not boyin's is eSpeak-NG's, and only an engine can check it); the same
 * call with an engine then puts it in the slots. */
int boyin_settings_voice(const boyin_session_config *cfg, boyin_engine *e, boyin_settings *st, char *err,
                         size_t errlen);

/* The format, tags and assembly for audio at `engine_rate`.  BOYIN_EINVAL
 * for a wrong combination, BOYIN_EINPUT for an intro, outro or bed that
 * cannot be read. */
int boyin_settings_audio(const boyin_session_config *cfg, int engine_rate, boyin_settings *st, char *err,
                         size_t errlen);

#endif
