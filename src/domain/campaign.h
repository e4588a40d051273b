/* A call (申报通知) as data: title, categories, timeline and rules. Next year's call is a new
 * data file (data/campaigns/<year>.json), never new C. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define CAMPAIGN_CATEGORIES_MAX 8
#define CAMPAIGN_TEXT_LIMITS_MAX 16

struct campaign_category {
        char code[32];
        char name[64];
};

struct campaign_text_limit {
        char field[64];         /* dotted key of the form, e.g. "unit.overview" */
        int max_chars;          /* in Unicode characters */
};

/* Parsed, checked view of a campaign definition. Strings point into nothing: copied in. */
struct campaign {
        int year;
        char title[256];
        size_t n_categories;
        struct campaign_category categories[CAMPAIGN_CATEGORIES_MAX];
        /* timeline, as days since 1970-01-01 (Beijing calendar dates, inclusive) */
        int32_t contacts_due, apply_open, apply_close, local_review_due;
        /* rules */
        int64_t min_non_construction_investment;   /* hundredths of 万元 */
        int32_t earliest_start_month;              /* year*12 + month-1 */
        int32_t statistics_cutoff;                 /* days */
        int projects_per_unit, categories_per_project, landmark_count;
        int duration_warn_below, duration_warn_above; /* months */
        bool main_part_completed_required, continuation_allowed;
        size_t n_text_limits;
        struct campaign_text_limit text_limits[CAMPAIGN_TEXT_LIMITS_MAX];
};

/* Checks a definition (the JSON of data/campaigns/<year>.json) and fills *ret.
 * On failure returns -EINVAL and sets *ret_error to a static-lifetime-free()-able message naming
 * the offending key (caller frees); *ret untouched. Unknown keys are refused, so a typo in next
 * year's file is caught when it is loaded, not in July. ret_error may be NULL; it is not written
 * on success. "notice", "contacts" and a category's "description" are optional and only checked
 * for shape (strings, or arrays of strings): they are served as the file has them, not kept here.
 * Returns -ENOMEM (and *ret_error NULL) if the message itself cannot be allocated. */
int campaign_parse(json_t *def, struct campaign *ret, char **ret_error);

/* The text limit for a dotted field, or 0 if the campaign sets none. */
int campaign_text_limit(const struct campaign *c, const char *field);

/* True if code is one of the campaign's categories. */
bool campaign_has_category(const struct campaign *c, const char *code);

/* Whether UTC second `now` is inside the application window (apply_open 00:00:00 to
 * apply_close 23:59:59, Beijing). */
bool campaign_window_open(const struct campaign *c, int64_t now);
