/* The expert draw: every application as full as its pool allows, never a blocked pair, a duplicate
 * or a non-specialist; loads as even as they can be (checked against brute force on small
 * instances); the same seed gives the same draw whatever the input order; a re-run with the draw
 * as existing assignments changes nothing, and after one declared conflict fills exactly that
 * place; short pools reported with their reasons; bad input refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "domain/draw.h"

#define MAXN 512

static uint64_t rng_state;

static uint64_t rnd(void)
{
        uint64_t x = (rng_state += 0x9e3779b97f4a7c15u);
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
        return x ^ (x >> 31);
}

static int below(int n)
{
        return (int)(rnd() % (uint64_t)n);
}

/* An instance the tests can grow and edit. */
struct inst {
        struct draw_app apps[MAXN];
        size_t n_apps;
        struct draw_expert experts[MAXN];
        size_t n_experts;
        int64_t blocked[4 * MAXN][2];
        size_t n_blocked;
        const char *seed;
        unsigned char blk[MAXN][MAXN];  /* by index, filled by index_blocks */
};

static struct draw_input input_of(const struct inst *t)
{
        return (struct draw_input){ t->apps, t->n_apps, t->experts, t->n_experts,
                                    (const int64_t (*)[2])t->blocked, t->n_blocked, t->seed };
}

static void add_app(struct inst *t, int64_t id, int category, int need)
{
        assert_true(t->n_apps < MAXN);
        t->apps[t->n_apps++] = (struct draw_app){ id, category, need };
}

static void add_expert(struct inst *t, int64_t id, uint32_t specialties, int load)
{
        assert_true(t->n_experts < MAXN);
        t->experts[t->n_experts++] = (struct draw_expert){ id, specialties, load };
}

static void block(struct inst *t, int64_t app, int64_t expert)
{
        assert_true(t->n_blocked < 4 * MAXN);
        t->blocked[t->n_blocked][0] = app;
        t->blocked[t->n_blocked][1] = expert;
        t->n_blocked++;
}


/* Where an id is in the instance; fails the test when it is not there. */
static size_t app_index(const struct inst *t, int64_t id)
{
        size_t i = 0;
        while (i < t->n_apps && t->apps[i].id != id)
                i++;
        assert_true(i < t->n_apps);
        return i;
}

static size_t expert_index(const struct inst *t, int64_t id)
{
        size_t i = 0;
        while (i < t->n_experts && t->experts[i].id != id)
                i++;
        assert_true(i < t->n_experts);
        return i;
}

/* Blocked pairs by index, ignoring those that name ids not in the instance (as the draw does). */
static void index_blocks(struct inst *t)
{
        memset(t->blk, 0, sizeof t->blk);
        for (size_t i = 0; i < t->n_blocked; i++) {
                size_t a = 0, e = 0;
                while (a < t->n_apps && t->apps[a].id != t->blocked[i][0])
                        a++;
                while (e < t->n_experts && t->experts[e].id != t->blocked[i][1])
                        e++;
                if (a < t->n_apps && e < t->n_experts)
                        t->blk[a][e] = 1;
        }
}

static bool eligible(const struct inst *t, size_t a, size_t e)
{
        return (t->experts[e].specialties >> t->apps[a].category & 1) && !t->blk[a][e];
}

static int count_eligible(const struct inst *t, size_t a)
{
        int n = 0;
        for (size_t e = 0; e < t->n_experts; e++)
                n += eligible(t, a, e);
        return n;
}

static bool drawn(const struct draw_result *r, int64_t app, int64_t expert)
{
        for (size_t i = 0; i < r->n_pairs; i++)
                if (r->pairs[i].app_id == app && r->pairs[i].expert_id == expert)
                        return true;
        return false;
}

static int drawn_for(const struct draw_result *r, int64_t app)
{
        int n = 0;
        for (size_t i = 0; i < r->n_pairs; i++)
                n += r->pairs[i].app_id == app;
        return n;
}

