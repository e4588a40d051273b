/* Conflicts of interest (回避) between an expert and a project: which units are the same unit, and
 * the first reason an expert may not review a project. Pure: the caller resolves cities and passes
 * the stored facts (declared, marked) alongside.
 *
 * Units are matched by 统一社会信用代码 when both sides have one, otherwise by normalised name
 * (unit_name_normalise). docs/experts.md says the same for the province's staff. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* API codes (API.md GET …/conflicts), in conflict_check's order; declared and marked are stored
 * facts, never computed here. */
enum conflict_reason {
        CONFLICT_NONE = 0,
        CONFLICT_SAME_UNIT,             /* same_unit: works at the applicant unit */
        CONFLICT_PARTNER_UNIT,          /* partner_unit: works at a partner unit */
        CONFLICT_FORMER_UNIT,           /* former_unit: left the applicant or a partner recently */
        CONFLICT_SAME_CITY,             /* same_city: only when the call says so */
        CONFLICT_DECLARED,              /* declared by the expert */
        CONFLICT_MARKED,                /* marked by the province admin */
};

/* "same_unit" …; NULL for CONFLICT_NONE or an unknown value. */
const char *conflict_code(enum conflict_reason r);
/* The reason with this code; CONFLICT_NONE for NULL or an unknown code. */
enum conflict_reason conflict_parse(const char *code);
/* "现任职于申报单位" …; "" for CONFLICT_NONE or an unknown value. */
const char *conflict_label(enum conflict_reason r);

/* A unit as the check sees it. credit_code NULL or "" (blanks ignored) when not known. */
struct conflict_unit {
        const char *name;
        const char *credit_code;
};

/* A unit the expert worked at, and the month they left: year*12 + month-1 (month_parse). */
struct conflict_former_unit {
        struct conflict_unit unit;
        int32_t until;
};

struct conflict_expert {
        struct conflict_unit unit;                      /* where the expert works now */
        const struct conflict_former_unit *former;
        size_t n_former;
        const char *city_code;          /* the 设区市 of the expert's region; NULL when unknown */
};

/* The units named in an application's form. Partners have names only. */
struct conflict_project {
        struct conflict_unit applicant;
        const char **partners;
        size_t n_partners;
        const char *city_code;          /* the 设区市 of unit.region_code; NULL when unknown */
};

struct conflict_rules {
        int conflict_years;             /* the call's evaluation.conflict_years (3 in 2023) */
        bool same_city_conflict;        /* the call's evaluation.same_city_conflict */
        int32_t month;                  /* the evaluation month, year*12 + month-1 */
};

/* Writes the normalised name of a unit to out (at most cap-1 bytes and a NUL, never a cut
 * character; out may be NULL when cap is 0) and returns the length the whole result has, as
 * snprintf does. Full-width ASCII (U+FF01–FF5E) becomes half-width, 【】 become [], every white
 * space (ASCII, U+3000 and the other Unicode spaces) goes, ASCII letters are lower-cased, and
 * punctuation at either end goes (brackets stay). Bytes that are not UTF-8 are dropped. */
size_t unit_name_normalise(const char *in, char *out, size_t cap);

/* Whether two units are one: by credit code when both have one (then names do not matter), else
 * by normalised name. A name that normalises to "" matches nothing. NULLs are allowed. */
bool unit_same(const char *name_a, const char *code_a, const char *name_b, const char *code_b);

/* The project's units from its 申报表 (form.h): the applicant is unit.name + unit.credit_code;
 * partners are ownership.partner_unit, and — when cover.joint is true, the form's own rule for
 * partner fields — cover.partner_unit and each name in unit.joint_units (split on 、，,；;／/ and
 * line breaks, trimmed, empty pieces dropped). Partners named twice are listed once. Strings and
 * the partners array live in arena `a`; strings of the form are copied. city_code is left NULL for
 * the caller. A form of any shape is read (missing parts are empty). */
void conflict_project_from_form(json_t *form, struct arena *a, struct conflict_project *ret);

/* The first reason, in the order same_unit, partner_unit, former_unit, same_city, that the expert
 * may not review the project; CONFLICT_NONE when there is none. detail (may be NULL when cap is 0)
 * gets a short Chinese explanation for the admin ("" when none), cut at a character boundary.
 * A former unit the expert leaves after rules->month is still a current unit. */
enum conflict_reason conflict_check(const struct conflict_expert *e, const struct conflict_project *p,
                                    const struct conflict_rules *r, char *detail, size_t cap);
