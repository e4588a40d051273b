#include "domain/draw.h"

#include <errno.h>
#include <glpk.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * THE NETWORK. A source S gives every application a with fill(a) = min(need, eligible) > 0 exactly
 * fill(a) units (an arc S → a with lower bound = capacity = fill(a)). a → e for every eligible
 * expert e: capacity 1 (an expert at most once per application), cost tie(seed, a, e) in
 * 0 … TIE_RANGE − 1. e → T once per load level k the expert may reach (k = its existing load + 1,
 * + 2, …): capacity 1, cost W·(2k − 1). The k-th unit of an expert's total load costs more than the
 * (k − 1)-th, so the levels fill in order and the flow's load part is W·Σ(load_e + new_e)² less a
 * constant. T → S carries the total back (lower bound = capacity), making it a circulation. The
 * idea is HotCRP's autoassigner's (load levels of rising cost on a min-cost flow); the solver is
 * GLPK's out-of-kilter algorithm.
 *
 * WHY THE TIE-BREAK NEVER BEATS THE BALANCE. A flow is optimal iff its residual network has no
 * negative cycle. Take the optimum x of balance + ties and suppose some flow balances better. Then
 * x's residual network has a simple cycle whose load part is negative. A simple cycle passes T at
 * most once (S → a and T → S are fixed, so it never uses them): in on some level k of expert e, out
 * backwards on a used level k' of expert e', so its load part is W·((2k − 1) − (2k' − 1)) =
 * 2W·(k − k'), a multiple of 2W — negative means ≤ −2W. Its tie part is at most TIE_RANGE − 1 per
 * forward application → expert arc, and a simple cycle enters each application at most once and
 * each expert at most once, so it has at most min(applications, experts) such arcs. With
 * 2W > min(A, E)·(TIE_RANGE − 1) the cycle's total is negative, contradicting x's optimality. So x
 * balances best, and the ties only choose among the best balanced flows.
 *
 * CAP. An expert's levels could go up to the number of applications it is eligible for: many arcs,
 * large costs. A greedy draw (each application in turn takes its least loaded eligible experts) is
 * complete and loads nobody above some M; each expert gets the levels up to M only. The greedy
 * draw still fits, and nothing is lost: a cycle using a missing level M + 1 of e enters T at cost
 * W·(2M + 1) and leaves on a used level k' ≤ M, so its load part is ≥ 2W and its total positive by
 * the argument above — the levels above M would never be used. (Experts already loaded to M or more
 * get no level and no arcs.) The level costs are shifted down by a constant so the lowest level
 * given costs W: every unit crosses exactly one level, so every flow's cost changes alike.
 *
 * SPEED. GLPK's out-of-kilter starts from zero flow and zero potentials and rescans every arc at
 * each of its steps, so its time grows with (units of flow + potential changes) × arcs: 26 s for the
 * bench's 10,000 units over 235,000 arcs when handed the network above as it is. Three exact
 * remedies bring that under 2 s:
 * (1) PRICES. Node potentials π are folded into the costs handed to GLPK, c'(i → j) = c(i → j) +
 *     π(i) − π(j). Every circulation's cost changes by Σ π(v)·(outflow − inflow) = 0, so the optimum
 *     is the same, but with good π most paths are usable from the start. The first π come from the
 *     greedy draw: an expert's price halfway between its last greedy level and the next, an
 *     application's its fill-th cheapest expert (price + tie); later π are GLPK's own.
 * (2) CANDIDATES. GLPK sees only some application → expert arcs: the greedy's, and per application
 *     the FEW_MORE next cheapest at the first prices. Its optimum comes with potentials; a left-out
 *     arc (flow 0) whose reduced cost c + π(a) − π(e) is negative under them is added (the ADD_MAX
 *     most negative per application per round) and the network solved again from those potentials.
 *     When no left-out arc is negative, flow and potentials satisfy the optimality conditions of the
 *     whole network: the flow is its optimum.
 * (3) MERGED. An expert's lowest levels, up to MERGE_MARGIN below its greedy load, are one arc
 *     whose unit cost is that of the highest of them. That cost is at least each merged level's own,
 *     so no flow costs less than with separate levels minus a constant C, and a flow that fills the
 *     merged arc costs exactly that. An optimum that fills every merged arc is therefore an optimum
 *     of the separate levels too; where one is not full, its expert's levels are separated again and
 *     the network solved again.
 * Each round adds arcs or separates levels, so the rounds end; on the bench there are six.
 */

#define TIE_RANGE 256                   /* tie-break costs are 0 … TIE_RANGE − 1 (one byte) */
#define FEW_MORE 1
#define ADD_MAX 2
#define MERGE_MARGIN 2
/* GLPK's out-of-kilter keeps flows, costs and node potentials in int and adds and subtracts them.
 * With the prices above potentials stay within a few arc costs of each other, so costs kept 16
 * times under INT_MAX leave every sum in range (and okalg checks for itself: GLP_ERANGE). */
#define COST_MAX (INT_MAX / 16)
#define COUNT_MAX (INT_MAX / 4)

/* GLPK's vertex and arc data */
struct vdata {
        double pi;
};
struct adata {
        double low, cap, cost, x;
};

struct draw {
        struct draw_app *apps;          /* sorted by id */
        size_t n_apps;
        struct draw_expert *experts;    /* sorted by id */
        size_t n_experts;
        struct draw_pair *blocked;      /* sorted */
        size_t n_blocked;
        uint64_t seed;
        int *fill;                      /* per application: how many to draw, min(need, eligible) */
        int *eligible;                  /* per application */
        size_t *first;                  /* per application + 1: its eligible experts are */
                                        /* elig[first[a] … first[a + 1]) */
        int *elig;                      /* expert indexes, only for applications with fill > 0 */
        size_t n_elig, cap_elig;
        int64_t fill_total;
        /* per elig entry */
        unsigned char *ties;
        unsigned char *in;              /* in GLPK's network */
        unsigned char *chosen;          /* drawn */
        glp_arc **arcs;
        /* per expert */
        int *levels;                    /* load levels in the network */
        int *merged;                    /* how many of the lowest of them are one arc (see MERGED) */
        glp_arc **merged_arc;           /* while GLPK's graph exists */
        size_t unmerged;                /* in the last solve: merged arcs found not full, and undone */
        int64_t *guess;                 /* total load after the greedy draw */
        /* GLPK's vertices: 1 the source, the applications with fill > 0, the experts with levels, the sink */
        int *app_vertex, *expert_vertex;
        int n_vertices;
        int64_t *pot;                   /* per vertex: its potential π */
        int64_t w, level_base;          /* W, and the lowest level given: level k costs W·(2(k − base) + 1) */
};

static int cmp_app(const void *x, const void *y)
{
        int64_t a = ((const struct draw_app *)x)->id, b = ((const struct draw_app *)y)->id;
        return (a > b) - (a < b);
}

static int cmp_expert(const void *x, const void *y)
{
        int64_t a = ((const struct draw_expert *)x)->id, b = ((const struct draw_expert *)y)->id;
        return (a > b) - (a < b);
}

static int cmp_pair(const void *x, const void *y)
{
        const struct draw_pair *a = x, *b = y;
        if (a->app_id != b->app_id)
                return (a->app_id > b->app_id) - (a->app_id < b->app_id);
        return (a->expert_id > b->expert_id) - (a->expert_id < b->expert_id);
}

/* SplitMix64's finaliser: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t x)
{
        x += 0x9e3779b97f4a7c15u;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
        return x ^ (x >> 31);
}

static uint64_t fnv1a(const char *s)
{
        uint64_t h = 0xcbf29ce484222325u;
        for (; *s; s++) {
                h ^= (unsigned char)*s;
                h *= 0x100000001b3u;
        }
        return h;
}

/* The pair's tie-break, from the seed and the two ids only (never their positions in the input). */
static int tie(uint64_t seed, int64_t app_id, int64_t expert_id)
{
        return (int)(mix64(mix64(seed ^ (uint64_t)app_id) ^ (uint64_t)expert_id) % TIE_RANGE);
}

static int push_elig(struct draw *d, int e)
{
        if (d->n_elig == d->cap_elig) {
                size_t cap = d->cap_elig ? 2 * d->cap_elig : 1024;
                int *p = realloc(d->elig, cap * sizeof *p);
                if (!p)
                        return -ENOMEM;
                d->elig = p;
                d->cap_elig = cap;
        }
        d->elig[d->n_elig++] = e;
        return 0;
}

static int validate(const struct draw_input *in)
{
        if (!in || !in->seed || (in->n_apps && !in->apps) || (in->n_experts && !in->experts) ||
            (in->n_blocked && !in->blocked))
                return -EINVAL;
        if (in->n_apps > COUNT_MAX || in->n_experts > COUNT_MAX)
                return -EINVAL;
        for (size_t i = 0; i < in->n_apps; i++)
                if (in->apps[i].need < 0 || in->apps[i].category < 0 ||
                    in->apps[i].category >= DRAW_CATEGORIES_MAX)
                        return -EINVAL;
        for (size_t i = 0; i < in->n_experts; i++)
                if (in->experts[i].load < 0)
                        return -EINVAL;
        return 0;
}

/* Copies and sorts the input, so that nothing after depends on its order; refuses repeated ids. */
static int load_sorted(struct draw *d, const struct draw_input *in)
{
        d->n_apps = in->n_apps;
        d->n_experts = in->n_experts;
        d->n_blocked = in->n_blocked;
        d->apps = malloc((d->n_apps + 1) * sizeof *d->apps);
        d->experts = malloc((d->n_experts + 1) * sizeof *d->experts);
        d->blocked = malloc((d->n_blocked + 1) * sizeof *d->blocked);
        if (!d->apps || !d->experts || !d->blocked)
                return -ENOMEM;
        if (d->n_apps)
                memcpy(d->apps, in->apps, d->n_apps * sizeof *d->apps);
        if (d->n_experts)
                memcpy(d->experts, in->experts, d->n_experts * sizeof *d->experts);
        for (size_t i = 0; i < d->n_blocked; i++)
                d->blocked[i] = (struct draw_pair){ in->blocked[i][0], in->blocked[i][1] };
        qsort(d->apps, d->n_apps, sizeof *d->apps, cmp_app);
        qsort(d->experts, d->n_experts, sizeof *d->experts, cmp_expert);
        qsort(d->blocked, d->n_blocked, sizeof *d->blocked, cmp_pair);
        for (size_t i = 1; i < d->n_apps; i++)
                if (d->apps[i].id == d->apps[i - 1].id)
                        return -EINVAL;
        for (size_t i = 1; i < d->n_experts; i++)
                if (d->experts[i].id == d->experts[i - 1].id)
                        return -EINVAL;
        d->seed = fnv1a(in->seed);
        return 0;
}

/* Each application's eligible experts, in id order: specialists of its category not blocked for
 * it. One pass over the experts per application, walking its blocked pairs alongside. */
static int find_eligible(struct draw *d)
{
        d->fill = calloc(d->n_apps + 1, sizeof *d->fill);
        d->eligible = calloc(d->n_apps + 1, sizeof *d->eligible);
        d->first = calloc(d->n_apps + 1, sizeof *d->first);
        if (!d->fill || !d->eligible || !d->first)
                return -ENOMEM;
        size_t b = 0;
        for (size_t a = 0; a < d->n_apps; a++) {
                const struct draw_app *app = &d->apps[a];
                d->first[a] = d->n_elig;
                while (b < d->n_blocked && d->blocked[b].app_id < app->id)
                        b++;
                if (app->need == 0)
                        continue;
                uint32_t bit = UINT32_C(1) << app->category;
                int count = 0;
                for (size_t e = 0, k = b; e < d->n_experts; e++) {
                        const struct draw_expert *ex = &d->experts[e];
                        while (k < d->n_blocked && d->blocked[k].app_id == app->id &&
                               d->blocked[k].expert_id < ex->id)
                                k++;
                        if (!(ex->specialties & bit))
                                continue;
                        if (k < d->n_blocked && d->blocked[k].app_id == app->id && d->blocked[k].expert_id == ex->id)
                                continue;
                        count++;
                        if (push_elig(d, (int)e) < 0)
                                return -ENOMEM;
                }
                d->eligible[a] = count;
                d->fill[a] = app->need < count ? app->need : count;
                d->fill_total += d->fill[a];
                if (d->fill[a] == 0)
                        d->n_elig = d->first[a];
        }
        d->first[d->n_apps] = d->n_elig;
        if (d->fill_total > COUNT_MAX || d->n_elig > COUNT_MAX)
                return -ERANGE;
        return 0;
}

static void draw_free(struct draw *d)
{
        free(d->apps);
        free(d->experts);
        free(d->blocked);
        free(d->fill);
        free(d->eligible);
        free(d->first);
        free(d->elig);
        free(d->ties);
        free(d->in);
        free(d->chosen);
        free(d->arcs);
        free(d->levels);
        free(d->merged);
        free(d->merged_arc);
        free(d->guess);
        free(d->app_vertex);
        free(d->expert_vertex);
        free(d->pot);
}

struct by_cost {
        int64_t cost;
        int tie;
        size_t i;                       /* elig entry */
};

static int cmp_by_cost(const void *x, const void *y)
{
        const struct by_cost *a = x, *b = y;
        if (a->cost != b->cost)
                return (a->cost > b->cost) - (a->cost < b->cost);
        if (a->tie != b->tie)
                return a->tie - b->tie;
        return (a->i > b->i) - (a->i < b->i);
}

static int64_t level_cost(const struct draw *d, int64_t k)
{
        return d->w * (2 * (k - d->level_base) + 1);
}

/* The greedy draw, the levels (see CAP), W and the cost check, the vertices. */
static int plan(struct draw *d)
{
        struct by_cost *tmp = malloc((d->n_experts + 1) * sizeof *tmp);
        int *deg = calloc(d->n_experts + 1, sizeof *deg);
        size_t *pick = malloc(((size_t)d->fill_total + 1) * sizeof *pick);
        d->ties = malloc(d->n_elig + 1);
        d->in = calloc(d->n_elig + 1, 1);
        d->chosen = calloc(d->n_elig + 1, 1);
        d->arcs = calloc(d->n_elig + 1, sizeof *d->arcs);
        d->levels = calloc(d->n_experts + 1, sizeof *d->levels);
        d->merged = calloc(d->n_experts + 1, sizeof *d->merged);
        d->merged_arc = calloc(d->n_experts + 1, sizeof *d->merged_arc);
        d->guess = malloc((d->n_experts + 1) * sizeof *d->guess);
        d->app_vertex = calloc(d->n_apps + 1, sizeof *d->app_vertex);
        d->expert_vertex = calloc(d->n_experts + 1, sizeof *d->expert_vertex);
        int r = -ENOMEM;
        if (!tmp || !deg || !pick || !d->ties || !d->in || !d->chosen || !d->arcs || !d->levels || !d->merged ||
            !d->merged_arc || !d->guess || !d->app_vertex || !d->expert_vertex)
                goto done;

        for (size_t e = 0; e < d->n_experts; e++)
                d->guess[e] = d->experts[e].load;
        size_t p = 0, apps_drawn = 0;
        for (size_t a = 0; a < d->n_apps; a++) {
                if (d->fill[a] == 0)
                        continue;
                apps_drawn++;
                size_t n = 0;
                for (size_t i = d->first[a]; i < d->first[a + 1]; i++) {
                        int e = d->elig[i];
                        d->ties[i] = (unsigned char)tie(d->seed, d->apps[a].id, d->experts[e].id);
                        deg[e]++;
                        tmp[n++] = (struct by_cost){ d->guess[e], d->ties[i], i };
                }
                qsort(tmp, n, sizeof *tmp, cmp_by_cost);
                for (int j = 0; j < d->fill[a]; j++) {
                        pick[p++] = tmp[j].i;
                        d->guess[d->elig[tmp[j].i]]++;
                }
        }
        int64_t top = 0;
        for (size_t j = 0; j < p; j++) {
                d->in[pick[j]] = 1;
                if (d->guess[d->elig[pick[j]]] > top)
                        top = d->guess[d->elig[pick[j]]];
        }

        size_t experts_drawn = 0;
        d->level_base = INT64_MAX;
        for (size_t e = 0; e < d->n_experts; e++) {
                int64_t room = top - d->experts[e].load;
                d->levels[e] = room <= 0 ? 0 : room < deg[e] ? (int)room : deg[e];
                int64_t low = d->guess[e] - d->experts[e].load - MERGE_MARGIN;
                d->merged[e] = low <= 1 ? 0 : low < d->levels[e] ? (int)low : d->levels[e];
                if (d->levels[e] > 0) {
                        experts_drawn++;
                        if (d->experts[e].load + 1 < d->level_base)
                                d->level_base = d->experts[e].load + 1;
                }
        }
        int64_t cycle_arcs = (int64_t)(apps_drawn < experts_drawn ? apps_drawn : experts_drawn);
        d->w = cycle_arcs * (TIE_RANGE - 1) / 2 + 1;
        /* the dearest level costs W·(2(top − base) + 1), a price up to W more, an application's price a
         * tie more; divided before multiplying so that the check cannot overflow itself */
        r = -ERANGE;
        if (2 * (top - d->level_base) + 3 > COST_MAX / d->w)
                goto done;
        int64_t arcs = (int64_t)d->n_elig + (int64_t)apps_drawn + 1;
        for (size_t e = 0; e < d->n_experts; e++)
                arcs += d->levels[e];
        if (arcs > COUNT_MAX)
                goto done;

        d->n_vertices = 1;
        for (size_t a = 0; a < d->n_apps; a++)
                if (d->fill[a] > 0)
                        d->app_vertex[a] = ++d->n_vertices;
        for (size_t e = 0; e < d->n_experts; e++)
                if (d->levels[e] > 0)
                        d->expert_vertex[e] = ++d->n_vertices;
        d->n_vertices++;
        r = -ENOMEM;
        d->pot = calloc((size_t)d->n_vertices + 1, sizeof *d->pot);
        if (!d->pot)
                goto done;

        /* first prices (see PRICES): an expert's halfway between its last greedy level and the next
         * (π = −price), an application's its fill-th cheapest expert; the source and sink 0 */
        for (size_t e = 0; e < d->n_experts; e++)
                if (d->levels[e] > 0)
                        d->pot[d->expert_vertex[e]] = -(level_cost(d, d->guess[e]) + d->w);
        for (size_t a = 0; a < d->n_apps; a++) {
                if (d->fill[a] == 0)
                        continue;
                size_t n = 0;
                for (size_t i = d->first[a]; i < d->first[a + 1]; i++) {
                        int e = d->elig[i];
                        if (d->levels[e] > 0)
                                tmp[n++] = (struct by_cost){ d->ties[i] - d->pot[d->expert_vertex[e]], 0, i };
                }
                qsort(tmp, n, sizeof *tmp, cmp_by_cost);
                d->pot[d->app_vertex[a]] = -tmp[d->fill[a] - 1].cost;
                for (size_t j = 0; j < n && j < (size_t)d->fill[a] + FEW_MORE; j++)
                        d->in[tmp[j].i] = 1;
        }
        r = 0;
done:
        free(tmp);
        free(deg);
        free(pick);
        return r;
}

/* Adds an arc with the cost folded with the potentials; false when that leaves COST_MAX. */
static bool add_arc(struct draw *d, glp_graph *g, int from, int to, int64_t low, int64_t cap, int64_t cost,
                    glp_arc **ret)
{
        int64_t c = cost + d->pot[from] - d->pot[to];
        glp_arc *arc = glp_add_arc(g, from, to);
        *(struct adata *)arc->data = (struct adata){ .low = (double)low, .cap = (double)cap, .cost = (double)c };
        if (ret)
                *ret = arc;
        return c >= -COST_MAX && c <= COST_MAX;
}

/* One solve of the network with the arcs marked `in`; marks the drawn pairs and moves the
 * potentials to GLPK's optimal ones. GLPK may longjmp out of here (see solve_flow), so nothing is
 * allocated here but GLPK's own. */
static int solve_once(struct draw *d)
{
        glp_graph *g = glp_create_graph(sizeof(struct vdata), sizeof(struct adata));
        int source = 1, sink = d->n_vertices;
        bool ok = true;
        glp_add_vertices(g, sink);
        /* the source's arcs first: GLPK looks for an arc to fix from the first one on each step */
        for (size_t a = 0; a < d->n_apps; a++)
                if (d->fill[a] > 0)
                        ok &= add_arc(d, g, source, d->app_vertex[a], d->fill[a], d->fill[a], 0, NULL);
        for (size_t a = 0; a < d->n_apps; a++)
                for (size_t i = d->first[a]; i < d->first[a + 1]; i++) {
                        d->arcs[i] = NULL;
                        if (d->in[i])
                                ok &= add_arc(d, g, d->app_vertex[a], d->expert_vertex[d->elig[i]], 0, 1,
                                              d->ties[i], &d->arcs[i]);
                }
        for (size_t e = 0; e < d->n_experts; e++) {
                int m = d->merged[e];
                d->merged_arc[e] = NULL;
                if (m > 0)
                        ok &= add_arc(d, g, d->expert_vertex[e], sink, 0, m,
                                      level_cost(d, d->experts[e].load + m), &d->merged_arc[e]);
                for (int j = m; j < d->levels[e]; j++)
                        ok &= add_arc(d, g, d->expert_vertex[e], sink, 0, 1,
                                      level_cost(d, d->experts[e].load + 1 + j), NULL);
        }
        ok &= add_arc(d, g, sink, source, d->fill_total, d->fill_total, 0, NULL);
        int r = -ERANGE;
        if (ok)
                r = glp_mincost_okalg(g, -1, offsetof(struct adata, low), offsetof(struct adata, cap),
                                      offsetof(struct adata, cost), NULL, offsetof(struct adata, x),
                                      offsetof(struct vdata, pi));
        if (r == 0) {
                for (size_t i = 0; i < d->n_elig; i++)
                        d->chosen[i] = d->arcs[i] && ((struct adata *)d->arcs[i]->data)->x > 0.5;
                /* GLPK's potentials are those of c' and of the opposite sign: π' = π − pi */
                for (int v = 1; v <= sink; v++)
                        d->pot[v] -= (int64_t)((struct vdata *)g->v[v]->data)->pi;
                d->unmerged = 0;
                for (size_t e = 0; e < d->n_experts; e++)
                        if (d->merged_arc[e] && ((struct adata *)d->merged_arc[e]->data)->x < d->merged[e] - 0.5) {
                                d->merged[e] = 0;
                                d->unmerged++;
                        }
        } else if (r > 0) {
                r = r == GLP_ERANGE ? -ERANGE : -EIO;
        }
        glp_delete_graph(g);
        return r;
}

/* Marks the left-out arcs whose reduced cost is negative, at most ADD_MAX per application (the
 * most negative ones); returns how many. */
static size_t add_negative(struct draw *d)
{
        size_t added = 0;
        for (size_t a = 0; a < d->n_apps; a++) {
                size_t best[ADD_MAX] = { 0 };
                int64_t best_rc[ADD_MAX] = { 0 };
                int nb = 0;
                for (size_t i = d->first[a]; i < d->first[a + 1]; i++) {
                        int e = d->elig[i];
                        if (d->in[i] || d->levels[e] == 0)
                                continue;
                        int64_t rc = d->ties[i] + d->pot[d->app_vertex[a]] - d->pot[d->expert_vertex[e]];
                        if (rc >= 0 || (nb == ADD_MAX && rc >= best_rc[nb - 1]))
                                continue;
                        int k = nb < ADD_MAX ? nb++ : nb - 1;
                        for (; k > 0 && best_rc[k - 1] > rc; k--) {
                                best[k] = best[k - 1];
                                best_rc[k] = best_rc[k - 1];
                        }
                        best[k] = i;
                        best_rc[k] = rc;
                }
                for (int k = 0; k < nb; k++)
                        d->in[best[k]] = 1;
                added += (size_t)nb;
        }
        return added;
}

static void glpk_failed(void *info)
{
        longjmp(*(jmp_buf *)info, 1);
}

static int glpk_quiet(void *info, const char *s)
{
        (void)info;
        (void)s;
        return 1;
}

/* GLPK reports running out of memory (or any fatal error) by printing, calling the error hook and
 * then abort(): it prints nothing here (its error printing turns terminal output back on, so a
 * terminal hook swallows it), the hook jumps back here instead, and an environment in that state
 * may only be freed. A thread that had an environment before gets its terminal output setting back
 * and no terminal hook. */
static int solve_flow(struct draw *d)
{
        jmp_buf on_error;
        int env = glp_init_env();
        if (env == 2)
                return -ENOMEM;
        if (env != 0 && env != 1)
                return -EIO;
        int term = glp_term_out(GLP_OFF);
        glp_term_hook(glpk_quiet, NULL);
        glp_error_hook(glpk_failed, &on_error);
        if (setjmp(on_error)) {
                glp_free_env();
                return -ENOMEM;
        }
        int r;
        while ((r = solve_once(d)) == 0 && add_negative(d) + d->unmerged > 0)
                ;
        glp_error_hook(NULL, NULL);
        if (env == 0) {
                glp_free_env();
        } else {
                glp_term_hook(NULL, NULL);
                glp_term_out(term);
        }
        return r;
}

/* One draw at a time in the process: GLPK's environment is per thread only when it is built with
 * thread-local storage (Debian's is), and one draw at a time bounds the memory
 * and the CPU that draws can take. */
static pthread_mutex_t glpk_lock = PTHREAD_MUTEX_INITIALIZER;

int draw_solve(const struct draw_input *in, struct draw_result *ret)
{
        if (!ret)
                return -EINVAL;
        int r = validate(in);
        if (r < 0)
                return r;
        struct draw d = { 0 };
        struct draw_result out = { 0 };
        if ((r = load_sorted(&d, in)) < 0 || (r = find_eligible(&d)) < 0)
                goto done;
        size_t n_gaps = 0;
        for (size_t a = 0; a < d.n_apps; a++)
                n_gaps += d.fill[a] < d.apps[a].need;
        out.pairs = malloc(((size_t)d.fill_total + 1) * sizeof *out.pairs);
        out.gaps = malloc((n_gaps + 1) * sizeof *out.gaps);
        if (!out.pairs || !out.gaps) {
                r = -ENOMEM;
                goto done;
        }
        if (d.fill_total > 0) {
                if ((r = plan(&d)) < 0)
                        goto done;
                pthread_mutex_lock(&glpk_lock);
                r = solve_flow(&d);
                pthread_mutex_unlock(&glpk_lock);
                if (r < 0)
                        goto done;
        }

        /* in (application id, expert id) order, since both were sorted; each application must have
         * exactly its fill, or the solver broke its promise */
        uint32_t categories = 0;
        for (size_t e = 0; e < d.n_experts; e++)
                categories |= d.experts[e].specialties;
        for (size_t a = 0; a < d.n_apps; a++) {
                int drawn = 0;
                for (size_t i = d.first[a]; i < d.first[a + 1]; i++)
                        if (d.chosen[i]) {
                                out.pairs[out.n_pairs++] =
                                        (struct draw_pair){ d.apps[a].id, d.experts[d.elig[i]].id };
                                drawn++;
                        }
                if (drawn != d.fill[a]) {
                        r = -EIO;
                        goto done;
                }
                if (d.fill[a] < d.apps[a].need) {
                        bool none = !(categories & (UINT32_C(1) << d.apps[a].category));
                        out.gaps[out.n_gaps++] = (struct draw_gap){
                                .app_id = d.apps[a].id,
                                .missing = d.apps[a].need - d.fill[a],
                                .eligible = d.eligible[a],
                                .reason = none ? DRAW_NO_SPECIALIST : DRAW_TOO_FEW,
                        };
                }
        }
        *ret = out;
        out = (struct draw_result){ 0 };
        r = 0;
done:
        draw_result_free(&out);
        draw_free(&d);
        return r;
}

void draw_result_free(struct draw_result *r)
{
        if (!r)
                return;
        free(r->pairs);
        free(r->gaps);
        *r = (struct draw_result){ 0 };
}

const char *draw_shortfall_code(enum draw_shortfall r)
{
        switch (r) {
        case DRAW_NO_SPECIALIST:
                return "no_specialist";
        case DRAW_TOO_FEW:
                return "too_few";
        }
        return "";
}

const char *draw_shortfall_text(const struct draw_gap *g, char *buf, size_t n)
{
        if (!buf || n == 0)
                return "";
        buf[0] = '\0';
        if (!g)
                return buf;
        if (g->reason == DRAW_NO_SPECIALIST)
                snprintf(buf, n, "该类别无专家");
        else if (g->reason == DRAW_TOO_FEW)
                snprintf(buf, n, "可选专家仅 %d 人（需 %d 人）", g->eligible, g->eligible + g->missing);
        return buf;
}
