/* An application's whole life: every cell of the table (role × relation × status × level × direct
 * × action) gives exactly what the notice says and nothing else; each row's time gate shuts it;
 * what workflow_allowed lists is what workflow_decide accepts; relations from accounts and
 * routing; the data scope of every role; statuses and their words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/workflow.h"
#include "util/arena.h"

struct expect {
        enum role role;
        enum wf_relation rel;
        enum app_status from;
        const char *level;              /* NULL: any level */
        int direct;                     /* -1 any, 0 no, 1 yes (昆山/泰兴/沭阳) */
        const char *action;
        enum app_status to;
        bool reason;
        unsigned gates;
};

#define ANY (-1)

/* The notice's 三（一）, written out case by case: what each may do, and nothing more. */
static const struct expect allowed[] = {
        /* the applicant prepares, submits inside the window, withdraws before anyone acts */
        { ROLE_APPLICANT, REL_OWNER, ST_NONE, NULL, ANY, "create", ST_DRAFT, false, GATE_BEFORE_APPLY_CLOSE },
        { ROLE_APPLICANT, REL_OWNER, ST_DRAFT, NULL, ANY, "edit", ST_DRAFT, false, 0 },
        { ROLE_APPLICANT, REL_OWNER, ST_RETURNED, NULL, ANY, "edit", ST_RETURNED, false, 0 },
        { ROLE_APPLICANT, REL_OWNER, ST_DRAFT, NULL, ANY, "submit", ST_SUBMITTED, false, GATE_APPLY_WINDOW | GATE_FORM_COMPLETE },
        { ROLE_APPLICANT, REL_OWNER, ST_RETURNED, NULL, ANY, "submit", ST_SUBMITTED, false, GATE_APPLY_WINDOW | GATE_FORM_COMPLETE },
        { ROLE_APPLICANT, REL_OWNER, ST_SUBMITTED, NULL, ANY, "withdraw", ST_DRAFT, false, GATE_APPLY_WINDOW },
        /* a county recommends to its city; 昆山/泰兴/沭阳 straight to the province */
        { ROLE_COUNTY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", 0, "recommend", ST_COUNTY_RECOMMENDED, false, GATE_LOCAL_REVIEW },
        { ROLE_COUNTY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", 1, "recommend", ST_CITY_RECOMMENDED, false, GATE_LOCAL_REVIEW },
        { ROLE_COUNTY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", ANY, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW },
        { ROLE_COUNTY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", ANY, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW },
        { ROLE_CITY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", 1, "recommend", ST_CITY_RECOMMENDED, false, GATE_LOCAL_REVIEW },
        { ROLE_CITY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", 1, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW },
        { ROLE_CITY_REVIEWER, REL_TARGET, ST_SUBMITTED, "county", 1, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW },
        /* a city confirms what its counties recommended, or sends it back to the county */
        { ROLE_CITY_REVIEWER, REL_CITY_OF_TARGET, ST_COUNTY_RECOMMENDED, "county", 0, "recommend", ST_CITY_RECOMMENDED, false, GATE_LOCAL_REVIEW },
        { ROLE_CITY_REVIEWER, REL_CITY_OF_TARGET, ST_COUNTY_RECOMMENDED, "county", 0, "return", ST_SUBMITTED, true, GATE_LOCAL_REVIEW },
        /* a city reviews its 市直 units */
        { ROLE_CITY_REVIEWER, REL_TARGET, ST_SUBMITTED, "city", ANY, "recommend", ST_CITY_RECOMMENDED, false, GATE_LOCAL_REVIEW },
        { ROLE_CITY_REVIEWER, REL_TARGET, ST_SUBMITTED, "city", ANY, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW },
        { ROLE_CITY_REVIEWER, REL_TARGET, ST_SUBMITTED, "city", ANY, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW },
        /* a department reviews its 省直 units */
        { ROLE_DEPARTMENT_REVIEWER, REL_TARGET, ST_SUBMITTED, "department", ANY, "recommend", ST_CITY_RECOMMENDED, false, GATE_LOCAL_REVIEW },
        { ROLE_DEPARTMENT_REVIEWER, REL_TARGET, ST_SUBMITTED, "department", ANY, "return", ST_RETURNED, true, GATE_LOCAL_REVIEW },
        { ROLE_DEPARTMENT_REVIEWER, REL_TARGET, ST_SUBMITTED, "department", ANY, "reject", ST_REJECTED, true, GATE_LOCAL_REVIEW },
        /* the province's formal check (三（二）): pass, fail, or back to the authority that recommended
         * it — to what it was before that authority recommended it */
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_CITY_RECOMMENDED, NULL, ANY, "formal_pass", ST_FORMAL_PASSED, false, 0 },
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_CITY_RECOMMENDED, NULL, ANY, "formal_fail", ST_FORMAL_FAILED, true, 0 },
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_CITY_RECOMMENDED, "county", 0, "formal_return", ST_COUNTY_RECOMMENDED, true, 0 },
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_CITY_RECOMMENDED, "county", 1, "formal_return", ST_SUBMITTED, true, 0 },
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_CITY_RECOMMENDED, "city", ANY, "formal_return", ST_SUBMITTED, true, 0 },
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_CITY_RECOMMENDED, "department", ANY, "formal_return", ST_SUBMITTED, true, 0 },
        /* expert review begins with the first expert assigned; more may be added */
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_FORMAL_PASSED, NULL, ANY, "assign", ST_EXPERT_REVIEW, false, 0 },
        { ROLE_PROVINCE_ADMIN, REL_PROVINCE, ST_EXPERT_REVIEW, NULL, ANY, "assign", ST_EXPERT_REVIEW, false, 0 },
};
#define N_ALLOWED (sizeof allowed / sizeof allowed[0])

