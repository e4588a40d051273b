/* Who may review what, and who does: the conflicts of interest of the call (computed by
 * domain/conflict.c from the experts' units and the forms' units, plus those declared or marked),
 * an assignment made by hand (POST /api/v1/assignments), the automatic draw
 * (POST …/assignments/auto, domain/draw.c: a min-cost flow with its seed recorded), the draws made,
 * the review's progress and reminders. The first assignment moves an application to expert review
 * through the workflow table's "assign" row. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "domain/campaign.h"
#include "domain/conflict.h"
#include "domain/draw.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define SEED_MAX_CHARS 64

/* ---- the call's experts and projects as conflict_check sees them ---- */

struct pool {
        struct expert_row *rows;
        size_t n;
        struct conflict_expert *views;
        uint32_t *specialties;          /* bit per category index of the call */
};

struct project {
        struct app_row row;
        int category;
        struct conflict_project units;
};

struct projects {
        struct call *c;
        const struct campaign *cp;
        struct project *v;
        size_t n, alloc;
};

static int category_index(const struct campaign *cp, const char *code)
{
        for (size_t i = 0; i < cp->n_categories; i++)
                if (strcmp(cp->categories[i].code, code) == 0)
                        return (int)i;
        return -1;
}

static const char *city_code(const char *region_code)
{
        const struct region *regions;
        size_t n;
        if (api_regions(&regions, &n) < 0)
                return NULL;
        const struct region *r = region_find(regions, n, region_code);
        const struct region *city = r ? region_city_of(regions, n, r) : NULL;
        return city ? city->code : NULL;
}

static int load_pool(struct call *c, const struct campaign *cp, struct pool *p)
{
        int err = store_expert_list(c->db, c->arena, cp->year, &p->rows, &p->n);
        if (err < 0)
                return err;
        p->views = arena_alloc(c->arena, (p->n ? p->n : 1) * sizeof *p->views);
        p->specialties = arena_alloc(c->arena, (p->n ? p->n : 1) * sizeof *p->specialties);
        for (size_t i = 0; i < p->n; i++) {
                const struct expert_row *e = &p->rows[i];
                json_t *former = json_loads(e->former_units_json, 0, NULL), *spec = json_loads(e->specialties_json, 0, NULL);
                size_t nf = json_array_size(former), k;
                json_t *v;
                struct conflict_former_unit *f = arena_alloc(c->arena, (nf ? nf : 1) * sizeof *f);
                json_array_foreach(former, k, v) {
                        f[k].unit.name = arena_strdup(c->arena, json_string_value(json_object_get(v, "name")));
                        f[k].unit.credit_code = arena_strdup(c->arena, json_string_value(json_object_get(v, "credit_code")));
                        if (month_parse(json_string_value(json_object_get(v, "until")), &f[k].until) < 0)
                                f[k].until = 0;
                }
                json_array_foreach(spec, k, v) {
                        int ci = category_index(cp, json_string_value(v));
                        if (ci >= 0)
                                p->specialties[i] |= 1u << ci;
                }
                p->views[i] = (struct conflict_expert){ .unit = { e->unit, e->credit_code }, .former = f, .n_former = nf,
                                                        .city_code = city_code(e->region_code) };
                json_decref(former);
                json_decref(spec);
        }
        return 0;
}

static int add_project(void *closure, const struct app_row *row, int64_t n_attachments)
{
        (void)n_attachments;
        struct projects *ps = closure;
        struct arena *a = ps->c->arena;
        struct project *p = arena_push(a, (void **)&ps->v, &ps->n, &ps->alloc, sizeof *ps->v);
        p->row = *row;
        p->row.project_name = arena_strdup(a, row->project_name);
        p->row.category = arena_strdup(a, row->category);
        p->row.unit_name = arena_strdup(a, row->unit_name);
        p->row.submission_no = arena_strdup(a, row->submission_no);
        p->row.unit_region = arena_strdup(a, row->unit_region);
        p->category = category_index(ps->cp, row->category);
        json_t *form = json_loads(row->form_json, 0, NULL);
        conflict_project_from_form(form, a, &p->units);
        p->units.city_code = city_code(row->unit_region);
        p->row.form_json = NULL;
        json_decref(form);
        return 0;
}

