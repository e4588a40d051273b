/* POST /api/v1/applications/{id}/reviews: a reviewer recommends, returns or rejects, as the
 * workflow table (domain/workflow.c) allows, until the local review deadline. */
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "util/arena.h"
#include "util/utf8.h"

#define REASON_MAX_CHARS 500

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
        long chars = utf8_count(comment);
        if (chars > REASON_MAX_CHARS)
                json_object_set_new(problems, "comment",
                                    json_string(arena_printf(c->arena, "审核意见不超过 %d 字（现 %ld 字）",
                                                             REASON_MAX_CHARS, chars)));
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        return api_act(c, action, comment);
}
