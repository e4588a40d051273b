/* An application's whole life in one place: its statuses, every action someone may take on it
 * (the applicant's, the local reviewers', and the province's as later issues add them) as rows of
 * one table, and who may see it at all (the data scope). The API decides every action through
 * workflow_decide, lists what a user may do now with workflow_allowed, and the store's scopes and
 * the web UI's buttons follow from the same rows. Pure: no I/O. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/application.h"
#include "domain/role.h"

struct campaign;
struct arena;

/* ---- statuses (GLOSSARY.md), in the order of the call's life ---- */
enum app_status {
        ST_NONE = 0,                    /* no application yet (the row that creates one) */
        ST_DRAFT,
        ST_SUBMITTED,
        ST_RETURNED,
        ST_REJECTED,
        ST_COUNTY_RECOMMENDED,
        ST_CITY_RECOMMENDED,
        ST_FORMAL_PASSED,
        ST_FORMAL_FAILED,
        ST_EXPERT_REVIEW,
        ST_DEFENSE,
        ST_EVALUATED,
        ST_KEY_PROJECT,
        ST_NOT_SELECTED,
        ST_LANDMARK,
        ST_COUNT_
};

/* A set of statuses. */
typedef uint32_t status_set;
#define STATUS_BIT(s) ((status_set)1 << (s))
#define STATUSES_ALL (((status_set)1 << ST_COUNT_) - 2)      /* every real status */

const char *status_code(enum app_status s);
/* ST_NONE for anything that is not a status code. */
enum app_status status_parse(const char *code);
/* The words people see; "submitted" says who it waits for (review_level "county", "city",
 * "department", or NULL for the plain word). */
const char *status_label(enum app_status s, const char *review_level);
/* The codes of a set as a JSON array text ("[\"draft\",\"returned\"]"), in the arena: how the
 * store binds a set. */
char *status_set_json(status_set set, struct arena *a);

/* Named sets the rules speak of. */
status_set status_editable(void);                 /* the applicant may change the form: draft, returned */
status_set status_past_draft(void);               /* every status but draft */
status_set status_reviewed_by_experts(void);      /* expert_review and what follows it */
/* "Recommended by" an authority (domain/authority.h): a county's from county_recommended on, a
 * city's, a direct county's and a department's from city_recommended on. */
status_set status_recommended_from(enum app_status first);

/* ---- who stands how to an application ---- */
enum wf_relation {
        REL_NONE = 0,
        REL_OWNER,                      /* the applicant unit's own application */
        REL_TARGET,                     /* the reviewer's region/department is its first review target */
        REL_CITY_OF_TARGET,             /* its target is a county of the reviewer's city (not 昆山/泰兴/沭阳) */
        REL_PROVINCE,                   /* the province admin: every application */
};

struct wf_party {
        enum role role;
        int64_t unit_id;                /* applicants */
        const char *region_code;        /* county and city reviewers; "" when none */
        const char *department_code;    /* department reviewers; "" when none */
        int64_t expert_id;              /* experts: their record in the pool; 0 when none */
};

/* Where an application went when it was submitted (store columns review_*). */
struct wf_place {
        int64_t unit_id;
        const char *review_level;       /* "county", "city", "department"; "" before submission */
        const char *review_region;      /* the county or city that reviews it first; "" */
        const char *review_department;  /* the department; "" */
        const char *review_city;        /* the city-level authority that sends it on: the target
                                         * county's city, the city for 市直, 昆山/泰兴/沭阳 itself */
};

enum wf_relation workflow_relation(const struct wf_party *p, const struct wf_place *a);
/* The target is 昆山市, 泰兴市 or 沭阳县: a county that is its own city-level authority. */
bool workflow_target_direct(const struct wf_place *a);

/* ---- the table ---- */

/* What a row needs besides the status and the relation: a time window, or something true of the
 * application itself. A row names a set of them (bits); the caller says which hold now. */
enum wf_gate {
        GATE_APPLY_WINDOW = 1u << 0,    /* inside the call's application window */
        GATE_BEFORE_APPLY_CLOSE = 1u << 1, /* not after the window's last day (a draft may be prepared early) */
        GATE_LOCAL_REVIEW = 1u << 2,    /* local review open for the acting authority (deadline, or reopened) */
        GATE_FORM_COMPLETE = 1u << 3,   /* the form has no problems (domain/form.c, form_check) */
};
#define GATES_ALL 0xFu

enum wf_direct { DIRECT_ANY = 0, DIRECT_NO, DIRECT_YES };