/* The call's applications in the given statuses, with their units, in id order. */
static int load_projects(struct call *c, const struct campaign *cp, status_set statuses, struct projects *ps)
{
        *ps = (struct projects){ .c = c, .cp = cp };
        struct app_filter f = { .scope = { .kind = SCOPE_ALL, .statuses = statuses }, .campaign = cp->year };
        int64_t after = 0;
        for (;;) {
                size_t before = ps->n;
                int err = store_app_each(c->db, &f, after, 500, add_project, ps);
                if (err < 0)
                        return err;
                if (ps->n == before)
                        return 0;
                after = ps->v[ps->n - 1].row.id;
        }
}

static struct conflict_rules rules_of(struct call *c, const struct campaign *cp)
{
        int32_t day = beijing_day_of(c->now), month = 0;
        char d[32], m[8];
        date_format(day, d);
        snprintf(m, sizeof m, "%.7s", d);
        month_parse(m, &month);
        return (struct conflict_rules){ .conflict_years = cp->evaluation.conflict_years,
                                        .same_city_conflict = cp->evaluation.same_city_conflict, .month = month };
}

/* The declared and marked conflicts, looked up by pair. */
struct marks {
        struct conflict_mark_row *v;
        size_t n;
};

static const struct conflict_mark_row *mark_of(const struct marks *m, int64_t expert_id, int64_t app_id)
{
        for (size_t i = 0; i < m->n; i++)
                if (m->v[i].expert_id == expert_id && m->v[i].application_id == app_id)
                        return &m->v[i];
        return NULL;
}

/* Why expert i may not review project p (CONFLICT_NONE if nothing stops it), with the detail. */
static enum conflict_reason pair_conflict(const struct pool *pool, size_t i, const struct project *p,
                                          const struct marks *marks, const struct conflict_rules *rules, char *detail,
                                          size_t cap)
{
        const struct conflict_mark_row *m = mark_of(marks, pool->rows[i].id, p->row.id);
        if (m) {
                snprintf(detail, cap, "%s", m->comment);
                return conflict_parse(m->reason);
        }
        return conflict_check(&pool->views[i], &p->units, rules, detail, cap);
}

static const struct campaign *evaluation_campaign(struct call *c, int *err)
{
        const struct campaign *cp;
        *err = api_campaign_of_path(c, &cp);
        if (*err == 0 && !cp->has_evaluation)
                *err = api_fail(c, E_CONFLICT, "本年度申报未设置评审规则", NULL);
        return *err == 0 ? cp : NULL;
}

static status_set drawable(void)
{
        return STATUS_BIT(ST_FORMAL_PASSED) | STATUS_BIT(ST_EXPERT_REVIEW);
}

/* GET /api/v1/campaigns/{year}/conflicts: every expert × application pair of the review (formal
 * check passed, or in expert review) that may not be assigned, with its reason. */
