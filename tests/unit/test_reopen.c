/* The local review's deadline and its reopening for one authority: who may review when, and the
 * rules of a reopening request (the date's bounds, the reason). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/reopen.h"
#include "util/timeutil.h"

static int64_t at(const char *rfc3339)
{
        int64_t t = 0;
        assert_int_equal(time_parse_rfc3339(rfc3339, &t), 0);
        return t;
}

static int32_t day(const char *s)
{
        int32_t d = 0;
        assert_int_equal(date_parse(s, &d), 0);
        return d;
}

static const struct reopen_authority XUANWU = { REOPEN_REGION, "320102" };
static const struct reopen_authority NANJING = { REOPEN_REGION, "320100" };
static const struct reopen_authority GXT = { REOPEN_DEPARTMENT, "gxt" };

static void test_open_until_the_due_day_ends(void **state)
{
        (void)state;
        int32_t due = day("2023-08-21");
        const struct reopen_authority none = { REOPEN_NONE, "" };
        assert_true(review_open_for(due, &XUANWU, NULL, 0, at("2023-08-21T23:59:59+08:00")));
        assert_true(review_open_for(due, &none, NULL, 0, at("2023-07-15T10:00:00+08:00")));
        assert_false(review_open_for(due, &XUANWU, NULL, 0, at("2023-08-22T00:00:00+08:00")));
        assert_false(review_open_for(due, &GXT, NULL, 0, at("2023-08-21T16:00:00Z")));
        assert_true(review_open_for(due, &GXT, NULL, 0, at("2023-08-21T15:59:59Z")));
}

static void test_reopened_for_one_authority_only(void **state)
{
        (void)state;
        int32_t due = day("2023-08-21");
        const struct reopening list[] = {
                { { REOPEN_REGION, "320102" }, day("2023-08-25") },
                { { REOPEN_DEPARTMENT, "fgw" }, day("2023-09-10") },
        };
        assert_true(review_open_for(due, &XUANWU, list, 2, at("2023-08-22T00:00:00+08:00")));
        assert_true(review_open_for(due, &XUANWU, list, 2, at("2023-08-25T23:59:59+08:00")));
        assert_false(review_open_for(due, &XUANWU, list, 2, at("2023-08-26T00:00:00+08:00")));
        /* its city is another authority */
        assert_false(review_open_for(due, &NANJING, list, 2, at("2023-08-22T00:00:00+08:00")));
        assert_false(review_open_for(due, &GXT, list, 2, at("2023-08-22T00:00:00+08:00")));
        /* a department whose code looks like the region's is not the region */
        const struct reopen_authority odd = { REOPEN_DEPARTMENT, "320102" };
        assert_false(review_open_for(due, &odd, list, 2, at("2023-08-22T00:00:00+08:00")));
        const struct reopen_authority fgw = { REOPEN_DEPARTMENT, "fgw" };
        assert_true(review_open_for(due, &fgw, list, 2, at("2023-09-10T12:00:00+08:00")));
        assert_false(review_open_for(due, NULL, list, 2, at("2023-08-22T00:00:00+08:00")));
}

static void test_the_latest_reopening_counts(void **state)
{
        (void)state;
        int32_t due = day("2023-08-21");
        const struct reopening list[] = {
                { { REOPEN_REGION, "320102" }, day("2023-08-23") },
                { { REOPEN_REGION, "320102" }, day("2023-08-28") },
        };
        assert_true(review_open_for(due, &XUANWU, list, 2, at("2023-08-27T09:00:00+08:00")));
        assert_false(review_open_for(due, &XUANWU, list, 1, at("2023-08-27T09:00:00+08:00")));
}

