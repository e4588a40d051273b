#include "domain/aggregate.h"

#include <errno.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* calloc that answers NULL only when out of memory, also for an empty array */
static void *zalloc(size_t n, size_t size)
{
        return calloc(n ? n : 1, size);
}

/* num / den rounded to the nearest integer, halves away from zero; den > 0. Exact: no double, and no
 * 2 × num that could overflow. */
static int64_t div_round(int64_t num, int64_t den)
{
        int64_t q = num / den, r = num % den;   /* C truncates: r has num's sign */
        if (r >= 0 ? 2 * r >= den : -2 * r >= den)
                q += num < 0 ? -1 : 1;
        return q;
}

int64_t aggregate_mean(const int64_t *totals, size_t n, int trim_from)
{
        if (n == 0)
                return 0;
        int64_t sum = 0, lo = totals[0], hi = totals[0];
        for (size_t i = 0; i < n; i++) {
                sum += totals[i];
                if (totals[i] < lo)
                        lo = totals[i];
                if (totals[i] > hi)
                        hi = totals[i];
        }
        int64_t k = (int64_t)n;
        /* Only one highest and one lowest go, also when several experts gave the same extreme total.
         * Below 3 scores nothing would be left to average, whatever trim_from says. */
        if ((trim_from <= 0 || n >= (size_t)trim_from) && n >= 3) {
                sum -= lo + hi;
                k -= 2;
        }
        return div_round(sum, k);
}

struct rank_item {
        int64_t value;
        int category;
        size_t index;
};

static int by_value(const void *a, const void *b)
{
        const struct rank_item *x = a, *y = b;
        if (x->value != y->value)
                return x->value > y->value ? -1 : 1;
        return x->index < y->index ? -1 : x->index > y->index;
}

static int by_category_value(const void *a, const void *b)
{
        const struct rank_item *x = a, *y = b;
        if (x->category != y->category)
                return x->category < y->category ? -1 : 1;
        return by_value(a, b);
}

/* Ranks the sorted items: within runs of equal `group` (the category, or one run for overall), the
 * rank is 1 + the number of items with a strictly higher value — standard competition ranking. */
static void rank_sorted(const struct rank_item *it, size_t m, bool per_category, int *rank, bool *tied)
{
        size_t group = 0;
        for (size_t i = 0; i < m;) {
                if (per_category && it[i].category != it[group].category)
                        group = i;
                size_t j = i + 1;
                while (j < m && it[j].value == it[i].value && (!per_category || it[j].category == it[i].category))
                        j++;
                for (size_t t = i; t < j; t++) {
                        if (rank)
                                rank[it[t].index] = (int)(i - group + 1);
                        if (tied)
                                tied[it[t].index] = j - i > 1;
                }
                i = j;
        }
}

int aggregate_rank(size_t n, const int64_t *value, const bool *has, const int *category, int *rank_category,
                   int *rank_overall, bool *tied_category, bool *tied_overall, size_t *order)
{
        struct rank_item *it = zalloc(n, sizeof *it);
        if (!it)
                return -ENOMEM;
        size_t m = 0;
        for (size_t p = 0; p < n; p++) {
                if (rank_category)
                        rank_category[p] = 0;
                if (rank_overall)
                        rank_overall[p] = 0;
                if (tied_category)
                        tied_category[p] = false;
                if (tied_overall)
                        tied_overall[p] = false;
                if (has[p])
                        it[m++] = (struct rank_item){ value[p], category ? category[p] : 0, p };
        }
        qsort(it, m, sizeof *it, by_category_value);
        rank_sorted(it, m, true, rank_category, tied_category);
        qsort(it, m, sizeof *it, by_value);
        rank_sorted(it, m, false, rank_overall, tied_overall);
        if (order) {
                /* by_value already put equal values by index; the unranked follow, by index */
                for (size_t i = 0; i < m; i++)
                        order[i] = it[i].index;
                for (size_t p = 0, i = m; p < n; p++)
                        if (!has[p])
                                order[i++] = p;
        }
        free(it);
        return 0;
}

