#include "domain/campaign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* Builds "path.key<sub>: msg" (any part may be empty) into *err: sub is an array index such as
 * "[2]". Returns -EINVAL, or -ENOMEM with *err NULL when even the message cannot be allocated.
 * Sized with a first snprintf because key can be any length the file's author typed. */
static int fail_at(char **err, const char *path, const char *key, const char *sub, const char *msg)
{
        const char *sep = path && *path && key ? "." : "";
        int n;

        path = path ? path : "";
        key = key ? key : "";
        n = snprintf(NULL, 0, "%s%s%s%s: %s", path, sep, key, sub, msg);
        if (n < 0)
                return -ENOMEM;
        *err = malloc((size_t) n + 1);
        if (!*err)
                return -ENOMEM;
        snprintf(*err, (size_t) n + 1, "%s%s%s%s: %s", path, sep, key, sub, msg);
        return -EINVAL;
}

static int fail(char **err, const char *path, const char *key, const char *msg)
{
        return fail_at(err, path, key, "", msg);
}

static bool in_list(const char *key, const char *const *list)
{
        for (; *list; list++)
                if (strcmp(key, *list) == 0)
                        return true;
        return false;
}

/* Refuses any key not in allowed (NULL-terminated), so that a misspelt rule is an error when the
 * file is loaded instead of a rule silently not applied. */
static int check_object(json_t *obj, const char *path, const char *const *allowed, char **err)
{
        const char *key;
        json_t *v = NULL;

        if (!json_is_object(obj))
                return fail(err, path, NULL, "应为 JSON 对象");
        json_object_foreach(obj, key, v) {
                if (!in_list(key, allowed))
                        return fail(err, path, key, "未知的键（拼写有误？）");
        }
        return 0;
}

static int get_required(json_t *obj, const char *path, const char *key, json_t **ret, char **err)
{
        json_t *v = json_object_get(obj, key);

        if (!v)
                return fail(err, path, key, "缺少此项");
        *ret = v;
        return 0;
}

static int get_int(json_t *obj, const char *path, const char *key, json_int_t min, json_int_t max,
                   int *ret, char **err)
{
        json_t *v = NULL;
        json_int_t i;
        char msg[96];
        int r;

        r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        /* A real such as 1.0 is refused too: a count written as 1.5 is a mistake, not a rounding. */
        i = json_is_integer(v) ? json_integer_value(v) : 0;
        if (!json_is_integer(v) || i < min || i > max) {
                snprintf(msg, sizeof msg, "应为 %lld 到 %lld 之间的整数", (long long) min,
                         (long long) max);
                return fail(err, path, key, msg);
        }
        *ret = (int) i;
        return 0;
}

static int get_bool(json_t *obj, const char *path, const char *key, bool *ret, char **err)
{
        json_t *v = NULL;
        int r;

        r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        if (!json_is_boolean(v))
                return fail(err, path, key, "应为 true 或 false");
        *ret = json_is_true(v);
        return 0;
}

/* jansson strings may hold NUL (json_stringn) and, when built without checking, invalid UTF-8;
 * neither survives being copied into a C string, so both are refused here. */
static bool good_text(json_t *v)
{
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);

        return s && strlen(s) == len && utf8_valid(s, len);
}

/* A non-empty string copied into buf[cap]; with buf NULL, of any length and not copied. */
static int check_string(json_t *v, const char *path, const char *key, char *buf, size_t cap,
                        char **err)
{
        char msg[64];

        if (!json_is_string(v))
                return fail(err, path, key, "应为字符串");
        if (!good_text(v))
                return fail(err, path, key, "含有无效字符（NUL 或非 UTF-8）");
        if (json_string_length(v) == 0)
                return fail(err, path, key, "不能为空");
        if (buf) {
                if (json_string_length(v) >= cap) {
                        snprintf(msg, sizeof msg, "过长（最多 %zu 字节）", cap - 1);
                        return fail(err, path, key, msg);
                }
                memcpy(buf, json_string_value(v), json_string_length(v) + 1);
        }
        return 0;
}

