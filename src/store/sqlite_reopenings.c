/* The province admin's reopenings of the local review (a log: inserted, never changed), and the
 * province overview's counts and sums — one aggregate statement, no per-row work in C. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

int store_reopening_insert(struct db *db, const struct reopening_row *r, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO review_reopenings (campaign, authority_kind, authority_code, until, reason, created_by,"
                " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, r->campaign);
        sqlite3_bind_text(st, 2, r->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, r->until, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, r->reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, r->created_by);
        sqlite3_bind_int64(st, 7, r->created_at);
        int rc = db_result(db, sqlite3_step(st));
        db_done(st);
        if (rc == 0)
                *ret_id = sqlite3_last_insert_rowid(db->h);
        return rc;
}

int store_reopening_list(struct db *db, struct arena *a, int campaign, const char *kind, const char *code,
                         struct reopening_row **ret, size_t *ret_n)
{
        static const char sql[] =
                "SELECT o.id, o.campaign, o.authority_kind, o.authority_code, o.until, o.reason, o.created_by,"
                " coalesce(u.name, ''), o.created_at,"
                " coalesce(CASE o.authority_kind WHEN 'region' THEN g.name ELSE d.name END, '')"
                " FROM review_reopenings o LEFT JOIN users u ON u.id = o.created_by"
                " LEFT JOIN regions g ON o.authority_kind = 'region' AND g.code = o.authority_code"
                " LEFT JOIN departments d ON o.authority_kind = 'department' AND d.code = o.authority_code"
                " WHERE o.campaign = ?1 AND (?2 IS NULL OR (o.authority_kind = ?2 AND o.authority_code = ?3))"
                " ORDER BY o.id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        db_bind_text_or_null(st, 2, kind);
        db_bind_text_or_null(st, 3, code);
        size_t n = 0, alloc = 0;
        struct reopening_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct reopening_row *x = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                x->id = sqlite3_column_int64(st, 0);
                x->campaign = sqlite3_column_int(st, 1);
                db_col_copy(st, 2, x->kind, sizeof x->kind);
                db_col_copy(st, 3, x->code, sizeof x->code);
                db_col_copy(st, 4, x->until, sizeof x->until);
                x->reason = db_col_text(a, st, 5);
                x->created_by = sqlite3_column_int64(st, 6);
                x->created_by_name = db_col_text(a, st, 7);
                x->created_at = sqlite3_column_int64(st, 8);
                x->authority_name = db_col_text(a, st, 9);
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}

/* ---- the province overview ---- */

/* What the province admin's list shows (its scope, SCOPE_ALL: ?2 the statuses, a status filter
 * folded in) with its category filter (?3); each application counted once under its authority:
 * its department (省直), else the city-level authority that sends it on (review_city: a county's
 * city, the city for 市直, 昆山/泰兴/沭阳 themselves). */
#define OVERVIEW_SET \
        "WITH f AS (SELECT a.id, a.status, a.category, a.total_investment AS ti," \
        " a.non_construction_investment AS nci, a.review_department AS dep, a.review_city AS city" \
        " FROM applications a WHERE a.campaign = ?1 AND" W_ALL " AND (?3 IS NULL OR a.category = ?3)) "

int store_overview(struct db *db, struct arena *a, int campaign, const struct app_scope *scope, const char *category,
                   struct overview_row **ret, size_t *ret_n)
{
        if (scope->kind != SCOPE_ALL)
                return -EINVAL;
        static const char sql[] = OVERVIEW_SET
                "SELECT 0, 'total', '', '', count(*), coalesce(sum(ti), 0), coalesce(sum(nci), 0), 0 FROM f"
                " UNION ALL SELECT 1, 'status', status, '', count(*), coalesce(sum(ti), 0),"
                "  coalesce(sum(nci), 0), 0 FROM f GROUP BY status"
                " UNION ALL SELECT 2, 'category', category, '', count(*), coalesce(sum(ti), 0),"
                "  coalesce(sum(nci), 0), 0 FROM f GROUP BY category"
                " UNION ALL SELECT 3, CASE g.level WHEN 'city' THEN 'city' ELSE 'direct_county' END, g.code, g.name, count(f.id), coalesce(sum(f.ti), 0),"
                "  coalesce(sum(f.nci), 0), 0 FROM regions g LEFT JOIN f ON f.city = g.code"
                "  WHERE g.reports_to_province = 1 AND g.level <> 'province' GROUP BY g.code"
                " UNION ALL SELECT 4, 'department', d.code, d.name, count(f.id), coalesce(sum(f.ti), 0),"
                "  coalesce(sum(f.nci), 0), d.rowid FROM departments d LEFT JOIN f ON f.dep = d.code"
                "  WHERE d.active = 1 OR f.id IS NOT NULL GROUP BY d.code"
                " ORDER BY 1, 8, 3";  /* departments in their reference order */
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        db_bind_scope(a, st, scope);
        sqlite3_bind_int(st, 1, campaign);
        db_bind_text_or_null(st, 3, category);
        size_t n = 0, alloc = 0;
        struct overview_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct overview_row *x = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                db_col_copy(st, 1, x->group, sizeof x->group);
                x->key = db_col_text(a, st, 2);
                x->name = db_col_text(a, st, 3);
                x->count = sqlite3_column_int64(st, 4);
                x->total_investment = sqlite3_column_int64(st, 5);
                x->non_construction_investment = sqlite3_column_int64(st, 6);
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}