static const char *const levels[] = { "", "county", "city", "department" };
static const char *const actions[] = { "create", "edit", "submit", "withdraw", "recommend", "return", "reject",
                                       "formal_pass", "formal_fail", "formal_return", "assign" };

static const struct expect *find(enum role role, enum wf_relation rel, enum app_status st, const char *level,
                                 bool direct, const char *action)
{
        for (size_t i = 0; i < N_ALLOWED; i++) {
                const struct expect *e = &allowed[i];
                if (e->role == role && e->rel == rel && e->from == st && (!e->level || !strcmp(e->level, level)) &&
                    (e->direct == ANY || e->direct == (int)direct) && !strcmp(e->action, action))
                        return e;
        }
        return NULL;
}

static struct wf_facts facts(enum app_status st, const char *level, enum wf_relation rel, bool direct, bool open)
{
        return (struct wf_facts){ .status = st, .level = level, .relation = rel, .target_direct = direct,
                                  .open = open ? GATES_ALL : 0 };
}

/* Every combination, with every gate open and with every gate shut. */
static void test_every_cell(void **state)
{
        (void)state;
        unsigned checked = 0, ok = 0, hit[N_ALLOWED] = { 0 };
        for (int role = ROLE_APPLICANT; role < ROLE_COUNT_; role++)
                for (int rel = REL_NONE; rel <= REL_PROVINCE; rel++)
                        for (int st = ST_NONE; st < ST_COUNT_; st++)
                                for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++)
                                        for (int direct = 0; direct < 2; direct++)
                                                for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
                                                        const struct expect *e = find((enum role)role, (enum wf_relation)rel,
                                                                                      (enum app_status)st, levels[l], direct, actions[a]);
                                                        struct wf_facts open = facts((enum app_status)st, levels[l],
                                                                                     (enum wf_relation)rel, direct, true);
                                                        struct wf_facts shut = facts((enum app_status)st, levels[l],
                                                                                     (enum wf_relation)rel, direct, false);
                                                        const struct transition *t = NULL;
                                                        enum wf_verdict v = workflow_decide((enum role)role, &open, actions[a], true, &t);
                                                        enum wf_verdict vs = workflow_decide((enum role)role, &shut, actions[a], true, &t);
                                                        checked++;
                                                        if (!e) {
                                                                if (v != WF_NOT_ALLOWED || vs != WF_NOT_ALLOWED)
                                                                        fail_msg("role %d rel %d status %d level %s direct %d %s: allowed, should not be",
                                                                                 role, rel, st, levels[l], direct, actions[a]);
                                                                continue;
                                                        }
                                                        assert_int_equal(v, WF_OK);
                                                        assert_int_equal(t->to, e->to);
                                                        assert_int_equal(t->reason_required, e->reason);
                                                        assert_int_equal(t->gates, e->gates);
                                                        assert_non_null(t->label);
                                                        assert_true(strlen(t->label) > 0 && strlen(t->meaning) > 0);
                                                        /* a shut gate refuses every row that has one */
                                                        assert_int_equal(vs, e->gates == 0 ? WF_OK : WF_CLOSED);
                                                        hit[e - allowed]++;
                                                        ok++;
                                                }
        for (size_t i = 0; i < N_ALLOWED; i++)
                if (!hit[i])
                        fail_msg("expected cell %zu (%s) never reached", i, allowed[i].action);
        size_t n;
        workflow_table(&n);
        assert_int_equal(n, N_ALLOWED);        /* no row beyond what is written out above */
        print_message("workflow: %u combinations checked, %u allowed\n", checked, ok);
}

