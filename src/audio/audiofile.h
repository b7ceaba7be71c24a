/*
 * audiofile.h - sound files through libsndfile: the only module that
 * includes sndfile.h.
 *
 * Writing: a file or a stream in a boyin_format (WAV 16/24, FLAC, Ogg
 * Vorbis, Opus, MP3, raw PCM), float frames in, clipped, never wrapped.  A
 * bulletin file carries LIST INFO or Vorbis comments, and a WAV file a bext
 * chunk (EBU Tech 3285 v2, loudness filled in later by tags.h) and a cart
 * chunk (AES46); a segment file carries its title, album and track number.
 * A stream (a pipe) cannot seek: WAV goes out as a header with unknown
 * lengths (0xFFFFFFFF) and then PCM; an MP3 stream starts with an ID3v2.4
 * tag.  Reading: any file libsndfile reads, as float frames.
 *
 * libsndfile is loaded when the first file is opened (dynlib.h); when it
 * cannot be, every open fails and boyin_audiofile_error(NULL) says why.
 * An audiofile owns its libsndfile handle; boyin_audiofile_close frees it
 * and reports whether everything reached the file; close(NULL) is safe.
 */
#ifndef BOYIN_AUDIOFILE_H
#define BOYIN_AUDIOFILE_H

#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "meter.h"

typedef struct boyin_audiofile boyin_audiofile;

/* Open `path` for writing in fmt.  NULL on failure (boyin_audiofile_last_error). */
boyin_audiofile *boyin_audiofile_create(const char *path, const boyin_format *fmt);

/* Open file descriptor `fd` (a pipe) for writing a stream in fmt; `meta`
 * goes into the MP3 stream's ID3 tag. */
boyin_audiofile *boyin_audiofile_stream(int fd, const boyin_format *fmt, const boyin_meta *meta);

/* Tags, before the first frame is written: the bulletin's (WAV files also
 * get bext and cart; `stereo` says the coding history is stereo, not dual
 * mono), or a segment's (MP3 segments get theirs from tags.h after close). */
void boyin_audiofile_tag_bulletin(boyin_audiofile *f, const boyin_meta *meta, int stereo);
void boyin_audiofile_tag_segment(boyin_audiofile *f, unsigned index, const char *title, const char *album);

/* Write n frames (the format's channels, interleaved).  BOYIN_EOUTPUT. */
int boyin_audiofile_write(boyin_audiofile *f, const float *x, size_t n);

/* Write n frames of 16-bit samples as they are.  BOYIN_EOUTPUT. */
int boyin_audiofile_write_pcm16(boyin_audiofile *f, const int16_t *x, size_t n);

/* A converter to 16-bit PCM exactly as a raw file in fmt would hold the
 * frames (libsndfile's rounding and clipping): boyin_audiofile_to_pcm16
 * writes n frames of fmt's channels into out. */
boyin_audiofile *boyin_audiofile_pcm16(const boyin_format *fmt);
int boyin_audiofile_to_pcm16(boyin_audiofile *f, const float *x, size_t n, int16_t *out);

/* Finish and free; BOYIN_EOUTPUT when the end could not be written. */
int boyin_audiofile_close(boyin_audiofile *f);

/* libsndfile's message for f (NULL: for the last failed open). */
const char *boyin_audiofile_error(const boyin_audiofile *f);

/* Open a sound file for reading; *rate, *channels, *frames (as the header
 * says) of the file.  NULL when it cannot be read. */
boyin_audiofile *boyin_audiofile_open(const char *path, int *rate, int *channels, uint64_t *frames);

/* Read up to max frames as `want` channels (1: the file's channels
 * averaged; 2: a stereo file as it is) into out (want * max floats);
 * `tmp` holds max frames of the file's channels.  The frames read; 0 at the
 * end. */
size_t boyin_audiofile_read(boyin_audiofile *f, int want, float *out, float *tmp, size_t max);

/* Back to the first frame: 0, or -1 when the file cannot seek. */
int boyin_audiofile_rewind(boyin_audiofile *f);

/* The loudness of a written file as a listener's decoder gives it. */
int boyin_audiofile_measure(const char *path, boyin_loudness *out);

/* Frames of a sound file once resampled to out_rate (counted by decoding:
 * a header's count can be wrong); BOYIN_EINPUT when it cannot be read. */
int boyin_sound_frames(const char *path, int out_rate, uint64_t *frames);

/* Read a sound file's first channel as 16-bit for tests and tools: *pcm is
 * malloc'd, owned by the caller. */
int boyin_sound_read(const char *path, short **pcm, size_t *frames, int *rate, int *channels);

/* How much a lossy codec changes the level (libsndfile's MP3 encoder gives
 * about -0.45 dB): one second of a 1 kHz tone written to a file in `folder`
 * (removed after) and read back, in dB; 0 for PCM formats. */
int boyin_codec_level(const char *folder, const boyin_format *fmt, double *db);

/* Whether the format is lossy (MP3, Ogg Vorbis, Opus). */
int boyin_format_lossy(const boyin_format *fmt);

#endif
