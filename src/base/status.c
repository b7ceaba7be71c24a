/* status.c - text for boyin_status codes. */
#include "boyin.h"

const char *boyin_strerror(int status)
{
    switch (status) {
    case BOYIN_OK: return "success";
    case BOYIN_NEED_MORE: return "more input needed";
    case BOYIN_ENOMEM: return "out of memory";
    case BOYIN_EINVAL: return "invalid argument";
    case BOYIN_EUTF8: return "input is not valid UTF-8";
    case BOYIN_EBINARY: return "input contains binary data";
    case BOYIN_EINPUT: return "input cannot be read";
    case BOYIN_EOUTPUT: return "output cannot be written";
    case BOYIN_EVOICE: return "no such voice";
    case BOYIN_EDATA: return "data file is malformed or missing";
    case BOYIN_EENGINE: return "speech engine failed";
    case BOYIN_EDEVICE: return "no usable audio output device";
    case BOYIN_EINTERRUPTED: return "interrupted";
    case BOYIN_ESTOPPED: return "stopped by the audio callback";
    default: return "unknown error";
    }
}
