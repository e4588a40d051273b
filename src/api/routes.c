/* Every endpoint of the API: method, path, handler, who may call it, what body it takes.
 * Adding an endpoint = a handler and a row here. {id}, {aid} and {year} reach the handler parsed
 * (struct call), anything else through api_param. */
#include "api/api.h"
#include "domain/attachment.h"
#include "domain/role.h"

#define ANYONE 0
#define SIGNED_IN ROLES_ALL
#define ADMIN ROLE_BIT(ROLE_PROVINCE_ADMIN)
#define APPLICANT ROLE_BIT(ROLE_APPLICANT)
#define REVIEWERS (ROLE_BIT(ROLE_COUNTY_REVIEWER) | ROLE_BIT(ROLE_CITY_REVIEWER) | ROLE_BIT(ROLE_DEPARTMENT_REVIEWER))
/* who sends recommendation packages: cities (also 昆山/泰兴/沭阳) and departments */
#define SENDERS (ROLE_BIT(ROLE_CITY_REVIEWER) | ROLE_BIT(ROLE_DEPARTMENT_REVIEWER))
#define CITY ROLE_BIT(ROLE_CITY_REVIEWER)
#define EXPERT ROLE_BIT(ROLE_EXPERT)
#define UPLOAD_MAX ((uint64_t)ATTACHMENT_MAX_FILE_MB << 20)
#define IMPORT_MAX ((uint64_t)10 << 20)         /* an expert import: a spreadsheet */

#define ROUTE(m, p, h, who, b) { .route = { .method = m, .pattern = p, .body = b }, .handler = h, .roles = who }
#define UPLOAD(m, p, h, who, pre) \
        { .route = { .method = m, .pattern = p, .body = BODY_UPLOAD, .max_upload = UPLOAD_MAX }, .handler = h, \
          .roles = who, .precheck = pre }