static void test_authority_of_a_reviewer(void **state)
{
        (void)state;
        struct reopen_authority a = reopen_authority_of(ROLE_COUNTY_REVIEWER, "320102", NULL);
        assert_int_equal(a.kind, REOPEN_REGION);
        assert_string_equal(a.code, "320102");
        a = reopen_authority_of(ROLE_CITY_REVIEWER, "320583", "");
        assert_int_equal(a.kind, REOPEN_REGION);
        assert_string_equal(a.code, "320583");
        a = reopen_authority_of(ROLE_DEPARTMENT_REVIEWER, "", "gxt");
        assert_int_equal(a.kind, REOPEN_DEPARTMENT);
        assert_string_equal(a.code, "gxt");
        assert_int_equal(reopen_authority_of(ROLE_APPLICANT, "320102", NULL).kind, REOPEN_NONE);
        assert_int_equal(reopen_authority_of(ROLE_PROVINCE_ADMIN, NULL, NULL).kind, REOPEN_NONE);
        assert_int_equal(reopen_authority_of(ROLE_COUNTY_REVIEWER, "", NULL).kind, REOPEN_NONE);
        assert_int_equal(reopen_authority_of(ROLE_DEPARTMENT_REVIEWER, "320102", NULL).kind, REOPEN_NONE);
        assert_int_equal(reopen_kind_parse("region"), REOPEN_REGION);
        assert_int_equal(reopen_kind_parse("department"), REOPEN_DEPARTMENT);
        assert_int_equal(reopen_kind_parse("city"), REOPEN_NONE);
        assert_int_equal(reopen_kind_parse(NULL), REOPEN_NONE);
        assert_string_equal(reopen_kind_code(REOPEN_DEPARTMENT), "department");
}

/* Checks a request at now; returns the problems' keys joined ("until,reason"), "" when fine. */
static const char *check(const char *now, const char *until, const char *reason, int32_t *ret_until)
{
        static char keys[64];
        json_t *p = json_object();
        int32_t u = -1;
        reopen_check(day("2023-08-21"), at(now), until, reason, p, &u);
        keys[0] = '\0';
        if (json_object_get(p, "until"))
                strcat(keys, "until");
        if (json_object_get(p, "reason"))
                strcat(keys, *keys ? ",reason" : "reason");
        json_decref(p);
        if (ret_until)
                *ret_until = u;
        return keys;
}

static void test_reopen_dates(void **state)
{
        (void)state;
        const char *now = "2023-08-22T09:00:00+08:00";
        int32_t u;
        assert_string_equal(check(now, "2023-08-22", "系统故障", &u), "");
        assert_int_equal(u, day("2023-08-22"));
        assert_string_equal(check(now, "2023-09-20", "系统故障", &u), "");     /* 30 days after */
        assert_string_equal(check(now, "2023-09-21", "系统故障", &u), "until"); /* 31 */
        assert_int_equal(u, -1);
        assert_string_equal(check(now, "2023-08-21", "系统故障", NULL), "until"); /* the due date itself */
        assert_string_equal(check(now, "2023-02-30", "系统故障", NULL), "until");
        assert_string_equal(check(now, "2023-8-25", "系统故障", NULL), "until");
        assert_string_equal(check(now, NULL, "系统故障", NULL), "until");
        /* a date already past is no reopening */
        assert_string_equal(check("2023-08-26T09:00:00+08:00", "2023-08-25", "系统故障", NULL), "until");
        assert_string_equal(check("2023-08-25T23:00:00+08:00", "2023-08-25", "系统故障", NULL), "");
        /* before the deadline the admin may extend in advance */
        assert_string_equal(check("2023-08-15T09:00:00+08:00", "2023-08-25", "系统故障", NULL), "");
}

static void test_reopen_reason(void **state)
{
        (void)state;
        const char *now = "2023-08-22T09:00:00+08:00";
        assert_string_equal(check(now, "2023-08-25", NULL, NULL), "reason");
        assert_string_equal(check(now, "2023-08-25", "", NULL), "reason");
        assert_string_equal(check(now, "2023-08-25", " \t\n", NULL), "reason");
        assert_string_equal(check(now, "2023-09-30", "", NULL), "until,reason");
        char text[500 * 3 + 4] = "";
        for (int i = 0; i < 500; i++)
                strcat(text, "因");
        assert_string_equal(check(now, "2023-08-25", text, NULL), "");         /* 500 characters, 1500 bytes */
        strcat(text, "由");
        assert_string_equal(check(now, "2023-08-25", text, NULL), "reason");   /* 501 */
        assert_string_equal(check(now, "2023-08-25", "x", NULL), "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_open_until_the_due_day_ends),
                cmocka_unit_test(test_reopened_for_one_authority_only),
                cmocka_unit_test(test_the_latest_reopening_counts),
                cmocka_unit_test(test_authority_of_a_reviewer),
                cmocka_unit_test(test_reopen_dates),
                cmocka_unit_test(test_reopen_reason),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
