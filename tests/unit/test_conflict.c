/* Conflicts of interest: every reason at its edge (35/36/37 months, a leaving date still ahead),
 * units by credit code or by normalised name, the project's units from its form, the fixed order of
 * the reasons, and the words for each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/conflict.h"
#include "domain/creditcode.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define APPLICANT "南京智联信息科技有限公司"
#define PARTNER "东南大学"

static char code_a[19], code_b[19];

static void make_code(char *buf, const char *first17)
{
        memcpy(buf, first17, 17);
        buf[17] = credit_code_check_char(first17);
        buf[18] = '\0';
        assert_int_equal(credit_code_check(buf), CREDIT_CODE_OK);
}

static int setup(void **state)
{
        (void) state;
        make_code(code_a, "91320102MA1W3K5P8");
        make_code(code_b, "91320583MA1X7Y2Q4");
        return 0;
}

static int32_t month(const char *s)
{
        int32_t m;

        assert_int_equal(month_parse(s, &m), 0);
        return m;
}

/* The 2024-02 evaluation of the 2023 call: 3 years, no same-city rule. */
static struct conflict_rules rules(void)
{
        return (struct conflict_rules){ .conflict_years = 3, .same_city_conflict = false,
                                        .month = month("2024-02") };
}

static const char *partners[] = { PARTNER, "江苏省数据局" };

static struct conflict_project project(void)
{
        return (struct conflict_project){
                .applicant = { APPLICANT, NULL },
                .partners = partners,
                .n_partners = 2,
                .city_code = "320100",
        };
}

static struct conflict_expert expert(const char *unit, const char *code)
{
        return (struct conflict_expert){ .unit = { unit, code }, .city_code = "320200" };
}

static enum conflict_reason check(const struct conflict_expert *e, const struct conflict_project *p,
                                  const struct conflict_rules *r)
{
        char detail[256];
        enum conflict_reason reason = conflict_check(e, p, r, detail, sizeof detail);

        /* a reason always comes with its words, no reason with none */
        if (reason == CONFLICT_NONE)
                assert_string_equal(detail, "");
        else
                assert_true(utf8_count(detail) > 4);
        return reason;
}

static void test_codes_and_labels(void **state)
{
        static const char *codes[] = { "same_unit", "partner_unit", "former_unit", "same_city",
                                       "declared", "marked" };
        static const char *labels[] = { "现任职于申报单位", "任职于合作单位", "曾任职于申报/合作单位",
                                        "同一设区市", "专家自行申明", "管理员标记" };

        (void) state;
        for (size_t i = 0; i < 6; i++) {
                enum conflict_reason r = conflict_parse(codes[i]);

                assert_int_not_equal(r, CONFLICT_NONE);
                assert_string_equal(conflict_code(r), codes[i]);
                assert_string_equal(conflict_label(r), labels[i]);
        }
        assert_int_equal(conflict_parse("same_unit"), CONFLICT_SAME_UNIT);
        assert_int_equal(conflict_parse("marked"), CONFLICT_MARKED);
        assert_int_equal(conflict_parse("Same_unit"), CONFLICT_NONE);
        assert_int_equal(conflict_parse(""), CONFLICT_NONE);
        assert_int_equal(conflict_parse(NULL), CONFLICT_NONE);
        assert_null(conflict_code(CONFLICT_NONE));
        assert_string_equal(conflict_label(CONFLICT_NONE), "");
}

static void assert_normal(const char *in, const char *want)
{
        char out[256];
        size_t n = unit_name_normalise(in, out, sizeof out);

        assert_string_equal(out, want);
        assert_int_equal(n, strlen(want));
}