const struct endpoint api_endpoints[] = {
        ROUTE("GET", "/healthz", api_health_get, ANYONE, BODY_NONE),
        ROUTE("GET", "/api/v1/about", api_about_get, ANYONE, BODY_NONE),

        ROUTE("GET", "/api/v1/regions", api_regions_list, ANYONE, BODY_NONE),
        ROUTE("GET", "/api/v1/departments", api_departments_list, ANYONE, BODY_NONE),
        ROUTE("POST", "/api/v1/departments", api_departments_create, ADMIN, BODY_JSON),
        ROUTE("PUT", "/api/v1/departments/{code}", api_departments_update, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/campaigns", api_campaigns_list, ANYONE, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}", api_campaign_get, ANYONE, BODY_NONE),
        ROUTE("GET", "/api/v1/statuses", api_statuses_list, ANYONE, BODY_NONE),

        ROUTE("POST", "/api/v1/accounts", api_accounts_create, ANYONE, BODY_JSON),
        ROUTE("POST", "/api/v1/accounts/validate", api_accounts_validate, ANYONE, BODY_JSON),
        ROUTE("POST", "/api/v1/session", api_session_create, ANYONE, BODY_JSON),
        ROUTE("DELETE", "/api/v1/session", api_session_delete, SIGNED_IN, BODY_NONE),
        ROUTE("GET", "/api/v1/me", api_me_get, SIGNED_IN, BODY_NONE),

        ROUTE("GET", "/api/v1/users", api_users_list, ADMIN, BODY_NONE),
        ROUTE("POST", "/api/v1/users", api_users_create, ADMIN, BODY_JSON),

        ROUTE("POST", "/api/v1/applications", api_apps_create, APPLICANT, BODY_JSON),
        ROUTE("GET", "/api/v1/applications", api_apps_list, SIGNED_IN, BODY_NONE),
        ROUTE("GET", "/api/v1/applications.csv", api_apps_export_csv, SIGNED_IN, BODY_NONE),
        ROUTE("GET", "/api/v1/applications.xlsx", api_apps_export_xlsx, SIGNED_IN, BODY_NONE),
        ROUTE("GET", "/api/v1/applications/{id}", api_app_get, SIGNED_IN, BODY_NONE),
        ROUTE("PUT", "/api/v1/applications/{id}", api_app_put, APPLICANT, BODY_JSON),
        ROUTE("POST", "/api/v1/applications/{id}/submit", api_app_submit, APPLICANT, BODY_NONE),
        ROUTE("POST", "/api/v1/applications/{id}/withdraw", api_app_withdraw, APPLICANT, BODY_NONE),
        ROUTE("POST", "/api/v1/applications/{id}/reviews", api_reviews_create, REVIEWERS, BODY_JSON),
        ROUTE("POST", "/api/v1/applications/{id}/formal-check", api_formal_check, ADMIN, BODY_JSON),
        UPLOAD("POST", "/api/v1/applications/{id}/attachments", api_attachments_create, APPLICANT,
               api_attachments_precheck),
        ROUTE("GET", "/api/v1/applications/{id}/attachments/{aid}", api_attachment_get, SIGNED_IN, BODY_NONE),
        ROUTE("DELETE", "/api/v1/applications/{id}/attachments/{aid}", api_attachment_delete, APPLICANT, BODY_NONE),
        ROUTE("GET", "/api/v1/applications/{id}/form.pdf", api_form_pdf, SIGNED_IN, BODY_NONE),
        ROUTE("GET", "/api/v1/applications/{id}/receipt.pdf", api_receipt_pdf, SIGNED_IN, BODY_NONE),

        ROUTE("GET", "/api/v1/campaigns/{year}/summary-table.xlsx", api_summary_table_xlsx, REVIEWERS | ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/summary-table.pdf", api_summary_table_pdf, REVIEWERS | ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/packages", api_packages_list, SENDERS | ADMIN, BODY_NONE),
        UPLOAD("POST", "/api/v1/campaigns/{year}/packages", api_packages_create, SENDERS, api_packages_precheck),
        ROUTE("GET", "/api/v1/campaigns/{year}/packages/{id}/file", api_package_file, SENDERS | ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/contacts", api_contacts_list, CITY | ADMIN, BODY_NONE),
        ROUTE("PUT", "/api/v1/campaigns/{year}/contacts/{region}", api_contacts_put, CITY | ADMIN, BODY_JSON),

        ROUTE("GET", "/api/v1/notifications", api_notifications_list, SIGNED_IN, BODY_NONE),
        ROUTE("POST", "/api/v1/notifications/read", api_notifications_read, SIGNED_IN, BODY_JSON),
        ROUTE("POST", "/api/v1/campaigns/{year}/reopen", api_reopen_create, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/campaigns/{year}/reopenings", api_reopenings_list, ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/overview", api_overview_get, ADMIN, BODY_NONE),

        ROUTE("GET", "/api/v1/experts", api_experts_list, ADMIN, BODY_NONE),
        ROUTE("POST", "/api/v1/experts", api_experts_create, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/experts/template.xlsx", api_experts_template_xlsx, ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/experts/template.csv", api_experts_template_csv, ADMIN, BODY_NONE),
        { .route = { .method = "POST", .pattern = "/api/v1/experts/import", .body = BODY_UPLOAD,
                     .max_upload = IMPORT_MAX },
          .handler = api_experts_import, .roles = ADMIN, .precheck = api_experts_import_precheck },
        ROUTE("PUT", "/api/v1/experts/{id}", api_experts_update, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/campaigns/{year}/conflicts", api_conflicts_list, ADMIN, BODY_NONE),
        ROUTE("POST", "/api/v1/campaigns/{year}/conflicts", api_conflicts_mark, ADMIN, BODY_JSON),
        ROUTE("DELETE", "/api/v1/campaigns/{year}/conflicts/{id}", api_conflicts_unmark, ADMIN, BODY_NONE),
        ROUTE("POST", "/api/v1/campaigns/{year}/assignments/auto", api_assignments_auto, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/campaigns/{year}/draws", api_draws_list, ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/review-progress", api_review_progress, ADMIN, BODY_NONE),
        ROUTE("POST", "/api/v1/campaigns/{year}/review-reminders", api_review_remind, ADMIN, BODY_JSON),
        ROUTE("POST", "/api/v1/assignments", api_assignments_create, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/assignments", api_assignments_list, ADMIN | EXPERT, BODY_NONE),
        ROUTE("GET", "/api/v1/assignments/{id}", api_assignment_get, ADMIN | EXPERT, BODY_NONE),
        ROUTE("DELETE", "/api/v1/assignments/{id}", api_assignment_delete, ADMIN, BODY_NONE),
        ROUTE("PUT", "/api/v1/assignments/{id}/score", api_assignment_score, EXPERT, BODY_JSON),
        ROUTE("POST", "/api/v1/assignments/{id}/conflict", api_assignment_declare, EXPERT, BODY_JSON),
        ROUTE("POST", "/api/v1/assignments/{id}/reopen", api_assignment_reopen, ADMIN, BODY_JSON),
        ROUTE("GET", "/api/v1/assignments/{id}/score-sheet.pdf", api_assignment_score_sheet, ADMIN | EXPERT, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/ranking", api_ranking_get, ADMIN, BODY_NONE),
        ROUTE("GET", "/api/v1/campaigns/{year}/ranking.xlsx", api_ranking_xlsx, ADMIN, BODY_NONE),
};

const size_t api_endpoints_n = sizeof api_endpoints / sizeof api_endpoints[0];
