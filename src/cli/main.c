/*
 * boyin - read Chinese news articles aloud: live, or as bulletin files.
 *
 * The CLI is option parsing, reading files, signals, the one-line messages
 * and the exit codes (see usage()); everything else is the library's
 * session (boyin.h): policy, defaults, stages and outputs.
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

enum exit_code {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_OUTPUT = 4,
    EXIT_DEVICE = 5,
    EXIT_DATA = 6,
    EXIT_ENGINE = 7,
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
    case BOYIN_EENGINE: return EXIT_ENGINE;
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
          "Sound (files, -w - and live playback alike):\n"
          "      --preset NAME        broadcast (-23 LUFS, -1 dBTP, 48000 Hz), podcast (-16 LUFS,\n"
          "                           -1 dBTP, 44100 Hz), none (default: the engine's level)\n"
          "      --sample-rate HZ     22050 (the engine's, default), 44100 or 48000 (Opus: 48000)\n"
          "      --channels N         1 (default) or 2 (the same speech on both)\n"
          "      --loudness LUFS      integrated loudness to reach (-40 to -5)\n"
          "      --true-peak DBTP     ceiling for the true peak (default -1)\n"
          "      --intro FILE, --outro FILE   sound before and after the speech (any format libsndfile reads)\n"
          "      --bed FILE           music under the speech, looped, ducked while speech plays\n"
          "      --duck DB            how far the bed goes down under speech (default 15)\n"
          "Files (-o, -w):\n"
          "      --format NAME        wav (default), flac, ogg (Vorbis), opus, mp3; raw (PCM, -w only)\n"
          "      --bits N             16 (default) or 24, for WAV and FLAC\n"
          "      --bitrate KBPS       MP3 bit rate (default 128; 64 at 22050 Hz), Opus (default 64)\n"
          "      --vbr                MP3 with a variable bit rate\n"
          "      --title TEXT         title in the files' tags (default: the first headline)\n"
          "      --artist TEXT, --album TEXT, --comment TEXT   tags\n"
          "      --station NAME       originator in Broadcast WAV, client in the cart chunk\n"
          "      --category NAME      cart chunk category (default NEWS)\n"
          "      --date YYYY-MM-DD    origination date (default today)\n"
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
          "  -j, --jobs N             synthesize in N worker processes (default: one per core);\n"
          "                           the audio is the same for every N\n"
          "  -q, --quiet              print nothing but errors\n"
          "  -h, --help               this help\n"
          "  -V, --version            version\n"
          "\n"
          "Exit status: 0 ok, 1 internal error, 2 usage error, 3 input error,\n"
          "4 output error, 5 audio device error, 6 data files missing or malformed,\n"
          "7 speech engine failed (a synthesis worker died), 130 interrupted (Ctrl-C),\n"
          "143 terminated.\n",
          f);
}

typedef struct {
    boyin_session_config cfg;
    int dry_run, phonemes, pinyin, list_devices, list_voices;
    long sample_rate, bits, channels, bitrate, jobs; /* as parsed; copied into cfg */
    long rate, pitch, volume, max_chars, clause_pause, sentence_pause, paragraph_pause, item_pause;
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
           O_CATEGORY, O_DATE, O_IPAUSE, O_INTRO, O_OUTRO, O_BED, O_DUCK, O_JOBS };
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
        {"jobs", required_argument, 0, 'j'},
        {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'}, {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    static const char *lexicons[64];
    memset(o, 0, sizeof *o);
    boyin_session_config *c = &o->cfg;
    *c = boyin_session_config_init();
    c->lexicons = lexicons;
    c->interrupt = &g_signal;
    o->rate = o->pitch = o->volume = o->clause_pause = o->sentence_pause = o->paragraph_pause = -1;
    o->max_chars = 60;
    opterr = 0;
    int ch, r = 0;
    while (!r && (ch = getopt_long(argc, argv, ":o:w:xv:j:qhV", longs, NULL)) != -1) {
        switch (ch) {
        case O_PLAY: c->play = 1; break;
        case O_DRY: o->dry_run = 1; break;
        case O_LISTDEV: o->list_devices = 1; break;
        case O_LISTV: o->list_voices = 1; break;
        case O_DEVICE: c->device = optarg; break;
        case 'o': c->output_dir = optarg; break;
        case 'w': c->output_file = optarg; break;
        case O_FORMAT: c->format = optarg; break;
        case O_RATEHZ: r = parse_long("--sample-rate", optarg, 8000, 192000, &o->sample_rate); break;
        case O_BITS: r = parse_long("--bits", optarg, 8, 32, &o->bits); break;
        case 'j': r = parse_long("--jobs", optarg, 1, 64, &o->jobs); break;
        case O_CHANNELS: r = parse_long("--channels", optarg, 1, 2, &o->channels); break;
        case O_BITRATE: r = parse_long("--bitrate", optarg, 8, 512, &o->bitrate); break;
        case O_VBR: c->vbr = 1; break;
        case O_PRESET: c->preset = optarg; break;
        case O_LOUD: r = parse_double("--loudness", optarg, -40, -5, &c->loudness); break;
        case O_TP: r = parse_double("--true-peak", optarg, -20, 0, &c->true_peak); break;
        case O_TITLE: c->title = optarg; break;
        case O_ARTIST: c->artist = optarg; break;
        case O_ALBUM: c->album = optarg; break;
        case O_STATION: c->station = optarg; break;
        case O_COMMENT: c->comment = optarg; break;
        case O_CATEGORY: c->category = optarg; break;
        case O_DATE: c->date = optarg; break;
        case 'x': o->phonemes = 1; break;
        case 'v': c->voice = optarg; break;
        case 'q': g_quiet = 1; break;
        case O_JOIN: c->join_lines = 1; break;
        case O_NOYAO: c->yao = 0; break;
        case O_MINUS: c->below_zero = 0; break;
        case O_READALL: c->read_all = 1; break;
        case O_NOLIANG: c->liang = 0; break;
        case O_PINYIN: o->pinyin = 1; break;
        case O_LEXICON:
            if (c->nlexicons == 64)
                return fail(EXIT_USAGE, "--lexicon: at most 64 files; merge some");
            lexicons[c->nlexicons++] = optarg;
            break;
        case O_RATE: r = parse_long("--rate", optarg, 80, 600, &o->rate); break;
        case O_PITCH: r = parse_long("--pitch", optarg, 0, 100, &o->pitch); break;
        case O_VOLUME: r = parse_long("--volume", optarg, 0, 200, &o->volume); break;
        case O_MAXC: r = parse_long("--max-chars", optarg, 8, 10000, &o->max_chars); break;
        case O_CPAUSE: r = parse_long("--clause-pause", optarg, 0, 10000, &o->clause_pause); break;
        case O_SPAUSE: r = parse_long("--sentence-pause", optarg, 0, 10000, &o->sentence_pause); break;
        case O_PPAUSE: r = parse_long("--paragraph-pause", optarg, 0, 10000, &o->paragraph_pause); break;
        case O_INTRO: c->intro = optarg; break;
        case O_OUTRO: c->outro = optarg; break;
        case O_BED: c->bed = optarg; break;
        case O_DUCK: r = parse_double("--duck", optarg, 0, 60, &c->duck_db); break;
        case O_IPAUSE: r = parse_long("--item-pause", optarg, 0, 60000, &o->item_pause); break;
        case 'h': usage(stdout); *done = 1; return 0;
        case 'V': printf("boyin %s\n", BOYIN_VERSION); *done = 1; return 0;
        case ':': return fail(EXIT_USAGE, "option %s needs a value; see boyin --help", argv[optind - 1]);
        default: return fail(EXIT_USAGE, "unknown option %s; see boyin --help", argv[optind - 1]);
        }
    }
    if (r)
        return r;
    c->sample_rate = (int)o->sample_rate;
    c->bits = (int)o->bits;
    c->jobs = (int)o->jobs;
    c->channels = (int)o->channels;
    c->bitrate = (int)o->bitrate;
    c->rate = (int)o->rate;
    c->pitch = (int)o->pitch;
    c->volume = (int)o->volume;
    c->max_chars = (unsigned)o->max_chars;
    c->clause_pause_ms = (int)o->clause_pause;
    c->sentence_pause_ms = (int)o->sentence_pause;
    c->paragraph_pause_ms = (int)o->paragraph_pause;
    c->item_pause_ms = o->item_pause > 0 ? (unsigned)o->item_pause : 0;
    if (o->pinyin && (o->dry_run || o->phonemes))
        return fail(EXIT_USAGE, "--pinyin prints pinyin instead of audio or a plan; use it on its own");
    c->print = o->dry_run ? BOYIN_PRINT_PLAN : o->phonemes ? BOYIN_PRINT_PHONEMES
               : o->pinyin ? BOYIN_PRINT_PINYIN : BOYIN_PRINT_NONE;
    c->print_phonemes = o->dry_run && o->phonemes;
    if (!c->output_dir && !c->output_file && !c->print) /* no output named: speak */
        c->play = 1;
    if (c->output_file && strcmp(c->output_file, "-") == 0 && isatty(STDOUT_FILENO))
        return fail(EXIT_USAGE, "-w - writes audio to standard output; redirect it to a file or a pipe");
    return 0;
}

