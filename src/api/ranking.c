/* GET /api/v1/campaigns/{year}/ranking: every application in or past expert review with its
 * experts' submitted totals, the contract's expert score (domain/aggregate.c), and beside it — never
 * instead — the spread, a calibrated score that corrects each expert's leniency, and which projects
 * would enter or leave the top of their category under it. Missing scores and ties are shown. The
 * same data as XLSX (ranking.xlsx). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/evaluation.h"
#include "app.h"
#include "docs/docs.h"
#include "domain/aggregate.h"
#include "domain/campaign.h"
#include "domain/score.h"
#include "util/arena.h"

/* An expert is calibrated only with at least this many projects shared with others. */
#define MIN_OVERLAP 3

static int category_index(const struct campaign *cp, const char *code)
{
        for (size_t i = 0; i < cp->n_categories; i++)
                if (strcmp(cp->categories[i].code, code) == 0)
                        return (int)i;
        return 0;
}

struct collect_apps {
        struct arena *a;
        struct app_row *v;
        size_t n, alloc;
};

static int collect_app(void *closure, const struct app_row *row, int64_t n_attachments)
{
        (void)n_attachments;
        struct collect_apps *c = closure;
        struct app_row *x = arena_push(c->a, (void **)&c->v, &c->n, &c->alloc, sizeof *c->v);
        *x = *row;
        /* the row's strings are borrowed from the statement: keep the ones the ranking shows */
        x->project_name = arena_strdup(c->a, row->project_name);
        x->category = arena_strdup(c->a, row->category);
        x->unit_name = arena_strdup(c->a, row->unit_name);
        x->submission_no = arena_strdup(c->a, row->submission_no);
        x->form_json = NULL;
        return 0;
}

static size_t find_app(const struct ranking *r, int64_t id)
{
        size_t lo = 0, hi = r->n_apps;
        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (r->apps[mid].id < id)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo < r->n_apps && r->apps[lo].id == id ? lo : SIZE_MAX;
}

int api_ranking_build(struct call *c, const struct campaign *cp, struct ranking *r)
{
        memset(r, 0, sizeof *r);
        if (!cp->has_evaluation)
                return api_fail(c, E_CONFLICT, "本年度申报未设置评审规则", NULL);
        r->campaign = cp;
        struct app_filter f = { .scope = { .kind = SCOPE_ALL, .statuses = status_reviewed_by_experts() },
                                .campaign = cp->year };
        struct collect_apps apps = { .a = c->arena };
        int err = store_app_list(c->db, &f, 0, SIZE_MAX / 2, collect_app, &apps);
        struct assignment_filter af = { .campaign = cp->year, .active_only = true };
        if (err == 0)
                err = store_assignment_list(c->db, c->arena, &af, &r->assignments, &r->n_assignments);
        if (err == 0)
                err = store_expert_list(c->db, c->arena, cp->year, &r->experts, &r->n_experts);
        if (err < 0)
                return err;
        r->apps = apps.v;
        r->n_apps = apps.n;

        size_t np = r->n_apps, ne = r->n_experts;
        int *category = arena_alloc(c->arena, (np ? np : 1) * sizeof *category);
        int *expected = arena_alloc(c->arena, (np ? np : 1) * sizeof *expected);
        struct agg_score *scores = arena_alloc(c->arena, (r->n_assignments ? r->n_assignments : 1) * sizeof *scores);
        size_t ns = 0;
        for (size_t i = 0; i < np; i++)
                category[i] = category_index(cp, r->apps[i].category);
        for (size_t k = 0; k < r->n_assignments; k++) {
                const struct assignment_row *s = &r->assignments[k];
                size_t p = find_app(r, s->application_id), e = SIZE_MAX;
                for (size_t j = 0; j < ne && e == SIZE_MAX; j++)
                        if (r->experts[j].id == s->expert_id)
                                e = j;
                if (p == SIZE_MAX || e == SIZE_MAX)
                        continue;       /* an application no longer in review (cannot happen: statuses go on) */
                expected[p]++;
                if (strcmp(s->status, "submitted") == 0 && s->total >= 0)
                        scores[ns++] = (struct agg_score){ .project = p, .expert = e, .total = s->total };
        }
        r->input = (struct agg_input){ .n_projects = np, .n_experts = ne, .n_categories = cp->n_categories,
                                       .scores = scores, .n_scores = ns, .category = category, .expected = expected,
                                       .trim_from = cp->evaluation.trim_from, .min_overlap = MIN_OVERLAP,
                                       .top = cp->evaluation.stability_top };
        r->projects = arena_alloc(c->arena, (np ? np : 1) * sizeof *r->projects);
        r->expert_results = arena_alloc(c->arena, (ne ? ne : 1) * sizeof *r->expert_results);
        r->categories = arena_alloc(c->arena, (cp->n_categories ? cp->n_categories : 1) * sizeof *r->categories);
        r->order = arena_alloc(c->arena, (np ? np : 1) * sizeof *r->order);
        err = aggregate_run(&r->input, r->projects, r->expert_results, r->categories);
        if (err == 0) {
                int64_t *value = arena_alloc(c->arena, (np ? np : 1) * sizeof *value);
                bool *has = arena_alloc(c->arena, (np ? np : 1) * sizeof *has);
                for (size_t i = 0; i < np; i++) {
                        value[i] = r->projects[i].score;
                        has[i] = r->projects[i].has_score;
                }
                err = aggregate_rank(np, value, has, category, NULL, NULL, NULL, NULL, r->order);
        }
        if (err == -EDOM)
                return api_fail(c, E_INTERNAL, "校准分计算失败", NULL);
        return err;
}