/* Total load of each expert (index as in t->experts) after the draw. */
static void totals(const struct inst *t, const struct draw_result *r, int64_t *load)
{
        for (size_t e = 0; e < t->n_experts; e++) {
                load[e] = t->experts[e].load;
                for (size_t i = 0; i < r->n_pairs; i++)
                        load[e] += r->pairs[i].expert_id == t->experts[e].id;
        }
}

/* Everything a draw promises except optimality of the balance: sorted, known ids, specialists,
 * not blocked, no duplicates, min(need, eligible) per application, the gaps exactly the short
 * applications with the right numbers and reason. */
static void check_draw(const struct inst *t, const struct draw_result *r)
{
        for (size_t i = 0; i < r->n_pairs; i++) {
                const struct draw_pair *p = &r->pairs[i];
                if (i > 0) {
                        const struct draw_pair *q = &r->pairs[i - 1];
                        assert_true(q->app_id < p->app_id || (q->app_id == p->app_id && q->expert_id < p->expert_id));
                }
                assert_true(eligible(t, app_index(t, p->app_id), expert_index(t, p->expert_id)));
        }
        size_t gaps = 0;
        for (size_t j = 0; j < t->n_apps; j++) {
                const struct draw_app *a = &t->apps[j];
                int n = count_eligible(t, j);
                int want = a->need < n ? a->need : n;
                assert_int_equal(drawn_for(r, a->id), want);
                if (want == a->need)
                        continue;
                size_t k = 0;
                while (k < r->n_gaps && r->gaps[k].app_id != a->id)
                        k++;
                assert_true(k < r->n_gaps);
                const struct draw_gap *g = &r->gaps[k];
                gaps++;
                assert_int_equal(g->missing, a->need - n);
                assert_int_equal(g->eligible, n);
                bool any = false;
                for (size_t e = 0; e < t->n_experts; e++)
                        any |= (t->experts[e].specialties >> a->category & 1) != 0;
                assert_int_equal(g->reason, any ? DRAW_TOO_FEW : DRAW_NO_SPECIALIST);
        }
        assert_int_equal(r->n_gaps, gaps);
        for (size_t k = 1; k < r->n_gaps; k++)
                assert_true(r->gaps[k - 1].app_id < r->gaps[k].app_id);
}

/* No single move improves the balance: an expert drawn for an application is never loaded 2 or
 * more above another expert eligible for it and not on it. */
static void check_no_better_move(const struct inst *t, const struct draw_result *r)
{
        static unsigned char on[MAXN][MAXN];
        int64_t load[MAXN];
        totals(t, r, load);
        memset(on, 0, sizeof on);
        for (size_t i = 0; i < r->n_pairs; i++)
                on[app_index(t, r->pairs[i].app_id)][expert_index(t, r->pairs[i].expert_id)] = 1;
        for (size_t a = 0; a < t->n_apps; a++)
                for (size_t from = 0; from < t->n_experts; from++) {
                        if (!on[a][from])
                                continue;
                        for (size_t e = 0; e < t->n_experts; e++)
                                if (eligible(t, a, e) && !on[a][e])
                                        assert_true(load[from] <= load[e] + 1);
                }
}

static int64_t sum_squares(const struct inst *t, const struct draw_result *r)
{
        int64_t load[MAXN], s = 0;
        totals(t, r, load);
        for (size_t e = 0; e < t->n_experts; e++)
                s += load[e] * load[e];
        return s;
}

