/*
 * boyin - read Chinese news articles aloud: live, or as bulletin files.
 *
 * The CLI owns everything the library does not: options, input files,
 * signals, the one-line messages and the exit codes (see usage()).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "boyin.h"
#include "engine.h"
#include "format.h"
#include "normalize.h"
#include "outdir.h"
#include "pipeline.h"
#include "pronounce.h"
#include "sink_files.h"
#include "sink_manifest.h"
#include "sink_play.h"
#include "split.h"
#include "voice.h"

enum exit_code {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_OUTPUT = 4,
    EXIT_DEVICE = 5,
    EXIT_DATA = 6,
    EXIT_SIGINT = 130,
    EXIT_SIGTERM = 143
};

static volatile sig_atomic_t g_signal;
static int g_quiet;

static void on_signal(int sig)
{
    g_signal = sig;
}

static int fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("boyin: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code;
}

static int exit_for(int st)
{
    switch (st) {
    case BOYIN_OK: return EXIT_OK;
    case BOYIN_EINVAL: case BOYIN_EVOICE: return EXIT_USAGE;
    case BOYIN_EUTF8: case BOYIN_EBINARY: case BOYIN_EINPUT: return EXIT_INPUT;
    case BOYIN_EOUTPUT: return EXIT_OUTPUT;
    case BOYIN_EDEVICE: return EXIT_DEVICE;
    case BOYIN_EDATA: return EXIT_DATA;
    case BOYIN_EINTERRUPTED: return g_signal == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
    default: return EXIT_INTERNAL;
    }
}

static void usage(FILE *f)
{
    fputs("usage: boyin [OPTIONS] [FILE...]\n"
          "Read Chinese news articles aloud with eSpeak-NG: live through the sound card,\n"
          "or as numbered segments plus a full bulletin, mastered.  FILEs (UTF-8) make one\n"
          "bulletin, one item per file; no FILE or '-' reads standard input.\n"
          "\n"
          "Output (default --play):\n"
          "      --play               speak live through the audio device\n"
          "      --device NAME|INDEX  audio device for --play (see --list-devices)\n"
          "      --list-devices       list audio output devices and exit\n"
          "  -o, --output-dir DIR     write 0001.wav..., bulletin.wav, .srt, .vtt, chapters.json,\n"
          "                           manifest.json\n"
          "  -w, --output FILE        write only the bulletin, to FILE (format from its extension);\n"
          "                           -w - streams it to standard output (--format, default wav)\n"
          "      --dry-run            print the chunk plan as JSON Lines; no audio\n"
          "  -x, --phonemes           print eSpeak-NG phoneme mnemonics, one line a chunk; no audio\n"
          "      --pinyin             print the toned pinyin to be spoken, one line a chunk; no audio\n"
          "Voice:\n"
          "  -v, --voice NAME         a voice from voices/ (default news) or an eSpeak-NG voice\n"
          "      --list-voices        list voices and exit\n"
          "      --rate WPM           speaking rate (eSpeak-NG words per minute, 80-600)\n"
          "      --pitch N            base pitch 0-100\n"
          "      --volume N           volume 0-200 (100 is normal)\n"
          "Files (-o, -w):\n"
          "      --format NAME        wav (default), flac, ogg (Vorbis), opus, mp3; raw (PCM, -w only)\n"
          "      --sample-rate HZ     22050 (the engine's, default), 44100 or 48000 (Opus: 48000)\n"
          "      --bits N             16 (default) or 24, for WAV and FLAC\n"
          "      --channels N         1 (default) or 2 (the same speech on both)\n"
          "      --bitrate KBPS       MP3 bit rate (default 128; 64 at 22050 Hz), Opus (default 64)\n"
          "      --vbr                MP3 with a variable bit rate\n"
          "      --preset NAME        broadcast (-23 LUFS, -1 dBTP, 48000 Hz), podcast (-16 LUFS,\n"
          "                           -1 dBTP, 44100 Hz), none (default: the engine's level)\n"
          "      --loudness LUFS      integrated loudness to reach (-40 to -5)\n"
          "      --true-peak DBTP     ceiling for the true peak (default -1)\n"
          "      --title TEXT         title in the files' tags (default: the first headline)\n"
          "      --artist TEXT, --album TEXT, --comment TEXT   tags\n"
          "      --station NAME       originator in Broadcast WAV, client in the cart chunk\n"
          "      --category NAME      cart chunk category (default NEWS)\n"
          "      --date YYYY-MM-DD    origination date (default today)\n"
          "      --intro FILE, --outro FILE   sound before and after the speech (any format libsndfile reads)\n"
          "      --bed FILE           music under the speech, looped, ducked while speech plays\n"
          "      --duck DB            how far the bed goes down under speech (default 15)\n"
          "Text:\n"
          "      --max-chars N        longest chunk in characters (default 60)\n"
          "      --join-lines         a single line break is a space (hard-wrapped text)\n"
          "      --clause-pause MS    pause after a long sentence's clause (voice default)\n"
          "      --sentence-pause MS  pause after a sentence (voice default)\n"
          "      --paragraph-pause MS pause after a paragraph or item (voice default)\n"
          "      --item-pause MS      pause between items (input files), at least the paragraph pause\n"
          "      --no-yao             read 1 as 一, not 幺, in phone numbers and codes\n"
          "      --minus-temperature  read -10℃ as 负十摄氏度, not 零下十摄氏度\n"
          "      --read-all           also read bylines and credits (left out by default)\n"
          "      --no-liang           always 二, never 两 (2个 二个, 200 二百)\n"
          "      --lexicon FILE       words and their pinyin (重庆<TAB>chong2 qing4), read before the\n"
          "                           built-in data; repeatable, later files win\n"
          "Other:\n"
          "  -q, --quiet              print nothing but errors\n"
          "  -h, --help               this help\n"
          "  -V, --version            version\n"
          "\n"
          "Exit status: 0 ok, 1 internal error, 2 usage error, 3 input error,\n"
          "4 output error, 5 audio device error, 6 data files missing or malformed,\n"
          "130 interrupted (Ctrl-C), 143 terminated.\n",
          f);
}

typedef struct {
    int play, dry_run, phonemes, pinyin, list_devices, list_voices;
    const char **lexicons;
    size_t nlexicons;
    const char *outdir, *outfile, *device, *voice;
    const char *format, *preset;
    long sample_rate, bits, channels, bitrate;
    double loudness, true_peak;
    int vbr, has_loudness, has_true_peak;
    const char *title, *artist, *album, *station, *comment, *category, *date;
    const char *intro, *outro, *bed;
    double duck;
    int has_duck;
    long rate, pitch, volume, max_chars, clause_pause, sentence_pause, paragraph_pause, item_pause;
    int join_lines, no_yao, minus_temperature, read_all, no_liang;
} options;

static int parse_long(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return fail(EXIT_USAGE, "%s: '%s' is not a whole number from %ld to %ld", opt, s, lo, hi);
    *out = v;
    return 0;
}

static int valid_date(const char *d)
{
    int y, m, day;
    char tail;
    return strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 && d[4] == '-' && d[7] == '-' &&
           y >= 1900 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

static int parse_double(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi))
        return fail(EXIT_USAGE, "%s: '%s' is not a number from %g to %g", opt, s, lo, hi);
    *out = v;
    return 0;
}

static int parse_options(int argc, char **argv, options *o, int *done)
{
    enum { O_PLAY = 256, O_DRY, O_LISTDEV, O_DEVICE, O_RATE, O_PITCH, O_VOLUME, O_MAXC, O_CPAUSE, O_SPAUSE,
           O_PPAUSE, O_JOIN, O_LISTV, O_NOYAO, O_MINUS, O_READALL, O_NOLIANG, O_PINYIN, O_LEXICON, O_FORMAT, O_RATEHZ, O_BITS, O_CHANNELS,
           O_BITRATE, O_VBR, O_PRESET, O_LOUD, O_TP, O_TITLE, O_ARTIST, O_ALBUM, O_STATION, O_COMMENT,
           O_CATEGORY, O_DATE, O_IPAUSE, O_INTRO, O_OUTRO, O_BED, O_DUCK };
    static const struct option longs[] = {
        {"play", no_argument, 0, O_PLAY}, {"dry-run", no_argument, 0, O_DRY},
        {"list-devices", no_argument, 0, O_LISTDEV}, {"device", required_argument, 0, O_DEVICE},
        {"output-dir", required_argument, 0, 'o'}, {"phonemes", no_argument, 0, 'x'},
        {"voice", required_argument, 0, 'v'}, {"list-voices", no_argument, 0, O_LISTV},
        {"rate", required_argument, 0, O_RATE}, {"pitch", required_argument, 0, O_PITCH},
        {"volume", required_argument, 0, O_VOLUME}, {"max-chars", required_argument, 0, O_MAXC},
        {"clause-pause", required_argument, 0, O_CPAUSE}, {"sentence-pause", required_argument, 0, O_SPAUSE},
        {"paragraph-pause", required_argument, 0, O_PPAUSE}, {"join-lines", no_argument, 0, O_JOIN},
        {"no-yao", no_argument, 0, O_NOYAO}, {"minus-temperature", no_argument, 0, O_MINUS},
        {"read-all", no_argument, 0, O_READALL}, {"no-liang", no_argument, 0, O_NOLIANG},
        {"pinyin", no_argument, 0, O_PINYIN}, {"lexicon", required_argument, 0, O_LEXICON},
        {"output", required_argument, 0, 'w'}, {"format", required_argument, 0, O_FORMAT},
        {"sample-rate", required_argument, 0, O_RATEHZ}, {"bits", required_argument, 0, O_BITS},
        {"channels", required_argument, 0, O_CHANNELS}, {"bitrate", required_argument, 0, O_BITRATE},
        {"vbr", no_argument, 0, O_VBR}, {"preset", required_argument, 0, O_PRESET},
        {"loudness", required_argument, 0, O_LOUD}, {"true-peak", required_argument, 0, O_TP},
        {"title", required_argument, 0, O_TITLE}, {"artist", required_argument, 0, O_ARTIST},
        {"album", required_argument, 0, O_ALBUM}, {"station", required_argument, 0, O_STATION},
        {"comment", required_argument, 0, O_COMMENT}, {"category", required_argument, 0, O_CATEGORY},
        {"date", required_argument, 0, O_DATE}, {"item-pause", required_argument, 0, O_IPAUSE},
        {"intro", required_argument, 0, O_INTRO}, {"outro", required_argument, 0, O_OUTRO},
        {"bed", required_argument, 0, O_BED}, {"duck", required_argument, 0, O_DUCK},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    static const char *lexicons[64];
    memset(o, 0, sizeof *o);
    o->lexicons = lexicons;
    o->rate = o->pitch = o->volume = o->clause_pause = o->sentence_pause = o->paragraph_pause = -1;
    o->max_chars = 60;
    o->voice = "news";
    opterr = 0;
    int c, r = 0;
    while (!r && (c = getopt_long(argc, argv, ":o:w:xv:qhV", longs, NULL)) != -1) {
        switch (c) {
        case O_PLAY: o->play = 1; break;
        case O_DRY: o->dry_run = 1; break;
        case O_LISTDEV: o->list_devices = 1; break;
        case O_LISTV: o->list_voices = 1; break;
        case O_DEVICE: o->device = optarg; break;
        case 'o': o->outdir = optarg; break;
        case 'w': o->outfile = optarg; break;
        case O_FORMAT: o->format = optarg; break;
        case O_RATEHZ: r = parse_long("--sample-rate", optarg, 8000, 192000, &o->sample_rate); break;
        case O_BITS: r = parse_long("--bits", optarg, 8, 32, &o->bits); break;
        case O_CHANNELS: r = parse_long("--channels", optarg, 1, 2, &o->channels); break;
        case O_BITRATE: r = parse_long("--bitrate", optarg, 8, 512, &o->bitrate); break;
        case O_VBR: o->vbr = 1; break;
        case O_PRESET: o->preset = optarg; break;
        case O_LOUD: r = parse_double("--loudness", optarg, -40, -5, &o->loudness); o->has_loudness = 1; break;
        case O_TITLE: o->title = optarg; break;
        case O_ARTIST: o->artist = optarg; break;
        case O_ALBUM: o->album = optarg; break;
        case O_STATION: o->station = optarg; break;
        case O_COMMENT: o->comment = optarg; break;
        case O_CATEGORY: o->category = optarg; break;
        case O_DATE: o->date = optarg; break;
        case O_TP: r = parse_double("--true-peak", optarg, -20, 0, &o->true_peak); o->has_true_peak = 1; break;
        case 'x': o->phonemes = 1; break;
        case 'v': o->voice = optarg; break;
        case 'q': g_quiet = 1; break;
        case O_JOIN: o->join_lines = 1; break;
        case O_NOYAO: o->no_yao = 1; break;
        case O_MINUS: o->minus_temperature = 1; break;
        case O_READALL: o->read_all = 1; break;
        case O_NOLIANG: o->no_liang = 1; break;
        case O_PINYIN: o->pinyin = 1; break;
        case O_LEXICON:
            if (o->nlexicons == 64)
                return fail(EXIT_USAGE, "--lexicon: at most 64 files; merge some");
            o->lexicons[o->nlexicons++] = optarg;
            break;
        case O_RATE: r = parse_long("--rate", optarg, 80, 600, &o->rate); break;
        case O_PITCH: r = parse_long("--pitch", optarg, 0, 100, &o->pitch); break;
        case O_VOLUME: r = parse_long("--volume", optarg, 0, 200, &o->volume); break;
        case O_MAXC: r = parse_long("--max-chars", optarg, 8, 10000, &o->max_chars); break;
        case O_CPAUSE: r = parse_long("--clause-pause", optarg, 0, 10000, &o->clause_pause); break;
        case O_SPAUSE: r = parse_long("--sentence-pause", optarg, 0, 10000, &o->sentence_pause); break;
        case O_PPAUSE: r = parse_long("--paragraph-pause", optarg, 0, 10000, &o->paragraph_pause); break;
        case O_INTRO: o->intro = optarg; break;
        case O_OUTRO: o->outro = optarg; break;
        case O_BED: o->bed = optarg; break;
        case O_DUCK: r = parse_double("--duck", optarg, 0, 60, &o->duck); o->has_duck = 1; break;
        case O_IPAUSE: r = parse_long("--item-pause", optarg, 0, 60000, &o->item_pause); break;
        case 'h': usage(stdout); *done = 1; return 0;
        case 'V': printf("boyin %s\n", BOYIN_VERSION); *done = 1; return 0;
        case ':': return fail(EXIT_USAGE, "option %s needs a value; see boyin --help", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s; see boyin --help", argv[optind - 1]);
        }
    }
    if (r)
        return r;
    if (o->dry_run && (o->outdir || o->outfile))
        return fail(EXIT_USAGE, "--dry-run writes no files; drop -o/-w or --dry-run");
    if (o->outdir && o->outfile)
        return fail(EXIT_USAGE, "-w writes the bulletin alone and -o a folder of files; use one of them");
    int files = o->outdir || o->outfile;
    if (!files && (o->format || o->sample_rate || o->bits || o->channels || o->bitrate || o->vbr || o->preset ||
                   o->has_loudness || o->has_true_peak || o->title || o->artist || o->album || o->station ||
                   o->comment || o->category || o->date || o->intro || o->outro || o->bed || o->has_duck))
        return fail(EXIT_USAGE, "--format, --sample-rate, --bits, --channels, --bitrate, --vbr, --preset, "
                    "--loudness, --true-peak, the tags, --intro, --outro and --bed are for files; add -o DIR or "
                    "-w FILE");
    if (o->has_duck && !o->bed)
        return fail(EXIT_USAGE, "--duck sets how far the bed goes down; add --bed FILE");
    if ((o->intro || o->outro || o->bed) && o->outfile && strcmp(o->outfile, "-") == 0)
        return fail(EXIT_USAGE, "--intro, --outro and --bed are for -o DIR and -w FILE, not for -w -");
    if (o->date && !valid_date(o->date))
        return fail(EXIT_USAGE, "--date %s: write the date as YYYY-MM-DD", o->date);
    if (o->pinyin && (o->dry_run || o->phonemes || o->outdir || o->outfile || o->play))
        return fail(EXIT_USAGE, "--pinyin prints pinyin instead of audio or a plan; use it on its own");
    if (o->phonemes && !o->dry_run && (o->outdir || o->outfile || o->play))
        return fail(EXIT_USAGE, "-x prints phonemes instead of audio; drop -x, or use it with --dry-run");
    if (!o->outdir && !o->outfile && !o->dry_run && !o->phonemes && !o->pinyin)
        o->play = 1;
    return 0;
}

/* Everything a run holds, freed in one place. */
typedef struct {
    options opt;
    char datadir[PATH_MAX];
    boyin_voice voice;
    boyin_engine *engine;
    boyin_splitter *splitter;
    boyin_normalizer *normalizer;
    boyin_pronouncer *pronouncer;
    boyin_outdir *outdir;
    boyin_format format;
    boyin_meta meta;
    boyin_assembly assembly;
    boyin_master_report report;
    char outname[PATH_MAX]; /* -w: the file's name inside its folder */
    boyin_pipeline pipe;
} run_state;