static json_t *points(int64_t hundredths)
{
        return json_real((double)hundredths / 100.0);
}

int api_ranking_get(struct call *c)
{
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        struct ranking r;
        if (err == 0)
                err = api_ranking_build(c, cp, &r);
        if (err < 0)
                return err;
        json_t *items = json_array();
        for (size_t k = 0; k < r.n_apps; k++) {
                size_t i = r.order[k];
                const struct app_row *a = &r.apps[i];
                const struct agg_project *p = &r.projects[i];
                json_t *totals = json_array();
                for (size_t s = 0; s < r.input.n_scores; s++)
                        if (r.input.scores[s].project == i)
                                json_array_append_new(totals, points(r.input.scores[s].total));
                json_t *spread = p->has_score ? json_pack("{s:o, s:o, s:f}", "min", points(p->min), "max",
                                                          points(p->max), "stddev", p->stddev)
                                              : json_null();
                json_array_append_new(items, json_pack(
                        "{s:I, s:s?, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:n, s:n, s:i, s:i, s:b, s:b,"
                        " s:{s:i, s:i}, s:o, s:i, s:b, s:b}",
                        "application_id", (json_int_t)a->id, "submission_no", *a->submission_no ? a->submission_no : NULL,
                        "project_name", a->project_name, "unit_name", a->unit_name, "category", a->category,
                        "status", a->status, "expert_scores", totals,
                        "expert_score", p->has_score ? points(p->score) : json_null(),
                        "calibrated_score", p->has_score ? points(p->calibrated) : json_null(),
                        "spread", spread, "defense_score", "comprehensive_score",
                        "rank_in_category", p->rank_category, "rank_overall", p->rank_overall,
                        "tied_in_category", p->tied_category, "tied_overall", p->tied_overall,
                        "scores", "submitted", p->n, "expected", p->expected,
                        "calibrated_rank_in_category", p->has_score ? json_integer(p->rank_category_calibrated) : json_null(),
                        "calibrated_rank_overall", p->rank_overall_calibrated,
                        "enters_top", p->enters_top, "leaves_top", p->leaves_top));
        }
        json_t *experts = json_array();
        for (size_t j = 0; j < r.n_experts; j++) {
                const struct agg_expert *e = &r.expert_results[j];
                if (!e->n)
                        continue;
                /* why an expert is not corrected, in words: its shared projects, or shared only
                 * with experts not corrected themselves */
                const char *why = e->corrected ? NULL
                                  : e->overlap < MIN_OVERLAP
                                          ? arena_printf(c->arena, "与其他专家共同评审的项目仅 %d 个（至少 %d 个才校准）",
                                                         e->overlap, MIN_OVERLAP)
                                          : arena_printf(c->arena, "与已校准专家共同评审的项目仅 %d 个（至少 %d 个才校准）",
                                                         e->overlap_fitted, MIN_OVERLAP);
                json_array_append_new(experts, json_pack("{s:I, s:s, s:i, s:i, s:i, s:b, s:o, s:s?}", "expert_id",
                                                         (json_int_t)r.experts[j].id, "name", r.experts[j].name,
                                                         "submitted", e->n, "overlap", e->overlap, "overlap_fitted",
                                                         e->overlap_fitted, "corrected", e->corrected, "bias",
                                                         e->corrected ? json_real((double)e->correction / 100.0) : json_null(),
                                                         "not_corrected_because", why));
        }
        json_t *notes = json_array();
        const char **labels = arena_alloc(c->arena, (r.n_apps ? r.n_apps : 1) * sizeof *labels);
        for (size_t i = 0; i < r.n_apps; i++)
                labels[i] = *r.apps[i].submission_no ? r.apps[i].submission_no : arena_printf(c->arena, "%lld", (long long)r.apps[i].id);
        for (size_t k = 0; k < cp->n_categories; k++) {
                if (!r.categories[k].ranked)
                        continue;
                char *text = aggregate_stability_text(&r.input, r.projects, (int)k, cp->categories[k].name, labels);
                if (!text)
                        return -ENOMEM;
                json_array_append_new(notes, json_pack("{s:s, s:s, s:i, s:i}", "category", cp->categories[k].code,
                                                       "text", text, "enters", r.categories[k].enters, "leaves",
                                                       r.categories[k].leaves));
                free(text);
        }
        return api_json(c, 200, json_pack("{s:o, s:o, s:o, s:i, s:i, s:i}", "items", items, "experts", experts,
                                          "stability", notes, "top", cp->evaluation.stability_top, "trim_from",
                                          cp->evaluation.trim_from, "min_overlap", MIN_OVERLAP));
}

