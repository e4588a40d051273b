/* The experts' scores: the contract's trimming rule at its boundaries and its rounding, the spread,
 * missing scores, ranks with ties, the calibration recovering planted biases (and leaving alone the
 * experts it cannot measure), its gauge per group of experts, and the ranking's stability note. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aggregate.h"

#define MEAN(trim, ...)                                                                                         \
        aggregate_mean((const int64_t[]){ __VA_ARGS__ }, sizeof((const int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t), \
                       (trim))

/* ---------------------------------------------------------------- the rule */

static void test_four_scores_plain_mean_five_trimmed(void **state)
{
        (void)state;
        /* 4 < trim_from 5: every score counts */
        assert_int_equal(MEAN(5, 8000, 9000, 7000, 6000), 7500);
        /* exactly trim_from: 100 and 60 go */
        assert_int_equal(MEAN(5, 8000, 9000, 7000, 6000, 10000), 8000);
        /* a set whose plain and trimmed means differ, either side of the boundary */
        assert_int_equal(MEAN(5, 8000, 9000, 7000, 6000, 9900), 8000);
        assert_int_equal(MEAN(6, 8000, 9000, 7000, 6000, 9900), 7980);
        assert_int_equal(MEAN(4, 8000, 9000, 7000, 6100), 7500);
        assert_int_equal(MEAN(5, 8000, 9000, 7000, 6100), 7525);
}

static void test_only_one_highest_and_one_lowest_dropped(void **state)
{
        (void)state;
        /* two 90s and two 60s: one of each goes, (90 + 60 + 80) / 3 = 76.67 */
        assert_int_equal(MEAN(5, 9000, 9000, 6000, 6000, 8000), 7667);
        assert_int_equal(MEAN(5, 8000, 8000, 8000, 8000, 8000), 8000);
        /* the extremes are dropped whatever their position */
        assert_int_equal(MEAN(5, 10000, 7000, 7000, 7000, 0), 7000);
}

static void test_rounding_half_away_from_zero_exact(void **state)
{
        (void)state;
        /* Of three totals the mean is never a half hundredth (thirds only): down at ⅓, up at ⅔ */
        assert_int_equal(MEAN(5, 8000, 8000, 8001), 8000);
        assert_int_equal(MEAN(5, 8000, 8001, 8001), 8001);
        /* halves: two or four totals, plain or after trimming six */
        assert_int_equal(MEAN(5, 8000, 8001), 8001);                    /* 80.005 → 80.01 */
        assert_int_equal(MEAN(5, 8000, 8000, 8000, 8001), 8000);        /* 80.0025 */
        assert_int_equal(MEAN(5, 8000, 8000, 8001, 8001), 8001);        /* 80.005 */
        assert_int_equal(MEAN(5, 8000, 8001, 8001, 8001), 8001);        /* 80.0075 */
        assert_int_equal(MEAN(5, 5000, 8000, 8000, 8001, 8001, 9999), 8001);
        assert_int_equal(MEAN(5, 5000, 8000, 8000, 8000, 8001, 9999), 8000);
        assert_int_equal(MEAN(5, 1, 2), 2);
        /* away from zero below it too (calibrated totals can be negative) */
        assert_int_equal(MEAN(5, -1, -2), -2);
        assert_int_equal(MEAN(5, -8000, -8001), -8001);
        assert_int_equal(MEAN(5, -8000, -8000, -8000, -8001), -8000);
        /* far beyond a double's exact halves of hundredths: 2⁵³ + 1.5 */
        int64_t big = INT64_C(9007199254740993);
        assert_int_equal(MEAN(5, big, big + 1), big + 1);
        assert_int_equal(MEAN(5, big + 1, big + 2), big + 2);
}

static void test_no_score_and_one_score(void **state)
{
        (void)state;
        assert_int_equal(aggregate_mean(NULL, 0, 5), 0);
        assert_int_equal(MEAN(5, 7325), 7325);
        /* fewer than three are never trimmed, whatever trim_from says */
        assert_int_equal(MEAN(0, 7000, 8000), 7500);
        assert_int_equal(MEAN(0, 7000, 8000, 9500), 8000);
}

/* ---------------------------------------------------------------- helpers */

struct run {
        struct agg_input in;
        struct agg_project *p;
        struct agg_expert *e;
        struct agg_category *c;
};

