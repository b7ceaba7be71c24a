/* audiofile.c - sound files through libsndfile. */
#include "audiofile.h"

#include <limits.h>
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boyin.h"
#include "chunk.h"
#include "dynlib.h"
#include "tags.h"

/* libsndfile's functions, loaded when the first sound file is opened
 * (dynlib.h): it brings in the FLAC, Vorbis, Opus, MPEG and LAME codecs. */
#define SNDFILE_FUNCTIONS(X)                                                                                         \
    X(sf_open) X(sf_open_fd) X(sf_open_virtual) X(sf_close) X(sf_command) X(sf_set_string) X(sf_writef_float)      \
    X(sf_writef_short) X(sf_readf_float) X(sf_readf_short) X(sf_seek) X(sf_strerror) X(sf_error)
static struct { SNDFILE_FUNCTIONS(BOYIN_DYNLIB_POINTER) } lib;
static const char *const SNDFILE_NAMES[] = {SNDFILE_FUNCTIONS(BOYIN_DYNLIB_NAME) NULL};
BOYIN_DYNLIB_CHECK(lib, SNDFILE_NAMES);
static boyin_dynlib SNDFILE_LIB = {BOYIN_SNDFILE_SONAME, SNDFILE_NAMES, &lib, 0, ""};

/* libsndfile, loaded: 0 when it cannot be (every open fails, and
 * boyin_audiofile_error(NULL) says why). */
static int have_sndfile(void)
{
    return boyin_dynlib_load(&SNDFILE_LIB, NULL, 0) == BOYIN_OK;
}

#define BLOCK 65536

struct boyin_audiofile {
    SNDFILE *sf;
    boyin_codec codec;
    int channels;      /* of the file */
    int rate, bits;    /* written: for bext's coding history */
    int stream;        /* written to a pipe */
    int fd;            /* a WAV stream: libsndfile writes raw PCM through vio_* to it */
    sf_count_t pos;
    unsigned char *mem; /* a converter: vio_* write here instead (fd -1) */
};

static int sf_format_of(const boyin_format *f)
{
    int pcm = f->bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16;
    switch (f->codec) {
    case BOYIN_FMT_FLAC: return SF_FORMAT_FLAC | pcm;
    case BOYIN_FMT_VORBIS: return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case BOYIN_FMT_OPUS: return SF_FORMAT_OGG | SF_FORMAT_OPUS;
    case BOYIN_FMT_MP3: return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    case BOYIN_FMT_RAW: return SF_FORMAT_RAW | pcm | SF_ENDIAN_LITTLE;
    default: return SF_FORMAT_WAV | pcm;
    }
}

int boyin_format_lossy(const boyin_format *f)
{
    return f->codec == BOYIN_FMT_MP3 || f->codec == BOYIN_FMT_VORBIS || f->codec == BOYIN_FMT_OPUS;
}

/* Write all of buf to fd: 0, or -1. */
static int write_all(int fd, const void *buf, size_t len)
{
    const char *b = buf;
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, b + done, len - done);
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

/* libsndfile virtual I/O onto a pipe: writes go through, positions are
 * counted (a stream cannot seek). */
static sf_count_t vio_len(void *u) { return ((boyin_audiofile *)u)->pos; }
static sf_count_t vio_seek(sf_count_t off, int whence, void *u)
{
    (void)off;
    (void)whence;
    return ((boyin_audiofile *)u)->pos;
}
static sf_count_t vio_read(void *p, sf_count_t n, void *u)
{
    (void)p;
    (void)n;
    (void)u;
    return 0;
}
static sf_count_t vio_write(const void *p, sf_count_t n, void *u)
{
    boyin_audiofile *f = u;
    const char *b = p;
    sf_count_t done = 0;
    if (f->mem) { /* a converter */
        memcpy(f->mem, b, (size_t)n);
        f->mem += n;
        return n;
    }
    while (done < n) {
        ssize_t w = write(f->fd, b + done, (size_t)(n - done));
        if (w <= 0)
            break;
        done += w;
    }
    f->pos += done;
    return done;
}
static sf_count_t vio_tell(void *u) { return ((boyin_audiofile *)u)->pos; }

