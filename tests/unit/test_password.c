#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/password.h"

#define TOO_SHORT "密码至少 8 位"
#define CLASSES "密码须包含大写字母、小写字母、数字、符号中的至少三类"
#define SAME "密码不能与用户名相同"
#define TOO_LONG "密码不能超过 128 个字节（一个汉字占 3 个字节）"

/* assert_string_equal would crash on NULL instead of reporting it. */
static void problem_is(const char *password, const char *username, const char *want)
{
        const char *got = password_problem(password, username);

        assert_non_null(got);
        assert_string_equal(got, want);
}

static void test_length_boundary(void **state)
{
        (void) state;
        assert_null(password_problem("Abcdef1!", "user"));           /* 8 */
        problem_is("Abcde1!", "user", TOO_SHORT); /* 7 */
        problem_is("", "user", "请输入密码");
        problem_is(NULL, "user", "请输入密码");
}

static void test_classes_boundary(void **state)
{
        (void) state;
        problem_is("abcdefgh1", "user", CLASSES); /* lower + digit */
        problem_is("ABCDEFGH!", "user", CLASSES); /* upper + symbol */
        problem_is("abcdefgh", "user", CLASSES);
        assert_null(password_problem("abcdefG1", "user"));   /* lower + upper + digit */
        assert_null(password_problem("abcdefg1!", "user"));  /* lower + digit + symbol */
        assert_null(password_problem("ABCDEFG!a", "user"));  /* upper + symbol + lower */
        assert_null(password_problem("abcd efg1", "user"));  /* a space is a symbol */
        assert_null(password_problem("Abcdef1!", "user"));   /* all four */
}

static void test_chinese_characters(void **state)
{
        (void) state;
        /* 4 Chinese + 4 ASCII = 8 characters (16 bytes); Chinese is the "other" class. */
        assert_null(password_problem("密码密码ab12", "user"));
        /* 7 characters in 13 bytes: too short, whatever the byte count says. */
        problem_is("密码密ab12", "user", TOO_SHORT);
        /* 8 characters, one class. */
        problem_is("密码密码密码密码", "user", CLASSES);
        /* Chinese + digits: two classes only. */
        problem_is("密码密码1234", "user", CLASSES);
        problem_is("密码\xE4\xB8" "abcd12", "user", "密码含有无效字符");
}

static void test_max_bytes(void **state)
{
        char s[200];

        (void) state;
        memset(s, 'a', sizeof s);
        memcpy(s, "Aa1!", 4);
        s[128] = '\0';
        assert_null(password_problem(s, "user"));
        s[128] = 'a';
        s[129] = '\0';
        problem_is(s, "user", TOO_LONG);

        /* 42 Chinese + "A1" = 128 bytes, fine; 43 Chinese + "A1" = 131 bytes for 45 characters. */
        for (int i = 0; i < 42; i++)
                memcpy(s + 3 * i, "字", 3);
        memcpy(s + 126, "A1", 3);
        assert_null(password_problem(s, "user"));
        memcpy(s + 126, "字A1", 6);
        assert_int_equal(strlen(s), 131);
        problem_is(s, "user", TOO_LONG);
}

static void test_username(void **state)
{
        (void) state;
        problem_is("Zhang.san1", "Zhang.san1", SAME);
        problem_is("Zhang.san1", "zhang.san1", SAME);
        problem_is("ZHANG.SAN1", "zhang.san1", SAME);
        assert_null(password_problem("Zhang.san1", "zhang.san"));
        assert_null(password_problem("Zhang.san1", "zhang.san12"));
        assert_null(password_problem("Zhang.san1", NULL));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_length_boundary),
                cmocka_unit_test(test_classes_boundary),
                cmocka_unit_test(test_chinese_characters),
                cmocka_unit_test(test_max_bytes),
                cmocka_unit_test(test_username),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