static int run_do(struct run *r)
{
        free(r->p);
        free(r->e);
        free(r->c);
        r->p = calloc(r->in.n_projects + 1, sizeof *r->p);
        r->e = calloc(r->in.n_experts + 1, sizeof *r->e);
        r->c = calloc(r->in.n_categories + 1, sizeof *r->c);
        assert_non_null(r->p);
        assert_non_null(r->e);
        assert_non_null(r->c);
        return aggregate_run(&r->in, r->p, r->e, r->c);
}

static void run_free(struct run *r)
{
        free(r->p);
        free(r->e);
        free(r->c);
}

static struct agg_input input(size_t np, size_t ne, size_t nc, const struct agg_score *s, size_t ns, const int *cat,
                              const int *expected)
{
        return (struct agg_input){ .n_projects = np, .n_experts = ne, .n_categories = nc, .scores = s,
                                   .n_scores = ns, .category = cat, .expected = expected, .trim_from = 5,
                                   .min_overlap = 3, .top = 5 };
}

/* ---------------------------------------------------------------- one call, no calibration at play */

static void test_missing_score_shown_and_plain_mean(void **state)
{
        (void)state;
        /* project 0: 4 of 5 submitted; project 1: 5 of 5; project 2: none of 5 */
        const struct agg_score s[] = {
                { 0, 0, 8000 }, { 0, 1, 9000 }, { 0, 2, 7000 }, { 0, 3, 6000 },
                { 1, 0, 8000 }, { 1, 1, 9000 }, { 1, 2, 7000 }, { 1, 3, 6000 }, { 1, 4, 10000 },
        };
        const int cat[] = { 0, 0, 0 }, expected[] = { 5, 5, 5 };
        struct run r = { .in = input(3, 5, 1, s, 9, cat, expected) };
        r.in.min_overlap = 100;         /* nobody corrected: calibrated = score */
        assert_int_equal(run_do(&r), 0);
        assert_int_equal(r.p[0].n, 4);
        assert_int_equal(r.p[0].expected, 5);
        assert_true(r.p[0].has_score);
        assert_int_equal(r.p[0].score, 7500);
        assert_int_equal(r.p[0].calibrated, 7500);
        assert_int_equal(r.p[1].n, 5);
        assert_int_equal(r.p[1].score, 8000);
        assert_int_equal(r.p[2].n, 0);
        assert_int_equal(r.p[2].expected, 5);
        assert_false(r.p[2].has_score);
        assert_int_equal(r.p[2].score, 0);
        /* no score, no rank; the others ranked 1 and 2 */
        assert_int_equal(r.p[2].rank_category, 0);
        assert_int_equal(r.p[2].rank_overall, 0);
        assert_int_equal(r.p[2].rank_category_calibrated, 0);
        assert_int_equal(r.p[1].rank_overall, 1);
        assert_int_equal(r.p[0].rank_overall, 2);
        assert_int_equal(r.c[0].projects, 3);
        assert_int_equal(r.c[0].ranked, 2);
        for (size_t e = 0; e < 5; e++) {
                assert_false(r.e[e].corrected);
                assert_int_equal(r.e[e].component, -1);
                assert_true(r.e[e].bias == 0);
        }
        assert_int_equal(r.e[0].n, 2);
        assert_int_equal(r.e[0].overlap, 2);
        assert_int_equal(r.e[4].n, 1);
        assert_int_equal(r.e[4].overlap, 1);
        run_free(&r);
}

static void test_spread(void **state)
{
        (void)state;
        const struct agg_score s[] = { { 0, 0, 8000 }, { 0, 1, 9000 }, { 0, 2, 7000 }, { 0, 3, 6000 }, { 1, 2, 7725 } };
        const int cat[] = { 0, 0 }, expected[] = { 4, 1 };
        struct run r = { .in = input(2, 4, 1, s, 5, cat, expected) };
        assert_int_equal(run_do(&r), 0);
        assert_int_equal(r.p[0].min, 6000);
        assert_int_equal(r.p[0].max, 9000);
        /* deviations ±5 and ±15 points: √((25 + 225 + 25 + 225) / 4) = √125 */
        assert_true(fabs(r.p[0].stddev - sqrt(125.0)) < 1e-9);
        assert_int_equal(r.p[1].min, 7725);
        assert_int_equal(r.p[1].max, 7725);
        assert_true(r.p[1].stddev == 0);
        run_free(&r);
}

