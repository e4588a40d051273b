#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/campaign.h"
#include "util/timeutil.h"

/* The real data file, so that what ships is what is tested. Duplicate keys are refused here as
 * the server's loader should: jansson would otherwise keep the last one silently. */
static json_t *load_2023(void)
{
        const char *root = getenv("SHENBAO_SOURCE_ROOT");
        char path[4096];
        json_error_t jerr;
        json_t *def;

        snprintf(path, sizeof path, "%s/data/campaigns/2023.json", root ? root : ".");
        def = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
        if (!def)
                fail_msg("cannot load %s (set SHENBAO_SOURCE_ROOT): %s line %d", path, jerr.text,
                         jerr.line);
        return def;
}

static int setup(void **state)
{
        *state = load_2023();
        return *state ? 0 : -1;
}

static int teardown(void **state)
{
        json_decref(*state);
        return 0;
}

/* A fresh copy of the real file for a test to break in one place. */
static json_t *fresh(void **state)
{
        json_t *copy = json_deep_copy(*state);

        assert_non_null(copy);
        return copy;
}

static json_t *at(json_t *def, const char *section)
{
        json_t *v = json_object_get(def, section);

        assert_non_null(v);
        return v;
}

static int32_t day(const char *s)
{
        int32_t d = 0;

        assert_int_equal(date_parse(s, &d), 0);
        return d;
}

static int64_t instant(const char *s)
{
        int64_t t = 0;

        assert_int_equal(time_parse_rfc3339(s, &t), 0);
        return t;
}

/* Parses def (and frees it): must be refused with exactly `want`, leaving *ret untouched. */
static void refused(json_t *def, const char *want)
{
        struct campaign c, before;
        char *err = NULL;

        memset(&c, 0xA5, sizeof c);
        memcpy(&before, &c, sizeof c);
        assert_int_equal(campaign_parse(def, &c, &err), -EINVAL);
        assert_non_null(err);
        if (strcmp(err, want) != 0)
                fail_msg("error \"%s\", expected \"%s\"", err, want);
        assert_memory_equal(&c, &before, sizeof c);
        free(err);
        json_decref(def);
}

static void accepted(json_t *def, struct campaign *c)
{
        char *err = NULL;
        int r = campaign_parse(def, c, &err);

        if (r != 0)
                fail_msg("refused: %s", err ? err : "(no message)");
        assert_null(err);
        json_decref(def);
}

static void test_2023_every_field(void **state)
{
        struct campaign c;
        char buf[32];

        accepted(fresh(state), &c);
        assert_int_equal(c.year, 2023);
        assert_string_equal(c.title, "2023年智慧江苏重点工程");

        assert_int_equal(c.n_categories, 4);
        assert_string_equal(c.categories[0].code, "infrastructure");
        assert_string_equal(c.categories[0].name, "数字基础设施类");
        assert_string_equal(c.categories[1].code, "economy");
        assert_string_equal(c.categories[1].name, "数字经济类");
        assert_string_equal(c.categories[2].code, "governance");
        assert_string_equal(c.categories[2].name, "数字治理类");
        assert_string_equal(c.categories[3].code, "livelihood");
        assert_string_equal(c.categories[3].name, "智慧民生类");

        assert_string_equal(date_format(c.contacts_due, buf), "2023-07-05");
        assert_string_equal(date_format(c.apply_open, buf), "2023-07-01");
        assert_string_equal(date_format(c.apply_close, buf), "2023-07-31");
        assert_string_equal(date_format(c.local_review_due, buf), "2023-08-21");
        assert_int_equal(c.apply_open, 19539);
        assert_int_equal(c.apply_close, 19569);

        assert_int_equal(c.min_non_construction_investment, 50000);
        assert_int_equal(c.earliest_start_month, 2022 * 12 + 0);
        assert_int_equal(c.statistics_cutoff, day("2022-12-31"));
        assert_int_equal(c.projects_per_unit, 1);
        assert_int_equal(c.categories_per_project, 1);
        assert_int_equal(c.landmark_count, 10);
        assert_int_equal(c.duration_warn_below, 12);
        assert_int_equal(c.duration_warn_above, 36);
        assert_true(c.main_part_completed_required);
        assert_false(c.continuation_allowed);

        assert_int_equal(c.n_text_limits, 3);
        assert_int_equal(campaign_text_limit(&c, "unit.overview"), 300);
        assert_int_equal(campaign_text_limit(&c, "project.basic_info"), 500);
        assert_int_equal(campaign_text_limit(&c, "project.achievements"), 500);
        assert_int_equal(campaign_text_limit(&c, "project.name"), 0);
        assert_int_equal(campaign_text_limit(&c, "unit"), 0);
        assert_int_equal(campaign_text_limit(&c, NULL), 0);

        assert_true(campaign_has_category(&c, "infrastructure"));
        assert_true(campaign_has_category(&c, "economy"));
        assert_true(campaign_has_category(&c, "governance"));
        assert_true(campaign_has_category(&c, "livelihood"));
        assert_false(campaign_has_category(&c, "Economy"));
        assert_false(campaign_has_category(&c, "infra"));
        assert_false(campaign_has_category(&c, ""));
        assert_false(campaign_has_category(&c, NULL));
}