/* Every row of the table is one of the expected cells (nothing in the table unaccounted for). */
static void test_every_row_expected(void **state)
{
        (void)state;
        size_t n;
        const struct transition *t = workflow_table(&n);
        for (size_t i = 0; i < n; i++) {
                bool found = false;
                for (size_t k = 0; k < N_ALLOWED && !found; k++) {
                        const struct expect *e = &allowed[k];
                        found = e->role == t[i].role && e->rel == t[i].relation && e->from == t[i].from &&
                                !strcmp(e->action, t[i].action) && e->to == t[i].to &&
                                ((!e->level && !t[i].level) || (e->level && t[i].level && !strcmp(e->level, t[i].level))) &&
                                e->direct == (t[i].direct == DIRECT_ANY ? ANY : t[i].direct == DIRECT_YES);
                }
                if (!found)
                        fail_msg("table row %zu (%s) is not expected", i, t[i].action);
        }
}

/* What workflow_allowed lists is exactly what workflow_decide accepts, gates included. */
static void test_allowed_matches_decide(void **state)
{
        (void)state;
        for (int role = ROLE_APPLICANT; role < ROLE_COUNT_; role++)
                for (int rel = REL_NONE; rel <= REL_PROVINCE; rel++)
                        for (int st = ST_NONE; st < ST_COUNT_; st++)
                                for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++)
                                        for (int direct = 0; direct < 2; direct++)
                                                for (unsigned gates = 0; gates <= GATES_ALL; gates++) {
                                                        struct wf_facts f = facts((enum app_status)st, levels[l],
                                                                                  (enum wf_relation)rel, direct, false);
                                                        f.open = gates;
                                                        const struct transition *list[WORKFLOW_ACTIONS_MAX];
                                                        size_t n = workflow_allowed((enum role)role, &f, list, WORKFLOW_ACTIONS_MAX);
                                                        for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
                                                                const struct transition *t = NULL;
                                                                bool ok = workflow_decide((enum role)role, &f, actions[a], true, &t) == WF_OK;
                                                                bool listed = false;
                                                                for (size_t i = 0; i < n; i++)
                                                                        listed = listed || !strcmp(list[i]->action, actions[a]);
                                                                assert_int_equal(ok, listed);
                                                        }
                                                }
}

static void test_reasons(void **state)
{
        (void)state;
        struct wf_facts f = facts(ST_SUBMITTED, "county", REL_TARGET, false, true);
        const struct transition *t;
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &f, "return", false, &t), WF_REASON_REQUIRED);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &f, "reject", false, &t), WF_REASON_REQUIRED);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &f, "recommend", false, &t), WF_OK);
        struct wf_facts c = facts(ST_COUNTY_RECOMMENDED, "county", REL_CITY_OF_TARGET, false, true);
        assert_int_equal(workflow_decide(ROLE_CITY_REVIEWER, &c, "return", false, &t), WF_REASON_REQUIRED);
        /* a shut gate is said before a missing reason: there is nothing to write a reason for */
        struct wf_facts shut = facts(ST_SUBMITTED, "county", REL_TARGET, false, false);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &shut, "return", false, &t), WF_CLOSED);
}

/* A formal check's return reopens local review for that application until it is at the province
 * again: through the authority's own steps (a city sending it further back to its county), and
 * ended by the recommendation that brings it back. */
