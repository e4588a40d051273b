/* The API's handlers (one file per resource) and the helpers they share. The route table that
 * binds them to paths and roles is api/routes.c. */
#pragma once
#include <jansson.h>
#include <stddef.h>

#include "http/router.h"
#include "store/store.h"

struct req;

extern const struct route api_routes[];
extern const size_t api_routes_n;

/* health.c, about.c */
int api_health_get(struct req *r);
int api_about_get(struct req *r);
/* reference.c */
int api_regions_list(struct req *r);
int api_departments_list(struct req *r);
int api_departments_create(struct req *r);
int api_departments_update(struct req *r);
int api_campaigns_list(struct req *r);
int api_campaign_get(struct req *r);
/* accounts.c */
int api_accounts_create(struct req *r);
int api_accounts_validate(struct req *r);
/* session.c */
int api_session_create(struct req *r);
int api_session_delete(struct req *r);
int api_me_get(struct req *r);
/* users.c */
int api_users_create(struct req *r);
int api_users_list(struct req *r);

/* applications.c */
int api_apps_create(struct req *r);
int api_apps_list(struct req *r);
int api_app_get(struct req *r);
int api_app_put(struct req *r);
int api_app_submit(struct req *r);
int api_app_withdraw(struct req *r);
/* exports.c */
int api_apps_export_csv(struct req *r);
int api_apps_export_xlsx(struct req *r);
/* attachments.c */
int api_attachments_precheck(struct req *r);
int api_attachments_create(struct req *r);
int api_attachment_get(struct req *r);
int api_attachment_delete(struct req *r);

struct campaign;
struct app_row;
struct attachment_row;
/* The campaign of a year, parsed (-ENOENT if there is none). */
int api_campaign_load(struct req *r, int year, struct campaign *ret);
struct app_filter;
/* The list filters of the query (campaign, status, category, region_code) and the caller's scope;
 * on bad values it has replied 400 and returns -1. Shared by the list and the exports. */
int api_apps_filter(struct req *r, struct app_filter *ret);
/* The application of the path's {id} inside the caller's scope; on failure it has replied. */
int api_app_load(struct req *r, struct app_row *ret);
json_t *api_attachment_json(const struct attachment_row *a);
struct app_scope;
/* Replies with the whole application as seen within scope (NULL: the caller's own scope). */
int api_reply_app(struct req *r, unsigned status, int64_t id, const struct app_scope *scope);
/* reviews.c */
int api_reviews_create(struct req *r);

struct staff_account;
/* A staff account against the rules and the reference data (users.c; the CLI's user add too). */
void api_check_staff(struct db *db, const struct staff_account *s, json_t *problems);

/* common.c */
/* The public view of an account (never the password hash or login counters). */
json_t *api_user_json(const struct user *u);
/* page and per_page from the query (defaults 1 and 50, per_page at most 200); on bad values
 * replies 400 itself and returns false. */
bool api_paging(struct req *r, size_t *ret_page, size_t *ret_per_page);
/* {"items": items, "total", "page", "per_page"}; items stolen. */
json_t *api_page_json(json_t *items, size_t total, size_t page, size_t per_page);
/* Content-Disposition (RFC 6266/8187) keeping a UTF-8 file name, with an ASCII fallback. */
const char *api_content_disposition(struct req *r, const char *name, bool inline_view);
/* documents.c */
int api_form_pdf(struct req *r);
int api_receipt_pdf(struct req *r);
/* Replies to a store failure that is not one the handler expected. */
int api_store_error(struct req *r, int err);
/* attachments.c: an uploaded file's name as kept (last path component, no control characters,
 * at most 120 characters; "附件" when nothing usable is left). */
const char *api_clean_filename(struct req *r, const char *name);
/* packages.c: the 推荐项目汇总表 and the recommendation packages */
int api_summary_table_xlsx(struct req *r);
int api_summary_table_pdf(struct req *r);
int api_packages_list(struct req *r);
int api_packages_precheck(struct req *r);
int api_packages_create(struct req *r);
int api_package_file(struct req *r);
/* contacts.c: the 负责同志 of cities and direct counties */
int api_contacts_list(struct req *r);
int api_contacts_put(struct req *r);
/* notifications.c: in-app notifications and the unread count */
int api_notifications_list(struct req *r);
int api_notifications_read(struct req *r);
struct review_target;
/* The notifications a status change causes (domain/notify.c), inserted inside the caller's
 * transaction. target: the review target being set (submission), NULL to use the application's. */
int api_notify_change(struct req *r, const struct app_row *a, const struct review_target *target, const char *action,
                      const char *from, const char *to, const char *reason);
/* Makes the caller's due deadline reminders (once each), then counts their unread notifications. */
int api_notifications_unread(struct req *r, int64_t *ret);
/* reopenings.c: the local review after its deadline */
int api_reopen_create(struct req *r);
int api_reopenings_list(struct req *r);
struct campaign;
/* Whether the caller may review in campaign c now: the deadline, or a reopening for their authority. */
int api_review_open(struct req *r, const struct campaign *c, bool *ret_open);
/* overview.c: the province overview */
int api_overview_get(struct req *r);