/* The parts the struct does not keep, but the API serves as they are in the file. */
static void test_2023_informational_parts(void **state)
{
        json_t *def = *state, *notice = at(def, "notice"), *contacts = at(def, "contacts");
        json_t *cats = at(def, "categories"), *phones;

        assert_int_equal(json_object_size(def), 8);
        assert_string_equal(json_string_value(at(notice, "number")), "苏信息化办〔2023〕3号");
        assert_string_equal(json_string_value(at(notice, "name")),
                            "关于开展2023年智慧江苏重点工程和标志性工程建设的通知");
        assert_string_equal(json_string_value(at(notice, "issued")), "2023-06-25");
        assert_string_equal(json_string_value(at(notice, "issuer")), "江苏省信息化领导小组办公室");
        assert_string_equal(json_string_value(at(contacts, "name")), "鞠庆");
        assert_string_equal(json_string_value(at(contacts, "unit")), "省工信厅信息化发展处");
        assert_string_equal(json_string_value(at(contacts, "phone")), "025-69652796");
        assert_string_equal(json_string_value(at(contacts, "fax")), "025-82288065");
        assert_string_equal(json_string_value(at(contacts, "email")), "jsxxhb@126.com");
        phones = at(contacts, "support_phone");
        assert_int_equal(json_array_size(phones), 2);
        assert_string_equal(json_string_value(json_array_get(phones, 0)), "025-69652990");
        assert_string_equal(json_string_value(json_array_get(phones, 1)), "18912980070");

        assert_string_equal(json_string_value(at(json_array_get(cats, 0), "description")),
                            "侧重在5G、网络、算力、物联感知、融合等新型基础设施领域以及公共基础设施"
                            "数字化、智能化改造方面实施的项目，为各类信息化应用提供数字底座和基础支撑");
        assert_non_null(strstr(json_string_value(at(json_array_get(cats, 1), "description")),
                               "（不包含智能工厂、智能车间等生产线建设改造）"));
        assert_non_null(strstr(json_string_value(at(json_array_get(cats, 2), "description")),
                               "“一网通办”、“一网统管”"));
        assert_non_null(strstr(json_string_value(at(json_array_get(cats, 3), "description")),
                               "智慧文旅及体育"));
        /* The text limits as the UI reads them, and the money as a JSON number. */
        assert_int_equal(json_integer_value(at(at(at(def, "rules"), "text_limits"), "unit.overview")),
                         300);
        assert_true(json_is_real(at(at(def, "rules"), "min_non_construction_investment")));
}

static void test_window(void **state)
{
        struct campaign c;

        accepted(fresh(state), &c);
        assert_true(campaign_window_open(&c, instant("2023-07-01T00:00:00+08:00")));
        assert_true(campaign_window_open(&c, instant("2023-07-31T23:59:59+08:00")));
        assert_true(campaign_window_open(&c, instant("2023-07-15T12:00:00Z")));
        assert_false(campaign_window_open(&c, instant("2023-06-30T23:59:59+08:00")));
        assert_false(campaign_window_open(&c, instant("2023-08-01T00:00:00+08:00")));
        /* The same instants in UTC: the window is Beijing's, not the server's. */
        assert_false(campaign_window_open(&c, instant("2023-06-30T15:59:59Z")));
        assert_true(campaign_window_open(&c, instant("2023-06-30T16:00:00Z")));
        assert_true(campaign_window_open(&c, instant("2023-07-31T15:59:59Z")));
        assert_false(campaign_window_open(&c, instant("2023-07-31T16:00:00Z")));
        assert_false(campaign_window_open(NULL, instant("2023-07-15T12:00:00Z")));
}

