/* Persistence behind a narrow interface: api/ and the CLI call these functions and never see SQL.
 * Today's driver is SQLite (store/sqlite*.c); a PostgreSQL driver implements the same functions.
 *
 * struct store is process-wide (one owner: main). struct db is one connection, used by one thread
 * at a time: store_db() gives the calling thread its own, opened on first use.
 * Results: 0 ok, -ENOENT not found, -EEXIST a uniqueness rule said no, -EBUSY/-EIO database trouble.
 * Strings in results are allocated from the arena passed in. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/application.h"
#include "domain/workflow.h"
#include "domain/form.h"
#include "domain/region.h"
#include "domain/role.h"

struct arena;
struct store;
struct db;

int store_open(const char *data_dir, const char *url, struct store **ret);
void store_close(struct store *s);
struct db *store_db(struct store *s);
/* A connection the caller owns (the CLI, tests); close with store_db_close. */
struct db *store_db_open(struct store *s);
void store_db_close(struct db *db);

/* Applies the numbered migrations not yet applied; logs each. */
int store_migrate(struct db *db);
int store_ping(struct db *db);

/* BEGIN IMMEDIATE: takes the write lock up front, so check-then-insert sequences are serialized. */
int store_begin(struct db *db);
int store_commit(struct db *db);
void store_rollback(struct db *db);
/* A read transaction: the reads between see one snapshot (a list page and its total agree). */
int store_read_begin(struct db *db);
void store_read_end(struct db *db);

/* ---- reference data ---- */
int store_region_upsert(struct db *db, const struct region *r);
int store_region_get(struct db *db, const char *code, struct region *ret);
/* All regions ordered by code; *ret is arena memory. */
int store_region_list(struct db *db, struct arena *a, struct region **ret, size_t *ret_n);

/* Inserts a department unless its code exists: the admin's renames and retirements survive. */
int store_department_seed(struct db *db, const struct department *d);
int store_department_get(struct db *db, const char *code, struct department *ret);
/* The province admin's edits: -EEXIST if the code is taken; -ENOENT if there is no such code. */
int store_department_insert(struct db *db, const struct department *d);
int store_department_update(struct db *db, const struct department *d);
int store_department_list(struct db *db, struct arena *a, struct department **ret, size_t *ret_n);

/* Campaign definitions are stored as their JSON text (validated by domain/campaign before). */
int store_campaign_upsert(struct db *db, int year, const char *title, const char *definition_json);
int store_campaign_get(struct db *db, struct arena *a, int year, char **ret_json);
struct campaign_row {
        int year;
        char *definition_json;
};
int store_campaign_list(struct db *db, struct arena *a, struct campaign_row **ret, size_t *ret_n);

/* ---- accounts ---- */
struct user {
        int64_t id;
        char *username;
        enum role role;
        char *name, *mobile;
        char *password_hash;
        char *region_code, *region_name;            /* "" when none */
        char *department_code, *department_name;
        int64_t unit_id;                            /* 0 when none */
        char *unit_name, *credit_code;
        int failed_logins;
        int64_t locked_until;
        int64_t created_at;
        int64_t expert_id;                          /* experts: their record in the pool; 0 when none */
};

struct new_user {
        const char *username, *password_hash, *name, *mobile;
        enum role role;
        const char *region_code, *department_code;  /* NULL when none */
        /* applicants: their unit, created with the account */
        const char *unit_name, *credit_code;
};

/* Creates the unit (for applicants) and the user in one transaction (the caller's, when it is in
 * one: then a failure leaves the rollback to it).
 * -EEXIST with *ret_field = "username" or "credit_code" when taken. */
int store_user_insert(struct db *db, const struct new_user *u, int64_t now, int64_t *ret_id,
                      const char **ret_field);