static void run_free(run_state *rs)
{
    for (size_t i = 0; i < rs->pipe.nsinks; i++)
        boyin_sink_destroy(rs->pipe.sinks[i]);
    boyin_outdir_destroy(rs->outdir);
    boyin_splitter_destroy(rs->splitter);
    boyin_normalizer_destroy(rs->normalizer);
    boyin_pronouncer_destroy(rs->pronouncer);
    boyin_engine_destroy(rs->engine);
}

static int setup_voice(run_state *rs)
{
    char err[600] = "";
    int st = boyin_voice_load(rs->datadir, rs->opt.voice, &rs->voice, err, sizeof err);
    if (st == BOYIN_EDATA)
        return fail(EXIT_DATA, "%s", err);
    if (st == BOYIN_EVOICE)
        boyin_voice_from_espeak(&rs->voice, rs->opt.voice);
    boyin_voice *v = &rs->voice;
    int rate = rs->opt.rate >= 0 ? (int)rs->opt.rate : v->rate;
    int pitch = rs->opt.pitch >= 0 ? (int)rs->opt.pitch : v->pitch;
    int volume = rs->opt.volume >= 0 ? (int)rs->opt.volume : v->volume;
    st = boyin_engine_set_voice(rs->engine, BOYIN_SLOT_ENGLISH, v->english,
                                v->english_rate >= 0 ? v->english_rate : rate, pitch, v->range, volume);
    if (st == BOYIN_EVOICE)
        return fail(EXIT_DATA, "voice '%s' asks for English voice '%s', which eSpeak-NG does not have",
                    rs->opt.voice, v->english);
    if (st == BOYIN_OK)
        st = boyin_engine_set_voice(rs->engine, BOYIN_SLOT_MAIN, v->espeak, rate, pitch, v->range, volume);
    if (st == BOYIN_EVOICE) {
        char *mine = boyin_voice_list(rs->datadir), *theirs = boyin_engine_voice_list(rs->engine);
        int code = fail(EXIT_USAGE, "no voice named '%s' (voice file %s); boyin voices: %s; eSpeak-NG voices: %s",
                        rs->opt.voice, v->espeak, mine ? mine : "?", theirs ? theirs : "?");
        free(mine);
        free(theirs);
        return code;
    }
    if (st)
        return fail(EXIT_USAGE, "voice '%s': settings out of range", rs->opt.voice);
    return 0;
}