static void test_unknown_keys(void **state)
{
        json_t *d;

        d = fresh(state);
        json_object_set_new(d, "yaer", json_integer(2023));
        refused(d, "yaer: 未知的键（拼写有误？）");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "min_non_construction_investmnet", json_real(500));
        refused(d, "rules.min_non_construction_investmnet: 未知的键（拼写有误？）");

        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "apply_closes", json_string("2023-07-31"));
        refused(d, "timeline.apply_closes: 未知的键（拼写有误？）");

        d = fresh(state);
        json_object_set_new(json_array_get(at(d, "categories"), 1), "colour", json_string("red"));
        refused(d, "categories[1].colour: 未知的键（拼写有误？）");

        d = fresh(state);
        json_object_set_new(at(at(d, "rules"), "duration_months"), "warn_belw", json_integer(1));
        refused(d, "rules.duration_months.warn_belw: 未知的键（拼写有误？）");

        d = fresh(state);
        json_object_set_new(at(at(d, "rules"), "text_limits"), "Unit.Overview", json_integer(300));
        refused(d, "rules.text_limits.Unit.Overview: 应为以点分隔的表单字段名，如 unit.overview");

        d = fresh(state);
        json_object_set_new(at(at(d, "rules"), "text_limits"), "unit..overview", json_integer(300));
        refused(d, "rules.text_limits.unit..overview: 应为以点分隔的表单字段名，如 unit.overview");
}

static void test_missing_keys(void **state)
{
        json_t *d;
        struct campaign c;

        d = fresh(state);
        json_object_del(at(d, "rules"), "landmark_count");
        refused(d, "rules.landmark_count: 缺少此项");

        d = fresh(state);
        json_object_del(at(d, "timeline"), "local_review_due");
        refused(d, "timeline.local_review_due: 缺少此项");

        d = fresh(state);
        json_object_del(d, "categories");
        refused(d, "categories: 缺少此项");

        d = fresh(state);
        json_object_del(json_array_get(at(d, "categories"), 0), "name");
        refused(d, "categories[0].name: 缺少此项");

        /* notice, contacts and descriptions are for people: the definition stands without them. */
        d = fresh(state);
        json_object_del(d, "notice");
        json_object_del(d, "contacts");
        json_object_del(json_array_get(at(d, "categories"), 0), "description");
        accepted(d, &c);
        assert_int_equal(c.year, 2023);
}