int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *ret);
int store_user_by_username(struct db *db, struct arena *a, const char *username, struct user *ret);
int store_username_taken(struct db *db, const char *username, bool *ret);
int store_credit_code_taken(struct db *db, const char *credit_code, bool *ret);
int store_user_set_login_state(struct db *db, int64_t id, int failures, int64_t locked_until);
int store_user_set_password(struct db *db, int64_t id, const char *password_hash);
/* role = ROLE_NONE for all; ordered by id. */
int store_user_list(struct db *db, struct arena *a, enum role role, size_t offset, size_t limit,
                    struct user **ret, size_t *ret_n, size_t *ret_total);

/* ---- sessions (server side; the cookie holds a token, the table its hash) ---- */
struct session_row {
        int64_t user_id;
        char csrf[64];
        int64_t created_at, last_seen;
};

int store_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t now);
int store_session_get(struct db *db, const char *token_hash, struct session_row *ret);
int store_session_touch(struct db *db, const char *token_hash, int64_t now);
int store_session_delete(struct db *db, const char *token_hash);
/* Removes sessions idle since before `before`. */
int store_session_purge(struct db *db, int64_t before);

/* ---- applications ---- */
struct app_row {
        int64_t id;
        int campaign;
        int64_t unit_id, owner_id;
        char status[24];
        int64_t version;                        /* one more at every change of the form or the status */
        char *form_json;                        /* NULL in lists */
        char *project_name, *category, *nature, *affiliation, *unit_region, *project_region;
        char *start_month, *end_month;
        int64_t total_investment, non_construction_investment;     /* hundredths; -1 = none */
        char review_level[16], review_region[8], review_department[32], review_city[8];
        char *review_name;                      /* the authority's name, "" before submission */
        char *submission_no;                    /* "" before the first submission */
        int64_t submitted_at, created_at, updated_at;
        char *unit_name, *credit_code;          /* of the registered unit */
        bool reopened_local;                    /* a formal check's return reopened local review for it */
};

/* A list: the caller's scope (domain/workflow.h: its kind and its status sets, a status filter
 * already folded in) and the list's other filters. */
struct app_filter {
        struct app_scope scope;
        int campaign;                           /* 0 = any */
        const char *category, *region_code;     /* NULL = any; region: the unit's region or its city */
        int64_t after_id;                       /* keyset paging: only ids above this; 0 = from the start */
};

/* -EEXIST when the unit already has an application in that campaign. */
int store_app_insert(struct db *db, int campaign, int64_t unit_id, int64_t owner_id, const char *form_json,
                     const struct form_facts *f, int64_t now, int64_t *ret_id);
/* The application if it is inside the scope, else -ENOENT (existence is not revealed). */
int store_app_get(struct db *db, struct arena *a, int64_t id, const struct app_scope *scope,
                  struct app_row *ret);
/* Writes the form if the row is still at `version` and in one of the `editable` statuses; the
 * version goes up by one. -ESTALE if it is not. Call inside a transaction (two statements). */
int store_app_save_form(struct db *db, int64_t id, int64_t version, status_set editable, const char *form_json,
                        const struct form_facts *f, int64_t now);
/* Compare-and-set of the status (and nothing else; the version goes up); -ESTALE if it was not `from`. */
int store_app_set_status(struct db *db, int64_t id, const char *from, const char *to, bool reopened, int64_t now);
/* Marks a change beside the form (an attachment) while the status is still `status`: updated_at
 * only, the version stays. -ESTALE if the status changed. */
int store_app_touch(struct db *db, int64_t id, const char *status, int64_t now);
/* `from` → `to` with the review target; numbers it on its first submission.
 * -ESTALE if the status was not `from`. Call inside a transaction. */
int store_app_submit(struct db *db, int64_t id, const char *from, const char *to, const struct review_target *t,
                     int64_t now);
/* Called for each row of a walk; the row's strings are the database's own, valid only during the
 * call (a page is written out as it is read, copying nothing). n_attachments: -1 where the walk
 * does not count them. Nonzero stops the walk and is returned. */
typedef int (*store_app_fn)(void *closure, const struct app_row *row, int64_t n_attachments);
/* A page of the list (offset, limit; or keyset with f->after_id) in id order, through fn. */
int store_app_list(struct db *db, const struct app_filter *f, size_t offset, size_t limit, store_app_fn fn,
                   void *closure);
