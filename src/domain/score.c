#include "domain/score.h"

#include <stdio.h>
#include <string.h>

#include "util/money.h"
#include "util/utf8.h"

static void put(json_t *problems, const char *key, const char *msg)
{
        json_object_set_new(problems, key, json_string(msg));
}

static int index_of(const struct campaign_evaluation *e, const char *code)
{
        for (size_t i = 0; i < e->n_rubric; i++)
                if (strcmp(e->rubric[i].code, code) == 0)
                        return (int)i;
        return -1;
}

bool score_check(const struct campaign_evaluation *e, json_t *criteria, const char *comment, bool submit,
                 struct score_sheet *ret, json_t *problems)
{
        struct score_sheet s = { 0 };
        size_t before = json_object_size(problems);
        char key[64], msg[160], max[32];
        const char *code;
        json_t *v;

        if (criteria && !json_is_null(criteria) && !json_is_object(criteria)) {
                put(problems, "criteria", "评分应为按指标给出的分数");
                return false;
        }
        json_object_foreach(criteria, code, v) {
                int i = index_of(e, code);
                snprintf(key, sizeof key, "criteria.%.50s", code);
                if (i < 0) {
                        put(problems, key, "不是本年度评分表中的指标");
                        continue;
                }
                if (json_is_null(v))
                        continue;       /* not scored yet */
                const struct rubric_criterion *rc = &e->rubric[i];
                int64_t p = -1;
                if (!json_is_number(v) || json_number_value(v) < 0 || money_from_double(json_number_value(v), &p) < 0 ||
                    p > rc->max) {
                        snprintf(msg, sizeof msg, "“%s”应为 0 到 %s 之间的分数（最多两位小数）", rc->name,
                                 money_format(rc->max, max));
                        put(problems, key, msg);
                        continue;
                }
                s.given[i] = true;
                s.points[i] = p;
                s.n_given++;
                s.total += p;
        }
        long chars = comment ? utf8_count(comment) : 0;
        if (chars > SCORE_COMMENT_MAX_CHARS) {
                snprintf(msg, sizeof msg, "评审意见不超过 %d 字（现 %ld 字）", SCORE_COMMENT_MAX_CHARS, chars);
                put(problems, "comment", msg);
        }
        if (submit) {
                for (size_t i = 0; i < e->n_rubric; i++) {
                        snprintf(key, sizeof key, "criteria.%s", e->rubric[i].code);
                        if (!s.given[i] && !json_object_get(problems, key)) {
                                snprintf(msg, sizeof msg, "提交前请为“%s”打分", e->rubric[i].name);
                                put(problems, key, msg);
                        }
                }
                if (!comment || strspn(comment, " \t\r\n") == strlen(comment))
                        if (!json_object_get(problems, "comment"))
                                put(problems, "comment", "提交前请填写评审意见");
        }
        if (json_object_size(problems) != before)
                return false;
        *ret = s;
        return true;
}

json_t *score_stored(const struct campaign_evaluation *e, const struct score_sheet *s)
{
        json_t *o = json_object();
        for (size_t i = 0; i < e->n_rubric; i++)
                if (s->given[i])
                        json_object_set_new(o, e->rubric[i].code, json_integer(s->points[i]));
        return o;
}

void score_from_stored(const struct campaign_evaluation *e, json_t *stored, struct score_sheet *ret)
{
        struct score_sheet s = { 0 };
        for (size_t i = 0; i < e->n_rubric; i++) {
                json_t *v = json_object_get(stored, e->rubric[i].code);
                if (json_is_integer(v)) {
                        s.given[i] = true;
                        s.points[i] = json_integer_value(v);
                        s.n_given++;
                        s.total += s.points[i];
                }
        }
        *ret = s;
}