static void test_wrong_types(void **state)
{
        json_t *d;

        d = json_array();
        refused(d, "campaign: 应为 JSON 对象");

        d = fresh(state);
        json_object_set_new(d, "year", json_string("2023"));
        refused(d, "year: 应为 2000 到 9999 之间的整数");

        d = fresh(state);
        json_object_set_new(d, "year", json_real(2023.0));
        refused(d, "year: 应为 2000 到 9999 之间的整数");

        d = fresh(state);
        json_object_set_new(d, "title", json_integer(5));
        refused(d, "title: 应为字符串");

        d = fresh(state);
        json_object_set_new(d, "title", json_string(""));
        refused(d, "title: 不能为空");

        d = fresh(state);
        json_object_set_new(d, "title", json_stringn("a\0b", 3));
        refused(d, "title: 含有无效字符（NUL 或非 UTF-8）");

        d = fresh(state);
        json_object_set_new(d, "categories", json_object());
        refused(d, "categories: 应为非空数组");

        d = fresh(state);
        json_object_set_new(d, "timeline", json_array());
        refused(d, "timeline: 应为 JSON 对象");

        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "apply_open", json_integer(20230701));
        refused(d, "timeline.apply_open: 应为 YYYY-MM-DD 格式的日期");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "projects_per_unit", json_string("1"));
        refused(d, "rules.projects_per_unit: 应为 1 到 1000 之间的整数");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "landmark_count", json_integer(-1));
        refused(d, "rules.landmark_count: 应为 0 到 1000 之间的整数");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "main_part_completed_required", json_string("true"));
        refused(d, "rules.main_part_completed_required: 应为 true 或 false");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "continuation_allowed", json_integer(0));
        refused(d, "rules.continuation_allowed: 应为 true 或 false");

        d = fresh(state);
        json_object_set_new(at(at(d, "rules"), "text_limits"), "unit.overview", json_integer(0));
        refused(d, "rules.text_limits.unit.overview: 应为 1 到 1000000 之间的整数");

        d = fresh(state);
        json_object_set_new(at(at(d, "rules"), "text_limits"), "unit.overview", json_string("300"));
        refused(d, "rules.text_limits.unit.overview: 应为 1 到 1000000 之间的整数");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "text_limits", json_array());
        refused(d, "rules.text_limits: 应为 JSON 对象");

        d = fresh(state);
        json_object_set_new(at(d, "notice"), "number", json_integer(3));
        refused(d, "notice.number: 应为字符串或字符串数组");

        d = fresh(state);
        json_array_append_new(at(at(d, "contacts"), "support_phone"), json_integer(110));
        refused(d, "contacts.support_phone[2]: 应为字符串");

        d = fresh(state);
        json_object_set_new(at(d, "contacts"), "office", json_object());
        refused(d, "contacts.office: 应为字符串或字符串数组");

        d = fresh(state);
        json_object_set_new(d, "notice", json_string("苏信息化办〔2023〕3号"));
        refused(d, "notice: 应为 JSON 对象");

        d = fresh(state);
        json_object_set_new(json_array_get(at(d, "categories"), 2), "description", json_integer(1));
        refused(d, "categories[2].description: 应为字符串");
}

static void test_money_rule(void **state)
{
        const char *key = "min_non_construction_investment";
        json_t *d;
        struct campaign c;

        d = fresh(state);
        json_object_set_new(at(d, "rules"), key, json_real(-1));
        refused(d, "rules.min_non_construction_investment: 应为不小于 0 的金额");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), key, json_string("500"));
        refused(d, "rules.min_non_construction_investment: 应为不小于 0 的金额");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), key, json_real(500.001));
        refused(d, "rules.min_non_construction_investment: 金额最多保留两位小数（万元）");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), key, json_real(1e9));
        refused(d, "rules.min_non_construction_investment: 金额过大");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), key, json_integer(500));
        accepted(d, &c);
        assert_int_equal(c.min_non_construction_investment, 50000);

        d = fresh(state);
        json_object_set_new(at(d, "rules"), key, json_real(499.99));
        accepted(d, &c);
        assert_int_equal(c.min_non_construction_investment, 49999);
}

static void test_bad_dates(void **state)
{
        json_t *d;

        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "apply_open", json_string("2023-02-29"));
        refused(d, "timeline.apply_open: 应为 YYYY-MM-DD 格式的日期");

        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "contacts_due", json_string("2023-7-5"));
        refused(d, "timeline.contacts_due: 应为 YYYY-MM-DD 格式的日期");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "statistics_cutoff", json_string("2022-12-32"));
        refused(d, "rules.statistics_cutoff: 应为 YYYY-MM-DD 格式的日期");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "earliest_start_month", json_string("2022-13"));
        refused(d, "rules.earliest_start_month: 应为 YYYY-MM 格式的月份");

        d = fresh(state);
        json_object_set_new(at(d, "rules"), "earliest_start_month", json_string("2022-01-01"));
        refused(d, "rules.earliest_start_month: 应为 YYYY-MM 格式的月份");
}

static void test_timeline_order(void **state)
{
        json_t *d;
        struct campaign c;

        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "apply_close", json_string("2023-06-30"));
        refused(d, "timeline.apply_close: 不能早于 timeline.apply_open");

        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "local_review_due", json_string("2023-07-30"));
        refused(d, "timeline.local_review_due: 不能早于 timeline.apply_close");

        /* Equal dates are a one-day window, not an error. */
        d = fresh(state);
        json_object_set_new(at(d, "timeline"), "apply_close", json_string("2023-07-01"));
        json_object_set_new(at(d, "timeline"), "local_review_due", json_string("2023-07-01"));
        accepted(d, &c);
        assert_true(campaign_window_open(&c, instant("2023-07-01T23:59:59+08:00")));
        assert_false(campaign_window_open(&c, instant("2023-07-02T00:00:00+08:00")));
}

