/* What an authority recommended, its recommendation packages, and the contacts of cities and
 * direct counties. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

/* What an authority recommended is a scope (authority_recommended_scope): the same conditions as
 * every list, with the campaign as ?4. */
#define Q_RECOMMENDED(w) \
        "SELECT a.id, a.status, a.category, a.project_name, n.name, a.nature," \
        " coalesce(json_extract(a.form, '$.unit.nature_other'), ''), coalesce(a.total_investment, -1)," \
        " a.start_month, a.end_month FROM applications a JOIN units n ON n.id = a.unit_id" \
        " WHERE a.campaign = ?4 AND" w " ORDER BY a.id"

static const char *const recommended_sql[] = {
        [SCOPE_UNIT] = Q_RECOMMENDED(W_UNIT),
        [SCOPE_REGION] = Q_RECOMMENDED(W_REGION),
        [SCOPE_DEPARTMENT] = Q_RECOMMENDED(W_DEPARTMENT),
        [SCOPE_CITY] = Q_RECOMMENDED(W_CITY),
        [SCOPE_ALL] = Q_RECOMMENDED(W_ALL),
};

int store_recommended_list(struct db *db, struct arena *a, int campaign, const struct app_scope *scope,
                           struct recommended_row **ret, size_t *ret_n)
{
        size_t n = 0, alloc = 0;
        struct recommended_row *v = NULL;
        if (scope->kind <= SCOPE_NONE || scope->kind > SCOPE_ALL) {
                *ret = NULL;
                *ret_n = 0;
                return 0;
        }
        sqlite3_stmt *st = db_prepare(db, recommended_sql[scope->kind]);
        if (!st)
                return -EIO;
        db_bind_scope(a, st, scope);
        sqlite3_bind_int(st, 4, campaign);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct recommended_row *x = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                x->id = sqlite3_column_int64(st, 0);
                db_col_copy(st, 1, x->status, sizeof x->status);
                x->category = db_col_text(a, st, 2);
                x->project_name = db_col_text(a, st, 3);
                x->unit_name = db_col_text(a, st, 4);
                x->nature = db_col_text(a, st, 5);
                x->nature_other = db_col_text(a, st, 6);
                x->total_investment = sqlite3_column_int64(st, 7);
                x->start_month = db_col_text(a, st, 8);
                x->end_month = db_col_text(a, st, 9);
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}

/* ---- packages ---- */

#define PACKAGE_COLUMNS \
        "p.id, p.campaign, p.authority_kind, coalesce(p.region_code, p.department_code), p.submitted_at," \
        " p.submitted_by, coalesce(u.name, ''), p.file_sha256, p.file_name, p.file_size, p.file_type," \
        " p.application_ids, p.counts FROM packages p LEFT JOIN users u ON u.id = p.submitted_by"

static void package_from_row(struct arena *a, sqlite3_stmt *st, struct package_row *p)
{
        p->id = sqlite3_column_int64(st, 0);
        p->campaign = sqlite3_column_int(st, 1);
        db_col_copy(st, 2, p->kind, sizeof p->kind);
        db_col_copy(st, 3, p->code, sizeof p->code);
        p->submitted_at = sqlite3_column_int64(st, 4);
        p->submitted_by = sqlite3_column_int64(st, 5);
        p->submitted_by_name = db_col_text(a, st, 6);
        db_col_copy(st, 7, p->sha256, sizeof p->sha256);
        p->file_name = db_col_text(a, st, 8);
        p->file_size = sqlite3_column_int64(st, 9);
        db_col_copy(st, 10, p->file_type, sizeof p->file_type);
        p->application_ids_json = db_col_text(a, st, 11);
        p->counts_json = db_col_text(a, st, 12);
}

int store_package_insert(struct db *db, const struct package_row *p, int64_t *ret_id)
{
        static const char sql[] =
                "INSERT INTO packages (campaign, authority_kind, region_code, department_code, submitted_at,"
                " submitted_by, file_sha256, file_name, file_size, file_type, application_ids, counts)"
                " VALUES (?1, ?2, CASE WHEN ?2 = 'region' THEN ?3 END, CASE WHEN ?2 = 'department' THEN ?3 END,"
                " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, p->campaign);
        sqlite3_bind_text(st, 2, p->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, p->code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, p->submitted_at);
        sqlite3_bind_int64(st, 5, p->submitted_by);
        sqlite3_bind_text(st, 6, p->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, p->file_name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, p->file_size);
        sqlite3_bind_text(st, 9, p->file_type, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, p->application_ids_json, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, p->counts_json, -1, SQLITE_STATIC);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0)
                *ret_id = sqlite3_last_insert_rowid(db->h);
        return r;
}

int store_package_list(struct db *db, struct arena *a, int campaign, struct package_row **ret, size_t *ret_n)
{
        static const char sql[] = "SELECT " PACKAGE_COLUMNS " WHERE p.campaign = ? ORDER BY p.id";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        size_t n = 0, alloc = 0;
        struct package_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                package_from_row(a, st, arena_push(a, (void **)&v, &n, &alloc, sizeof *v));
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}

int store_package_get(struct db *db, struct arena *a, int campaign, int64_t id, struct package_row *ret)
{
        static const char sql[] = "SELECT " PACKAGE_COLUMNS " WHERE p.campaign = ? AND p.id = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_int64(st, 2, id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                package_from_row(a, st, ret);
        db_done(st);
        return r;
}

int store_package_find(struct db *db, struct arena *a, int campaign, const char *kind, const char *code,
                       struct package_row *ret)
{
        static const char sql[] =
                "SELECT " PACKAGE_COLUMNS " WHERE p.campaign = ?1 AND p.authority_kind = ?2"
                " AND coalesce(p.region_code, p.department_code) = ?3";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                package_from_row(a, st, ret);
        db_done(st);
        return r;
}

/* ---- contacts ---- */

int store_contact_put(struct db *db, int campaign, const char *region_code, const char *name, const char *phone,
                      int64_t now, int64_t user_id)
{
        /* recorded_at stays the first time: a correction after the due date is not "late" */
        static const char sql[] =
                "INSERT INTO contacts (campaign, region_code, name, phone, recorded_at, updated_at, updated_by)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) ON CONFLICT (campaign, region_code) DO UPDATE SET"
                " name = excluded.name, phone = excluded.phone, updated_at = excluded.updated_at,"
                " updated_by = excluded.updated_by";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        sqlite3_bind_text(st, 2, region_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, phone, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, now);
        sqlite3_bind_int64(st, 6, user_id);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_contact_list(struct db *db, struct arena *a, int campaign, struct contact_row **ret, size_t *ret_n)
{
        static const char sql[] =
                "SELECT region_code, name, phone, recorded_at, updated_at, updated_by FROM contacts"
                " WHERE campaign = ? ORDER BY region_code";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, campaign);
        size_t n = 0, alloc = 0;
        struct contact_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct contact_row *c = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                db_col_copy(st, 0, c->region_code, sizeof c->region_code);
                c->name = db_col_text(a, st, 1);
                c->phone = db_col_text(a, st, 2);
                c->recorded_at = sqlite3_column_int64(st, 3);
                c->updated_at = sqlite3_column_int64(st, 4);
                c->updated_by = sqlite3_column_int64(st, 5);
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}
