/* plan.c - chunk plan and manifest entries as JSON, through cJSON. */
#include "plan.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Seconds rounded to the microsecond, so the JSON stays short and stable. */
static double secs(double s)
{
    return round(s * 1e6) / 1e6;
}

static int add_runs(cJSON *o, const boyin_chunk *c, const char *voice, const char *english)
{
    cJSON *runs = cJSON_AddArrayToObject(o, "runs");
    for (size_t i = 0; runs && i < c->nruns; i++) {
        cJSON *r = cJSON_CreateObject();
        const boyin_run *run = &c->runs[i];
        char *src = strndup(c->text + run->src_off, run->src_len);
        int ok = r && src && cJSON_AddStringToObject(r, "text", run->text) &&
                 cJSON_AddStringToObject(r, "voice", run->english ? english : voice) &&
                 (!run->pinyin || cJSON_AddStringToObject(r, "pinyin", run->pinyin)) &&
                 cJSON_AddStringToObject(r, "source", src);
        free(src);
        if (!ok) {
            cJSON_Delete(r);
            return 0;
        }
        cJSON_AddItemToArray(runs, r);
    }
    return runs != NULL;
}

/* The chunk's pinyin line (what --pinyin prints), when boyin reads it. */
static int add_pinyin(cJSON *o, const boyin_chunk *c)
{
    if (!boyin_chunk_has_pinyin(c))
        return 1;
    char *line = boyin_chunk_engine_text(c);
    int ok = line && cJSON_AddStringToObject(o, "pinyin", line);
    free(line);
    return ok;
}

char *boyin_plan_chunk_json(const boyin_chunk *c, const char *voice, const char *english,
                            const boyin_plan_audio *audio, const char *phonemes)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int ok = cJSON_AddNumberToObject(o, "index", c->index) &&
             (!audio || cJSON_AddStringToObject(o, "file", audio->file)) &&
             cJSON_AddNumberToObject(o, "item", c->item) &&
             cJSON_AddNumberToObject(o, "paragraph", c->paragraph) &&
             cJSON_AddNumberToObject(o, "source_offset", (double)c->source_offset) &&
             cJSON_AddNumberToObject(o, "source_length", (double)c->source_length) &&
             cJSON_AddStringToObject(o, "text", c->text) &&
             cJSON_AddStringToObject(o, "spoken", c->spoken ? c->spoken : "") &&
             cJSON_AddStringToObject(o, "voice", voice) &&
             cJSON_AddStringToObject(o, "end", boyin_end_kind_name(c->end)) &&
             (!audio || (cJSON_AddNumberToObject(o, "start", secs(audio->start)) &&
                         cJSON_AddNumberToObject(o, "duration", secs(audio->duration)) &&
                         cJSON_AddNumberToObject(o, "samples", (double)audio->samples))) &&
             cJSON_AddNumberToObject(o, "pause_after_ms", c->pause_after_ms) &&
             (!c->pause_before_ms || cJSON_AddNumberToObject(o, "pause_before_ms", c->pause_before_ms)) &&
             (!c->skipped || cJSON_AddStringToObject(o, "skipped", c->skipped)) &&
             add_pinyin(o, c) &&
             add_runs(o, c, voice, english) &&
             (!phonemes || cJSON_AddStringToObject(o, "phonemes", phonemes));
    char *s = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return s;
}

char *boyin_plan_json_string(const char *s)
{
    cJSON *o = cJSON_CreateString(s);
    char *r = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return r;
}

char *boyin_plan_chapters_json(const double *starts, const double *ends, char *const *titles, size_t n)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *list = o ? cJSON_AddArrayToObject(o, "chapters") : NULL;
    int ok = o && cJSON_AddStringToObject(o, "version", "1.2.0") && list;
    for (size_t i = 0; ok && i < n; i++) {
        cJSON *c = cJSON_CreateObject();
        ok = c && cJSON_AddNumberToObject(c, "startTime", secs(starts[i])) &&
             cJSON_AddNumberToObject(c, "endTime", secs(ends[i])) && cJSON_AddStringToObject(c, "title", titles[i]);
        if (c)
            cJSON_AddItemToArray(list, c);
    }
    char *s = ok ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    return s;
}
