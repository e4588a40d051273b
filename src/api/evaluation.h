/* What the province's expert review handlers share: the ranking as computed for the page and
 * for its XLSX (ranking.c). */
#pragma once
#include "api/api.h"
#include "domain/aggregate.h"
#include "store/store.h"

struct campaign;

struct ranking {
        const struct campaign *campaign;
        struct app_row *apps;                   /* in or past expert review, in id order */
        size_t n_apps;
        struct assignment_row *assignments;     /* active ones */
        size_t n_assignments;
        struct expert_row *experts;
        size_t n_experts;
        struct agg_input input;
        struct agg_project *projects;           /* per app */
        struct agg_expert *expert_results;      /* per expert */
        struct agg_category *categories;        /* per category of the call */
        size_t *order;                          /* app indexes by overall rank, unranked last */
};

/* Reads and aggregates the call's scores (in the call's arena). */
int api_ranking_build(struct call *c, const struct campaign *cp, struct ranking *r);
