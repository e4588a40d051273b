/* An application's life: its statuses (GLOSSARY.md), who may see it (data scope), where it goes
 * when submitted (routing), and what its owner may do in each status. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/region.h"
#include "domain/role.h"

/* "draft", "submitted" ... as stored; labels for people. */
const char *app_status_label(const char *status, const char *review_level);
bool app_status_valid(const char *status);

/* The applicant may change the form and its attachments only in these. */
bool app_editable(const char *status);

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

/* Which applications a user may see. Drafts are their owner's alone. */
enum scope_kind {
        SCOPE_NONE = 0,
        SCOPE_UNIT,             /* applicant: the unit's own */
        SCOPE_REVIEW_REGION,    /* county/city reviewer: submitted to their region */
        SCOPE_REVIEW_DEPARTMENT,/* department reviewer: submitted to their department */
        SCOPE_ALL_SUBMITTED,    /* province admin: everything past draft */
        SCOPE_CITY,             /* city reviewer (also 昆山/泰兴/沭阳): submitted to it, and what its
                                 * counties recommended (not 昆山/泰兴/沭阳's: they go to the province) */
};

struct app_scope {
        enum scope_kind kind;
        int64_t unit_id;
        char code[32];
};

struct app_scope app_scope_for(enum role role, int64_t unit_id, const char *region_code,
                               const char *department_code);
