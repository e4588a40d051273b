#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/creditcode.h"

#define VALID "91350100M000100Y43" /* the example code of GB 32100-2015 */
#define CHARSET "0123456789ABCDEFGHJKLMNPQRTUWXY"

static void test_valid_example(void **state)
{
        (void) state;
        assert_int_equal(credit_code_check(VALID), CREDIT_CODE_OK);
        assert_int_equal(credit_code_check_char("91350100M000100Y4"), '3');
        assert_null(credit_code_message(CREDIT_CODE_OK));
}

static void test_check_value_zero(void **state)
{
        (void) state;
        /* Weighted sum 0: check value (31 - 0) % 31 = 0, the case a missing "% 31" gets wrong. */
        assert_int_equal(credit_code_check_char("00000000000000000"), '0');
        assert_int_equal(credit_code_check("000000000000000000"), CREDIT_CODE_OK);
        /* "1" first: weight 1, sum 1, check 30 = 'Y'. */
        assert_int_equal(credit_code_check_char("10000000000000000"), 'Y');
        /* "1" last: weight 28, sum 28, check 3. */
        assert_int_equal(credit_code_check_char("00000000000000001"), '3');
}

/* Each weight on its own: a '1' at one position and '0' elsewhere sums to that position's weight,
 * derived here as 3^i mod 31 (GB 32100-2015's definition) rather than copied from the table. */
static void test_each_weight(void **state)
{
        int w = 1;

        (void) state;
        for (int pos = 0; pos < 17; pos++) {
                char s[18];

                memset(s, '0', 17);
                s[17] = '\0';
                s[pos] = '1';
                assert_int_equal(credit_code_check_char(s), CHARSET[(31 - w) % 31]);
                w = w * 3 % 31;
        }
}

static void test_wrong_check_char(void **state)
{
        char s[] = VALID;

        (void) state;
        for (const char *c = CHARSET; *c; c++) {
                s[17] = *c;
                assert_int_equal(credit_code_check(s), *c == '3' ? CREDIT_CODE_OK : CREDIT_CODE_CHECK);
        }
        assert_string_equal(credit_code_message(CREDIT_CODE_CHECK), "统一社会信用代码校验位不正确");
}

/* The weights are powers of 3 modulo the prime 31, never 0: every one-character typo in the
 * first 17 positions changes the check character. */
static void test_every_single_substitution_detected(void **state)
{
        (void) state;
        for (int pos = 0; pos < 17; pos++) {
                for (const char *c = CHARSET; *c; c++) {
                        char s[] = VALID;

                        if (s[pos] == *c)
                                continue;
                        s[pos] = *c;
                        assert_int_equal(credit_code_check(s), CREDIT_CODE_CHECK);
                }
        }
}

static void test_charset(void **state)
{
        static const char excluded[] = { 'I', 'O', 'Z', 'S', 'V', 'm', 'y', '-', ' ', '*' };

        (void) state;
        assert_int_equal(credit_code_check("91350100m000100Y43"), CREDIT_CODE_CHARSET);
        assert_int_equal(credit_code_check("91350100M000100y43"), CREDIT_CODE_CHARSET);
        for (size_t i = 0; i < sizeof excluded; i++) {
                char s[] = VALID;

                s[8] = excluded[i]; /* in place of the M */
                assert_int_equal(credit_code_check(s), CREDIT_CODE_CHARSET);
                s[8] = 'M';
                s[17] = excluded[i]; /* as the check character */
                assert_int_equal(credit_code_check(s), CREDIT_CODE_CHARSET);
                s[17] = '\0';
                assert_int_equal(credit_code_check_char(s), '3');
                s[3] = excluded[i];
                assert_int_equal(credit_code_check_char(s), 0);
        }
        /* Six Chinese characters are 18 bytes: the wrong characters, not the wrong length. */
        assert_int_equal(credit_code_check("统一社会信用"), CREDIT_CODE_CHARSET);
        assert_string_equal(credit_code_message(CREDIT_CODE_CHARSET),
                            "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）");
}

static void test_length(void **state)
{
        (void) state;
        assert_int_equal(credit_code_check("91350100M000100Y4"), CREDIT_CODE_LENGTH);   /* 17 */
        assert_int_equal(credit_code_check("91350100M000100Y433"), CREDIT_CODE_LENGTH); /* 19 */
        assert_int_equal(credit_code_check(""), CREDIT_CODE_LENGTH);
        assert_int_equal(credit_code_check(NULL), CREDIT_CODE_LENGTH);
        assert_int_equal(credit_code_check(" 91350100M000100Y43"), CREDIT_CODE_LENGTH);
        assert_int_equal(credit_code_check_char("9135"), 0); /* short input stops at the NUL */
        assert_int_equal(credit_code_check_char(NULL), 0);
        assert_string_equal(credit_code_message(CREDIT_CODE_LENGTH), "统一社会信用代码应为 18 位");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid_example),
                cmocka_unit_test(test_check_value_zero),
                cmocka_unit_test(test_each_weight),
                cmocka_unit_test(test_wrong_check_char),
                cmocka_unit_test(test_every_single_substitution_detected),
                cmocka_unit_test(test_charset),
                cmocka_unit_test(test_length),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