/* The audio file format from the options (and -w's extension). */
static int setup_format(run_state *rs)
{
    options *o = &rs->opt;
    boyin_format *f = &rs->format;
    boyin_format_init(f, boyin_engine_sample_rate(rs->engine));
    int have_codec = 0;
    int stream = o->outfile && strcmp(o->outfile, "-") == 0;
    if (o->outfile && !stream) {
        const char *dot = strrchr(o->outfile, '.'), *slash = strrchr(o->outfile, '/');
        if (dot && (!slash || dot > slash) && boyin_codec_parse(dot + 1, &f->codec) == 0)
            have_codec = 1;
        else if (!o->format)
            return fail(EXIT_USAGE, "-w %s: name the file .wav, .flac, .ogg, .opus, .mp3 or .raw, or give --format",
                        o->outfile);
    }
    if (o->format) {
        boyin_codec c;
        if (boyin_codec_parse(o->format, &c))
            return fail(EXIT_USAGE, "--format %s: use wav, flac, ogg, opus, mp3 or raw", o->format);
        if (have_codec && c != f->codec)
            return fail(EXIT_USAGE, "--format %s does not match the extension of %s", o->format, o->outfile);
        f->codec = c;
    }
    if (f->codec == BOYIN_FMT_OPUS)
        f->rate = 48000;
    if (f->codec == BOYIN_FMT_RAW && !o->outfile)
        return fail(EXIT_USAGE, "raw PCM has no header to say what it is; use it with -w FILE or -w -, not -o");
    if (o->sample_rate)
        f->rate = (int)o->sample_rate;
    if (o->bits)
        f->bits = (int)o->bits;
    if (o->channels)
        f->channels = (int)o->channels;
    f->bitrate = (int)o->bitrate;
    f->vbr = o->vbr;
    if (o->preset && boyin_format_preset(f, o->preset))
        return fail(EXIT_USAGE, "--preset %s: use broadcast, podcast or none", o->preset);
    if (o->preset && !o->sample_rate && f->codec != BOYIN_FMT_OPUS) /* what playout and hosts expect */
        f->rate = strcmp(o->preset, "broadcast") == 0 ? 48000 : strcmp(o->preset, "podcast") == 0 ? 44100 : f->rate;
    if (o->has_loudness) {
        f->normalize = 1;
        f->loudness = o->loudness;
        f->preset = "custom";
    }
    if (o->has_true_peak)
        f->true_peak = o->true_peak;
    if (o->has_true_peak && !f->normalize)
        return fail(EXIT_USAGE, "--true-peak is the ceiling for a loudness target; add --loudness or --preset "
                    "broadcast|podcast");
    boyin_meta *mt = &rs->meta;
    memset(mt, 0, sizeof *mt);
    boyin_utf8_copy(mt->title, sizeof mt->title, o->title ? o->title : "");
    boyin_utf8_copy(mt->artist, sizeof mt->artist, o->artist ? o->artist : "");
    boyin_utf8_copy(mt->album, sizeof mt->album, o->album ? o->album : "");
    boyin_utf8_copy(mt->station, sizeof mt->station, o->station ? o->station : "");
    boyin_utf8_copy(mt->comment, sizeof mt->comment, o->comment ? o->comment : "");
    boyin_utf8_copy(mt->category, sizeof mt->category, o->category ? o->category : "NEWS");
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(mt->date, sizeof mt->date, "%Y-%m-%d", &tm);
    strftime(mt->time, sizeof mt->time, "%H:%M:%S", &tm);
    if (o->date) {
        snprintf(mt->date, sizeof mt->date, "%s", o->date);
        snprintf(mt->time, sizeof mt->time, "00:00:00");
    }
    boyin_assembly *as = &rs->assembly;
    memset(as, 0, sizeof *as);
    as->duck_db = o->has_duck ? o->duck : 15;
    const char *el[] = {o->intro, o->outro, o->bed};
    char *dst[] = {as->intro, as->outro, as->bed};
    uint64_t *len[] = {&as->intro_frames, &as->outro_frames, NULL};
    for (int i = 0; i < 3; i++) {
        if (!el[i])
            continue;
        uint64_t frames;
        if (strlen(el[i]) >= sizeof as->intro || boyin_sound_frames(el[i], f->rate, &frames))
            return fail(EXIT_INPUT, "%s: cannot read it as sound; give a WAV, FLAC, Ogg or MP3 file", el[i]);
        snprintf(dst[i], sizeof as->intro, "%s", el[i]);
        if (len[i])
            *len[i] = frames;
    }
    if (stream && f->normalize && !(rs->voice.loudness < 0))
        return fail(EXIT_USAGE, "-w - with a loudness target needs the voice's 'loudness' setting; use -w FILE");
    if (f->bitrate && f->codec == BOYIN_FMT_VORBIS)
        return fail(EXIT_USAGE, "--bitrate: Ogg Vorbis is set by quality, not bit rate; use mp3 or opus");
    char err[300];
    if (boyin_format_check(f, err, sizeof err))
        return fail(EXIT_USAGE, "%s", err);
    return 0;
}