static void test_bad_input_refused_outputs_untouched(void **state)
{
        (void)state;
        static const struct agg_score s0[] = { { 0, 0, 8000 }, { 0, 1, 9000 }, { 1, 0, 7000 } };
        static const int expected0[] = { 2, 1 };
        struct agg_score s[3] = { s0[0], s0[1], s0[2] };
        int cat[] = { 0, 1 }, expected[2] = { expected0[0], expected0[1] };
        struct agg_project p[2], p0[2];
        struct agg_expert e[2], e0[2];
        struct agg_category c[2], c0[2];
        memset(p, 0xab, sizeof p);
        memset(e, 0xab, sizeof e);
        memset(c, 0xab, sizeof c);
        memcpy(p0, p, sizeof p);
        memcpy(e0, e, sizeof e);
        memcpy(c0, c, sizeof c);

        const struct agg_input good = input(2, 2, 2, s, 3, cat, expected);
        struct agg_input in;
#define REFUSED(change)                                                 \
        do {                                                            \
                memcpy(s, s0, sizeof s);                                \
                memcpy(expected, expected0, sizeof expected);           \
                in = good;                                              \
                change;                                                 \
                assert_int_equal(aggregate_run(&in, p, e, c), -EINVAL); \
                assert_memory_equal(p, p0, sizeof p);                   \
                assert_memory_equal(e, e0, sizeof e);                   \
                assert_memory_equal(c, c0, sizeof c);                   \
        } while (0)
        REFUSED(in.trim_from = 2);
        REFUSED(in.min_overlap = 0);
        REFUSED(in.top = 0);
        REFUSED(in.n_categories = 1);                   /* project 1's category 1 is out of range */
        REFUSED(cat[1] = -1; in.category = cat);
        cat[1] = 1;
        REFUSED(in.category = NULL);
        REFUSED(in.expected = NULL);
        REFUSED(s[2].total = 10001);
        REFUSED(s[2].total = -1);
        REFUSED(s[2].project = 2);
        REFUSED(s[2].expert = 2);
        REFUSED(s[2].project = 0);                      /* expert 0 twice on project 0 */
        REFUSED(expected[1] = -1);
#undef REFUSED
        memcpy(s, s0, sizeof s);
        memcpy(expected, expected0, sizeof expected);
        assert_int_equal(aggregate_run(NULL, p, e, c), -EINVAL);
        assert_int_equal(aggregate_run(&good, NULL, e, c), -EINVAL);
        assert_memory_equal(e, e0, sizeof e);
        /* the boundaries themselves are fine */
        s[2].total = 10000;
        assert_int_equal(aggregate_run(&good, p, e, c), 0);
        assert_int_equal(p[1].score, 10000);
        s[2].total = 0;
        assert_int_equal(aggregate_run(&good, p, e, c), 0);
        assert_int_equal(p[1].score, 0);
        assert_true(p[1].has_score);
}

/* ---------------------------------------------------------------- ranks */

static void test_ties_share_a_rank_and_the_next_skips(void **state)
{
        (void)state;
        const int64_t v[] = { 9000, 8000, 8000, 7000 };
        const bool has[] = { true, true, true, true };
        int rc[4], ro[4];
        bool tc[4], to[4];
        assert_int_equal(aggregate_rank(4, v, has, NULL, rc, ro, tc, to, NULL), 0);
        assert_int_equal(ro[0], 1);
        assert_int_equal(ro[1], 2);
        assert_int_equal(ro[2], 2);
        assert_int_equal(ro[3], 4);
        assert_false(to[0]);
        assert_true(to[1]);
        assert_true(to[2]);
        assert_false(to[3]);
        /* no categories: one category, the same ranks */
        assert_memory_equal(rc, ro, sizeof rc);
}