int api_conflicts_list(struct call *c)
{
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        struct pool pool;
        struct projects ps;
        struct marks marks;
        struct assignment_row *assigned;
        size_t n_assigned;
        struct assignment_filter af = { .campaign = cp ? cp->year : 0, .active_only = true };
        if (err == 0)
                err = load_pool(c, cp, &pool);
        if (err == 0)
                err = load_projects(c, cp, drawable(), &ps);
        if (err == 0)
                err = store_conflict_mark_list(c->db, c->arena, cp->year, &marks.v, &marks.n);
        if (err == 0)
                err = store_assignment_list(c->db, c->arena, &af, &assigned, &n_assigned);
        if (err < 0)
                return err;
        struct conflict_rules rules = rules_of(c, cp);
        json_t *items = json_array();
        size_t still_assigned = 0;
        char detail[256];
        for (size_t k = 0; k < ps.n; k++)
                for (size_t i = 0; i < pool.n; i++) {
                        enum conflict_reason r = pair_conflict(&pool, i, &ps.v[k], &marks, &rules, detail, sizeof detail);
                        if (r == CONFLICT_NONE)
                                continue;
                        json_t *item = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s}", "expert_id",
                                                 (json_int_t)pool.rows[i].id, "expert_name", pool.rows[i].name,
                                                 "application_id", (json_int_t)ps.v[k].row.id, "project_name",
                                                 ps.v[k].row.project_name, "reason", conflict_code(r), "reason_label",
                                                 conflict_label(r), "detail", detail);
                        const struct conflict_mark_row *m = mark_of(&marks, pool.rows[i].id, ps.v[k].row.id);
                        if (m)
                                json_object_set_new(item, "mark_id", json_integer(m->id));
                        /* a conflict found after the pair was assigned (a unit or a former unit
                         * edited, a mark made later): the office must take the expert off */
                        for (size_t j = 0; j < n_assigned; j++)
                                if (assigned[j].expert_id == pool.rows[i].id && assigned[j].application_id == ps.v[k].row.id) {
                                        json_object_set_new(item, "assignment_id", json_integer(assigned[j].id));
                                        still_assigned++;
                                }
                        json_array_append_new(items, item);
                }
        return api_json(c, 200, json_pack("{s:o, s:I, s:I}", "items", items, "total", (json_int_t)json_array_size(items),
                                          "assigned", (json_int_t)still_assigned));
}

/* POST /api/v1/campaigns/{year}/conflicts (addition): the office marks a pair it knows of. */
int api_conflicts_mark(struct call *c)
{
        static const struct input_field fields[] = {
                { "expert_id", "专家", INPUT_INTEGER, true },
                { "application_id", "申报项目", INPUT_INTEGER, true },
                { "comment", "回避理由", INPUT_STRING, true },
                { 0 },
        };
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        if (err < 0)
                return err;
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        const char *comment = input_str(c->json, "comment");
        if (strspn(comment, " \t\r\n") == strlen(comment))
                json_object_set_new(problems, "comment", json_string("请填写回避理由"));
        else if (utf8_count(comment) > 500)
                json_object_set_new(problems, "comment", json_string("回避理由不超过 500 字"));
        struct conflict_mark_row m = { .campaign = cp->year,
                                       .expert_id = json_integer_value(json_object_get(c->json, "expert_id")),
                                       .application_id = json_integer_value(json_object_get(c->json, "application_id")),
                                       .reason = "marked", .comment = (char *)comment, .created_by = c->user.id,
                                       .created_at = c->now };
        struct expert_row e;
        struct app_row a;
        struct app_scope all = { .kind = SCOPE_ALL, .statuses = STATUSES_ALL };
        if (json_object_size(problems) == 0 && store_expert_get(c->db, c->arena, cp->year, m.expert_id, &e) < 0)
                json_object_set_new(problems, "expert_id", json_string("专家库中没有该专家"));
        if (json_object_size(problems) == 0 &&
            (store_app_get(c->db, c->arena, m.application_id, &all, &a) < 0 || a.campaign != cp->year))
                json_object_set_new(problems, "application_id", json_string("本年度没有该申报"));
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        int64_t id;
        err = store_conflict_mark_insert(c->db, &m, &id);
        if (err == -EEXIST)
                return api_fail(c, E_CONFLICT, "该专家与该项目已标记回避", NULL);
        if (err < 0)
                return err;
        return api_json(c, 201, json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "expert_id",
                                          (json_int_t)m.expert_id, "application_id", (json_int_t)m.application_id,
                                          "reason", "marked", "comment", comment));
}

/* DELETE /api/v1/campaigns/{year}/conflicts/{id} (addition): a mark the office made, taken back
 * (a conflict the expert declared stays). */
int api_conflicts_unmark(struct call *c)
{
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        if (err == 0)
                err = store_conflict_mark_delete(c->db, cp->year, c->id);
        return err < 0 ? err : reply_empty(c->req, 204);
}

