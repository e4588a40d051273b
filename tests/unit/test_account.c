/* Registration and staff-account checks: each field at its boundary, and the scope each role needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/account.h"
#include "domain/creditcode.h"

static char valid_cc[19];

static struct registration good(void)
{
        return (struct registration){ "nanjing_ai", "Jiangsu@2023", "南京智联信息科技有限公司", valid_cc, "张三",
                                      "13912345678" };
}

static json_t *problems_of(const struct registration *r)
{
        json_t *p = json_object();
        account_check_registration(r, p);
        return p;
}

static void assert_only_problem(json_t *p, const char *key)
{
        assert_int_equal(json_object_size(p), 1);
        assert_non_null(json_object_get(p, key));
        json_decref(p);
}

static void assert_no_problem(json_t *p)
{
        if (json_object_size(p)) {
                char *s = json_dumps(p, 0);
                fail_msg("unexpected problems: %s", s);
        }
        json_decref(p);
}

static int setup(void **state)
{
        (void)state;
        strcpy(valid_cc, "91320102MA1W3K5P8");
        valid_cc[17] = credit_code_check_char(valid_cc);
        valid_cc[18] = '\0';
        return 0;
}

static void test_good_registration(void **state)
{
        (void)state;
        struct registration r = good();
        assert_no_problem(problems_of(&r));
}

static void test_absent_fields_not_checked(void **state)
{
        (void)state;
        struct registration r = { .credit_code = "bad" };
        assert_only_problem(problems_of(&r), "credit_code");
}

static void test_username_boundaries(void **state)
{
        (void)state;
        assert_null(account_username_problem("abc"));
        assert_non_null(account_username_problem("ab"));
        char u[40];
        memset(u, 'a', 32);
        u[32] = '\0';
        assert_null(account_username_problem(u));
        u[32] = 'a';
        u[33] = '\0';
        assert_non_null(account_username_problem(u));
        assert_non_null(account_username_problem("1abc"));
        assert_non_null(account_username_problem("_abc"));
        assert_null(account_username_problem("a.b-c_1"));
        assert_non_null(account_username_problem("ab c"));
        assert_non_null(account_username_problem("张三丰abc"));
        assert_non_null(account_username_problem("abc/def"));
}

static void test_mobile_boundaries(void **state)
{
        (void)state;
        assert_null(account_mobile_problem("13912345678"));
        assert_null(account_mobile_problem("19912345678"));
        assert_non_null(account_mobile_problem("12912345678"));
        assert_non_null(account_mobile_problem("1391234567"));
        assert_non_null(account_mobile_problem("139123456789"));
        assert_non_null(account_mobile_problem("1391234567a"));
        assert_non_null(account_mobile_problem("025-69652796"));
}

static void test_unit_name_counts_characters(void **state)
{
        (void)state;
        struct registration r = good();
        char name[400] = "";
        for (int i = 0; i < 100; i++)
                strcat(name, "江");     /* 100 characters, 300 bytes */
        r.unit_name = name;
        assert_no_problem(problems_of(&r));
        strcat(name, "苏");
        assert_only_problem(problems_of(&r), "unit_name");
        r.unit_name = "江";
        assert_only_problem(problems_of(&r), "unit_name");
        r.unit_name = "江苏";
        assert_no_problem(problems_of(&r));
        r.unit_name = "";
        assert_only_problem(problems_of(&r), "unit_name");
}

static void test_contact_name(void **state)
{
        (void)state;
        struct registration r = good();
        r.contact_name = "";
        assert_only_problem(problems_of(&r), "contact_name");
        r.contact_name = "王";
        assert_no_problem(problems_of(&r));
}

static void test_credit_code_and_password_reported(void **state)
{
        (void)state;
        struct registration r = good();
        char cc[19];
        strcpy(cc, valid_cc);
        cc[17] = cc[17] == '0' ? '1' : '0';
        r.credit_code = cc;
        assert_only_problem(problems_of(&r), "credit_code");
        r = good();
        r.password = "abcdefg1";
        assert_only_problem(problems_of(&r), "password");
        r.password = "nanjing_ai";
        assert_only_problem(problems_of(&r), "password");
}

static void test_all_problems_named_at_once(void **state)
{
        (void)state;
        struct registration r = { "1", "x", "", "X", "", "1" };
        json_t *p = problems_of(&r);
        assert_int_equal(json_object_size(p), 6);
        json_decref(p);
}

