/* The experts' scores of a call turned into each project's expert score (the contract's trimming rule),
 * its spread, a calibrated score beside it (an additive expert-bias model), rankings and the ranking's
 * stability note. Pure: the caller reads scores and assignments from the store and shows the result. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An expert's total, in hundredths of a point: 0 … AGG_TOTAL_MAX (87.25 points = 8725). */
#define AGG_TOTAL_MAX INT64_C(10000)

/* One submitted score. Drafts are not scores: pass submitted ones only. At most one per (project, expert). */
struct agg_score {
        size_t project;                 /* index into the caller's projects, < n_projects */
        size_t expert;                  /* index into the caller's experts, < n_experts */
        int64_t total;                  /* hundredths, 0 … AGG_TOTAL_MAX */
};

struct agg_input {
        size_t n_projects, n_experts;
        size_t n_categories;            /* categories are 0 … n_categories − 1 */
        const struct agg_score *scores;
        size_t n_scores;
        const int *category;            /* per project: its category, 0 … n_categories − 1 */
        const int *expected;            /* per project: its active assignments (submitted or not), ≥ 0 */
        int trim_from;                  /* the call's trim_from, ≥ 3 (2023: 5) */
        int min_overlap;                /* an expert is corrected with at least this many shared projects, ≥ 1 */
        int top;                        /* the call's stability_top, ≥ 1 (2023: 5) */
};

/* One project's result. Scores are hundredths; "points" are hundredths / 100. */
struct agg_project {
        int n;                          /* submitted scores */
        int expected;                   /* active assignments, as given: the API shows "n/expected 已提交" */
        bool has_score;                 /* n > 0; without it score, calibrated, min, max, stddev are 0 and
                                         * the project is unranked (ranks 0) */
        int64_t score;                  /* the contract's rule over the submitted totals: aggregate_mean */
        int64_t min, max;               /* of the submitted totals */
        double stddev;                  /* population standard deviation of the submitted totals, in points */
        int64_t calibrated;             /* the same rule over the bias-corrected totals (total − the expert's
                                         * correction); may leave 0 … 100 points: it is a comparison, not a
                                         * score anyone gave. Never replaces score. */
        int rank_category, rank_overall;        /* by score: 1, 2, 2, 4; 0 when unranked */
        bool tied_category, tied_overall;       /* another ranked project has the same score (in the
                                                 * category / overall), so the rank is shared (并列) */
        int rank_category_calibrated, rank_overall_calibrated;  /* by calibrated, the same way */
        bool enters_top;                /* in its category's top by calibrated, not by score */
        bool leaves_top;                /* in its category's top by score, not by calibrated */
};

/* One expert's result. */
struct agg_expert {
        int n;                          /* submitted scores */
        int overlap;                    /* of their scored projects, how many at least one other expert
                                         * also scored */
        int overlap_fitted;             /* the same, counting only corrected experts as the others: what the
                                         * bias actually rests on; corrected ⇔ overlap_fitted ≥ min_overlap */
        bool corrected;                 /* the bias was fitted and is taken off this expert's totals */
        double bias;                    /* points the expert gives above (+) or below (−) the model's
                                         * project level; 0 when not corrected */
        int64_t correction;             /* bias in hundredths rounded half away from zero: what is taken off
                                         * each of their totals for the calibrated score; 0 when not corrected */
        int component;                  /* the group of corrected experts linked by shared projects that the
                                         * bias is measured within (0, 1, … by their lowest expert index);
                                         * −1 when not corrected */
};

/* Per category: the stability note's counts. */
struct agg_category {
        int projects;                   /* projects of the category */
        int ranked;                     /* of them, with a score */
        int enters, leaves;             /* projects with enters_top / leaves_top */
};

/* The contract's rule: with at least trim_from totals (and at least 3) the mean without one highest and
 * one lowest, otherwise the plain mean; rounded to a whole hundredth half away from zero in exact
 * integer arithmetic. 0 when n is 0 (the caller shows "no score", never 0). Totals need |t| ≤ 10¹²;
 * n ≤ INT_MAX. */
int64_t aggregate_mean(const int64_t *totals, size_t n, int trim_from);

/* Standard competition ranking (1, 2, 2, 4) by value, highest first, within each category and overall.
 * Projects without a value get rank 0 and tied false. Categories are compared for equality only;
 * category NULL is one category for all. value and has are required (n entries).
 * Any output may be NULL. order (n entries) receives the project indexes by rank_overall, equal ranks
 * by index, those without a value last (by index). Returns 0 or -ENOMEM (outputs untouched). */
int aggregate_rank(size_t n, const int64_t *value, const bool *has, const int *category, int *rank_category,
                   int *rank_overall, bool *tied_category, bool *tied_overall, size_t *order);

/* Everything above for one call: projects (n_projects entries), experts (n_experts) and categories
 * (n_categories; may be NULL when 0). Returns 0; -EINVAL for bad input (an index out of range, a total
 * outside 0 … AGG_TOTAL_MAX, two scores for one project and expert, a setting out of range); -ENOMEM;
 * -EDOM when LAPACK cannot solve the calibration. Outputs are untouched on failure. */
int aggregate_run(const struct agg_input *in, struct agg_project *projects, struct agg_expert *experts,
                  struct agg_category *categories);

/* One sentence of the stability note for category `cat`, from aggregate_run's projects:
 * "数字经济类：按校准分，项目 12 将进入前 5 名，项目 7 将退出" ("…，前 5 名不变" when nothing changes).
 * labels[p] names project p as the sentence should say it (e.g. its application id); those entering are
 * listed by calibrated rank, those leaving by rank. Returns a malloc'd string the caller frees, or NULL
 * when out of memory. */
char *aggregate_stability_text(const struct agg_input *in, const struct agg_project *projects, int cat,
                               const char *category_name, const char *const *labels);