static void test_categories(void **state)
{
        json_t *d, *cats;
        struct campaign c;

        d = fresh(state);
        cats = at(d, "categories");
        json_object_set_new(json_array_get(cats, 2), "code", json_string("infrastructure"));
        refused(d, "categories[2].code: 与 categories[0] 重复");

        d = fresh(state);
        cats = at(d, "categories");
        json_object_set_new(json_array_get(cats, 3), "name", json_string("数字经济类"));
        refused(d, "categories[3].name: 与 categories[1] 重复");

        d = fresh(state);
        json_object_set_new(json_array_get(at(d, "categories"), 0), "code",
                            json_string("Infrastructure"));
        refused(d, "categories[0].code: 应由小写字母开头，仅含小写字母、数字和下划线");

        d = fresh(state);
        json_object_set_new(d, "categories", json_array());
        refused(d, "categories: 应为非空数组");

        /* Eight categories fit, a ninth does not. */
        d = fresh(state);
        cats = at(d, "categories");
        for (int i = 4; i < CAMPAIGN_CATEGORIES_MAX; i++) {
                char code[16], name[16];

                snprintf(code, sizeof code, "extra%d", i);
                snprintf(name, sizeof name, "类别%d", i);
                json_array_append_new(cats, json_pack("{s:s, s:s}", "code", code, "name", name));
        }
        accepted(json_incref(d), &c);
        assert_int_equal(c.n_categories, CAMPAIGN_CATEGORIES_MAX);
        assert_true(campaign_has_category(&c, "extra7"));
        json_array_append_new(cats, json_pack("{s:s, s:s}", "code", "ninth", "name", "第九类"));
        refused(d, "categories: 最多 8 个类别");

        /* A project may not be asked to pick more categories than exist. */
        d = fresh(state);
        json_object_set_new(at(d, "rules"), "categories_per_project", json_integer(5));
        refused(d, "rules.categories_per_project: 应为 1 到 4 之间的整数");
        d = fresh(state);
        json_object_set_new(at(d, "rules"), "categories_per_project", json_integer(4));
        accepted(d, &c);
        assert_int_equal(c.categories_per_project, 4);
}

static void test_duration_and_lengths(void **state)
{
        json_t *d;
        struct campaign c;
        char title[300];

        d = fresh(state);
        json_object_set_new(at(at(d, "rules"), "duration_months"), "warn_above", json_integer(11));
        refused(d, "rules.duration_months.warn_above: 不能小于 rules.duration_months.warn_below");

        /* title holds 255 bytes and its NUL. */
        memset(title, 'x', sizeof title);
        title[255] = '\0';
        d = fresh(state);
        json_object_set_new(d, "title", json_string(title));
        accepted(d, &c);
        assert_int_equal(strlen(c.title), 255);
        title[255] = 'x';
        title[256] = '\0';
        d = fresh(state);
        json_object_set_new(d, "title", json_string(title));
        refused(d, "title: 过长（最多 255 字节）");
}