/* ---- assigning ---- */

/* Moves the application to expert review by the table's "assign" row, when its first expert
 * arrives (formal_passed → expert_review; already there: the row keeps it). */
static int enter_review(struct call *c, const struct app_row *a)
{
        const struct transition *t;
        int err = api_decide(c, a, "assign", NULL, &t);
        if (err < 0 || t->to == status_parse(a->status))
                return err;
        const char *to = status_code(t->to);
        err = store_app_set_status(c->db, a->id, a->status, to, a->reopened_local, c->now);
        if (err == 0)
                err = api_record(c, a->id, t->action, a->status, to, "");
        return err;
}

/* app_id: the one application when there is one (0 for several) */
static int tell_expert(struct call *c, int64_t expert_id, size_t n, int64_t app_id, const char *project_name)
{
        return api_notify_expert(c, expert_id, n == 1 ? app_id : 0, "assigned", "收到新的评审任务",
                                 n == 1 ? arena_printf(c->arena, "省信息化办请您评审项目“%s”，请在“我的评审”中查看申报材料并评分。", project_name)
                                        : arena_printf(c->arena, "省信息化办请您评审 %zu 个项目，请在“我的评审”中查看申报材料并评分。", n));
}

/* POST /api/v1/assignments: one expert on one application, by hand. */
int api_assignments_create(struct call *c)
{
        static const struct input_field fields[] = {
                { "application_id", "申报项目", INPUT_INTEGER, true },
                { "expert_id", "专家", INPUT_INTEGER, true },
                { 0 },
        };
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        json_decref(problems);
        int64_t app_id = json_integer_value(json_object_get(c->json, "application_id"));
        int64_t expert_id = json_integer_value(json_object_get(c->json, "expert_id"));
        struct app_scope all = { .kind = SCOPE_ALL, .statuses = status_past_draft() };
        struct app_row a;
        int err = store_begin(c->db);
        if (err < 0)
                return err;
        err = store_app_get(c->db, c->arena, app_id, &all, &a);
        if (err == -ENOENT)
                err = api_invalid(c, json_pack("{s:s}", "application_id", "没有该申报"));
        const struct campaign *cp = err == 0 ? api_campaign(a.campaign) : NULL;
        if (err == 0 && (!cp || !cp->has_evaluation))
                err = api_fail(c, E_CONFLICT, "本年度申报未设置评审规则", NULL);
        const struct transition *t;
        if (err == 0)
                err = api_decide(c, &a, "assign", NULL, &t);
        struct pool pool;
        if (err == 0)
                err = load_pool(c, cp, &pool);
        size_t i = 0;
        while (err == 0 && i < pool.n && pool.rows[i].id != expert_id)
                i++;
        if (err == 0 && i == pool.n)
                err = api_invalid(c, json_pack("{s:s}", "expert_id", "专家库中没有该专家"));
        int ci = err == 0 ? category_index(cp, a.category) : -1;
        if (err == 0 && !pool.rows[i].active)
                err = api_invalid(c, json_pack("{s:s}", "expert_id", "该专家已停用"));
        if (err == 0 && (ci < 0 || !(pool.specialties[i] & (1u << ci))))
                err = api_invalid(c, json_pack("{s:s}", "expert_id",
                                               arena_printf(c->arena, "该专家的专业领域不含“%s”",
                                                            ci >= 0 ? cp->categories[ci].name : a.category)));
        /* the conflicts, read from the form as it is now */
        struct marks marks;
        if (err == 0)
                err = store_conflict_mark_list(c->db, c->arena, cp->year, &marks.v, &marks.n);
        if (err == 0) {
                struct app_row full;
                struct project p = { .row = a, .category = ci };
                err = store_app_get(c->db, c->arena, app_id, &all, &full);
                json_t *form = err == 0 ? json_loads(full.form_json, 0, NULL) : NULL;
                conflict_project_from_form(form, c->arena, &p.units);
                p.units.city_code = city_code(a.unit_region);
                json_decref(form);
                struct conflict_rules rules = rules_of(c, cp);
                char detail[256];
                enum conflict_reason r = err == 0 ? pair_conflict(&pool, i, &p, &marks, &rules, detail, sizeof detail)
                                                  : CONFLICT_NONE;
                if (r != CONFLICT_NONE) {
                        err = api_fail(c, E_CONFLICT,
                                       arena_printf(c->arena, "该专家须回避该项目：%s（%s）", conflict_label(r), detail),
                                       json_pack("{s:s}", "expert_id", conflict_label(r)));
                        c->failure.extra = json_pack("{s:s, s:s}", "reason", conflict_code(r), "detail", detail);
                }
        }
        int64_t id = 0;
        if (err == 0) {
                err = store_assignment_insert(c->db, a.campaign, a.id, expert_id, 0, c->user.id, c->now, &id);
                if (err == -EEXIST)
                        err = api_fail(c, E_CONFLICT, "该专家已分配过该项目（含已申明回避的）", NULL);
        }
        struct assignment_row s;
        if (err == 0)
                err = store_assignment_get(c->db, c->arena, id, &s);
        if (err == 0)
                err = store_assignment_event(c->db, &s, c->now, c->user.id, "assign", "");
        if (err == 0)
                err = enter_review(c, &a);
        if (err == 0)
                err = tell_expert(c, expert_id, 1, a.id, a.project_name);
        if (err == 0)
                err = store_assignment_get(c->db, c->arena, id, &s);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return api_json(c, 201, api_assignment_json(c, &s));
}

