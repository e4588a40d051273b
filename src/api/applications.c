/* Applications (申报表): create the unit's draft, list and read within scope, save (autosave),
 * submit to the first reviewing authority, withdraw. Every change is decided by the workflow table
 * (api_decide) and made inside one write transaction that also reads what it answers. */
#include <errno.h>
#include <math.h>
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

int api_app_load(struct call *c, struct app_row *ret)
{
        struct app_scope scope = api_scope(c);
        return store_app_get(c->db, c->arena, c->id, &scope, ret);
}

/* The application after the caller acted on it: answered even if it has left their list (a city's
 * return sends it back to the county). */
static int reload(struct call *c, int64_t id, struct app_row *ret)
{
        struct app_scope any = { .kind = SCOPE_ALL, .statuses = STATUSES_ALL };
        return store_app_get(c->db, c->arena, id, &any, ret);
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

static json_t *str_or_null(const char *s)
{
        return s && *s ? json_string(s) : json_null();
}

/* The list view of an application: no form, no attachments; what the caller may do with it now. */
static int app_summary_json(struct call *c, const struct app_row *a, json_t **ret)
{
        json_t *actions;
        int err = api_allowed_json(c, a, &actions);
        if (err < 0)
                return err;
        char buf[AUTHORITY_NAME_MAX];
        *ret = json_pack("{s:I, s:i, s:s, s:s, s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s,"
                         " s:{s:o, s:o, s:o}, s:o, s:o, s:o}",
                         "id", (json_int_t)a->id, "campaign", a->campaign, "status", a->status,
                         "status_label", status_label(status_parse(a->status), a->review_level),
                         "version", (json_int_t)a->version,
                         "submission_no", str_or_null(a->submission_no),
                         "submitted_at", time_json(a->submitted_at), "updated_at", time_json(a->updated_at),
                         "project_name", a->project_name, "category", a->category, "unit_name", a->unit_name,
                         "credit_code", a->credit_code, "nature", a->nature, "affiliation", a->affiliation,
                         "total_investment", money_json(a->total_investment),
                         "non_construction_investment", money_json(a->non_construction_investment),
                         "unit_region", a->unit_region, "project_region", a->project_region,
                         "review", "level", str_or_null(a->review_level),
                         "code", *a->review_region ? json_string(a->review_region) : str_or_null(a->review_department),
                         "name", *a->review_name ? json_string(app_authority_name(a->review_level, a->review_name, buf))
                                                 : json_null(),
                         "start_month", str_or_null(a->start_month), "end_month", str_or_null(a->end_month),
                         "allowed_actions", actions);
        return *ret ? 0 : -ENOMEM;
}

json_t *api_attachment_json(const struct attachment_row *a)
{
        char at[32];
        return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id, "kind", a->kind,
                         "filename", a->filename, "size", (json_int_t)a->size, "sha256", a->sha256, "content_type",
                         a->content_type, "uploaded_at", time_format_beijing(a->created_at, at));
}

static json_t *event_json(const struct app_row *a, const struct event_row *e)
{
        char at[32];
        const char *level = a->review_level;
        return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s}", "at", time_format_beijing(e->at, at),
                         "user", e->user_name, "role", e->role, "action", e->action, "action_label",
                         workflow_event_label(e->role, e->action, e->from_status, e->to_status), "from",
                         str_or_null(e->from_status), "from_label",
                         *e->from_status ? json_string(status_label(status_parse(e->from_status), level)) : json_null(),
                         "to", str_or_null(e->to_status), "status_label",
                         *e->to_status ? json_string(status_label(status_parse(e->to_status), level)) : json_null(),
                         "reason", e->reason, "role_label", role_label(role_parse(e->role)));
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

