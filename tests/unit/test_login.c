/* The sign-in lock: 5 failures in a row lock for 15 minutes; the boundaries of both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/login.h"

#define T0 INT64_C(1689386400) /* 2023-07-15T10:00:00+08:00 */

static struct login_state fail_n(int n, int64_t now)
{
        struct login_state s = { 0, 0 }, next;
        for (int i = 0; i < n; i++) {
                assert_int_equal(login_attempt(&s, false, now, &next), LOGIN_BAD_PASSWORD);
                s = next;
        }
        return s;
}

static void test_four_failures_do_not_lock(void **state)
{
        (void)state;
        struct login_state s = fail_n(4, T0), next;
        assert_int_equal(s.failures, 4);
        assert_false(login_is_locked(&s, T0));
        assert_int_equal(login_attempt(&s, true, T0, &next), LOGIN_OK);
        assert_int_equal(next.failures, 0);
        assert_int_equal(next.locked_until, 0);
}

static void test_fifth_failure_locks_for_15_minutes(void **state)
{
        (void)state;
        struct login_state s = fail_n(5, T0), next;
        assert_int_equal(s.locked_until, T0 + 15 * 60);
        assert_true(login_is_locked(&s, T0));
        /* even the right password is refused while locked */
        assert_int_equal(login_attempt(&s, true, T0 + 15 * 60 - 1, &next), LOGIN_LOCKED);
        assert_int_equal(next.locked_until, s.locked_until);
        /* the lock ends exactly 15 minutes later */
        assert_false(login_is_locked(&s, T0 + 15 * 60));
        assert_int_equal(login_attempt(&s, true, T0 + 15 * 60, &next), LOGIN_OK);
        assert_int_equal(next.failures, 0);
}

static void test_expired_lock_starts_fresh_count(void **state)
{
        (void)state;
        struct login_state s = fail_n(5, T0), next;
        int64_t later = T0 + 16 * 60;
        assert_int_equal(login_attempt(&s, false, later, &next), LOGIN_BAD_PASSWORD);
        assert_int_equal(next.failures, 1);
        assert_int_equal(next.locked_until, 0);
}

static void test_success_resets_count(void **state)
{
        (void)state;
        struct login_state s = fail_n(4, T0), next;
        assert_int_equal(login_attempt(&s, true, T0, &next), LOGIN_OK);
        s = next;
        for (int i = 0; i < 4; i++) {
                login_attempt(&s, false, T0, &next);
                s = next;
        }
        assert_false(login_is_locked(&s, T0));
}

static void test_attempts_while_locked_do_not_extend(void **state)
{
        (void)state;
        struct login_state s = fail_n(5, T0), next;
        assert_int_equal(login_attempt(&s, false, T0 + 600, &next), LOGIN_LOCKED);
        assert_int_equal(next.locked_until, T0 + 15 * 60);
        assert_int_equal(next.failures, 5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_four_failures_do_not_lock),
                cmocka_unit_test(test_fifth_failure_locks_for_15_minutes),
                cmocka_unit_test(test_expired_lock_starts_fresh_count),
                cmocka_unit_test(test_success_resets_count),
                cmocka_unit_test(test_attempts_while_locked_do_not_extend),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