static int setup_sinks(run_state *rs)
{
    char err[700] = "";
    int rate = boyin_engine_sample_rate(rs->engine), st;
    boyin_pipeline *p = &rs->pipe;
    if (rs->opt.play) {
        if ((st = boyin_sink_play_create(rs->opt.device, rate, &g_signal, &p->sinks[p->nsinks], err, sizeof err)))
            return fail(exit_for(st), "%s", err);
        p->nsinks++;
    }
    if (rs->opt.outfile && strcmp(rs->opt.outfile, "-") == 0) { /* -w -: stream to stdout */
        if (isatty(STDOUT_FILENO))
            return fail(EXIT_USAGE, "-w - writes audio to standard output; redirect it to a file or a pipe");
        if ((st = boyin_sink_stream_create(STDOUT_FILENO, rate, &rs->format, &rs->meta, rs->voice.loudness,
                                           &rs->report, &p->sinks[p->nsinks], err, sizeof err)))
            return fail(exit_for(st), "%s", err);
        p->nsinks++;
        return 0;
    }
    if (rs->opt.outdir || rs->opt.outfile) {
        char dir[PATH_MAX];
        const char *folder = rs->opt.outdir;
        if (rs->opt.outfile) { /* the file's folder, staged like -o */
            snprintf(dir, sizeof dir, "%s", rs->opt.outfile);
            char *slash = strrchr(dir, '/');
            snprintf(rs->outname, sizeof rs->outname, "%s", slash ? slash + 1 : dir);
            if (slash == dir)
                dir[1] = '\0';
            else if (slash)
                *slash = '\0';
            else
                snprintf(dir, sizeof dir, ".");
            folder = dir;
            if (!rs->outname[0] || strcmp(rs->outname, ".") == 0 || strcmp(rs->outname, "..") == 0)
                return fail(EXIT_USAGE, "-w %s: give a file name", rs->opt.outfile);
        }
        if ((st = boyin_outdir_create(folder, &rs->outdir, err, sizeof err)))
            return fail(exit_for(st), "%s", err);
        const char *stage = boyin_outdir_staging(rs->outdir);
        char bulletin[PATH_MAX];
        snprintf(bulletin, sizeof bulletin, "bulletin.%s", boyin_codec_ext(rs->format.codec));
        if ((st = boyin_sink_files_create(stage, rs->opt.outfile ? rs->outname : bulletin, !rs->opt.outfile, rate,
                                          &rs->format, &rs->meta, &rs->assembly, rs->voice.loudness,
                                          &rs->report, &p->sinks[p->nsinks], err, sizeof err)))
            return fail(exit_for(st), "%s", err);
        p->nsinks++;
        if (!rs->opt.outfile) {
            if ((st = boyin_sink_manifest_create(stage, rs->voice.name, rs->voice.english, rate, &rs->format,
                                                 &rs->meta, &rs->assembly, &rs->report, &p->sinks[p->nsinks], err,
                                                 sizeof err)))
                return fail(exit_for(st), "%s", err);
            p->nsinks++;
        }
    }
    return 0;
}

