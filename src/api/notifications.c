/* In-app notifications: GET /api/v1/notifications, POST /api/v1/notifications/read, the unread
 * count of GET /api/v1/me, and the notifications a status change causes (api_notify_change, inside
 * the change's transaction). Who is told what is domain/notify.c; this file only finds the
 * accounts. Deadline reminders are a periodic job (api/jobs.c): reading writes nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/application.h"
#include "domain/campaign.h"
#include "domain/notify.h"
#include "util/arena.h"
#include "util/timeutil.h"

#define READ_IDS_MAX 1000

/* Who acted, as the notice names them: "玄武区信息化主管部门", "省工业和信息化厅". */
static const char *actor_authority(struct call *c)
{
        char buf[AUTHORITY_NAME_MAX];
        switch (c->user.role) {
        case ROLE_COUNTY_REVIEWER:
        case ROLE_CITY_REVIEWER:
                return arena_strdup(c->arena, app_authority_name("county", c->user.region_name, buf));
        case ROLE_DEPARTMENT_REVIEWER:
                return c->user.department_name;
        case ROLE_PROVINCE_ADMIN:
                return "省信息化办";
        default:
                return "";
        }
}

int api_notify_change(struct call *c, const struct app_row *a, const struct review_target *target, const char *action,
                      const char *from, const char *to, const char *reason)
{
        struct notify_change ch = { .action = action, .from = from, .to = to, .actor_authority = actor_authority(c),
                                    .project_name = a->project_name, .reason = reason };
        struct notice out[NOTIFY_MAX];
        size_t n = notify_for_change(&ch, c->arena, out);
        bool department = target ? target->level == REVIEW_DEPARTMENT : strcmp(a->review_level, "department") == 0;
        const char *code = target ? target->code : department ? a->review_department : a->review_region;
        int err = 0;
        for (size_t i = 0; i < n && err == 0; i++) {
                const struct notice *x = &out[i];
                switch (x->audience) {
                case NOTIFY_OWNER:
                        err = store_notification_insert(c->db, a->owner_id, c->now, x->kind, a->id, x->title, x->body,
                                                        NULL);
                        break;
                case NOTIFY_TARGET_REVIEWERS:
                        err = store_notification_insert_reviewers(c->db, department ? NULL : code,
                                                                  department ? code : NULL, c->now, x->kind, a->id,
                                                                  x->title, x->body);
                        break;
                case NOTIFY_CITY_REVIEWERS: {
                        struct region target_region;
                        if (department)
                                break;
                        err = store_region_get(c->db, code, &target_region);
                        if (err == 0 && *target_region.parent_code)
                                err = store_notification_insert_reviewers(c->db, target_region.parent_code, NULL,
                                                                          c->now, x->kind, a->id, x->title, x->body);
                        break;
                }
                case NOTIFY_NOBODY:
                        break;
                }
        }
        return err;
}

int api_notifications_unread(struct call *c, int64_t *ret)
{
        return store_notification_unread(c->db, c->user.id, ret);
}

static json_t *notification_json(const struct notification_row *x)
{
        char at[32];
        return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)x->id, "at",
                         time_format_beijing(x->at, at), "kind", x->kind, "title", x->title, "body", x->body,
                         "application_id", x->application_id ? json_integer(x->application_id) : json_null(), "read",
                         x->read_at != 0);
}

int api_notifications_list(struct call *c)
{
        size_t page, per_page;
        int err = api_paging(c, &page, &per_page);
        if (err < 0)
                return err;
        const char *u = api_query(c, "unread");
        if (u && strcmp(u, "1") != 0 && strcmp(u, "0") != 0 && strcmp(u, "true") != 0 && strcmp(u, "false") != 0)
                return api_fail(c, E_BAD_REQUEST, "筛选条件有误", json_pack("{s:s}", "unread", "unread 应为 1 或 0"));
        bool unread_only = u && (strcmp(u, "1") == 0 || strcmp(u, "true") == 0);
        int64_t unread = 0;
        struct notification_row *v;
        size_t n, total;
        err = api_notifications_unread(c, &unread);
        if (err == 0)
                err = store_notification_list(c->db, c->arena, c->user.id, unread_only, (page - 1) * per_page, per_page,
                                              &v, &n, &total);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, notification_json(&v[i]));
        json_t *o = api_page_json(items, total, page, per_page);
        json_object_set_new(o, "unread", json_integer(unread));
        return api_json(c, 200, o);
}

/* {"ids": [1, 2]} or {"all": true}: exactly one of them. */
static json_t *read_request_problems(json_t *body, char **ret_ids_json)
{
        json_t *problems = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(body, key, v) {
                if (strcmp(key, "ids") != 0 && strcmp(key, "all") != 0)
                        json_object_set_new(problems, key, json_string("不支持的字段"));
        }
        json_t *ids = json_object_get(body, "ids"), *all = json_object_get(body, "all");
        if (ids && all)
                json_object_set_new(problems, "ids", json_string("ids 与 all 只能提供其一"));
        else if (!ids && !all)
                json_object_set_new(problems, "ids", json_string("请提供要标记为已读的通知编号 ids，或 all: true"));
        if (all && !json_is_true(all))
                json_object_set_new(problems, "all", json_string("all 只能为 true"));
        if (ids) {
                bool ok = json_is_array(ids) && json_array_size(ids) <= READ_IDS_MAX;
                size_t i;
                json_t *id;
                json_array_foreach(ids, i, id) {
                        if (!json_is_integer(id) || json_integer_value(id) <= 0)
                                ok = false;
                }
                if (!ok)
                        json_object_set_new(problems, "ids", json_string("ids 应为通知编号（正整数）的数组，最多 1000 个"));
                else if (json_object_size(problems) == 0)
                        *ret_ids_json = json_dumps(ids, JSON_COMPACT);
        }
        return problems;
}

int api_notifications_read(struct call *c)
{
        char *ids_json = NULL;
        json_t *problems = read_request_problems(c->json, &ids_json);
        if (json_object_size(problems)) {
                free(ids_json);
                return api_invalid(c, problems);
        }
        json_decref(problems);
        int64_t unread = 0;
        int err = store_notification_mark_read(c->db, c->user.id, ids_json, c->now);
        free(ids_json);
        if (err == 0)
                err = api_notifications_unread(c, &unread);
        if (err < 0)
                return err;
        return api_json(c, 200, json_pack("{s:I}", "unread", (json_int_t)unread));
}
