/* timeline.c - the one place positions are computed. */
#include "timeline.h"

void boyin_timeline_init(boyin_timeline *t, int in_rate, int out_rate, uint64_t intro_frames, uint64_t outro_frames,
                         unsigned item_pause_ms)
{
    *t = (boyin_timeline){in_rate, out_rate, intro_frames, outro_frames, item_pause_ms, 0, 0, 0, 0, intro_frames};
}

void boyin_timeline_place(boyin_timeline *t, boyin_chunk *c)
{
    if (c->skipped) { /* not read on air: no segment, no time */
        c->index = 0;
        c->start = t->at;
        c->out_start = c->out_end = boyin_frames_map(t->at, t->in_rate, t->out_rate) + t->intro_frames;
        return;
    }
    c->index = ++t->count;
    if (t->count > 1 && c->item != t->last_item && t->item_pause_ms > t->last_pause_ms)
        c->pause_before_ms = t->item_pause_ms - t->last_pause_ms;
    t->last_item = c->item;
    t->last_pause_ms = c->pause_after_ms;
    c->start = t->at + boyin_pause_samples(c->pause_before_ms, t->in_rate);
    uint64_t end = c->start + c->samples;
    c->out_start = boyin_frames_map(c->start, t->in_rate, t->out_rate) + t->intro_frames;
    c->out_end = boyin_frames_map(end, t->in_rate, t->out_rate) + t->intro_frames;
    t->at = end + boyin_pause_samples(c->pause_after_ms, t->in_rate);
    t->last_end = c->out_end;
}

boyin_bulletin boyin_timeline_bulletin(const boyin_timeline *t)
{
    uint64_t speech = boyin_frames_map(t->at, t->in_rate, t->out_rate);
    return (boyin_bulletin){t->in_rate, t->out_rate, t->at, t->intro_frames, t->outro_frames,
                            t->intro_frames + speech + t->outro_frames, t->last_end, t->count, NULL};
}
