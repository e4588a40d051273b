/* The JSON writer of the list answers: commas and nesting, strings escaped as RFC 8259 asks,
 * bytes that are not UTF-8 written as U+FFFD (never invalid JSON), money and times as the API
 * writes them, and any jansson value written so that jansson reads back the same value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsongen.h"

static char *text;

static struct jg *start(struct buf *b, struct jg *w)
{
        *b = BUF_INIT(0);
        jg_init(w, b);
        return w;
}

static const char *end(struct buf *b, struct jg *w)
{
        assert_true(jg_ok(w));
        free(text);
        text = buf_detach(b);
        return text;
}

static void test_shape(void **state)
{
        (void)state;
        struct buf b;
        struct jg w;
        start(&b, &w);
        jg_open(&w);
        jg_key(&w, "items"), jg_array(&w);
        for (int i = 0; i < 3; i++) {
                jg_open(&w);
                jg_key(&w, "id"), jg_int(&w, i);
                jg_key(&w, "ok"), jg_bool(&w, i % 2);
                jg_close(&w);
        }
        jg_array_end(&w);
        jg_key(&w, "none"), jg_null(&w);
        jg_key(&w, "empty"), jg_array(&w), jg_array_end(&w);
        jg_key(&w, "raw"), jg_raw(&w, "[1,2]", 5);
        jg_close(&w);
        assert_string_equal(end(&b, &w), "{\"items\":[{\"id\":0,\"ok\":false},{\"id\":1,\"ok\":true},{\"id\":2,\"ok\":false}],"
                                         "\"none\":null,\"empty\":[],\"raw\":[1,2]}");
}

static void test_unbalanced(void **state)
{
        (void)state;
        struct buf b;
        struct jg w;
        start(&b, &w);
        jg_open(&w);
        assert_false(jg_ok(&w));        /* still open */
        jg_close(&w);
        jg_close(&w);                   /* one too many */
        assert_false(jg_ok(&w));
        buf_free(&b);
}

static void test_strings(void **state)
{
        (void)state;
        struct buf b;
        struct jg w;
        start(&b, &w);
        jg_array(&w);
        jg_str(&w, "引号\"与反斜杠\\，换行\n回车\r制表\t");
        jg_str(&w, "\x01\x1f\x7f/");
        jg_str(&w, NULL);
        jg_str_or_null(&w, "");
        jg_str_or_null(&w, "有");
        jg_str(&w, "\xff" "a\xe4\xb8" "b\xed\xa0\x80" "c\xf4\x90\x80\x80" "d\xc0\xaf" "e\xf0\x9f\x98\x80");
        jg_array_end(&w);
        assert_string_equal(end(&b, &w), "[\"引号\\\"与反斜杠\\\\，换行\\n回车\\r制表\\t\",\"\\u0001\\u001f\x7f/\",null,null,\"有\","
                                         "\"\xEF\xBF\xBD" "a\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "c"
                                         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD" "e\xf0\x9f\x98\x80\"]");
        json_error_t err;
        json_t *back = json_loads(text, 0, &err);
        assert_non_null(back);          /* valid JSON, valid UTF-8, whatever the bytes were */
        assert_string_equal(json_string_value(json_array_get(back, 0)), "引号\"与反斜杠\\，换行\n回车\r制表\t");
        json_decref(back);
}

static void test_numbers(void **state)
{
        (void)state;
        struct buf b;
        struct jg w;
        start(&b, &w);
        jg_array(&w);
        jg_int(&w, 0);
        jg_int(&w, -42);
        jg_int(&w, INT64_MAX);
        jg_int(&w, INT64_MIN);
        jg_money(&w, 120000);
        jg_money(&w, 86050);
        jg_money(&w, 86055);
        jg_money(&w, 5);
        jg_money(&w, 0);
        jg_money(&w, -1);
        jg_time(&w, 0);
        jg_time(&w, 1689386400);
        jg_array_end(&w);
        assert_string_equal(end(&b, &w), "[0,-42,9223372036854775807,-9223372036854775808,1200.0,860.5,860.55,0.05,0.0,null,"
                                         "null,\"2023-07-15T10:00:00+08:00\"]");
}

static void roundtrip(const char *json)
{
        json_t *v = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        assert_non_null(v);
        struct buf b;
        struct jg w;
        start(&b, &w);
        jg_json(&w, v);
        json_t *back = json_loads(end(&b, &w), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        assert_non_null(back);
        if (!json_equal(v, back))
                fail_msg("%s came back as %s", json, text);
        json_decref(v);
        json_decref(back);
}

static void test_jansson_values(void **state)
{
        (void)state;
        roundtrip("{\"cover\":{\"project_name\":\"智慧社区\",\"joint\":false,\"n\":null},\"a\":[1,2.5,-0.125,1e-7,"
                  "123456789012.34,\"x\\u0000y\",[],{}],\"money\":1200.0,\"big\":9007199254740993}");
        roundtrip("\"\\ud83d\\ude00 \\\" \\\\ \\n\"");
        roundtrip("[true,false,null,0,-1]");
        roundtrip("3.14159265358979");
        /* as reply_json writes reals (JSON_REAL_PRECISION(15)): 15 significant digits */
        struct buf b;
        struct jg w;
        json_t *pi = json_real(3.141592653589793);
        start(&b, &w);
        jg_json(&w, pi);
        assert_string_equal(end(&b, &w), "3.14159265358979");
        json_decref(pi);
        roundtrip("{}");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_shape),
                cmocka_unit_test(test_unbalanced),
                cmocka_unit_test(test_strings),
                cmocka_unit_test(test_numbers),
                cmocka_unit_test(test_jansson_values),
        };
        int r = cmocka_run_group_tests(tests, NULL, NULL);
        free(text);
        return r;
}