static int get_string(json_t *obj, const char *path, const char *key, char *buf, size_t cap,
                      char **err)
{
        json_t *v = NULL;
        int r;

        r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        return check_string(v, path, key, buf, cap, err);
}

static int get_date(json_t *obj, const char *path, const char *key, int32_t *ret, char **err)
{
        json_t *v = NULL;
        int r;

        r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        if (!json_is_string(v) || date_parse(json_string_value(v), ret) < 0)
                return fail(err, path, key, "应为 YYYY-MM-DD 格式的日期");
        return 0;
}

static int get_month(json_t *obj, const char *path, const char *key, int32_t *ret, char **err)
{
        json_t *v = NULL;
        int r;

        r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        if (!json_is_string(v) || month_parse(json_string_value(v), ret) < 0)
                return fail(err, path, key, "应为 YYYY-MM 格式的月份");
        return 0;
}

static int get_money(json_t *obj, const char *path, const char *key, int64_t *ret, char **err)
{
        json_t *v = NULL;
        int r;

        r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        if (!json_is_number(v) || json_number_value(v) < 0)
                return fail(err, path, key, "应为不小于 0 的金额");
        r = money_from_double(json_number_value(v), ret);
        if (r == -ERANGE)
                return fail(err, path, key, "金额过大");
        if (r < 0)
                return fail(err, path, key, "金额最多保留两位小数（万元）");
        return 0;
}

/* notice and contacts are shown to people, never interpreted: strings or lists of strings. */
static int check_info(json_t *obj, const char *path, char **err)
{
        const char *key;
        json_t *v = NULL;

        if (!json_is_object(obj))
                return fail(err, path, NULL, "应为 JSON 对象");
        json_object_foreach(obj, key, v) {
                size_t i;
                json_t *item;

                if (json_is_string(v)) {
                        if (!good_text(v))
                                return fail(err, path, key, "含有无效字符（NUL 或非 UTF-8）");
                        continue;
                }
                if (!json_is_array(v))
                        return fail(err, path, key, "应为字符串或字符串数组");
                json_array_foreach(v, i, item) {
                        if (!json_is_string(item) || !good_text(item)) {
                                char sub[32];

                                snprintf(sub, sizeof sub, "[%zu]", i);
                                return fail_at(err, path, key, sub, "应为字符串");
                        }
                }
        }
        return 0;
}

/* Category codes are API values and URL parts: lower-case ASCII, digits and '_'. */
static bool good_code(const char *s)
{
        if (*s < 'a' || *s > 'z')
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
                        return false;
        return true;
}

/* Text-limit fields are dotted form keys: "unit.overview". */
static bool good_field(const char *s)
{
        bool want_part = true;

        for (; *s; s++) {
                if (*s == '.') {
                        if (want_part)
                                return false;
                        want_part = true;
                } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')
                        want_part = false;
                else
                        return false;
        }
        return !want_part;
}

