#include "domain/workflow.h"

#include <string.h>

/* The notice's 三（一）: counties review first and recommend to their city — 昆山市, 泰兴市 and
 * 沭阳县 straight to the province; cities confirm what their counties recommended and review their
 * 市直 units; provincial departments review their 省直 units. "Return" by a county-level or
 * first reviewer sends the application back to the applicant for revision; "return" by a city
 * sends a county's recommendation back to that county. city_recommended means "at the province". */
static const struct transition table[] = {
        /* the county-level authority: a county reviewer, or the account of 昆山/泰兴/沭阳 */
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, false, "recommend", "county_recommended", false,
          "县（市、区）初审推荐至设区市" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, true, "recommend", "city_recommended", false,
          "昆山市、泰兴市、沭阳县推荐至省信息化办" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, false, "return", "returned", true,
          "退回申报单位修改" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, true, "return", "returned", true,
          "退回申报单位修改" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, false, "reject", "rejected", true, "不予推荐" },
        { ROLE_COUNTY_REVIEWER, "submitted", "county", REL_TARGET, true, "reject", "rejected", true, "不予推荐" },
        { ROLE_CITY_REVIEWER, "submitted", "county", REL_TARGET, true, "recommend", "city_recommended", false,
          "昆山市、泰兴市、沭阳县推荐至省信息化办" },
        { ROLE_CITY_REVIEWER, "submitted", "county", REL_TARGET, true, "return", "returned", true,
          "退回申报单位修改" },
        { ROLE_CITY_REVIEWER, "submitted", "county", REL_TARGET, true, "reject", "rejected", true, "不予推荐" },
        /* the city: confirms its counties' recommendations */
        { ROLE_CITY_REVIEWER, "county_recommended", "county", REL_CITY_OF_TARGET, false, "recommend",
          "city_recommended", false, "设区市审核确认，推荐至省信息化办" },
        { ROLE_CITY_REVIEWER, "county_recommended", "county", REL_CITY_OF_TARGET, false, "return", "submitted", true,
          "退回县（市、区）重新审核" },
        /* the city: its 市直 units */
        { ROLE_CITY_REVIEWER, "submitted", "city", REL_TARGET, false, "recommend", "city_recommended", false,
          "设区市审核推荐至省信息化办" },
        { ROLE_CITY_REVIEWER, "submitted", "city", REL_TARGET, false, "return", "returned", true, "退回申报单位修改" },
        { ROLE_CITY_REVIEWER, "submitted", "city", REL_TARGET, false, "reject", "rejected", true, "不予推荐" },
        /* a provincial department: its 省直 units */
        { ROLE_DEPARTMENT_REVIEWER, "submitted", "department", REL_TARGET, false, "recommend", "city_recommended",
          false, "省有关部门推荐至省信息化办" },
        { ROLE_DEPARTMENT_REVIEWER, "submitted", "department", REL_TARGET, false, "return", "returned", true,
          "退回申报单位修改" },
        { ROLE_DEPARTMENT_REVIEWER, "submitted", "department", REL_TARGET, false, "reject", "rejected", true,
          "不予推荐" },
};

const struct transition *workflow_table(unsigned *ret_n)
{
        *ret_n = sizeof table / sizeof table[0];
        return table;
}

static bool eq(const char *a, const char *b)
{
        return a && b && strcmp(a, b) == 0;
}

enum workflow_result workflow_decide(enum role role, const char *action, const struct review_facts *f,
                                     bool has_reason, const struct transition **ret)
{
        if (!eq(action, "recommend") && !eq(action, "return") && !eq(action, "reject"))
                return WF_UNKNOWN_ACTION;
        for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) {
                const struct transition *t = &table[i];
                if (t->role != role || !eq(t->from, f->status) || !eq(t->level, f->review_level) ||
                    t->relation != f->relation || t->direct != f->target_reports_to_province ||
                    !eq(t->action, action))
                        continue;
                *ret = t;
                return t->reason_required && !has_reason ? WF_REASON_REQUIRED : WF_OK;
        }
        return WF_NOT_ALLOWED;
}