int api_app_full_json(struct call *c, const struct app_row *a, json_t **ret, json_t **ret_problems)
{
        struct form_context ctx;
        struct attachment_row *att;
        struct event_row *ev;
        size_t n_att, n_ev;
        json_t *o = NULL;
        int err = context_for(c, a, &ctx, &att, &n_att);
        if (err == 0)
                err = store_event_list(c->db, c->arena, a->id, &ev, &n_ev);
        if (err == 0)
                err = app_summary_json(c, a, &o);
        json_t *form = err == 0 ? json_loads(a->form_json, 0, NULL) : NULL;
        if (!form) {
                json_decref(o);
                return err < 0 ? err : -EIO;
        }
        json_t *problems = json_object(), *warnings = json_object();
        form_check(form, &ctx, problems, warnings);
        const char *key;
        json_t *v;
        json_object_foreach(form, key, v) json_object_set(o, key, v);
        json_decref(form);

        json_t *attachments = json_array(), *history = json_array();
        for (size_t i = 0; i < n_att; i++)
                json_array_append_new(attachments, api_attachment_json(&att[i]));
        for (size_t i = 0; i < n_ev; i++)
                json_array_append_new(history, event_json(a, &ev[i]));
        bool editable = false;
        size_t i;
        json_array_foreach(json_object_get(o, "allowed_actions"), i, v)
                editable = editable || strcmp(json_string_value(json_object_get(v, "action")), "edit") == 0;
        json_object_set_new(o, "attachments", attachments);
        json_object_set_new(o, "history", history);
        json_object_set_new(o, "editable", json_boolean(editable));
        json_object_set_new(o, "window_open", json_boolean(campaign_window_open(ctx.campaign, c->now)));
        if (ret_problems)
                *ret_problems = json_incref(problems);
        json_object_set_new(o, "problems", problems);
        json_object_set_new(o, "warnings", warnings);
        *ret = o;
        return 0;
}

int api_reply_app_json(struct call *c, unsigned status, json_t *o, int64_t version)
{
        char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
        json_decref(o);
        if (!text)
                return -ENOMEM;
        const struct reply_head h = { .content_type = "application/json; charset=utf-8",
                                      .etag = api_etag(c, version) };
        return reply_bytes(c->req, status, &h, text, strlen(text));
}

/* The row after a change in this transaction, as JSON: what the caller's request left. */
static int answer_of(struct call *c, int64_t id, json_t **ret, int64_t *ret_version)
{
        struct app_row a;
        int err = reload(c, id, &a);
        if (err == 0)
                err = api_app_full_json(c, &a, ret, NULL);
        if (err == 0)
                *ret_version = a.version;
        return err;
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
        /* the new application's call: its facts and gates are this year's */
        c->year = (int)json_integer_value(json_object_get(c->json, "campaign"));
        if (!api_campaign(c->year))
                return api_invalid(c, json_pack("{s:s}", "campaign", "该年度的申报通知不存在"));
        const struct transition *t;
        int err = api_decide(c, NULL, "create", NULL, &t);
        if (err < 0)
                return err;

        char today[32];
        date_format(beijing_day_of(c->now), today);
        json_t *form = form_new(c->user.unit_name, c->user.credit_code, c->user.name, c->user.mobile, today);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        int64_t id = 0, version = 0;
        json_t *o = NULL;
        err = text ? store_begin(c->db) : -ENOMEM;
        if (err == 0) {
                err = store_app_insert(c->db, c->year, c->user.unit_id, c->user.id, text, &f, c->now, &id);
                if (err == 0)
                        err = api_record(c, id, t->action, NULL, status_code(t->to), "");
                if (err == 0)
                        err = answer_of(c, id, &o, &version);
                if (err == -EEXIST)
                        err = api_fail(c, E_CONFLICT, workflow_refusal("create", ST_DRAFT, NULL, c->arena), NULL);
                err = api_finish(c, err, 201, o, version);
        }
        free(text);
        json_decref(form);      /* after the insert: the facts point into it */
        return err;
}

int api_apps_filter(struct call *c, struct app_filter *ret)
{
        struct app_filter f = { .scope = api_scope(c) };
        const char *campaign = api_query(c, "campaign");
        if (campaign) {
                f.campaign = strlen(campaign) == 4 && strspn(campaign, "0123456789") == 4 ? atoi(campaign) : 0;
                if (f.campaign <= 0)
                        return api_fail(c, E_BAD_REQUEST, "筛选条件有误", json_pack("{s:s}", "campaign", "申报年度应为四位年份"));
        }
        const char *status = api_query(c, "status");
        if (status) {
                if (status_parse(status) == ST_NONE)
                        return api_fail(c, E_BAD_REQUEST, "筛选条件有误", json_pack("{s:s}", "status", "状态不存在"));
                workflow_scope_narrow(&f.scope, status_parse(status));
        }
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
        /* ?after=<id>: the page after that id (keyset paging: as fast on page 1,000 as on page 1) */
        const char *after = api_query(c, "after");
        if (after) {
                char *end;
                long long v = strtoll(after, &end, 10);
                if (*end || v < 0 || strlen(after) > 15)
                        return api_fail(c, E_BAD_REQUEST, "分页参数有误", json_pack("{s:s}", "after", "after 应为申报编号（非负整数）"));
                f.after_id = v;
        }
        struct app_row *v;
        size_t n, total;
        err = store_app_list(c->db, c->arena, &f, after ? 0 : (page - 1) * per_page, per_page, &v, &n, &total);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t i = 0; i < n && err == 0; i++) {
                json_t *o;
                err = app_summary_json(c, &v[i], &o);
                if (err == 0)
                        json_array_append_new(items, o);
        }
        if (err < 0) {
                json_decref(items);
                return err;
        }
        json_t *body = api_page_json(items, total, page, per_page);
        if (after)
                json_object_set_new(body, "after", json_integer(f.after_id));
        json_object_set_new(body, "next_after", n == per_page ? json_integer(v[n - 1].id) : json_null());
        return api_json(c, 200, body);
}