/* GET /api/v1/campaigns/{year}/ranking.xlsx (addition): the 评审结果 workbook — the ranking, every
 * expert's points per criterion, the experts' calibration. */
int api_ranking_xlsx(struct call *c)
{
        const struct campaign *cp;
        int err = api_campaign_of_path(c, &cp);
        struct ranking r;
        if (err == 0)
                err = api_ranking_build(c, cp, &r);
        if (err < 0)
                return err;
        struct docs_result_project *projects = arena_alloc(c->arena, (r.n_apps ? r.n_apps : 1) * sizeof *projects);
        for (size_t k = 0; k < r.n_apps; k++) {
                size_t i = r.order[k];
                const struct app_row *a = &r.apps[i];
                const struct agg_project *p = &r.projects[i];
                struct docs_result_score *scores = arena_alloc(c->arena, (r.n_assignments + 1) * sizeof *scores);
                size_t ns = 0;
                for (size_t j = 0; j < r.n_assignments; j++) {
                        const struct assignment_row *s = &r.assignments[j];
                        if (s->application_id != a->id)
                                continue;
                        bool submitted = strcmp(s->status, "submitted") == 0;
                        int64_t *criteria = NULL;
                        if (submitted) {
                                json_t *stored = json_loads(s->criteria_json, 0, NULL);
                                struct score_sheet sheet;
                                score_from_stored(&cp->evaluation, stored, &sheet);
                                json_decref(stored);
                                criteria = arena_alloc(c->arena, RUBRIC_MAX * sizeof *criteria);
                                for (size_t q = 0; q < cp->evaluation.n_rubric; q++)
                                        criteria[q] = sheet.given[q] ? sheet.points[q] : DOCS_NO_SCORE;
                        }
                        scores[ns++] = (struct docs_result_score){
                                .expert_name = s->expert_name, .status = s->status, .criteria = criteria,
                                .total = submitted && s->total >= 0 ? s->total : DOCS_NO_SCORE,
                                .submitted_at = s->submitted_at, .comment = submitted ? s->comment : "" };
                }
                char *note = "";
                if (p->enters_top || p->leaves_top)
                        note = arena_printf(c->arena, "按校准分将%s本类别前 %d 名", p->enters_top ? "进入" : "退出",
                                            cp->evaluation.stability_top);
                projects[k] = (struct docs_result_project){
                        .rank_overall = p->rank_overall, .rank_in_category = p->rank_category,
                        .tied = p->tied_overall || p->tied_category, .submission_no = a->submission_no,
                        .project_name = a->project_name, .unit_name = a->unit_name, .category = a->category,
                        .n_submitted = p->n, .n_expected = p->expected,
                        .expert_score = p->has_score ? p->score : DOCS_NO_SCORE,
                        .calibrated_score = p->has_score ? p->calibrated : DOCS_NO_SCORE,
                        .max_score = p->has_score ? p->max : DOCS_NO_SCORE,
                        .min_score = p->has_score ? p->min : DOCS_NO_SCORE,
                        .stddev = p->has_score ? (int64_t)(p->stddev * 100.0 + 0.5) : DOCS_NO_SCORE,
                        .defense_score = DOCS_NO_SCORE, .comprehensive_score = DOCS_NO_SCORE,
                        .stability = note, .scores = scores, .n_scores = ns };
        }
        struct docs_result_expert *experts = arena_alloc(c->arena, (r.n_experts ? r.n_experts : 1) * sizeof *experts);
        size_t ne = 0;
        for (size_t j = 0; j < r.n_experts; j++) {
                int assigned = 0;
                for (size_t k = 0; k < r.n_assignments; k++)
                        assigned += r.assignments[k].expert_id == r.experts[j].id;
                if (!assigned)
                        continue;
                const struct agg_expert *e = &r.expert_results[j];
                experts[ne++] = (struct docs_result_expert){
                        .name = r.experts[j].name, .unit = r.experts[j].unit, .n_assigned = assigned,
                        .n_submitted = e->n, .offset = e->corrected ? e->correction : DOCS_NO_SCORE,
                        .calibrated = e->corrected };
        }
        struct docs_results d = { .campaign = cp, .generated_at = c->now, .projects = projects, .n_projects = r.n_apps,
                                  .experts = experts, .n_experts = ne };
        char *path = arena_printf(c->arena, "%s/results-XXXXXX.xlsx", store_tmp_dir(app->store));
        int fd = mkstemps(path, 5);
        if (fd < 0)
                return -errno;
        close(fd);
        if ((err = docs_results_xlsx(&d, path)) < 0) {
                unlink(path);
                return -EIO;
        }
        return api_send_temp_file(c, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  arena_printf(c->arena, "评审结果-%d.xlsx", cp->year));
}
