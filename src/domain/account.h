/* Who may hold an account: the checks on a registration (申报单位) and on staff accounts
 * (reviewers, experts, admins) and the scope each role needs. Problems go into a JSON object
 * mapping the request's field name to a Chinese message. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "domain/role.h"

/* Fields that are NULL were not given and are not checked. */
struct registration {
        const char *username, *password, *unit_name, *credit_code, *contact_name, *contact_mobile;
};

void account_check_registration(const struct registration *r, json_t *problems);

/* What the scope check needs to know of a region (NULL when the code is unknown). */
struct region_facts {
        const char *level;              /* province, city, district, county, county_city */
        bool reports_to_province;
};

struct staff_account {
        const char *username, *password, *name, *mobile;
        enum role role;
        const char *region_code, *department_code;      /* NULL or "" when not given */
};

/* region: facts of region_code, NULL if not given or unknown; department_known: the code exists. */
void account_check_staff(const struct staff_account *s, const struct region_facts *region,
                         bool department_known, json_t *problems);

/* Single-field checks, shared with other forms (NULL = fine). */
const char *account_username_problem(const char *u);
const char *account_mobile_problem(const char *m);
