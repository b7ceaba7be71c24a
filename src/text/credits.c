/* credits.c - bylines, credits, captions and page furniture (see credits.h). */
#include "credits.h"

#include <string.h>

static int key_at(const boyin_reading *c, size_t i, const boyin_entry *e)
{
    return i + e->klen <= c->n && memcmp(c->s + i, boyin_entry_key(e), e->klen * sizeof *c->s) == 0;
}

size_t boyin_credit_group(const boyin_reading *c, size_t i)
{
    size_t close = 0;
    for (size_t k = i + 1; k < c->n && k <= i + 40 && !close; k++)
        if (is_close(c->s[k]))
            close = k;
        else if (is_open(c->s[k]))
            return 0;
    for (size_t k = 0; close && k < c->tb->credits.n; k++) {
        const boyin_entry *e = &c->tb->credits.v[k];
        if (e->value_kind == BOYIN_CREDIT_BRACKET)
            for (size_t q = i + 1; q + e->klen <= close; q++)
                if (key_at(c, q, e))
                    return close;
    }
    return 0;
}

size_t boyin_credit_furniture(const boyin_reading *c, size_t i)
{
    for (size_t k = 0; k < c->tb->credits.n; k++) {
        const boyin_entry *e = &c->tb->credits.v[k];
        if (e->value_kind == BOYIN_CREDIT_PHRASE && key_at(c, i, e))
            return e->klen;
    }
    return 0;
}

int boyin_credit_chunk(const boyin_reading *c)
{
    const boyin_table *credits = &c->tb->credits;
    size_t n = c->n;
    int found = 0;
    while (n > 0 && is_d(c->s[n - 1]))
        n--; /* CNA's trailing date code: （編輯：唐佩君）1120823 */
    for (size_t k = 0; k < credits->n && !found && c->n > 0; k++) {
        const boyin_entry *e = &credits->v[k];
        if (e->value_kind == BOYIN_CREDIT_LABEL)
            found = c->n > e->klen && key_at(c, 0, e) && (c->s[e->klen] == ':' || c->s[e->klen] == 0xFF1A);
        else if (e->value_kind == BOYIN_CREDIT_CAPTION)
            found = key_at(c, 0, e);
        else if (n > 2 /* bracket and phrase words: a chunk wholly in brackets */ && is_open(c->s[0]) && is_close(c->s[n - 1]) && n <= 40)
            for (size_t i = 1; i + e->klen < n && !found; i++)
                found = key_at(c, i, e);
    }
    return found;
}