/* The least Σ load² over every complete draw, by trying them all (tiny instances only). */
static void brute(const struct inst *t, size_t j, int64_t *load, int64_t *best)
{
        if (j == t->n_apps) {
                int64_t s = 0;
                for (size_t e = 0; e < t->n_experts; e++)
                        s += load[e] * load[e];
                if (s < *best)
                        *best = s;
                return;
        }
        const struct draw_app *a = &t->apps[j];
        int n = count_eligible(t, j), want = a->need < n ? a->need : n;
        for (uint32_t set = 0; set < (UINT32_C(1) << t->n_experts); set++) {
                if (__builtin_popcount(set) != want)
                        continue;
                bool ok = true;
                for (size_t e = 0; e < t->n_experts && ok; e++)
                        if (set >> e & 1)
                                ok = eligible(t, j, e);
                if (!ok)
                        continue;
                for (size_t e = 0; e < t->n_experts; e++)
                        load[e] += set >> e & 1;
                brute(t, j + 1, load, best);
                for (size_t e = 0; e < t->n_experts; e++)
                        load[e] -= set >> e & 1;
        }
}

static void solve(struct inst *t, struct draw_result *r)
{
        struct draw_input in = input_of(t);
        index_blocks(t);
        assert_int_equal(draw_solve(&in, r), 0);
        check_draw(t, r);
}

static void test_complete_and_conflict_free(void **state)
{
        (void)state;
        static struct inst t = { .seed = "2023-09" };
        rng_state = 1;
        for (int i = 0; i < 60; i++)
                add_app(&t, 100 + i, below(4), 5);
        for (int i = 0; i < 25; i++)
                add_expert(&t, 900 + i, (UINT32_C(1) << below(4)) | (UINT32_C(1) << below(4)), below(3));
        for (int i = 0; i < 150; i++)
                block(&t, 100 + below(60), 900 + below(25));
        struct draw_result r = { 0 };
        solve(&t, &r);
        assert_true(r.n_pairs > 250);
        check_no_better_move(&t, &r);
        draw_result_free(&r);
        assert_null(r.pairs);
        assert_int_equal(r.n_pairs, 0);
        draw_result_free(&r);
        draw_result_free(NULL);
}

static void test_balanced_within_one(void **state)
{
        (void)state;
        /* 40 applications × 5 places over 13 identical experts: 200 = 13 × 15 + 5 */
        static struct inst t = { .seed = "balance" };
        for (int i = 0; i < 40; i++)
                add_app(&t, i + 1, 2, 5);
        for (int i = 0; i < 13; i++)
                add_expert(&t, 1000 + i, UINT32_C(1) << 2, 0);
        struct draw_result r = { 0 };
        solve(&t, &r);
        assert_int_equal(r.n_pairs, 200);
        int64_t load[MAXN];
        totals(&t, &r, load);
        int at16 = 0;
        for (size_t e = 0; e < t.n_experts; e++) {
                assert_true(load[e] == 15 || load[e] == 16);
                at16 += load[e] == 16;
        }
        assert_int_equal(at16, 5);
        draw_result_free(&r);

        /* existing loads 0 … 12 (78) + 200 new = 278 = 13 × 21 + 5: the draw levels them */
        for (int i = 0; i < 13; i++)
                t.experts[i].load = i;
        solve(&t, &r);
        totals(&t, &r, load);
        for (size_t e = 0; e < t.n_experts; e++)
                assert_true(load[e] == 21 || load[e] == 22);
        draw_result_free(&r);

        /* one expert far above everyone gets nothing when the others can take it all */
        t.experts[12].load = 40;
        solve(&t, &r);
        totals(&t, &r, load);
        assert_int_equal(load[12], 40);
        int64_t lo = load[0], hi = load[0];
        for (size_t e = 0; e < 12; e++) {
                lo = load[e] < lo ? load[e] : lo;
                hi = load[e] > hi ? load[e] : hi;
        }
        assert_true(hi - lo <= 1);
        draw_result_free(&r);
}

