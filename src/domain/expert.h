/* The expert pool (评审专家库): the rules of one expert's record (POST /api/v1/experts) and the
 * import of many from a spreadsheet (POST /api/v1/experts/import), whose rows are checked by the
 * very same rules and which creates nothing unless every row is right. Pure.
 *
 * Problems are JSON objects mapping a key to a Chinese message that names the field, as form.h's:
 * "mobile", "former_units.0.until" for a record; "rows.7.mobile" and "file" for an import. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/campaign.h"
#include "domain/conflict.h"
#include "domain/region.h"

#define EXPERT_NAME_MAX 50              /* characters */
#define EXPERT_UNIT_MAX 100
#define EXPERT_TITLE_MAX 50
#define EXPERT_FORMER_UNITS_MAX 10

/* A checked record. Strings point into the JSON body it was parsed from; optional ones are NULL
 * when not given. */
struct expert {
        const char *name;
        const char *unit;
        const char *credit_code;                /* the unit's 统一社会信用代码 */
        const char *title;                      /* 职称 */
        size_t n_specialties;
        const char *specialties[CAMPAIGN_CATEGORIES_MAX];       /* category codes of the call */
        const char *region_code;                /* a city or county-level region of Jiangsu */
        const char *mobile;
        size_t n_former_units;
        struct conflict_former_unit former_units[EXPERT_FORMER_UNITS_MAX];
        const char *username, *password;        /* both or neither: the expert's sign-in account */
        bool active;                            /* true unless the body says "active": false */
};

/* Checks a POST body: keys name, unit, credit_code, title, specialties, region_code, mobile,
 * former_units [{name, credit_code, until: "YYYY-MM"}], username, password and active (API.md);
 * any other key is refused, null is "not given" for the optional ones. regions[0..n_regions) is
 * Jiangsu's table (region.h). Adds a problem per bad field, the first and most basic one for each
 * key, and returns true when there is none. problems may be NULL; c NULL gives only the problem
 * "campaign". */
bool expert_check(json_t *body, const struct campaign *c, const struct region *regions,
                  size_t n_regions, json_t *problems);

/* Fills *ret from a body that expert_check accepted (strings point into body); -EINVAL and *ret
 * untouched when the body's shape is not one expert_check accepts. */
int expert_parse(json_t *body, struct expert *ret);

/* The expert as conflict_check sees them; city_code is the 设区市 of e->region_code (the caller's
 * region_city_of), NULL when unknown. Points into e. */
struct conflict_expert expert_conflict_view(const struct expert *e, const char *city_code);

/* ---- the import template ---------------------------------------------------------------- */

/* One column of the template, in the template's order. The template generator writes header (and
 * may show example and note); expert_import_parse finds each column by its header. */
struct expert_column {
        const char *key;                /* the record's key: problems are rows.<n>.<key> */
        const char *header;             /* the template's header cell */
        const char *label;              /* short, for messages: "第 7 行“手机号”：…" */
        bool required;                  /* the column must be in the file */
        const char *example;            /* a sample row's value */
};

#define EXPERT_COLUMNS 10
extern const struct expert_column expert_columns[EXPERT_COLUMNS];

/* Reads an uploaded XLSX or CSV in the template's shape and checks every row (expert_check), all
 * or nothing. The kind is told by the content (an XLSX is a zip); filename_or_type (the upload's
 * file name or Content-Type, may be NULL) only sharpens the message when the content is not what
 * the name says. The header is the first row with anything in it; its cells are matched by name
 * (the whole header, or its short label: "手机号"), in any order; other columns are ignored. In the
 * cells, categories may be written by name (数字经济类) or code (economy), regions by code or by
 * an exact name (南京市, 玄武区; a name two regions share must be a code or "city+name", 徐州市鼓楼区).
 *
 * Returns 0 and *ret_experts, a new JSON array of POST bodies each of which expert_check accepts,
 * in the file's order (at least one), and (ret_rows may be NULL) *ret_rows, malloc'd, the row
 * number the user sees of each body, for what the caller finds wrong with it later. Otherwise -EINVAL, *ret_experts untouched and problems filled:
 * "file" for the whole file (not readable, no header, missing columns, no rows), and
 * "rows.<n>.<key>" with n the row number the user sees (the header is row 1) — "第 7 行“手机号”：
 * 应为 11 位数字，以 13～19 开头". Two rows with one name and unit (normalised, conflict.h), or one
 * username, are refused at the later row. Duplicates of experts already in the pool are the
 * caller's to find. problems must not be NULL (it is how a refusal is told). */
int expert_import_parse(const unsigned char *data, size_t n, const char *filename_or_type,
                        const struct campaign *c, const struct region *regions, size_t n_regions,
                        json_t **ret_experts, int **ret_rows, json_t *problems);