static bool input_ok(const struct agg_input *in)
{
        if (!in || in->trim_from < 3 || in->min_overlap < 1 || in->top < 1)
                return false;
        if (in->n_projects > INT_MAX || in->n_experts > INT_MAX || in->n_scores > INT_MAX ||
            in->n_categories > INT_MAX)
                return false;
        if ((in->n_scores && !in->scores) || (in->n_projects && (!in->category || !in->expected)))
                return false;
        for (size_t p = 0; p < in->n_projects; p++)
                if (in->category[p] < 0 || (size_t)in->category[p] >= in->n_categories || in->expected[p] < 0)
                        return false;
        for (size_t s = 0; s < in->n_scores; s++) {
                const struct agg_score *sc = &in->scores[s];
                if (sc->project >= in->n_projects || sc->expert >= in->n_experts || sc->total < 0 ||
                    sc->total > AGG_TOTAL_MAX)
                        return false;
        }
        return true;
}

/* Scores grouped by project and by expert (counting sort): the scores of project p are
 * by_project[p_start[p] … p_start[p+1]), as indexes into in->scores; the same for experts. */
struct agg_index {
        size_t *p_start, *by_project, *e_start, *by_expert;
};

static int index_build(const struct agg_input *in, struct agg_index *x)
{
        x->p_start = zalloc(in->n_projects + 1, sizeof(size_t));
        x->e_start = zalloc(in->n_experts + 1, sizeof(size_t));
        x->by_project = zalloc(in->n_scores, sizeof(size_t));
        x->by_expert = zalloc(in->n_scores, sizeof(size_t));
        if (!x->p_start || !x->e_start || !x->by_project || !x->by_expert)
                return -ENOMEM;
        for (size_t s = 0; s < in->n_scores; s++) {
                x->p_start[in->scores[s].project + 1]++;
                x->e_start[in->scores[s].expert + 1]++;
        }
        for (size_t p = 0; p < in->n_projects; p++)
                x->p_start[p + 1] += x->p_start[p];
        for (size_t e = 0; e < in->n_experts; e++)
                x->e_start[e + 1] += x->e_start[e];
        size_t *pfill = zalloc(in->n_projects, sizeof(size_t)), *efill = zalloc(in->n_experts, sizeof(size_t));
        if (!pfill || !efill) {
                free(pfill);
                free(efill);
                return -ENOMEM;
        }
        for (size_t s = 0; s < in->n_scores; s++) {
                size_t p = in->scores[s].project, e = in->scores[s].expert;
                x->by_project[x->p_start[p] + pfill[p]++] = s;
                x->by_expert[x->e_start[e] + efill[e]++] = s;
        }
        free(pfill);
        free(efill);
        return 0;
}

static void index_free(struct agg_index *x)
{
        free(x->p_start);
        free(x->by_project);
        free(x->e_start);
        free(x->by_expert);
}

/* One score per project and expert: a second one would count an expert twice in the mean. */
static int check_duplicates(const struct agg_input *in, const struct agg_index *x)
{
        size_t *seen = zalloc(in->n_experts, sizeof *seen);     /* project + 1 last seen for the expert */
        if (!seen)
                return -ENOMEM;
        int r = 0;
        for (size_t p = 0; p < in->n_projects && r == 0; p++)
                for (size_t i = x->p_start[p]; i < x->p_start[p + 1]; i++) {
                        size_t e = in->scores[x->by_project[i]].expert;
                        if (seen[e] == p + 1) {
                                r = -EINVAL;
                                break;
                        }
                        seen[e] = p + 1;
                }
        free(seen);
        return r;
}

static size_t find_root(size_t *parent, size_t i)
{
        while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
        }
        return i;
}

/* Which experts are corrected. An expert's bias can only be measured against other experts on the
 * same projects, so one with fewer than min_overlap shared projects is not corrected. Those experts
 * are then left out of the fit entirely (rather than kept in with their bias fixed at 0): kept in,
 * a harsh uncorrected expert would pull down the level of the projects they share and so make their
 * co-scorers look lenient — exactly the distortion the threshold is there to avoid. Left out, the
 * others' fit is what it would be had that expert never scored.
 *
 * Leaving someone out can take away the overlap another expert counted on (A shares three projects,
 * two of them only with an uncorrected B), so the rule is applied until nothing changes: every
 * corrected expert has at least min_overlap projects shared with other corrected experts
 * (overlap_fitted). The result does not depend on the order experts are looked at: it is the largest
 * set of experts with that property. fit_count[p] ends as the number of corrected experts on p. */
