/* Who is told what when an application changes status: every row of the workflow table, the
 * applicant's submission, the changes that tell nobody; and when the deadline reminders are due. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/notify.h"
#include "domain/workflow.h"
#include "util/arena.h"
#include "util/timeutil.h"

static struct arena *arena;

static int setup(void **state)
{
        (void)state;
        arena = arena_new();
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        arena_free(arena);
        return 0;
}

static int64_t at(const char *rfc3339)
{
        int64_t t = 0;
        assert_int_equal(time_parse_rfc3339(rfc3339, &t), 0);
        return t;
}

static struct campaign campaign_2023(void)
{
        struct campaign c = { .year = 2023 };
        assert_int_equal(date_parse("2023-07-01", &c.apply_open), 0);
        assert_int_equal(date_parse("2023-07-31", &c.apply_close), 0);
        assert_int_equal(date_parse("2023-08-21", &c.local_review_due), 0);
        return c;
}

static size_t change(const char *action, const char *from, const char *to, const char *reason, struct notice out[])
{
        struct notify_change ch = { .action = action, .from = from, .to = to, .actor_authority = "玄武区信息化主管部门",
                                    .project_name = "智慧社区平台", .reason = reason };
        return notify_for_change(&ch, arena, out);
}

static void assert_contains(const char *s, const char *part)
{
        if (!strstr(s, part))
                fail_msg("“%s” should contain “%s”", s, part);
}

/* Every row of the workflow tells the right people, or (the applicant's own create, edit and
 * withdraw) nobody. */
static void test_every_workflow_row(void **state)
{
        (void)state;
        size_t n;
        const struct transition *t = workflow_table(&n);
        for (size_t i = 0; i < n; i++) {
                struct notice out[NOTIFY_MAX];
                const char *to = status_code(t[i].to);
                size_t k = change(t[i].action, t[i].from == ST_NONE ? NULL : status_code(t[i].from), to,
                                  "请补充投资证明", out);
                if (t[i].role == ROLE_APPLICANT && strcmp(t[i].action, "submit") != 0) {
                        assert_int_equal(k, 0);
                } else if (t[i].role == ROLE_APPLICANT) {
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_TARGET_REVIEWERS);
                        assert_string_equal(out[0].kind, "arrived");
                } else if (strcmp(t[i].action, "formal_pass") == 0) {
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_OWNER);
                        assert_string_equal(out[0].kind, "formal_passed");
                        assert_contains(out[0].body, "专家评审");
                } else if (strcmp(t[i].action, "formal_fail") == 0) {
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_OWNER);
                        assert_string_equal(out[0].kind, "formal_failed");
                        assert_contains(out[0].body, "请补充投资证明");
                } else if (strcmp(t[i].action, "formal_return") == 0) {
                        /* the authority it goes back to, and the applicant */
                        assert_int_equal(k, 2);
                        assert_int_equal(out[0].audience, strcmp(to, "county_recommended") == 0 ? NOTIFY_CITY_REVIEWERS
                                                                                              : NOTIFY_TARGET_REVIEWERS);
                        assert_string_equal(out[0].kind, "sent_back");
                        assert_contains(out[0].body, "请补充投资证明");
                        assert_contains(out[0].body, "不受地方审核截止时间限制");
                        assert_int_equal(out[1].audience, NOTIFY_OWNER);
                } else if (strcmp(t[i].action, "assign") == 0) {
                        assert_int_equal(k, 0);
                        continue;
                } else if (strcmp(to, "returned") == 0) {
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_OWNER);
                        assert_string_equal(out[0].kind, "returned");
                        assert_contains(out[0].body, "请补充投资证明");
                        assert_contains(out[0].body, "玄武区信息化主管部门");
                } else if (strcmp(to, "rejected") == 0) {
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_OWNER);
                        assert_string_equal(out[0].kind, "rejected");
                        assert_contains(out[0].body, "请补充投资证明");
                } else if (strcmp(to, "county_recommended") == 0) {
                        assert_int_equal(k, 2);
                        assert_int_equal(out[0].audience, NOTIFY_OWNER);
                        assert_string_equal(out[0].kind, "recommended");
                        assert_contains(out[0].body, "设区市");
                        assert_int_equal(out[1].audience, NOTIFY_CITY_REVIEWERS);
                        assert_string_equal(out[1].kind, "arrived");
                } else if (strcmp(to, "city_recommended") == 0) {
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_OWNER);
                        assert_string_equal(out[0].kind, "recommended");
                        assert_contains(out[0].body, "省信息化办");
                } else if (strcmp(to, "submitted") == 0) {       /* a city sends it back to its county */
                        assert_int_equal(k, 1);
                        assert_int_equal(out[0].audience, NOTIFY_TARGET_REVIEWERS);
                        assert_string_equal(out[0].kind, "sent_back");
                        assert_contains(out[0].body, "请补充投资证明");
                } else {
                        fail_msg("workflow row %zu goes to %s: no notification rule for it", i, to);
                }
                for (size_t j = 0; j < k; j++) {
                        assert_contains(out[j].body, "智慧社区平台");
                        assert_true(*out[j].title);
                }
        }
}

