/* The 申报表 (附件1 of the notice) as data: its shape, and every rule of the notice checked against
 * it. Pure: the caller gives the campaign, the reference data and which attachments exist.
 *
 * The form is a JSON object with the sections of API.md:
 *   cover (封面), unit (表一 申报单位信息), project (表二 申报项目信息), ownership (权属及授权情况说明),
 *   declaration_accepted (真实性声明).
 * Problems and warnings are JSON objects mapping a dotted key ("project.non_construction_investment",
 * "unit.revenue.2021", "unit.honors.high_tech.year", "attachments.stamped_form") to a Chinese
 * message that names the field. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"
#include "domain/region.h"

struct form_context {
        const struct campaign *campaign;
        const char *account_unit_name;          /* the registered unit (units.name) */
        const char *account_credit_code;        /* the registered unit's 统一社会信用代码 */
        const struct region *regions;           /* all of Jiangsu's regions */
        size_t n_regions;
        const struct department *departments;   /* active provincial departments */
        size_t n_departments;
        unsigned attachments;                   /* ATT_BIT(kind) for each kind attached */
};

/* A new draft's form: every section with every key, empty values, prefilled from the account
 * (cover.applicant_unit, unit.name, unit.credit_code, cover.contact_name/contact_mobile,
 * unit.contact_name) and cover.fill_date = today ("YYYY-MM-DD"). A new reference. Any argument may
 * be NULL (""). unit.revenue starts as {}: its years come from the campaign's statistics cutoff,
 * which form_new does not know; a missing year reads as null (not given) everywhere. */
json_t *form_new(const char *unit_name, const char *credit_code, const char *contact_name,
                 const char *contact_mobile, const char *today);

/* The shape of a PUT body: only the five section keys; inside them only known keys, each of its
 * JSON type (strings; numbers for money; booleans; integers for years and the ownership variant;
 * null where a value may be absent — money not yet typed, an honor the unit does not have, no
 * provincial funding). Adds a problem per offending key ("不支持的字段" / "应为…") and returns
 * false when anything is wrong: such a body is refused whole (422), nothing is saved. Types only:
 * amounts, ranges and the variant's 1..4 are form_check's. Strings must be NUL-free UTF-8 of at
 * most 10000 bytes. A body that is not an object is reported under the key "body". problems may be
 * NULL. */
bool form_check_shape(json_t *body, json_t *problems);

/* Replaces in `form` each section present in `body` (already shape-checked); keys a given section
 * leaves out take their empty value, so a stored form always has every key. */
void form_merge(json_t *form, json_t *body);

/* Every rule of the notice; fills problems (what stops submission) and warnings (what reviewers
 * should notice: duration far from two years, honors claimed without a qualification_proof).
 * One message per key, the most basic first ("请填写…" before a format rule). Partner fields and
 * unit.joint_units are ignored entirely unless cover.joint. Text limits are in characters: the
 * campaign's text_limits for a key win over built-in defaults. ctx->campaign NULL gives only the
 * problem "campaign". */
void form_check(json_t *form, const struct form_context *ctx, json_t *problems, json_t *warnings);

/* Facts kept in columns for lists, filters and routing; strings point into `form` (never NULL:
 * "" when absent). Money is in hundredths of 万元, -1 when absent or not a valid amount. */
struct form_facts {
        const char *project_name;
        const char *category;
        const char *unit_name;
        const char *unit_nature;
        const char *affiliation;                /* county, city_direct, province_direct */
        const char *unit_region;                /* unit.region_code */
        const char *department_code;
        const char *project_region;
        const char *start_month, *end_month;
        int64_t total_investment;
        int64_t non_construction_investment;
};

void form_facts(json_t *form, struct form_facts *ret);

/* The words people see for the form's coded values (GLOSSARY.md); "" for an unknown code. */
#define FORM_NATURES 10
const char *form_nature_code(size_t i);                 /* in the paper form's order */
const char *form_nature_label(const char *code);        /* "民营企业"; "other" is "其他" */
const char *form_affiliation_label(const char *code);   /* "县（市、区）属单位" */
const char *form_honor_level_label(const char *code);   /* "国家级" / "省市级" */

/* Whether a nature code is an enterprise nature (revenue and main business required). */
bool form_nature_is_enterprise(const char *nature);

/* A landline as the form's contact_phone accepts it: "025-69652796", "0512-1234567-123". */
bool form_landline_ok(const char *s);
