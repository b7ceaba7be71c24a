/* sink.c - helpers shared by every sink. */
#include "sink.h"

#include <stdarg.h>
#include <stdio.h>

void boyin_sink_set_error(boyin_sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
}