static void test_rank_in_category_and_overall_unranked_last(void **state)
{
        (void)state;
        const int64_t v[] = { 9000, 8000, 8000, 7000, 9999, 8500, 7000 };
        const bool has[] = { true, true, true, true, false, true, true };
        const int cat[] = { 0, 1, 0, 0, 1, 1, 1 };
        int rc[7], ro[7];
        bool tc[7], to[7];
        size_t order[7];
        assert_int_equal(aggregate_rank(7, v, has, cat, rc, ro, tc, to, order), 0);
        /* overall: 90 (p0) 1, 85 (p5) 2, 80 (p1, p2) 3, 70 (p3, p6) 5; p4 has no value (its 99.99
         * is not looked at) */
        const int want_ro[] = { 1, 3, 3, 5, 0, 2, 5 };
        const bool want_to[] = { false, true, true, true, false, false, true };
        /* category 0: p0 1, p2 2, p3 3; category 1: p5 1, p1 2, p6 3 — no ties inside a category */
        const int want_rc[] = { 1, 2, 2, 3, 0, 1, 3 };
        for (size_t p = 0; p < 7; p++) {
                assert_int_equal(ro[p], want_ro[p]);
                assert_int_equal(rc[p], want_rc[p]);
                assert_int_equal(to[p], want_to[p]);
                assert_false(tc[p]);
        }
        const size_t want_order[] = { 0, 5, 1, 2, 3, 6, 4 };
        for (size_t i = 0; i < 7; i++)
                assert_int_equal(order[i], want_order[i]);

        /* a tie inside a category */
        const int cat2[] = { 0, 0, 0, 0, 1, 1, 1 };
        assert_int_equal(aggregate_rank(7, v, has, cat2, rc, NULL, tc, NULL, NULL), 0);
        assert_int_equal(rc[1], 2);
        assert_int_equal(rc[2], 2);
        assert_int_equal(rc[3], 4);
        assert_true(tc[1]);
        assert_true(tc[2]);
        assert_false(tc[3]);
        assert_int_equal(rc[5], 1);
        assert_int_equal(rc[6], 2);
}

/* ---------------------------------------------------------------- calibration */

/* y = q + b exactly: 8 projects, 4 experts, project p scored by all but expert p % 4 */
static size_t rotation(size_t p0, size_t e0, size_t np, const int64_t *q, const int64_t *b, struct agg_score *s)
{
        size_t n = 0;
        for (size_t p = 0; p < np; p++)
                for (size_t e = 0; e < 4; e++)
                        if (e != p % 4)
                                s[n++] = (struct agg_score){ p0 + p, e0 + e, q[p] + b[e] };
        return n;
}

static void test_exact_biases_recovered(void **state)
{
        (void)state;
        const int64_t q[8] = { 8000, 7000, 6000, 9000, 8500, 7500, 6500, 9500 };
        const int64_t b[4] = { 400, 200, -200, -400 };
        struct agg_score s[24];
        size_t ns = rotation(0, 0, 8, q, b, s);
        const int cat[8] = { 0 }, expected[8] = { 3, 3, 3, 3, 3, 3, 3, 3 };
        struct run r = { .in = input(8, 4, 1, s, ns, cat, expected) };
        assert_int_equal(run_do(&r), 0);
        for (size_t e = 0; e < 4; e++) {
                assert_true(r.e[e].corrected);
                assert_int_equal(r.e[e].n, 6);
                assert_int_equal(r.e[e].overlap, 6);
                assert_int_equal(r.e[e].overlap_fitted, 6);
                assert_int_equal(r.e[e].component, 0);
                assert_true(fabs(r.e[e].bias - (double)b[e] / 100) < 1e-9);
                assert_int_equal(r.e[e].correction, b[e]);
        }
        for (size_t p = 0; p < 8; p++) {
                /* the raw mean carries the bias of the three who scored: −(left-out bias) / 3 */
                int64_t left = b[p % 4];
                int64_t raw = q[p] - (left > 0 ? (left + 1) / 3 : -((-left + 1) / 3));
                assert_int_equal(r.p[p].score, raw);
                assert_int_equal(r.p[p].calibrated, q[p]);
        }
        run_free(&r);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
        /* splitmix64: fixed seed, the same data on every machine */
        uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
        z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
        return z ^ (z >> 31);
}