static void choose_corrected(const struct agg_input *in, const struct agg_index *x, bool *fitted, int *fit_count,
                             struct agg_expert *ex)
{
        for (size_t p = 0; p < in->n_projects; p++)
                fit_count[p] = (int)(x->p_start[p + 1] - x->p_start[p]);
        for (size_t e = 0; e < in->n_experts; e++) {
                ex[e].n = (int)(x->e_start[e + 1] - x->e_start[e]);
                ex[e].overlap = 0;
                for (size_t i = x->e_start[e]; i < x->e_start[e + 1]; i++)
                        ex[e].overlap += fit_count[in->scores[x->by_expert[i]].project] >= 2;
                fitted[e] = ex[e].n > 0;
        }
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t e = 0; e < in->n_experts; e++) {
                        if (!fitted[e])
                                continue;
                        int shared = 0;
                        for (size_t i = x->e_start[e]; i < x->e_start[e + 1]; i++)
                                shared += fit_count[in->scores[x->by_expert[i]].project] >= 2;
                        if (shared >= in->min_overlap)
                                continue;
                        fitted[e] = false;
                        for (size_t i = x->e_start[e]; i < x->e_start[e + 1]; i++)
                                fit_count[in->scores[x->by_expert[i]].project]--;
                        changed = true;
                }
        }
        for (size_t e = 0; e < in->n_experts; e++) {
                int shared = 0;
                for (size_t i = x->e_start[e]; i < x->e_start[e + 1]; i++)
                        shared += fit_count[in->scores[x->by_expert[i]].project] - (fitted[e] ? 1 : 0) >= 1;
                ex[e].overlap_fitted = shared;
                ex[e].corrected = fitted[e];
                ex[e].bias = 0;
                ex[e].correction = 0;
                ex[e].component = -1;
        }
}

/* The additive model y_pe = m_p + b_e + ε, fitted by least squares over the corrected experts' scores.
 *
 * For fixed biases the best m_p is the mean of (y_pe − b_e) over p's corrected experts, so m_p can be
 * eliminated and what is left is a k × k system in the biases alone (k = corrected experts):
 *     L b = r,  L_ee = Σ_{p of e} (1 − 1/n_p),  L_ee' = −Σ_{p of e and e'} 1/n_p,
 *     r_e = Σ_{p of e} (y_pe − ȳ_p)
 * with n_p the corrected experts on p and ȳ_p the mean of their totals. These are the normal equations
 * of the least-squares problem with the project levels profiled out: a project scored by one
 * corrected expert says nothing about biases and drops out by itself (1 − 1/1 = 0).
 *
 * L is singular: adding a constant c to every bias of a connected group of experts (linked through
 * shared projects) and taking c off its projects' levels fits exactly as well. The gauge fixes that
 * freedom per group: the mean bias of the corrected experts of each group is 0. So "bias 0" means
 * "scores like the group's average expert", which is also what an uncorrected expert is taken to be
 * (their bias is 0), and two groups with no shared project are each measured against their own
 * average — nothing in the data could say how one group's experts compare with the other's. The
 * mean is over experts, not scores: every expert counts once however many projects they scored.
 * Adding 1 to every entry of a group's block of L (the rank-one 1·1ᵀ) makes the matrix positive
 * definite without moving the solution, since 1ᵀr = 0 within a group; the solution then has a
 * group mean of 0, which is reimposed after the solve only to take off round-off.
 *
 * The system is solved by Cholesky (LAPACKE_dposv). Writes bias, correction and component of the
 * corrected experts. Returns 0, -ENOMEM or -EDOM. */