static void test_normalise(void **state)
{
        (void) state;
        /* full-width ASCII to half-width, case folded */
        assert_normal("ＡＢＣ科技（南京）有限公司", "abc科技(南京)有限公司");
        assert_normal("IBM（中国）有限公司", "ibm(中国)有限公司");
        assert_normal("ibm(中国)有限公司", "ibm(中国)有限公司");
        /* 【】 to [] */
        assert_normal("【南京】智联有限公司", "[南京]智联有限公司");
        /* every white space: ASCII, U+3000, a no-break space, a tab and a line break */
        assert_normal(" 南京　智联 信息\xC2\xA0科技\t有限公司\n", "南京智联信息科技有限公司");
        /* punctuation at either end, never inside; brackets stay */
        assert_normal("“南京大学”。", "南京大学");
        assert_normal("-南京大学,", "南京大学");
        assert_normal("南京·大学", "南京·大学");
        assert_normal("（南京）", "(南京)");
        /* bytes that are not UTF-8 are dropped */
        assert_normal("南京\xFF大学\xC3", "南京大学");
        assert_normal("", "");
        assert_normal("。 。", "");
        assert_normal(NULL, "");
}

static void test_normalise_cap(void **state)
{
        char out[8];
        size_t n;

        (void) state;
        /* 南京大学 is 12 bytes: with room for 7, two characters (6 bytes) and the NUL */
        n = unit_name_normalise("南京大学", out, sizeof out);
        assert_int_equal(n, 12);
        assert_string_equal(out, "南京");
        n = unit_name_normalise("南京大学", NULL, 0);
        assert_int_equal(n, 12);
        n = unit_name_normalise("ab", out, 1);
        assert_int_equal(n, 2);
        assert_string_equal(out, "");
}

static void test_unit_same(void **state)
{
        (void) state;
        /* the same code is the same unit, whatever the names say */
        assert_true(unit_same("南京智联信息科技有限公司", code_a, "智联科技（更名后）", code_a));
        /* two codes are two units, even with one name */
        assert_false(unit_same(APPLICANT, code_a, APPLICANT, code_b));
        /* one side without a code (NULL, "" or blanks): by name */
        assert_true(unit_same(APPLICANT, code_a, "南京智联信息科技有限公司 ", NULL));
        assert_true(unit_same(APPLICANT, "", APPLICANT, code_b));
        assert_true(unit_same(APPLICANT, "  ", APPLICANT, code_b));
        assert_false(unit_same(APPLICANT, code_a, "南京智联科技有限公司", NULL));
        /* names after normalisation */
        assert_true(unit_same("ＡＢＣ科技（南京）有限公司", NULL, "abc科技(南京) 有限公司", NULL));
        assert_true(unit_same("【南京】智联", NULL, "[南京]智联", NULL));
        /* a code with blanks around it, or in lower case, is still that code */
        {
                char lower[19];

                for (int i = 0; i < 19; i++)
                        lower[i] = (char) (code_a[i] >= 'A' && code_a[i] <= 'Z' ? code_a[i] + 32
                                                                                : code_a[i]);
                assert_true(unit_same("甲", lower, "乙", code_a));
                assert_true(unit_same("甲", " " "91320102MA1W3K5P8", "乙", "91320102MA1W3K5P8"));
        }
        /* an empty name matches nothing, not even another empty name */
        assert_false(unit_same("", NULL, "", NULL));
        assert_false(unit_same(NULL, NULL, NULL, NULL));
        assert_false(unit_same("“”", NULL, "。", NULL));
}

static void test_same_unit(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();
        struct conflict_expert e;
        char detail[256];

        (void) state;
        e = expert(APPLICANT, NULL);
        assert_int_equal(check(&e, &p, &r), CONFLICT_SAME_UNIT);
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_SAME_UNIT);
        assert_string_equal(detail, "专家现任职于申报单位（按单位名称）");

        /* by code: renamed unit, same code */
        p.applicant.credit_code = code_a;
        e = expert("智联科技", code_a);
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_SAME_UNIT);
        assert_string_equal(detail, "专家现任职于申报单位（按统一社会信用代码）");

        /* same name, another code: another unit */
        e = expert(APPLICANT, code_b);
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);

        /* full-width and spaces do not hide it */
        p.applicant.credit_code = NULL;
        e = expert(" 南京智联信息科技有限公司　", NULL);
        assert_int_equal(check(&e, &p, &r), CONFLICT_SAME_UNIT);
}

