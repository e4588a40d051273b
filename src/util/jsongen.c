#include "util/jsongen.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

void jg_init(struct jg *w, struct buf *out)
{
        *w = (struct jg){ .out = out };
}

bool jg_ok(struct jg *w)
{
        if (w->out->data)
                w->out->data[w->out->len] = '\0';      /* buf_reserve kept room for it */
        return !w->failed && w->depth == 0;
}

/* Everything goes through here, thousands of times per answer: straight into the buffer while it
 * has room, growing it by doubling (buf_reserve) otherwise. The buffer's closing NUL is written
 * once, by jg_ok: until then the text grows without it. */
static inline void put(struct jg *w, const char *s, size_t n)
{
        struct buf *b = w->out;
        bool room = b->len + n < b->alloc && (!b->cap || b->len + n <= b->cap);
        if (!room && (w->failed || buf_reserve(b, n) < 0)) {
                w->failed = true;
                return;
        }
        memcpy(b->data + b->len, s, n);
        b->len += n;
}

/* Before a value: the comma that separates it from the one before, unless it follows its key. */
static void value(struct jg *w)
{
        if (w->after_key)
                w->after_key = false;
        else if (w->need_comma[w->depth])
                put(w, ",", 1);
        w->need_comma[w->depth] = true;
}

static void open_(struct jg *w, char c)
{
        value(w);
        put(w, &c, 1);
        if (w->depth + 1 >= JG_DEPTH) {
                w->failed = true;
                return;
        }
        w->need_comma[++w->depth] = false;
}

static void close_(struct jg *w, char c)
{
        if (w->depth == 0) {
                w->failed = true;
                return;
        }
        w->depth--;
        put(w, &c, 1);
}

void jg_open(struct jg *w)
{
        open_(w, '{');
}

void jg_close(struct jg *w)
{
        close_(w, '}');
}

void jg_array(struct jg *w)
{
        open_(w, '[');
}

void jg_array_end(struct jg *w)
{
        close_(w, ']');
}

void jg_key(struct jg *w, const char *key)
{
        value(w);
        put(w, "\"", 1);
        put(w, key, strlen(key));
        put(w, "\":", 2);
        w->after_key = true;
}

void jg_key_text(struct jg *w, const char *quoted, size_t n)
{
        value(w);
        put(w, quoted, n);
        w->after_key = true;
}

/* The length of the valid UTF-8 sequence at p (of at most n bytes), or 0 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
        unsigned c = p[0];
        if (c < 0x80)
                return 1;
        size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!len || len > n)
                return 0;
        for (size_t i = 1; i < len; i++)
                if ((p[i] & 0xC0) != 0x80)
                        return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
            (c == 0xF4 && p[1] > 0x8F))
                return 0;
        return len;
}

/* The bytes a plain run goes on over: printable ASCII but '"' and '\\'. */
static inline bool plain(unsigned c)
{
        return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

static void put_string(struct jg *w, const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *)s;
        put(w, "\"", 1);
        size_t run = 0;         /* bytes since the last escape, written in one piece */
        for (size_t i = 0; i < n;) {
                unsigned c = p[i];
                if (plain(c)) {
                        i++;
                        run++;
                        continue;
                }
                const char *esc = NULL;
                char u[8];
                size_t len = 1;
                if (c == '"')
                        esc = "\\\"";
                else if (c == '\\')
                        esc = "\\\\";
                else if (c == '\n')
                        esc = "\\n";
                else if (c == '\r')
                        esc = "\\r";
                else if (c == '\t')
                        esc = "\\t";
                else if (c < 0x20) {
                        snprintf(u, sizeof u, "\\u%04x", c);
                        esc = u;
                } else if (c >= 0x80 && !(len = utf8_seq(p + i, n - i))) {
                        esc = "\xEF\xBF\xBD";   /* U+FFFD for a byte that is not UTF-8 */
                        len = 1;
                }
                if (!esc) {
                        i += len;
                        run += len;
                        continue;
                }
                put(w, (const char *)p + i - run, run);
                put(w, esc, strlen(esc));
                run = 0;
                i += len;
        }
        put(w, (const char *)p + n - run, run);
        put(w, "\"", 1);
}

void jg_str(struct jg *w, const char *s)
{
        value(w);
        if (s)
                put_string(w, s, strlen(s));
        else
                put(w, "null", 4);
}

void jg_str_or_null(struct jg *w, const char *s)
{
        jg_str(w, s && *s ? s : NULL);
}

void jg_int(struct jg *w, int64_t v)
{
        char num[24];
        char *p = num + sizeof num;
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        do {
                *--p = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (v < 0)
                *--p = '-';
        value(w);
        put(w, p, (size_t)(num + sizeof num - p));
}

void jg_bool(struct jg *w, bool v)
{
        value(w);
        put(w, v ? "true" : "false", v ? 4 : 5);
}

void jg_null(struct jg *w)
{
        value(w);
        put(w, "null", 4);
}

void jg_money(struct jg *w, int64_t hundredths)
{
        if (hundredths < 0) {
                jg_null(w);
                return;
        }
        /* exact, integer arithmetic; one decimal at least, as jansson printed these reals */
        jg_int(w, hundredths / 100);
        int64_t cents = hundredths % 100;
        char frac[3] = { '.', (char)('0' + cents / 10), (char)('0' + cents % 10) };
        put(w, frac, cents % 10 ? 3 : 2);
}

void jg_time(struct jg *w, int64_t t)
{
        char at[32];
        jg_str(w, t ? time_format_beijing(t, at) : NULL);
}

void jg_raw(struct jg *w, const char *json, size_t n)
{
        value(w);
        put(w, json, n);
}

void jg_json(struct jg *w, json_t *v)
{
        const char *k;
        json_t *x;
        size_t i;
        switch (json_typeof(v)) {
        case JSON_OBJECT:
                jg_open(w);
                json_object_foreach(v, k, x) {
                        value(w);
                        put_string(w, k, strlen(k));
                        put(w, ":", 1);
                        w->after_key = true;
                        jg_json(w, x);
                }
                jg_close(w);
                break;
        case JSON_ARRAY:
                jg_array(w);
                json_array_foreach(v, i, x) jg_json(w, x);
                jg_array_end(w);
                break;
        case JSON_STRING:
                value(w);
                put_string(w, json_string_value(v), json_string_length(v));
                break;
        case JSON_INTEGER:
                jg_int(w, json_integer_value(v));
                break;
        case JSON_REAL: {
                char num[64];
                int n = snprintf(num, sizeof num, "%.15g", json_real_value(v));
                if (!strpbrk(num, ".eE") && n + 2 < (int)sizeof num) {
                        memcpy(num + n, ".0", 3);
                        n += 2;
                }
                jg_raw(w, num, (size_t)n);
                break;
        }
        case JSON_TRUE:
                jg_bool(w, true);
                break;
        case JSON_FALSE:
                jg_bool(w, false);
                break;
        default:
                jg_null(w);
                break;
        }
}
