/* settings.c - boyin's defaults and policy, applied to a session's config. */
#include "settings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assembly.h"
#include "audiofile.h"

#define DEFAULT_DUCK_DB 15.0
#define DEFAULT_CATEGORY "NEWS"

static int fail(char *err, size_t errlen, int st, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return st;
}

/* What each print mode says when it is combined with audio outputs. */
static const char *const PRINT_ALONE[] = {
    [BOYIN_PRINT_PLAN] = "--dry-run writes no files and plays nothing; drop -o/-w/--play or --dry-run",
    [BOYIN_PRINT_PHONEMES] = "-x prints phonemes instead of audio; drop -x, or use it with --dry-run",
    [BOYIN_PRINT_PINYIN] = "--pinyin prints pinyin instead of audio or a plan; use it on its own",
};

static int valid_date(const char *d)
{
    int y, m, day;
    char tail;
    return strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 && d[4] == '-' && d[7] == '-' &&
           y >= 1900 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

int boyin_settings_outputs(const boyin_session_config *cfg, boyin_settings *st, char *err, size_t errlen)
{
    const char *out = cfg->output_file;
    st->stream = out && strcmp(out, "-") == 0;
    st->files = cfg->output_dir || (out && !st->stream);
    if (cfg->print < BOYIN_PRINT_NONE || cfg->print > BOYIN_PRINT_PINYIN)
        return fail(err, errlen, BOYIN_EINVAL, "print: %d is not a boyin_print", (int)cfg->print);
    if (cfg->print && (cfg->output_dir || out || cfg->play || cfg->on_audio)) /* printing is instead of audio */
        return fail(err, errlen, BOYIN_EINVAL, "%s", PRINT_ALONE[cfg->print]);
    if (cfg->output_dir && out)
        return fail(err, errlen, BOYIN_EINVAL, "-w writes the bulletin alone and -o a folder of files; use one of them");
    st->audio = !cfg->print && (st->files || st->stream || cfg->play || cfg->on_audio);
    /* What shapes the sound goes with every audio output; what shapes a
     * file, with files and streams. */
    if (!(st->files || st->stream) && (cfg->format || cfg->bits || cfg->bitrate || cfg->vbr || cfg->title ||
                                       cfg->artist || cfg->album || cfg->station || cfg->comment || cfg->category ||
                                       cfg->date))
        return fail(err, errlen, BOYIN_EINVAL,
                    "--format, --bits, --bitrate, --vbr and the tags are for files; add -o DIR or -w FILE");
    if (!st->audio && (cfg->preset || cfg->sample_rate || cfg->channels || !isnan(cfg->loudness) ||
                       !isnan(cfg->true_peak) || cfg->intro || cfg->outro || cfg->bed || !isnan(cfg->duck_db)))
        return fail(err, errlen, BOYIN_EINVAL, "--preset, --sample-rate, --channels, --loudness, --true-peak, --intro, "
                    "--outro, --bed and --duck shape the audio; there is none with --dry-run, -x or --pinyin");
    if (!isnan(cfg->duck_db) && !cfg->bed)
        return fail(err, errlen, BOYIN_EINVAL, "--duck sets how far the bed goes down; add --bed FILE");
    if (cfg->date && !valid_date(cfg->date))
        return fail(err, errlen, BOYIN_EINVAL, "--date %s: write the date as YYYY-MM-DD", cfg->date);
    if (cfg->max_chars < 8)
        return fail(err, errlen, BOYIN_EINVAL, "--max-chars %u: give at least 8", cfg->max_chars);
    /* Files are staged in the folder they go to: -w's own folder. */
    if (cfg->output_dir)
        snprintf(st->folder, sizeof st->folder, "%s", cfg->output_dir);
    if (out && !st->stream) {
        snprintf(st->folder, sizeof st->folder, "%s", out);
        char *slash = strrchr(st->folder, '/');
        snprintf(st->file_name, sizeof st->file_name, "%s", slash ? slash + 1 : st->folder);
        if (slash == st->folder)
            st->folder[1] = '\0';
        else if (slash)
            *slash = '\0';
        else
            snprintf(st->folder, sizeof st->folder, ".");
        if (!st->file_name[0] || strcmp(st->file_name, ".") == 0 || strcmp(st->file_name, "..") == 0)
            return fail(err, errlen, BOYIN_EINVAL, "-w %s: give a file name", out);
    }
    return BOYIN_OK;
}

/* An option when set (>= 0), else the voice's setting when it has one, else the default. */
static unsigned pick(int option, int voice, unsigned dflt)
{
    return option >= 0 ? (unsigned)option : voice >= 0 ? (unsigned)voice : dflt;
}

/* The voice st->voice (named `name`) into e's two slots. */
static int engine_slots(const boyin_session_config *cfg, boyin_engine *e, const char *name, boyin_settings *st,
                        char *err, size_t errlen)
{
    const boyin_voice *v = &st->voice;
    int rate = cfg->rate >= 0 ? cfg->rate : v->rate;
    int pitch = cfg->pitch >= 0 ? cfg->pitch : v->pitch;
    int volume = cfg->volume >= 0 ? cfg->volume : v->volume;
    int r = boyin_engine_set_voice(e, BOYIN_SLOT_ENGLISH, v->english, v->english_rate >= 0 ? v->english_rate : rate,
                                   pitch, v->range, volume);
    if (r == BOYIN_EVOICE)
        return fail(err, errlen, BOYIN_EDATA, "voice '%s' asks for English voice '%s', which eSpeak-NG does not have",
                    name, v->english);
    if (r == BOYIN_OK)
        r = boyin_engine_set_voice(e, BOYIN_SLOT_MAIN, v->espeak, rate, pitch, v->range, volume);
    if (r == BOYIN_EVOICE) {
        char *mine = boyin_voice_list(st->datadir), *theirs = boyin_engine_voice_list(e);
        fail(err, errlen, r, "no voice named '%s' (voice file %s); boyin voices: %s; eSpeak-NG voices: %s", name,
             v->espeak, mine ? mine : "?", theirs ? theirs : "?");
        free(mine);
        free(theirs);
        return r;
    }
    if (r)
        return fail(err, errlen, BOYIN_EINVAL, "voice '%s': settings out of range", name);
    return BOYIN_OK;
}

int boyin_settings_voice(const boyin_session_config *cfg, boyin_engine *e, boyin_settings *st, char *err,
                         size_t errlen)
{
    const char *name = cfg->voice ? cfg->voice : "news";
    int r = boyin_voice_load(st->datadir, name, &st->voice, err, errlen);
    if (r == BOYIN_EDATA)
        return r;
    st->voice_file = r == BOYIN_OK;
    if (r == BOYIN_EVOICE) /* not a boyin voice: an eSpeak-NG voice with its defaults */
        boyin_voice_from_espeak(&st->voice, name);
    if (e && (r = engine_slots(cfg, e, name, st, err, errlen)))
        return r;
    const boyin_voice *v = &st->voice;
    boyin_split_config_init(&st->split);
    st->split.max_chars = cfg->max_chars;
    st->split.join_lines = cfg->join_lines;
    st->split.clause_pause_ms = pick(cfg->clause_pause_ms, v->clause_pause_ms, st->split.clause_pause_ms);
    st->split.sentence_pause_ms = pick(cfg->sentence_pause_ms, v->sentence_pause_ms, st->split.sentence_pause_ms);
    st->split.paragraph_pause_ms = pick(cfg->paragraph_pause_ms, v->paragraph_pause_ms, st->split.paragraph_pause_ms);
    boyin_normalize_config_init(&st->normalize);
    st->normalize.yao = cfg->yao;
    st->normalize.below_zero = cfg->below_zero;
    st->normalize.read_all = cfg->read_all;
    st->normalize.liang = cfg->liang;
    return BOYIN_OK;
}

/* The codec from the file's extension and the format setting. */
static int pick_codec(const boyin_session_config *cfg, const boyin_settings *st, boyin_codec *codec, char *err,
                      size_t errlen)
{
    int have = 0;
    *codec = BOYIN_FMT_WAV;
    if (st->files && cfg->output_file) {
        const char *dot = strrchr(st->file_name, '.');
        if (dot && boyin_codec_parse(dot + 1, codec) == 0)
            have = 1;
        else if (!cfg->format)
            return fail(err, errlen, BOYIN_EINVAL,
                        "-w %s: name the file .wav, .flac, .ogg, .opus, .mp3 or .raw, or give --format",
                        cfg->output_file);
    }
    if (cfg->format) {
        boyin_codec c;
        if (boyin_codec_parse(cfg->format, &c))
            return fail(err, errlen, BOYIN_EINVAL, "--format %s: use wav, flac, ogg, opus, mp3 or raw", cfg->format);
        if (have && c != *codec)
            return fail(err, errlen, BOYIN_EINVAL, "--format %s does not match the extension of %s", cfg->format,
                        cfg->output_file);
        *codec = c;
    }
    if (*codec == BOYIN_FMT_RAW && cfg->output_dir)
        return fail(err, errlen, BOYIN_EINVAL,
                    "raw PCM has no header to say what it is; use it with -w FILE or -w -, not -o");
    return BOYIN_OK;
}

static void pick_meta(const boyin_session_config *cfg, boyin_meta *mt)
{
    memset(mt, 0, sizeof *mt);
    boyin_utf8_copy(mt->title, sizeof mt->title, cfg->title ? cfg->title : "");
    boyin_utf8_copy(mt->artist, sizeof mt->artist, cfg->artist ? cfg->artist : "");
    boyin_utf8_copy(mt->album, sizeof mt->album, cfg->album ? cfg->album : "");
    boyin_utf8_copy(mt->station, sizeof mt->station, cfg->station ? cfg->station : "");
    boyin_utf8_copy(mt->comment, sizeof mt->comment, cfg->comment ? cfg->comment : "");
    boyin_utf8_copy(mt->category, sizeof mt->category, cfg->category ? cfg->category : DEFAULT_CATEGORY);
    if (cfg->date) { /* a fixed date: the same file every run */
        snprintf(mt->date, sizeof mt->date, "%s", cfg->date);
        snprintf(mt->time, sizeof mt->time, "00:00:00");
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(mt->date, sizeof mt->date, "%Y-%m-%d", &tm);
    strftime(mt->time, sizeof mt->time, "%H:%M:%S", &tm);
}

/* The intro, outro and bed: readable, their lengths, and their loudness
 * as a bulletin of `channels` carries them (measured once, here). */
static int pick_assembly(const boyin_session_config *cfg, int rate, int channels, boyin_assembly *as, char *err,
                         size_t errlen)
{
    memset(as, 0, sizeof *as);
    as->duck_db = isnan(cfg->duck_db) ? DEFAULT_DUCK_DB : cfg->duck_db;
    const char *el[] = {cfg->intro, cfg->outro, cfg->bed};
    char *dst[] = {as->intro, as->outro, as->bed};
    uint64_t *len[] = {&as->intro_frames, &as->outro_frames, NULL};
    double *lufs[] = {&as->intro_lufs, &as->outro_lufs, &as->bed_lufs};
    for (int i = 0; i < 3; i++) {
        if (!el[i])
            continue;
        uint64_t frames;
        if (strlen(el[i]) >= sizeof as->intro || boyin_sound_frames(el[i], rate, &frames))
            return fail(err, errlen, BOYIN_EINPUT, "%s: cannot read it as sound; give a WAV, FLAC, Ogg or MP3 file",
                        el[i]);
        snprintf(dst[i], sizeof as->intro, "%s", el[i]);
        if (len[i])
            *len[i] = frames;
        int r = boyin_element_loudness(el[i], channels, lufs[i], &as->stereo, err, errlen);
        if (r)
            return r;
    }
    return BOYIN_OK;
}

int boyin_settings_audio(const boyin_session_config *cfg, int engine_rate, boyin_settings *st, char *err,
                         size_t errlen)
{
    boyin_format *f = &st->format;
    boyin_format_init(f, engine_rate);
    int r = pick_codec(cfg, st, &f->codec, err, errlen);
    if (r)
        return r;
    if (f->codec == BOYIN_FMT_OPUS)
        f->rate = 48000;
    if (cfg->preset && boyin_format_preset(f, cfg->preset))
        return fail(err, errlen, BOYIN_EINVAL, "--preset %s: use broadcast, podcast or none", cfg->preset);
    if (cfg->sample_rate)
        f->rate = cfg->sample_rate;
    if (cfg->bits)
        f->bits = cfg->bits;
    if (cfg->channels)
        f->channels = cfg->channels;
    f->bitrate = cfg->bitrate;
    f->vbr = cfg->vbr;
    if (!isnan(cfg->loudness)) {
        f->normalize = 1;
        f->loudness = cfg->loudness;
        f->preset = "custom";
    }
    if (!isnan(cfg->true_peak)) {
        if (!f->normalize)
            return fail(err, errlen, BOYIN_EINVAL, "--true-peak is the ceiling for a loudness target; add --loudness "
                        "or --preset broadcast|podcast");
        f->true_peak = cfg->true_peak;
    }
    pick_meta(cfg, &st->meta);
    if ((r = pick_assembly(cfg, f->rate, f->channels, &st->assembly, err, errlen)))
        return r;
    if ((st->stream || cfg->play || cfg->on_audio) && f->normalize && !(st->voice.loudness < 0))
        return fail(err, errlen, BOYIN_EINVAL, "%s with a loudness target needs the voice's 'loudness' setting (its "
                    "gain is set before anything can be measured); use -w FILE",
                    st->stream ? "-w -" : cfg->play ? "--play" : "the audio callback");
    if (f->bitrate && f->codec == BOYIN_FMT_VORBIS)
        return fail(err, errlen, BOYIN_EINVAL, "--bitrate: Ogg Vorbis is set by quality, not bit rate; use mp3 or opus");
    if (boyin_format_check(f, err, errlen))
        return BOYIN_EINVAL;
    return BOYIN_OK;
}