static void test_partner_unit(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();
        struct conflict_expert e = expert("东南大学", code_b);
        char detail[256];

        (void) state;
        /* partners have no code: by name even when the expert's unit has one */
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_PARTNER_UNIT);
        assert_string_equal(detail, "专家现任职于合作单位 东南大学");
        e = expert("江苏省数据局。", NULL);
        assert_int_equal(check(&e, &p, &r), CONFLICT_PARTNER_UNIT);
        e = expert("南京大学", NULL);
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
}

static struct conflict_former_unit former(const char *name, const char *code, const char *until)
{
        return (struct conflict_former_unit){ { name, code }, month(until) };
}

static void test_former_unit_edges(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();     /* evaluation in 2024-02, 3 years */
        struct conflict_expert e = expert("南京大学", NULL);
        struct conflict_former_unit f;
        char detail[256];

        (void) state;
        e.former = &f;
        e.n_former = 1;

        /* left the partner 2021-03: 35 months before 2024-02 */
        f = former(PARTNER, NULL, "2021-03");
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_FORMER_UNIT);
        assert_string_equal(detail, "专家 2021年3月 离开合作单位 东南大学（35 个月前，回避期 3 年）");
        /* exactly 36 months: "within 3 years" is inclusive */
        f = former(PARTNER, NULL, "2021-02");
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_FORMER_UNIT);
        assert_string_equal(detail, "专家 2021年2月 离开合作单位 东南大学（36 个月前，回避期 3 年）");
        /* 37 months: no longer */
        f = former(PARTNER, NULL, "2021-01");
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);

        /* the applicant, by code */
        p.applicant.credit_code = code_a;
        f = former("智联（旧名）", code_a, "2023-12");
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_FORMER_UNIT);
        assert_string_equal(detail, "专家 2023年12月 离开申报单位 " APPLICANT "（2 个月前，回避期 3 年）");
        f = former(APPLICANT, code_b, "2023-12");
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);

        /* left in the evaluation month itself: 0 months ago, a former unit */
        f = former(APPLICANT, NULL, "2024-02");
        assert_int_equal(check(&e, &p, &r), CONFLICT_FORMER_UNIT);

        /* another call's years */
        r.conflict_years = 5;
        f = former(PARTNER, NULL, "2019-02");
        assert_int_equal(check(&e, &p, &r), CONFLICT_FORMER_UNIT);
        f = former(PARTNER, NULL, "2019-01");
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
}

static void test_future_until_is_current(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();
        struct conflict_expert e = expert("南京大学", NULL);
        struct conflict_former_unit f[2];
        char detail[256];

        (void) state;
        e.former = f;
        e.n_former = 1;
        /* leaves the applicant next month: still works there */
        f[0] = former(APPLICANT, NULL, "2024-03");
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_SAME_UNIT);
        assert_string_equal(detail, "专家仍任职于申报单位（离职年月 2024年3月 尚未到，按单位名称）");
        /* leaves a partner in 2025: a current partner unit */
        f[0] = former(PARTNER, NULL, "2025-06");
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_PARTNER_UNIT);
        assert_string_equal(detail, "专家仍任职于合作单位 东南大学（离职年月 2025年6月 尚未到）");
        /* a future partner date comes after a current applicant: the order holds */
        f[1] = former(APPLICANT, NULL, "2030-01");
        e.n_former = 2;
        assert_int_equal(check(&e, &p, &r), CONFLICT_SAME_UNIT);
}

