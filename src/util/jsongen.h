/* Writing JSON text straight into a buffer, for the answers that are long lists of the same
 * shape (the application list, the application itself), where building a jansson tree first cost
 * more than the answer itself (docs/performance.md). Output only: every request body is still
 * parsed and checked by jansson.
 *
 * Strings must be valid UTF-8: everything stored was checked at the edge (jansson refuses invalid
 * UTF-8 in bodies, file names are cleaned), and jg_str checks again and writes U+FFFD for a
 * byte that is not, so the answer is always valid JSON. Commas are placed by the writer. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define JG_DEPTH 32

struct jg {
        struct buf *out;
        int depth;
        bool need_comma[JG_DEPTH];      /* a value was written at this level */
        bool after_key;                 /* the next value follows a key: no comma */
        bool failed;                    /* out of memory or too deep; sticks */
};

void jg_init(struct jg *w, struct buf *out);
/* Whether everything went into the buffer and every open was closed; ends the buffer's text with
 * its NUL (until then it grows without one). */
bool jg_ok(struct jg *w);

void jg_open(struct jg *w);                     /* { */
void jg_close(struct jg *w);                    /* } */
void jg_array(struct jg *w);                    /* [ */
void jg_array_end(struct jg *w);                /* ] */
/* A key: a C string of plain ASCII that needs no escaping (the API's own key names). */
void jg_key(struct jg *w, const char *key);
/* The same, written at compile time: JG_KEY(w, "id") puts "\"id\":" in one piece. */
void jg_key_text(struct jg *w, const char *quoted, size_t n);
#define JG_KEY(w, k) jg_key_text((w), "\"" k "\":", sizeof("\"" k "\":") - 1)
/* A string; NULL is null. */
void jg_str(struct jg *w, const char *s);
/* A string, or null when it is NULL or "". */
void jg_str_or_null(struct jg *w, const char *s);
void jg_int(struct jg *w, int64_t v);
void jg_bool(struct jg *w, bool v);
void jg_null(struct jg *w);
/* Hundredths of 万元 as a number (1200.0, 860.5, 860.55); negative is null (none given). */
void jg_money(struct jg *w, int64_t hundredths);
/* UTC seconds as Beijing RFC 3339; 0 is null. */
void jg_time(struct jg *w, int64_t t);
/* A value already written as JSON text (a fragment made once and reused). */
void jg_raw(struct jg *w, const char *json, size_t n);
/* A jansson value, whole (reals with 15 significant digits, as jansson writes them). */
void jg_json(struct jg *w, json_t *v);
