/* The shape check of JSON bodies: unknown fields, wrong types, missing required fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "api/input.h"

static const struct input_field fields[] = {
        { "username", "用户名", INPUT_STRING, true },
        { "age", "年龄", INPUT_INTEGER, false },
        { "joint", "是否联合申报", INPUT_BOOL, false },
        { 0 },
};

static json_t *check(const char *text, bool *ok)
{
        json_t *body = json_loads(text, 0, NULL);
        assert_non_null(body);
        json_t *p = json_object();
        *ok = input_check(body, fields, p);
        json_decref(body);
        return p;
}

static const char *msg(json_t *p, const char *key)
{
        return json_string_value(json_object_get(p, key));
}

static void test_good_body(void **state)
{
        (void)state;
        bool ok;
        json_t *p = check("{\"username\":\"a\",\"age\":3,\"joint\":false}", &ok);
        assert_true(ok);
        assert_int_equal(json_object_size(p), 0);
        json_decref(p);
}

static void test_unknown_field_named(void **state)
{
        (void)state;
        bool ok;
        json_t *p = check("{\"username\":\"a\",\"usernme\":\"b\"}", &ok);
        assert_false(ok);
        assert_int_equal(json_object_size(p), 1);
        assert_non_null(strstr(msg(p, "usernme"), "usernme"));
        json_decref(p);
}

static void test_wrong_types_named_in_chinese(void **state)
{
        (void)state;
        bool ok;
        json_t *p = check("{\"username\":5,\"age\":\"3\",\"joint\":\"yes\"}", &ok);
        assert_false(ok);
        assert_string_equal(msg(p, "username"), "用户名应为文本");
        assert_string_equal(msg(p, "age"), "年龄应为整数");
        assert_non_null(strstr(msg(p, "joint"), "是否联合申报"));
        json_decref(p);
}

static void test_missing_and_null(void **state)
{
        (void)state;
        bool ok;
        json_t *p = check("{}", &ok);
        assert_false(ok);
        assert_string_equal(msg(p, "username"), "请填写用户名");
        json_decref(p);
        p = check("{\"username\":null}", &ok);
        assert_false(ok);
        assert_string_equal(msg(p, "username"), "请填写用户名");
        json_decref(p);
        /* an optional field may be null */
        p = check("{\"username\":\"a\",\"age\":null}", &ok);
        assert_true(ok);
        json_decref(p);
}

static void test_real_is_not_integer(void **state)
{
        (void)state;
        bool ok;
        json_t *p = check("{\"username\":\"a\",\"age\":3.5}", &ok);
        assert_false(ok);
        assert_non_null(msg(p, "age"));
        json_decref(p);
}

/* found by fuzz_json_body: a long key made a cut message, which jansson dropped with the problem */
static void test_long_unknown_keys_still_refused(void **state)
{
        (void)state;
        for (size_t len = 200; len < 300; len++) {
                char key[400], text[512];
                memset(key, 'r', len);
                key[len] = '\0';
                snprintf(text, sizeof text, "{\"username\":\"a\",\"%s\":1}", key);
                bool ok;
                json_t *p = check(text, &ok);
                assert_false(ok);
                assert_non_null(msg(p, key));
                json_decref(p);
        }
        /* multi-byte keys at many lengths */
        char key[600] = "", text[800];
        for (int i = 0; i < 150; i++) {
                strcat(key, "字");
                snprintf(text, sizeof text, "{\"username\":\"a\",\"%s\":1}", key);
                bool ok;
                json_t *p = check(text, &ok);
                assert_false(ok);
                json_decref(p);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_good_body),
                cmocka_unit_test(test_unknown_field_named),
                cmocka_unit_test(test_wrong_types_named_in_chinese),
                cmocka_unit_test(test_missing_and_null),
                cmocka_unit_test(test_real_is_not_integer),
                cmocka_unit_test(test_long_unknown_keys_still_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