static int parse_categories(json_t *root, struct campaign *c, char **err)
{
        static const char *const keys[] = { "code", "name", "description", NULL };
        json_t *arr = NULL, *item;
        size_t i;
        int r;

        r = get_required(root, "", "categories", &arr, err);
        if (r < 0)
                return r;
        if (!json_is_array(arr) || json_array_size(arr) == 0)
                return fail(err, "", "categories", "应为非空数组");
        if (json_array_size(arr) > CAMPAIGN_CATEGORIES_MAX) {
                char msg[64];

                snprintf(msg, sizeof msg, "最多 %d 个类别", CAMPAIGN_CATEGORIES_MAX);
                return fail(err, "", "categories", msg);
        }
        json_array_foreach(arr, i, item) {
                struct campaign_category *cat = &c->categories[i];
                char path[48];
                json_t *desc;

                snprintf(path, sizeof path, "categories[%zu]", i);
                r = check_object(item, path, keys, err);
                if (r < 0)
                        return r;
                r = get_string(item, path, "code", cat->code, sizeof cat->code, err);
                if (r < 0)
                        return r;
                if (!good_code(cat->code))
                        return fail(err, path, "code", "应由小写字母开头，仅含小写字母、数字和下划线");
                r = get_string(item, path, "name", cat->name, sizeof cat->name, err);
                if (r < 0)
                        return r;
                /* The description is for people (the UI shows it), so it is optional. */
                desc = json_object_get(item, "description");
                if (desc) {
                        r = check_string(desc, path, "description", NULL, 0, err);
                        if (r < 0)
                                return r;
                }
                for (size_t j = 0; j < i; j++) {
                        char msg[96];

                        snprintf(msg, sizeof msg, "与 categories[%zu] 重复", j);
                        if (strcmp(c->categories[j].code, cat->code) == 0)
                                return fail(err, path, "code", msg);
                        if (strcmp(c->categories[j].name, cat->name) == 0)
                                return fail(err, path, "name", msg);
                }
                c->n_categories = i + 1;
        }
        return 0;
}

static int parse_timeline(json_t *root, struct campaign *c, char **err)
{
        static const char *const keys[] = {
                "contacts_due", "apply_open", "apply_close", "local_review_due", NULL
        };
        const char *path = "timeline";
        json_t *t = NULL;
        int r;

        r = get_required(root, "", path, &t, err);
        if (r < 0)
                return r;
        r = check_object(t, path, keys, err);
        if (r < 0)
                return r;
        if ((r = get_date(t, path, "contacts_due", &c->contacts_due, err)) < 0 ||
            (r = get_date(t, path, "apply_open", &c->apply_open, err)) < 0 ||
            (r = get_date(t, path, "apply_close", &c->apply_close, err)) < 0 ||
            (r = get_date(t, path, "local_review_due", &c->local_review_due, err)) < 0)
                return r;
        /* contacts_due is not ordered: in 2023 it fell inside the application window. */
        if (c->apply_close < c->apply_open)
                return fail(err, path, "apply_close", "不能早于 timeline.apply_open");
        if (c->local_review_due < c->apply_close)
                return fail(err, path, "local_review_due", "不能早于 timeline.apply_close");
        return 0;
}

static int parse_text_limits(json_t *rules, struct campaign *c, char **err)
{
        const char *path = "rules.text_limits";
        const char *key;
        json_t *obj = NULL, *v;
        int r;

        r = get_required(rules, "rules", "text_limits", &obj, err);
        if (r < 0)
                return r;
        if (!json_is_object(obj))
                return fail(err, path, NULL, "应为 JSON 对象");
        if (json_object_size(obj) > CAMPAIGN_TEXT_LIMITS_MAX) {
                char msg[64];

                snprintf(msg, sizeof msg, "最多 %d 项", CAMPAIGN_TEXT_LIMITS_MAX);
                return fail(err, path, NULL, msg);
        }
        json_object_foreach(obj, key, v) {
                struct campaign_text_limit *tl = &c->text_limits[c->n_text_limits];

                (void) v;
                if (!good_field(key))
                        return fail(err, path, key, "应为以点分隔的表单字段名，如 unit.overview");
                if (strlen(key) >= sizeof tl->field)
                        return fail(err, path, key, "字段名过长");
                r = get_int(obj, path, key, 1, 1000000, &tl->max_chars, err);
                if (r < 0)
                        return r;
                memcpy(tl->field, key, strlen(key) + 1);
                c->n_text_limits++;
        }
        return 0;
}

