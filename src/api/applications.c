/* Applications (申报表): create the unit's draft, list and read within scope, save (autosave),
 * submit to the first reviewing authority, withdraw. Every change is decided by the workflow table
 * (api_decide). A save is a compare-and-set on the application's version: never a lost update,
 * and no lock held while the form is merged. */
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
#include "util/buf.h"
#include "util/jsongen.h"
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

/* ---- the application as JSON ---- */

/* The allowed_actions of a list's items, written once per distinct set of rows: a page of 50
 * has two or three of them. */
#define ACTION_SETS 8
struct action_sets {
        size_t n;
        struct {
                const struct transition *rows[WORKFLOW_ACTIONS_MAX];
                size_t count, off, len;
        } set[ACTION_SETS];
        struct buf text;
};

static void write_actions(struct jg *w, const struct transition *const *rows, size_t n)
{
        jg_array(w);
        for (size_t i = 0; i < n; i++) {
                jg_open(w);
                JG_KEY(w, "action"), jg_str(w, rows[i]->action);
                JG_KEY(w, "label"), jg_str(w, rows[i]->label);
                JG_KEY(w, "description"), jg_str(w, rows[i]->meaning);
                JG_KEY(w, "reason_required"), jg_bool(w, rows[i]->reason_required);
                jg_close(w);
        }
        jg_array_end(w);
}

static void write_actions_once(struct jg *w, struct action_sets *s, const struct transition *const *rows, size_t n)
{
        for (size_t i = 0; s && i < s->n; i++)
                if (s->set[i].count == n && memcmp(s->set[i].rows, rows, n * sizeof rows[0]) == 0) {
                        jg_raw(w, s->text.data + s->set[i].off, s->set[i].len);
                        return;
                }
        if (!s || s->n == ACTION_SETS) {
                write_actions(w, rows, n);
                return;
        }
        struct jg fw;
        size_t off = s->text.len;
        jg_init(&fw, &s->text);
        write_actions(&fw, rows, n);
        if (!jg_ok(&fw)) {
                write_actions(w, rows, n);
                return;
        }
        s->set[s->n].count = n;
        memcpy(s->set[s->n].rows, rows, n * sizeof rows[0]);
        s->set[s->n].off = off;
        s->set[s->n].len = s->text.len - off;
        jg_raw(w, s->text.data + off, s->text.len - off);
        s->n++;
}

/* The keys every view of an application has (the list's items, and the whole application): its
 * facts, where it went, and what the caller may do with it now. *ret_editable: whether the
 * caller may change it. sets (may be NULL) shares the allowed_actions between a list's items. */
static int write_summary(struct call *c, struct jg *w, const struct app_row *a, int problems,
                         struct action_sets *sets, bool *ret_editable)
{
        struct wf_facts f;
        int err = api_facts_known(c, a, problems, &f);
        if (err < 0)
                return err;
        const struct transition *rows[WORKFLOW_ACTIONS_MAX];
        size_t n = workflow_allowed(c->user.role, &f, rows, WORKFLOW_ACTIONS_MAX);
        char authority[AUTHORITY_NAME_MAX];
        JG_KEY(w, "id"), jg_int(w, a->id);
        JG_KEY(w, "campaign"), jg_int(w, a->campaign);
        JG_KEY(w, "status"), jg_str(w, a->status);
        JG_KEY(w, "status_label"), jg_str(w, status_label(f.status, a->review_level));
        JG_KEY(w, "version"), jg_int(w, a->version);
        JG_KEY(w, "submission_no"), jg_str_or_null(w, a->submission_no);
        JG_KEY(w, "submitted_at"), jg_time(w, a->submitted_at);
        JG_KEY(w, "updated_at"), jg_time(w, a->updated_at);
        JG_KEY(w, "project_name"), jg_str(w, a->project_name);
        JG_KEY(w, "category"), jg_str(w, a->category);
        JG_KEY(w, "unit_name"), jg_str(w, a->unit_name);
        JG_KEY(w, "credit_code"), jg_str(w, a->credit_code);
        JG_KEY(w, "nature"), jg_str(w, a->nature);
        JG_KEY(w, "affiliation"), jg_str(w, a->affiliation);
        JG_KEY(w, "total_investment"), jg_money(w, a->total_investment);
        JG_KEY(w, "non_construction_investment"), jg_money(w, a->non_construction_investment);
        JG_KEY(w, "unit_region"), jg_str(w, a->unit_region);
        JG_KEY(w, "project_region"), jg_str(w, a->project_region);
        JG_KEY(w, "review"), jg_open(w);
        JG_KEY(w, "level"), jg_str_or_null(w, a->review_level);
        JG_KEY(w, "code"), jg_str_or_null(w, *a->review_region ? a->review_region : a->review_department);
        JG_KEY(w, "name"), jg_str_or_null(w, *a->review_name ? app_authority_name(a->review_level, a->review_name, authority)
                                                             : NULL);
        jg_close(w);
        JG_KEY(w, "start_month"), jg_str_or_null(w, a->start_month);
        JG_KEY(w, "end_month"), jg_str_or_null(w, a->end_month);
        JG_KEY(w, "allowed_actions");
        write_actions_once(w, sets, rows, n);
        bool editable = false;
        for (size_t i = 0; i < n; i++)
                editable = editable || strcmp(rows[i]->action, "edit") == 0;
        if (ret_editable)
                *ret_editable = editable;
        return 0;
}