static void shuffle(struct inst *t)
{
        for (size_t i = t->n_apps; i > 1; i--) {
                size_t j = (size_t)below((int)i);
                struct draw_app x = t->apps[i - 1];
                t->apps[i - 1] = t->apps[j];
                t->apps[j] = x;
        }
        for (size_t i = t->n_experts; i > 1; i--) {
                size_t j = (size_t)below((int)i);
                struct draw_expert x = t->experts[i - 1];
                t->experts[i - 1] = t->experts[j];
                t->experts[j] = x;
        }
        for (size_t i = t->n_blocked; i > 1; i--) {
                size_t j = (size_t)below((int)i);
                int64_t a = t->blocked[i - 1][0], b = t->blocked[i - 1][1];
                t->blocked[i - 1][0] = t->blocked[j][0];
                t->blocked[i - 1][1] = t->blocked[j][1];
                t->blocked[j][0] = a;
                t->blocked[j][1] = b;
        }
}

static bool same_pairs(const struct draw_result *a, const struct draw_result *b)
{
        return a->n_pairs == b->n_pairs && memcmp(a->pairs, b->pairs, a->n_pairs * sizeof *a->pairs) == 0;
}

static void test_reproducible(void **state)
{
        (void)state;
        static struct inst t = { .seed = "专家抽取 2023-09-01" };
        rng_state = 7;
        for (int i = 0; i < 50; i++)
                add_app(&t, 5000 - 7 * i, below(3), 1 + below(5));
        for (int i = 0; i < 30; i++)
                add_expert(&t, 77 + 13 * i, (UINT32_C(1) << below(3)) | (UINT32_C(1) << below(3)), below(4));
        for (int i = 0; i < 80; i++)
                block(&t, 5000 - 7 * below(50), 77 + 13 * below(30));
        struct draw_result first = { 0 }, again = { 0 };
        solve(&t, &first);
        for (int k = 0; k < 5; k++) {
                shuffle(&t);
                solve(&t, &again);
                assert_true(same_pairs(&first, &again));
                draw_result_free(&again);
        }
        /* another seed: the same balance, but (for at least one of several seeds) other pairs */
        const char *seeds[] = { "a", "b", "c", "d", "e" };
        int differ = 0;
        for (size_t k = 0; k < sizeof seeds / sizeof *seeds; k++) {
                t.seed = seeds[k];
                solve(&t, &again);
                assert_int_equal(sum_squares(&t, &again), sum_squares(&t, &first));
                differ += !same_pairs(&first, &again);
                draw_result_free(&again);
        }
        assert_true(differ >= 1);
        draw_result_free(&first);
}

/* The tie-breaks belong to the pairs' ids, not to positions: an application and an expert of a
 * category nobody else has, added with the smallest ids, leave every other pair as it was. */
static void test_unrelated_addition_keeps_the_draw(void **state)
{
        (void)state;
        static struct inst t = { .seed = "独立" };
        rng_state = 5;
        for (int i = 0; i < 40; i++)
                add_app(&t, 100 + i, below(3), 1 + below(4));
        for (int i = 0; i < 20; i++)
                add_expert(&t, 100 + i, 1 + (uint32_t)below(7), below(3));
        for (int i = 0; i < 30; i++)
                block(&t, 100 + below(40), 100 + below(20));
        struct draw_result before = { 0 }, after = { 0 };
        solve(&t, &before);
        add_app(&t, 1, 3, 2);
        add_expert(&t, 1, 1 << 3, 0);
        add_expert(&t, 2, 1 << 3, 0);
        solve(&t, &after);
        assert_int_equal(after.n_pairs, before.n_pairs + 2);
        assert_memory_equal(after.pairs + 2, before.pairs, before.n_pairs * sizeof *before.pairs);
        draw_result_free(&before);
        draw_result_free(&after);
}

/* The next run's input after a draw: its pairs become existing assignments (load, blocked, one
 * place less). */
static void apply(struct inst *t, const struct draw_result *r)
{
        for (size_t i = 0; i < r->n_pairs; i++) {
                block(t, r->pairs[i].app_id, r->pairs[i].expert_id);
                for (size_t j = 0; j < t->n_apps; j++)
                        if (t->apps[j].id == r->pairs[i].app_id)
                                t->apps[j].need--;
                for (size_t e = 0; e < t->n_experts; e++)
                        if (t->experts[e].id == r->pairs[i].expert_id)
                                t->experts[e].load++;
        }
}

