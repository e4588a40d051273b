/* The API: one handler file per resource, the route table that binds them to paths and roles
 * (api/routes.c), and the gate (api/gate.c) that settles who is asking before any handler runs.
 *
 * A handler takes a struct call and returns 0 once it has answered, or a negative number: a
 * refusal recorded with api_fail (api/errors.h) or an errno, which the gate answers (-ENOENT 404,
 * -ESTALE 409, -EBUSY 503, anything else 500). Helpers never answer: they return -errno or
 * API_REFUSED. Nothing here includes <microhttpd.h>: answers go out through http/reply.h. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/errors.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/router.h"
#include "domain/workflow.h"
#include "store/store.h"

struct req;
struct upload;
struct http_service;
struct campaign;
struct config;

struct api_failure {
        bool set;
        enum api_error error;
        const char *message;
        json_t *fields;                 /* owned until answered */
        json_t *extra;                  /* further keys of the error object (owned), e.g. current_version */
        const char *etag;               /* an ETag to send with the error */
};

/* One request as the API sees it: the transport's request and who is asking. Lives in the
 * request's arena. */
struct call {
        struct req *req;
        struct arena *arena;
        int64_t now;                    /* the platform clock when the request arrived */
        json_t *json;                   /* BODY_JSON: the body, an object */
        struct upload *upload;          /* BODY_UPLOAD: the file */
        const struct endpoint *ep;
        /* the path's parameters, parsed once by the gate: {id} and {aid} positive, {year} four
         * digits (anything else is 404 before the handler runs); 0 when the path has none */
        int64_t id, aid;
        int year;
        struct db *db;                  /* this worker thread's connection */
        bool signed_in;
        struct auth_session session;
        struct user user;               /* valid when signed_in */
        struct api_failure failure;
        /* whether local review is open for the caller in review_open_year (api/actions.c) */
        int review_open_year;
        bool review_open;
};

typedef int (*api_handler)(struct call *c);

/* A row of the route table: what http matches on, the handler, who may call it. */
struct endpoint {
        struct route route;             /* first: http/ sees the table as routes */
        api_handler handler;
        unsigned roles;                 /* 0 = anyone; else ROLE_BIT()s allowed (signed in) */
        api_handler precheck;           /* BODY_UPLOAD: may this upload be taken at all? */
};

extern const struct endpoint api_endpoints[];
extern const size_t api_endpoints_n;

/* The service http_serve runs: the table, the gate, the upload settings (gate.c). */
void api_service(struct http_service *svc, const struct config *cfg, struct store *store);

/* A string path parameter ({code}, {region}), or NULL. */
const char *api_param(struct call *c, const char *name);
/* A query-string argument, NULL when absent or empty. */
const char *api_query(struct call *c, const char *name);

/* Answers with JSON (body stolen). */
int api_json(struct call *c, unsigned status, json_t *body);

/* ---- the calls (campaigns), parsed once at start (campaigns.c) ---- */
/* Loads and checks every stored call, and the regions; run before serving. */
int api_campaigns_load(struct db *db);
void api_campaigns_free(void);
/* The call of a year, or NULL. Read-only, shared by every thread. */
const struct campaign *api_campaign(int year);
/* The call of the path's {year}: -ENOENT when there is none. */
int api_campaign_of_path(struct call *c, const struct campaign **ret);
/* Jiangsu's regions, read once at start (they never change while serving); shared read-only. */
int api_regions(const struct region **ret, size_t *ret_n);
/* Every call, newest first. */
const struct campaign *api_campaign_at(size_t i);
size_t api_campaigns_count(void);
/* The definition as stored (JSON text), for GET /api/v1/campaigns/{year}. */
const char *api_campaign_text(int year, size_t *ret_len);
/* GET /api/v1/campaigns's answer, made once. */
const char *api_campaigns_list_text(void);

/* ---- periodic work (jobs.c): deadline reminders ---- */
/* Runs the jobs once at now. */
int api_jobs_run(struct db *db, int64_t now);
/* Runs them now, then once a minute on a thread of its own until api_jobs_stop. */
int api_jobs_start(struct store *store);
void api_jobs_stop(void);

