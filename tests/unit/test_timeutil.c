#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/timeutil.h"

static int32_t date_ok(const char *s)
{
        int32_t d = -12345;

        assert_int_equal(date_parse(s, &d), 0);
        return d;
}

static void date_refused(const char *s)
{
        int32_t d = -12345;

        assert_int_equal(date_parse(s, &d), -EINVAL);
        assert_int_equal(d, -12345);
}

static int64_t time_ok(const char *s)
{
        int64_t t = -12345;

        assert_int_equal(time_parse_rfc3339(s, &t), 0);
        return t;
}

static void time_refused(const char *s)
{
        int64_t t = -12345;

        assert_int_equal(time_parse_rfc3339(s, &t), -EINVAL);
        assert_int_equal(t, -12345);
}

static void test_date_known_values(void **state)
{
        (void) state;
        /* Reference values computed independently (Python's datetime.date). */
        assert_int_equal(date_ok("1970-01-01"), 0);
        assert_int_equal(date_ok("1969-12-31"), -1);
        assert_int_equal(date_ok("2023-07-01"), 19539);
        assert_int_equal(date_ok("2023-07-31"), 19569);
        assert_int_equal(date_ok("2022-12-31"), 19357);
        assert_int_equal(date_ok("2000-02-29"), 11016);
        assert_int_equal(date_ok("0001-01-01"), -719162);
        assert_int_equal(date_ok("9999-12-31"), 2932896);
}

static void test_date_leap_years(void **state)
{
        (void) state;
        date_refused("2023-02-29");
        assert_int_equal(date_ok("2024-02-29"), 19782);
        assert_int_equal(date_ok("2024-03-01") - date_ok("2024-02-28"), 2);
        assert_int_equal(date_ok("2023-03-01") - date_ok("2023-02-28"), 1);
        date_refused("1900-02-29"); /* divisible by 100, not by 400 */
        date_ok("2000-02-29");
}

static void test_date_refuses(void **state)
{
        static const char *const bad[] = {
                "2023-04-31", "2023-00-10", "2023-13-01", "2023-01-00", "2023-01-32",
                "2023-7-31", "2023-07-1", "23-07-31", "2023-07-31 ", " 2023-07-31",
                "2023/07/31", "2023-07-31T00:00:00Z", "", "-023-07-01", "2023-07-3a",
                "２０２３-07-31",
        };

        (void) state;
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                date_refused(bad[i]);
        date_refused(NULL);
}

/* Walks the calendar one day at a time with its own month table, so the day numbers are checked
 * against a method that shares nothing with the implementation's arithmetic. */
static void test_date_every_day_1900_2100(void **state)
{
        static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        int32_t expect = date_ok("1900-01-01");
        char s[32], f[32];

        (void) state;
        assert_int_equal(expect, -25567);
        for (int y = 1900; y <= 2100; y++) {
                bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

                for (int m = 1; m <= 12; m++) {
                        int n = mdays[m - 1] + (m == 2 && leap);

                        for (int d = 1; d <= n; d++) {
                                snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
                                assert_int_equal(date_ok(s), expect);
                                assert_string_equal(date_format(expect, f), s);
                                expect++;
                        }
                        snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, n + 1);
                        date_refused(s);
                }
        }
}

static void test_month(void **state)
{
        int32_t a = -1, b = -1, c = 77;
        char buf[32];

        (void) state;
        assert_int_equal(month_parse("2022-01", &a), 0);
        assert_int_equal(a, 2022 * 12);
        assert_int_equal(month_parse("2021-12", &b), 0);
        assert_int_equal(b, 2022 * 12 - 1);
        assert_true(b < a); /* a project started 2021-12 is before the earliest 2022-01 */
        assert_int_equal(month_parse("2022-12", &b), 0);
        assert_int_equal(b, 2022 * 12 + 11);
        assert_int_equal(month_parse("2022-13", &c), -EINVAL);
        assert_int_equal(month_parse("2022-00", &c), -EINVAL);
        assert_int_equal(month_parse("2022-1", &c), -EINVAL);
        assert_int_equal(month_parse("2022-01-01", &c), -EINVAL);
        assert_int_equal(month_parse("2022/01", &c), -EINVAL);
        assert_int_equal(month_parse("", &c), -EINVAL);
        assert_int_equal(month_parse(NULL, &c), -EINVAL);
        assert_int_equal(c, 77);
        assert_string_equal(month_format(a, buf), "2022-01");
        assert_string_equal(month_format(a - 1, buf), "2021-12");
}