int api_app_get(struct call *c)
{
        struct app_row a;
        json_t *o;
        int err = api_app_load(c, &a);
        if (err == 0)
                err = api_app_full_json(c, &a, &o, NULL);
        return err < 0 ? err : api_reply_app_json(c, 200, o, a.version);
}

/* ---- saving: read, change, write back ---- */

static const char *const sections[] = { "cover", "unit", "project", "ownership", "declaration_accepted", NULL };

static bool is_section(const char *key)
{
        for (const char *const *s = sections; *s; s++)
                if (strcmp(*s, key) == 0)
                        return true;
        return false;
}

/* Equal as the client sees JSON: 1200 and 1200.0 are the same number. */
static bool same_json(json_t *a, json_t *b)
{
        if (json_is_number(a) && json_is_number(b))
                return fabs(json_number_value(a) - json_number_value(b)) < 1e-9;
        if (json_is_object(a) && json_is_object(b)) {
                if (json_object_size(a) != json_object_size(b))
                        return false;
                const char *k;
                json_t *v;
                json_object_foreach(a, k, v) {
                        json_t *w = json_object_get(b, k);
                        if (!w || !same_json(v, w))
                                return false;
                }
                return true;
        }
        if (json_is_array(a) && json_is_array(b)) {
                if (json_array_size(a) != json_array_size(b))
                        return false;
                for (size_t i = 0; i < json_array_size(a); i++)
                        if (!same_json(json_array_get(a, i), json_array_get(b, i)))
                                return false;
                return true;
        }
        return json_equal(a, b);
}

/* The version the client read: If-Match ("v12", W/"v12", *) or the body's "version". 0 = none. */
static int expected_version(struct call *c, int64_t *ret)
{
        int64_t header = 0, body = 0;
        const char *im = req_header(c->req, "If-Match");
        if (im && strcmp(im, "*") != 0) {
                const char *p = strncmp(im, "W/", 2) == 0 ? im + 2 : im;
                char *end = NULL;
                if (p[0] == '"' && p[1] == 'v')
                        header = strtoll(p + 2, &end, 10);
                if (header <= 0 || !end || strcmp(end, "\"") != 0)
                        return api_fail(c, E_BAD_REQUEST, "If-Match 应为本申报的 ETag，如 \"v3\"", NULL);
        }
        json_t *v = json_object_get(c->json, "version");
        if (v && (!json_is_integer(v) || json_integer_value(v) <= 0))
                return api_invalid(c, json_pack("{s:s}", "version", "版本号应为正整数（取自读取申报时的 version）"));
        body = v ? json_integer_value(v) : 0;
        if (header && body && header != body)
                return api_fail(c, E_BAD_REQUEST, "If-Match 与请求体中的 version 不一致", NULL);
        *ret = header ? header : body;
        return 0;
}

/* Splits the body: the form's sections to write; every other key GET answers is read-only and
 * must come back as it was. */
static int split_body(struct call *c, const struct app_row *a, json_t **ret_sections)
{
        json_t *current;
        int err = api_app_full_json(c, a, &current, NULL);
        if (err < 0)
                return err;
        json_t *out = json_object(), *problems = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(c->json, key, v) {
                json_t *now = json_object_get(current, key);
                if (is_section(key) || !now)
                        json_object_set(out, key, v);   /* unknown keys: the shape check names them */
                else if (strcmp(key, "version") != 0 && !same_json(v, now))
                        json_object_set_new(problems, key,
                                            json_string(arena_printf(c->arena, "“%s”为只读字段，不能修改（如申报已在别处更改，请刷新后重试）",
                                                                     key)));
        }
        json_decref(current);
        if (json_object_size(problems)) {
                json_decref(out);
                return api_invalid(c, problems);
        }
        json_decref(problems);
        *ret_sections = out;
        return 0;
}

