/* Applications (申报表): create the unit's draft, list and read within scope, save (autosave),
 * submit to the first reviewing authority, withdraw. */
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/application.h"
#include "domain/attachment.h"
#include "domain/campaign.h"
#include "domain/form.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* The caller's data scope, re-derived from the account on every request. */
static struct app_scope scope_of(struct req *r)
{
        return app_scope_for(r->user.role, r->user.unit_id, r->user.region_code, r->user.department_code);
}

int api_campaign_load(struct req *r, int year, struct campaign *ret)
{
        char *text;
        int err = store_campaign_get(r->db, r->arena, year, &text);
        if (err < 0)
                return err;
        json_t *def = json_loads(text, 0, NULL);
        if (!def)
                return -EIO;
        err = campaign_parse(def, ret, NULL);
        json_decref(def);
        return err;
}

/* Loads the application named by the path's {id} within the caller's scope; replies 404 itself. */
int api_app_load(struct req *r, struct app_row *ret)
{
        const char *id = route_param(&r->params, "id");
        char *end;
        long long v = id ? strtoll(id, &end, 10) : 0;
        if (!id || *end || v <= 0) {
                reply_not_found(r);
                return -ENOENT;
        }
        struct app_scope scope = scope_of(r);
        int err = store_app_get(r->db, r->arena, v, &scope, ret);
        if (err < 0)
                api_store_error(r, err);
        return err;
}