static struct staff_account staff(enum role role, const char *region, const char *dep)
{
        return (struct staff_account){ "reviewer1", "Review@2023", "李华", "13800000000", role, region, dep };
}

static json_t *staff_problems(struct staff_account s, const struct region_facts *f, bool dep_known)
{
        json_t *p = json_object();
        account_check_staff(&s, f, dep_known, p);
        return p;
}

static void test_county_reviewer_scope(void **state)
{
        (void)state;
        struct region_facts district = { "district", false }, county_city = { "county_city", true },
                            city = { "city", true }, county = { "county", false };
        assert_no_problem(staff_problems(staff(ROLE_COUNTY_REVIEWER, "320102", NULL), &district, false));
        assert_no_problem(staff_problems(staff(ROLE_COUNTY_REVIEWER, "320583", NULL), &county_city, false));
        assert_no_problem(staff_problems(staff(ROLE_COUNTY_REVIEWER, "321322", NULL), &county, false));
        assert_only_problem(staff_problems(staff(ROLE_COUNTY_REVIEWER, "320100", NULL), &city, false), "region_code");
        assert_only_problem(staff_problems(staff(ROLE_COUNTY_REVIEWER, NULL, NULL), NULL, false), "region_code");
        assert_only_problem(staff_problems(staff(ROLE_COUNTY_REVIEWER, "999999", NULL), NULL, false), "region_code");
}

static void test_city_reviewer_scope(void **state)
{
        (void)state;
        struct region_facts city = { "city", true }, kunshan = { "county_city", true },
                            district = { "district", false }, province = { "province", false };
        assert_no_problem(staff_problems(staff(ROLE_CITY_REVIEWER, "320100", NULL), &city, false));
        assert_no_problem(staff_problems(staff(ROLE_CITY_REVIEWER, "320583", NULL), &kunshan, false));
        assert_only_problem(staff_problems(staff(ROLE_CITY_REVIEWER, "320102", NULL), &district, false), "region_code");
        assert_only_problem(staff_problems(staff(ROLE_CITY_REVIEWER, "320000", NULL), &province, false), "region_code");
        assert_only_problem(staff_problems(staff(ROLE_CITY_REVIEWER, NULL, NULL), NULL, false), "region_code");
}

static void test_department_and_other_roles(void **state)
{
        (void)state;
        struct region_facts city = { "city", true };
        assert_no_problem(staff_problems(staff(ROLE_DEPARTMENT_REVIEWER, NULL, "gxt"), NULL, true));
        assert_only_problem(staff_problems(staff(ROLE_DEPARTMENT_REVIEWER, NULL, "nope"), NULL, false), "department_code");
        assert_only_problem(staff_problems(staff(ROLE_DEPARTMENT_REVIEWER, NULL, NULL), NULL, false), "department_code");
        assert_no_problem(staff_problems(staff(ROLE_PROVINCE_ADMIN, NULL, NULL), NULL, false));
        assert_no_problem(staff_problems(staff(ROLE_EXPERT, NULL, NULL), NULL, false));
        /* a scope the role does not take is refused, not silently stored */
        assert_only_problem(staff_problems(staff(ROLE_EXPERT, "320100", NULL), &city, false), "region_code");
        assert_only_problem(staff_problems(staff(ROLE_PROVINCE_ADMIN, NULL, "gxt"), NULL, true), "department_code");
        assert_only_problem(staff_problems(staff(ROLE_APPLICANT, NULL, NULL), NULL, false), "role");
        assert_only_problem(staff_problems(staff(ROLE_NONE, NULL, NULL), NULL, false), "role");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_good_registration),
                cmocka_unit_test(test_absent_fields_not_checked),
                cmocka_unit_test(test_username_boundaries),
                cmocka_unit_test(test_mobile_boundaries),
                cmocka_unit_test(test_unit_name_counts_characters),
                cmocka_unit_test(test_contact_name),
                cmocka_unit_test(test_credit_code_and_password_reported),
                cmocka_unit_test(test_all_problems_named_at_once),
                cmocka_unit_test(test_county_reviewer_scope),
                cmocka_unit_test(test_city_reviewer_scope),
                cmocka_unit_test(test_department_and_other_roles),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