static int save(struct call *c, json_t **ret, int64_t *ret_version)
{
        struct app_row a;
        const struct transition *t;
        int64_t expected = 0;
        int err = api_app_load(c, &a);
        if (err == 0)
                err = api_decide(c, &a, "edit", NULL, &t);
        if (err == 0)
                err = expected_version(c, &expected);
        if (err < 0)
                return err;
        if (expected && expected != a.version)
                return api_fail_stale(c,
                                      arena_printf(c->arena, "申报已在别处保存过（您读取的是第 %lld 版，当前为第 %lld 版），请刷新后再修改",
                                                   (long long)expected, (long long)a.version),
                                      a.version);
        json_t *body = NULL;
        err = split_body(c, &a, &body);
        if (err < 0)
                return err;
        json_t *problems = json_object();
        if (!form_check_shape(body, problems)) {
                json_decref(body);
                return api_invalid(c, problems);
        }
        json_decref(problems);
        json_t *form = json_loads(a.form_json, 0, NULL);
        if (!form) {
                json_decref(body);
                return -EIO;
        }
        form_merge(form, body);
        json_decref(body);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        err = text ? store_app_save_form(c->db, a.id, a.version, status_editable(), text, &f, c->now) : -ENOMEM;
        free(text);
        json_decref(form);
        if (err == 0)
                err = answer_of(c, a.id, ret, ret_version);
        return err;
}

int api_app_put(struct call *c)
{
        json_t *o = NULL;
        int64_t version = 0;
        /* read, merge and write in one write transaction: a save never loses another one's sections */
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = save(c, &o, &version);
        return api_finish(c, err, 200, o, version);
}

/* ---- submit and withdraw ---- */

static int submit(struct call *c, json_t **ret, int64_t *ret_version)
{
        struct app_row a;
        const struct transition *t;
        json_t *o, *problems;
        int err = api_app_load(c, &a);
        if (err == 0)
                err = api_decide(c, &a, "submit", NULL, &t);
        if (err == 0)
                err = api_app_full_json(c, &a, &o, &problems);
        if (err < 0)
                return err;
        json_decref(o);
        if (json_object_size(problems))
                return api_fail(c, E_VALIDATION_FAILED, "申报表尚未填写完整或有不符合要求的内容，请按提示修改后再提交",
                                problems);
        json_decref(problems);

        struct region *regions;
        size_t nr;
        struct review_target target;
        json_t *form = json_loads(a.form_json, 0, NULL);
        struct form_facts f;
        form_facts(form, &f);
        err = store_region_list(c->db, c->arena, &regions, &nr);
        if (err == 0 && app_route(f.affiliation, f.unit_region, f.department_code, regions, nr, &target) < 0)
                err = api_invalid(c, json_pack("{s:s}", "unit.affiliation", "无法确定受理的主管部门，请检查单位隶属与申报地区"));
        json_decref(form);
        const char *to = status_code(t->to);
        if (err == 0)
                err = store_app_submit(c->db, a.id, a.status, to, &target, c->now);
        if (err == 0)
                err = api_record(c, a.id, t->action, a.status, to, "");
        if (err == 0)
                err = api_notify_change(c, &a, &target, t->action, a.status, to, "");
        if (err == 0)
                err = answer_of(c, a.id, ret, ret_version);
        return err;
}

int api_app_submit(struct call *c)
{
        json_t *o = NULL;
        int64_t version = 0;
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = submit(c, &o, &version);
        return api_finish(c, err, 200, o, version);
}

/* A change of status only, as the row says: withdraw, and the reviewers' actions. */
int api_act(struct call *c, const char *action, const char *reason)
{
        struct app_row a;
        const struct transition *t;
        json_t *o = NULL;
        int64_t version = 0;
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = api_app_load(c, &a);
        if (err == 0)
                err = api_decide(c, &a, action, reason, &t);
        const char *to = err == 0 ? status_code(t->to) : NULL;
        if (err == 0)
                err = store_app_set_status(c->db, a.id, a.status, to, c->now);
        if (err == 0)
                err = api_record(c, a.id, t->action, a.status, to, reason);
        if (err == 0)
                err = api_notify_change(c, &a, NULL, t->action, a.status, to, reason ? reason : "");
        if (err == 0)
                err = answer_of(c, a.id, &o, &version);
        return api_finish(c, err, 200, o, version);
}

int api_app_withdraw(struct call *c)
{
        return api_act(c, "withdraw", NULL);
}
