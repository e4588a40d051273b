/* The roles of the platform (GLOSSARY.md) and what scope each one needs. */
#pragma once
#include <stdbool.h>

enum role {
        ROLE_NONE = 0,
        ROLE_APPLICANT,
        ROLE_COUNTY_REVIEWER,
        ROLE_CITY_REVIEWER,
        ROLE_DEPARTMENT_REVIEWER,
        ROLE_PROVINCE_ADMIN,
        ROLE_EXPERT,
        ROLE_COUNT_
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL (((1u << ROLE_COUNT_) - 1) & ~1u)

enum role role_parse(const char *code);
const char *role_code(enum role r);
const char *role_label(enum role r);    /* 申报单位, 县（市、区）信息化主管部门 ... */