/* Pull every ready chunk through the pipeline. */
static int drain(run_state *rs, const char *name)
{
    boyin_chunk *c;
    while (boyin_splitter_next(rs->splitter, &c) == BOYIN_OK) {
        int st = boyin_pipeline_chunk(&rs->pipe, c);
        if (st == BOYIN_OK && g_signal)
            st = BOYIN_EINTERRUPTED;
        if (st == BOYIN_EINTERRUPTED)
            return fail(exit_for(st), "interrupted; %s", rs->opt.outdir ? "no files were written" : "stopped");
        if (st && rs->pipe.failed)
            return fail(exit_for(st), "%s", boyin_sink_error(rs->pipe.failed));
        if (st == BOYIN_EOUTPUT)
            return fail(EXIT_OUTPUT, "cannot write to standard output: %s", strerror(errno));
        if (st)
            return fail(exit_for(st), "%s: %s", name, boyin_strerror(st));
    }
    return 0;
}

static int input_error(int st, const char *name, uint64_t off)
{
    if (st == BOYIN_EUTF8)
        return fail(EXIT_INPUT, "%s: byte %llu: not valid UTF-8; convert the file to UTF-8 (for example "
                    "iconv -f GB18030 -t UTF-8)", name, (unsigned long long)off);
    if (st == BOYIN_EBINARY)
        return fail(EXIT_INPUT, "%s: byte %llu: binary data (a control byte); give boyin a UTF-8 text file",
                    name, (unsigned long long)off);
    return fail(exit_for(st), "%s: %s", name, boyin_strerror(st));
}