static void test_same_city(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();
        struct conflict_expert e = expert("南京大学", NULL);
        char detail[256];

        (void) state;
        e.city_code = "320100";
        /* off in 2023 */
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
        r.same_city_conflict = true;
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_SAME_CITY);
        assert_string_equal(detail, "专家与申报单位同属一个设区市（320100）");
        e.city_code = "320200";
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
        /* an unknown city is no match, even on both sides */
        e.city_code = NULL;
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
        e.city_code = "";
        p.city_code = "";
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
}

static void test_order(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();
        struct conflict_expert e;
        struct conflict_former_unit f[2];

        (void) state;
        r.same_city_conflict = true;
        f[0] = former(PARTNER, NULL, "2023-01");
        f[1] = former(APPLICANT, NULL, "2022-01");

        /* same unit, a former partner and the same city: same_unit first */
        e = expert(APPLICANT, NULL);
        e.city_code = "320100";
        e.former = f;
        e.n_former = 2;
        assert_int_equal(check(&e, &p, &r), CONFLICT_SAME_UNIT);
        /* at a partner, with former units and the same city: partner_unit */
        e.unit.name = "江苏省数据局";
        assert_int_equal(check(&e, &p, &r), CONFLICT_PARTNER_UNIT);
        /* former units and the same city: former_unit */
        e.unit.name = "南京大学";
        assert_int_equal(check(&e, &p, &r), CONFLICT_FORMER_UNIT);
        /* only the city */
        e.n_former = 0;
        assert_int_equal(check(&e, &p, &r), CONFLICT_SAME_CITY);
        /* nothing at all */
        r.same_city_conflict = false;
        assert_int_equal(check(&e, &p, &r), CONFLICT_NONE);
}

static void test_detail_cut(void **state)
{
        struct conflict_project p = project();
        struct conflict_rules r = rules();
        struct conflict_expert e = expert(APPLICANT, NULL);
        char detail[10];

        (void) state;
        /* 专家现 is 9 bytes: room for 9 and the NUL */
        assert_int_equal(conflict_check(&e, &p, &r, detail, sizeof detail), CONFLICT_SAME_UNIT);
        assert_string_equal(detail, "专家现");
        assert_int_equal(conflict_check(&e, &p, &r, detail, 8), CONFLICT_SAME_UNIT);
        assert_string_equal(detail, "专家");
        assert_int_equal(conflict_check(&e, &p, &r, NULL, 0), CONFLICT_SAME_UNIT);
}

static json_t *form_of(const char *json)
{
        json_error_t err;
        json_t *f = json_loads(json, 0, &err);

        if (!f)
                fail_msg("bad test JSON: %s", err.text);
        return f;
}

static void assert_partners(const struct conflict_project *p, const char **want, size_t n)
{
        if (p->n_partners != n) {
                for (size_t i = 0; i < p->n_partners; i++)
                        print_message("partner %zu: \"%s\"\n", i, p->partners[i]);
                fail_msg("%zu partners, want %zu", p->n_partners, n);
        }
        for (size_t i = 0; i < n; i++)
                assert_string_equal(p->partners[i], want[i]);
}

