/* Server-side sessions: they live in the database, so they survive a restart and serve every node. */
#include <errno.h>

#include "store/sqlite_int.h"

static int run(struct db *db, sqlite3_stmt *st)
{
        int r = db_result(db, sqlite3_step(st));
        db_done(st);
        return r;
}

int store_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
                         int64_t now)
{
        static const char sql[] =
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, user_id);
        sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, now);
        return run(db, st);
}

int store_session_get(struct db *db, const char *token_hash, struct session_row *ret)
{
        static const char sql[] =
                "SELECT user_id, csrf_token, created_at, last_seen FROM sessions WHERE token_hash = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int r = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : db_result(db, rc);
        if (r == 0) {
                ret->user_id = sqlite3_column_int64(st, 0);
                db_col_copy(st, 1, ret->csrf, sizeof ret->csrf);
                ret->created_at = sqlite3_column_int64(st, 2);
                ret->last_seen = sqlite3_column_int64(st, 3);
        }
        db_done(st);
        return r;
}

int store_session_touch(struct db *db, const char *token_hash, int64_t now)
{
        static const char sql[] = "UPDATE sessions SET last_seen = ? WHERE token_hash = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_text(st, 2, token_hash, -1, SQLITE_STATIC);
        return run(db, st);
}

int store_session_delete(struct db *db, const char *token_hash)
{
        static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
        return run(db, st);
}

int store_session_purge(struct db *db, int64_t before)
{
        static const char sql[] = "DELETE FROM sessions WHERE last_seen < ?";
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
                return -EIO;
        sqlite3_bind_int64(st, 1, before);
        return run(db, st);
}