/*
 * Feed one item through splitter `sp`.  With `check`, chunks are dropped:
 * a first pass over a regular file with a splitter of its own, so a bad byte
 * late in the file is reported before anything is spoken or written.
 */
static int feed(run_state *rs, boyin_splitter *sp, int fd, const char *name, int check)
{
    static unsigned char buf[65536];
    boyin_splitter_begin_item(sp);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR && !g_signal)
            continue;
        if (g_signal)
            return fail(exit_for(BOYIN_EINTERRUPTED), "interrupted; %s",
                        rs->opt.outdir || rs->opt.outfile ? "no files were written" : "stopped");
        if (n < 0)
            return fail(EXIT_INPUT, "%s: cannot read: %s", name, strerror(errno));
        int st = n ? boyin_splitter_push(sp, buf, (size_t)n) : boyin_splitter_finish(sp);
        if (st)
            return input_error(st, name, boyin_splitter_error_offset(sp));
        if (check) {
            boyin_chunk *c;
            while (boyin_splitter_next(sp, &c) == BOYIN_OK)
                boyin_chunk_destroy(c);
        } else {
            int r = drain(rs, name);
            if (r)
                return r;
        }
        if (n == 0)
            break;
    }
    if (boyin_splitter_chars(sp) == 0)
        return fail(EXIT_INPUT, "%s: no text to read (the input is empty or only whitespace)", name);
    return 0;
}

