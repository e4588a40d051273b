/* Regions, departments and campaign definitions. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

static void region_from_row(sqlite3_stmt *st, struct region *r)
{
        db_col_copy(st, 0, r->code, sizeof r->code);
        db_col_copy(st, 1, r->name, sizeof r->name);
        db_col_copy(st, 2, r->level, sizeof r->level);
        db_col_copy(st, 3, r->parent_code, sizeof r->parent_code);
        r->reports_to_province = sqlite3_column_int(st, 4) != 0;
}

int store_region_upsert(struct db *db, const struct region *r)
{
        static const char sql[] =
                "INSERT INTO regions (code, name, level, parent_code, reports_to_province) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
                " parent_code = excluded.parent_code, reports_to_province = excluded.reports_to_province";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, r->level, -1, SQLITE_STATIC);
        db_bind_text_or_null(st, 4, r->parent_code);
        sqlite3_bind_int(st, 5, r->reports_to_province);
        int rc = db_result(db, sqlite3_step(st));
        db_done(st);
        return rc;
}

int store_region_get(struct db *db, const char *code, struct region *ret)
{
        static const char sql[] =
                "SELECT code, name, level, parent_code, reports_to_province FROM regions WHERE code = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                region_from_row(st, ret);
        db_done(st);
        return r;
}

int store_region_list(struct db *db, struct arena *a, struct region **ret, size_t *ret_n)
{
        static const char sql[] =
                "SELECT code, name, level, parent_code, reports_to_province FROM regions ORDER BY code";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        size_t i = 0, alloc = 0;
        struct region *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                region_from_row(st, arena_push(a, (void **)&v, &i, &alloc, sizeof *v));
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = i;
        }
        return r;
}

int store_department_seed(struct db *db, const struct department *d)
{
        static const char sql[] =
                "INSERT INTO departments (code, name, active) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, d->active);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_department_insert(struct db *db, const struct department *d)
{
        static const char sql[] = "INSERT INTO departments (code, name, active) VALUES (?, ?, ?)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, d->active);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_department_update(struct db *db, const struct department *d)
{
        static const char sql[] = "UPDATE departments SET name = ?, active = ? WHERE code = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, d->active);
        sqlite3_bind_text(st, 3, d->code, -1, SQLITE_STATIC);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        if (r == 0 && sqlite3_changes(db->h) != 1)
                r = -ENOENT;
        return r;
}

int store_department_get(struct db *db, const char *code, struct department *ret)
{
        static const char sql[] = "SELECT code, name, active FROM departments WHERE code = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0) {
                db_col_copy(st, 0, ret->code, sizeof ret->code);
                db_col_copy(st, 1, ret->name, sizeof ret->name);
                ret->active = sqlite3_column_int(st, 2) != 0;
        }
        db_done(st);
        return r;
}

int store_department_list(struct db *db, struct arena *a, struct department **ret, size_t *ret_n)
{
        static const char sql[] = "SELECT code, name, active FROM departments ORDER BY rowid";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        size_t i = 0, alloc = 0;
        struct department *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct department *d = arena_push(a, (void **)&v, &i, &alloc, sizeof *v);
                db_col_copy(st, 0, d->code, sizeof d->code);
                db_col_copy(st, 1, d->name, sizeof d->name);
                d->active = sqlite3_column_int(st, 2) != 0;
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = i;
        }
        return r;
}

int store_campaign_upsert(struct db *db, int year, const char *title, const char *definition_json)
{
        static const char sql[] =
                "INSERT INTO campaigns (year, title, definition) VALUES (?, ?, ?)"
                " ON CONFLICT (year) DO UPDATE SET title = excluded.title, definition = excluded.definition";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, definition_json, -1, SQLITE_STATIC);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_campaign_get(struct db *db, struct arena *a, int year, char **ret_json)
{
        static const char sql[] = "SELECT definition FROM campaigns WHERE year = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int(st, 1, year);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0)
                *ret_json = db_col_text(a, st, 0);
        db_done(st);
        return r;
}

int store_campaign_list(struct db *db, struct arena *a, struct campaign_row **ret, size_t *ret_n)
{
        static const char sql[] = "SELECT year, definition FROM campaigns ORDER BY year DESC";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        size_t n = 0, alloc = 0;
        struct campaign_row *v = NULL;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct campaign_row *c = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                c->year = sqlite3_column_int(st, 0);
                c->definition_json = db_col_text(a, st, 1);
        }
        int r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
        }
        return r;
}