static int64_t uniform(int64_t lo, int64_t hi)
{
        return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

#define SYN_P 60
#define SYN_E 15
#define SYN_PER 5

/* 60 projects of true quality 60–90 points, 15 experts with planted biases (sum 0), each project
 * scored by 5 experts chosen among the least loaded (20 each), ±1 point of noise. */
struct synthetic {
        int64_t quality[SYN_P + 1];
        int64_t bias[SYN_E + 1];
        struct agg_score s[SYN_P * SYN_PER + 8];
        size_t ns;
        int cat[SYN_P + 1], expected[SYN_P + 1];
};

static void synthetic_make(struct synthetic *d, uint64_t seed)
{
        static const int64_t planted[SYN_E] = { 600, -600, 400, -400, 300, -300, 200, -200,
                                                500, -500, 100, -100, 0, 250, -250 };
        rng_state = seed;
        memset(d, 0, sizeof *d);
        memcpy(d->bias, planted, sizeof planted);
        int load[SYN_E] = { 0 };
        for (size_t p = 0; p < SYN_P; p++) {
                d->quality[p] = uniform(6000, 9000);
                d->cat[p] = 0;
                d->expected[p] = SYN_PER;
                size_t perm[SYN_E];
                for (size_t e = 0; e < SYN_E; e++)
                        perm[e] = e;
                for (size_t e = SYN_E - 1; e > 0; e--) {
                        size_t j = (size_t)(rng() % (e + 1)), t = perm[e];
                        perm[e] = perm[j];
                        perm[j] = t;
                }
                /* the 5 least loaded, ties in the shuffled order */
                for (size_t k = 0; k < SYN_PER; k++) {
                        size_t best = SIZE_MAX;
                        for (size_t i = 0; i < SYN_E; i++) {
                                size_t e = perm[i];
                                bool taken = false;
                                for (size_t j = d->ns - k; j < d->ns; j++)
                                        taken |= d->s[j].expert == e;
                                if (!taken && (best == SIZE_MAX || load[e] < load[best]))
                                        best = e;
                        }
                        load[best]++;
                        d->s[d->ns++] = (struct agg_score){ p, best,
                                                            d->quality[p] + d->bias[best] + uniform(-100, 100) };
                }
        }
}

/* pairs of projects whose order by value contradicts their order by true quality */
static int inversions(const struct synthetic *d, const struct agg_project *pr, bool calibrated)
{
        int n = 0;
        for (size_t i = 0; i < SYN_P; i++)
                for (size_t j = 0; j < SYN_P; j++) {
                        int64_t vi = calibrated ? pr[i].calibrated : pr[i].score;
                        int64_t vj = calibrated ? pr[j].calibrated : pr[j].score;
                        n += d->quality[i] > d->quality[j] && vi < vj;
                }
        return n;
}

static void test_planted_biases_recovered(void **state)
{
        (void)state;
        static struct synthetic d;
        synthetic_make(&d, 2023);
        struct run r = { .in = input(SYN_P, SYN_E, 1, d.s, d.ns, d.cat, d.expected) };
        assert_int_equal(run_do(&r), 0);
        double worst = 0;
        for (size_t e = 0; e < SYN_E; e++) {
                assert_true(r.e[e].corrected);
                assert_int_equal(r.e[e].n, 20);
                assert_int_equal(r.e[e].overlap, 20);
                assert_int_equal(r.e[e].component, 0);
                double err = fabs(r.e[e].bias - (double)d.bias[e] / 100);
                worst = err > worst ? err : worst;
        }
        /* noise of ±1 point over 20 scores each: within 0.6 points of the planted 0–6 points (over 300
         * seeds the worst expert is off by at most 0.49; this seed 0.31) */
        print_message("worst bias error %.3f points\n", worst);
        assert_true(worst < 0.6);
        int raw = inversions(&d, r.p, false), cal = inversions(&d, r.p, true);
        print_message("inversions against the true order: raw %d, calibrated %d\n", raw, cal);
        /* at most half the raw score's inversions (over 300 seeds at most 0.39 of them; this seed 0.16) */
        assert_true(cal * 2 < raw);
        /* every project has 5 scores: the trimmed rule applies to both columns */
        for (size_t p = 0; p < SYN_P; p++) {
                assert_int_equal(r.p[p].n, 5);
                assert_true(llabs(r.p[p].calibrated - d.quality[p]) < 150);
        }
        run_free(&r);
}

static void test_little_overlap_not_corrected_and_not_distorting(void **state)
{
        (void)state;
        static struct synthetic d;
        synthetic_make(&d, 7);
        struct run base = { .in = input(SYN_P, SYN_E, 1, d.s, d.ns, d.cat, d.expected) };
        assert_int_equal(run_do(&base), 0);

        /* expert 15, 10 points too lenient, scores two shared projects and one of their own (project 60):
         * overlap 2 < 3 */
        d.s[d.ns++] = (struct agg_score){ 3, 15, d.quality[3] + 1000 };
        d.s[d.ns++] = (struct agg_score){ 4, 15, d.quality[4] + 1000 };
        d.s[d.ns++] = (struct agg_score){ 60, 15, 9900 };
        d.cat[60] = 0;
        d.expected[60] = 1;
        struct run r = { .in = input(SYN_P + 1, SYN_E + 1, 1, d.s, d.ns, d.cat, d.expected) };
        assert_int_equal(run_do(&r), 0);
        assert_int_equal(r.e[15].n, 3);
        assert_int_equal(r.e[15].overlap, 2);
        assert_int_equal(r.e[15].overlap_fitted, 2);
        assert_false(r.e[15].corrected);
        assert_true(r.e[15].bias == 0);
        assert_int_equal(r.e[15].correction, 0);
        assert_int_equal(r.e[15].component, -1);
        /* the others' biases are exactly what they were without expert 15 (kept in the fit with a bias
         * of 0, their 10 points would have been read as the others' harshness on projects 3 and 4) */
        for (size_t e = 0; e < SYN_E; e++) {
                assert_true(r.e[e].corrected);
                assert_true(fabs(r.e[e].bias - base.e[e].bias) < 1e-9);
        }
        /* their uncorrected totals still count in both columns of the projects they scored */
        assert_int_equal(r.p[3].n, 6);
        assert_int_equal(r.p[60].score, 9900);
        assert_int_equal(r.p[60].calibrated, 9900);

        /* a third shared project reaches the threshold: corrected */
        d.ns--;
        d.s[d.ns++] = (struct agg_score){ 5, 15, d.quality[5] + 1000 };
        r.in = input(SYN_P + 1, SYN_E + 1, 1, d.s, d.ns, d.cat, d.expected);
        assert_int_equal(run_do(&r), 0);
        assert_int_equal(r.e[15].overlap, 3);
        assert_true(r.e[15].corrected);
        /* 10 points above the others, less the gauge's share: 10 − 10/16 */
        assert_true(fabs(r.e[15].bias - 9.375) < 0.5);
        run_free(&r);
        run_free(&base);
}

static void test_overlap_through_an_uncorrected_expert_does_not_count(void **state)
{
        (void)state;
        /* B (3) scores projects 0, 1; A (2) scores 0, 1, 2; C (0) and D (1) score 2 … 5.
         * A's overlap is 3, but two of those are shared only with B, who is not corrected (2 < 3):
         * measured against corrected experts A shares one project, so A is not corrected either. */
        const struct agg_score s[] = {
                { 0, 3, 7000 }, { 1, 3, 7000 },
                { 0, 2, 9000 }, { 1, 2, 9000 }, { 2, 2, 9900 },
                { 2, 0, 8200 }, { 3, 0, 7200 }, { 4, 0, 6200 }, { 5, 0, 9200 },
                { 2, 1, 7800 }, { 3, 1, 6800 }, { 4, 1, 5800 }, { 5, 1, 8800 },
        };
        const int cat[6] = { 0 }, expected[6] = { 2, 2, 3, 2, 2, 2 };
        struct run r = { .in = input(6, 4, 1, s, sizeof s / sizeof *s, cat, expected) };
        assert_int_equal(run_do(&r), 0);
        assert_int_equal(r.e[3].overlap, 2);
        assert_int_equal(r.e[3].overlap_fitted, 0);
        assert_false(r.e[3].corrected);
        assert_int_equal(r.e[2].overlap, 3);
        assert_int_equal(r.e[2].overlap_fitted, 1);
        assert_false(r.e[2].corrected);
        for (size_t e = 0; e < 2; e++) {
                assert_int_equal(r.e[e].overlap, 4);
                assert_int_equal(r.e[e].overlap_fitted, 4);
                assert_true(r.e[e].corrected);
        }
        /* C gives 4 points more than D throughout; A's 99 on project 2 plays no part */
        assert_true(fabs(r.e[0].bias - 2) < 1e-9);
        assert_true(fabs(r.e[1].bias + 2) < 1e-9);
        /* project 2: 99 − 0, 82 − 2, 78 + 2 → plain mean of 99, 80, 80 */
        assert_int_equal(r.p[2].calibrated, 8633);
        assert_int_equal(r.p[2].score, 8633);
        assert_int_equal(r.p[3].calibrated, 7000);
        assert_int_equal(r.p[3].score, 7000);
        run_free(&r);
}

static void test_disconnected_groups_gauged_separately(void **state)
{
        (void)state;
        /* experts 0–3 on projects 0–7, experts 4–7 on projects 8–15, never meeting. The first group's
         * planted biases average +3 points, the second's −3: each group is measured against its own
         * average expert, so each is fitted as +2, −2, +4, −4. */
        const int64_t q[8] = { 8000, 7000, 6000, 9000, 8500, 7500, 6500, 8800 };
        const int64_t b1[4] = { 500, 100, 700, -100 }, b2[4] = { -100, -500, 100, -700 };
        const int64_t fitted[4] = { 200, -200, 400, -400 };
        struct agg_score s[48];
        size_t ns = rotation(0, 0, 8, q, b1, s);
        ns += rotation(8, 4, 8, q, b2, s + ns);
        const int cat[16] = { 0 };
        int expected[16];
        for (size_t p = 0; p < 16; p++)
                expected[p] = 3;
        struct run r = { .in = input(16, 8, 1, s, ns, cat, expected) };
        assert_int_equal(run_do(&r), 0);
        double sum[2] = { 0, 0 };
        for (size_t e = 0; e < 8; e++) {
                assert_true(r.e[e].corrected);
                assert_int_equal(r.e[e].component, e < 4 ? 0 : 1);
                assert_true(fabs(r.e[e].bias - (double)fitted[e % 4] / 100) < 1e-9);
                assert_int_equal(r.e[e].correction, fitted[e % 4]);
                sum[e / 4] += r.e[e].bias;
        }
        assert_true(fabs(sum[0]) < 1e-9);
        assert_true(fabs(sum[1]) < 1e-9);
        /* calibrated = q + the group's mean bias: +3 points in the first group, −3 in the second */
        for (size_t p = 0; p < 8; p++) {
                assert_int_equal(r.p[p].calibrated, q[p] + 300);
                assert_int_equal(r.p[8 + p].calibrated, q[p] - 300);
        }
        run_free(&r);
}

/* ---------------------------------------------------------------- the stability note */

/* Category 0 (8 projects): project 4 (true 79.50) is scored by the lenient three, project 5 (true
 * 80.00) by the harsh three, so by score 4 is 5th and 5 is 6th, and calibration swaps them.
 * Category 1 (4 projects) is all inside the top 5; category 2 has one project without scores. */
struct stability {
        int64_t q[12], b[4];
        size_t left_out[12];
        struct agg_score s[40];
        int cat[13], expected[13];
        struct run r;
};

static void stability_make(struct stability *d)
{
        static const int64_t q[12] = { 9000, 8800, 8600, 8400, 7950, 8000, 7000, 6000, 8000, 7000, 6000, 5000 };
        static const size_t left_out[12] = { 2, 3, 2, 3, 1, 0, 2, 3, 0, 1, 2, 3 };
        static const int64_t b[4] = { 300, -300, 100, -100 };
        memset(d, 0, sizeof *d);
        size_t ns = 0;
        for (size_t p = 0; p < 12; p++) {
                d->cat[p] = p < 8 ? 0 : 1;
                d->expected[p] = 3;
                for (size_t e = 0; e < 4; e++)
                        if (e != left_out[p])
                                d->s[ns++] = (struct agg_score){ p, e, q[p] + b[e] };
        }
        d->cat[12] = 2;
        d->expected[12] = 3;
        d->r.in = input(13, 4, 3, d->s, ns, d->cat, d->expected);
}

static void test_stability_swap_at_the_boundary(void **state)
{
        (void)state;
        static struct stability d;
        stability_make(&d);
        struct run *r = &d.r;
        assert_int_equal(run_do(r), 0);
        /* leaving out the +3 expert takes 1 point off, leaving out the −3 adds 1 */
        assert_int_equal(r->p[4].score, 8050);
        assert_int_equal(r->p[5].score, 7900);
        assert_int_equal(r->p[4].calibrated, 7950);
        assert_int_equal(r->p[5].calibrated, 8000);
        assert_int_equal(r->p[4].rank_category, 5);
        assert_int_equal(r->p[5].rank_category, 6);
        assert_int_equal(r->p[4].rank_category_calibrated, 6);
        assert_int_equal(r->p[5].rank_category_calibrated, 5);
        for (size_t p = 0; p < 13; p++) {
                assert_int_equal(r->p[p].enters_top, p == 5);
                assert_int_equal(r->p[p].leaves_top, p == 4);
        }
        assert_int_equal(r->c[0].projects, 8);
        assert_int_equal(r->c[0].ranked, 8);
        assert_int_equal(r->c[0].enters, 1);
        assert_int_equal(r->c[0].leaves, 1);
        assert_int_equal(r->c[1].projects, 4);
        assert_int_equal(r->c[1].enters, 0);
        assert_int_equal(r->c[1].leaves, 0);
        assert_int_equal(r->c[2].projects, 1);
        assert_int_equal(r->c[2].ranked, 0);
        /* overall, category 1's best (true 80.00, raw 79.00) ties with project 5 both ways */
        assert_int_equal(r->p[8].score, 7900);
        assert_int_equal(r->p[4].rank_overall, 5);
        assert_int_equal(r->p[5].rank_overall, 6);
        assert_int_equal(r->p[8].rank_overall, 6);
        assert_true(r->p[5].tied_overall);
        assert_true(r->p[8].tied_overall);
        assert_false(r->p[5].tied_category);
        assert_int_equal(r->p[9].rank_overall, 8);
        assert_int_equal(r->p[5].rank_overall_calibrated, 5);
        assert_int_equal(r->p[8].rank_overall_calibrated, 5);
        assert_int_equal(r->p[4].rank_overall_calibrated, 7);

        const char *labels[13] = { "1", "2", "3", "4", "7", "12", "13", "14", "21", "22", "23", "24", "31" };
        char *t = aggregate_stability_text(&r->in, r->p, 0, "数字经济类", labels);
        assert_string_equal(t, "数字经济类：按校准分，项目 12 将进入前 5 名，项目 7 将退出");
        free(t);
        t = aggregate_stability_text(&r->in, r->p, 1, "数字治理类", labels);
        assert_string_equal(t, "数字治理类：按校准分，前 5 名不变");
        free(t);
        t = aggregate_stability_text(&r->in, r->p, 2, "智慧民生类", labels);
        assert_string_equal(t, "智慧民生类：尚无已提交的专家评分");
        free(t);

        /* with a top of 6 both stay in: nothing changes */
        r->in.top = 6;
        assert_int_equal(run_do(r), 0);
        assert_int_equal(r->c[0].enters, 0);
        assert_int_equal(r->c[0].leaves, 0);
        run_free(r);
}

static void test_stability_text_lists_in_rank_order(void **state)
{
        (void)state;
        /* made up by hand: two enter (calibrated ranks 4 and 2), one leaves; a tie at the boundary lets
         * one enter without anyone leaving in another category */
        struct agg_project p[6] = { 0 };
        for (size_t i = 0; i < 6; i++)
                p[i].has_score = true;
        p[0].enters_top = true, p[0].rank_category_calibrated = 4;
        p[1].leaves_top = true, p[1].rank_category = 3;
        p[2].enters_top = true, p[2].rank_category_calibrated = 2;
        p[3].leaves_top = true, p[3].rank_category = 1;
        p[5].enters_top = true, p[5].rank_category_calibrated = 3;
        const int cat[6] = { 0, 0, 0, 0, 1, 1 }, expected[6] = { 0 };
        struct agg_input in = input(6, 0, 2, NULL, 0, cat, expected);
        in.top = 3;
        const char *labels[6] = { "A", "B", "C", "D", "E", "F" };
        char *t = aggregate_stability_text(&in, p, 0, "数字基础设施类", labels);
        assert_string_equal(t, "数字基础设施类：按校准分，项目 C、A 将进入前 3 名，项目 D、B 将退出");
        free(t);
        t = aggregate_stability_text(&in, p, 1, "智慧民生类", labels);
        assert_string_equal(t, "智慧民生类：按校准分，项目 F 将进入前 3 名");
        free(t);
        p[5].enters_top = false;
        p[4].leaves_top = true;
        t = aggregate_stability_text(&in, p, 1, "智慧民生类", labels);
        assert_string_equal(t, "智慧民生类：按校准分，项目 E 将退出前 3 名");
        free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_four_scores_plain_mean_five_trimmed),
                cmocka_unit_test(test_only_one_highest_and_one_lowest_dropped),
                cmocka_unit_test(test_rounding_half_away_from_zero_exact),
                cmocka_unit_test(test_no_score_and_one_score),
                cmocka_unit_test(test_missing_score_shown_and_plain_mean),
                cmocka_unit_test(test_spread),
                cmocka_unit_test(test_bad_input_refused_outputs_untouched),
                cmocka_unit_test(test_ties_share_a_rank_and_the_next_skips),
                cmocka_unit_test(test_rank_in_category_and_overall_unranked_last),
                cmocka_unit_test(test_exact_biases_recovered),
                cmocka_unit_test(test_planted_biases_recovered),
                cmocka_unit_test(test_little_overlap_not_corrected_and_not_distorting),
                cmocka_unit_test(test_overlap_through_an_uncorrected_expert_does_not_count),
                cmocka_unit_test(test_disconnected_groups_gauged_separately),
                cmocka_unit_test(test_stability_swap_at_the_boundary),
                cmocka_unit_test(test_stability_text_lists_in_rank_order),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
