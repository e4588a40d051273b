/* POST /api/v1/applications/{id}/reviews: a reviewer recommends, returns or rejects, as the
 * workflow table (domain/workflow.c) allows, until the local review deadline. */
#include <errno.h>
#include <microhttpd.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/application.h"
#include "domain/campaign.h"
#include "domain/workflow.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define REASON_MAX_CHARS 500

/* How the reviewer stands to the application's first review target. */
static int relation_of(struct req *r, const struct app_row *a, struct review_facts *f)
{
        f->status = a->status;
        f->review_level = a->review_level;
        f->relation = REL_NONE;
        f->target_reports_to_province = false;
        if (strcmp(a->review_level, "department") == 0) {
                if (strcmp(a->review_department, r->user.department_code) == 0)
                        f->relation = REL_TARGET;
                return 0;
        }
        struct region target;
        int err = store_region_get(r->db, a->review_region, &target);
        if (err < 0)
                return err;
        f->target_reports_to_province = strcmp(target.level, "city") != 0 && target.reports_to_province;
        if (strcmp(target.code, r->user.region_code) == 0)
                f->relation = REL_TARGET;
        else if (strcmp(target.parent_code, r->user.region_code) == 0)
                f->relation = REL_CITY_OF_TARGET;
        return 0;
}

int api_reviews_create(struct req *r)
{
        static const struct input_field fields[] = {
                { "action", "审核操作", INPUT_STRING, true },
                { "comment", "审核意见", INPUT_STRING, false },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(r->json, fields, problems))
                return reply_validation(r, problems);
        const char *action = input_str(r->json, "action");
        const char *comment = input_str(r->json, "comment");
        if (!comment)
                comment = "";
        long chars = utf8_count(comment);
        if (chars > REASON_MAX_CHARS) {
                json_object_set_new(problems, "comment",
                                    json_string(arena_printf(r->arena, "审核意见不超过 %d 字（现 %ld 字）",
                                                             REASON_MAX_CHARS, chars)));
                return reply_validation(r, problems);
        }
        json_decref(problems);

        struct app_row a;
        if (api_app_load(r, &a) < 0)
                return MHD_YES;
        struct review_facts facts;
        int err = relation_of(r, &a, &facts);
        if (err < 0)
                return api_store_error(r, err);
        const struct transition *t = NULL;
        bool has_reason = strspn(comment, " \t\r\n") != strlen(comment);
        switch (workflow_decide(r->user.role, action, &facts, has_reason, &t)) {
        case WF_UNKNOWN_ACTION:
                return reply_validation(r, json_pack("{s:s}", "action", "审核操作应为 recommend（推荐）、return（退回修改）或 reject（不予推荐）"));
        case WF_REASON_REQUIRED:
                return reply_validation(r, json_pack("{s:s}", "comment",
                                                     strcmp(action, "reject") == 0 ? "不予推荐须填写理由" : "退回须填写修改意见"));
        case WF_NOT_ALLOWED:
                /* in scope, but not this reviewer's step now: already acted on, or another authority's */
                return reply_error(r, 409, "conflict",
                                   arena_printf(r->arena, "该申报当前状态为“%s”，不能由本部门进行此操作",
                                                app_status_label(a.status, a.review_level)),
                                   NULL);
        case WF_OK:
                break;
        }

        struct campaign c;
        err = api_campaign_load(r, a.campaign, &c);
        if (err < 0)
                return api_store_error(r, err);
        bool open = false;
        err = api_review_open(r, &c, &open);     /* the deadline, or a reopening for this authority */
        if (err < 0)
                return api_store_error(r, err);
        if (!open) {
                char due[32];
                date_format(c.local_review_due, due);
                return reply_error(r, 409, "window_closed",
                                   arena_printf(r->arena, "地方审核推荐已于 %s 截止（北京时间）", due), NULL);
        }

        err = store_begin(r->db);
        if (err == 0)
                err = store_app_set_status(r->db, a.id, a.status, t->to, r->now);
        if (err == 0)
                err = store_event_insert(r->db, a.id, r->now, r->user.id, role_code(r->user.role), action, a.status,
                                         t->to, comment);
        if (err == 0)
                err = api_notify_change(r, &a, NULL, action, a.status, t->to, comment);
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        if (err == -ESTALE)
                return reply_error(r, 409, "conflict", "该申报刚被他人处理，请刷新后查看", NULL);
        if (err < 0)
                return api_store_error(r, err);
        /* the reviewer acted on it: answer with it even if it now leaves their list (a city's return
         * sends it back to the county) */
        struct app_scope all = { .kind = SCOPE_ALL_SUBMITTED };
        return api_reply_app(r, 200, a.id, &all);
}