static void test_rerun_changes_only_the_gap(void **state)
{
        (void)state;
        static struct inst t = { .seed = "rerun" };
        rng_state = 11;
        for (int i = 0; i < 30; i++)
                add_app(&t, 200 + i, below(2), 5);
        for (int i = 0; i < 16; i++)
                add_expert(&t, 300 + i, 1 + (uint32_t)below(3), 0);
        struct draw_result r = { 0 };
        solve(&t, &r);
        int64_t app = r.pairs[7].app_id, expert = r.pairs[7].expert_id;
        apply(&t, &r);
        draw_result_free(&r);

        /* nothing is missing: nothing is drawn */
        solve(&t, &r);
        assert_int_equal(r.n_pairs, 0);
        assert_int_equal(r.n_gaps, 0);
        draw_result_free(&r);

        /* the expert declares a conflict: the assignment ends (load − 1, place open again), the
         * pair stays blocked; the re-run fills exactly that place, with someone else */
        for (size_t j = 0; j < t.n_apps; j++)
                if (t.apps[j].id == app)
                        t.apps[j].need++;
        for (size_t e = 0; e < t.n_experts; e++)
                if (t.experts[e].id == expert)
                        t.experts[e].load--;
        solve(&t, &r);
        assert_int_equal(r.n_pairs, 1);
        assert_int_equal(r.pairs[0].app_id, app);
        assert_true(r.pairs[0].expert_id != expert);
        draw_result_free(&r);
}

static void test_short_pools_reported(void **state)
{
        (void)state;
        static struct inst t = { .seed = "short" };
        add_app(&t, 1, 0, 5);           /* 6 specialists, 3 of them in conflict */
        add_app(&t, 2, 3, 5);           /* nobody reviews category 3 */
        add_app(&t, 3, 1, 2);           /* plenty */
        for (int i = 0; i < 6; i++)
                add_expert(&t, 10 + i, 0x3, 0);
        block(&t, 1, 10);
        block(&t, 1, 12);
        block(&t, 1, 14);
        block(&t, 1, 14);               /* a repeat is harmless */
        block(&t, 99, 10);              /* so is an unknown application */
        struct draw_result r = { 0 };
        solve(&t, &r);
        assert_int_equal(r.n_gaps, 2);
        assert_int_equal(r.gaps[0].app_id, 1);
        assert_int_equal(r.gaps[0].reason, DRAW_TOO_FEW);
        assert_int_equal(r.gaps[0].missing, 2);
        assert_int_equal(r.gaps[0].eligible, 3);
        assert_true(drawn(&r, 1, 11) && drawn(&r, 1, 13) && drawn(&r, 1, 15));
        assert_int_equal(r.gaps[1].app_id, 2);
        assert_int_equal(r.gaps[1].reason, DRAW_NO_SPECIALIST);
        assert_int_equal(r.gaps[1].missing, 5);
        assert_int_equal(r.gaps[1].eligible, 0);
        assert_int_equal(drawn_for(&r, 3), 2);

        char buf[64];
        assert_string_equal(draw_shortfall_code(r.gaps[0].reason), "too_few");
        assert_string_equal(draw_shortfall_code(r.gaps[1].reason), "no_specialist");
        assert_string_equal(draw_shortfall_code((enum draw_shortfall)0), "");
        assert_string_equal(draw_shortfall_text(&r.gaps[0], buf, sizeof buf), "可选专家仅 3 人（需 5 人）");
        assert_string_equal(draw_shortfall_text(&r.gaps[1], buf, sizeof buf), "该类别无专家");
        assert_string_equal(draw_shortfall_text(&r.gaps[0], NULL, 0), "");
        draw_result_free(&r);
}