static int fit_biases(const struct agg_input *in, const struct agg_index *x, const bool *fitted,
                      const int *fit_count, struct agg_expert *ex)
{
        size_t k = 0;
        for (size_t e = 0; e < in->n_experts; e++)
                k += fitted[e];
        if (k == 0)
                return 0;
        if (k > (size_t)INT_MAX || k > SIZE_MAX / sizeof(double) / k)
                return -ENOMEM;
        int r = -ENOMEM;
        size_t *fidx = zalloc(in->n_experts, sizeof *fidx), *parent = zalloc(k, sizeof *parent);
        int *comp = zalloc(k, sizeof *comp), *root_comp = zalloc(k, sizeof *root_comp);
        double *a = zalloc(k * k, sizeof *a), *rhs = zalloc(k, sizeof *rhs);
        double *comp_sum = zalloc(k, sizeof *comp_sum);
        int *comp_n = zalloc(k, sizeof *comp_n);
        if (!fidx || !parent || !comp || !root_comp || !a || !rhs || !comp_sum || !comp_n)
                goto out;
        for (size_t e = 0, i = 0; e < in->n_experts; e++)
                if (fitted[e])
                        fidx[e] = i++;
        for (size_t i = 0; i < k; i++)
                parent[i] = i;

        for (size_t p = 0; p < in->n_projects; p++) {
                if (fit_count[p] < 2)
                        continue;
                double m = fit_count[p], ybar = 0;
                size_t first = SIZE_MAX;
                for (size_t s = x->p_start[p]; s < x->p_start[p + 1]; s++) {
                        const struct agg_score *sc = &in->scores[x->by_project[s]];
                        if (fitted[sc->expert])
                                ybar += (double)sc->total;
                }
                ybar /= m;
                for (size_t s = x->p_start[p]; s < x->p_start[p + 1]; s++) {
                        const struct agg_score *sc = &in->scores[x->by_project[s]];
                        if (!fitted[sc->expert])
                                continue;
                        size_t i = fidx[sc->expert];
                        a[i * k + i] += 1;
                        rhs[i] += (double)sc->total - ybar;
                        for (size_t t = x->p_start[p]; t < x->p_start[p + 1]; t++) {
                                const struct agg_score *sc2 = &in->scores[x->by_project[t]];
                                if (fitted[sc2->expert])
                                        a[i * k + fidx[sc2->expert]] -= 1 / m;
                        }
                        if (first == SIZE_MAX)
                                first = i;
                        else
                                parent[find_root(parent, i)] = find_root(parent, first);
                }
        }

        /* groups numbered by their lowest expert index, so the numbering is the caller's order */
        for (size_t i = 0; i < k; i++)
                root_comp[i] = -1;
        int n_comp = 0;
        for (size_t i = 0; i < k; i++) {
                size_t root = find_root(parent, i);
                if (root_comp[root] < 0)
                        root_comp[root] = n_comp++;
                comp[i] = root_comp[root];
        }
        for (size_t i = 0; i < k; i++)
                for (size_t j = 0; j < k; j++)
                        if (comp[i] == comp[j])
                                a[i * k + j] += 1;

        lapack_int info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (lapack_int)k, 1, a, (lapack_int)k, rhs, 1);
        if (info != 0) {
                r = -EDOM;
                goto out;
        }
        for (size_t i = 0; i < k; i++) {
                if (!isfinite(rhs[i])) {
                        r = -EDOM;
                        goto out;
                }
                comp_sum[comp[i]] += rhs[i];
                comp_n[comp[i]]++;
        }
        for (size_t e = 0; e < in->n_experts; e++) {
                if (!fitted[e])
                        continue;
                size_t i = fidx[e];
                double b = rhs[i] - comp_sum[comp[i]] / comp_n[comp[i]];        /* hundredths */
                /* a total is 0 … 10000, so a fitted bias far outside ±10000 is a failed solve */
                if (fabs(b) > 1e6) {
                        r = -EDOM;
                        goto out;
                }
                ex[e].bias = b / 100;
                ex[e].correction = llround(b);          /* halves away from zero, like the rule */
                ex[e].component = comp[i];
        }
        r = 0;
out:
        free(fidx);
        free(parent);
        free(comp);
        free(root_comp);
        free(a);
        free(rhs);
        free(comp_sum);
        free(comp_n);
        return r;
}