static void test_submission_tells_the_reviewers(void **state)
{
        (void)state;
        struct notice out[NOTIFY_MAX];
        assert_int_equal(change("submit", "draft", "submitted", "", out), 1);
        assert_int_equal(out[0].audience, NOTIFY_TARGET_REVIEWERS);
        assert_string_equal(out[0].kind, "arrived");
        assert_string_equal(out[0].title, "收到新的申报");
        assert_int_equal(change("submit", "returned", "submitted", "", out), 1);
        assert_int_equal(out[0].audience, NOTIFY_TARGET_REVIEWERS);
        assert_string_equal(out[0].title, "申报已重新提交");
}

static void test_changes_that_tell_nobody(void **state)
{
        (void)state;
        struct notice out[NOTIFY_MAX];
        assert_int_equal(change("withdraw", "submitted", "draft", "", out), 0);
        assert_int_equal(change("create", NULL, "draft", "", out), 0);
        assert_int_equal(change("save", "draft", "draft", "", out), 0);
        assert_int_equal(change(NULL, NULL, NULL, NULL, out), 0);
}

static void test_texts_without_name_or_reason(void **state)
{
        (void)state;
        struct notify_change ch = { .action = "return", .from = "submitted", .to = "returned", .actor_authority = "",
                                    .project_name = "", .reason = "" };
        struct notice out[NOTIFY_MAX];
        assert_int_equal(notify_for_change(&ch, arena, out), 1);
        assert_contains(out[0].body, "（未命名项目）");
        assert_contains(out[0].body, "审核部门");
}

/* a reason that ends in a full stop does not get a second one */
static void test_reason_full_stop_not_doubled(void **state)
{
        (void)state;
        struct notify_change ch = { .action = "return", .from = "submitted", .to = "returned",
                                    .actor_authority = "玄武区信息化主管部门", .project_name = "某平台",
                                    .reason = "请补充投资证明。" };
        struct notice out[NOTIFY_MAX];
        assert_int_equal(notify_for_change(&ch, arena, out), 1);
        assert_contains(out[0].body, "修改意见：请补充投资证明。请按意见");
        assert_null(strstr(out[0].body, "。。"));
}