/* Fail with the session's message. */
static int session_fail(boyin_session *s, int st)
{
    return fail(exit_for(st), "%s", boyin_session_error(s));
}

/*
 * One input file (or "-", standard input) as the session's next item.  A
 * regular file is checked first, so a bad byte late in it is reported
 * before anything is spoken or written; then it is read again and pushed.
 */
static int read_item(boyin_session *s, const char *path)
{
    static char buf[65536];
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
    int r = boyin_session_begin_item(s, name), checked = is_stdin || !S_ISREG(st.st_mode);
    for (int pass = checked; !r && pass < 2; pass++) {
        for (;;) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR && !g_signal)
                continue;
            if (n < 0 && !g_signal) {
                r = fail(EXIT_INPUT, "%s: cannot read: %s", name, strerror(errno));
                break;
            }
            n = n < 0 ? 0 : n; /* a signal: the session reports it */
            r = pass == 0 ? boyin_session_check(s, buf, (size_t)n) : boyin_session_push(s, buf, (size_t)n);
            if (r) {
                r = session_fail(s, r);
                break;
            }
            if (n == 0)
                break;
        }
        if (!r && pass == 0 && lseek(fd, 0, SEEK_SET) != 0)
            r = fail(EXIT_INPUT, "%s: cannot read: %s", path, strerror(errno));
    }
    if (!is_stdin)
        close(fd);
    return r;
}

