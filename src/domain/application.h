/* Where an application goes when it is submitted (routing), and how people call the authority
 * that reviews it. Its statuses, actions and data scope are domain/workflow.h. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/region.h"
#include "domain/role.h"

/* Where a submitted application is reviewed first. */
enum review_level {
        REVIEW_NONE = 0,
        REVIEW_COUNTY,          /* 县（市、区）信息化主管部门 — also 昆山市、泰兴市、沭阳县 */
        REVIEW_CITY,            /* 设区市信息化主管部门, for 市直单位 */
        REVIEW_DEPARTMENT,      /* 省有关部门, for 省直单位 */
};

struct review_target {
        enum review_level level;
        char code[32];          /* region code, or department code */
        char city[8];           /* the city-level authority that sends it to the province: the county's
                                 * city, the city itself for 市直, 昆山/泰兴/沭阳 themselves; "" for
                                 * departments */
};

const char *review_level_code(enum review_level l);
/* The authority as people call it: "玄武区信息化主管部门"; a department by its own name. */
#define AUTHORITY_NAME_MAX 320
const char *app_authority_name(const char *level, const char *name, char *buf);
enum review_level review_level_parse(const char *code);

/* Routes by affiliation: county → the unit's county-level region; city_direct → the city of the
 * unit's region; province_direct → the unit's department. -EINVAL if the facts do not allow it
 * (form_check reports those as problems first). */
int app_route(const char *affiliation, const char *unit_region, const char *department_code,
              const struct region *regions, size_t n, struct review_target *ret);

