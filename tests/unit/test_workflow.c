/* Every cell of the local review table: each allowed (role, status, level, relation, action) gives
 * its next state, and every other combination is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/workflow.h"

struct expect {
        enum role role;
        const char *status, *level;
        enum review_relation rel;
        bool direct;
        const char *action, *to;
};

/* The notice's 三（一）, written out case by case. */
static const struct expect allowed[] = {
        /* a county recommends to its city; 昆山/泰兴/沭阳 straight to the province */
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, false, "recommend", "county_recommended" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, true, "recommend", "city_recommended" },
        { ROLE_CITY_REVIEWER, "submitted", "county", REL_TARGET, true, "recommend", "city_recommended" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, false, "return", "returned" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, true, "return", "returned" },
        { ROLE_CITY_REVIEWER, "submitted", "county", REL_TARGET, true, "return", "returned" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, false, "reject", "rejected" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, true, "reject", "rejected" },
        { ROLE_CITY_REVIEWER, "submitted", "county", REL_TARGET, true, "reject", "rejected" },
        /* a city confirms what its counties recommended, or sends it back to the county */
        { ROLE_CITY_REVIEWER, "county_recommended", "county", REL_CITY_OF_TARGET, false, "recommend", "city_recommended" },
        { ROLE_CITY_REVIEWER, "county_recommended", "county", REL_CITY_OF_TARGET, false, "return", "submitted" },
        /* a city reviews its 市直 units */
        { ROLE_CITY_REVIEWER, "submitted", "city", REL_TARGET, false, "recommend", "city_recommended" },
        { ROLE_CITY_REVIEWER, "submitted", "city", REL_TARGET, false, "return", "returned" },
        { ROLE_CITY_REVIEWER, "submitted", "city", REL_TARGET, false, "reject", "rejected" },
        /* a department reviews its 省直 units */
        { ROLE_DEPARTMENT_REVIEWER, "submitted", "department", REL_TARGET, false, "recommend", "city_recommended" },
        { ROLE_DEPARTMENT_REVIEWER, "submitted", "department", REL_TARGET, false, "return", "returned" },
        { ROLE_DEPARTMENT_REVIEWER, "submitted", "department", REL_TARGET, false, "reject", "rejected" },
};

static const char *const statuses[] = { "draft", "submitted", "returned", "rejected", "county_recommended",
                                        "city_recommended", "formal_passed", "key_project" };
static const char *const levels[] = { "county", "city", "department" };
static const char *const actions[] = { "recommend", "return", "reject" };

static const struct expect *find(enum role role, const char *status, const char *level, enum review_relation rel,
                                 bool direct, const char *action)
{
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
                const struct expect *e = &allowed[i];
                if (e->role == role && !strcmp(e->status, status) && !strcmp(e->level, level) && e->rel == rel &&
                    e->direct == direct && !strcmp(e->action, action))
                        return e;
        }
        return NULL;
}

static void test_every_cell(void **state)
{
        (void)state;
        unsigned checked = 0, ok = 0;
        for (int role = ROLE_APPLICANT; role < ROLE_COUNT_; role++)
                for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++)
                        for (size_t l = 0; l < 3; l++)
                                for (int rel = REL_NONE; rel <= REL_CITY_OF_TARGET; rel++)
                                        for (int direct = 0; direct < 2; direct++)
                                                for (size_t a = 0; a < 3; a++) {
                                                        struct review_facts f = { statuses[s], levels[l],
                                                                                  (enum review_relation)rel, direct };
                                                        const struct transition *t = NULL;
                                                        enum workflow_result r = workflow_decide(
                                                                (enum role)role, actions[a], &f, true, &t);
                                                        const struct expect *e = find((enum role)role, statuses[s], levels[l],
                                                                                      (enum review_relation)rel, direct, actions[a]);
                                                        checked++;
                                                        if (e) {
                                                                assert_int_equal(r, WF_OK);
                                                                assert_string_equal(t->to, e->to);
                                                                ok++;
                                                        } else if (r != WF_NOT_ALLOWED) {
                                                                fail_msg("role %d %s %s rel %d direct %d %s: allowed, should not be",
                                                                         role, statuses[s], levels[l], rel, direct, actions[a]);
                                                        }
                                                }
        assert_int_equal(ok, sizeof allowed / sizeof allowed[0]);
        unsigned n;
        workflow_table(&n);
        assert_int_equal(n, sizeof allowed / sizeof allowed[0]);
        print_message("workflow: %u combinations checked, %u allowed\n", checked, ok);
}

static void test_return_and_reject_need_a_reason(void **state)
{
        (void)state;
        struct review_facts f = { "submitted", "county", REL_TARGET, false };
        const struct transition *t;
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, "return", &f, false, &t), WF_REASON_REQUIRED);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, "reject", &f, false, &t), WF_REASON_REQUIRED);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, "recommend", &f, false, &t), WF_OK);
        struct review_facts c = { "county_recommended", "county", REL_CITY_OF_TARGET, false };
        assert_int_equal(workflow_decide(ROLE_CITY_REVIEWER, "return", &c, false, &t), WF_REASON_REQUIRED);
}

static void test_unknown_action(void **state)
{
        (void)state;
        struct review_facts f = { "submitted", "county", REL_TARGET, false };
        const struct transition *t;
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, "approve", &f, true, &t), WF_UNKNOWN_ACTION);
        assert_int_equal(workflow_decide(ROLE_COUNTY_REVIEWER, NULL, &f, true, &t), WF_UNKNOWN_ACTION);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_cell),
                cmocka_unit_test(test_return_and_reject_need_a_reason),
                cmocka_unit_test(test_unknown_action),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
