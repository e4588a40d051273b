/* Exports: applications with their forms, a page at a time in id order, so an export of any size
 * holds one page of rows. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

/* The columns, joins, scope and filters of store_app_list (store/sqlite_applications.c): keep the
 * two in step. The scope is bound as ?1 kind, ?2 unit, ?3 code. */
#define EXPORT_SQL \
        "SELECT a.id, a.campaign, a.unit_id, a.owner_id, a.status, a.project_name, a.category, a.nature," \
        " a.affiliation, a.unit_region, a.project_region, a.start_month, a.end_month," \
        " coalesce(a.total_investment, -1), coalesce(a.non_construction_investment, -1)," \
        " coalesce(a.review_level, ''), coalesce(a.review_region, ''), coalesce(a.review_department, '')," \
        " coalesce(rr.name, dd.name, ''), coalesce(a.submission_no, ''), coalesce(a.submitted_at, 0)," \
        " a.created_at, a.updated_at, n.name, n.credit_code, a.form," \
        " (SELECT count(*) FROM attachments t WHERE t.application_id = a.id)" \
        " FROM applications a JOIN units n ON n.id = a.unit_id" \
        " LEFT JOIN regions rr ON rr.code = a.review_region" \
        " LEFT JOIN departments dd ON dd.code = a.review_department" \
        " LEFT JOIN regions ur ON ur.code = a.unit_region" \
        " WHERE ((?1 = 1 AND a.unit_id = ?2)" \
        " OR (?1 = 2 AND a.review_region = ?3 AND a.status <> 'draft')" \
        " OR (?1 = 3 AND a.review_department = ?3 AND a.status <> 'draft')" \
        " OR (?1 = 4 AND a.status <> 'draft'))" \
        " AND (?4 = 0 OR a.campaign = ?4) AND (?5 IS NULL OR a.status = ?5)" \
        " AND (?6 IS NULL OR a.category = ?6) AND (?7 IS NULL OR a.unit_region = ?7 OR ur.parent_code = ?7)" \
        " AND a.id > ?8 ORDER BY a.id LIMIT ?9"

int store_app_each(struct db *db, struct arena *a, const struct app_filter *f, int64_t after_id, size_t limit,
                   store_app_fn fn, void *closure)
{
        sqlite3_stmt *st = db_prepare(db, EXPORT_SQL);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, (int)f->scope.kind);
        sqlite3_bind_int64(st, 2, f->scope.unit_id);
        sqlite3_bind_text(st, 3, f->scope.code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, f->campaign);
        db_bind_text_or_null(st, 5, f->status);
        db_bind_text_or_null(st, 6, f->category);
        db_bind_text_or_null(st, 7, f->region_code);
        sqlite3_bind_int64(st, 8, after_id);
        sqlite3_bind_int64(st, 9, (sqlite3_int64)limit);
        int rc = SQLITE_DONE, r = 0;
        while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct app_row row = { 0 };
                int c = 0;
                row.id = sqlite3_column_int64(st, c++);
                row.campaign = sqlite3_column_int(st, c++);
                row.unit_id = sqlite3_column_int64(st, c++);
                row.owner_id = sqlite3_column_int64(st, c++);
                db_col_copy(st, c++, row.status, sizeof row.status);
                row.project_name = db_col_text(a, st, c++);
                row.category = db_col_text(a, st, c++);
                row.nature = db_col_text(a, st, c++);
                row.affiliation = db_col_text(a, st, c++);
                row.unit_region = db_col_text(a, st, c++);
                row.project_region = db_col_text(a, st, c++);
                row.start_month = db_col_text(a, st, c++);
                row.end_month = db_col_text(a, st, c++);
                row.total_investment = sqlite3_column_int64(st, c++);
                row.non_construction_investment = sqlite3_column_int64(st, c++);
                db_col_copy(st, c++, row.review_level, sizeof row.review_level);
                db_col_copy(st, c++, row.review_region, sizeof row.review_region);
                db_col_copy(st, c++, row.review_department, sizeof row.review_department);
                row.review_name = db_col_text(a, st, c++);
                row.submission_no = db_col_text(a, st, c++);
                row.submitted_at = sqlite3_column_int64(st, c++);
                row.created_at = sqlite3_column_int64(st, c++);
                row.updated_at = sqlite3_column_int64(st, c++);
                row.unit_name = db_col_text(a, st, c++);
                row.credit_code = db_col_text(a, st, c++);
                row.form_json = db_col_text(a, st, c++);
                int64_t n_att = sqlite3_column_int64(st, c++);
                r = fn(closure, &row, n_att);
        }
        if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
                r = db_result(db, rc);
        db_done(st);
        return r;
}
