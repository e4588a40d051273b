/* The authorities that answer to the province: which one an account or a region is, what counts
 * as recommended by each, who sends a package, and the contact person's rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "domain/authority.h"
#include "util/timeutil.h"

static const struct region nanjing = { "320100", "南京市", "city", "320000", true };
static const struct region xuanwu = { "320102", "玄武区", "district", "320100", false };
static const struct region kunshan = { "320583", "昆山市", "county_city", "320500", true };
static const struct region shuyang = { "321322", "沭阳县", "county", "321300", true };
static const struct region jiangsu = { "320000", "江苏省", "province", "", false };
static const struct department gxt = { "gxt", "省工业和信息化厅", true };

static void test_regions(void **state)
{
        (void)state;
        struct authority a;
        assert_int_equal(authority_of_region(&nanjing, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_CITY);
        assert_string_equal(a.code, "320100");
        assert_string_equal(a.name, "南京市信息化主管部门");
        assert_int_equal(authority_of_region(&kunshan, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_DIRECT_COUNTY);
        assert_string_equal(a.name, "昆山市信息化主管部门");
        assert_int_equal(authority_of_region(&shuyang, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_DIRECT_COUNTY);
        assert_int_equal(authority_of_region(&xuanwu, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_COUNTY);
        assert_string_equal(a.name, "玄武区信息化主管部门");
        assert_int_equal(authority_of_region(&jiangsu, &a), -EINVAL);
        assert_int_equal(authority_of_region(NULL, &a), -EINVAL);
        assert_int_equal(authority_of_department(&gxt, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_DEPARTMENT);
        assert_string_equal(a.name, "省工业和信息化厅");
        assert_string_equal(authority_kind_code(AUTHORITY_DEPARTMENT), "department");
        assert_string_equal(authority_kind_code(AUTHORITY_DIRECT_COUNTY), "region");
}

static void test_accounts(void **state)
{
        (void)state;
        struct authority a = { 0 };
        assert_int_equal(authority_of_account(ROLE_CITY_REVIEWER, &nanjing, NULL, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_CITY);
        assert_int_equal(authority_of_account(ROLE_CITY_REVIEWER, &kunshan, NULL, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_DIRECT_COUNTY);
        /* a county reviewer speaks for its county, even in 昆山市 */
        assert_int_equal(authority_of_account(ROLE_COUNTY_REVIEWER, &kunshan, NULL, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_COUNTY);
        assert_int_equal(authority_of_account(ROLE_COUNTY_REVIEWER, &xuanwu, NULL, &a), 0);
        assert_int_equal(a.kind, AUTHORITY_COUNTY);
        assert_int_equal(authority_of_account(ROLE_DEPARTMENT_REVIEWER, NULL, &gxt, &a), 0);
        assert_string_equal(a.code, "gxt");
        assert_int_equal(authority_of_account(ROLE_CITY_REVIEWER, &xuanwu, NULL, &a), -EINVAL);
        assert_int_equal(authority_of_account(ROLE_COUNTY_REVIEWER, &nanjing, NULL, &a), -EINVAL);
        assert_int_equal(authority_of_account(ROLE_DEPARTMENT_REVIEWER, NULL, NULL, &a), -EINVAL);
        assert_int_equal(authority_of_account(ROLE_PROVINCE_ADMIN, NULL, NULL, &a), -EINVAL);
        assert_int_equal(authority_of_account(ROLE_APPLICANT, &xuanwu, NULL, &a), -EINVAL);
        assert_true(authority_sends_package(AUTHORITY_CITY));
        assert_true(authority_sends_package(AUTHORITY_DIRECT_COUNTY));
        assert_true(authority_sends_package(AUTHORITY_DEPARTMENT));
        assert_false(authority_sends_package(AUTHORITY_COUNTY));
        assert_false(authority_sends_package(AUTHORITY_NONE));
}

