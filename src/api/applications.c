/* Applications (申报表): create the unit's draft, list and read within scope, save (autosave),
 * submit to the first reviewing authority, withdraw. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/application.h"
#include "domain/attachment.h"
#include "domain/campaign.h"
#include "domain/form.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* The caller's data scope, re-derived from the account on every request. */
static struct app_scope scope_of(struct call *c)
{
        return app_scope_for(c->user.role, c->user.unit_id, c->user.region_code, c->user.department_code);
}

int api_app_load(struct call *c, struct app_row *ret)
{
        struct app_scope scope = scope_of(c);
        return store_app_get(c->db, c->arena, c->id, &scope, ret);
}

/* The applicant's own, changeable application. */
static int load_editable(struct call *c, struct app_row *ret)
{
        int err = api_app_load(c, ret);
        if (err < 0)
                return err;
        if (ret->owner_id != c->user.id && ret->unit_id != c->user.unit_id)
                return -ENOENT;
        if (!app_editable(ret->status))
                return api_fail(c, E_CONFLICT,
                                strcmp(ret->status, "submitted") == 0 ? "申报已提交并锁定，不能修改；如需修改请先撤回"
                                                                      : "当前状态下不能修改申报",
                                NULL);
        return 0;
}

static json_t *money_json(int64_t v)
{
        return v < 0 ? json_null() : json_real((double)v / 100.0);
}

static json_t *time_json(int64_t t)
{
        char buf[32];
        return t ? json_string(time_format_beijing(t, buf)) : json_null();
}

/* The list view of an application: no form, no attachments. */
static json_t *app_summary_json(const struct app_row *a)
{
        char buf[AUTHORITY_NAME_MAX];
        return json_pack("{s:I, s:i, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s,"
                         " s:{s:o, s:o, s:o}, s:o, s:o}",
                         "id", (json_int_t)a->id, "campaign", a->campaign, "status", a->status,
                         "status_label", app_status_label(a->status, a->review_level),
                         "submission_no", *a->submission_no ? json_string(a->submission_no) : json_null(),
                         "submitted_at", time_json(a->submitted_at), "updated_at", time_json(a->updated_at),
                         "project_name", a->project_name, "category", a->category, "unit_name", a->unit_name,
                         "credit_code", a->credit_code, "nature", a->nature, "affiliation", a->affiliation,
                         "total_investment", money_json(a->total_investment),
                         "non_construction_investment", money_json(a->non_construction_investment),
                         "unit_region", a->unit_region, "project_region", a->project_region,
                         "review", "level", *a->review_level ? json_string(a->review_level) : json_null(),
                         "code", *a->review_region ? json_string(a->review_region)
                                 : *a->review_department ? json_string(a->review_department) : json_null(),
                         "name", *a->review_name ? json_string(app_authority_name(a->review_level, a->review_name, buf))
                                                 : json_null(),
                         "start_month", *a->start_month ? json_string(a->start_month) : json_null(),
                         "end_month", *a->end_month ? json_string(a->end_month) : json_null());
}

json_t *api_attachment_json(const struct attachment_row *a)
{
        char at[32];
        return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id, "kind", a->kind,
                         "filename", a->filename, "size", (json_int_t)a->size, "sha256", a->sha256, "content_type",
                         a->content_type, "uploaded_at", time_format_beijing(a->created_at, at));
}

/* Builds the checking context: the campaign, Jiangsu's regions, departments, attachments present. */
static int context_for(struct call *c, const struct app_row *a, struct form_context *ctx,
                       struct attachment_row **ret_att, size_t *ret_n_att)
{
        struct region *regions;
        struct department *deps;
        size_t nr, nd;
        const struct campaign *cp = api_campaign(a->campaign);
        int err = cp ? 0 : -EIO;
        if (err == 0)
                err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(c->db, c->arena, &deps, &nd);
        if (err == 0)
                err = store_attachment_list(c->db, c->arena, a->id, ret_att, ret_n_att);
        if (err < 0)
                return err;
        *ctx = (struct form_context){ .campaign = cp, .account_unit_name = a->unit_name,
                                      .account_credit_code = a->credit_code, .regions = regions, .n_regions = nr,
                                      .departments = deps, .n_departments = nd };
        for (size_t i = 0; i < *ret_n_att; i++) {
                enum attachment_kind k = attachment_kind_parse((*ret_att)[i].kind);
                if (k != ATT_NONE)
                        ctx->attachments |= ATT_BIT(k);
        }
        return 0;
}

/* The whole application: summary, form sections, attachments, history, problems and warnings.
 * *ret_problems (if not NULL) gets a new reference to the problems. */
