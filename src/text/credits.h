/*
 * credits.h - news furniture that is not read on air (credits.tsv): bylines
 * and credits (编辑：张三, (文/黄伟 图/马镇丹), （记者 韩旭）), captions
 * (▲图为…) and web page phrases (我要评论).
 *
 * Questions about a reading (reading.h); nothing is allocated or said.
 * "Brackets" are the bracket class of charclass.h, not quotes or 《》.
 */
#ifndef BOYIN_CREDITS_H
#define BOYIN_CREDITS_H

#include <stddef.h>

#include "reading.h"

/* The whole text is a byline, credit or caption: it starts with a label
 * word and a colon, or with a caption word, or stands wholly in brackets
 * (at most 40 characters, a trailing date code aside) and holds a credit
 * word. */
int boyin_credit_chunk(const boyin_reading *r);

/* A bracket group opening at i (at most 40 characters) that holds a
 * `bracket` word, such as (记者 罗宇凡 叶锋): the index of its closing
 * bracket, or 0. */
size_t boyin_credit_group(const boyin_reading *r, size_t i);

/* A `phrase` word at i (我要评论): its length, or 0. */
size_t boyin_credit_furniture(const boyin_reading *r, size_t i);

#endif
