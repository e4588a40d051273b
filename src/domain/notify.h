/* In-app notifications as rules: who is told what (in Chinese) when an application changes status,
 * and when a deadline reminder is due. Pure; api/notifications.c turns audiences into accounts. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

struct arena;
struct campaign;

enum notify_audience {
        NOTIFY_NOBODY = 0,
        NOTIFY_OWNER,                   /* the application's owner: the applicant unit's account */
        NOTIFY_TARGET_REVIEWERS,        /* the reviewers of its review target (a region or a department) */
        NOTIFY_CITY_REVIEWERS,          /* the city reviewers of the city above its target county */
};

/* A status change as it happened. */
struct notify_change {
        const char *action;             /* submit, recommend, return, reject (others notify nobody) */
        const char *from, *to;
        const char *actor_authority;    /* who acted, as people say it: "玄武区信息化主管部门"; "" for applicants */
        const char *project_name;       /* "" while unnamed */
        const char *reason;             /* the comment given with the action, "" when none */
};

#define NOTIFY_MAX 2

struct notice {
        enum notify_audience audience;
        const char *kind;               /* returned, rejected, recommended, arrived, sent_back, deadline_* */
        char *title, *body;             /* allocated in the arena given */
};

/* The notices the change causes, at most NOTIFY_MAX, into out; returns how many. */
size_t notify_for_change(const struct notify_change *c, struct arena *a, struct notice out[NOTIFY_MAX]);

/* Deadline reminders: from 00:00 Beijing NOTIFY_REMIND_DAYS days before the deadline's day to its
 * end (23:59:59), once per person per deadline. */
#define NOTIFY_REMIND_DAYS 3

enum notify_deadline {
        DEADLINE_NONE = 0,
        DEADLINE_APPLY,                 /* apply_close: applicants with an unsubmitted draft */
        DEADLINE_REVIEW,                /* local_review_due: reviewers with work waiting */
};

/* The reminder this role may be due at now in campaign c (whether it has anything pending is the
 * caller's question). */
enum notify_deadline notify_deadline_for(enum role role, const struct campaign *c, int64_t now);

/* The reminder's key, one per person per deadline: "apply_close:2023", "local_review_due:2023". */
const char *notify_deadline_key(enum notify_deadline d, const struct campaign *c, struct arena *a);
/* The reminder's notice, d DEADLINE_APPLY (to the owner) or DEADLINE_REVIEW (to a reviewer; the
 * caller addresses each one, as the count is theirs). project_name: the applicant's project ("" unnamed); waiting: how many
 * applications await the reviewer. */
struct notice notify_deadline_notice(enum notify_deadline d, const struct campaign *c, const char *project_name,
                                     long waiting, struct arena *a);

/* To the reviewers of an authority the province admin reopened the local review for. until: the
 * Beijing date. */
struct notice notify_reopened_notice(int year, int32_t until, const char *reason, struct arena *a);