static void test_empty_inputs(void **state)
{
        (void)state;
        struct draw_result r = { 0 };
        struct draw_input in = { .seed = "" };
        assert_int_equal(draw_solve(&in, &r), 0);
        assert_int_equal(r.n_pairs, 0);
        assert_int_equal(r.n_gaps, 0);
        draw_result_free(&r);

        static struct inst t = { .seed = "x" };
        add_app(&t, 1, 0, 5);
        add_app(&t, 2, 0, 0);           /* full already: no gap */
        solve(&t, &r);                  /* and no experts at all */
        assert_int_equal(r.n_pairs, 0);
        assert_int_equal(r.n_gaps, 1);
        assert_int_equal(r.gaps[0].reason, DRAW_NO_SPECIALIST);
        draw_result_free(&r);

        t.apps[0].need = 0;
        add_expert(&t, 5, 1, 0);
        solve(&t, &r);
        assert_int_equal(r.n_pairs, 0);
        assert_int_equal(r.n_gaps, 0);
        draw_result_free(&r);
}

static void test_bad_input_refused(void **state)
{
        (void)state;
        struct draw_app apps[2] = { { 1, 0, 2 }, { 2, 1, 2 } };
        struct draw_expert experts[2] = { { 1, 3, 0 }, { 2, 3, 0 } };
        struct draw_input ok = { apps, 2, experts, 2, NULL, 0, "s" };
        struct draw_pair sentinel = { 0 };
        struct draw_result r = { &sentinel, 42, NULL, 7 };
        struct draw_input in;

        in = ok, in.seed = NULL;
        assert_int_equal(draw_solve(&in, &r), -EINVAL);
        in = ok, in.apps = NULL;
        assert_int_equal(draw_solve(&in, &r), -EINVAL);
        in = ok, in.experts = NULL;
        assert_int_equal(draw_solve(&in, &r), -EINVAL);
        in = ok, in.n_blocked = 1;
        assert_int_equal(draw_solve(&in, &r), -EINVAL);
        assert_int_equal(draw_solve(NULL, &r), -EINVAL);
        assert_int_equal(draw_solve(&ok, NULL), -EINVAL);
        apps[0].need = -1;
        assert_int_equal(draw_solve(&ok, &r), -EINVAL);
        apps[0].need = 2, apps[0].category = 32;
        assert_int_equal(draw_solve(&ok, &r), -EINVAL);
        apps[0].category = -1;
        assert_int_equal(draw_solve(&ok, &r), -EINVAL);
        apps[0].category = 0, apps[1].id = 1;
        assert_int_equal(draw_solve(&ok, &r), -EINVAL);
        apps[1].id = 2, experts[1].id = 1;
        assert_int_equal(draw_solve(&ok, &r), -EINVAL);
        experts[1].id = 2, experts[1].load = -1;
        assert_int_equal(draw_solve(&ok, &r), -EINVAL);
        /* untouched on failure */
        assert_ptr_equal(r.pairs, &sentinel);
        assert_int_equal(r.n_pairs, 42);
        assert_int_equal(r.n_gaps, 7);

        /* loads so far apart that the level costs would leave GLPK's int range */
        experts[1].load = 100000000;
        r = (struct draw_result){ 0 };
        assert_int_equal(draw_solve(&ok, &r), -ERANGE);
        assert_null(r.pairs);
        experts[1].load = 0;
        assert_int_equal(draw_solve(&ok, &r), 0);
        assert_int_equal(r.n_pairs, 4);
        draw_result_free(&r);
}

/* GLPK failing inside the solve (here: the calling thread's memory limit) is -ENOMEM, not abort();
 * the thread's GLPK environment is gone afterwards and the next draw works. */
