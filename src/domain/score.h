/* An expert's score sheet against the call's rubric (campaign.h, "evaluation"): each criterion
 * 0 … its maximum with at most two decimals, a comment, saved as a draft or submitted. Points are
 * hundredths, as everywhere. Pure. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"

#define SCORE_COMMENT_MAX_CHARS 2000

struct score_sheet {
        bool given[RUBRIC_MAX];         /* per rubric criterion, in the rubric's order */
        int64_t points[RUBRIC_MAX];
        size_t n_given;
        int64_t total;                  /* the sum of the given criteria */
};

/* Checks criteria (an object {code: number or null}; NULL or absent = none given) and the comment
 * for a save (submit false: any subset, an empty comment) or a submission (every criterion and a
 * comment). Puts each problem under its own key ("criteria.fit", "comment") into problems with a
 * Chinese message naming the criterion; fills *ret when there is none. Returns whether it is
 * acceptable. */
bool score_check(const struct campaign_evaluation *e, json_t *criteria, const char *comment, bool submit,
                 struct score_sheet *ret, json_t *problems);

/* The stored form of a sheet: {"fit": 2650, ...} (hundredths, only the given criteria). */
json_t *score_stored(const struct campaign_evaluation *e, const struct score_sheet *s);
/* Reads the stored form back (unknown codes ignored: a rubric does not change under a call). */
void score_from_stored(const struct campaign_evaluation *e, json_t *stored, struct score_sheet *ret);