/* "Recommended by" as a scope: whose applications, and from which status on. */
static void test_recommended_scope(void **state)
{
        (void)state;
        static const char *const all[] = { "draft", "submitted", "returned", "rejected", "county_recommended",
                                           "city_recommended", "formal_passed", "formal_failed", "expert_review",
                                           "defense", "evaluated", "key_project", "not_selected", "landmark" };
        struct authority city = { AUTHORITY_CITY, "320100", "" }, direct = { AUTHORITY_DIRECT_COUNTY, "320583", "" },
                         dep = { AUTHORITY_DEPARTMENT, "gxt", "" }, county = { AUTHORITY_COUNTY, "320102", "" },
                         none = { AUTHORITY_NONE, "", "" };
        struct app_scope sc = authority_recommended_scope(&city), sd = authority_recommended_scope(&direct),
                         sp = authority_recommended_scope(&dep), sk = authority_recommended_scope(&county);
        assert_int_equal(sc.kind, SCOPE_CITY);
        assert_string_equal(sc.code, "320100");
        assert_int_equal(sd.kind, SCOPE_CITY);
        assert_string_equal(sd.code, "320583");
        assert_int_equal(sp.kind, SCOPE_DEPARTMENT);
        assert_int_equal(sk.kind, SCOPE_REGION);
        assert_string_equal(sk.code, "320102");
        assert_int_equal(authority_recommended_scope(&none).kind, SCOPE_NONE);
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
                status_set bit = STATUS_BIT(status_parse(all[i]));
                bool at_province = i >= 5, at_city = i >= 4;
                /* a city's own 市直 and its counties' count alike */
                assert_int_equal(!!(sc.statuses & bit), at_province);
                assert_int_equal(!!(sc.county_statuses & bit), at_province);
                assert_int_equal(!!(sd.statuses & bit), at_province);
                assert_int_equal(!!(sp.statuses & bit), at_province);
                assert_int_equal(!!(sk.statuses & bit), at_city);
        }
}

static void expect_contact(const char *name, const char *phone, const char *bad_a, const char *bad_b)
{
        json_t *p = json_object();
        authority_check_contact(name, phone, p);
        size_t want = (bad_a != NULL) + (bad_b != NULL);
        if (json_object_size(p) != want)
                fail_msg("%s / %s: %zu problems, expected %zu", name, phone, json_object_size(p), want);
        if (bad_a)
                assert_non_null(json_object_get(p, bad_a));
        if (bad_b)
                assert_non_null(json_object_get(p, bad_b));
        json_decref(p);
}

static void test_contact(void **state)
{
        (void)state;
        expect_contact("鞠庆", "025-69652796", NULL, NULL);
        expect_contact("鞠庆", "13912345678", NULL, NULL);
        expect_contact("鞠庆", "0512-1234567", NULL, NULL);
        expect_contact("鞠庆", "025-69652796-123", NULL, NULL);
        expect_contact("", "13912345678", "name", NULL);
        expect_contact("  ", "13912345678", "name", NULL);
        expect_contact("鞠庆", "", "phone", NULL);
        expect_contact("鞠庆", "025-6965279", "phone", NULL);       /* a digit short */
        expect_contact("鞠庆", "02569652796", "phone", NULL);       /* no dash */
        expect_contact("鞠庆", "1391234567", "phone", NULL);
        expect_contact("鞠庆", "12912345678", "phone", NULL);
        expect_contact(NULL, NULL, "name", "phone");
        char fifty[151] = "", fifty_one[160] = "";
        for (int i = 0; i < 50; i++)
                strcat(fifty, "名");
        strcpy(fifty_one, fifty);
        strcat(fifty_one, "名");
        expect_contact(fifty, "13912345678", NULL, NULL);
        expect_contact(fifty_one, "13912345678", "name", NULL);
        expect_contact("张\n三", "13912345678", "name", NULL);
}

static void test_late(void **state)
{
        (void)state;
        int32_t day;
        assert_int_equal(date_parse("2023-07-05", &day), 0);
        int64_t due = beijing_day_end(day);
        /* recorded on time: never late, whenever asked */
        assert_false(authority_contact_late(due, due + 86400, due));
        assert_false(authority_contact_late(due - 3600, due - 1, due));
        /* recorded after the due second */
        assert_true(authority_contact_late(due + 1, due + 1, due));
        /* missing: late only once the due second has passed */
        assert_false(authority_contact_late(0, due, due));
        assert_true(authority_contact_late(0, due + 1, due));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_regions),
                cmocka_unit_test(test_accounts),
                cmocka_unit_test(test_recommended_scope),
                cmocka_unit_test(test_contact),
                cmocka_unit_test(test_late),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