static void test_glpk_failure_is_an_error(void **state)
{
        (void)state;
        static struct draw_app apps[2000];
        static struct draw_expert experts[60];
        for (int i = 0; i < 2000; i++)
                apps[i] = (struct draw_app){ i + 1, 0, 5 };
        for (int i = 0; i < 60; i++)
                experts[i] = (struct draw_expert){ i + 1, 1, 0 };
        struct draw_input in = { apps, 2000, experts, 60, NULL, 0, "limit" };
        struct draw_result r = { 0 };
        glp_mem_limit(1);               /* megabytes, for this thread's environment */
        assert_int_equal(draw_solve(&in, &r), -ENOMEM);
        assert_null(r.pairs);
        assert_int_equal(draw_solve(&in, &r), 0);
        assert_int_equal(r.n_pairs, 10000);
        draw_result_free(&r);
}

/* Many small random instances: every promise, and the balance equal to the best of all complete
 * draws. Specialties are either the same for everyone (the uniform case) or random. */
static void test_random_instances_optimal(void **state)
{
        (void)state;
        static struct inst t;
        char seed[32];
        rng_state = 2023;
        for (int round = 0; round < 400; round++) {
                memset(&t, 0, sizeof t);
                snprintf(seed, sizeof seed, "r%d", round);
                t.seed = seed;
                bool uniform = round % 2 == 0;
                int n_apps = 1 + below(4), n_experts = 1 + below(6);
                for (int i = 0; i < n_apps; i++)
                        add_app(&t, 1 + below(1000) * 8 + i, uniform ? 0 : below(3), below(5));
                for (int i = 0; i < n_experts; i++)
                        add_expert(&t, 1 + below(1000) * 8 + i, uniform ? 1 : (uint32_t)below(8), below(4));
                int blocks = below(4);
                for (int i = 0; i < blocks; i++)
                        block(&t, t.apps[below(n_apps)].id, t.experts[below(n_experts)].id);
                struct draw_result r = { 0 };
                solve(&t, &r);
                check_no_better_move(&t, &r);
                int64_t load[MAXN], best = INT64_MAX;
                for (size_t e = 0; e < t.n_experts; e++)
                        load[e] = t.experts[e].load;
                brute(&t, 0, load, &best);
                assert_int_equal(sum_squares(&t, &r), best);
                draw_result_free(&r);
        }
}

/* Larger random instances, existing loads often far apart: every promise and no improving move
 * (too big for brute force). These are the instances where stopping GLPK's rounds early, or keeping
 * a merged level arc that is not full, leaves a worse balance. */
static void test_random_instances_larger(void **state)
{
        (void)state;
        static struct inst t;
        for (int round = 0; round < 200; round++) {
                memset(&t, 0, sizeof t);
                rng_state = (uint64_t)round * 7919 + 1;
                t.seed = "s";
                int n_apps = 20 + below(200), n_experts = 3 + below(40), categories = 1 + below(4);
                int blocks = below(n_apps * n_experts / 4 + 1);
                for (int i = 0; i < n_apps; i++)
                        add_app(&t, i + 1, below(categories), below(6));
                for (int i = 0; i < n_experts; i++)
                        add_expert(&t, i + 1, (uint32_t)below(1 << categories), below(2) ? below(20) : 0);
                for (int i = 0; i < blocks && i < 4 * MAXN; i++)
                        block(&t, 1 + below(n_apps), 1 + below(n_experts));
                struct draw_result r = { 0 };
                solve(&t, &r);
                check_no_better_move(&t, &r);
                draw_result_free(&r);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_complete_and_conflict_free),
                cmocka_unit_test(test_balanced_within_one),
                cmocka_unit_test(test_reproducible),
                cmocka_unit_test(test_unrelated_addition_keeps_the_draw),
                cmocka_unit_test(test_rerun_changes_only_the_gap),
                cmocka_unit_test(test_short_pools_reported),
                cmocka_unit_test(test_empty_inputs),
                cmocka_unit_test(test_bad_input_refused),
                cmocka_unit_test(test_glpk_failure_is_an_error),
                cmocka_unit_test(test_random_instances_optimal),
                cmocka_unit_test(test_random_instances_larger),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