static void test_reopened(void **state)
{
        (void)state;
        const struct transition *t;
        struct wf_facts at_province = facts(ST_CITY_RECOMMENDED, "county", REL_PROVINCE, false, true);
        assert_int_equal(workflow_decide(ROLE_PROVINCE_ADMIN, &at_province, "formal_return", true, &t), WF_OK);
        assert_int_equal(t->to, ST_COUNTY_RECOMMENDED);
        assert_true(workflow_reopened(t, false));
        struct wf_facts at_city = facts(ST_COUNTY_RECOMMENDED, "county", REL_CITY_OF_TARGET, false, true);
        assert_int_equal(workflow_decide(ROLE_CITY_REVIEWER, &at_city, "return", true, &t), WF_OK);
        assert_true(workflow_reopened(t, true));        /* back at the county: still reopened */
        assert_false(workflow_reopened(t, false));      /* an ordinary return reopens nothing */
        struct wf_facts at_county = facts(ST_SUBMITTED, "county", REL_TARGET, false, true);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &at_county, "recommend", false, &t), WF_OK);
        assert_true(workflow_reopened(t, true));        /* county_recommended: the city still has to act */
        assert_int_equal(workflow_decide(ROLE_CITY_REVIEWER, &at_city, "recommend", false, &t), WF_OK);
        assert_false(workflow_reopened(t, true));       /* at the province again: over */
        /* the words for a missing reason name the step */
        assert_string_equal(workflow_reason_missing("formal_fail"), "形式审查不通过须填写理由");
        assert_string_equal(workflow_reason_missing("formal_return"), "退回推荐单位须填写理由");
        assert_string_equal(workflow_reason_missing("reject"), "不予推荐须填写理由");
        assert_string_equal(workflow_reason_missing("return"), "退回须填写修改意见");
        /* the office's formal check and assignment need no time gate, and nobody else has them */
        assert_int_equal(workflow_gates_of(ROLE_PROVINCE_ADMIN, "formal_pass"), 0);
        assert_false(workflow_can(ROLE_CITY_REVIEWER, ST_CITY_RECOMMENDED, "formal_pass"));
        assert_false(workflow_can(ROLE_EXPERT, ST_EXPERT_REVIEW, "assign"));
}

/* What a decision about an action must know: the gates of its rows, together. */
static void test_gates_of(void **state)
{
        (void)state;
        assert_int_equal(workflow_gates_of(ROLE_APPLICANT, "submit"), GATE_APPLY_WINDOW | GATE_FORM_COMPLETE);
        assert_int_equal(workflow_gates_of(ROLE_APPLICANT, "edit"), 0);
        assert_int_equal(workflow_gates_of(ROLE_APPLICANT, "withdraw"), GATE_APPLY_WINDOW);
        assert_int_equal(workflow_gates_of(ROLE_COUNTY_REVIEWER, "recommend"), GATE_LOCAL_REVIEW);
        assert_int_equal(workflow_gates_of(ROLE_COUNTY_REVIEWER, "submit"), 0);
        assert_int_equal(workflow_gates_of(ROLE_EXPERT, "recommend"), 0);
}

static void test_unknown_action(void **state)
{
        (void)state;
        struct wf_facts f = facts(ST_SUBMITTED, "county", REL_TARGET, false, true);
        const struct transition *t;
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &f, "approve", true, &t), WF_UNKNOWN_ACTION);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &f, NULL, true, &t), WF_UNKNOWN_ACTION);
        /* known, but another role's */
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, &f, "submit", true, &t), WF_NOT_ALLOWED);
}

static struct wf_place place(const char *level, const char *region, const char *dep, const char *city)
{
        return (struct wf_place){ .unit_id = 7, .review_level = level, .review_region = region,
                                  .review_department = dep, .review_city = city };
}

