/* The local authorities that answer to the province (the notice's 三（一） and 四.1): which
 * projects count as "recommended by" each of them, who sends a recommendation package, and the
 * rules for the contact person (负责同志) that cities and direct counties register. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/region.h"
#include "domain/role.h"
#include "domain/workflow.h"

enum authority_kind {
        AUTHORITY_NONE = 0,
        AUTHORITY_CITY,                 /* a 设区市 */
        AUTHORITY_DIRECT_COUNTY,        /* 昆山市, 泰兴市, 沭阳县: county-level, report to the province */
        AUTHORITY_COUNTY,               /* any other county-level region (its county reviewer) */
        AUTHORITY_DEPARTMENT,           /* a provincial department */
};

struct authority {
        enum authority_kind kind;
        char code[32];                  /* region code, or department code */
        char name[320];                 /* as people call it: "南京市信息化主管部门", "省工业和信息化厅" */
};

/* A region's authority: a city, a direct county, or a county-level region. -EINVAL for the
 * province itself or an unknown level. */
int authority_of_region(const struct region *r, struct authority *ret);
int authority_of_department(const struct department *d, struct authority *ret);
/* The authority an account speaks for: a county reviewer its county (always AUTHORITY_COUNTY,
 * even for 昆山/泰兴/沭阳), a city reviewer its city or direct county, a department reviewer its
 * department. region / department: the account's, NULL when it has none. -EINVAL otherwise. */
int authority_of_account(enum role role, const struct region *region, const struct department *department,
                         struct authority *ret);

/* "region" or "department", as the API's authority.kind says. */
const char *authority_kind_code(enum authority_kind k);
/* Cities, direct counties and departments send their recommended list to the province. */
bool authority_sends_package(enum authority_kind k);

/* "Recommended by" an authority — the one rule the summary table and the packages share — as a
 * data scope (domain/workflow.h):
 *   a city: applications first reviewed by one of its counties (not 昆山/泰兴/沭阳) or by the city
 *     itself (市直), at city_recommended or later;
 *   a direct county or a department: its own, at city_recommended or later;
 *   a county: its own, at county_recommended or later.
 * SCOPE_NONE for anything else. */
struct app_scope authority_recommended_scope(const struct authority *au);

/* The 负责同志 of a city or direct county: name 1–50 characters, phone a mobile number or a
 * landline such as 025-69652796. Adds "name" / "phone" problems. */
#define AUTHORITY_CONTACT_NAME_MAX 50
void authority_check_contact(const char *name, const char *phone, json_t *problems);
/* Late: recorded after the due second, or not recorded (recorded_at 0) once it has passed. */
bool authority_contact_late(int64_t recorded_at, int64_t now, int64_t due_end);
