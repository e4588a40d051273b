/* POST /api/v1/applications/{id}/reviews: a reviewer recommends, returns or rejects, as the
 * workflow table (domain/workflow.c) allows, until the local review deadline. */
#include <errno.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/application.h"
#include "domain/campaign.h"
#include "domain/workflow.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define REASON_MAX_CHARS 500

/* How the reviewer stands to the application's first review target. */
static int relation_of(struct call *c, const struct app_row *a, struct review_facts *f)
{
        f->status = a->status;
        f->review_level = a->review_level;
        f->relation = REL_NONE;
        f->target_reports_to_province = false;
        if (strcmp(a->review_level, "department") == 0) {
                if (strcmp(a->review_department, c->user.department_code) == 0)
                        f->relation = REL_TARGET;
                return 0;
        }
        struct region target;
        int err = store_region_get(c->db, a->review_region, &target);
        if (err < 0)
                return err;
        f->target_reports_to_province = strcmp(target.level, "city") != 0 && target.reports_to_province;
        if (strcmp(target.code, c->user.region_code) == 0)
                f->relation = REL_TARGET;
        else if (strcmp(target.parent_code, c->user.region_code) == 0)
                f->relation = REL_CITY_OF_TARGET;
        return 0;
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
        long chars = utf8_count(comment);
        if (chars > REASON_MAX_CHARS) {
                json_object_set_new(problems, "comment",
                                    json_string(arena_printf(c->arena, "审核意见不超过 %d 字（现 %ld 字）",
                                                             REASON_MAX_CHARS, chars)));
                return api_invalid(c, problems);
        }
        json_decref(problems);

        struct app_row a;
        int err = api_app_load(c, &a);
        if (err < 0)
                return err;
        struct review_facts facts;
        err = relation_of(c, &a, &facts);
        if (err < 0)
                return err;
        const struct transition *t = NULL;
        bool has_reason = strspn(comment, " \t\r\n") != strlen(comment);
        switch (workflow_decide(c->user.role, action, &facts, has_reason, &t)) {
        case WF_UNKNOWN_ACTION:
                return api_invalid(c, json_pack("{s:s}", "action", "审核操作应为 recommend（推荐）、return（退回修改）或 reject（不予推荐）"));
        case WF_REASON_REQUIRED:
                return api_invalid(c, json_pack("{s:s}", "comment",
                                                     strcmp(action, "reject") == 0 ? "不予推荐须填写理由" : "退回须填写修改意见"));
        case WF_NOT_ALLOWED:
                /* in scope, but not this reviewer's step now: already acted on, or another authority's */
                return api_fail(c, E_CONFLICT,
                                arena_printf(c->arena, "该申报当前状态为“%s”，不能由本部门进行此操作",
                                             app_status_label(a.status, a.review_level)),
                                NULL);
        case WF_OK:
                break;
        }

        const struct campaign *cp = api_campaign(a.campaign);
        if (!cp)
                return -EIO;
        bool open = false;
        err = api_review_open(c, cp, &open);     /* the deadline, or a reopening for this authority */
        if (err < 0)
                return err;
        if (!open) {
                char due[32];
                date_format(cp->local_review_due, due);
                return api_fail(c, E_WINDOW_CLOSED, arena_printf(c->arena, "地方审核推荐已于 %s 截止（北京时间）", due),
                                NULL);
        }

        err = store_begin(c->db);
        if (err == 0)
                err = store_app_set_status(c->db, a.id, a.status, t->to, c->now);
        if (err == 0)
                err = store_event_insert(c->db, a.id, c->now, c->user.id, role_code(c->user.role), action, a.status,
                                         t->to, comment);
        if (err == 0)
                err = api_notify_change(c, &a, NULL, action, a.status, t->to, comment);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "该申报刚被他人处理，请刷新后查看", NULL);
        if (err < 0)
                return err;
        /* the reviewer acted on it: answer with it even if it now leaves their list (a city's return
         * sends it back to the county) */
        struct app_scope all = { .kind = SCOPE_ALL_SUBMITTED };
        json_t *o;
        err = api_app_json(c, a.id, &all, &o);
        return err < 0 ? err : api_json(c, 200, o);
}