static int parse_rules(json_t *root, struct campaign *c, char **err)
{
        static const char *const keys[] = {
                "min_non_construction_investment", "earliest_start_month", "text_limits",
                "projects_per_unit", "categories_per_project", "statistics_cutoff",
                "landmark_count", "duration_months", "main_part_completed_required",
                "continuation_allowed", NULL
        };
        static const char *const duration_keys[] = { "warn_below", "warn_above", NULL };
        const char *path = "rules";
        json_t *rules = NULL, *dur = NULL;
        int r;

        r = get_required(root, "", path, &rules, err);
        if (r < 0)
                return r;
        r = check_object(rules, path, keys, err);
        if (r < 0)
                return r;
        if ((r = get_money(rules, path, "min_non_construction_investment",
                           &c->min_non_construction_investment, err)) < 0 ||
            (r = get_month(rules, path, "earliest_start_month", &c->earliest_start_month, err)) < 0 ||
            (r = parse_text_limits(rules, c, err)) < 0 ||
            (r = get_int(rules, path, "projects_per_unit", 1, 1000, &c->projects_per_unit, err)) < 0 ||
            /* More categories per project than exist would be a rule nobody can meet or check. */
            (r = get_int(rules, path, "categories_per_project", 1, (json_int_t) c->n_categories,
                         &c->categories_per_project, err)) < 0 ||
            (r = get_date(rules, path, "statistics_cutoff", &c->statistics_cutoff, err)) < 0 ||
            (r = get_int(rules, path, "landmark_count", 0, 1000, &c->landmark_count, err)) < 0)
                return r;

        r = get_required(rules, path, "duration_months", &dur, err);
        if (r < 0)
                return r;
        r = check_object(dur, "rules.duration_months", duration_keys, err);
        if (r < 0)
                return r;
        if ((r = get_int(dur, "rules.duration_months", "warn_below", 0, 1200,
                         &c->duration_warn_below, err)) < 0 ||
            (r = get_int(dur, "rules.duration_months", "warn_above", 0, 1200,
                         &c->duration_warn_above, err)) < 0)
                return r;
        if (c->duration_warn_above < c->duration_warn_below)
                return fail(err, "rules.duration_months", "warn_above",
                            "不能小于 rules.duration_months.warn_below");

        if ((r = get_bool(rules, path, "main_part_completed_required",
                          &c->main_part_completed_required, err)) < 0 ||
            (r = get_bool(rules, path, "continuation_allowed", &c->continuation_allowed, err)) < 0)
                return r;
        return 0;
}

/* Points with at most two decimals, 0 … max (hundredths), into *ret. */
static int get_points(json_t *obj, const char *path, const char *key, int64_t max, int64_t *ret, char **err)
{
        json_t *v = NULL;
        int r = get_required(obj, path, key, &v, err);
        if (r < 0)
                return r;
        int64_t p = 0;
        if (!json_is_number(v) || json_number_value(v) < 0 || money_from_double(json_number_value(v), &p) < 0 ||
            p > max) {
                char msg[96];
                snprintf(msg, sizeof msg, "应为 0 到 %lld.%02lld 之间的分数（最多两位小数）", (long long)(max / 100),
                         (long long)(max % 100));
                return fail(err, path, key, msg);
        }
        *ret = p;
        return 0;
}

/* An optional description: a string, copied into buf (empty when absent). */
static int get_description(json_t *obj, const char *path, char *buf, size_t cap, char **err)
{
        json_t *v = json_object_get(obj, "description");
        buf[0] = '\0';
        return v ? check_string(v, path, "description", buf, cap, err) : 0;
}