/* A WAV header with unknown lengths, for a stream. */
static int wav_stream_header(int fd, const boyin_format *fmt)
{
    unsigned char h[44];
    int bytes = fmt->bits == 24 ? 3 : 2, ch = fmt->channels, rate = fmt->rate;
    uint32_t v[] = {0xFFFFFFFFu, 16, (uint32_t)(1 | ch << 16), (uint32_t)rate, (uint32_t)(rate * ch * bytes),
                    (uint32_t)(ch * bytes | (bytes * 8) << 16), 0xFFFFFFFFu};
    memcpy(h, "RIFF", 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    memcpy(h + 36, "data", 4);
    const int at[] = {4, 16, 20, 24, 28, 32, 40};
    for (int i = 0; i < 7; i++)
        for (int k = 0; k < 4; k++)
            h[at[i] + k] = (unsigned char)(v[i] >> (8 * k));
    return write_all(fd, h, sizeof h);
}

/* An MP3 stream starts with an ID3v2.4 tag of the bulletin's metadata (no
 * chapters: their times come later). */
static int stream_id3(int fd, const boyin_meta *meta)
{
    size_t len;
    unsigned char *tag = boyin_id3_build(meta, NULL, 0, &len);
    int bad = !tag || write_all(fd, tag, len);
    free(tag);
    return bad ? -1 : 0;
}

/* The encoder's settings, then the software tag every file carries. */
static boyin_audiofile *configure(boyin_audiofile *f, const boyin_format *fmt)
{
    if (!f->sf) {
        free(f);
        return NULL;
    }
    SNDFILE *sf = f->sf;
    lib.sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE); /* never wrap around */
    if (fmt->codec == BOYIN_FMT_MP3) {
        int mode = fmt->vbr ? SF_BITRATE_MODE_VARIABLE : SF_BITRATE_MODE_CONSTANT;
        lib.sf_command(sf, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
        int kbps = fmt->bitrate ? fmt->bitrate : fmt->rate >= 32000 ? 128 : 64;
        /* libsndfile maps level 0..1 to 320..32 kbit/s (MPEG-1) or 160..8 (MPEG-2) */
        double hi = fmt->rate >= 32000 ? 320 : 160, lo = fmt->rate >= 32000 ? 32 : 8;
        double level = (hi - kbps) / (hi - lo) - 1e-9;
        if (fmt->vbr)
            level = 0.4; /* LAME's V4 */
        if (level < 0)
            level = 0;
        lib.sf_command(sf, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    }
    if (fmt->codec == BOYIN_FMT_OPUS) {
        /* libsndfile's Opus encoder goes from about 256 kbit/s at level 0 to
         * 6 at level 1, in a straight line (measured) */
        int kbps = fmt->bitrate ? fmt->bitrate : fmt->channels == 1 ? 64 : 96;
        double level = (256.0 - kbps) / 250.0;
        level = level < 0 ? 0 : level > 1 ? 1 : level;
        lib.sf_command(sf, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    }
    if (fmt->codec != BOYIN_FMT_MP3) /* MP3 gets its ID3 tag from tags.h */
        lib.sf_set_string(sf, SF_STR_SOFTWARE, "boyin " BOYIN_VERSION);
    return f;
}

static boyin_audiofile *new_file(const boyin_format *fmt, SF_INFO *info)
{
    boyin_audiofile *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->codec = fmt->codec;
    f->channels = fmt->channels;
    f->rate = fmt->rate;
    f->bits = fmt->bits;
    f->fd = -1;
    memset(info, 0, sizeof *info);
    info->samplerate = fmt->rate;
    info->channels = fmt->channels;
    info->format = sf_format_of(fmt);
    return f;
}

boyin_audiofile *boyin_audiofile_create(const char *path, const boyin_format *fmt)
{
    SF_INFO info;
    boyin_audiofile *f = new_file(fmt, &info);
    if (!f)
        return NULL;
    f->sf = have_sndfile() ? lib.sf_open(path, SFM_WRITE, &info) : NULL;
    return configure(f, fmt);
}

boyin_audiofile *boyin_audiofile_stream(int fd, const boyin_format *fmt, const boyin_meta *meta)
{
    SF_INFO info;
    boyin_audiofile *f = new_file(fmt, &info);
    if (!f)
        return NULL;
    f->stream = 1;
    if (fmt->codec == BOYIN_FMT_WAV) { /* libsndfile cannot stream WAV: raw PCM after our header */
        static SF_VIRTUAL_IO io = {vio_len, vio_seek, vio_read, vio_write, vio_tell};
        f->fd = fd;
        info.format = SF_FORMAT_RAW | (fmt->bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16);
        if (wav_stream_header(fd, fmt) == 0)
            f->sf = have_sndfile() ? lib.sf_open_virtual(&io, SFM_WRITE, &info, f) : NULL;
    } else if (fmt->codec != BOYIN_FMT_MP3 || stream_id3(fd, meta) == 0) {
        f->sf = have_sndfile() ? lib.sf_open_fd(fd, SFM_WRITE, &info, 0) : NULL;
    }
    return configure(f, fmt);
}

void boyin_audiofile_tag_bulletin(boyin_audiofile *f, const boyin_meta *m, int stereo)
{
    SNDFILE *sf = f->sf;
    if (f->codec == BOYIN_FMT_MP3)
        return;
    if (m->title[0])
        lib.sf_set_string(sf, SF_STR_TITLE, m->title);
    if (m->artist[0] || m->station[0])
        lib.sf_set_string(sf, SF_STR_ARTIST, m->artist[0] ? m->artist : m->station);
    if (m->album[0])
        lib.sf_set_string(sf, SF_STR_ALBUM, m->album);
    if (m->comment[0])
        lib.sf_set_string(sf, SF_STR_COMMENT, m->comment);
    lib.sf_set_string(sf, SF_STR_DATE, m->date);
    if (f->codec != BOYIN_FMT_WAV || f->stream)
        return;
    /* Broadcast WAV: bext (EBU Tech 3285 v2; loudness filled in at the end)
     * and cart (AES46) for radio automation. */
    SF_BROADCAST_INFO bi;
    memset(&bi, 0, sizeof bi);
    boyin_utf8_copy(bi.description, sizeof bi.description, m->title);
    char tmp[64];
    boyin_utf8_copy(tmp, 33, m->station[0] ? m->station : "boyin");
    memcpy(bi.originator, tmp, strlen(tmp));
    snprintf(tmp, sizeof tmp, "boyin%.4s%.2s%.2s%.2s%.2s%.2s", m->date, m->date + 5, m->date + 8, m->time,
             m->time + 3, m->time + 6);
    memcpy(bi.originator_reference, tmp, strlen(tmp) < 32 ? strlen(tmp) : 32);
    memcpy(bi.origination_date, m->date, 10);
    memcpy(bi.origination_time, m->time, 8);
    bi.version = 2;
    bi.loudness_value = bi.loudness_range = bi.max_true_peak_level = 0x7FFF;
    bi.max_momentary_loudness = bi.max_shortterm_loudness = 0x7FFF;
    const char *mode = f->channels == 1 ? "mono" : stereo ? "stereo" : "dual-mono";
    int n = snprintf(bi.coding_history, sizeof bi.coding_history, "A=PCM,F=%d,W=%d,M=%s,T=boyin %s\r\n",
                     f->rate, f->bits, mode, BOYIN_VERSION);
    bi.coding_history_size = (uint32_t)n;
    lib.sf_command(sf, SFC_SET_BROADCAST_INFO, &bi, sizeof bi);
    SF_CART_INFO ci;
    memset(&ci, 0, sizeof ci);
    memcpy(ci.version, "0101", 4);
    boyin_utf8_copy(ci.title, sizeof ci.title, m->title);
    boyin_utf8_copy(ci.artist, sizeof ci.artist, m->artist[0] ? m->artist : m->station);
    boyin_utf8_copy(ci.client_id, sizeof ci.client_id, m->station);
    boyin_utf8_copy(ci.category, sizeof ci.category, m->category);
    memcpy(ci.start_date, m->date, 10);
    memcpy(ci.start_time, "00:00:00", 8);
    memcpy(ci.end_date, m->date, 10); /* news: valid for the day */
    memcpy(ci.end_time, "23:59:59", 8);
    memcpy(ci.producer_app_id, "boyin", 5);
    memcpy(ci.producer_app_version, BOYIN_VERSION, strlen(BOYIN_VERSION));
    ci.level_reference = 32768;
    lib.sf_command(sf, SFC_SET_CART_INFO, &ci, sizeof ci);
}

void boyin_audiofile_tag_segment(boyin_audiofile *f, unsigned index, const char *title, const char *album)
{
    if (f->codec == BOYIN_FMT_MP3)
        return;
    char track[32];
    snprintf(track, sizeof track, "%u", index);
    lib.sf_set_string(f->sf, SF_STR_TITLE, title);
    lib.sf_set_string(f->sf, SF_STR_ALBUM, album);
    lib.sf_set_string(f->sf, SF_STR_TRACKNUMBER, track);
}

int boyin_audiofile_write(boyin_audiofile *f, const float *x, size_t n)
{
    return lib.sf_writef_float(f->sf, x, (sf_count_t)n) == (sf_count_t)n ? BOYIN_OK : BOYIN_EOUTPUT;
}

int boyin_audiofile_write_pcm16(boyin_audiofile *f, const int16_t *x, size_t n)
{
    return lib.sf_writef_short(f->sf, x, (sf_count_t)n) == (sf_count_t)n ? BOYIN_OK : BOYIN_EOUTPUT;
}

boyin_audiofile *boyin_audiofile_pcm16(const boyin_format *fmt)
{
    static SF_VIRTUAL_IO io = {vio_len, vio_seek, vio_read, vio_write, vio_tell};
    boyin_format raw = *fmt;
    raw.codec = BOYIN_FMT_RAW;
    raw.bits = 16;
    SF_INFO info;
    boyin_audiofile *f = new_file(&raw, &info);
    if (!f)
        return NULL;
    static unsigned char scratch[1];
    f->mem = scratch; /* writes go to memory, never to a descriptor */
    f->sf = have_sndfile() ? lib.sf_open_virtual(&io, SFM_WRITE, &info, f) : NULL;
    if (f->sf)
        lib.sf_command(f->sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    else {
        free(f);
        f = NULL;
    }
    return f;
}

int boyin_audiofile_to_pcm16(boyin_audiofile *f, const float *x, size_t n, int16_t *out)
{
    f->mem = (unsigned char *)out; /* raw PCM 16 little-endian: the host's order here */
    int st = boyin_audiofile_write(f, x, n);
    f->mem = (unsigned char *)out + n * (size_t)f->channels * sizeof *out;
    return st;
}

int boyin_audiofile_close(boyin_audiofile *f)
{
    if (!f)
        return BOYIN_OK;
    int r = f->sf ? lib.sf_close(f->sf) : 0;
    free(f);
    return r ? BOYIN_EOUTPUT : BOYIN_OK;
}

const char *boyin_audiofile_error(const boyin_audiofile *f)
{
    if (!have_sndfile())
        return SNDFILE_LIB.error;
    return lib.sf_strerror(f ? f->sf : NULL);
}

boyin_audiofile *boyin_audiofile_open(const char *path, int *rate, int *channels, uint64_t *frames)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = have_sndfile() ? lib.sf_open(path, SFM_READ, &info) : NULL;
    boyin_audiofile *f = sf && info.channels > 0 ? calloc(1, sizeof *f) : NULL;
    if (!f) {
        if (sf)
            lib.sf_close(sf);
        return NULL;
    }
    f->sf = sf;
    f->channels = info.channels;
    f->fd = -1;
    *rate = info.samplerate;
    *channels = info.channels;
    if (frames)
        *frames = info.frames > 0 ? (uint64_t)info.frames : 0;
    return f;
}

size_t boyin_audiofile_read(boyin_audiofile *f, int want, float *out, float *tmp, size_t max)
{
    int channels = f->channels;
    sf_count_t got = lib.sf_readf_float(f->sf, channels == want ? out : tmp, (sf_count_t)max);
    if (got <= 0)
        return 0;
    if (channels != want)
        for (sf_count_t i = 0; i < got; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++)
                sum += tmp[i * channels + c];
            out[i] = sum / (float)channels;
        }
    return (size_t)got;
}

int boyin_audiofile_rewind(boyin_audiofile *f)
{
    return lib.sf_seek(f->sf, 0, SEEK_SET) < 0 ? -1 : 0;
}

int boyin_audiofile_measure(const char *path, boyin_loudness *out)
{
    SF_INFO info = {0};
    SNDFILE *f = have_sndfile() ? lib.sf_open(path, SFM_READ, &info) : NULL;
    if (!f)
        return BOYIN_EOUTPUT;
    boyin_meter *m = NULL;
    float *buf = malloc(BLOCK * (size_t)info.channels * sizeof *buf);
    int st = buf ? boyin_meter_create(info.samplerate, info.channels, BOYIN_METER_RANGE, &m) : BOYIN_ENOMEM;
    sf_count_t got;
    while (st == BOYIN_OK && (got = lib.sf_readf_float(f, buf, BLOCK)) > 0)
        st = boyin_meter_add(m, buf, (size_t)got);
    if (st == BOYIN_OK)
        st = boyin_meter_result(m, out);
    boyin_meter_destroy(m);
    free(buf);
    lib.sf_close(f);
    return st;
}

int boyin_codec_level(const char *folder, const boyin_format *fmt, double *db)
{
    *db = 0;
    if (!boyin_format_lossy(fmt))
        return BOYIN_OK;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/.cal.%s", folder, boyin_codec_ext(fmt->codec));
    int rate = fmt->rate, ch = fmt->channels;
    float *x = malloc((size_t)rate * sizeof *x), *y = malloc((size_t)rate * (size_t)ch * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return BOYIN_ENOMEM;
    }
    boyin_audiofile *f = boyin_audiofile_create(path, fmt);
    int st = f ? BOYIN_OK : BOYIN_EOUTPUT;
    double e_in = 0;
    for (int i = 0; i < rate; i++) {
        x[i] = (float)(0.1 * sin(2 * M_PI * 1000.0 * i / rate));
        e_in += (double)x[i] * x[i];
        for (int c = 0; c < ch; c++)
            y[i * ch + c] = x[i];
    }
    if (st == BOYIN_OK)
        st = boyin_audiofile_write(f, y, (size_t)rate);
    if (boyin_audiofile_close(f) && st == BOYIN_OK)
        st = BOYIN_EOUTPUT;
    SF_INFO info = {0};
    SNDFILE *r = st == BOYIN_OK ? lib.sf_open(path, SFM_READ, &info) : NULL; /* loaded: f was written */
    if (r) {
        /* the middle half, away from the codec's start and end */
        double e = 0;
        sf_count_t n = 0, got;
        float buf[4096];
        size_t pos = 0;
        while ((got = lib.sf_readf_float(r, buf, 4096 / (size_t)info.channels)) > 0) {
            for (sf_count_t i = 0; i < got; i++, pos++)
                if (pos >= (size_t)rate / 4 && pos < (size_t)rate * 3 / 4) {
                    e += (double)buf[i * info.channels] * buf[i * info.channels];
                    n++;
                }
        }
        lib.sf_close(r);
        if (n && e > 0)
            *db = 10 * log10((e / (double)n) / (e_in / rate));
    }
    unlink(path);
    free(x);
    free(y);
    return st;
}

int boyin_sound_frames(const char *path, int out_rate, uint64_t *frames)
{
    SF_INFO info = {0};
    SNDFILE *f = have_sndfile() ? lib.sf_open(path, SFM_READ, &info) : NULL;
    if (!f)
        return BOYIN_EINPUT;
    /* Count what decodes: a header's count can be wrong (a VBR MP3 without
     * a Xing header), and every time after the intro depends on it. */
    float *buf = info.channels > 0 ? malloc(4096 * (size_t)info.channels * sizeof *buf) : NULL;
    uint64_t n = 0;
    sf_count_t got;
    while (buf && (got = lib.sf_readf_float(f, buf, 4096)) > 0)
        n += (uint64_t)got;
    int bad = !buf || lib.sf_error(f) != SF_ERR_NO_ERROR;
    free(buf);
    lib.sf_close(f);
    if (bad || n == 0 || info.samplerate <= 0)
        return BOYIN_EINPUT;
    *frames = boyin_frames_map(n, info.samplerate, out_rate);
    return BOYIN_OK;
}

int boyin_sound_read(const char *path, short **pcm, size_t *frames, int *rate, int *channels)
{
    SF_INFO info = {0};
    *pcm = NULL;
    SNDFILE *f = have_sndfile() ? lib.sf_open(path, SFM_READ, &info) : NULL;
    if (!f)
        return BOYIN_EINPUT;
    size_t n = (size_t)info.frames, ch = (size_t)info.channels;
    short *all = malloc((n ? n : 1) * ch * sizeof *all);
    if (!all) {
        lib.sf_close(f);
        return BOYIN_ENOMEM;
    }
    sf_count_t got = lib.sf_readf_short(f, all, (sf_count_t)n);
    lib.sf_close(f);
    for (size_t i = 0; i < (size_t)got; i++)
        all[i] = all[i * ch];
    *pcm = all;
    *frames = (size_t)got;
    *rate = info.samplerate;
    *channels = info.channels;
    return BOYIN_OK;
}