/* How many applications the filter holds (the list's total). */
int store_app_count(struct db *db, const struct app_filter *f, size_t *ret);

struct attachment_row {
        int64_t id, application_id;
        char kind[32];
        char *filename;
        int64_t size;
        char sha256[65];
        char content_type[96];
        int64_t uploaded_by, created_at;
};

int store_attachment_insert(struct db *db, const struct attachment_row *a, int64_t *ret_id);
int store_attachment_list(struct db *db, struct arena *a, int64_t app_id, struct attachment_row **ret,
                          size_t *ret_n);
int store_attachment_get(struct db *db, struct arena *a, int64_t app_id, int64_t id, struct attachment_row *ret);
int store_attachment_delete(struct db *db, int64_t app_id, int64_t id);
int store_attachment_total(struct db *db, int64_t app_id, int64_t *ret_bytes);

struct event_row {
        int64_t id, at, user_id;
        char *user_name, *role, *action, *from_status, *to_status, *reason;
};

int store_event_insert(struct db *db, int64_t app_id, int64_t at, int64_t user_id, const char *role,
                       const char *action, const char *from, const char *to, const char *reason);
int store_event_list(struct db *db, struct arena *a, int64_t app_id, struct event_row **ret, size_t *ret_n);

/* ---- blobs: attachment files, stored once by SHA-256 under <data-dir>/blobs ---- */
/* A directory for upload temp files on the same file system as the blobs. */
const char *store_tmp_dir(struct store *s);
/* Moves a finished temp file (already fsynced) into place as the blob `sha256`; keeps the existing
 * copy if the blob is there already. The blob is durable when this returns. */
int store_blob_put(struct store *s, const char *tmp_path, const char *sha256);
/* Opens a blob for reading; the caller closes the fd. */
int store_blob_open(struct store *s, const char *sha256, int *ret_fd);

/* ---- exports (store/sqlite_applications.c) ---- */
/* The applications of store_app_list's filter and scope with id > after_id, in id order, at most
 * limit of them, each with its form (form_json set) and its number of attachments: page through
 * with the last id seen. */
int store_app_each(struct db *db, const struct app_filter *f, int64_t after_id, size_t limit, store_app_fn fn,
                   void *closure);

/* ---- recommendation packages and contacts (store/sqlite_packages.c) ---- */
struct authority;
/* A project an authority recommended, as the 推荐项目汇总表 and the counts need it. */
struct recommended_row {
        int64_t id;
        char status[24];
        char *category, *project_name, *unit_name, *nature, *nature_other;
        int64_t total_investment;               /* hundredths; -1 = none */
        char *start_month, *end_month;
};
/* The applications of the campaign inside the scope (what an authority recommended:
 * authority_recommended_scope, domain/authority.h), in id order. */
int store_recommended_list(struct db *db, struct arena *a, int campaign, const struct app_scope *scope,
                           struct recommended_row **ret, size_t *ret_n);

struct package_row {
        int64_t id;
        int campaign;
        char kind[16];                          /* region, department */
        char code[32];
        int64_t submitted_at, submitted_by;
        char *submitted_by_name;
        char sha256[65];
        char *file_name;
        int64_t file_size;
        char file_type[96];
        char *application_ids_json;             /* the snapshot: [id, ...] */
        char *counts_json;                      /* {"<category>": n, ..., "total": n} */
};
/* -EEXIST when the authority has sent its package for that campaign already. */
int store_package_insert(struct db *db, const struct package_row *p, int64_t *ret_id);
int store_package_list(struct db *db, struct arena *a, int campaign, struct package_row **ret, size_t *ret_n);
int store_package_get(struct db *db, struct arena *a, int campaign, int64_t id, struct package_row *ret);
/* The package of one authority (kind "region" / "department"), or -ENOENT. */
int store_package_find(struct db *db, struct arena *a, int campaign, const char *kind, const char *code,
                       struct package_row *ret);