/* The rule's score, spread and calibrated score of each project. work holds any project's totals. */
static void project_scores(const struct agg_input *in, const struct agg_index *x, const struct agg_expert *ex,
                           int64_t *work, struct agg_project *pr)
{
        for (size_t p = 0; p < in->n_projects; p++) {
                struct agg_project *o = &pr[p];
                size_t n = x->p_start[p + 1] - x->p_start[p];
                memset(o, 0, sizeof *o);
                o->n = (int)n;
                o->expected = in->expected[p];
                o->has_score = n > 0;
                if (n == 0)
                        continue;
                const size_t *sc = &x->by_project[x->p_start[p]];
                double mean = 0;
                o->min = o->max = in->scores[sc[0]].total;
                for (size_t i = 0; i < n; i++) {
                        int64_t t = in->scores[sc[i]].total;
                        work[i] = t;
                        mean += (double)t;
                        if (t < o->min)
                                o->min = t;
                        if (t > o->max)
                                o->max = t;
                }
                mean /= (double)n;
                double ss = 0;
                for (size_t i = 0; i < n; i++)
                        ss += ((double)work[i] - mean) * ((double)work[i] - mean);
                o->stddev = sqrt(ss / (double)n) / 100;
                o->score = aggregate_mean(work, n, in->trim_from);
                /* The correction is the bias rounded to a hundredth, so the calibrated score is the rule
                 * over whole hundredths again: anyone can recompute it from the totals and the
                 * corrections shown. */
                for (size_t i = 0; i < n; i++)
                        work[i] -= ex[in->scores[sc[i]].expert].correction;
                o->calibrated = aggregate_mean(work, n, in->trim_from);
        }
}

int aggregate_run(const struct agg_input *in, struct agg_project *projects, struct agg_expert *experts,
                  struct agg_category *categories)
{
        if (!input_ok(in) || (in->n_projects && !projects) || (in->n_experts && !experts) ||
            (in->n_categories && !categories))
                return -EINVAL;
        size_t np = in->n_projects, ne = in->n_experts, nc = in->n_categories;
        struct agg_index x = { 0 };
        struct agg_project *pr = zalloc(np, sizeof *pr);
        struct agg_expert *ex = zalloc(ne, sizeof *ex);
        struct agg_category *cat = zalloc(nc, sizeof *cat);
        bool *fitted = zalloc(ne, sizeof *fitted), *has = zalloc(np, sizeof *has);
        bool *tc = zalloc(np, sizeof *tc), *to = zalloc(np, sizeof *to);
        int *fit_count = zalloc(np, sizeof *fit_count);
        int *rc = zalloc(np, sizeof *rc), *ro = zalloc(np, sizeof *ro);
        int64_t *work = zalloc(in->n_scores, sizeof *work), *value = zalloc(np, sizeof *value);
        int r = -ENOMEM;
        if (!pr || !ex || !cat || !fitted || !has || !tc || !to || !fit_count || !rc || !ro || !work || !value)
                goto out;
        if ((r = index_build(in, &x)) < 0 || (r = check_duplicates(in, &x)) < 0)
                goto out;

        choose_corrected(in, &x, fitted, fit_count, ex);
        if ((r = fit_biases(in, &x, fitted, fit_count, ex)) < 0)
                goto out;
        project_scores(in, &x, ex, work, pr);

        for (size_t p = 0; p < np; p++) {
                has[p] = pr[p].has_score;
                value[p] = pr[p].score;
        }
        if ((r = aggregate_rank(np, value, has, in->category, rc, ro, tc, to, NULL)) < 0)
                goto out;
        for (size_t p = 0; p < np; p++) {
                pr[p].rank_category = rc[p];
                pr[p].rank_overall = ro[p];
                pr[p].tied_category = tc[p];
                pr[p].tied_overall = to[p];
                value[p] = pr[p].calibrated;
        }
        if ((r = aggregate_rank(np, value, has, in->category, rc, ro, NULL, NULL, NULL)) < 0)
                goto out;