json_t *api_attachment_json(const struct attachment_row *a)
{
        char at[32];
        return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id, "kind", a->kind,
                         "filename", a->filename, "size", (json_int_t)a->size, "sha256", a->sha256, "content_type",
                         a->content_type, "uploaded_at", time_format_beijing(a->created_at, at));
}

static void write_attachment(struct jg *w, const struct attachment_row *a)
{
        jg_open(w);
        JG_KEY(w, "id"), jg_int(w, a->id);
        JG_KEY(w, "kind"), jg_str(w, a->kind);
        JG_KEY(w, "filename"), jg_str(w, a->filename);
        JG_KEY(w, "size"), jg_int(w, a->size);
        JG_KEY(w, "sha256"), jg_str(w, a->sha256);
        JG_KEY(w, "content_type"), jg_str(w, a->content_type);
        JG_KEY(w, "uploaded_at"), jg_time(w, a->created_at);
        jg_close(w);
}

static void write_event(struct jg *w, const struct app_row *a, const struct event_row *e)
{
        const char *level = a->review_level;
        jg_open(w);
        JG_KEY(w, "at"), jg_time(w, e->at);
        JG_KEY(w, "user"), jg_str(w, e->user_name);
        JG_KEY(w, "role"), jg_str(w, e->role);
        JG_KEY(w, "role_label"), jg_str(w, role_label(role_parse(e->role)));
        JG_KEY(w, "action"), jg_str(w, e->action);
        JG_KEY(w, "action_label"), jg_str(w, workflow_event_label(e->role, e->action, e->from_status, e->to_status));
        JG_KEY(w, "from"), jg_str_or_null(w, e->from_status);
        JG_KEY(w, "from_label"), jg_str(w, *e->from_status ? status_label(status_parse(e->from_status), level) : NULL);
        JG_KEY(w, "to"), jg_str_or_null(w, e->to_status);
        JG_KEY(w, "status_label"), jg_str(w, *e->to_status ? status_label(status_parse(e->to_status), level) : NULL);
        JG_KEY(w, "reason"), jg_str(w, e->reason);
        jg_close(w);
}

int api_app_text(struct call *c, const struct app_row *a, struct buf *out)
{
        struct attachment_row *att;
        struct event_row *ev;
        size_t n_att, n_ev;
        json_t *form = json_loads(a->form_json, 0, NULL), *problems = NULL, *warnings = NULL;
        int err = form ? 0 : -EIO;
        if (err == 0)
                err = store_attachment_list(c->db, c->arena, a->id, &att, &n_att);
        if (err == 0)
                err = store_event_list(c->db, c->arena, a->id, &ev, &n_ev);
        if (err == 0)
                err = api_form_check(c, a, form, att, n_att, &problems, &warnings);
        struct jg jw, *w = &jw;
        jg_init(w, out);
        bool editable = false;
        if (err == 0) {
                jg_open(w);
                err = write_summary(c, w, a, (int)json_object_size(problems), NULL, &editable);
        }
        if (err == 0) {
                const char *key;
                json_t *v;
                json_object_foreach(form, key, v) {
                        jg_key(w, key);
                        jg_json(w, v);
                }
                JG_KEY(w, "attachments"), jg_array(w);
                for (size_t i = 0; i < n_att; i++)
                        write_attachment(w, &att[i]);
                jg_array_end(w);
                JG_KEY(w, "history"), jg_array(w);
                for (size_t i = 0; i < n_ev; i++)
                        write_event(w, a, &ev[i]);
                jg_array_end(w);
                JG_KEY(w, "editable"), jg_bool(w, editable);
                JG_KEY(w, "window_open"), jg_bool(w, campaign_window_open(api_campaign(a->campaign), c->now));
                JG_KEY(w, "problems"), jg_json(w, problems);
                JG_KEY(w, "warnings"), jg_json(w, warnings);
                jg_close(w);
        }
        if (err == 0 && !jg_ok(w))
                err = -ENOMEM;
        json_decref(form);
        json_decref(problems);
        json_decref(warnings);
        return err;
}