static int read_item(run_state *rs, const boyin_split_config *cfg, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "standard input" : path;
    int fd = is_stdin ? 0 : open(path, O_RDONLY);
    if (fd < 0)
        return fail(EXIT_INPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return fail(EXIT_INPUT, "%s: is a folder, not a text file", path);
    }
    int r = 0;
    if (!is_stdin && S_ISREG(st.st_mode)) {
        boyin_splitter *check = NULL;
        if (boyin_splitter_create(cfg, &check))
            r = fail(EXIT_INTERNAL, "out of memory");
        if (!r)
            r = feed(rs, check, fd, name, 1);
        boyin_splitter_destroy(check);
        if (!r && lseek(fd, 0, SEEK_SET) != 0)
            r = fail(EXIT_INPUT, "%s: cannot read: %s", path, strerror(errno));
    }
    if (!r)
        r = feed(rs, rs->splitter, fd, name, 0);
    if (!is_stdin)
        close(fd);
    return r;
}

static int finish(run_state *rs)
{
    boyin_pipeline *p = &rs->pipe;
    for (size_t i = 0; i < p->nsinks; i++) {
        int st = boyin_sink_close(p->sinks[i]);
        if (st == BOYIN_EINTERRUPTED || (st == BOYIN_OK && g_signal))
            return fail(exit_for(BOYIN_EINTERRUPTED), "interrupted; %s",
                        rs->opt.outdir || rs->opt.outfile ? "no files were written" : "stopped");
        if (st)
            return fail(exit_for(st), "%s", boyin_sink_error(p->sinks[i]));
    }
    if (rs->opt.outfile && strcmp(rs->opt.outfile, "-") == 0 && !g_quiet) {
        const boyin_master_report *r = &rs->report;
        int rate = boyin_engine_sample_rate(rs->engine);
        double secs = (double)p->samples / rate;
        if (r->done && isfinite(r->integrated))
            fprintf(stderr, "boyin: streamed %u:%02u of speech; %.1f LUFS, true peak %.1f dBTP\n", (unsigned)secs / 60,
                    (unsigned)secs % 60, r->integrated, r->true_peak);
    }
    if (rs->report.missed)
        fprintf(stderr, "boyin: warning: the bulletin measures %.1f LUFS and %.1f dBTP against %.1f LUFS and a "
                "%.1f dBTP ceiling (an intro, outro or bed too loud at its start?); the files are written\n",
                rs->report.integrated, rs->report.true_peak, rs->format.loudness, rs->format.true_peak);
    if (rs->outdir) {
        char err[700];
        const char *ext = boyin_codec_ext(rs->format.codec);
        int st = rs->opt.outfile ? boyin_outdir_commit_file(rs->outdir, rs->outname, err, sizeof err)
                                 : boyin_outdir_commit(rs->outdir, p->count, ext, err, sizeof err);
        if (st)
            return fail(exit_for(st), "%s", err);
        if (!g_quiet) {
            int rate = boyin_engine_sample_rate(rs->engine);
            double secs = (double)p->samples / rate;
            const boyin_master_report *r = &rs->report;
            char loud[96] = "";
            if (r->done && isfinite(r->integrated))
                snprintf(loud, sizeof loud, "; %.1f LUFS, true peak %.1f dBTP", r->integrated, r->true_peak);
            if (rs->opt.outfile)
                fprintf(stderr, "boyin: wrote %s (%u:%02u of speech%s)\n", rs->opt.outfile, (unsigned)secs / 60,
                        (unsigned)secs % 60, loud);
            else
                fprintf(stderr, "boyin: wrote %s/: %u segments 0001.%s-%04u.%s, bulletin.%s, bulletin.srt, "
                        "bulletin.vtt, chapters.json, manifest.json (%u:%02u of speech%s)\n", boyin_outdir_path(rs->outdir),
                        p->count, ext, p->count, ext, ext, (unsigned)secs / 60, (unsigned)secs % 60, loud);
        }
    }
    return 0;
}

