/* The list answers' JSON writer on any bytes: written as a string, a key's value, or inside an
 * array, the output is always JSON that jansson reads; a valid UTF-8 input comes back exactly,
 * an invalid one with U+FFFD where the reference decoder refuses a byte. And a JSON document the
 * input happens to be is written so that jansson reads back an equal value. */
#include "fuzz_common.h"
#include "util/buf.h"
#include "util/jsongen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = fuzz_strndup(data, size);
        size_t len = strlen(s);         /* a C string ends at its first NUL */
        struct buf b = BUF_INIT(0);
        struct jg w;
        jg_init(&w, &b);
        jg_open(&w);
        jg_key(&w, "s"), jg_str(&w, s);
        jg_key(&w, "a"), jg_array(&w), jg_str(&w, s), jg_int(&w, (int64_t)size), jg_array_end(&w);
        jg_close(&w);
        FUZZ_CHECK(jg_ok(&w), "writer failed on %zu bytes", size);
        json_error_t err;
        json_t *back = json_loadb(b.data, b.len, 0, &err);
        FUZZ_CHECK(back, "not JSON (%s): %.200s", err.text, b.data);
        const char *got = json_string_value(json_object_get(back, "s"));
        FUZZ_CHECK(got, "no string s");
        FUZZ_CHECK(json_equal(json_object_get(back, "s"), json_array_get(json_object_get(back, "a"), 0)),
                   "the same string written twice differs");
        if (fuzz_utf8_ref_count(data, len) >= 0)
                FUZZ_CHECK(strlen(got) == len && memcmp(got, s, len) == 0, "valid UTF-8 did not come back as it was");
        else
                FUZZ_CHECK(strstr(got, "\xEF\xBF\xBD") != NULL, "invalid UTF-8 came back without U+FFFD");
        json_decref(back);
        buf_free(&b);

        json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
        if (doc) {
                jg_init(&w, &b);
                jg_json(&w, doc);
                FUZZ_CHECK(jg_ok(&w), "writer failed on a JSON document");
                json_t *again = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
                FUZZ_CHECK(again, "the document written is not JSON (%s): %.200s", err.text, b.data);
                /* reals are written with 15 significant digits (as the server writes them), so
                 * compare the text each gives jansson at that precision */
                char *x = json_dumps(doc, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
                char *y = json_dumps(again, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
                FUZZ_CHECK(x && y && strcmp(x, y) == 0, "document changed: %.200s → %.200s", x ? x : "?", y ? y : "?");
                free(x);
                free(y);
                json_decref(again);
                json_decref(doc);
                buf_free(&b);
        }
        free(s);
        return 0;
}
