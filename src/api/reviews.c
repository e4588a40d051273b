/* POST /api/v1/applications/{id}/reviews: a reviewer recommends, returns or rejects, as the
 * workflow table (domain/workflow.c) allows, until the local review deadline.
 * POST /api/v1/applications/{id}/formal-check: the province's office passes, fails or returns
 * what the cities, the direct counties and the departments recommended. */
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "util/arena.h"
#include "util/utf8.h"

#define REASON_MAX_CHARS 500

static void check_comment(struct call *c, const char *comment, const char *label, json_t *problems)
{
        long chars = utf8_count(comment);
        if (chars > REASON_MAX_CHARS)
                json_object_set_new(problems, "comment",
                                    json_string(arena_printf(c->arena, "%s不超过 %d 字（现 %ld 字）", label,
                                                             REASON_MAX_CHARS, chars)));
}

int api_reviews_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "action", "审核操作", INPUT_STRING, true },
                { "comment", "审核意见", INPUT_STRING, false },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *action = input_str(c->json, "action");
        const char *comment = input_str(c->json, "comment");
        if (!comment)
                comment = "";
        /* this endpoint's words (API.md); what each means for this reviewer is the table's */
        if (strcmp(action, "recommend") != 0 && strcmp(action, "return") != 0 && strcmp(action, "reject") != 0)
                json_object_set_new(problems, "action",
                                    json_string("审核操作应为 recommend（推荐）、return（退回修改）或 reject（不予推荐）"));
        check_comment(c, comment, "审核意见", problems);
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        return api_act(c, action, comment);
}

int api_formal_check(struct call *c)
{
        static const struct input_field fields[] = {
                { "result", "形式审查结论", INPUT_STRING, true },
                { "comment", "审查意见", INPUT_STRING, false },
                { 0 },
        };
        /* this endpoint's words (API.md) and the table's actions */
        static const struct {
                const char *result, *action;
        } results[] = { { "pass", "formal_pass" }, { "fail", "formal_fail" }, { "return", "formal_return" } };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *result = input_str(c->json, "result"), *action = NULL;
        const char *comment = input_str(c->json, "comment");
        for (size_t i = 0; i < sizeof results / sizeof results[0]; i++)
                if (strcmp(result, results[i].result) == 0)
                        action = results[i].action;
        if (!action)
                json_object_set_new(problems, "result",
                                    json_string("形式审查结论应为 pass（通过）、fail（不通过）或 return（退回推荐单位）"));
        check_comment(c, comment ? comment : "", "审查意见", problems);
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        return api_act(c, action, comment ? comment : "");
}