static void test_relations(void **state)
{
        (void)state;
        struct wf_party owner = { ROLE_APPLICANT, 7, "", "", 0 }, other = { ROLE_APPLICANT, 8, "", "", 0 };
        struct wf_party xuanwu = { ROLE_COUNTY_REVIEWER, 0, "320102", "", 0 };
        struct wf_party nanjing = { ROLE_CITY_REVIEWER, 0, "320100", "", 0 };
        struct wf_party kunshan = { ROLE_CITY_REVIEWER, 0, "320583", "", 0 };
        struct wf_party kunshan_county = { ROLE_COUNTY_REVIEWER, 0, "320583", "", 0 };
        struct wf_party suzhou = { ROLE_CITY_REVIEWER, 0, "320500", "", 0 };
        struct wf_party gxt = { ROLE_DEPARTMENT_REVIEWER, 0, "", "gxt", 0 };
        struct wf_party admin = { ROLE_PROVINCE_ADMIN, 0, "", "", 0 };
        struct wf_party expert = { ROLE_EXPERT, 0, "", "", 0 };
        struct wf_place county = place("county", "320102", "", "320100");
        struct wf_place shizhi = place("city", "320100", "", "320100");
        struct wf_place ks = place("county", "320583", "", "320583");
        struct wf_place dep = place("department", "", "gxt", "");
        struct wf_place draft = place("", "", "", "");

        assert_int_equal(workflow_relation(&owner, &draft), REL_OWNER);
        assert_int_equal(workflow_relation(&other, &draft), REL_NONE);
        assert_int_equal(workflow_relation(&xuanwu, &county), REL_TARGET);
        assert_int_equal(workflow_relation(&xuanwu, &shizhi), REL_NONE);
        assert_int_equal(workflow_relation(&nanjing, &county), REL_CITY_OF_TARGET);
        assert_int_equal(workflow_relation(&nanjing, &shizhi), REL_TARGET);
        assert_int_equal(workflow_relation(&nanjing, &ks), REL_NONE);
        /* 昆山 goes to the province, not to 苏州 */
        assert_int_equal(workflow_relation(&suzhou, &ks), REL_NONE);
        assert_int_equal(workflow_relation(&kunshan, &ks), REL_TARGET);
        assert_int_equal(workflow_relation(&kunshan_county, &ks), REL_TARGET);
        assert_int_equal(workflow_relation(&gxt, &dep), REL_TARGET);
        assert_int_equal(workflow_relation(&gxt, &county), REL_NONE);
        assert_int_equal(workflow_relation(&nanjing, &dep), REL_NONE);
        assert_int_equal(workflow_relation(&admin, &county), REL_PROVINCE);
        assert_int_equal(workflow_relation(&expert, &county), REL_NONE);
        assert_int_equal(workflow_relation(&xuanwu, &draft), REL_NONE);

        assert_true(workflow_target_direct(&ks));
        assert_false(workflow_target_direct(&county));
        assert_false(workflow_target_direct(&shizhi));
        assert_false(workflow_target_direct(&dep));
}

