#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/money.h"

#define SENTINEL INT64_C(-777)

static int64_t parse_ok(const char *s)
{
        int64_t v = SENTINEL;

        assert_int_equal(money_parse(s, &v), 0);
        return v;
}

static void parse_refused(const char *s, int err)
{
        int64_t v = SENTINEL;

        assert_int_equal(money_parse(s, &v), err);
        assert_int_equal(v, SENTINEL); /* untouched on failure */
}

static void test_parse_accepts(void **state)
{
        (void) state;
        assert_int_equal(parse_ok("500"), 50000);
        assert_int_equal(parse_ok("500.5"), 50050);
        assert_int_equal(parse_ok("500.00"), 50000);
        assert_int_equal(parse_ok("499.99"), 49999);
        assert_int_equal(parse_ok("0"), 0);
        assert_int_equal(parse_ok("0.01"), 1);
        assert_int_equal(parse_ok("0500.10"), 50010);
        assert_int_equal(parse_ok("99999999.99"), MONEY_MAX);
}

static void test_parse_refuses(void **state)
{
        static const char *const bad[] = {
                "500.001", "-1", "+1", "1e3", "1E3", " 5", "5 ", "5.", ".5", "", ".",
                "1,000", "5..0", "5.0.0", "abc", "0x10", "\xEF\xBC\x95" /* full-width 5 */,
                "5.-1", "NaN", "inf",
        };

        (void) state;
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                parse_refused(bad[i], -EINVAL);
        parse_refused(NULL, -EINVAL);
        assert_int_equal(money_parse("1", NULL), -EINVAL);
}

static void test_parse_range(void **state)
{
        (void) state;
        assert_int_equal(parse_ok("99999999.99"), MONEY_MAX);
        parse_refused("100000000.00", -ERANGE); /* MONEY_MAX + 0.01 */
        parse_refused("100000000", -ERANGE);
        /* Far more digits than int64 holds: must be refused, not overflowed (UBSan watches). */
        parse_refused("99999999999999999999999999999999", -ERANGE);
        assert_int_equal(parse_ok("0000000000000000000000000000000001.5"), 150);
}

static int64_t from_double_ok(double d)
{
        int64_t v = SENTINEL;

        assert_int_equal(money_from_double(d, &v), 0);
        return v;
}

static void from_double_refused(double d, int err)
{
        int64_t v = SENTINEL;

        assert_int_equal(money_from_double(d, &v), err);
        assert_int_equal(v, SENTINEL);
}

static void test_from_double(void **state)
{
        (void) state;
        assert_int_equal(from_double_ok(499.99), 49999);
        assert_int_equal(from_double_ok(500.00), 50000);
        assert_int_equal(from_double_ok(500), 50000);
        assert_int_equal(from_double_ok(0.1), 10);
        assert_int_equal(from_double_ok(0.3), 30);
        assert_int_equal(from_double_ok(0), 0);
        assert_int_equal(from_double_ok(1e3), 100000);
        assert_int_equal(from_double_ok(99999999.99), MONEY_MAX);
        from_double_refused(500.001, -EINVAL);
        from_double_refused(499.995, -EINVAL);
        from_double_refused(0.1 + 0.2, -EINVAL); /* 0.30000000000000004 has more than 2 decimals */
        from_double_refused(-1, -EINVAL);
        from_double_refused(-0.01, -EINVAL);
        from_double_refused(NAN, -EINVAL);
        from_double_refused(100000000.00, -ERANGE);
        from_double_refused(1e300, -ERANGE);
        from_double_refused(INFINITY, -ERANGE);
        assert_int_equal(money_from_double(1, NULL), -EINVAL);
}

/* What a JSON parser does with "h/100" written out is strtod: every such amount must come back
 * exactly, not just the ones picked above. */
static void test_from_double_every_cent(void **state)
{
        char buf[64];

        (void) state;
        for (int64_t h = 0; h <= 2000000; h++) {
                snprintf(buf, sizeof buf, "%" PRId64 ".%02" PRId64, h / 100, h % 100);
                assert_int_equal(from_double_ok(strtod(buf, NULL)), h);
        }
        for (int64_t h = MONEY_MAX - 100000; h <= MONEY_MAX; h++) {
                snprintf(buf, sizeof buf, "%" PRId64 ".%02" PRId64, h / 100, h % 100);
                assert_int_equal(from_double_ok(strtod(buf, NULL)), h);
        }
}

static void test_format(void **state)
{
        char buf[32];

        (void) state;
        assert_string_equal(money_format(0, buf), "0.00");
        assert_string_equal(money_format(5, buf), "0.05");
        assert_string_equal(money_format(49999, buf), "499.99");
        assert_string_equal(money_format(50000, buf), "500.00");
        assert_string_equal(money_format(-150, buf), "-1.50");
        assert_string_equal(money_format(MONEY_MAX, buf), "99999999.99");
        assert_string_equal(money_format(INT64_MIN, buf), "-92233720368547758.08");
        assert_ptr_equal(money_format(1, buf), buf);
}

static void test_format_parse_round_trip(void **state)
{
        static const int64_t values[] = { 0, 1, 10, 99, 100, 49999, 50000, 123456789, MONEY_MAX };
        char buf[32];

        (void) state;
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
                assert_int_equal(parse_ok(money_format(values[i], buf)), values[i]);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_accepts),
                cmocka_unit_test(test_parse_refuses),
                cmocka_unit_test(test_parse_range),
                cmocka_unit_test(test_from_double),
                cmocka_unit_test(test_from_double_every_cent),
                cmocka_unit_test(test_format),
                cmocka_unit_test(test_format_parse_round_trip),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