/* A fresh seed people can read out and type: 12 hexadecimal digits. */
static const char *fresh_seed(struct call *c)
{
        unsigned char b[6];
        char *hex = arena_alloc(c->arena, 13);
        randombytes_buf(b, sizeof b);
        sodium_bin2hex(hex, 13, b, sizeof b);
        return hex;
}

/* The draw itself, in one write transaction: every application that passed the formal check or is
 * in expert review filled up to per_project active experts — specialists of its category, never a
 * conflicting pair, loads as even as possible, ties broken by the seed (recorded, so anyone can
 * re-run the draw). What is there stays; only the gaps are filled. By the caller as the office
 * (the handler, or the demo). */
int api_draw_run(struct call *c, const struct campaign *cp, int per_project, const char *seed,
                 struct draw_outcome *ret)
{
        int err;
        struct pool pool;
        struct projects ps;
        struct marks marks;
        struct assignment_row *existing;
        size_t n_existing;
        struct assignment_filter af = { .campaign = cp->year };
        if ((err = store_begin(c->db)) < 0)
                return err;
        err = load_pool(c, cp, &pool);
        if (err == 0)
                err = load_projects(c, cp, drawable(), &ps);
        if (err == 0)
                err = store_conflict_mark_list(c->db, c->arena, cp->year, &marks.v, &marks.n);
        if (err == 0)
                err = store_assignment_list(c->db, c->arena, &af, &existing, &n_existing);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }

        /* the model: each application's gap, the active experts with their loads, the blocked pairs */
        struct draw_app *apps = arena_alloc(c->arena, (ps.n ? ps.n : 1) * sizeof *apps);
        struct draw_expert *experts = arena_alloc(c->arena, (pool.n ? pool.n : 1) * sizeof *experts);
        size_t na = 0, ne = 0, nb = 0, cap_blocked = n_existing + 64;
        int64_t(*blocked)[2] = malloc(cap_blocked * sizeof *blocked);
        if (!blocked) {
                store_rollback(c->db);
                return -ENOMEM;
        }
        for (size_t k = 0; k < ps.n; k++) {
                int active = 0;
                for (size_t j = 0; j < n_existing; j++)
                        if (existing[j].application_id == ps.v[k].row.id && strcmp(existing[j].status, "conflict_declared") != 0)
                                active++;
                if (ps.v[k].category >= 0 && active < per_project)
                        apps[na++] = (struct draw_app){ ps.v[k].row.id, ps.v[k].category, per_project - active };
        }
        for (size_t i = 0; i < pool.n; i++)
                if (pool.rows[i].active)
                        experts[ne++] = (struct draw_expert){ pool.rows[i].id, pool.specialties[i], (int)pool.rows[i].load };
        struct conflict_rules rules = rules_of(c, cp);
        char detail[256];
        for (size_t j = 0; j < n_existing; j++) {
                blocked[nb][0] = existing[j].application_id;
                blocked[nb++][1] = existing[j].expert_id;
        }
        for (size_t k = 0; k < ps.n; k++)
                for (size_t i = 0; i < pool.n; i++) {
                        if (!pool.rows[i].active || pair_conflict(&pool, i, &ps.v[k], &marks, &rules, detail,
                                                                  sizeof detail) == CONFLICT_NONE)
                                continue;
                        if (nb == cap_blocked) {
                                void *more = realloc(blocked, (cap_blocked *= 2) * sizeof *blocked);
                                if (!more) {
                                        free(blocked);
                                        store_rollback(c->db);
                                        return -ENOMEM;
                                }
                                blocked = more;
                        }
                        blocked[nb][0] = ps.v[k].row.id;
                        blocked[nb++][1] = pool.rows[i].id;
                }
        struct draw_input in = { .apps = apps, .n_apps = na, .experts = experts, .n_experts = ne,
                                 .blocked = (const int64_t(*)[2])blocked, .n_blocked = nb, .seed = seed };
        struct draw_result res;
        err = draw_solve(&in, &res);
        free(blocked);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }

        /* the unassigned as they are recorded with the draw and answered */
        json_t *unassigned = json_array();
        for (size_t g = 0; g < res.n_gaps; g++) {
                char text[96];
                json_array_append_new(unassigned, json_pack("{s:I, s:s, s:i, s:i, s:s}", "application_id",
                                                            (json_int_t)res.gaps[g].app_id, "reason",
                                                            draw_shortfall_code(res.gaps[g].reason), "missing",
                                                            res.gaps[g].missing, "eligible", res.gaps[g].eligible,
                                                            "text", draw_shortfall_text(&res.gaps[g], text, sizeof text)));
        }
        char *unassigned_text = json_dumps(unassigned, JSON_COMPACT);
        struct draw_row d = { .campaign = cp->year, .seed = (char *)seed, .per_project = per_project,
                              .created = (int64_t)res.n_pairs, .unassigned_json = unassigned_text,
                              .created_by = c->user.id, .created_at = c->now };
        int64_t draw_id = 0;
        err = store_draw_insert(c->db, &d, &draw_id);
        free(unassigned_text);
        for (size_t k = 0; err == 0 && k < res.n_pairs; k++) {
                int64_t id;
                struct assignment_row s = { .application_id = res.pairs[k].app_id, .expert_id = res.pairs[k].expert_id };
                err = store_assignment_insert(c->db, cp->year, s.application_id, s.expert_id, draw_id, c->user.id,
                                              c->now, &id);
                s.id = id;
                if (err == 0)
                        err = store_assignment_event(c->db, &s, c->now, c->user.id, "assign", seed);
        }
        /* each application that got its first expert enters review; each expert is told once */
        for (size_t k = 0; err == 0 && k < ps.n; k++) {
                bool got = false;
                for (size_t p = 0; p < res.n_pairs && !got; p++)
                        got = res.pairs[p].app_id == ps.v[k].row.id;
                if (got)
                        err = enter_review(c, &ps.v[k].row);
        }
        for (size_t i = 0; err == 0 && i < pool.n; i++) {
                size_t n = 0;
                int64_t app_id = 0;
                const char *name = "";
                for (size_t p = 0; p < res.n_pairs; p++)
                        if (res.pairs[p].expert_id == pool.rows[i].id) {
                                n++;
                                app_id = res.pairs[p].app_id;
                                for (size_t k = 0; k < ps.n; k++)
                                        if (ps.v[k].row.id == app_id)
                                                name = ps.v[k].row.project_name;
                        }
                if (n)
                        err = tell_expert(c, pool.rows[i].id, n, app_id, name);
        }
        size_t created = res.n_pairs;
        draw_result_free(&res);
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                json_decref(unassigned);
                return err;
        }
        *ret = (struct draw_outcome){ .draw_id = draw_id, .created = created, .unassigned = unassigned };
        return 0;
}