struct contact_row {
        char region_code[8];
        char *name, *phone;
        int64_t recorded_at, updated_at, updated_by;
};
/* Records or replaces a region's contact; the first recording time is kept. */
int store_contact_put(struct db *db, int campaign, const char *region_code, const char *name, const char *phone,
                      int64_t now, int64_t user_id);
int store_contact_list(struct db *db, struct arena *a, int campaign, struct contact_row **ret, size_t *ret_n);

/* ---- notifications (store/sqlite_notifications.c) ---- */
struct notification_row {
        int64_t id, at;
        char kind[24];
        int64_t application_id;                 /* 0 when none */
        char *title, *body;
        int64_t read_at;                        /* 0 while unread */
};
/* To one account; app_id 0 = none. With a once_key, a second one for the same account and key is
 * silently not inserted (deadline reminders). Call inside the transaction of the change. */
int store_notification_insert(struct db *db, int64_t user_id, int64_t at, const char *kind, int64_t app_id,
                              const char *title, const char *body, const char *once_key);
/* The same notification to every reviewer of a region (county and city reviewers holding that
 * region) or of a department; the other code NULL. */
int store_notification_insert_reviewers(struct db *db, const char *region_code, const char *department_code,
                                        int64_t at, const char *kind, int64_t app_id, const char *title,
                                        const char *body);
int store_notification_once_sent(struct db *db, int64_t user_id, const char *once_key, bool *ret);
/* Newest first. */
int store_notification_list(struct db *db, struct arena *a, int64_t user_id, bool unread_only, size_t offset,
                            size_t limit, struct notification_row **ret, size_t *ret_n, size_t *ret_total);
int store_notification_unread(struct db *db, int64_t user_id, int64_t *ret);
/* Marks the account's own notifications read: those whose ids are in ids_json (a JSON array of
 * integers), or all when it is NULL. */
int store_notification_mark_read(struct db *db, int64_t user_id, const char *ids_json, int64_t at);

/* ---- the expert review (store/sqlite_experts.c) ---- */
struct expert_row {
        int64_t id;
        char *name, *unit, *credit_code, *title;
        char *specialties_json;                 /* ["economy", ...] */
        char region_code[8];
        char *region_name;
        char *mobile;
        char *former_units_json;                /* [{"name", "credit_code", "until"}] */
        int64_t user_id;                        /* 0 when it has no account */
        char *username;                         /* "" when none */
        bool active;
        int64_t load;                           /* active assignments in the campaign asked about */
        int64_t created_at, updated_at;
};
/* -EEXIST when user_id already belongs to an expert. */
int store_expert_insert(struct db *db, const struct expert_row *e, int64_t now, int64_t *ret_id);
/* Replaces the record's fields (not its account); -ENOENT when there is none. */
int store_expert_update(struct db *db, const struct expert_row *e, int64_t now);
/* Gives an expert without an account the account user_id (-ESTALE when it has one). */
int store_expert_set_user(struct db *db, int64_t id, int64_t user_id);
/* Every expert (active or not) with its load in campaign, in id order. */
int store_expert_list(struct db *db, struct arena *a, int campaign, struct expert_row **ret, size_t *ret_n);
int store_expert_get(struct db *db, struct arena *a, int campaign, int64_t id, struct expert_row *ret);

struct assignment_row {
        int64_t id;
        int campaign;
        int64_t application_id, expert_id;
        char status[24];                        /* assigned, draft, submitted, conflict_declared */
        char *criteria_json;                    /* {"fit": 2650}, hundredths */
        char *comment;
        int64_t total;                          /* hundredths; -1 while nothing is scored */
        int64_t draw_id;                        /* 0: by hand */
        int64_t created_at, updated_at, submitted_at;
        int64_t version;
        /* for lists and sheets */
        char *expert_name, *project_name, *submission_no, *category, *unit_name;
        char app_status[24];
        char *reopen_reason;                    /* the office's last reopening of it; NULL when none */
        int64_t reopened_at;
};
struct assignment_filter {
        int campaign;                           /* 0 = any */
        int64_t expert_id, application_id;      /* 0 = any */
        bool active_only;                       /* not conflict_declared */
};
/* -EEXIST when the expert already has (or had) that application. */
int store_assignment_insert(struct db *db, int campaign, int64_t app_id, int64_t expert_id, int64_t draw_id,
                            int64_t by, int64_t now, int64_t *ret_id);