static int parse_bands(json_t *crit, const char *path, struct rubric_criterion *rc, char **err)
{
        static const char *const keys[] = { "grade", "min", "max", "description", NULL };
        json_t *bands = json_object_get(crit, "bands"), *b;
        size_t i;
        char bpath[96];
        int r;

        if (!bands)
                return fail(err, path, "bands", "缺少此项");
        if (!json_is_array(bands) || json_array_size(bands) == 0 || json_array_size(bands) > RUBRIC_BANDS_MAX) {
                snprintf(bpath, sizeof bpath, "应为 1 到 %d 个评分档次的数组", RUBRIC_BANDS_MAX);
                return fail(err, path, "bands", bpath);
        }
        json_array_foreach(bands, i, b) {
                struct rubric_band *band = &rc->bands[i];
                snprintf(bpath, sizeof bpath, "%s.bands[%zu]", path, i);
                if ((r = check_object(b, bpath, keys, err)) < 0 ||
                    (r = get_string(b, bpath, "grade", band->grade, sizeof band->grade, err)) < 0 ||
                    (r = get_points(b, bpath, "min", rc->max, &band->min, err)) < 0 ||
                    (r = get_points(b, bpath, "max", rc->max, &band->max, err)) < 0 ||
                    (r = get_description(b, bpath, band->description, sizeof band->description, err)) < 0)
                        return r;
                if (band->min > band->max)
                        return fail(err, bpath, "min", "不能大于 max");
                /* from the best grade down, not overlapping */
                if (i > 0 && band->max >= rc->bands[i - 1].min)
                        return fail(err, bpath, "max", "应小于上一档的 min（各档从高到低、互不重叠）");
        }
        rc->n_bands = json_array_size(bands);
        return 0;
}

static int parse_rubric(json_t *ev, struct campaign_evaluation *e, char **err)
{
        static const char *const keys[] = { "code", "name", "max", "description", "bands", NULL };
        json_t *rubric = NULL, *crit;
        size_t i;
        char path[64];
        int64_t total = 0;
        int r = get_required(ev, "evaluation", "rubric", &rubric, err);

        if (r < 0)
                return r;
        if (!json_is_array(rubric) || json_array_size(rubric) == 0 || json_array_size(rubric) > RUBRIC_MAX) {
                snprintf(path, sizeof path, "应为 1 到 %d 项评分指标的数组", RUBRIC_MAX);
                return fail(err, "evaluation", "rubric", path);
        }
        json_array_foreach(rubric, i, crit) {
                struct rubric_criterion *rc = &e->rubric[i];
                snprintf(path, sizeof path, "evaluation.rubric[%zu]", i);
                if ((r = check_object(crit, path, keys, err)) < 0 ||
                    (r = get_string(crit, path, "code", rc->code, sizeof rc->code, err)) < 0 ||
                    (r = get_string(crit, path, "name", rc->name, sizeof rc->name, err)) < 0 ||
                    (r = get_points(crit, path, "max", 10000, &rc->max, err)) < 0 ||
                    (r = get_description(crit, path, rc->description, sizeof rc->description, err)) < 0 ||
                    (r = parse_bands(crit, path, rc, err)) < 0)
                        return r;
                if (rc->max == 0)
                        return fail(err, path, "max", "应大于 0");
                for (size_t k = 0; k < i; k++)
                        if (strcmp(e->rubric[k].code, rc->code) == 0)
                                return fail(err, path, "code", "与前面的指标重复");
                total += rc->max;
        }
        e->n_rubric = json_array_size(rubric);
        if (total != 10000)
                return fail(err, "evaluation", "rubric", "各项指标的满分之和应为 100");
        return 0;
}

static int parse_evaluation(json_t *root, struct campaign *c, char **err)
{
        static const char *const keys[] = {
                "experts_per_project", "rubric", "trim_from", "weights", "conflict_years", "same_city_conflict",
                "public_notice_working_days", "landmark_count", "stability_top", NULL
        };
        static const char *const weight_keys[] = { "expert", "defense", NULL };
        const char *path = "evaluation";
        json_t *ev = json_object_get(root, path), *w = NULL;
        struct campaign_evaluation *e = &c->evaluation;
        int64_t we = 0, wd = 0;
        int r;

        if (!ev)
                return 0;
        if ((r = check_object(ev, path, keys, err)) < 0 ||
            (r = get_int(ev, path, "experts_per_project", 1, 50, &e->experts_per_project, err)) < 0 ||
            (r = parse_rubric(ev, e, err)) < 0 ||
            (r = get_int(ev, path, "trim_from", 3, 100, &e->trim_from, err)) < 0 ||
            (r = get_required(ev, path, "weights", &w, err)) < 0 ||
            (r = check_object(w, "evaluation.weights", weight_keys, err)) < 0 ||
            (r = get_points(w, "evaluation.weights", "expert", 100, &we, err)) < 0 ||
            (r = get_points(w, "evaluation.weights", "defense", 100, &wd, err)) < 0 ||
            (r = get_int(ev, path, "conflict_years", 0, 50, &e->conflict_years, err)) < 0 ||
            (r = get_bool(ev, path, "same_city_conflict", &e->same_city_conflict, err)) < 0 ||
            (r = get_int(ev, path, "public_notice_working_days", 1, 60, &e->public_notice_working_days, err)) < 0 ||
            (r = get_int(ev, path, "landmark_count", 0, 1000, &e->landmark_count, err)) < 0 ||
            (r = get_int(ev, path, "stability_top", 1, 1000, &e->stability_top, err)) < 0)
                return r;
        if (we + wd != 100)
                return fail(err, "evaluation.weights", NULL, "expert 与 defense 之和应为 1");
        e->weight_expert = (int)we;
        e->weight_defense = (int)wd;
        if (e->landmark_count != c->landmark_count)
                return fail(err, path, "landmark_count", "应与 rules.landmark_count 相同");
        c->has_evaluation = true;
        return 0;
}