/* POST /api/v1/campaigns/{year}/assignments/auto: the draw (api_draw_run) with the call's number
 * of experts per project and a fresh seed unless the body names them. */
int api_assignments_auto(struct call *c)
{
        static const struct input_field fields[] = {
                { "per_project", "每个项目的专家人数", INPUT_INTEGER, false },
                { "seed", "随机种子", INPUT_STRING, false },
                { 0 },
        };
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        if (err < 0)
                return err;
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        json_t *pp = json_object_get(c->json, "per_project");
        int per_project = pp ? (int)json_integer_value(pp) : cp->evaluation.experts_per_project;
        const char *seed = input_str(c->json, "seed");
        if (per_project < 1 || per_project > 20)
                json_object_set_new(problems, "per_project", json_string("每个项目的专家人数应为 1 到 20"));
        if (seed && (!*seed || utf8_count(seed) > SEED_MAX_CHARS))
                json_object_set_new(problems, "seed", json_string("随机种子应为 1 到 64 个字符"));
        if (json_object_size(problems))
                return api_invalid(c, problems);
        json_decref(problems);
        if (!seed)
                seed = fresh_seed(c);
        struct draw_outcome out;
        err = api_draw_run(c, cp, per_project, seed, &out);
        if (err < 0)
                return err;
        return api_json(c, 200, json_pack("{s:I, s:s, s:i, s:I, s:o}", "draw_id", (json_int_t)out.draw_id, "seed", seed,
                                          "per_project", per_project, "created", (json_int_t)out.created, "unassigned",
                                          out.unassigned));
}