        /* The stability note: a project is in its category's top when its rank is at most top, so a
         * tie at the boundary keeps every tied project in (ranks 1, 2, 2, 4, 5, 5 with top 5: six). */
        for (size_t p = 0; p < np; p++) {
                struct agg_project *o = &pr[p];
                struct agg_category *c = &cat[in->category[p]];
                o->rank_category_calibrated = rc[p];
                o->rank_overall_calibrated = ro[p];
                bool by_score = o->has_score && o->rank_category <= in->top;
                bool by_calibrated = o->has_score && o->rank_category_calibrated <= in->top;
                o->enters_top = by_calibrated && !by_score;
                o->leaves_top = by_score && !by_calibrated;
                c->projects++;
                c->ranked += o->has_score;
                c->enters += o->enters_top;
                c->leaves += o->leaves_top;
        }

        if (np)
                memcpy(projects, pr, np * sizeof *pr);
        if (ne)
                memcpy(experts, ex, ne * sizeof *ex);
        if (nc)
                memcpy(categories, cat, nc * sizeof *cat);
        r = 0;
out:
        index_free(&x);
        free(pr);
        free(ex);
        free(cat);
        free(fitted);
        free(has);
        free(tc);
        free(to);
        free(fit_count);
        free(rc);
        free(ro);
        free(work);
        free(value);
        return r;
}

/* Appends "项目 a、b" for the projects of cat with the flag, by the given rank then index. */
static int put_projects(struct buf *b, const struct agg_input *in, const struct agg_project *pr, int cat,
                        bool enters, const char *const *labels)
{
        int r = buf_puts(b, "项目 ");
        bool first = true;
        int last_rank = 0;
        size_t last_p = 0;
        /* a selection by (rank, index) keeps this allocation-free; the lists are a handful long */
        for (;;) {
                size_t best = SIZE_MAX;
                int best_rank = 0;
                for (size_t p = 0; p < in->n_projects; p++) {
                        if (in->category[p] != cat || !(enters ? pr[p].enters_top : pr[p].leaves_top))
                                continue;
                        int rank = enters ? pr[p].rank_category_calibrated : pr[p].rank_category;
                        bool after = first || rank > last_rank || (rank == last_rank && p > last_p);
                        if (after && (best == SIZE_MAX || rank < best_rank))
                                best = p, best_rank = rank;
                }
                if (best == SIZE_MAX)
                        break;
                if (r == 0 && !first)
                        r = buf_puts(b, "、");
                if (r == 0)
                        r = buf_puts(b, labels[best] ? labels[best] : "");
                first = false;
                last_rank = best_rank;
                last_p = best;
        }
        return r;
}

char *aggregate_stability_text(const struct agg_input *in, const struct agg_project *projects, int cat,
                               const char *category_name, const char *const *labels)
{
        int enters = 0, leaves = 0, ranked = 0;
        for (size_t p = 0; p < in->n_projects; p++) {
                if (in->category[p] != cat)
                        continue;
                ranked += projects[p].has_score;
                enters += projects[p].enters_top;
                leaves += projects[p].leaves_top;
        }
        struct buf b = BUF_INIT(0);
        int r = buf_printf(&b, "%s：", category_name ? category_name : "");
        if (r == 0 && ranked == 0)
                r = buf_puts(&b, "尚无已提交的专家评分");
        else if (r == 0 && enters == 0 && leaves == 0)
                r = buf_printf(&b, "按校准分，前 %d 名不变", in->top);
        else if (r == 0) {
                r = buf_puts(&b, "按校准分，");
                if (r == 0 && enters)
                        r = put_projects(&b, in, projects, cat, true, labels);
                if (r == 0 && enters)
                        r = buf_printf(&b, " 将进入前 %d 名", in->top);
                if (r == 0 && enters && leaves)
                        r = buf_puts(&b, "，");
                if (r == 0 && leaves)
                        r = put_projects(&b, in, projects, cat, false, labels);
                if (r == 0 && leaves)
                        r = enters ? buf_puts(&b, " 将退出") : buf_printf(&b, " 将退出前 %d 名", in->top);
        }
        if (r < 0) {
                buf_free(&b);
                return NULL;
        }
        return buf_detach(&b);
}