static void test_apply_reminder_days(void **state)
{
        (void)state;
        struct campaign c = campaign_2023();
        assert_int_equal(notify_deadline_for(ROLE_APPLICANT, &c, at("2023-07-27T23:59:59+08:00")), DEADLINE_NONE);
        assert_int_equal(notify_deadline_for(ROLE_APPLICANT, &c, at("2023-07-28T00:00:00+08:00")), DEADLINE_APPLY);
        assert_int_equal(notify_deadline_for(ROLE_APPLICANT, &c, at("2023-07-31T23:59:59+08:00")), DEADLINE_APPLY);
        assert_int_equal(notify_deadline_for(ROLE_APPLICANT, &c, at("2023-08-01T00:00:00+08:00")), DEADLINE_NONE);
        /* 2023-07-27T16:00:00Z is already the 28th in Beijing */
        assert_int_equal(notify_deadline_for(ROLE_APPLICANT, &c, at("2023-07-27T16:00:00Z")), DEADLINE_APPLY);
        assert_int_equal(notify_deadline_for(ROLE_APPLICANT, &c, at("2023-08-19T10:00:00+08:00")), DEADLINE_NONE);
        /* reviewers are not reminded of the applicants' deadline */
        assert_int_equal(notify_deadline_for(ROLE_COUNTY_REVIEWER, &c, at("2023-07-29T10:00:00+08:00")), DEADLINE_NONE);
}

static void test_review_reminder_days(void **state)
{
        (void)state;
        struct campaign c = campaign_2023();
        const enum role reviewers[] = { ROLE_COUNTY_REVIEWER, ROLE_CITY_REVIEWER, ROLE_DEPARTMENT_REVIEWER };
        for (size_t i = 0; i < 3; i++) {
                enum role r = reviewers[i];
                assert_int_equal(notify_deadline_for(r, &c, at("2023-08-17T23:59:59+08:00")), DEADLINE_NONE);
                assert_int_equal(notify_deadline_for(r, &c, at("2023-08-18T00:00:00+08:00")), DEADLINE_REVIEW);
                assert_int_equal(notify_deadline_for(r, &c, at("2023-08-21T23:59:59+08:00")), DEADLINE_REVIEW);
                assert_int_equal(notify_deadline_for(r, &c, at("2023-08-22T00:00:00+08:00")), DEADLINE_NONE);
        }
        const enum role others[] = { ROLE_PROVINCE_ADMIN, ROLE_EXPERT, ROLE_NONE };
        for (size_t i = 0; i < 3; i++) {
                assert_int_equal(notify_deadline_for(others[i], &c, at("2023-07-29T10:00:00+08:00")), DEADLINE_NONE);
                assert_int_equal(notify_deadline_for(others[i], &c, at("2023-08-19T10:00:00+08:00")), DEADLINE_NONE);
        }
}

static void test_reminder_texts_and_keys(void **state)
{
        (void)state;
        struct campaign c = campaign_2023();
        struct notice a = notify_deadline_notice(DEADLINE_APPLY, &c, "智慧社区平台", 0, arena);
        assert_string_equal(a.kind, "deadline_apply");
        assert_string_equal(a.title, "申报截止前 3 天");
        assert_contains(a.body, "2023-07-31");
        assert_contains(a.body, "智慧社区平台");
        assert_string_equal(notify_deadline_key(DEADLINE_APPLY, &c, arena), "apply_close:2023");
        struct notice r = notify_deadline_notice(DEADLINE_REVIEW, &c, "", 5, arena);
        assert_string_equal(r.kind, "deadline_review");
        assert_string_equal(r.title, "地方审核截止前 3 天");
        assert_contains(r.body, "2023-08-21");
        assert_contains(r.body, "5 个项目");
        assert_string_equal(notify_deadline_key(DEADLINE_REVIEW, &c, arena), "local_review_due:2023");
        int32_t until;
        assert_int_equal(date_parse("2023-08-25", &until), 0);
        struct notice o = notify_reopened_notice(2023, until, "系统故障", arena);
        assert_string_equal(o.kind, "reopened");
        assert_contains(o.body, "2023-08-25");
        assert_contains(o.body, "系统故障");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_workflow_row),
                cmocka_unit_test(test_submission_tells_the_reviewers),
                cmocka_unit_test(test_changes_that_tell_nobody),
                cmocka_unit_test(test_texts_without_name_or_reason),
                cmocka_unit_test(test_reason_full_stop_not_doubled),
                cmocka_unit_test(test_apply_reminder_days),
                cmocka_unit_test(test_review_reminder_days),
                cmocka_unit_test(test_reminder_texts_and_keys),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