/* GET /api/v1/campaigns/{year}/draws (addition): the draws made, newest first, with their seeds. */
int api_draws_list(struct call *c)
{
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        struct draw_row *v;
        size_t n;
        if (err == 0)
                err = store_draw_list(c->db, c->arena, cp->year, &v, &n);
        if (err < 0)
                return err;
        json_t *items = json_array();
        char at[32];
        for (size_t i = 0; i < n; i++) {
                json_t *un = json_loads(v[i].unassigned_json, 0, NULL);
                json_array_append_new(items, json_pack("{s:I, s:s, s:i, s:I, s:o, s:s, s:s}", "id", (json_int_t)v[i].id,
                                                       "seed", v[i].seed, "per_project", v[i].per_project, "created",
                                                       (json_int_t)v[i].created, "unassigned", un ? un : json_array(),
                                                       "created_by", v[i].created_by_name, "created_at",
                                                       time_format_beijing(v[i].created_at, at)));
        }
        return api_json(c, 200, json_pack("{s:o}", "items", items));
}

/* ---- progress and reminders ---- */

/* GET /api/v1/campaigns/{year}/review-progress (addition): per expert and per application, how
 * many active assignments are submitted. */
int api_review_progress(struct call *c)
{
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        struct assignment_row *v;
        size_t n;
        struct expert_row *pool;
        size_t np;
        struct projects ps;
        struct assignment_filter af = { .campaign = cp ? cp->year : 0, .active_only = true };
        if (err == 0)
                err = store_assignment_list(c->db, c->arena, &af, &v, &n);
        if (err == 0)
                err = store_expert_list(c->db, c->arena, cp->year, &pool, &np);
        if (err == 0)
                err = load_projects(c, cp, status_reviewed_by_experts(), &ps);
        if (err < 0)
                return err;
        json_t *experts = json_array(), *projects = json_array();
        size_t total = 0, submitted = 0;
        char at[32];
        for (size_t i = 0; i < np; i++) {
                int assigned = 0, done = 0, draft = 0;
                int64_t last = 0;
                for (size_t k = 0; k < n; k++) {
                        if (v[k].expert_id != pool[i].id)
                                continue;
                        assigned++;
                        done += strcmp(v[k].status, "submitted") == 0;
                        draft += strcmp(v[k].status, "draft") == 0;
                        if (v[k].updated_at > last && strcmp(v[k].status, "assigned") != 0)
                                last = v[k].updated_at;
                }
                if (!assigned)
                        continue;
                json_array_append_new(experts, json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s?, s:b}", "expert_id",
                                                         (json_int_t)pool[i].id, "name", pool[i].name, "unit", pool[i].unit,
                                                         "assigned", assigned, "submitted", done, "draft", draft,
                                                         "last_activity", last ? time_format_beijing(last, at) : NULL,
                                                         "has_account", pool[i].user_id != 0));
        }
        for (size_t j = 0; j < ps.n; j++) {
                int expected = 0, done = 0;
                for (size_t k = 0; k < n; k++)
                        if (v[k].application_id == ps.v[j].row.id) {
                                expected++;
                                done += strcmp(v[k].status, "submitted") == 0;
                        }
                total += (size_t)expected;
                submitted += (size_t)done;
                json_array_append_new(projects, json_pack("{s:I, s:s?, s:s, s:s, s:s, s:i, s:i}", "application_id",
                                                          (json_int_t)ps.v[j].row.id, "submission_no",
                                                          *ps.v[j].row.submission_no ? ps.v[j].row.submission_no : NULL,
                                                          "project_name", ps.v[j].row.project_name, "category",
                                                          ps.v[j].row.category, "status", ps.v[j].row.status,
                                                          "expected", expected, "submitted", done));
        }
        return api_json(c, 200, json_pack("{s:o, s:o, s:{s:I, s:I}}", "experts", experts, "projects", projects, "totals",
                                          "assignments", (json_int_t)total, "submitted", (json_int_t)submitted));
}

