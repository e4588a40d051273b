/* The local review after its deadline: POST /api/v1/campaigns/{year}/reopen (the province admin
 * reopens it for one authority, until a date, with a reason — logged) and GET …/reopenings. Whether
 * a reviewer may still act is the workflow's local-review gate (api_review_open in api/actions.c,
 * deciding with domain/reopen.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/campaign.h"
#include "domain/notify.h"
#include "domain/reopen.h"
#include "util/arena.h"
#include "util/timeutil.h"

static json_t *reopening_json(const struct reopening_row *x)
{
        char at[32];
        return json_pack("{s:I, s:i, s:{s:s, s:s, s:s}, s:s, s:s, s:{s:I, s:s}, s:s}", "id", (json_int_t)x->id,
                         "campaign", x->campaign, "authority", "kind", x->kind, "code", x->code, "name",
                         x->authority_name, "until", x->until, "reason", x->reason, "created_by", "id",
                         (json_int_t)x->created_by, "name", x->created_by_name, "created_at",
                         time_format_beijing(x->created_at, at));
}

/* The authority {"kind", "code"} must name a region that reviews (not the province) or a
 * department; its name is looked up for the log. */
static void check_authority(struct call *c, json_t *authority, enum reopen_kind *ret_kind, const char **ret_code,
                            json_t *problems)
{
        static const struct input_field fields[] = {
                { "kind", "开放对象类型", INPUT_STRING, true },
                { "code", "开放对象代码", INPUT_STRING, true },
                { 0 },
        };
        if (!authority)
                return;         /* reported as missing by the body's check */
        json_t *sub = json_object();
        if (!input_check(authority, fields, sub)) {
                const char *key;
                json_t *v;
                json_object_foreach(sub, key, v)
                        json_object_set(problems, arena_printf(c->arena, "authority.%s", key), v);
                json_decref(sub);
                return;
        }
        json_decref(sub);
        const char *kind = input_str(authority, "kind"), *code = input_str(authority, "code");
        *ret_kind = reopen_kind_parse(kind);
        *ret_code = code;
        if (*ret_kind == REOPEN_NONE) {
                json_object_set_new(problems, "authority.kind", json_string("开放对象类型应为 region（地区）或 department（省有关部门）"));
                return;
        }
        if (*ret_kind == REOPEN_REGION) {
                struct region g;
                int err = strlen(code) == 6 ? store_region_get(c->db, code, &g) : -ENOENT;
                if (err < 0 || strcmp(g.level, "province") == 0)
                        json_object_set_new(problems, "authority.code", json_string("地区代码不存在或不是审核地区"));
        } else {
                struct department d;
                if (store_department_get(c->db, code, &d) < 0)
                        json_object_set_new(problems, "authority.code", json_string("省有关部门代码不存在"));
        }
}

int api_reopen_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "authority", "重新开放的审核部门", INPUT_OBJECT, true },
                { "until", "延长截止日期", INPUT_STRING, true },
                { "reason", "重新开放理由", INPUT_STRING, true },
                { 0 },
        };
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        if (err < 0)
                return err;
        json_t *problems = json_object();
        bool shape_ok = input_check(c->json, fields, problems);
        enum reopen_kind kind = REOPEN_NONE;
        const char *code = NULL;
        int32_t until = 0;
        check_authority(c, json_object_get(c->json, "authority"), &kind, &code, problems);
        const char *until_text = input_str(c->json, "until"), *reason = input_str(c->json, "reason");
        /* the rules speak to what was given even when something else is missing */
        json_t *rules = json_object();
        reopen_check(cp->local_review_due, c->now, until_text, reason, rules, &until);
        const char *key;
        json_t *v;
        json_object_foreach(rules, key, v) {
                if (!json_object_get(problems, key))
                        json_object_set(problems, key, v);
        }
        json_decref(rules);
        if (!shape_ok || json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);

        char day[32];
        struct reopening_row row = { .campaign = cp->year, .reason = (char *)reason, .created_by = c->user.id,
                                     .created_at = c->now };
        snprintf(row.kind, sizeof row.kind, "%s", reopen_kind_code(kind));
        snprintf(row.code, sizeof row.code, "%s", code);
        snprintf(row.until, sizeof row.until, "%s", date_format(until, day));
        struct notice x = notify_reopened_notice(cp->year, until, reason, c->arena);
        int64_t id = 0;
        err = store_begin(c->db);
        if (err == 0)
                err = store_reopening_insert(c->db, &row, &id);
        if (err == 0)
                err = store_notification_insert_reviewers(c->db, kind == REOPEN_REGION ? code : NULL,
                                                          kind == REOPEN_DEPARTMENT ? code : NULL, c->now, x.kind, 0,
                                                          x.title, x.body);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        struct reopening_row *rows;
        size_t n;
        err = store_reopening_list(c->db, c->arena, cp->year, row.kind, row.code, &rows, &n);
        if (err < 0)
                return err;
        for (size_t i = 0; i < n; i++)
                if (rows[i].id == id)
                        return api_json(c, 201, reopening_json(&rows[i]));
        return -EIO;
}

int api_reopenings_list(struct call *c)
{
        const struct campaign *cp;
        struct reopening_row *rows;
        size_t n;
        int err = api_campaign_of_path(c, &cp);
        if (err == 0)
                err = store_reopening_list(c->db, c->arena, cp->year, NULL, NULL, &rows, &n);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, reopening_json(&rows[i]));
        return api_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}
