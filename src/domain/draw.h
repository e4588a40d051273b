/* The expert draw (专家抽取): which experts review which applications. A min-cost flow solved by
 * GLPK's out-of-kilter algorithm: every application as full as it can be, loads as even as they can
 * be, ties broken at random from a seed. Pure: no I/O, no SQL. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define DRAW_CATEGORIES_MAX 32          /* a category is a bit of draw_expert.specialties */

/* An application still short of experts: `need` places to fill now (the call's per_project minus
 * its active assignments). */
struct draw_app {
        int64_t id;
        int category;                   /* 0 … DRAW_CATEGORIES_MAX − 1 */
        int need;                       /* ≥ 0 */
};

/* An expert of the pool: bit c of `specialties` set when they review category c; `load` the active
 * assignments they already hold in this call (≥ 0), which the draw evens out with the new ones. */
struct draw_expert {
        int64_t id;
        uint32_t specialties;
        int load;
};

/* `blocked`: {application id, expert id} pairs that may not be made — conflicts of interest and the
 * assignments that already exist. Pairs naming ids not in the input are ignored; repeats are fine.
 * `seed`: any string (UTF-8); the same seed on the same input gives the same draw, whatever the
 * order of the arrays. */
struct draw_input {
        const struct draw_app *apps;
        size_t n_apps;
        const struct draw_expert *experts;
        size_t n_experts;
        const int64_t (*blocked)[2];
        size_t n_blocked;
        const char *seed;
};

enum draw_shortfall {
        DRAW_NO_SPECIALIST = 1,         /* no expert of the pool has the category */
        DRAW_TOO_FEW,                   /* specialists exist, but conflicts and existing assignments leave too few */
};

struct draw_pair {
        int64_t app_id, expert_id;
};

/* An application that could not be filled: `missing` places stay empty, `eligible` experts were
 * available to it (all of them drawn); `eligible` is 0 for DRAW_NO_SPECIALIST. */
struct draw_gap {
        int64_t app_id;
        int missing, eligible;
        enum draw_shortfall reason;
};

/* Owned by the caller once draw_solve succeeds; release with draw_result_free. Pairs sorted by
 * (app_id, expert_id), gaps by app_id. */
struct draw_result {
        struct draw_pair *pairs;
        size_t n_pairs;
        struct draw_gap *gaps;
        size_t n_gaps;
};

/* Draws new pairs: each application gets exactly min(need, its eligible experts) of them — eligible
 * meaning a specialist of its category, not blocked for it — each expert at most once per
 * application. Among all such draws it takes one with the smallest sum of squared total loads
 * (existing + new): among experts eligible alike max − min ≤ 1 wherever moving an assignment can
 * achieve it, and no expert ends above the lowest maximum any complete draw allows. Among equally
 * balanced draws the seed decides, through a tie-break of each pair computed from the seed and the
 * two ids alone.
 *
 * Returns 0 and fills *ret; on failure *ret is untouched: -EINVAL (NULL pointers, need < 0,
 * load < 0, a category outside 0…31, an application or expert id twice, more than INT_MAX/4
 * applications or experts), -ENOMEM (also when GLPK fails inside, which it reports like an
 * allocation failure), -ERANGE (the costs would leave GLPK's int range: when the spread of the
 * experts' total loads times min(applications, experts) passes about 500,000 — say 300 experts
 * whose loads end 1,700 apart; a call's real figures are thousands of times below), -EIO (GLPK
 * answered against its promise — a bug).
 *
 * Thread-safe: a process-wide mutex lets one draw at a time into GLPK. It uses the calling thread's
 * GLPK environment, creating and freeing one when the thread has none; when GLPK fails inside it
 * must free that environment with every GLPK object of the thread — hold none across a call. GLPK
 * prints nothing. */
int draw_solve(const struct draw_input *in, struct draw_result *ret);

/* Frees the arrays and empties *r; NULL is fine. */
void draw_result_free(struct draw_result *r);

/* "no_specialist" / "too_few" (the API's `reason`); "" for anything else. */
const char *draw_shortfall_code(enum draw_shortfall r);

/* The gap in words for people: "该类别无专家" / "可选专家仅 3 人（需 5 人）". Writes into buf (64
 * bytes are plenty) and returns it. */
const char *draw_shortfall_text(const struct draw_gap *g, char *buf, size_t n);