static void test_scopes(void **state)
{
        (void)state;
        struct wf_party applicant = { ROLE_APPLICANT, 7, "", "", 0 };
        struct app_scope s = workflow_scope(&applicant);
        assert_int_equal(s.kind, SCOPE_UNIT);
        assert_int_equal(s.unit_id, 7);
        assert_int_equal(s.statuses, STATUSES_ALL);

        struct wf_party county = { ROLE_COUNTY_REVIEWER, 0, "320102", "", 0 };
        s = workflow_scope(&county);
        assert_int_equal(s.kind, SCOPE_REGION);
        assert_string_equal(s.code, "320102");
        assert_false(s.statuses & STATUS_BIT(ST_DRAFT));
        assert_true(s.statuses & STATUS_BIT(ST_SUBMITTED));
        assert_true(s.statuses & STATUS_BIT(ST_LANDMARK));

        struct wf_party city = { ROLE_CITY_REVIEWER, 0, "320100", "", 0 };
        s = workflow_scope(&city);
        assert_int_equal(s.kind, SCOPE_CITY);
        assert_true(s.statuses & STATUS_BIT(ST_SUBMITTED));
        /* its counties' applications only once a county recommended them */
        assert_false(s.county_statuses & STATUS_BIT(ST_SUBMITTED));
        assert_false(s.county_statuses & STATUS_BIT(ST_RETURNED));
        assert_false(s.county_statuses & STATUS_BIT(ST_REJECTED));
        assert_true(s.county_statuses & STATUS_BIT(ST_COUNTY_RECOMMENDED));
        assert_true(s.county_statuses & STATUS_BIT(ST_KEY_PROJECT));

        struct wf_party dep = { ROLE_DEPARTMENT_REVIEWER, 0, "", "gxt", 0 };
        s = workflow_scope(&dep);
        assert_int_equal(s.kind, SCOPE_DEPARTMENT);
        assert_string_equal(s.code, "gxt");

        struct wf_party admin = { ROLE_PROVINCE_ADMIN, 0, "", "", 0 };
        s = workflow_scope(&admin);
        assert_int_equal(s.kind, SCOPE_ALL);
        assert_int_equal(s.statuses, status_past_draft());

        struct wf_party expert = { ROLE_EXPERT, 0, "", "", 0 }, nowhere = { ROLE_COUNTY_REVIEWER, 0, "", "", 0 };
        assert_int_equal(workflow_scope(&expert).kind, SCOPE_NONE);     /* an expert account with no record */
        assert_int_equal(workflow_scope(&nowhere).kind, SCOPE_NONE);
        struct wf_party pooled = { ROLE_EXPERT, 0, "", "", 12 };
        s = workflow_scope(&pooled);
        assert_int_equal(s.kind, SCOPE_EXPERT);
        assert_int_equal(s.expert_id, 12);
        /* from expert review on: never a draft, never what the office has not yet passed */
        assert_true(s.statuses & STATUS_BIT(ST_EXPERT_REVIEW));
        assert_true(s.statuses & STATUS_BIT(ST_LANDMARK));
        assert_false(s.statuses & (STATUS_BIT(ST_FORMAL_PASSED) | STATUS_BIT(ST_CITY_RECOMMENDED) | STATUS_BIT(ST_DRAFT)));
        assert_int_equal(workflow_waiting(&pooled).statuses, 0);       /* no row acts on an application */

        /* what waits for them: the statuses their rows leave from */
        assert_int_equal(workflow_waiting(&county).statuses, STATUS_BIT(ST_SUBMITTED));
        assert_int_equal(workflow_waiting(&city).statuses, STATUS_BIT(ST_SUBMITTED));
        assert_int_equal(workflow_waiting(&city).county_statuses, STATUS_BIT(ST_COUNTY_RECOMMENDED));
        assert_int_equal(workflow_waiting(&dep).statuses, STATUS_BIT(ST_SUBMITTED));
        assert_int_equal(workflow_waiting(&applicant).statuses, STATUS_BIT(ST_DRAFT) | STATUS_BIT(ST_RETURNED));

        s = workflow_scope(&city);
        workflow_scope_narrow(&s, ST_COUNTY_RECOMMENDED);
        assert_int_equal(s.statuses, STATUS_BIT(ST_COUNTY_RECOMMENDED));
        assert_int_equal(s.county_statuses, STATUS_BIT(ST_COUNTY_RECOMMENDED));
        s = workflow_scope(&county);
        workflow_scope_narrow(&s, ST_DRAFT);
        assert_int_equal(s.statuses, 0);
}

static void test_statuses(void **state)
{
        (void)state;
        for (int st = ST_DRAFT; st < ST_COUNT_; st++) {
                assert_int_equal(status_parse(status_code((enum app_status)st)), st);
                assert_true(strlen(status_label((enum app_status)st, NULL)) > 0);
        }
        assert_int_equal(status_parse("approved"), ST_NONE);
        assert_int_equal(status_parse(NULL), ST_NONE);
        assert_int_equal(status_parse(""), ST_NONE);
        assert_string_equal(status_label(ST_SUBMITTED, "county"), "已提交，待县（市、区）审核");
        assert_string_equal(status_label(ST_SUBMITTED, NULL), "已提交，待审核");
        assert_string_equal(status_label(ST_SUBMITTED, ""), "已提交，待审核");
        assert_string_equal(status_label(ST_SUBMITTED, "city"), "已提交，待设区市审核");
        assert_string_equal(status_label(ST_SUBMITTED, "department"), "已提交，待省有关部门审核");
        assert_string_equal(status_label(ST_CITY_RECOMMENDED, "department"), "已推荐至省信息化办");
        struct arena *a = arena_new();
        assert_string_equal(status_set_json(status_editable(), a), "[\"draft\",\"returned\"]");
        assert_string_equal(status_set_json(0, a), "[]");
        assert_int_equal(status_recommended_from(ST_CITY_RECOMMENDED) & STATUS_BIT(ST_COUNTY_RECOMMENDED), 0);
        assert_true(status_recommended_from(ST_COUNTY_RECOMMENDED) & STATUS_BIT(ST_NOT_SELECTED));
        arena_free(a);
}

