/* The local review's deadline and the province admin's reopening of it for one authority: whether
 * a reviewer may still act now, and the rules of a reopening request. Pure. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

#define REOPEN_MAX_DAYS 30              /* `until` at most this many days after local_review_due */
#define REOPEN_REASON_MAX_CHARS 500

enum reopen_kind {
        REOPEN_NONE = 0,
        REOPEN_REGION,                  /* the reviewers of a region (county, city, 昆山/泰兴/沭阳) */
        REOPEN_DEPARTMENT,              /* the reviewers of a provincial department */
};

/* Who a reopening is for, and who is acting: a kind and a region or department code. */
struct reopen_authority {
        enum reopen_kind kind;
        const char *code;
};

struct reopening {
        struct reopen_authority authority;
        int32_t until;                  /* Beijing date (days since 1970-01-01), inclusive */
};

/* "region" / "department" and back (REOPEN_NONE for anything else). */
const char *reopen_kind_code(enum reopen_kind k);
enum reopen_kind reopen_kind_parse(const char *s);

/* The authority a reviewer acts for: a county or city reviewer their region, a department reviewer
 * their department; REOPEN_NONE for other roles. The workflow table has already said the reviewer's
 * authority is the application's review target or the city of it. */
struct reopen_authority reopen_authority_of(enum role role, const char *region_code, const char *department_code);

/* Whether the local review is open for this authority at now: for everyone until local_review_due
 * 23:59:59 Beijing; after it, only for an authority with a reopening, until that reopening's date
 * 23:59:59 Beijing (the latest one counts). */
bool review_open_for(int32_t local_review_due, const struct reopen_authority *who, const struct reopening *list,
                     size_t n, int64_t now);

/* Checks a reopening's date and reason: `until` a real date after local_review_due, at most
 * REOPEN_MAX_DAYS after it and not before today (Beijing); reason 1–500 characters, not blank.
 * Adds "until" / "reason" problems; *ret_until is set when the date is good. */
void reopen_check(int32_t local_review_due, int64_t now, const char *until, const char *reason, json_t *problems,
                  int32_t *ret_until);
