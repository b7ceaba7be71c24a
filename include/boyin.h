/*
 * boyin.h - public status codes shared by every boyin module.
 *
 * Fallible functions return a boyin_status (0 or a negative code; a few
 * streaming calls also return the positive BOYIN_NEED_MORE).  Details of an
 * error (file, byte offset, device name) stay on the object that failed and
 * are read with that module's accessors; the library never prints and never
 * exits.
 */
#ifndef BOYIN_H
#define BOYIN_H

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
    BOYIN_EINTERRUPTED = -11  /* stopped by a signal (Ctrl-C) */
} boyin_status;

/* A short English description of a status code; never NULL, static storage. */
const char *boyin_strerror(int status);

#endif