static void test_words(void **state)
{
        (void)state;
        struct arena *a = arena_new();
        assert_string_equal(workflow_refusal("withdraw", ST_DRAFT, NULL, a), "申报尚未提交，无需撤回");
        assert_string_equal(workflow_refusal("withdraw", ST_COUNTY_RECOMMENDED, NULL, a), "审核部门已处理该申报，不能撤回");
        assert_string_equal(workflow_refusal("edit", ST_SUBMITTED, "county", a), "申报已提交并锁定，不能修改；如需修改请先撤回");
        assert_non_null(strstr(workflow_refusal("recommend", ST_CITY_RECOMMENDED, "county", a), "已推荐至省信息化办"));
        /* an event is named by its row: the city's return is a return to the county */
        assert_string_equal(workflow_event_label("city_reviewer", "return", "county_recommended", "submitted"),
                            "退回县（市、区）");
        assert_string_equal(workflow_event_label("county_reviewer", "return", "submitted", "returned"), "退回修改");
        assert_string_equal(workflow_event_label("applicant", "submit", "returned", "submitted"), "重新提交");
        assert_string_equal(workflow_event_label("applicant", "create", NULL, "draft"), "创建申报");
        assert_string_equal(workflow_event_label("province_admin", "recommend", "x", "y"), "推荐");

        /* 2023-07-01 … 07-31, local review until 08-21 */
        struct campaign c = { .year = 2023, .apply_open = 19539, .apply_close = 19569, .local_review_due = 19590 };
        size_t n;
        const struct transition *t = workflow_table(&n);
        for (size_t i = 0; i < n; i++) {
                struct wf_facts shut = facts(t[i].from, t[i].level, t[i].relation, t[i].direct == DIRECT_YES, false);
                enum wf_gate g = workflow_shut_gate(&t[i], &shut);
                if (!t[i].gates) {
                        assert_int_equal(g, 0);
                        continue;
                }
                const char *m = workflow_closed_message(&t[i], g, &c, a);
                if (g == GATE_LOCAL_REVIEW)
                        assert_string_equal(m, "地方审核推荐已于 2023-08-21 截止（北京时间）");
                else if (!strcmp(t[i].action, "withdraw"))
                        assert_string_equal(m, "申报已截止，撤回后将无法再次提交，因此不能撤回");
                else
                        assert_string_equal(m, "2023年申报时间为 2023-07-01 至 2023-07-31（北京时间），当前不在申报时间内");
        }
        /* a submission inside the window with problems left is refused for them, not for the time */
        struct wf_facts open_window = facts(ST_DRAFT, "", REL_OWNER, false, true);
        open_window.open &= ~(unsigned)GATE_FORM_COMPLETE;
        const struct transition *sub = NULL;
        assert_int_equal(workflow_decide(ROLE_APPLICANT, &open_window, "submit", true, &sub), WF_CLOSED);
        assert_int_equal(workflow_shut_gate(sub, &open_window), GATE_FORM_COMPLETE);
        assert_string_equal(workflow_closed_message(sub, GATE_FORM_COMPLETE, &c, a),
                            "申报表尚未填写完整或有不符合要求的内容，请按提示修改后再提交");
        /* both shut: the window is said first */
        open_window.open = 0;
        assert_int_equal(workflow_shut_gate(sub, &open_window), GATE_APPLY_WINDOW);
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_cell),
                cmocka_unit_test(test_every_row_expected),
                cmocka_unit_test(test_allowed_matches_decide),
                cmocka_unit_test(test_reasons),
                cmocka_unit_test(test_reopened),
                cmocka_unit_test(test_gates_of),
                cmocka_unit_test(test_unknown_action),
                cmocka_unit_test(test_relations),
                cmocka_unit_test(test_scopes),
                cmocka_unit_test(test_statuses),
                cmocka_unit_test(test_words),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