static void test_form_units(void **state)
{
        struct arena *a = arena_new();
        struct conflict_project p;
        json_t *form;

        (void) state;
        form = form_of("{\"cover\": {\"joint\": true, \"partner_unit\": \"东南大学\"},"
                       " \"unit\": {\"name\": \"" APPLICANT "\", \"credit_code\": \"91320102MA1W3K5P8X\","
                       "  \"joint_units\": \" 南京大学、东南大学，江苏移动,  ；中国电信江苏分公司;"
                       "苏州大学／江南大学/　河海大学　\\n南京邮电大学\\r\\n\\n扬州大学 \"},"
                       " \"ownership\": {\"variant\": 2, \"partner_unit\": \"江苏省数据局\"}}");
        conflict_project_from_form(form, a, &p);
        assert_string_equal(p.applicant.name, APPLICANT);
        assert_string_equal(p.applicant.credit_code, "91320102MA1W3K5P8X");
        assert_null(p.city_code);
        {
                /* cover's partner, the ownership's, then joint_units in order; 东南大学 once */
                const char *want[] = { "东南大学", "江苏省数据局", "南京大学", "江苏移动",
                                       "中国电信江苏分公司", "苏州大学", "江南大学", "河海大学",
                                       "南京邮电大学", "扬州大学" };
                assert_partners(&p, want, 10);
        }
        json_decref(form);

        /* not joint: cover.partner_unit and joint_units are left-overs, the ownership's partner
         * still counts */
        form = form_of("{\"cover\": {\"joint\": false, \"partner_unit\": \"东南大学\"},"
                       " \"unit\": {\"name\": \"" APPLICANT "\", \"credit_code\": \"\","
                       "  \"joint_units\": \"南京大学\"},"
                       " \"ownership\": {\"variant\": 4, \"partner_unit\": \"南京市数据局\"}}");
        conflict_project_from_form(form, a, &p);
        {
                const char *want[] = { "南京市数据局" };
                assert_partners(&p, want, 1);
        }
        assert_string_equal(p.applicant.credit_code, "");
        json_decref(form);

        /* joint, but nothing filled; and a form of a wrong shape reads as empty */
        form = form_of("{\"cover\": {\"joint\": true, \"partner_unit\": \"  \"},"
                       " \"unit\": {\"joint_units\": \"、，;\\n\"}, \"ownership\": []}");
        conflict_project_from_form(form, a, &p);
        assert_partners(&p, NULL, 0);
        assert_string_equal(p.applicant.name, "");
        json_decref(form);
        conflict_project_from_form(NULL, a, &p);
        assert_partners(&p, NULL, 0);

        /* the demo's complete form: a company alone */
        {
                const char *root = getenv("SHENBAO_SOURCE_ROOT");
                char path[4096];
                json_error_t err;

                snprintf(path, sizeof path, "%s/data/demo/form-complete.json", root ? root : ".");
                form = json_load_file(path, 0, &err);
                assert_non_null(form);
                conflict_project_from_form(form, a, &p);
                assert_string_equal(p.applicant.name, "南京智联信息科技有限公司");
                assert_partners(&p, NULL, 0);
                json_decref(form);
        }
        arena_free(a);
}

/* From the form to the check: an expert who left a joint unit two years ago. */
static void test_form_to_check(void **state)
{
        struct arena *a = arena_new();
        struct conflict_project p;
        struct conflict_rules r = rules();
        struct conflict_expert e = expert("南京大学", NULL);
        struct conflict_former_unit f = former("河海大学", NULL, "2022-02");
        json_t *form;

        (void) state;
        form = form_of("{\"cover\": {\"joint\": true, \"partner_unit\": \"东南大学\"},"
                       " \"unit\": {\"name\": \"" APPLICANT "\", \"joint_units\": \"东南大学、河 海 大 学\"}}");
        conflict_project_from_form(form, a, &p);
        e.former = &f;
        e.n_former = 1;
        assert_int_equal(check(&e, &p, &r), CONFLICT_FORMER_UNIT);
        json_decref(form);
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_codes_and_labels),
                cmocka_unit_test(test_normalise),
                cmocka_unit_test(test_normalise_cap),
                cmocka_unit_test(test_unit_same),
                cmocka_unit_test(test_same_unit),
                cmocka_unit_test(test_partner_unit),
                cmocka_unit_test(test_former_unit_edges),
                cmocka_unit_test(test_future_until_is_current),
                cmocka_unit_test(test_same_city),
                cmocka_unit_test(test_order),
                cmocka_unit_test(test_detail_cut),
                cmocka_unit_test(test_form_units),
                cmocka_unit_test(test_form_to_check),
        };

        return cmocka_run_group_tests(tests, setup, NULL);
}
