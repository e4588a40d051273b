/* campaign_parse on any JSON: a definition it accepts satisfies every rule of the call's data
 * (and agrees with the JSON it came from); one it refuses comes with a readable message and leaves
 * *ret untouched. */
#include <errno.h>

#include "domain/campaign.h"
#include "fuzz_common.h"
#include "util/money.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool cstring_ok(const char *s, size_t cap)
{
        size_t len = strnlen(s, cap);

        return len > 0 && len < cap && fuzz_utf8_ref_count((const unsigned char *) s, len) > 0;
}

static bool code_ok(const char *s)
{
        if (!(*s >= 'a' && *s <= 'z'))
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
                        return false;
        return true;
}

static bool field_ok(const char *s)
{
        size_t len = strlen(s);

        if (len == 0 || s[0] == '.' || s[len - 1] == '.' || strstr(s, ".."))
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.'))
                        return false;
        return true;
}

static void check_valid(const struct campaign *c, json_t *def)
{
        json_t *cats = json_object_get(def, "categories");
        json_t *rules = json_object_get(def, "rules");
        json_t *limits = json_object_get(rules, "text_limits");
        char buf[32];
        int32_t d;

        FUZZ_CHECK(c->year >= 2000 && c->year <= 9999, "year %d", c->year);
        FUZZ_CHECK(c->year == json_integer_value(json_object_get(def, "year")), "year differs");
        FUZZ_CHECK(cstring_ok(c->title, sizeof c->title), "bad title");
        FUZZ_CHECK(strcmp(c->title, json_string_value(json_object_get(def, "title"))) == 0,
                   "title differs from the file");

        FUZZ_CHECK(c->n_categories > 0 && c->n_categories <= CAMPAIGN_CATEGORIES_MAX,
                   "n_categories %zu", c->n_categories);
        FUZZ_CHECK(c->n_categories == json_array_size(cats), "%zu categories of %zu",
                   c->n_categories, json_array_size(cats));
        for (size_t i = 0; i < c->n_categories; i++) {
                const struct campaign_category *cat = &c->categories[i];

                FUZZ_CHECK(cstring_ok(cat->code, sizeof cat->code) && code_ok(cat->code),
                           "category %zu: bad code", i);
                FUZZ_CHECK(cstring_ok(cat->name, sizeof cat->name), "category %zu: bad name", i);
                FUZZ_CHECK(campaign_has_category(c, cat->code), "has_category(\"%s\") false", cat->code);
                for (size_t j = 0; j < i; j++)
                        FUZZ_CHECK(strcmp(cat->code, c->categories[j].code) != 0 &&
                                           strcmp(cat->name, c->categories[j].name) != 0,
                                   "categories %zu and %zu repeat", j, i);
        }
        FUZZ_CHECK(!campaign_has_category(c, "") && !campaign_has_category(c, "Z"),
                   "a code that cannot exist is a category");

        FUZZ_CHECK(c->apply_open <= c->apply_close && c->apply_close <= c->local_review_due,
                   "timeline out of order: %d %d %d", c->apply_open, c->apply_close,
                   c->local_review_due);
        FUZZ_CHECK(date_parse(date_format(c->contacts_due, buf), &d) == 0 && d == c->contacts_due,
                   "contacts_due %d", c->contacts_due);
        FUZZ_CHECK(date_parse(date_format(c->statistics_cutoff, buf), &d) == 0 &&
                           d == c->statistics_cutoff,
                   "statistics_cutoff %d", c->statistics_cutoff);
        FUZZ_CHECK(campaign_window_open(c, beijing_day_start(c->apply_open)) &&
                           campaign_window_open(c, beijing_day_end(c->apply_close)) &&
                           !campaign_window_open(c, beijing_day_start(c->apply_open) - 1) &&
                           !campaign_window_open(c, beijing_day_end(c->apply_close) + 1),
                   "window is not apply_open 00:00:00 .. apply_close 23:59:59 Beijing");

        FUZZ_CHECK(c->min_non_construction_investment >= 0 &&
                           c->min_non_construction_investment <= MONEY_MAX,
                   "min investment %lld", (long long) c->min_non_construction_investment);
        FUZZ_CHECK((double) c->min_non_construction_investment / 100 ==
                           json_number_value(json_object_get(rules, "min_non_construction_investment")),
                   "min investment %lld differs from the file", (long long) c->min_non_construction_investment);
        FUZZ_CHECK(c->earliest_start_month >= 0 &&
                           month_parse(month_format(c->earliest_start_month, buf), &d) == 0 &&
                           d == c->earliest_start_month,
                   "earliest_start_month %d", c->earliest_start_month);
        FUZZ_CHECK(c->projects_per_unit >= 1 && c->projects_per_unit <= 1000, "projects_per_unit");
        FUZZ_CHECK(c->categories_per_project >= 1 &&
                           (size_t) c->categories_per_project <= c->n_categories,
                   "categories_per_project %d of %zu", c->categories_per_project, c->n_categories);
        FUZZ_CHECK(c->landmark_count >= 0 && c->landmark_count <= 1000, "landmark_count");
        FUZZ_CHECK(c->duration_warn_below >= 0 && c->duration_warn_below <= c->duration_warn_above &&
                           c->duration_warn_above <= 1200,
                   "duration %d..%d", c->duration_warn_below, c->duration_warn_above);
        FUZZ_CHECK(c->main_part_completed_required ==
                                   json_is_true(json_object_get(rules, "main_part_completed_required")) &&
                           c->continuation_allowed ==
                                   json_is_true(json_object_get(rules, "continuation_allowed")),
                   "booleans differ from the file");

        FUZZ_CHECK(c->n_text_limits <= CAMPAIGN_TEXT_LIMITS_MAX, "n_text_limits %zu", c->n_text_limits);
        FUZZ_CHECK(c->n_text_limits == json_object_size(limits), "%zu text limits of %zu",
                   c->n_text_limits, json_object_size(limits));
        for (size_t i = 0; i < c->n_text_limits; i++) {
                const struct campaign_text_limit *tl = &c->text_limits[i];

                FUZZ_CHECK(cstring_ok(tl->field, sizeof tl->field) && field_ok(tl->field),
                           "text limit %zu: bad field", i);
                FUZZ_CHECK(tl->max_chars >= 1 && tl->max_chars <= 1000000, "max_chars %d", tl->max_chars);
                FUZZ_CHECK(campaign_text_limit(c, tl->field) == tl->max_chars,
                           "campaign_text_limit(\"%s\")", tl->field);
                FUZZ_CHECK(json_integer_value(json_object_get(limits, tl->field)) == tl->max_chars,
                           "limit of \"%s\" differs from the file", tl->field);
        }
        FUZZ_CHECK(campaign_text_limit(c, "") == 0, "a limit for the empty field");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        json_error_t jerr;
        json_t *def = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES, &jerr);
        struct campaign c, before, c2;
        char *err = NULL;
        int r, r2;

        if (!def)
                return 0;
        memset(&c, 0xA5, sizeof c);
        memcpy(&before, &c, sizeof c);
        r = campaign_parse(def, &c, &err);
        if (r == 0) {
                FUZZ_CHECK(err == NULL, "error \"%s\" set on success", err);
                check_valid(&c, def);
        } else {
                FUZZ_CHECK(r == -EINVAL, "campaign_parse returned %d", r);
                FUZZ_CHECK(err && *err, "refused without a message");
                FUZZ_CHECK(fuzz_utf8_ref_count((const unsigned char *) err, strlen(err)) > 0,
                           "message is not UTF-8: \"%s\"", err);
                FUZZ_CHECK(strstr(err, ": ") != NULL, "message \"%s\" does not name a key", err);
                FUZZ_CHECK(memcmp(&c, &before, sizeof c) == 0, "*ret written on failure");
        }
        free(err);
        /* Without ret_error the message is freed inside (LeakSanitizer checks); same answer. */
        r2 = campaign_parse(def, &c2, NULL);
        FUZZ_CHECK(r2 == r, "campaign_parse %d then %d", r, r2);
        json_decref(def);
        return 0;
}
