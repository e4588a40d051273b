/* In-app notifications: inserted inside the caller's transaction, listed, counted and marked read
 * per account. */
#include <errno.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/arena.h"

static void bind_app_id(sqlite3_stmt *st, int idx, int64_t app_id)
{
        if (app_id > 0)
                sqlite3_bind_int64(st, idx, app_id);
        else
                sqlite3_bind_null(st, idx);
}

int store_notification_insert(struct db *db, int64_t user_id, int64_t at, const char *kind, int64_t app_id,
                              const char *title, const char *body, const char *once_key)
{
        /* a reminder's second insert (two requests at once) is ignored by the once index */
        static const char sql[] =
                "INSERT INTO notifications (user_id, at, kind, application_id, title, body, once_key)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                " ON CONFLICT (user_id, once_key) WHERE once_key IS NOT NULL DO NOTHING";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, at);
        sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
        bind_app_id(st, 4, app_id);
        sqlite3_bind_text(st, 5, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, body, -1, SQLITE_STATIC);
        db_bind_text_or_null(st, 7, once_key);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_notification_insert_reviewers(struct db *db, const char *region_code, const char *department_code,
                                        int64_t at, const char *kind, int64_t app_id, const char *title,
                                        const char *body)
{
        /* county and city reviewers hold a region, department reviewers a department (users' CHECKs) */
        static const char sql[] =
                "INSERT INTO notifications (user_id, at, kind, application_id, title, body)"
                " SELECT id, ?3, ?4, ?5, ?6, ?7 FROM users"
                " WHERE (?1 IS NOT NULL AND role IN ('county_reviewer', 'city_reviewer') AND region_code = ?1)"
                " OR (?2 IS NOT NULL AND role = 'department_reviewer' AND department_code = ?2)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        db_bind_text_or_null(st, 1, region_code);
        db_bind_text_or_null(st, 2, department_code);
        sqlite3_bind_int64(st, 3, at);
        sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
        bind_app_id(st, 5, app_id);
        sqlite3_bind_text(st, 6, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, body, -1, SQLITE_STATIC);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_notification_once_sent(struct db *db, int64_t user_id, const char *once_key, bool *ret)
{
        static const char sql[] = "SELECT 1 FROM notifications WHERE user_id = ?1 AND once_key = ?2";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_text(st, 2, once_key, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_result(db, rc);
        if (r == 0)
                *ret = rc == SQLITE_ROW;
        db_done(st);
        return r;
}

int store_notification_list(struct db *db, struct arena *a, int64_t user_id, bool unread_only, size_t offset,
                            size_t limit, struct notification_row **ret, size_t *ret_n, size_t *ret_total)
{
        static const char count_sql[] =
                "SELECT count(*) FROM notifications WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL)";
        static const char sql[] =
                "SELECT id, at, kind, coalesce(application_id, 0), title, body, coalesce(read_at, 0) FROM notifications"
                " WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?3 OFFSET ?4";
        sqlite3_stmt *st = db_prepare(db, count_sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int(st, 2, unread_only);
        int rc = sqlite3_step(st);
        size_t total = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
        int r = rc == SQLITE_ROW ? 0 : db_result(db, rc);
        db_done(st);
        if (r < 0)
                return r;
        st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int(st, 2, unread_only);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)offset);
        size_t n = 0, alloc = 0;
        struct notification_row *v = NULL;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct notification_row *x = arena_push(a, (void **)&v, &n, &alloc, sizeof *v);
                x->id = sqlite3_column_int64(st, 0);
                x->at = sqlite3_column_int64(st, 1);
                db_col_copy(st, 2, x->kind, sizeof x->kind);
                x->application_id = sqlite3_column_int64(st, 3);
                x->title = db_col_text(a, st, 4);
                x->body = db_col_text(a, st, 5);
                x->read_at = sqlite3_column_int64(st, 6);
        }
        r = rc == SQLITE_DONE ? 0 : db_result(db, rc);
        db_done(st);
        if (r == 0) {
                *ret = v;
                *ret_n = n;
                *ret_total = total;
        }
        return r;
}

int store_notification_unread(struct db *db, int64_t user_id, int64_t *ret)
{
        static const char sql[] = "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, user_id);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : db_result(db, rc);
        if (r == 0)
                *ret = sqlite3_column_int64(st, 0);
        db_done(st);
        return r;
}

int store_notification_mark_read(struct db *db, int64_t user_id, const char *ids_json, int64_t at)
{
        /* only the caller's own: someone else's ids are ignored, as are unknown ones */
        static const char sql[] =
                "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND read_at IS NULL"
                " AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2)))";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, user_id);
        db_bind_text_or_null(st, 2, ids_json);
        sqlite3_bind_int64(st, 3, at);
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}