/* The applicant's own, changeable application, or a reply saying why not. */
static int load_editable(struct req *r, struct app_row *ret)
{
        int err = api_app_load(r, ret);
        if (err < 0)
                return err;
        if (ret->owner_id != r->user.id && ret->unit_id != r->user.unit_id) {
                reply_not_found(r);
                return -ENOENT;
        }
        if (!app_editable(ret->status)) {
                reply_error(r, 409, "conflict",
                            strcmp(ret->status, "submitted") == 0 ? "申报已提交并锁定，不能修改；如需修改请先撤回"
                                                                   : "当前状态下不能修改申报",
                            NULL);
                return -ESTALE;
        }
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
static int context_for(struct req *r, const struct app_row *a, struct campaign *c, struct form_context *ctx,
                       struct attachment_row **ret_att, size_t *ret_n_att)
{
        struct region *regions;
        struct department *deps;
        size_t nr, nd;
        int err = api_campaign_load(r, a->campaign, c);
        if (err == 0)
                err = store_region_list(r->db, r->arena, &regions, &nr);
        if (err == 0)
                err = store_department_list(r->db, r->arena, &deps, &nd);
        if (err == 0)
                err = store_attachment_list(r->db, r->arena, a->id, ret_att, ret_n_att);
        if (err < 0)
                return err;
        *ctx = (struct form_context){ .campaign = c, .account_unit_name = a->unit_name,
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
static int app_full_json(struct req *r, const struct app_row *a, json_t **ret, json_t **ret_problems)
{
        struct campaign c;
        struct form_context ctx;
        struct attachment_row *att;
        struct event_row *ev;
        size_t n_att, n_ev;
        int err = context_for(r, a, &c, &ctx, &att, &n_att);
        if (err == 0)
                err = store_event_list(r->db, r->arena, a->id, &ev, &n_ev);
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
        json_object_set_new(o, "window_open", json_boolean(campaign_window_open(&c, r->now)));
        if (ret_problems)
                *ret_problems = json_incref(problems);
        json_object_set_new(o, "problems", problems);
        json_object_set_new(o, "warnings", warnings);
        *ret = o;
        return 0;
}

int api_reply_app(struct req *r, unsigned status, int64_t id, const struct app_scope *scope)
{
        struct app_row a;
        struct app_scope own = scope_of(r);
        json_t *o;
        int err = store_app_get(r->db, r->arena, id, scope ? scope : &own, &a);
        if (err == 0)
                err = app_full_json(r, &a, &o, NULL);
        if (err < 0)
                return api_store_error(r, err);
        return reply_json(r, status, o);
}

static int record(struct req *r, int64_t id, const char *action, const char *from, const char *to, const char *reason)
{
        return store_event_insert(r->db, id, r->now, r->user.id, role_code(r->user.role), action, from, to, reason);
}

static char *window_closed_message(struct req *r, const struct campaign *c)
{
        char open[32], close[32];
        date_format(c->apply_open, open);
        date_format(c->apply_close, close);
        return arena_printf(r->arena, "%d年申报时间为 %s 至 %s（北京时间），当前不在申报时间内", c->year, open, close);
}

int api_apps_create(struct req *r)
{
        static const struct input_field fields[] = {
                { "campaign", "申报年度", INPUT_INTEGER, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(r->json, fields, problems))
                return reply_validation(r, problems);
        json_decref(problems);
        int year = (int)json_integer_value(json_object_get(r->json, "campaign"));
        struct campaign c;
        int err = api_campaign_load(r, year, &c);
        if (err == -ENOENT)
                return reply_validation(r, json_pack("{s:s}", "campaign", "该年度的申报通知不存在"));
        if (err < 0)
                return api_store_error(r, err);
        if (r->now > beijing_day_end(c.apply_close))
                return reply_error(r, 409, "window_closed", window_closed_message(r, &c), NULL);

        char today[32];
        date_format(beijing_day_of(r->now), today);
        json_t *form = form_new(r->user.unit_name, r->user.credit_code, r->user.name, r->user.mobile, today);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        int64_t id = 0;
        err = store_begin(r->db);
        if (err == 0)
                err = store_app_insert(r->db, year, r->user.unit_id, r->user.id, text, &f, r->now, &id);
        if (err == 0)
                err = record(r, id, "create", NULL, "draft", "");
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        free(text);
        json_decref(form);
        if (err == -EEXIST)
                return reply_error(r, 409, "conflict",
                                   arena_printf(r->arena, "本单位已有 %d 年度的申报（每个单位限报 1 个项目），请在“我的申报”中继续填写",
                                                year),
                                   NULL);
        if (err < 0)
                return api_store_error(r, err);
        return api_reply_app(r, 201, id, NULL);
}

int api_apps_filter(struct req *r, struct app_filter *ret)
{
        struct app_filter f = { .scope = scope_of(r) };
        const char *campaign = req_query(r, "campaign");
        if (campaign && *campaign) {
                f.campaign = strlen(campaign) == 4 && strspn(campaign, "0123456789") == 4 ? atoi(campaign) : 0;
                if (f.campaign <= 0) {
                        reply_error(r, 400, "bad_request", "筛选条件有误", json_pack("{s:s}", "campaign", "申报年度应为四位年份"));
                        return -1;
                }
        }
        const char *status = req_query(r, "status");
        if (status && *status && !app_status_valid(status)) {
                reply_error(r, 400, "bad_request", "筛选条件有误", json_pack("{s:s}", "status", "状态不存在"));
                return -1;
        }
        f.status = status && *status ? status : NULL;
        const char *category = req_query(r, "category");
        f.category = category && *category ? category : NULL;
        const char *region = req_query(r, "region_code");
        /* the province's code means every region */
        f.region_code = region && *region && strcmp(region, "320000") != 0 ? region : NULL;
        *ret = f;
        return 0;
}

int api_apps_list(struct req *r)
{
        size_t page, per_page;
        struct app_filter f;
        if (!api_paging(r, &page, &per_page) || api_apps_filter(r, &f) < 0)
                return MHD_YES; /* replied */
        struct app_row *v;
        size_t n, total;
        int err = store_app_list(r->db, r->arena, &f, (page - 1) * per_page, per_page, &v, &n, &total);
        if (err < 0)
                return api_store_error(r, err);
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(items, app_summary_json(&v[i]));
        return reply_json(r, 200, api_page_json(items, total, page, per_page));
}

int api_app_get(struct req *r)
{
        struct app_row a;
        json_t *o;
        if (api_app_load(r, &a) < 0)
                return MHD_YES;
        int err = app_full_json(r, &a, &o, NULL);
        if (err < 0)
                return api_store_error(r, err);
        return reply_json(r, 200, o);
}

int api_app_put(struct req *r)
{
        struct app_row a;
        if (load_editable(r, &a) < 0)
                return MHD_YES;
        json_t *problems = json_object();
        if (!form_check_shape(r->json, problems))
                return reply_validation(r, problems);
        json_decref(problems);
        json_t *form = json_loads(a.form_json, 0, NULL);
        if (!form)
                return reply_internal(r);
        form_merge(form, r->json);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        int err = text ? store_app_save_form(r->db, a.id, text, &f, r->now) : -ENOMEM;
        free(text);
        json_decref(form);
        if (err == -ESTALE)
                return reply_error(r, 409, "conflict", "申报已提交并锁定，不能修改", NULL);
        if (err < 0)
                return api_store_error(r, err);
        return api_reply_app(r, 200, a.id, NULL);
}

int api_app_submit(struct req *r)
{
        struct app_row a;
        if (load_editable(r, &a) < 0)
                return MHD_YES;
        json_t *o, *problems;
        int err = app_full_json(r, &a, &o, &problems);
        if (err < 0)
                return api_store_error(r, err);
        json_decref(o);
        struct campaign c;
        err = api_campaign_load(r, a.campaign, &c);
        if (err < 0) {
                json_decref(problems);
                return api_store_error(r, err);
        }
        if (!campaign_window_open(&c, r->now)) {
                json_decref(problems);
                return reply_error(r, 409, "window_closed", window_closed_message(r, &c), NULL);
        }
        if (json_object_size(problems))
                return reply_error(r, 422, "validation_failed", "申报表尚未填写完整或有不符合要求的内容，请按提示修改后再提交",
                                   problems);
        json_decref(problems);

        struct region *regions;
        size_t nr;
        struct review_target t;
        json_t *form = json_loads(a.form_json, 0, NULL);
        struct form_facts f;
        form_facts(form, &f);
        err = store_region_list(r->db, r->arena, &regions, &nr);
        if (err == 0 && app_route(f.affiliation, f.unit_region, f.department_code, regions, nr, &t) < 0)
                err = -EINVAL;
        json_decref(form);
        if (err == -EINVAL)
                return reply_validation(r, json_pack("{s:s}", "unit.affiliation", "无法确定受理的主管部门，请检查单位隶属与申报地区"));
        if (err < 0)
                return api_store_error(r, err);
        err = store_begin(r->db);
        if (err == 0)
                err = store_app_submit(r->db, a.id, a.status, &t, r->now);
        if (err == 0)
                err = record(r, a.id, "submit", a.status, "submitted", "");
        if (err == 0)
                err = api_notify_change(r, &a, &t, "submit", a.status, "submitted", "");
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        if (err == -ESTALE)
                return reply_error(r, 409, "conflict", "申报状态已变化，请刷新后重试", NULL);
        if (err < 0)
                return api_store_error(r, err);
        return api_reply_app(r, 200, a.id, NULL);
}

int api_app_withdraw(struct req *r)
{
        struct app_row a;
        if (api_app_load(r, &a) < 0)
                return MHD_YES;
        if (a.unit_id != r->user.unit_id)
                return reply_not_found(r);
        if (strcmp(a.status, "submitted") != 0)
                return reply_error(r, 409, "conflict",
                                   strcmp(a.status, "draft") == 0 ? "申报尚未提交，无需撤回" : "审核部门已处理该申报，不能撤回",
                                   NULL);
        struct campaign c;
        int err = api_campaign_load(r, a.campaign, &c);
        if (err < 0)
                return api_store_error(r, err);
        /* after the deadline a withdrawn application could never be submitted again */
        if (!campaign_window_open(&c, r->now))
                return reply_error(r, 409, "window_closed", "申报已截止，撤回后将无法再次提交，因此不能撤回", NULL);
        err = store_begin(r->db);
        if (err == 0)
                err = store_app_set_status(r->db, a.id, "submitted", "draft", r->now);
        if (err == 0)
                err = record(r, a.id, "withdraw", "submitted", "draft", "");
        if (err == 0)
                err = store_commit(r->db);
        if (err < 0)
                store_rollback(r->db);
        if (err == -ESTALE)
                return reply_error(r, 409, "conflict", "审核部门已处理该申报，不能撤回", NULL);
        if (err < 0)
                return api_store_error(r, err);
        return api_reply_app(r, 200, a.id, NULL);
}