static void test_rfc3339(void **state)
{
        (void) state;
        assert_int_equal(time_ok("1970-01-01T00:00:00Z"), 0);
        assert_int_equal(time_ok("1969-12-31T23:59:59Z"), -1);
        assert_int_equal(time_ok("2023-07-15T02:00:00Z"), 1689386400);
        assert_int_equal(time_ok("2023-07-15T10:00:00+08:00"), 1689386400);
        assert_int_equal(time_ok("2023-07-14T20:30:00-05:30"), 1689386400);
        assert_int_equal(time_ok("2023-07-15t02:00:00z"), 1689386400);
        assert_int_equal(time_ok("2023-07-31T23:59:59.999+08:00"), 1690819199);
        assert_int_equal(time_ok("2024-02-29T12:00:00Z"), 19782 * INT64_C(86400) + 12 * 3600);

        time_refused("2023-07-15T10:00:00");       /* no offset */
        time_refused("2023-07-15 10:00:00+08:00"); /* space instead of T */
        time_refused("2023-07-15T24:00:00Z");
        time_refused("2023-07-15T23:60:00Z");
        time_refused("2023-07-15T23:59:60Z");
        time_refused("2023-07-15T10:00:00+8:00");
        time_refused("2023-07-15T10:00:00+08");
        time_refused("2023-07-15T10:00:00+0800");
        time_refused("2023-07-15T10:00:00+24:00");
        time_refused("2023-07-15T10:00:00.Z");
        time_refused("2023-07-15T10:00:00Zjunk");
        time_refused("2023-02-29T10:00:00Z");
        time_refused("2023-07-15T10:00Z");
        time_refused("2023-07-15");
        time_refused("");
        time_refused(NULL);
}

static void test_format(void **state)
{
        char buf[32];

        (void) state;
        assert_string_equal(time_format_beijing(1689386400, buf), "2023-07-15T10:00:00+08:00");
        assert_string_equal(time_format_utc(1689386400, buf), "2023-07-15T02:00:00Z");
        /* 16:00 UTC is already the next day in Beijing. */
        assert_string_equal(time_format_beijing(time_ok("2023-07-31T16:00:00Z"), buf),
                            "2023-08-01T00:00:00+08:00");
        assert_string_equal(time_format_utc(-1, buf), "1969-12-31T23:59:59Z");
        assert_string_equal(time_format_beijing(-1, buf), "1970-01-01T07:59:59+08:00");
        assert_string_equal(time_format_utc(INT64_MAX / 2, buf), "9999-12-31T23:59:59Z");
        assert_ptr_equal(time_format_utc(0, buf), buf);
        /* Round trip through both formats. */
        for (int64_t t = -100000; t < 3000000000; t += 9999991) {
                assert_int_equal(time_ok(time_format_beijing(t, buf)), t);
                assert_int_equal(time_ok(time_format_utc(t, buf)), t);
        }
}

static void test_beijing_days(void **state)
{
        int32_t jul31 = date_ok("2023-07-31"), jul1 = date_ok("2023-07-01");

        (void) state;
        assert_int_equal(beijing_day_end(jul31), time_ok("2023-07-31T23:59:59+08:00"));
        assert_int_equal(beijing_day_start(jul1), time_ok("2023-07-01T00:00:00+08:00"));
        assert_int_equal(beijing_day_start(jul1), time_ok("2023-06-30T16:00:00Z"));
        assert_int_equal(beijing_day_end(jul31) + 1, beijing_day_start(jul31 + 1));
        assert_int_equal(beijing_day_of(time_ok("2023-07-31T15:59:59Z")), jul31);
        assert_int_equal(beijing_day_of(time_ok("2023-07-31T16:00:00Z")), jul31 + 1);
        assert_int_equal(beijing_day_of(time_ok("2023-07-31T00:00:00+08:00")), jul31);
        assert_int_equal(beijing_day_of(time_ok("1970-01-01T07:59:59+08:00")), 0);
        assert_int_equal(beijing_day_of(time_ok("1969-12-31T23:59:59+08:00")), -1);
        assert_int_equal(beijing_day_of(beijing_day_start(-5)), -5);
        assert_int_equal(beijing_day_of(beijing_day_end(-5)), -5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_date_known_values),
                cmocka_unit_test(test_date_leap_years),
                cmocka_unit_test(test_date_refuses),
                cmocka_unit_test(test_date_every_day_1900_2100),
                cmocka_unit_test(test_month),
                cmocka_unit_test(test_rfc3339),
                cmocka_unit_test(test_format),
                cmocka_unit_test(test_beijing_days),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