static void test_evaluation(void **state)
{
        json_t *d, *ev, *rubric;
        struct campaign c;

        accepted(fresh(state), &c);
        assert_true(c.has_evaluation);
        const struct campaign_evaluation *e = &c.evaluation;
        assert_int_equal(e->experts_per_project, 5);
        assert_int_equal(e->n_rubric, 4);
        int64_t total = 0;
        for (size_t i = 0; i < e->n_rubric; i++) {
                total += e->rubric[i].max;
                assert_int_equal(e->rubric[i].n_bands, 4);
                assert_string_equal(e->rubric[i].bands[0].grade, "优");
                assert_int_equal(e->rubric[i].bands[0].max, e->rubric[i].max);
                assert_int_equal(e->rubric[i].bands[3].min, 0);
        }
        assert_int_equal(total, 10000);
        assert_string_equal(e->rubric[0].code, "fit");
        assert_int_equal(e->rubric[0].max, 3000);
        assert_int_equal(e->rubric[0].bands[1].max, 2599);
        assert_ptr_equal(campaign_criterion(&c, "innovation"), &e->rubric[1]);
        assert_null(campaign_criterion(&c, "Fit"));
        assert_int_equal(e->trim_from, 5);
        assert_int_equal(e->weight_expert, 60);
        assert_int_equal(e->weight_defense, 40);
        assert_int_equal(e->conflict_years, 3);
        assert_false(e->same_city_conflict);
        assert_int_equal(e->public_notice_working_days, 5);
        assert_int_equal(e->landmark_count, 10);
        assert_int_equal(e->stability_top, 5);

        /* a call may have no evaluation yet */
        d = fresh(state);
        json_object_del(d, "evaluation");
        accepted(d, &c);
        assert_false(c.has_evaluation);
        assert_null(campaign_criterion(&c, "fit"));

        /* the maxima add up to 100, to the hundredth */
        d = fresh(state);
        rubric = at(at(d, "evaluation"), "rubric");
        json_object_set_new(json_array_get(rubric, 3), "max", json_real(19.99));
        json_object_set_new(json_array_get(json_object_get(json_array_get(rubric, 3), "bands"), 0), "max",
                            json_real(19.99));
        refused(d, "evaluation.rubric: 各项指标的满分之和应为 100");
        d = fresh(state);
        json_object_set_new(json_array_get(at(at(d, "evaluation"), "rubric"), 0), "max", json_real(30.001));
        refused(d, "evaluation.rubric[0].max: 应为 0 到 100.00 之间的分数（最多两位小数）");
        /* bands inside the criterion, from the best down, not overlapping */
        d = fresh(state);
        rubric = at(at(d, "evaluation"), "rubric");
        json_object_set_new(json_array_get(json_object_get(json_array_get(rubric, 0), "bands"), 0), "max",
                            json_integer(31));
        refused(d, "evaluation.rubric[0].bands[0].max: 应为 0 到 30.00 之间的分数（最多两位小数）");
        d = fresh(state);
        rubric = at(at(d, "evaluation"), "rubric");
        json_object_set_new(json_array_get(json_object_get(json_array_get(rubric, 0), "bands"), 1), "max",
                            json_integer(26));
        refused(d, "evaluation.rubric[0].bands[1].max: 应小于上一档的 min（各档从高到低、互不重叠）");
        d = fresh(state);
        rubric = at(at(d, "evaluation"), "rubric");
        json_object_set_new(json_array_get(rubric, 1), "code", json_string("fit"));
        refused(d, "evaluation.rubric[1].code: 与前面的指标重复");
        /* weights add up to 1 */
        d = fresh(state);
        ev = at(d, "evaluation");
        json_object_set_new(at(ev, "weights"), "defense", json_real(0.5));
        refused(d, "evaluation.weights: expert 与 defense 之和应为 1");
        /* one landmark count */
        d = fresh(state);
        json_object_set_new(at(d, "evaluation"), "landmark_count", json_integer(9));
        refused(d, "evaluation.landmark_count: 应与 rules.landmark_count 相同");
        d = fresh(state);
        json_object_set_new(at(d, "evaluation"), "trim_from", json_integer(2));
        refused(d, "evaluation.trim_from: 应为 3 到 100 之间的整数");
        d = fresh(state);
        json_object_set_new(at(d, "evaluation"), "rubirc", json_array());
        refused(d, "evaluation.rubirc: 未知的键（拼写有误？）");
}

static void test_error_optional(void **state)
{
        json_t *d = fresh(state);
        struct campaign c;

        /* No error wanted: the message must still not leak (ASan checks). */
        json_object_set_new(d, "yaer", json_integer(1));
        assert_int_equal(campaign_parse(d, &c, NULL), -EINVAL);
        assert_int_equal(campaign_parse(d, NULL, NULL), -EINVAL);
        json_decref(d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_2023_every_field),
                cmocka_unit_test(test_2023_informational_parts),
                cmocka_unit_test(test_window),
                cmocka_unit_test(test_unknown_keys),
                cmocka_unit_test(test_missing_keys),
                cmocka_unit_test(test_wrong_types),
                cmocka_unit_test(test_money_rule),
                cmocka_unit_test(test_bad_dates),
                cmocka_unit_test(test_timeline_order),
                cmocka_unit_test(test_categories),
                cmocka_unit_test(test_duration_and_lengths),
                cmocka_unit_test(test_evaluation),
                cmocka_unit_test(test_error_optional),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
