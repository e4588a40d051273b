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

#define RUBRIC_MAX 8
#define RUBRIC_BANDS_MAX 4

/* A grade of a criterion's guidance: 优 26–30 and what earns it. Points in hundredths. */
struct rubric_band {
        char grade[16];                 /* 优, 良, 中, 差 */
        int64_t min, max;
        char description[256];
};

/* One criterion of the experts' score sheet (the notice's 建设要求). Points in hundredths. */
struct rubric_criterion {
        char code[32];
        char name[64];
        int64_t max;
        char description[512];
        size_t n_bands;
        struct rubric_band bands[RUBRIC_BANDS_MAX];     /* from the best grade down */
};

/* The province's evaluation settings (API.md "Provincial evaluation"). */
struct campaign_evaluation {
        int experts_per_project;
        size_t n_rubric;
        struct rubric_criterion rubric[RUBRIC_MAX];     /* maxima add up to 100 points */
        int trim_from;                  /* with at least this many scores, drop the highest and lowest */
        int weight_expert, weight_defense;      /* percent, adding up to 100 */
        int conflict_years;             /* a former unit conflicts while left at most this many years ago */
        bool same_city_conflict;
        int public_notice_working_days;
        int landmark_count;             /* the same as rules.landmark_count */
        int stability_top;              /* the ranking's "top of a category" for its stability note */
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
        /* the province's evaluation; a call without the "evaluation" key has none */
        bool has_evaluation;
        struct campaign_evaluation evaluation;
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

/* The rubric's criterion with this code, or NULL. */
const struct rubric_criterion *campaign_criterion(const struct campaign *c, const char *code);

/* True if code is one of the campaign's categories. */
bool campaign_has_category(const struct campaign *c, const char *code);

/* Whether UTC second `now` is inside the application window (apply_open 00:00:00 to
 * apply_close 23:59:59, Beijing). */
bool campaign_window_open(const struct campaign *c, int64_t now);