struct transition {
        enum role role;
        enum wf_relation relation;
        enum app_status from;
        const char *level;              /* the application's review level; NULL = any */
        enum wf_direct direct;          /* whether the target is 昆山/泰兴/沭阳 */
        const char *action;
        enum app_status to;             /* == from: the action keeps the status (edit) */
        bool reason_required;
        unsigned gates;                 /* enum wf_gate bits it needs */
        const char *label;              /* the button: "推荐" */
        const char *meaning;            /* what it does, for dialogs and docs: "初审推荐至设区市" */
};

/* Everything a decision needs about one application and the user, computed by the caller. */
struct wf_facts {
        enum app_status status;
        const char *level;
        enum wf_relation relation;
        bool target_direct;
        unsigned open;                  /* the enum wf_gate bits that hold now */
};

enum wf_verdict {
        WF_OK = 0,
        WF_UNKNOWN_ACTION,              /* no row anywhere has this action */
        WF_NOT_ALLOWED,                 /* no row for this role, relation and status */
        WF_CLOSED,                      /* a row, but one of its gates is shut (workflow_shut_gate) */
        WF_REASON_REQUIRED,
};

/* The row that applies to action now. *ret is set unless WF_UNKNOWN_ACTION / WF_NOT_ALLOWED. */
enum wf_verdict workflow_decide(enum role role, const struct wf_facts *f, const char *action, bool has_reason,
                                const struct transition **ret);
/* The rows this user may act on now (gates open), at most max, in table order; how many. */
#define WORKFLOW_ACTIONS_MAX 8
size_t workflow_allowed(enum role role, const struct wf_facts *f, const struct transition **out, size_t max);
/* Whether some row of this role takes action from status at all, gates aside. */
bool workflow_can(enum role role, enum app_status status, const char *action);
/* The gates any row of this role and action needs: what a decision about it must know. */
unsigned workflow_gates_of(enum role role, const char *action);

/* Why an action is refused, in words: "申报尚未提交，无需撤回". */
const char *workflow_refusal(const char *action, enum app_status status, const char *review_level, struct arena *a);
/* The gate that shuts row t, the time windows before what the application lacks; 0 if none. */
enum wf_gate workflow_shut_gate(const struct transition *t, const struct wf_facts *f);
/* Why a time gate is shut, with the call's dates: "2023年申报时间为 …，当前不在申报时间内". */
const char *workflow_closed_message(const struct transition *t, enum wf_gate gate, const struct campaign *c,
                                    struct arena *a);
/* Whether local review stays reopened for the application after row t, given whether it was
 * before: a formal check's return reopens it for the authority it goes back to, until that
 * authority (or its city) recommends it to the province again. */
bool workflow_reopened(const struct transition *t, bool before);
/* What to say when a row that needs a reason got none: "不予推荐须填写理由". */
const char *workflow_reason_missing(const char *action);
/* The label of a recorded event: its row's label when one matches, else the action's plain word. */
const char *workflow_event_label(const char *role, const char *action, const char *from, const char *to);

/* The whole table, for docs and tests. */
const struct transition *workflow_table(size_t *ret_n);

/* ---- data scope: who may see which applications ---- */
enum scope_kind {
        SCOPE_NONE = 0,
        SCOPE_UNIT,                     /* applicant: its unit's */
        SCOPE_REGION,                   /* county reviewer: submitted to its county */
        SCOPE_DEPARTMENT,               /* department reviewer: submitted to its department */
        SCOPE_CITY,                     /* city reviewer (also 昆山/泰兴/沭阳): submitted to it, and what its
                                         * counties recommended */
        SCOPE_ALL,                      /* province admin */
        SCOPE_EXPERT,                   /* expert: what is assigned to it (not a declared conflict) */
};

struct app_scope {
        enum scope_kind kind;
        int64_t unit_id;                /* UNIT */
        int64_t expert_id;              /* EXPERT */
        char code[32];                  /* REGION, CITY: a region code; DEPARTMENT: a department code */
        status_set statuses;            /* what it sees of what went to its own code (or all, ALL) */
        status_set county_statuses;     /* CITY: what it sees of what went to its counties */
};

struct app_scope workflow_scope(const struct wf_party *p);
/* The part of a scope this user acts on: the statuses some row of its role leaves from. */
struct app_scope workflow_waiting(const struct wf_party *p);
/* Narrows a scope to one status (a list filter). */
void workflow_scope_narrow(struct app_scope *s, enum app_status only);