static int run(run_state *rs, int nfiles, char **files)
{
    options *o = &rs->opt;
    if (o->list_devices) {
        char err[512];
        int st = boyin_play_list_devices(stdout, err, sizeof err);
        return st ? fail(exit_for(st), "%s", err) : 0;
    }
    if (boyin_data_dir_find(rs->datadir, sizeof rs->datadir))
        return fail(EXIT_DATA, "cannot find boyin's voices folder (set BOYIN_DATA_DIR to the folder holding "
                    "voices/, or reinstall)");
    int st = boyin_engine_create(&rs->engine);
    if (st)
        return fail(exit_for(st), "cannot start eSpeak-NG: %s", boyin_strerror(st));
    boyin_engine_set_interrupt(rs->engine, &g_signal);
    if (o->list_voices) {
        char *mine = boyin_voice_list(rs->datadir), *theirs = boyin_engine_voice_list(rs->engine);
        printf("boyin voices: %s\neSpeak-NG voices: %s\n", mine ? mine : "", theirs ? theirs : "");
        free(mine);
        free(theirs);
        return 0;
    }
    int r = setup_voice(rs);
    if (r)
        return r;
    boyin_split_config cfg;
    boyin_split_config_init(&cfg);
    const boyin_voice *v = &rs->voice;
    cfg.max_chars = (unsigned)o->max_chars;
    cfg.join_lines = o->join_lines;
    cfg.clause_pause_ms = (unsigned)(o->clause_pause >= 0 ? o->clause_pause
                                     : v->clause_pause_ms >= 0 ? v->clause_pause_ms : (int)cfg.clause_pause_ms);
    cfg.sentence_pause_ms = (unsigned)(o->sentence_pause >= 0 ? o->sentence_pause
                                       : v->sentence_pause_ms >= 0 ? v->sentence_pause_ms : (int)cfg.sentence_pause_ms);
    cfg.paragraph_pause_ms = (unsigned)(o->paragraph_pause >= 0 ? o->paragraph_pause
                                        : v->paragraph_pause_ms >= 0 ? v->paragraph_pause_ms
                                                                     : (int)cfg.paragraph_pause_ms);
    if (boyin_splitter_create(&cfg, &rs->splitter))
        return fail(EXIT_INTERNAL, "out of memory");
    boyin_normalize_config ncfg;
    boyin_normalize_config_init(&ncfg);
    ncfg.yao = !o->no_yao;
    ncfg.below_zero = !o->minus_temperature;
    ncfg.read_all = o->read_all;
    ncfg.liang = !o->no_liang;
    char err[700];
    if ((st = boyin_normalizer_create(rs->datadir, &ncfg, &rs->normalizer, err, sizeof err)))
        return fail(exit_for(st), "%s", err);
    if (boyin_voice_reads_pinyin(&rs->voice) &&
        (st = boyin_pronouncer_create(rs->datadir, o->lexicons, o->nlexicons, &rs->pronouncer, err, sizeof err)))
        return fail(exit_for(st), "%s", err);
    if (rs->pronouncer)
        boyin_pronouncer_set_dictionary_tones(rs->pronouncer, rs->voice.dictionary_tones);
    if (o->nlexicons && !rs->pronouncer)
        return fail(EXIT_USAGE, "--lexicon needs a voice that reads pinyin (voice '%s' reads the characters itself)",
                    rs->voice.name);
    boyin_pipeline *p = &rs->pipe;
    p->pronouncer = rs->pronouncer;
    p->item_pause_ms = o->item_pause > 0 ? (unsigned)o->item_pause : 0;
    p->voice = rs->voice.name;
    p->english = rs->voice.english;
    p->normalizer = rs->normalizer;
    p->engine = rs->engine;
    p->out = stdout;
    p->mode = o->dry_run    ? BOYIN_MODE_PLAN
              : o->phonemes ? BOYIN_MODE_PHONEMES
              : o->pinyin   ? BOYIN_MODE_PINYIN
                            : BOYIN_MODE_AUDIO;
    p->plan_phonemes = o->dry_run && o->phonemes;
    if (p->mode == BOYIN_MODE_AUDIO && (o->outdir || o->outfile) && (r = setup_format(rs)))
        return r;
    if (p->mode == BOYIN_MODE_AUDIO && (r = setup_sinks(rs)))
        return r;
    char *stdin_only[] = {"-"};
    if (nfiles == 0) {
        nfiles = 1;
        files = stdin_only;
    }
    for (int i = 0; i < nfiles; i++)
        if ((r = read_item(rs, &cfg, files[i])))
            return r;
    return finish(rs);
}

int main(int argc, char **argv)
{
    run_state rs;
    memset(&rs, 0, sizeof rs);
    int done = 0;
    int r = parse_options(argc, argv, &rs.opt, &done);
    if (r || done)
        return r;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocked read returns at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    r = run(&rs, argc - optind, argv + optind);
    run_free(&rs);
    return r;
}