/* The line that says what was written (not with -q). */
static void report(const boyin_session_config *c, const boyin_session_summary *m)
{
    unsigned secs = (unsigned)m->speech_seconds;
    char loud[96] = "";
    if (m->measured)
        snprintf(loud, sizeof loud, "; %.1f LUFS, true peak %.1f dBTP", m->integrated, m->true_peak);
    if (m->missed)
        fprintf(stderr, "boyin: warning: the bulletin measures %.1f LUFS and %.1f dBTP against %.1f LUFS and a "
                "%.1f dBTP ceiling (an intro, outro or bed too loud at its start?); the files are written\n",
                m->integrated, m->true_peak, m->target, m->ceiling);
    if (g_quiet)
        return;
    if (c->output_file && strcmp(c->output_file, "-") == 0 && m->measured)
        fprintf(stderr, "boyin: streamed %u:%02u of speech%s\n", secs / 60, secs % 60, loud);
    else if (c->output_file && strcmp(c->output_file, "-") != 0)
        fprintf(stderr, "boyin: wrote %s (%u:%02u of speech%s)\n", c->output_file, secs / 60, secs % 60, loud);
    else if (c->output_dir)
        fprintf(stderr, "boyin: wrote %s/: %s (%u:%02u of speech%s)\n", m->output, m->files, secs / 60, secs % 60,
                loud);
}

static int run(options *o, int nfiles, char **files)
{
    if (o->list_devices) {
        char err[512];
        int st = boyin_list_devices(stdout, err, sizeof err);
        return st ? fail(exit_for(st), "%s", err) : 0;
    }
    if (o->list_voices) {
        char *mine, *theirs;
        int st = boyin_list_voices(NULL, &mine, &theirs);
        if (st == BOYIN_OK)
            printf("boyin voices: %s\neSpeak-NG voices: %s\n", mine, theirs);
        free(mine);
        free(theirs);
        return st == BOYIN_EDATA ? fail(EXIT_DATA, "cannot find boyin's voices folder (set BOYIN_DATA_DIR to the "
                                        "folder holding voices/, or reinstall)")
               : st ? fail(exit_for(st), "%s", boyin_strerror(st)) : 0;
    }
    boyin_session *s = NULL;
    int st = boyin_session_create(&o->cfg, &s), r = 0;
    if (st)
        r = session_fail(s, st);
    char *stdin_only[] = {"-"};
    if (nfiles == 0) {
        nfiles = 1;
        files = stdin_only;
    }
    for (int i = 0; !r && i < nfiles; i++)
        r = read_item(s, files[i]);
    if (!r && (st = boyin_session_finish(s)))
        r = session_fail(s, st);
    if (!r)
        report(&o->cfg, boyin_session_result(s));
    boyin_session_destroy(s);
    return r;
}

int main(int argc, char **argv)
{
    static options opt;
    int done = 0;
    int r = parse_options(argc, argv, &opt, &done);
    if (r || done)
        return r;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocked read returns at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return run(&opt, argc - optind, argv + optind);
}