static int app_full_json(struct call *c, const struct app_row *a, json_t **ret, json_t **ret_problems)
{
        struct form_context ctx;
        struct attachment_row *att;
        struct event_row *ev;
        size_t n_att, n_ev;
        int err = context_for(c, a, &ctx, &att, &n_att);
        if (err == 0)
                err = store_event_list(c->db, c->arena, a->id, &ev, &n_ev);
        if (err < 0)
                return err;
        json_t *form = json_loads(a->form_json, 0, NULL);
        if (!form)
                return -EIO;
        json_t *problems = json_object(), *warnings = json_object();
        form_check(form, &ctx, problems, warnings);

        json_t *o = app_summary_json(a);
        const char *key;
        json_t *v;
        json_object_foreach(form, key, v) json_object_set(o, key, v);
        json_decref(form);

        json_t *attachments = json_array();
        for (size_t i = 0; i < n_att; i++)
                json_array_append_new(attachments, api_attachment_json(&att[i]));
        json_t *history = json_array();
        for (size_t i = 0; i < n_ev; i++) {
                char at[32];
                json_array_append_new(history, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "at",
                                                         time_format_beijing(ev[i].at, at), "user", ev[i].user_name,
                                                         "role", ev[i].role, "action", ev[i].action, "from",
                                                         *ev[i].from_status ? json_string(ev[i].from_status) : json_null(),
                                                         "to", *ev[i].to_status ? json_string(ev[i].to_status) : json_null(),
                                                         "reason", ev[i].reason));
        }
        json_object_set_new(o, "attachments", attachments);
        json_object_set_new(o, "history", history);
        json_object_set_new(o, "editable", json_boolean(app_editable(a->status)));
        json_object_set_new(o, "window_open", json_boolean(campaign_window_open(ctx.campaign, c->now)));
        if (ret_problems)
                *ret_problems = json_incref(problems);
        json_object_set_new(o, "problems", problems);
        json_object_set_new(o, "warnings", warnings);
        *ret = o;
        return 0;
}

int api_app_json(struct call *c, int64_t id, const struct app_scope *scope, json_t **ret)
{
        struct app_row a;
        struct app_scope own = scope_of(c);
        int err = store_app_get(c->db, c->arena, id, scope ? scope : &own, &a);
        if (err == 0)
                err = app_full_json(c, &a, ret, NULL);
        return err;
}

static int reply_app(struct call *c, unsigned status, int64_t id, const struct app_scope *scope)
{
        json_t *o;
        int err = api_app_json(c, id, scope, &o);
        return err < 0 ? err : api_json(c, status, o);
}

static int record(struct call *c, int64_t id, const char *action, const char *from, const char *to, const char *reason)
{
        return store_event_insert(c->db, id, c->now, c->user.id, role_code(c->user.role), action, from, to, reason);
}

static char *window_closed_message(struct call *c, const struct campaign *cp)
{
        char open[32], close[32];
        date_format(cp->apply_open, open);
        date_format(cp->apply_close, close);
        return arena_printf(c->arena, "%d年申报时间为 %s 至 %s（北京时间），当前不在申报时间内", cp->year, open, close);
}

int api_apps_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "campaign", "申报年度", INPUT_INTEGER, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        json_decref(problems);
        int year = (int)json_integer_value(json_object_get(c->json, "campaign"));
        const struct campaign *cp = api_campaign(year);
        if (!cp)
                return api_invalid(c, json_pack("{s:s}", "campaign", "该年度的申报通知不存在"));
        if (c->now > beijing_day_end(cp->apply_close))
                return api_fail(c, E_WINDOW_CLOSED, window_closed_message(c, cp), NULL);

        char today[32];
        date_format(beijing_day_of(c->now), today);
        json_t *form = form_new(c->user.unit_name, c->user.credit_code, c->user.name, c->user.mobile, today);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        int64_t id = 0;
        int err = store_begin(c->db);
        if (err == 0)
                err = store_app_insert(c->db, year, c->user.unit_id, c->user.id, text, &f, c->now, &id);
        if (err == 0)
                err = record(c, id, "create", NULL, "draft", "");
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        free(text);
        json_decref(form);
        if (err == -EEXIST)
                return api_fail(c, E_CONFLICT,
                                arena_printf(c->arena, "本单位已有 %d 年度的申报（每个单位限报 1 个项目），请在“我的申报”中继续填写",
                                             year),
                                NULL);
        if (err < 0)
                return err;
        return reply_app(c, 201, id, NULL);
}

int api_apps_filter(struct call *c, struct app_filter *ret)
{
        struct app_filter f = { .scope = scope_of(c) };
        const char *campaign = api_query(c, "campaign");
        if (campaign) {
                f.campaign = strlen(campaign) == 4 && strspn(campaign, "0123456789") == 4 ? atoi(campaign) : 0;
                if (f.campaign <= 0)
                        return api_fail(c, E_BAD_REQUEST, "筛选条件有误", json_pack("{s:s}", "campaign", "申报年度应为四位年份"));
        }
        const char *status = api_query(c, "status");
        if (status && !app_status_valid(status))
                return api_fail(c, E_BAD_REQUEST, "筛选条件有误", json_pack("{s:s}", "status", "状态不存在"));
        f.status = status;
        f.category = api_query(c, "category");
        const char *region = api_query(c, "region_code");
        /* the province's code means every region */
        f.region_code = region && strcmp(region, "320000") != 0 ? region : NULL;
        *ret = f;
        return 0;
}