static int parse_root(json_t *def, struct campaign *c, char **err)
{
        static const char *const keys[] = {
                "year", "title", "notice", "categories", "timeline", "rules", "contacts", "evaluation", NULL
        };
        json_t *v = NULL;
        int r;

        if (!json_is_object(def))
                return fail(err, "campaign", NULL, "应为 JSON 对象");
        r = check_object(def, "", keys, err);
        if (r < 0)
                return r;
        if ((r = get_int(def, "", "year", 2000, 9999, &c->year, err)) < 0 ||
            (r = get_string(def, "", "title", c->title, sizeof c->title, err)) < 0)
                return r;
        /* Informational, so optional; but when present they must have the right shape. */
        v = json_object_get(def, "notice");
        if (v && (r = check_info(v, "notice", err)) < 0)
                return r;
        v = json_object_get(def, "contacts");
        if (v && (r = check_info(v, "contacts", err)) < 0)
                return r;
        /* Categories before rules: categories_per_project is bounded by their number. */
        if ((r = parse_categories(def, c, err)) < 0 ||
            (r = parse_timeline(def, c, err)) < 0 ||
            (r = parse_rules(def, c, err)) < 0 ||
            (r = parse_evaluation(def, c, err)) < 0)
                return r;
        return 0;
}

int campaign_parse(json_t *def, struct campaign *ret, char **ret_error)
{
        struct campaign c;
        char *err = NULL;
        int r;

        if (!ret)
                return -EINVAL;
        memset(&c, 0, sizeof c);
        r = parse_root(def, &c, &err);
        if (r < 0) {
                if (ret_error)
                        *ret_error = err;
                else
                        free(err);
                return r;
        }
        *ret = c;
        return 0;
}

int campaign_text_limit(const struct campaign *c, const char *field)
{
        if (!c || !field)
                return 0;
        for (size_t i = 0; i < c->n_text_limits; i++)
                if (strcmp(c->text_limits[i].field, field) == 0)
                        return c->text_limits[i].max_chars;
        return 0;
}

const struct rubric_criterion *campaign_criterion(const struct campaign *c, const char *code)
{
        for (size_t i = 0; c && code && c->has_evaluation && i < c->evaluation.n_rubric; i++)
                if (strcmp(c->evaluation.rubric[i].code, code) == 0)
                        return &c->evaluation.rubric[i];
        return NULL;
}

bool campaign_has_category(const struct campaign *c, const char *code)
{
        if (!c || !code)
                return false;
        for (size_t i = 0; i < c->n_categories; i++)
                if (strcmp(c->categories[i].code, code) == 0)
                        return true;
        return false;
}

bool campaign_window_open(const struct campaign *c, int64_t now)
{
        if (!c)
                return false;
        return now >= beijing_day_start(c->apply_open) && now <= beijing_day_end(c->apply_close);
}