int api_finish(struct call *c, int err, unsigned status, struct buf *text, int64_t version)
{
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return api_reply_app_text(c, status, text, version);
}

int api_reply_app_text(struct call *c, unsigned status, struct buf *text, int64_t version)
{
        const struct reply_head h = { .content_type = "application/json; charset=utf-8",
                                      .etag = api_etag(c, version) };
        size_t n = text->len;
        return reply_bytes(c->req, status, &h, buf_detach(text), n);
}

static int reply_app(struct call *c, unsigned status, const struct app_row *a)
{
        struct buf b = BUF_INIT(0);
        int err = api_app_text(c, a, &b);
        if (err < 0) {
                buf_free(&b);
                return err;
        }
        return api_reply_app_text(c, status, &b, a->version);
}

/* The row after a change in this transaction, as JSON: what the caller's request left. */
static int answer_of(struct call *c, int64_t id, struct buf *out, int64_t *ret_version)
{
        struct app_row a;
        int err = reload(c, id, &a);
        if (err == 0)
                err = api_app_text(c, &a, out);
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
        struct buf out = BUF_INIT(0);
        err = text ? store_begin(c->db) : -ENOMEM;
        if (err == 0) {
                err = store_app_insert(c->db, c->year, c->user.unit_id, c->user.id, text, &f, c->now, &id);
                if (err == 0)
                        err = api_record(c, id, t->action, NULL, status_code(t->to), "");
                if (err == 0)
                        err = answer_of(c, id, &out, &version);
                if (err == -EEXIST)
                        err = api_fail(c, E_CONFLICT, workflow_refusal("create", ST_DRAFT, NULL, c->arena), NULL);
                err = api_finish(c, err, 201, &out, version);
        }
        buf_free(&out);
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

/* A page being written: each row as the store reads it. */
struct page_writer {
        struct call *c;
        struct jg *w;
        struct action_sets sets;
        size_t n, per_page;
        int64_t last_id;
        bool more;      /* a row past the page was there: there is a next page */
};

static int write_item(void *closure, const struct app_row *row, int64_t n_attachments)
{
        (void)n_attachments;
        struct page_writer *p = closure;
        if (p->n == p->per_page) {
                p->more = true;
                return 0;
        }
        jg_open(p->w);
        int err = write_summary(p->c, p->w, row, -1, &p->sets, NULL);
        jg_close(p->w);
        p->n++;
        p->last_id = row->id;
        return err;
}

int api_apps_list(struct call *c)
{
        size_t page, per_page, total = 0;
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
        struct buf b = BUF_INIT(0);
        struct jg jw;
        struct page_writer p = { .c = c, .w = &jw, .per_page = per_page, .sets = { .text = BUF_INIT(0) } };
        /* about 1 KB an item: the answer is written without growing the buffer on the way */
        err = buf_reserve(&b, per_page * 1024);
        jg_init(&jw, &b);
        jg_open(&jw);
        JG_KEY(&jw, "items"), jg_array(&jw);
        if (err == 0)
                err = store_read_begin(c->db);
        if (err == 0)
                err = store_app_list(c->db, &f, after ? 0 : (page - 1) * per_page, per_page + 1, write_item, &p);
        jg_array_end(&jw);
        if (err == 0)
                err = store_app_count(c->db, &f, &total);
        store_read_end(c->db);
        buf_free(&p.sets.text);
        JG_KEY(&jw, "total"), jg_int(&jw, (int64_t)total);
        JG_KEY(&jw, "page"), jg_int(&jw, (int64_t)page);
        JG_KEY(&jw, "per_page"), jg_int(&jw, (int64_t)per_page);
        if (after)
                JG_KEY(&jw, "after"), jg_int(&jw, f.after_id);
        /* the cursor of the next page, while there is one (the page was read one row long to know) */
        JG_KEY(&jw, "next_after");
        if (p.more)
                jg_int(&jw, p.last_id);
        else
                jg_null(&jw);
        jg_close(&jw);
        if (err == 0 && !jg_ok(&jw))
                err = -ENOMEM;
        if (err < 0) {
                buf_free(&b);
                return err;
        }
        static const struct reply_head h = { .content_type = "application/json; charset=utf-8" };
        size_t len = b.len;
        return reply_bytes(c->req, 200, &h, buf_detach(&b), len);
}

int api_app_get(struct call *c)
{
        struct app_row a;
        int err = api_app_load(c, &a);
        return err < 0 ? err : reply_app(c, 200, &a);
}

/* ---- saving: read, change, write back ---- */

static bool is_section(const char *key)
{
        static const char *const sections[] = { "cover", "unit", "project", "ownership", "declaration_accepted", NULL };
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

/* The body without what GET answers besides the form: those keys are read-only, and must come
 * back as they were (a client may PUT the object exactly as GET gave it). */
static int sections_of_body(struct call *c, const struct app_row *a, json_t **ret)
{
        json_t *out = json_object(), *extra = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(c->json, key, v) json_object_set(is_section(key) ? out : extra, key, v);
        json_object_del(extra, "version");
        if (json_object_size(extra) == 0) {
                json_decref(extra);
                *ret = out;
                return 0;
        }
        /* compare with the application as GET would answer it now */
        struct buf b = BUF_INIT(0);
        int err = api_app_text(c, a, &b);
        json_t *current = err == 0 ? json_loadb(b.data, b.len, 0, NULL) : NULL;
        buf_free(&b);
        if (!current) {
                json_decref(out);
                json_decref(extra);
                return err < 0 ? err : -EIO;
        }
        json_t *problems = json_object();
        json_object_foreach(extra, key, v) {
                json_t *now = json_object_get(current, key);
                if (!now)
                        json_object_set(out, key, v);   /* not read-only, just unknown: the shape check says so */
                else if (!same_json(v, now))
                        json_object_set_new(problems, key,
                                            json_string(arena_printf(c->arena, "“%s”为只读字段，不能修改（如申报已在别处更改，请刷新后重试）",
                                                                     key)));
        }
        json_decref(current);
        json_decref(extra);
        if (json_object_size(problems)) {
                json_decref(out);
                return api_invalid(c, problems);
        }
        json_decref(problems);
        *ret = out;
        return 0;
}

/* The row as a successful save left it: the form and its facts, one version more. */
static void saved_row(struct call *c, struct app_row *a, const char *form_text, const struct form_facts *f)
{
        a->form_json = arena_strdup(c->arena, form_text);
        a->project_name = arena_strdup(c->arena, f->project_name);
        a->category = arena_strdup(c->arena, f->category);
        a->nature = arena_strdup(c->arena, f->unit_nature);
        a->affiliation = arena_strdup(c->arena, f->affiliation);
        a->unit_region = arena_strdup(c->arena, f->unit_region);
        a->project_region = arena_strdup(c->arena, f->project_region);
        a->start_month = arena_strdup(c->arena, f->start_month);
        a->end_month = arena_strdup(c->arena, f->end_month);
        a->total_investment = f->total_investment;
        a->non_construction_investment = f->non_construction_investment;
        a->version++;
        a->updated_at = c->now;
}

/* One save: the form as it is now, the sections sent merged in, written back if it is still the
 * version it was read at (-ESTALE if not). *body is made on the first try. */
static int save_once(struct call *c, int64_t expected, struct app_row *a, json_t **body)
{
        const struct transition *t;
        int err = api_app_load(c, a);
        if (err == 0)
                err = api_decide(c, a, "edit", NULL, &t);
        if (err == 0 && expected && expected != a->version)
                err = api_fail_stale(c,
                                     arena_printf(c->arena, "申报已在别处保存过（您读取的是第 %lld 版，当前为第 %lld 版），请刷新后再修改",
                                                  (long long)expected, (long long)a->version),
                                     a->version);
        if (err == 0 && !*body) {
                err = sections_of_body(c, a, body);
                json_t *problems = json_object();
                if (err == 0 && !form_check_shape(*body, problems))
                        err = api_invalid(c, json_incref(problems));
                json_decref(problems);
        }
        json_t *form = err == 0 ? json_loads(a->form_json, 0, NULL) : NULL;
        if (err == 0 && !form)
                err = -EIO;
        if (err < 0)
                return err;
        form_merge(form, *body);
        struct form_facts f;
        form_facts(form, &f);
        char *text = json_dumps(form, JSON_COMPACT | JSON_REAL_PRECISION(15));
        err = text ? store_app_save_form(c->db, a->id, a->version, status_editable(), text, &f, c->now) : -ENOMEM;
        if (err == 0)
                saved_row(c, a, text, &f);
        free(text);
        json_decref(form);
        return err;
}

/* Sections sent are merged into the form as it is in the database at the moment of writing, so
 * no section anyone sent and got a 200 for is ever lost: this process's saves take their turn
 * (store_begin), and the write is a compare-and-set on the version it was merged onto, retried on
 * a fresh read when another node saved in between. A client that says which version it read
 * (If-Match, "version") gets 409 instead of a merge onto someone else's. The answer is the row as
 * this save left it, made after the write lock is let go. */
#define SAVE_TRIES 8

int api_app_put(struct call *c)
{
        struct app_row a;
        int64_t expected = 0;
        json_t *body = NULL;
        int err = api_expected_version(c, &expected);
        for (int attempt = 0; err == 0 && attempt < SAVE_TRIES; attempt++) {
                err = store_begin(c->db);
                if (err < 0)
                        break;
                err = save_once(c, expected, &a, &body);
                if (err == 0)
                        err = store_commit(c->db);
                if (err < 0)
                        store_rollback(c->db);
                if (err == -ESTALE && !expected && attempt + 1 < SAVE_TRIES)
                        err = 0;        /* someone saved meanwhile: merge onto theirs */
                else
                        break;
        }
        json_decref(body);
        if (err == -ESTALE)
                return api_fail(c, E_CONFLICT, "申报已被他人更改或已提交，请刷新后再修改", NULL);
        return err < 0 ? err : reply_app(c, 200, &a);
}

/* ---- submit and withdraw ---- */

static int submit(struct call *c, struct buf *out, int64_t *ret_version)
{
        struct app_row a;
        const struct transition *t;
        int err = api_app_load(c, &a);
        if (err == 0)
                err = api_decide(c, &a, "submit", NULL, &t);      /* the window, then a complete form */
        if (err < 0)
                return err;

        const struct region *regions;
        size_t nr;
        struct review_target target;
        json_t *form = json_loads(a.form_json, 0, NULL);
        struct form_facts f;
        form_facts(form, &f);
        err = api_regions(&regions, &nr);
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
                err = answer_of(c, a.id, out, ret_version);
        return err;
}

int api_app_submit(struct call *c)
{
        struct buf out = BUF_INIT(0);
        int64_t version = 0;
        /* checked and moved in one write transaction: a save cannot slip in between */
        int err = store_begin(c->db);
        if (err == 0) {
                err = submit(c, &out, &version);
                err = api_finish(c, err, 200, &out, version);
        }
        buf_free(&out);
        return err;
}

int api_act(struct call *c, const char *action, const char *reason)
{
        struct app_row a;
        const struct transition *t;
        struct buf out = BUF_INIT(0);
        int64_t version = 0;
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = api_app_load(c, &a);
        if (err == 0)
                err = api_decide(c, &a, action, reason, &t);
        const char *to = err == 0 ? status_code(t->to) : NULL;
        if (err == 0)
                err = store_app_set_status(c->db, a.id, a.status, to, workflow_reopened(t, a.reopened_local), c->now);
        if (err == 0)
                err = api_record(c, a.id, t->action, a.status, to, reason);
        if (err == 0)
                err = api_notify_change(c, &a, NULL, t->action, a.status, to, reason ? reason : "");
        if (err == 0)
                err = answer_of(c, a.id, &out, &version);
        err = api_finish(c, err, 200, &out, version);
        buf_free(&out);
        return err;
}

int api_app_withdraw(struct call *c)
{
        return api_act(c, "withdraw", NULL);
}
