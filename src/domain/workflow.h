/* Local review and recommendation as one table (states × actions × roles → next state), so
 * "who may do what when" lives in one place: src/domain/workflow.c. */
#pragma once
#include <stdbool.h>

#include "domain/role.h"

/* How the acting reviewer stands to the application's first review target. */
enum review_relation {
        REL_NONE = 0,
        REL_TARGET,             /* the reviewer's own region/department is the target */
        REL_CITY_OF_TARGET,     /* the target is a county of the reviewer's city (not 昆山/泰兴/沭阳) */
};

struct review_facts {
        const char *status;             /* the application's status now */
        const char *review_level;       /* county, city, department */
        enum review_relation relation;
        bool target_reports_to_province; /* the target county is 昆山市, 泰兴市 or 沭阳县 */
};

struct transition {
        enum role role;
        const char *from;
        const char *level;              /* the application's review_level */
        enum review_relation relation;
        bool direct;                    /* applies only when the target reports to the province */
        const char *action;             /* recommend, return, reject */
        const char *to;
        bool reason_required;
        const char *meaning;            /* what it means, for people and docs */
};

enum workflow_result {
        WF_OK = 0,
        WF_UNKNOWN_ACTION,              /* not recommend / return / reject */
        WF_NOT_ALLOWED,                 /* no row for this role, relation and status */
        WF_REASON_REQUIRED,
};

/* The row that applies, or a reason why none does. *ret is set on WF_OK and WF_REASON_REQUIRED. */
enum workflow_result workflow_decide(enum role role, const char *action, const struct review_facts *f,
                                     bool has_reason, const struct transition **ret);

/* The whole table, for docs and tests. */
const struct transition *workflow_table(unsigned *ret_n);