int api_apps_list(struct call *c)
{
        size_t page, per_page;
        struct app_filter f;
        int err = api_paging(c, &page, &per_page);
        if (err == 0)
                err = api_apps_filter(c, &f);
        if (err < 0)
                return err;
        struct app_row *v;
        size_t n, total;
        err = store_app_list(c->db, c->arena, &f, (page - 1) * per_page, per_page, &v, &n, &total);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, app_summary_json(&v[i]));
        return api_json(c, 200, api_page_json(items, total, page, per_page));
}

int api_app_get(struct call *c)
{
        return reply_app(c, 200, c->id, NULL);
}

int api_app_put(struct call *c)
{
        struct app_row a;
        int err = load_editable(c, &a);
        if (err < 0)
                return err;
        json_t *problems = json_object();
        if (!form_check_shape(c->json, problems))
                return api_invalid(c, problems);
        json_decref(problems);
        json_t *form = json_loads(a.form_json, 0, NULL);
        if (!form)
                return -EIO;
        form_merge(form, c->json);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        err = text ? store_app_save_form(c->db, a.id, text, &f, c->now) : -ENOMEM;
        free(text);
        json_decref(form);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "申报已提交并锁定，不能修改", NULL);
        if (err < 0)
                return err;
        return reply_app(c, 200, a.id, NULL);
}

int api_app_submit(struct call *c)
{
        struct app_row a;
        int err = load_editable(c, &a);
        if (err < 0)
                return err;
        json_t *o, *problems;
        err = app_full_json(c, &a, &o, &problems);
        if (err < 0)
                return err;
        json_decref(o);
        const struct campaign *cp = api_campaign(a.campaign);
        if (!cp) {
                json_decref(problems);
                return -EIO;
        }
        if (!campaign_window_open(cp, c->now)) {
                json_decref(problems);
                return api_fail(c, E_WINDOW_CLOSED, window_closed_message(c, cp), NULL);
        }
        if (json_object_size(problems))
                return api_fail(c, E_VALIDATION_FAILED, "申报表尚未填写完整或有不符合要求的内容，请按提示修改后再提交",
                                problems);
        json_decref(problems);

        struct region *regions;
        size_t nr;
        struct review_target t;
        json_t *form = json_loads(a.form_json, 0, NULL);
        struct form_facts f;
        form_facts(form, &f);
        err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0 && app_route(f.affiliation, f.unit_region, f.department_code, regions, nr, &t) < 0)
                err = -EINVAL;
        json_decref(form);
        if (err == -EINVAL)
                return api_invalid(c, json_pack("{s:s}", "unit.affiliation", "无法确定受理的主管部门，请检查单位隶属与申报地区"));
        if (err < 0)
                return err;
        err = store_begin(c->db);
        if (err == 0)
                err = store_app_submit(c->db, a.id, a.status, &t, c->now);
        if (err == 0)
                err = record(c, a.id, "submit", a.status, "submitted", "");
        if (err == 0)
                err = api_notify_change(c, &a, &t, "submit", a.status, "submitted", "");
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "申报状态已变化，请刷新后重试", NULL);
        if (err < 0)
                return err;
        return reply_app(c, 200, a.id, NULL);
}

int api_app_withdraw(struct call *c)
{
        struct app_row a;
        int err = api_app_load(c, &a);
        if (err < 0)
                return err;
        if (a.unit_id != c->user.unit_id)
                return -ENOENT;
        if (strcmp(a.status, "submitted") != 0)
                return api_fail(c, E_CONFLICT,
                                strcmp(a.status, "draft") == 0 ? "申报尚未提交，无需撤回" : "审核部门已处理该申报，不能撤回",
                                NULL);
        const struct campaign *cp = api_campaign(a.campaign);
        if (!cp)
                return -EIO;
        /* after the deadline a withdrawn application could never be submitted again */
        if (!campaign_window_open(cp, c->now))
                return api_fail(c, E_WINDOW_CLOSED, "申报已截止，撤回后将无法再次提交，因此不能撤回", NULL);
        err = store_begin(c->db);
        if (err == 0)
                err = store_app_set_status(c->db, a.id, "submitted", "draft", c->now);
        if (err == 0)
                err = record(c, a.id, "withdraw", "submitted", "draft", "");
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0)
                store_rollback(c->db);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "审核部门已处理该申报，不能撤回", NULL);
        if (err < 0)
                return err;
        return reply_app(c, 200, a.id, NULL);
}