/* ---- handlers ---- */
/* health.c */
int api_health_get(struct call *c);
int api_about_get(struct call *c);
/* reference.c */
int api_regions_list(struct call *c);
int api_departments_list(struct call *c);
int api_departments_create(struct call *c);
int api_departments_update(struct call *c);
int api_campaigns_list(struct call *c);
int api_campaign_get(struct call *c);
int api_statuses_list(struct call *c);
/* accounts.c */
int api_accounts_create(struct call *c);
int api_accounts_validate(struct call *c);
/* session.c */
int api_session_create(struct call *c);
int api_session_delete(struct call *c);
int api_me_get(struct call *c);
/* users.c */
int api_users_create(struct call *c);
int api_users_list(struct call *c);
/* applications.c */
int api_apps_create(struct call *c);
int api_apps_list(struct call *c);
int api_app_get(struct call *c);
int api_app_put(struct call *c);
int api_app_submit(struct call *c);
int api_app_withdraw(struct call *c);
/* reviews.c */
int api_reviews_create(struct call *c);
int api_formal_check(struct call *c);
/* exports.c */
int api_apps_export_csv(struct call *c);
int api_apps_export_xlsx(struct call *c);
/* attachments.c */
int api_attachments_precheck(struct call *c);
int api_attachments_create(struct call *c);
int api_attachment_get(struct call *c);
int api_attachment_delete(struct call *c);
/* documents.c */
int api_form_pdf(struct call *c);
int api_receipt_pdf(struct call *c);
/* packages.c: the 推荐项目汇总表 and the recommendation packages */
int api_summary_table_xlsx(struct call *c);
int api_summary_table_pdf(struct call *c);
int api_packages_list(struct call *c);
int api_packages_precheck(struct call *c);
int api_packages_create(struct call *c);
int api_package_file(struct call *c);
/* contacts.c: the 负责同志 of cities and direct counties */
int api_contacts_list(struct call *c);
int api_contacts_put(struct call *c);
/* notifications.c */
int api_notifications_list(struct call *c);
int api_notifications_read(struct call *c);
/* reopenings.c: the local review after its deadline */
int api_reopen_create(struct call *c);
int api_reopenings_list(struct call *c);
/* overview.c: the province overview */
int api_overview_get(struct call *c);
/* assignments.c: the expert review's assignments and scores */
int api_assignments_list(struct call *c);
int api_assignment_get(struct call *c);
int api_assignment_score(struct call *c);
int api_assignment_declare(struct call *c);
int api_assignment_reopen(struct call *c);
int api_assignment_delete(struct call *c);
int api_assignment_score_sheet(struct call *c);
/* experts.c: the expert pool and its import */
int api_experts_list(struct call *c);
int api_experts_create(struct call *c);
int api_experts_update(struct call *c);
int api_experts_import_precheck(struct call *c);
int api_experts_import(struct call *c);
int api_experts_template_xlsx(struct call *c);
int api_experts_template_csv(struct call *c);
/* draw.c: conflicts, assigning by hand and by draw, progress, reminders */
int api_conflicts_list(struct call *c);
int api_conflicts_mark(struct call *c);
int api_conflicts_unmark(struct call *c);
int api_assignments_create(struct call *c);
int api_assignments_auto(struct call *c);
int api_draws_list(struct call *c);
int api_review_progress(struct call *c);
int api_review_remind(struct call *c);
/* The draw (draw.c), also for the demo: what it made, and what it could not fill (a new array). */
struct draw_outcome {
        int64_t draw_id;
        size_t created;
        json_t *unassigned;
};
int api_draw_run(struct call *c, const struct campaign *cp, int per_project, const char *seed,
                 struct draw_outcome *ret);
/* ranking.c: the experts' scores aggregated and ranked */
int api_ranking_get(struct call *c);
int api_ranking_xlsx(struct call *c);

/* ---- the workflow as the API applies it (actions.c) ---- */
struct wf_party api_party(struct call *c);
/* The caller's data scope, re-derived from the account on every request. */
struct app_scope api_scope(struct call *c);
struct wf_place api_place(const struct app_row *a);
/* What a decision needs about application a (NULL: the one the caller would create in c->year).
 * Whether the form is complete is worked out only for its owner while it may still change it (a
 * needs its form_json then); api_facts_known takes the number of problems when the caller has
 * them already (-1: not known). */
int api_facts(struct call *c, const struct app_row *a, struct wf_facts *ret);
#define API_PROBLEMS_UNNEEDED (-2)      /* no row asked about needs the form's completeness */
int api_facts_known(struct call *c, const struct app_row *a, int problems, struct wf_facts *ret);
/* Decides action on a (NULL: creating one): 0 with the row, or a refusal — 409 when the status
 * does not allow it, window_closed when its time has passed, 422 when a reason is missing. */
int api_decide(struct call *c, const struct app_row *a, const char *action, const char *reason,
               const struct transition **ret);
/* The history event of an action by the caller. */
int api_record(struct call *c, int64_t app_id, const char *action, const char *from, const char *to,
               const char *reason);