/* In (application, expert) order. */
int store_assignment_list(struct db *db, struct arena *a, const struct assignment_filter *f,
                          struct assignment_row **ret, size_t *ret_n);
int store_assignment_get(struct db *db, struct arena *a, int64_t id, struct assignment_row *ret);
int store_assignment_delete(struct db *db, int64_t id);
/* A save of the score, compare-and-set on the status it was read in (-ENOENT when it changed):
 * status draft or submitted (submitted_at = now). */
int store_assignment_score(struct db *db, int64_t id, const char *from, const char *to, const char *criteria_json,
                           const char *comment, int64_t total, int64_t now);
/* The status alone, compare-and-set (reopen: submitted → draft; declare: → conflict_declared). */
int store_assignment_set_status(struct db *db, int64_t id, const char *from, const char *to, int64_t now);
int store_assignment_event(struct db *db, const struct assignment_row *s, int64_t at, int64_t user_id,
                           const char *action, const char *reason);

struct draw_row {
        int64_t id;
        int campaign;
        char *seed;
        int per_project;
        int64_t created;
        char *unassigned_json;
        int64_t created_by, created_at;
        char *created_by_name;
};
int store_draw_insert(struct db *db, const struct draw_row *d, int64_t *ret_id);
/* Newest first. */
int store_draw_list(struct db *db, struct arena *a, int campaign, struct draw_row **ret, size_t *ret_n);

struct conflict_mark_row {
        int64_t id;
        int campaign;
        int64_t expert_id, application_id;
        char reason[16];                        /* declared, marked */
        char *comment;
        int64_t created_by, created_at;
};
/* -EEXIST when the pair is marked already. */
int store_conflict_mark_insert(struct db *db, const struct conflict_mark_row *m, int64_t *ret_id);
int store_conflict_mark_list(struct db *db, struct arena *a, int campaign, struct conflict_mark_row **ret,
                             size_t *ret_n);
int store_conflict_mark_delete(struct db *db, int campaign, int64_t id);

/* ---- reopenings of the local review, the province overview (store/sqlite_reopenings.c) ---- */
struct reopening_row {
        int64_t id;
        int campaign;
        char kind[16];                          /* region, department */
        char code[32];
        char until[16];                         /* "YYYY-MM-DD", Beijing, inclusive */
        char *reason;
        int64_t created_by, created_at;
        char *created_by_name, *authority_name; /* filled by the list */
};
int store_reopening_insert(struct db *db, const struct reopening_row *r, int64_t *ret_id);
/* The campaign's reopenings in id order; kind and code (both or neither) select one authority's. */
int store_reopening_list(struct db *db, struct arena *a, int campaign, const char *kind, const char *code,
                         struct reopening_row **ret, size_t *ret_n);

/* One aggregate of the overview: group "total" (one row), "status", "category", "city" and
 * "direct_county" (the 13 cities and 昆山/泰兴/沭阳, all of them), or "department" (the active ones
 * and any with projects). */
struct overview_row {
        char group[16];
        char *key, *name;                       /* status / category / code; name for regions, departments */
        int64_t count;
        int64_t total_investment, non_construction_investment;     /* hundredths */
};
/* The applications of the campaign inside the scope (the province admin's: SCOPE_ALL; a status
 * filter folded into it) with the category (NULL = any), counted and summed by the database; rows
 * in group order. */
int store_overview(struct db *db, struct arena *a, int campaign, const struct app_scope *scope, const char *category,
                   struct overview_row **ret, size_t *ret_n);
