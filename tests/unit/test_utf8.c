#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/utf8.h"

#define CJK "\xE5\xAD\x97" /* 字, U+5B57: three bytes */

/* n copies of the three-byte character 字, NUL-terminated; caller frees. */
static char *cjk_string(size_t n)
{
        char *s = malloc(3 * n + 1);

        assert_non_null(s);
        for (size_t i = 0; i < n; i++)
                memcpy(s + 3 * i, CJK, 3);
        s[3 * n] = '\0';
        return s;
}

static void test_ascii_and_empty(void **state)
{
        (void) state;
        assert_true(utf8_valid("", 0));
        assert_true(utf8_valid(NULL, 0));
        assert_false(utf8_valid(NULL, 1));
        assert_int_equal(utf8_count(""), 0);
        assert_int_equal(utf8_count("abc"), 3);
        assert_int_equal(utf8_count("\x7F"), 1);
        assert_int_equal(utf8_count(NULL), -1);
}

static void test_counts_characters_not_bytes(void **state)
{
        char *s300 = cjk_string(300), *s301 = cjk_string(301);

        (void) state;
        assert_int_equal(strlen(s300), 900);
        assert_int_equal(utf8_count(s300), 300);
        assert_int_equal(utf8_count(s301), 301);
        assert_true(utf8_valid(s300, strlen(s300)));
        /* One of each length: a, 中 (3 bytes), é (2 bytes), 😀 (4 bytes). */
        assert_int_equal(utf8_count("a\xE4\xB8\xAD\xC3\xA9\xF0\x9F\x98\x80"), 4);
        free(s300);
        free(s301);
}

static void test_boundary_code_points_valid(void **state)
{
        static const char *const ok[] = {
                "\xC2\x80",         /* U+0080, first two-byte */
                "\xDF\xBF",         /* U+07FF, last two-byte */
                "\xE0\xA0\x80",     /* U+0800, first three-byte */
                "\xED\x9F\xBF",     /* U+D7FF, just below the surrogates */
                "\xEE\x80\x80",     /* U+E000, just above them */
                "\xEF\xBF\xBF",     /* U+FFFF */
                "\xF0\x90\x80\x80", /* U+10000, first four-byte */
                "\xF4\x8F\xBF\xBF", /* U+10FFFF, the last code point */
        };

        (void) state;
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
                assert_true(utf8_valid(ok[i], strlen(ok[i])));
                assert_int_equal(utf8_count(ok[i]), 1);
        }
}

static void test_invalid_sequences(void **state)
{
        static const char *const bad[] = {
                "\xC0\x80",         /* overlong NUL */
                "\xC1\xBF",         /* overlong U+007F */
                "\xE0\x80\x80",     /* overlong three-byte */
                "\xE0\x9F\xBF",     /* overlong U+07FF */
                "\xF0\x80\x80\x80", /* overlong four-byte */
                "\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
                "\xED\xA0\x80",     /* U+D800, surrogate */
                "\xED\xBF\xBF",     /* U+DFFF, surrogate */
                "\xF4\x90\x80\x80", /* U+110000, above the last code point */
                "\xF5\x80\x80\x80", /* lead byte that can only start > U+10FFFF */
                "\xFF",
                "\x80",             /* continuation without a lead */
                "\xE4\xB8",         /* 中 truncated */
                "\xE4\xB8\x61",     /* truncated, then ASCII "a" */
                "\xE4\x41\xAD",     /* bad continuation */
                "\xF0\x9F\x98",     /* 😀 truncated */
                "ok\xC3",           /* truncated at the very end */
        };

        (void) state;
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                assert_false(utf8_valid(bad[i], strlen(bad[i])));
                assert_int_equal(utf8_count(bad[i]), -1);
        }
}

static void test_length_bound_respected(void **state)
{
        const char *zhong = "\xE4\xB8\xAD";

        (void) state;
        /* The length, not the NUL, ends the input: a sequence cut by it is truncated. */
        assert_false(utf8_valid(zhong, 2));
        assert_true(utf8_valid(zhong, 3));
        assert_true(utf8_valid(zhong, 0));
        /* NUL is U+0000, well-formed when the length includes it. */
        assert_true(utf8_valid("a\0b", 3));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_ascii_and_empty),
                cmocka_unit_test(test_counts_characters_not_bytes),
                cmocka_unit_test(test_boundary_code_points_valid),
                cmocka_unit_test(test_invalid_sequences),
                cmocka_unit_test(test_length_bound_respected),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
