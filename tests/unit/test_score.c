/* The expert's score sheet against the 2023 rubric: each criterion at its bounds, decimals, unknown
 * criteria, a draft with some criteria, a submission that needs all of them and a comment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/score.h"

static struct campaign call;

static int setup(void **state)
{
        (void)state;
        const char *root = getenv("SHENBAO_SOURCE_ROOT");
        char path[4096];
        snprintf(path, sizeof path, "%s/data/campaigns/2023.json", root ? root : ".");
        json_t *def = json_load_file(path, 0, NULL);
        int r = def ? campaign_parse(def, &call, NULL) : -1;
        json_decref(def);
        return r == 0 && call.has_evaluation ? 0 : -1;
}

/* Checks {criteria, comment, submit}; returns the problems (caller frees). */
static json_t *check(const char *criteria, const char *comment, bool submit, struct score_sheet *s)
{
        json_t *c = criteria ? json_loads(criteria, 0, NULL) : NULL, *problems = json_object();
        if (criteria)
                assert_non_null(c);
        bool ok = score_check(&call.evaluation, c, comment, submit, s, problems);
        assert_int_equal(ok, json_object_size(problems) == 0);
        json_decref(c);
        return problems;
}

static void expect_problem(json_t *problems, const char *key, const char *msg)
{
        json_t *v = json_object_get(problems, key);
        if (!v)
                fail_msg("no problem under %s", key);
        assert_string_equal(json_string_value(v), msg);
}

static void test_bounds(void **state)
{
        (void)state;
        struct score_sheet s;
        json_t *p = check("{\"fit\": 30, \"innovation\": 0, \"autonomy\": 24.75, \"demonstration\": 19.99}", "意见", true, &s);
        assert_int_equal(json_object_size(p), 0);
        assert_int_equal(s.n_given, 4);
        assert_int_equal(s.total, 3000 + 0 + 2475 + 1999);
        json_decref(p);
        /* just over the maximum, a third decimal, below zero, a string */
        p = check("{\"fit\": 30.01, \"innovation\": 12.345, \"autonomy\": -1, \"demonstration\": \"18\"}", "", false, &s);
        expect_problem(p, "criteria.fit", "“契合度与效益”应为 0 到 30.00 之间的分数（最多两位小数）");
        expect_problem(p, "criteria.innovation", "“创新性与先进性”应为 0 到 25.00 之间的分数（最多两位小数）");
        expect_problem(p, "criteria.autonomy", "“核心技术、国产化与安全”应为 0 到 25.00 之间的分数（最多两位小数）");
        expect_problem(p, "criteria.demonstration", "“示范带动与推广价值”应为 0 到 20.00 之间的分数（最多两位小数）");
        json_decref(p);
        p = check("{\"fitness\": 10}", "", false, &s);
        expect_problem(p, "criteria.fitness", "不是本年度评分表中的指标");
        json_decref(p);
        p = check("[1, 2]", "", false, &s);
        expect_problem(p, "criteria", "评分应为按指标给出的分数");
        json_decref(p);
}

static void test_draft_and_submit(void **state)
{
        (void)state;
        struct score_sheet s;
        /* a draft: some criteria, null for one not yet scored, no comment */
        json_t *p = check("{\"fit\": 26.5, \"innovation\": null}", "", false, &s);
        assert_int_equal(json_object_size(p), 0);
        assert_int_equal(s.n_given, 1);
        assert_int_equal(s.total, 2650);
        assert_false(s.given[1]);
        json_decref(p);
        p = check(NULL, NULL, false, &s);
        assert_int_equal(json_object_size(p), 0);
        assert_int_equal(s.total, 0);
        json_decref(p);
        /* submitting the same: every criterion missing named, and the comment */
        p = check("{\"fit\": 26.5, \"innovation\": null}", "  ", true, &s);
        assert_int_equal(json_object_size(p), 4);
        expect_problem(p, "criteria.innovation", "提交前请为“创新性与先进性”打分");
        expect_problem(p, "criteria.demonstration", "提交前请为“示范带动与推广价值”打分");
        expect_problem(p, "comment", "提交前请填写评审意见");
        json_decref(p);
        /* a comment of 2,000 characters is fine, 2,001 is not */
        char *long_comment = malloc(3 * 2001 + 1);
        for (int i = 0; i < 2001; i++)
                memcpy(long_comment + 3 * i, "评", 3);
        long_comment[3 * 2000] = '\0';
        p = check("{}", long_comment, false, &s);
        assert_int_equal(json_object_size(p), 0);
        json_decref(p);
        memcpy(long_comment + 3 * 2000, "评", 3);
        long_comment[3 * 2001] = '\0';
        p = check("{}", long_comment, false, &s);
        expect_problem(p, "comment", "评审意见不超过 2000 字（现 2001 字）");
        json_decref(p);
        free(long_comment);
}

static void test_stored(void **state)
{
        (void)state;
        struct score_sheet s, back;
        json_t *p = check("{\"fit\": 26.5, \"demonstration\": 17}", "", false, &s);
        json_decref(p);
        json_t *stored = score_stored(&call.evaluation, &s);
        char *text = json_dumps(stored, JSON_SORT_KEYS | JSON_COMPACT);
        assert_string_equal(text, "{\"demonstration\":1700,\"fit\":2650}");
        free(text);
        score_from_stored(&call.evaluation, stored, &back);
        assert_memory_equal(&s, &back, sizeof s);
        json_decref(stored);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bounds),
                cmocka_unit_test(test_draft_and_submit),
                cmocka_unit_test(test_stored),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