/* Ends an action's transaction: commits and answers the application's JSON text (with its
 * version as ETag) when err is 0, else rolls back and returns err. */
struct buf;
int api_finish(struct call *c, int err, unsigned status, struct buf *text, int64_t version);
/* Takes an action that only changes the status (withdraw, the reviewers'), decided by the table,
 * with its event and notifications, in one transaction; answers the application. */
int api_act(struct call *c, const char *action, const char *reason);
/* Answers an application's JSON text (taken over) with its version as ETag. */
int api_reply_app_text(struct call *c, unsigned status, struct buf *text, int64_t version);

/* ---- helpers shared by the handlers ---- */
struct app_row;
struct app_filter;
struct attachment_row;
struct review_target;
struct staff_account;

/* The list filters of the query (campaign, status, category, region_code) and the caller's scope;
 * API_REFUSED (400) on bad values. Shared by the list and the exports. */
int api_apps_filter(struct call *c, struct app_filter *ret);
/* The application of the path's {id} inside the caller's scope; -ENOENT when there is none. */
int api_app_load(struct call *c, struct app_row *ret);
/* The whole application as the caller sees it (the row as loaded), as JSON text into out: the
 * form, attachments, history, problems, warnings and allowed_actions. */
int api_app_text(struct call *c, const struct app_row *a, struct buf *out);
/* What would stop its submission now (a new reference). */
int api_app_problems(struct call *c, const struct app_row *a, json_t **ret);
/* The form (parsed) of a checked against every rule (domain/form.c) with its attachments: what
 * stops submission and what to notice (new references). */
int api_form_check(struct call *c, const struct app_row *a, json_t *form, const struct attachment_row *att,
                   size_t n_att, json_t **ret_problems, json_t **ret_warnings);
json_t *api_attachment_json(const struct attachment_row *a);
/* A staff account against the rules and the reference data (users.c; the CLI's user add too). */
void api_check_staff(struct db *db, const struct staff_account *s, json_t *problems);
/* The public view of an account (never the password hash or login counters). */
json_t *api_user_json(const struct user *u);
/* The version the client read: If-Match ("v12", W/"v12", *) or the body's "version"; 0 = none
 * (400/422 when malformed or the two disagree). */
int api_expected_version(struct call *c, int64_t *ret);
/* page and per_page from the query (defaults 1 and 50, per_page at most 200); API_REFUSED (400)
 * on bad values. */
int api_paging(struct call *c, size_t *ret_page, size_t *ret_per_page);
/* {"items": items, "total", "page", "per_page"}; items stolen. */
json_t *api_page_json(json_t *items, size_t total, size_t page, size_t per_page);
/* Content-Disposition (RFC 6266/8187) keeping a UTF-8 file name, with an ASCII fallback. */
const char *api_content_disposition(struct call *c, const char *name, bool inline_view);
/* An uploaded file's name as kept (last path component, no control characters, at most 120
 * characters; "附件" when nothing usable is left). */
const char *api_clean_filename(struct call *c, const char *name);
/* What an uploaded file is, from its first bytes and (for a zip) its central directory: a
 * domain/attachment.h enum file_type. The upload's recogniser (http/upload.h). */
int api_identify_file(const unsigned char *head, size_t head_len, int fd, uint64_t size);
/* A document written to a temp file (XLSX): opened, unlinked, and sent from the descriptor, so
 * it disappears with the answer. */
int api_send_temp_file(struct call *c, const char *path, const char *content_type, const char *filename);
/* A PDF in memory (taken over), shown inline. */
int api_send_pdf(struct call *c, char *data, size_t n, const char *filename);
/* The notifications a status change causes (domain/notify.c), inserted inside the caller's
 * transaction. target: the review target being set (submission), NULL to use the application's. */
int api_notify_change(struct call *c, const struct app_row *a, const struct review_target *target,
                      const char *action, const char *from, const char *to, const char *reason);
/* A notification to an expert's account, if it has one (assignments.c). */
int api_notify_expert(struct call *c, int64_t expert_id, int64_t app_id, const char *kind, const char *title,
                      const char *body);
/* An assignment as the caller may see it, and its status in words (assignments.c). */
struct assignment_row;
json_t *api_assignment_json(struct call *c, const struct assignment_row *s);
const char *api_assignment_status_label(const char *status);
/* The caller's unread notifications. */
int api_notifications_unread(struct call *c, int64_t *ret);
/* Whether the caller may review in campaign cp now: the deadline, or a reopening for their
 * authority. */
int api_review_open(struct call *c, const struct campaign *cp, bool *ret_open);