/* POST /api/v1/campaigns/{year}/review-reminders (addition): an in-app reminder to every expert
 * (or the ones named) with scores still to submit. */
int api_review_remind(struct call *c)
{
        static const struct input_field fields[] = {
                { "expert_ids", "专家", INPUT_ARRAY, false },
                { 0 },
        };
        int err;
        const struct campaign *cp = evaluation_campaign(c, &err);
        if (err < 0)
                return err;
        json_t *problems = json_object();
        if (!input_check(c->json, fields, problems))
                return api_invalid(c, problems);
        json_decref(problems);
        json_t *only = json_object_get(c->json, "expert_ids");
        struct assignment_row *v;
        size_t n;
        struct expert_row *pool;
        size_t np;
        struct assignment_filter af = { .campaign = cp->year, .active_only = true };
        if ((err = store_begin(c->db)) < 0)
                return err;
        err = store_assignment_list(c->db, c->arena, &af, &v, &n);
        if (err == 0)
                err = store_expert_list(c->db, c->arena, cp->year, &pool, &np);
        size_t reminded = 0;
        for (size_t i = 0; err == 0 && i < np; i++) {
                bool named = !only;
                size_t x;
                json_t *id;
                json_array_foreach(only, x, id)
                        named = named || (json_is_integer(id) && json_integer_value(id) == pool[i].id);
                int open = 0;
                for (size_t k = 0; k < n; k++)
                        open += v[k].expert_id == pool[i].id && strcmp(v[k].status, "submitted") != 0;
                if (!named || !open || !pool[i].user_id)
                        continue;
                err = store_notification_insert(c->db, pool[i].user_id, c->now, "review_reminder", 0, "请尽快完成评审",
                                                arena_printf(c->arena, "您还有 %d 个项目的评分尚未提交，请在“我的评审”中完成评分并提交。", open),
                                                NULL);
                reminded++;
        }
        if (err == 0)
                err = store_commit(c->db);
        if (err < 0) {
                store_rollback(c->db);
                return err;
        }
        return api_json(c, 200, json_pack("{s:I}", "reminded", (json_int_t)reminded));
}
